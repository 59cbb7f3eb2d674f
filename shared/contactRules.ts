/**
 * The contact rules of collections (telecobro), as ONE pure function: an instant, the office's
 * calendar, the debtor's recent contacts and the channel's authorisation → allowed, or the rule it
 * breaks, in Spanish. The desk (before starting and when recording), the callbacks and the campaigns
 * ask here; nothing else decides.
 *
 * The rules per country come from resources/tables/contact-rules.json (with their sources); the
 * administrator's edits replace them (stored by the back office, passed in as `rules`).
 *
 * Readings taken here (stated so they can be checked):
 * - an incoming contact (the debtor calls or writes) is always allowed and never counts against the
 *   daily or weekly limits: the laws limit the collector contacting the debtor;
 * - "a day" and "a week" are the calendar day and the calendar week (Monday to Sunday) in the
 *   company's time zone;
 * - a window includes both ends to the minute: 19:00 is inside "7:00–19:00", 19:01 is not;
 * - the holidays are the office calendar's non-business days (national holidays and the office's own
 *   closures); Saturdays and Sundays are governed by the windows, not by the office's Saturday setting.
 */
import { z } from 'zod';
import table from '../resources/tables/contact-rules.json';
import { formatDate, type IsoDate } from './dates';

export const CONTACT_CHANNELS = ['llamada', 'sms', 'whatsapp', 'correo'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const CONTACT_DIRECTIONS = ['saliente', 'entrante'] as const;
export type ContactDirection = (typeof CONTACT_DIRECTIONS)[number];
/** who a phone or e-mail belongs to */
export const RELATIONS = ['titular', 'codeudor', 'garante', 'referencia', 'tercero'] as const;
export type Relation = (typeof RELATIONS)[number];
export const RULE_COUNTRIES = ['CO', 'EC', 'CR'] as const;
export type RuleCountry = (typeof RULE_COUNTRIES)[number];

export const CHANNEL_LABELS: Record<ContactChannel, string> = { llamada: 'llamada', sms: 'SMS', whatsapp: 'WhatsApp', correo: 'correo electrónico' };
export const RELATION_LABELS: Record<Relation, string> = { titular: 'titular (deudor)', codeudor: 'codeudor', garante: 'garante', referencia: 'referencia', tercero: 'tercero' };
const DAY_NAMES = ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'];
const DAY_PLURALS = ['los domingos', 'los lunes', 'los martes', 'los miércoles', 'los jueves', 'los viernes', 'los sábados'];

const hhmm = z.string().max(5).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Hora inválida (use HH:MM, de 00:00 a 23:59)' });

export const contactWindowSchema = z
  .strictObject({
    days: z.array(z.number().int().min(0).max(6)).min(1, { message: 'Elija al menos un día' }).max(7),
    from: hhmm,
    to: hhmm,
  })
  .refine((w) => w.from < w.to, { message: 'La hora de inicio debe ser anterior a la hora final', path: ['to'] });

export const contactRulesSchema = z.strictObject({
  country: z.enum(RULE_COUNTRIES),
  name: z.string().trim().min(1).max(60),
  /** false: the values are a starting point nobody has checked against the law */
  verified: z.boolean(),
  /** the law, short: shown in every refusal */
  source: z.string().trim().min(1, { message: 'Obligatorio' }).max(200),
  sourceDetail: z.string().trim().max(2000),
  windows: z.array(contactWindowSchema).max(7),
  /** never on the office calendar's holidays */
  noHolidays: z.boolean(),
  daily: z.strictObject({
    max: z.number().int().min(1).max(20),
    per: z.enum(['deudor', 'canal']),
    counts: z.enum(['directos', 'intentos']),
  }),
  /** after a direct contact, no other channel in the same calendar week */
  singleChannelWeekAfterDirect: z.boolean(),
  /** only channels the debtor authorised for collections (Ley 1581 de 2012) */
  authorisedChannelsOnly: z.boolean(),
  /** whom the collector may contact */
  relations: z.array(z.enum(RELATIONS)).min(1, { message: 'Elija al menos a quién se puede contactar' }).max(RELATIONS.length),
});
export type ContactRules = z.infer<typeof contactRulesSchema>;

/** the table's defaults for a country */
export function defaultContactRules(country: RuleCountry): ContactRules {
  const { _about: _, ...byCountry } = table;
  return contactRulesSchema.parse(byCountry[country]);
}

/** The phone or e-mail used, as the back office knows it; null when the contact has none on record. */
export interface ContactTarget {
  relation: Relation;
  /** the channels the holder authorised for this datum (none: no authorisation recorded) */
  authorisedChannels: readonly ContactChannel[];
  /** the purposes authorised ('cobranza', 'notificaciones', …) */
  purposes: readonly string[];
}

export interface PastContact {
  /** ISO instant */
  at: string;
  channel: ContactChannel;
  direction: ContactDirection;
  /** it reached the debtor (an effective outcome) */
  direct: boolean;
}

export interface ContactAttempt {
  /** ISO instant, or a Date */
  at: string | Date;
  direction: ContactDirection;
  channel: ContactChannel;
  target: ContactTarget | null;
}

export interface ContactCalendar {
  timeZone: string;
  /** the office's non-business days of the dates concerned, with their names */
  holidays: ReadonlyMap<IsoDate, string>;
}

export type RuleCode = 'solo_deudor' | 'canal_no_autorizado' | 'festivo' | 'dia' | 'horario' | 'diario' | 'semanal';

export type ContactVerdict = { allowed: true; message: string } | { allowed: false; rule: RuleCode; message: string };

/** the local calendar date, weekday and minute of an instant in a time zone */
export interface LocalTime {
  date: IsoDate;
  weekday: number;
  minutes: number;
  /** 'HH:MM' */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function localTime(at: string | Date, timeZone: string): LocalTime {
  const date = typeof at === 'string' ? new Date(at) : at;
  const parts = partsFormatter(timeZone).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const hour = Number(part('hour'));
  const minute = Number(part('minute'));
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    weekday: WEEKDAYS[part('weekday')] ?? 0,
    minutes: hour * 60 + minute,
    time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
  };
}

/**
 * The UTC instant of a wall-clock time in a time zone ('2026-03-09', '10:30', 'America/Bogota' →
 * '2026-03-09T15:30:00.000Z'). Two passes settle a zone whose offset changes that day.
 */
export function zonedInstant(date: IsoDate, time: string, timeZone: string): string {
  const wanted = Date.parse(`${date}T${time}:00Z`);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const local = localTime(new Date(guess), timeZone);
    const seen = Date.parse(`${local.date}T${local.time}:00Z`);
    guess += wanted - seen;
  }
  return new Date(guess).toISOString();
}

/** the Monday of the calendar week of a date */
export function weekStart(date: IsoDate): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - back);
  return d.toISOString().slice(0, 10);
}

const WHOSE: Record<Relation, string> = { titular: 'del titular', codeudor: 'del codeudor', garante: 'del garante', referencia: 'de una referencia', tercero: 'de un tercero' };
const WHOM: Record<Relation, string> = { titular: 'al deudor', codeudor: 'al codeudor', garante: 'al garante', referencia: 'a las referencias', tercero: 'a terceros' };
function joinOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} o ${items[items.length - 1]}`;
}

const toMinutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
const clock = (hm: string) => (hm.startsWith('0') ? hm.slice(1) : hm);

function windowsText(rules: ContactRules): string {
  if (rules.windows.length === 0) return 'ningún día';
  return rules.windows
    .map((w) => {
      const days = [...w.days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
      const contiguous = days.every((d, i) => i === 0 || d === ((days[i - 1] + 1) % 7));
      const names = days.length > 2 && contiguous ? `de ${DAY_NAMES[days[0]]} a ${DAY_NAMES[days[days.length - 1]]}` : days.map((d) => DAY_PLURALS[d]).join(', ');
      return `${names} de ${clock(w.from)} a ${clock(w.to)}`;
    })
    .join(' y ');
}

/** "Se puede contactar de lunes a viernes de 7:00 a 19:00 y los sábados de 8:00 a 15:00" */
export function describeWindows(rules: ContactRules): string {
  return `Se puede contactar ${windowsText(rules)}${rules.noHolidays ? ', nunca en festivos' : ''}`;
}

/**
 * Days and hours only (what a callback's time must respect): the holiday, the day of the week and
 * the window of the instant. Null when the instant is inside the rules.
 */
export function checkInstant(rules: ContactRules, at: string | Date, calendar: ContactCalendar): { rule: RuleCode; message: string } | null {
  const local = localTime(at, calendar.timeZone);
  const law = ` (${rules.source})`;
  const holiday = calendar.holidays.get(local.date);
  if (rules.noHolidays && holiday !== undefined)
    return { rule: 'festivo', message: `El ${formatDate(local.date)} es festivo (${holiday}): ese día no se contacta a los deudores${law}.` };
  const windows = rules.windows.filter((w) => w.days.includes(local.weekday));
  if (windows.length === 0) return { rule: 'dia', message: `${capitalize(DAY_PLURALS[local.weekday])} no se contacta a los deudores. ${describeWindows(rules)}${law}.` };
  const inside = windows.some((w) => local.minutes >= toMinutes(w.from) && local.minutes <= toMinutes(w.to));
  if (!inside) {
    const hours = windows.map((w) => `de ${clock(w.from)} a ${clock(w.to)}`).join(' y ');
    return { rule: 'horario', message: `Fuera del horario de contacto: el ${DAY_NAMES[local.weekday]} se puede contactar ${hours} y la hora es ${clock(local.time)}${law}.` };
  }
  return null;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * May this contact happen now? Incoming contacts always may. An outgoing one must be with someone the
 * rules allow (the debtor), through a channel the holder authorised for collections, on an allowed day
 * and hour, within the daily limit, and — after a direct contact this week — on that same channel.
 */
export function checkContact(rules: ContactRules, attempt: ContactAttempt, calendar: ContactCalendar, recent: readonly PastContact[]): ContactVerdict {
  if (attempt.direction === 'entrante') return { allowed: true, message: 'Contacto entrante: siempre se puede atender.' };
  const law = ` (${rules.source})`;
  const channel = CHANNEL_LABELS[attempt.channel];
  const target = attempt.target;
  if (target && !rules.relations.includes(target.relation))
    return { allowed: false, rule: 'solo_deudor', message: `Ese dato es ${WHOSE[target.relation]}: solo se puede contactar ${joinOr(rules.relations.map((r) => WHOM[r]))}${law}.` };
  if (rules.authorisedChannelsOnly) {
    if (!target || target.authorisedChannels.length === 0) return { allowed: false, rule: 'canal_no_autorizado', message: `No hay autorización registrada para contactar por ${channel} a ese dato: registre primero la autorización del titular (Ley 1581 de 2012)${law}.` };
    if (!target.authorisedChannels.includes(attempt.channel) || !target.purposes.includes('cobranza'))
      return {
        allowed: false,
        rule: 'canal_no_autorizado',
        message: `El titular no autorizó ${channel === 'llamada' ? 'llamadas' : `el ${channel}`} para cobranza en ese dato: solo se usan los canales autorizados (Ley 1581 de 2012)${law}.`,
      };
  }
  const instant = checkInstant(rules, attempt.at, calendar);
  if (instant) return { allowed: false, ...instant };

  const now = localTime(attempt.at, calendar.timeZone);
  const outgoing = recent.filter((c) => c.direction === 'saliente').map((c) => ({ ...c, local: localTime(c.at, calendar.timeZone) }));
  const today = outgoing.filter((c) => c.local.date === now.date && (rules.daily.counts === 'intentos' || c.direct) && (rules.daily.per === 'deudor' || c.channel === attempt.channel));
  if (today.length >= rules.daily.max) {
    const last = today[today.length - 1];
    const what = rules.daily.counts === 'directos' ? 'contacto directo' : 'contacto';
    const scope = rules.daily.per === 'canal' ? ` por ${channel}` : '';
    const limit = rules.daily.max === 1 ? `un ${what} al día${scope}` : `${rules.daily.max} contactos al día${scope}`;
    return { allowed: false, rule: 'diario', message: `Hoy ya hubo ${today.length === 1 ? `un ${what}` : `${today.length} contactos`}${scope} con el deudor (a las ${clock(last.local.time)}${rules.daily.per === 'deudor' ? `, por ${CHANNEL_LABELS[last.channel]}` : ''}): se permite ${limit}${law}.` };
  }
  if (rules.singleChannelWeekAfterDirect) {
    const monday = weekStart(now.date);
    const direct = outgoing.filter((c) => c.direct && c.local.date >= monday && c.local.date <= now.date);
    const other = direct.find((c) => c.channel !== attempt.channel);
    if (other)
      return {
        allowed: false,
        rule: 'semanal',
        message: `El ${formatDate(other.local.date)} hubo un contacto directo por ${CHANNEL_LABELS[other.channel]}: en la misma semana no se usan otros canales (esta vez, ${channel})${law}.`,
      };
  }
  return { allowed: true, message: `Permitido: ${describeWindows(rules).charAt(0).toLowerCase()}${describeWindows(rules).slice(1)}.` };
}
