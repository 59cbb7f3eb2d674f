/**
 * The contact rules (shared/contactRules.ts) with hand-picked instants, for Colombia (Ley 2300 de
 * 2023) and Ecuador (LODC art. 49, 2022). Bogotá and Guayaquil are UTC−5 all year, so 10:00 local is
 * 15:00Z. The calendar of March 2026 (checked against a printed one):
 *   Sunday 8 · Monday 9 · Tuesday 10 · Saturday 14 · Monday 23 (San José, moved from Thursday 19).
 */
import { describe, expect, it } from 'vitest';
import { checkContact, checkInstant, defaultContactRules, describeWindows, localTime, weekStart, zonedInstant, type ContactAttempt, type ContactCalendar, type PastContact } from '../../shared/contactRules';

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
