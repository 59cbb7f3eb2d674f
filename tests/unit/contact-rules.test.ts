/**
 * The contact rules (shared/contactRules.ts) with hand-picked instants, for Colombia (Ley 2300 de
 * 2023) and Ecuador (LODC art. 49, 2022). Bogotá and Guayaquil are UTC−5 all year, so 10:00 local is
 * 15:00Z. The calendar of March 2026 (checked against a printed one):
 *   Sunday 8 · Monday 9 · Tuesday 10 · Saturday 14 · Monday 23 (San José, moved from Thursday 19).
 */
import { describe, expect, it } from 'vitest';
import { checkContact, checkInstant, contactRulesSchema, defaultContactRules, describeWindows, localTime, weekStart, zonedInstant, type ContactAttempt, type ContactCalendar, type PastContact } from '../../shared/contactRules';

const CO = defaultContactRules('CO');
const EC = defaultContactRules('EC');
const CR = defaultContactRules('CR');
const calendar: ContactCalendar = { timeZone: 'America/Bogota', holidays: new Map([['2026-03-23', 'San José']]) };
const ecCalendar: ContactCalendar = { timeZone: 'America/Guayaquil', holidays: new Map([['2026-02-16', 'Carnaval']]) };

const debtorPhone = { relation: 'titular' as const, authorisedChannels: ['llamada', 'sms', 'whatsapp'] as const, purposes: ['cobranza'] };
/** an outgoing call to the debtor's authorised phone at a local time of Bogotá */
const call = (local: string, over: Partial<ContactAttempt> = {}): ContactAttempt => ({
  at: zonedInstant(local.slice(0, 10), local.slice(11, 16), 'America/Bogota'),
  direction: 'saliente',
  channel: 'llamada',
  target: { ...debtorPhone, authorisedChannels: [...debtorPhone.authorisedChannels] },
  ...over,
});
const past = (local: string, channel: PastContact['channel'], direct: boolean, direction: PastContact['direction'] = 'saliente'): PastContact => ({
  at: zonedInstant(local.slice(0, 10), local.slice(11, 16), 'America/Bogota'),
  channel,
  direction,
  direct,
});

describe('time in the company zone', () => {
  it('turns a wall-clock time into its instant and back', () => {
    expect(zonedInstant('2026-03-09', '10:00', 'America/Bogota')).toBe('2026-03-09T15:00:00.000Z');
    expect(localTime('2026-03-10T00:30:00Z', 'America/Bogota')).toEqual({ date: '2026-03-09', weekday: 1, minutes: 19 * 60 + 30, time: '19:30' });
    expect(weekStart('2026-03-14')).toBe('2026-03-09');
    expect(weekStart('2026-03-09')).toBe('2026-03-09');
    expect(weekStart('2026-03-08')).toBe('2026-03-02');
  });
});

describe('Colombia, Ley 2300 de 2023', () => {
  it('allows a call to the debtor on a Monday at 10:00', () => {
    const verdict = checkContact(CO, call('2026-03-09 10:00'), calendar, []);
    expect(verdict.allowed).toBe(true);
  });

  it('refuses Sunday', () => {
    expect(checkContact(CO, call('2026-03-08 10:00'), calendar, [])).toEqual({
      allowed: false,
      rule: 'dia',
      message:
        'Los domingos no se contacta a los deudores. Se puede contactar de lunes a viernes de 7:00 a 19:00 y los sábados de 8:00 a 15:00, nunca en festivos (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
  });

  it('refuses a Monday holiday (San José, 23 March 2026) even at 10:00', () => {
    expect(checkContact(CO, call('2026-03-23 10:00'), calendar, [])).toEqual({
      allowed: false,
      rule: 'festivo',
      message: 'El 23/03/2026 es festivo (San José): ese día no se contacta a los deudores (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
  });

  it('refuses Monday 19:05 and allows Monday 19:00 and 7:00', () => {
    expect(checkContact(CO, call('2026-03-09 19:05'), calendar, [])).toEqual({
      allowed: false,
      rule: 'horario',
      message: 'Fuera del horario de contacto: el lunes se puede contactar de 7:00 a 19:00 y la hora es 19:05 (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
    expect(checkContact(CO, call('2026-03-09 19:00'), calendar, []).allowed).toBe(true);
    expect(checkContact(CO, call('2026-03-09 07:00'), calendar, []).allowed).toBe(true);
    expect(checkContact(CO, call('2026-03-09 06:59'), calendar, []).allowed).toBe(false);
  });

  it('refuses Saturday 15:01 and allows Saturday 15:00', () => {
    expect(checkContact(CO, call('2026-03-14 15:01'), calendar, [])).toEqual({
      allowed: false,
      rule: 'horario',
      message: 'Fuera del horario de contacto: el sábado se puede contactar de 8:00 a 15:00 y la hora es 15:01 (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
    expect(checkContact(CO, call('2026-03-14 15:00'), calendar, []).allowed).toBe(true);
  });

  it('refuses a second contact on the same day after a direct contact, and allows it the next day', () => {
    const morning = [past('2026-03-09 09:15', 'llamada', true)];
    expect(checkContact(CO, call('2026-03-09 16:00'), calendar, morning)).toEqual({
      allowed: false,
      rule: 'diario',
      message: 'Hoy ya hubo un contacto directo con el deudor (a las 9:15, por llamada): se permite un contacto directo al día (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
    expect(checkContact(CO, call('2026-03-10 09:15'), calendar, morning).allowed).toBe(true);
  });

  it('counts only direct outgoing contacts: an unanswered call or an incoming call leaves the day open', () => {
    const noAnswer = [past('2026-03-09 09:15', 'llamada', false), past('2026-03-09 11:00', 'llamada', true, 'entrante')];
    expect(checkContact(CO, call('2026-03-09 16:00'), calendar, noAnswer).allowed).toBe(true);
  });

  it('refuses a second channel in the same week after a direct contact; the same channel is fine', () => {
    const monday = [past('2026-03-09 10:00', 'llamada', true)];
    expect(checkContact(CO, call('2026-03-11 10:00', { channel: 'whatsapp' }), calendar, monday)).toEqual({
      allowed: false,
      rule: 'semanal',
      message: 'El 09/03/2026 hubo un contacto directo por llamada: en la misma semana no se usan otros canales (esta vez, WhatsApp) (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
    expect(checkContact(CO, call('2026-03-11 10:00'), calendar, monday).allowed).toBe(true);
    // the next week (Monday 16) starts clean
    expect(checkContact(CO, call('2026-03-16 10:00', { channel: 'whatsapp' }), calendar, monday).allowed).toBe(true);
  });

  it('refuses a channel the debtor did not authorise, and a number with no authorisation at all', () => {
    const onlyCalls = { relation: 'titular' as const, authorisedChannels: ['llamada' as const], purposes: ['cobranza'] };
    expect(checkContact(CO, call('2026-03-09 10:00', { channel: 'sms', target: onlyCalls }), calendar, [])).toEqual({
      allowed: false,
      rule: 'canal_no_autorizado',
      message: 'El titular no autorizó el SMS para cobranza en ese dato: solo se usan los canales autorizados (Ley 1581 de 2012) (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
    const notForCollections = { relation: 'titular' as const, authorisedChannels: ['llamada' as const], purposes: ['notificaciones'] };
    expect(checkContact(CO, call('2026-03-09 10:00', { target: notForCollections }), calendar, [])).toMatchObject({ allowed: false, rule: 'canal_no_autorizado' });
    expect(checkContact(CO, call('2026-03-09 10:00', { target: null }), calendar, [])).toEqual({
      allowed: false,
      rule: 'canal_no_autorizado',
      message:
        'No hay autorización registrada para contactar por llamada a ese dato: registre primero la autorización del titular (Ley 1581 de 2012) (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
  });

  it('refuses a reference: only the debtor', () => {
    const reference = { relation: 'referencia' as const, authorisedChannels: ['llamada' as const], purposes: ['cobranza'] };
    expect(checkContact(CO, call('2026-03-09 10:00', { target: reference }), calendar, [])).toEqual({
      allowed: false,
      rule: 'solo_deudor',
      message: 'Ese dato es de una referencia: solo se puede contactar al deudor (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
  });

  it('always allows an incoming contact, even on a Sunday night after a direct contact', () => {
    const verdict = checkContact(CO, call('2026-03-08 22:00', { direction: 'entrante', target: null }), calendar, [past('2026-03-08 09:00', 'llamada', true)]);
    expect(verdict).toEqual({ allowed: true, message: 'Contacto entrante: siempre se puede atender.' });
  });

  it('checks a callback time by day and hour only', () => {
    expect(checkInstant(CO, zonedInstant('2026-03-23', '10:00', 'America/Bogota'), calendar)?.rule).toBe('festivo');
    expect(checkInstant(CO, zonedInstant('2026-03-10', '10:00', 'America/Bogota'), calendar)).toBeNull();
  });
});

describe('Ecuador, LODC art. 49 (2022)', () => {
  const ecCall = (local: string, over: Partial<ContactAttempt> = {}): ContactAttempt => ({ ...call(local, over), at: zonedInstant(local.slice(0, 10), local.slice(11, 16), 'America/Guayaquil') });
  const ecPast = (local: string, channel: PastContact['channel'], direct: boolean): PastContact => ({
    at: zonedInstant(local.slice(0, 10), local.slice(11, 16), 'America/Guayaquil'),
    channel,
    direction: 'saliente',
    direct,
  });

  it('allows Monday to Friday until 20:00: Monday 19:05 is inside, 20:01 is not', () => {
    expect(checkContact(EC, ecCall('2026-03-09 19:05'), ecCalendar, []).allowed).toBe(true);
    expect(checkContact(EC, ecCall('2026-03-09 20:01'), ecCalendar, [])).toEqual({
      allowed: false,
      rule: 'horario',
      message: 'Fuera del horario de contacto: el lunes se puede contactar de 7:00 a 20:00 y la hora es 20:01 (Ley Orgánica de Defensa del Consumidor, art. 49 (reforma de 2022)).',
    });
  });

  it('refuses Saturday (any hour) and Sunday', () => {
    expect(checkContact(EC, ecCall('2026-03-14 10:00'), ecCalendar, [])).toEqual({
      allowed: false,
      rule: 'dia',
      message: 'Los sábados no se contacta a los deudores. Se puede contactar de lunes a viernes de 7:00 a 20:00, nunca en festivos (Ley Orgánica de Defensa del Consumidor, art. 49 (reforma de 2022)).',
    });
    expect(checkContact(EC, ecCall('2026-03-08 10:00'), ecCalendar, [])).toMatchObject({ allowed: false, rule: 'dia' });
  });

  it('refuses a Monday holiday (Carnaval, 16 February 2026)', () => {
    expect(checkContact(EC, ecCall('2026-02-16 10:00'), ecCalendar, [])).toMatchObject({ allowed: false, rule: 'festivo' });
  });

  it('allows one contact a day per channel: a second call the same day is refused (even unanswered), an SMS is not', () => {
    const morning = [ecPast('2026-03-09 09:00', 'llamada', false)];
    expect(checkContact(EC, ecCall('2026-03-09 15:00'), ecCalendar, morning)).toEqual({
      allowed: false,
      rule: 'diario',
      message: 'Hoy ya hubo un contacto por llamada con el deudor (a las 9:00): se permite un contacto al día por llamada (Ley Orgánica de Defensa del Consumidor, art. 49 (reforma de 2022)).',
    });
    expect(checkContact(EC, ecCall('2026-03-09 15:00', { channel: 'sms' }), ecCalendar, morning).allowed).toBe(true);
  });

  it('has no weekly single-channel rule: a second channel in the same week is fine', () => {
    expect(checkContact(EC, ecCall('2026-03-11 10:00', { channel: 'whatsapp' }), ecCalendar, [ecPast('2026-03-09 10:00', 'llamada', true)]).allowed).toBe(true);
  });

  it('allows the co-debtor and the guarantor, never a reference; an unauthorised channel is refused', () => {
    const guarantor = { relation: 'garante' as const, authorisedChannels: ['llamada' as const], purposes: ['cobranza'] };
    expect(checkContact(EC, ecCall('2026-03-09 10:00', { target: guarantor }), ecCalendar, []).allowed).toBe(true);
    const reference = { ...guarantor, relation: 'referencia' as const };
    expect(checkContact(EC, ecCall('2026-03-09 10:00', { target: reference }), ecCalendar, [])).toEqual({
      allowed: false,
      rule: 'solo_deudor',
      message: 'Ese dato es de una referencia: solo se puede contactar al deudor, al codeudor o al garante (Ley Orgánica de Defensa del Consumidor, art. 49 (reforma de 2022)).',
    });
    expect(checkContact(EC, ecCall('2026-03-09 10:00', { channel: 'correo', target: guarantor }), ecCalendar, [])).toMatchObject({ allowed: false, rule: 'canal_no_autorizado' });
  });
});

describe('Costa Rica', () => {
  it('starts from the Colombian values and is marked unverified', () => {
    expect(CR.verified).toBe(false);
    expect(describeWindows(CR)).toBe(describeWindows(CO));
    expect(CR.source).toMatch(/sin verificar/);
  });
});

/**
 * The rules as an administrator may edit them (Administración › Cobranza): windows on the half hour,
 * two windows the same day, days given in any order, a higher daily limit, no holiday rule. Each case
 * below was counted by hand against the March 2026 calendar above (Monday 9 … Sunday 15).
 */
describe('rules edited by the administrator', () => {
  const edited = (over: Partial<typeof CO>): typeof CO => ({ ...CO, ...over });

  it('honours a window on the half hour: 7:30–18:45 lets 7:30 and 18:45 in, not 7:29 nor 18:46', () => {
    // 7:30 = 450 minutes, 18:45 = 1125 minutes; both ends are inside
    const rules = edited({ windows: [{ days: [1, 2, 3, 4, 5], from: '07:30', to: '18:45' }] });
    expect(checkInstant(rules, call('2026-03-09 07:30').at, calendar)).toBeNull();
    expect(checkInstant(rules, call('2026-03-09 18:45').at, calendar)).toBeNull();
    expect(checkInstant(rules, call('2026-03-09 07:29').at, calendar)).toEqual({
      rule: 'horario',
      message: 'Fuera del horario de contacto: el lunes se puede contactar de 7:30 a 18:45 y la hora es 7:29 (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
    expect(checkInstant(rules, call('2026-03-09 18:46').at, calendar)?.rule).toBe('horario');
  });

  it('with a lunch break (7:00–12:00 and 14:00–19:00 on Monday) allows 10:00 and 15:00 and refuses 13:00 naming both windows', () => {
    const rules = edited({
      windows: [
        { days: [1], from: '07:00', to: '12:00' },
        { days: [1], from: '14:00', to: '19:00' },
      ],
    });
    expect(checkContact(rules, call('2026-03-09 10:00'), calendar, []).allowed).toBe(true);
    expect(checkContact(rules, call('2026-03-09 15:00'), calendar, []).allowed).toBe(true);
    expect(checkContact(rules, call('2026-03-09 13:00'), calendar, [])).toEqual({
      allowed: false,
      rule: 'horario',
      message: 'Fuera del horario de contacto: el lunes se puede contactar de 7:00 a 12:00 y de 14:00 a 19:00 y la hora es 13:00 (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
  });

  it('names the days of a window in week order (Monday first, Sunday last), as a range only when three or more follow each other', () => {
    const text = (days: number[]) => describeWindows(edited({ noHolidays: false, windows: [{ days, from: '08:00', to: '12:00' }] }));
    // given out of order: Friday, Monday, Wednesday, Tuesday, Thursday → Monday to Friday
    expect(text([5, 1, 3, 2, 4])).toBe('Se puede contactar de lunes a viernes de 8:00 a 12:00');
    // Sunday (0) goes after Saturday (6): Friday, Saturday, Sunday follow each other
    expect(text([0, 6, 5])).toBe('Se puede contactar de viernes a domingo de 8:00 a 12:00');
    // Monday, Wednesday, Friday do not follow each other
    expect(text([1, 3, 5])).toBe('Se puede contactar los lunes, los miércoles, los viernes de 8:00 a 12:00');
    // two days are named one by one, even when they follow each other
    expect(text([2, 1])).toBe('Se puede contactar los lunes, los martes de 8:00 a 12:00');
    // one day
    expect(text([6])).toBe('Se puede contactar los sábados de 8:00 a 12:00');
  });

  it('with no window at all refuses every day and says so', () => {
    const rules = edited({ windows: [] });
    expect(describeWindows(rules)).toBe('Se puede contactar ningún día, nunca en festivos');
    expect(checkContact(rules, call('2026-03-10 10:00'), calendar, [])).toEqual({
      allowed: false,
      rule: 'dia',
      message: 'Los martes no se contacta a los deudores. Se puede contactar ningún día, nunca en festivos (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
  });

  it('without the holiday rule, a Monday holiday follows the Monday window', () => {
    const rules = edited({ noHolidays: false });
    expect(describeWindows(rules)).toBe('Se puede contactar de lunes a viernes de 7:00 a 19:00 y los sábados de 8:00 a 15:00');
    expect(checkContact(rules, call('2026-03-23 10:00'), calendar, []).allowed).toBe(true);
  });

  it('without the authorised-channels rule, a number with no authorisation may be called', () => {
    const rules = edited({ authorisedChannelsOnly: false });
    expect(checkContact(rules, call('2026-03-09 10:00', { target: null }), calendar, []).allowed).toBe(true);
    const unauthorised = { relation: 'titular' as const, authorisedChannels: [], purposes: [] };
    expect(checkContact(rules, call('2026-03-09 10:00', { target: unauthorised }), calendar, []).allowed).toBe(true);
  });

  it('with two contacts a day, the third is refused naming both and the limit', () => {
    // Monday 9: a direct SMS at 9:00 and a direct call at 11:00 (per debtor: both count) → the 16:00 call is the third
    const rules = edited({ daily: { max: 2, per: 'deudor', counts: 'directos' }, singleChannelWeekAfterDirect: false });
    const two = [past('2026-03-09 09:00', 'sms', true), past('2026-03-09 11:00', 'llamada', true)];
    expect(checkContact(rules, call('2026-03-09 16:00'), calendar, two)).toEqual({
      allowed: false,
      rule: 'diario',
      message: 'Hoy ya hubo 2 contactos con el deudor (a las 11:00, por llamada): se permite 2 contactos al día (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
    // only one of them so far: the call is the second, allowed
    expect(checkContact(rules, call('2026-03-09 16:00'), calendar, two.slice(0, 1)).allowed).toBe(true);
  });

  it('refuses another channel the same day as a direct contact when two a day are allowed', () => {
    // Monday 9: a direct call at 9:00; the daily limit (2) leaves room, the week is bound to calls
    const rules = edited({ daily: { max: 2, per: 'deudor', counts: 'directos' } });
    expect(checkContact(rules, call('2026-03-09 15:00', { channel: 'whatsapp' }), calendar, [past('2026-03-09 09:00', 'llamada', true)])).toEqual({
      allowed: false,
      rule: 'semanal',
      message: 'El 09/03/2026 hubo un contacto directo por llamada: en la misma semana no se usan otros canales (esta vez, WhatsApp) (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
  });
});

describe('Colombia, more cases counted by hand', () => {
  it('counts every channel together per debtor: a direct SMS in the morning closes the day for a call', () => {
    expect(checkContact(CO, call('2026-03-09 16:00'), calendar, [past('2026-03-09 08:30', 'sms', true)])).toEqual({
      allowed: false,
      rule: 'diario',
      message: 'Hoy ya hubo un contacto directo con el deudor (a las 8:30, por SMS): se permite un contacto directo al día (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
  });

  it('a direct contact recorded later in the week does not bind the days before it', () => {
    // checking Monday 9 at 10:00 by WhatsApp; the direct call is on Wednesday 11, after that Monday
    expect(checkContact(CO, call('2026-03-09 10:00', { channel: 'whatsapp' }), calendar, [past('2026-03-11 10:00', 'llamada', true)]).allowed).toBe(true);
  });

  it('names calls in the plural when the debtor did not authorise them, and refuses a datum with an empty authorisation', () => {
    const onlySms = { relation: 'titular' as const, authorisedChannels: ['sms' as const], purposes: ['cobranza'] };
    expect(checkContact(CO, call('2026-03-09 10:00', { target: onlySms }), calendar, [])).toEqual({
      allowed: false,
      rule: 'canal_no_autorizado',
      message: 'El titular no autorizó llamadas para cobranza en ese dato: solo se usan los canales autorizados (Ley 1581 de 2012) (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
    const none = { relation: 'titular' as const, authorisedChannels: [], purposes: ['cobranza'] };
    expect(checkContact(CO, call('2026-03-09 10:00', { channel: 'correo', target: none }), calendar, [])).toEqual({
      allowed: false,
      rule: 'canal_no_autorizado',
      message:
        'No hay autorización registrada para contactar por correo electrónico a ese dato: registre primero la autorización del titular (Ley 1581 de 2012) (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
  });

  it('says what is allowed when it allows', () => {
    expect(checkContact(CO, call('2026-03-09 10:00'), calendar, [])).toEqual({
      allowed: true,
      message: 'Permitido: se puede contactar de lunes a viernes de 7:00 a 19:00 y los sábados de 8:00 a 15:00, nunca en festivos.',
    });
  });
});

/** What the administrator's form refuses (contactRulesSchema), with the Spanish message shown under the field. */
describe('editing the rules: what is refused', () => {
  const issues = (over: Record<string, unknown>) => {
    const parsed = contactRulesSchema.safeParse({ ...CO, ...over });
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  const window = (w: Record<string, unknown>) => issues({ windows: [{ days: [1], from: '07:00', to: '19:00', ...w }] });

  it('accepts the table of every country as it is', () => {
    expect(issues({})).toEqual([]);
    expect(contactRulesSchema.safeParse(EC).success).toBe(true);
  });

  it('takes hours as HH:MM from 00:00 to 23:59 only', () => {
    const bad = 'Hora inválida (use HH:MM, de 00:00 a 23:59)';
    expect(window({ from: '00:00', to: '23:59' })).toEqual([]);
    // '7:00' also reads as later than '19:00' (compared as text), so the form shows that too
    expect(window({ from: '7:00' })).toContain(`windows.0.from: ${bad}`);
    expect(window({ to: '24:00' })).toEqual([`windows.0.to: ${bad}`]);
    expect(window({ to: '19:60' })).toEqual([`windows.0.to: ${bad}`]);
    expect(window({ to: '19:0a' })).toEqual([`windows.0.to: ${bad}`]);
    expect(window({ to: '2a:00' })).toEqual([`windows.0.to: ${bad}`]);
    expect(window({ from: 'x07:00' })).toContain(`windows.0.from: ${bad}`);
    expect(window({ to: '19:00x' })).toContain(`windows.0.to: ${bad}`);
  });

  it('wants the start before the end, and at least one day from Sunday (0) to Saturday (6)', () => {
    expect(window({ from: '19:00', to: '07:00' })).toEqual(['windows.0.to: La hora de inicio debe ser anterior a la hora final']);
    expect(window({ from: '07:00', to: '07:00' })).toEqual(['windows.0.to: La hora de inicio debe ser anterior a la hora final']);
    expect(window({ days: [] })).toEqual(['windows.0.days: Elija al menos un día']);
    expect(window({ days: [0, 1, 2, 3, 4, 5, 6] })).toEqual([]);
    expect(window({ days: [7] })).toHaveLength(1);
    expect(window({ days: [-1] })).toHaveLength(1);
  });

  it('wants someone to contact, a source of law, and a daily limit from 1 to 20', () => {
    expect(issues({ relations: [] })).toEqual(['relations: Elija al menos a quién se puede contactar']);
    expect(issues({ relations: ['titular', 'codeudor', 'garante'] })).toEqual([]);
    expect(issues({ source: '  ' })).toEqual(['source: Obligatorio']);
    // spaces around the texts are dropped: a name of spaces only is empty
    expect(issues({ name: '   ' })).toHaveLength(1);
    expect(contactRulesSchema.parse({ ...CO, name: ' Colombia ', sourceDetail: ' Ley 2300 ' })).toMatchObject({ name: 'Colombia', sourceDetail: 'Ley 2300' });
    expect(issues({ source: 'x'.repeat(200) })).toEqual([]);
    expect(issues({ source: 'x'.repeat(201) })).toHaveLength(1);
    expect(issues({ name: 'x'.repeat(61) })).toHaveLength(1);
    expect(issues({ sourceDetail: 'x'.repeat(2001) })).toHaveLength(1);
    expect(issues({ daily: { max: 20, per: 'canal', counts: 'intentos' } })).toEqual([]);
    expect(issues({ daily: { max: 0, per: 'deudor', counts: 'directos' } })).toHaveLength(1);
    expect(issues({ daily: { max: 21, per: 'deudor', counts: 'directos' } })).toHaveLength(1);
  });
});

describe('the Spanish names in the messages', () => {
  it('names every day of the week (Sunday 8 to Saturday 14 March 2026) when no window allows it', () => {
    const closed = { ...CO, windows: [] };
    const said = ['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14'].map((d) => checkInstant(closed, call(`${d} 10:00`).at, calendar)?.message.split('.')[0]);
    expect(said).toEqual([
      'Los domingos no se contacta a los deudores',
      'Los lunes no se contacta a los deudores',
      'Los martes no se contacta a los deudores',
      'Los miércoles no se contacta a los deudores',
      'Los jueves no se contacta a los deudores',
      'Los viernes no se contacta a los deudores',
      'Los sábados no se contacta a los deudores',
    ]);
  });

  it('names the day of an hour refused at 22:00, Sunday 8 to Saturday 14 March 2026', () => {
    const everyDay = { ...CO, windows: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '07:00', to: '19:00' }] };
    const said = ['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14'].map((d) => /el (\S+) se puede/.exec(checkInstant(everyDay, call(`${d} 22:00`).at, calendar)?.message ?? '')?.[1]);
    expect(said).toEqual(['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado']);
  });

  it('says whose the datum is and whom the rules allow, in correct Spanish', () => {
    const datum = (relation: 'titular' | 'codeudor' | 'garante' | 'referencia' | 'tercero') => ({ relation, authorisedChannels: ['llamada' as const], purposes: ['cobranza'] });
    const law = ' (Ley 2300 de 2023 («dejen de fregar»), art. 3).';
    expect(checkContact(CO, call('2026-03-09 10:00', { target: datum('codeudor') }), calendar, []).message).toBe(`Ese dato es del codeudor: solo se puede contactar al deudor${law}`);
    expect(checkContact(CO, call('2026-03-09 10:00', { target: datum('garante') }), calendar, []).message).toBe(`Ese dato es del garante: solo se puede contactar al deudor${law}`);
    expect(checkContact(CO, call('2026-03-09 10:00', { target: datum('tercero') }), calendar, []).message).toBe(`Ese dato es de un tercero: solo se puede contactar al deudor${law}`);
    const noDebtor = { ...CO, relations: ['codeudor' as const, 'referencia' as const, 'tercero' as const] };
    expect(checkContact(noDebtor, call('2026-03-09 10:00', { target: datum('titular') }), calendar, []).message).toBe(
      `Ese dato es del titular: solo se puede contactar al codeudor, a las referencias o a terceros${law}`,
    );
  });
});
