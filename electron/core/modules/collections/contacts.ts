/**
 * Contacts (gestiones): checking an outgoing contact against the rules before it starts, recording
 * it with its outcome (and the callback or the payment commitment it leaves), the account's contact
 * data with their Ley 1581 authorisation, hand-offs to the legal stage and the field team, and the
 * reclamo routed to the PQR filing.
 *
 * Recording is one transaction with one audit row, and safe to retry: the desk sends an idempotency
 * key, a resend of the same key answers the first contact and writes nothing. An outgoing contact
 * that breaks a rule is refused with the rule, in Spanish, and nothing is written; an incoming one is
 * always recorded.
 */
import type { Knex } from 'knex';
import type {
  ComplaintDraft,
  ContactCheck,
  ContactPointKind,
  ContactPointRow,
  ContactSource,
  FieldPurpose,
  HandoffRow,
  LegalStage,
  Purpose,
  RecordedContact,
} from '../../../../shared/contract';
import { checkContact, checkInstant, localTime, weekStart, zonedInstant, type ContactCalendar, type ContactChannel, type ContactDirection, type ContactTarget, type PastContact, type Relation } from '../../../../shared/contactRules';
import { addDays, formatDate, type IsoDate } from '../../../../shared/dates';
import { formatMoney } from '../../../../shared/money';
import { writeAudit } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { retryingTransaction } from '../../db/dialect';
import { conflict, invalid, notFound, rule } from '../../errors';
import { bool, insertedId, isUniqueViolation } from '../cashier/queries';
import { loadBusinessCalendar } from '../calendar/service';
import { getCompany } from '../setup/service';
import { debtOf } from './debt';
import { commitmentById, contactById, contactPoints, handoffsQuery, textOf, toHandoffRow, type HandoffDbRow } from './queries';
import { accountAccess, checkOffice, inScope, type Person, type Worker } from './scope';
import { getContactRules, getPolicy, listOutcomes } from './settings';

/** the office calendar's non-business days between two dates, with their names (holidays preloaded as the PQR terms do) */
export async function contactCalendar(db: Knex, officeId: number, from: IsoDate, to: IsoDate): Promise<ContactCalendar> {
  const company = await getCompany(db);
  await loadBusinessCalendar(db, officeId, from, to);
  const rows: { date: string; name: string }[] = await db('non_business_days')
    .where((q) => q.where({ country: company.country }).orWhere({ office_id: officeId }))
    .whereBetween('date', [from, to])
    .select('date', 'name');
  return { timeZone: company.timeZone, holidays: new Map(rows.map((r) => [r.date, r.name])) };
}

/** the account's contacts of the calendar week of `now` (and the day before, for the zone's edge) */
async function recentContacts(db: Knex, accountId: number, now: Date, timeZone: string): Promise<PastContact[]> {
  const monday = weekStart(localTime(now, timeZone).date);
  const since = new Date(Date.parse(`${addDays(monday, -1)}T00:00:00Z`)).toISOString();
  const rows: { at: string; channel: ContactChannel; direction: ContactDirection; effective: unknown }[] = await db('collection_contacts')
    .where({ account_id: accountId })
    .where('at', '>=', since)
    .orderBy('at')
    .select('at', 'channel', 'direction', 'effective');
  return rows.map((r) => ({ at: r.at, channel: r.channel, direction: r.direction, direct: bool(r.effective) }));
}

const KIND_OF_CHANNEL: Record<ContactChannel, ContactPointKind> = { llamada: 'telefono', sms: 'telefono', whatsapp: 'telefono', correo: 'correo' };

interface Target {
  point: ContactPointRow | null;
  target: ContactTarget | null;
  address: string;
}

/** the phone or e-mail used: a recorded one by id, or the commercial system's by its value */
async function resolveTarget(db: Knex, accountId: number, channel: ContactChannel, direction: ContactDirection, contactPointId: number | undefined, address: string): Promise<Target> {
  const points = await contactPoints(db, accountId, await getPolicy(db));
  let point: ContactPointRow | null = null;
  if (contactPointId !== undefined) {
    point = points.find((p) => p.id === contactPointId) ?? null;
    if (!point) throw notFound('El teléfono o correo de esta cuenta');
  } else if (address.trim()) {
    point = points.find((p) => p.id === null && p.value === address.trim()) ?? null;
  }
  if (!point) {
    if (direction === 'saliente') throw invalid('Elija el teléfono o el correo por el que se contacta.', { contactPointId: 'Obligatorio en un contacto saliente' });
    return { point: null, target: null, address: address.trim() };
  }
  if (point.kind !== KIND_OF_CHANNEL[channel])
    throw invalid(channel === 'correo' ? 'Un correo se envía a una dirección de correo, no a un teléfono.' : 'Una llamada, un SMS o un WhatsApp van a un teléfono, no a un correo.', {
      contactPointId: 'No corresponde al canal',
    });
  const usable = point.authorised && point.active;
  const target: ContactTarget = { relation: point.relation, authorisedChannels: usable ? point.channels : [], purposes: usable ? point.purposes : [] };
  return { point, target, address: point.value };
}

export interface CheckInput {
  accountId: number;
  channel: ContactChannel;
  direction: ContactDirection;
  contactPointId?: number;
  address?: string;
}

async function verdictFor(db: Knex, who: Person, input: CheckInput, now: Date) {
  const rules = await getContactRules(db);
  const { target, point, address } = await resolveTarget(db, input.accountId, input.channel, input.direction, input.contactPointId, input.address ?? '');
  const today = localTime(now, (await getCompany(db)).timeZone).date;
  const calendar = await contactCalendar(db, who.officeId, addDays(weekStart(today), -1), addDays(today, 1));
  const recent = await recentContacts(db, input.accountId, now, calendar.timeZone);
  const verdict = checkContact(rules, { at: now, direction: input.direction, channel: input.channel, target }, calendar, recent);
  return { verdict, point, address, rules, calendar };
}

export async function checkContactNow(db: Knex, who: Person, input: CheckInput, now: Date = new Date()): Promise<ContactCheck> {
  await accountAccess(db, who, input.accountId);
  const { verdict } = await verdictFor(db, who, input, now);
  return verdict.allowed ? { allowed: true, rule: null, message: verdict.message } : { allowed: false, rule: verdict.rule, message: verdict.message };
}

export interface RecordInput extends CheckInput {
  idempotencyKey: string;
  outcome: string;
  notes: string;
  callback?: { date: IsoDate; time: string; forAnyone: boolean };
  commitment?: { amount: number; date: IsoDate };
}

async function repeated(db: Knex, who: Person, input: RecordInput): Promise<RecordedContact | null> {
  const row: { id: number; account_id: number; gestor_id: number } | undefined = await db('collection_contacts').where({ idempotency_key: input.idempotencyKey }).first('id', 'account_id', 'gestor_id');
  if (!row) return null;
  if (Number(row.account_id) !== input.accountId || Number(row.gestor_id) !== who.userId) throw conflict('Esa clave de operación ya se usó para otro contacto: recargue la pantalla.');
  const promise: { id: number } | undefined = await db('collection_promises').where({ contact_id: row.id }).first('id');
  const callback: { due_at: string } | undefined = await db('collection_callbacks').where({ contact_id: row.id }).first('due_at');
  return { contact: await contactById(db, Number(row.id)), commitment: promise ? await commitmentById(db, Number(promise.id)) : null, callbackAt: callback?.due_at ?? null, repeated: true };
}

export async function recordContact(db: Knex, who: Person, input: RecordInput, now: Date = new Date()): Promise<RecordedContact> {
  const again = await repeated(db, who, input);
  if (again) return again;
  const access = await accountAccess(db, who, input.accountId);
  const [outcomes, policy, company] = await Promise.all([listOutcomes(db), getPolicy(db), getCompany(db)]);
  const outcome = outcomes.find((o) => o.code === input.outcome && o.active);
  if (!outcome) throw invalid(`Resultado desconocido: «${input.outcome}». Elija uno de la lista.`, { outcome: 'Elija un resultado de la lista' });
  const today = localTime(now, company.timeZone).date;

  const { verdict, point, address, rules } = await verdictFor(db, who, input, now);
  if (!verdict.allowed) throw rule(`No se puede registrar el contacto saliente: ${verdict.message}`);

  const debt = await debtOf(db, input.accountId, today);
  if (outcome.action === 'compromiso' && !input.commitment)
    throw invalid(`El resultado «${outcome.label}» necesita el valor y la fecha del compromiso.`, { commitment: 'Escriba el valor y la fecha' });
  if (outcome.action !== 'compromiso' && input.commitment)
    throw invalid(`Un compromiso de pago se registra con el resultado «Compromiso de pago», no con «${outcome.label}».`, { outcome: 'Elija «Compromiso de pago»' });
  if (input.commitment) {
    const limit = addDays(today, policy.commitmentMaxDays);
    if (input.commitment.date < today) throw invalid(`La fecha del compromiso (${formatDate(input.commitment.date)}) ya pasó: debe ser hoy o después.`, { 'commitment.date': 'No puede ser en el pasado' });
    if (input.commitment.date > limit)
      throw invalid(`La fecha del compromiso no puede pasar del ${formatDate(limit)} (${policy.commitmentMaxDays} días según la política de cobranza).`, { 'commitment.date': `Hasta el ${formatDate(limit)}` });
    if (input.commitment.amount > debt.debt)
      throw invalid(`El compromiso (${formatMoney(input.commitment.amount, company.currency)}) es mayor que la deuda (${formatMoney(debt.debt, company.currency)}).`, { 'commitment.amount': 'Mayor que la deuda' });
  }
  let callbackAt: string | null = null;
  if (input.callback) {
    if (access.assignmentId === null) throw rule('Solo las cuentas de una campaña tienen rellamadas: esta cuenta no está en una campaña activa.');
    callbackAt = zonedInstant(input.callback.date, input.callback.time, company.timeZone);
    if (callbackAt <= now.toISOString()) throw invalid('La rellamada debe quedar para después de ahora.', { callback: 'En el pasado' });
    if (input.callback.date > addDays(today, 60)) throw invalid('La rellamada puede quedar hasta 60 días adelante.', { callback: 'Demasiado lejos' });
    const calendar = await contactCalendar(db, who.officeId, input.callback.date, input.callback.date);
    const broken = checkInstant(rules, callbackAt, calendar);
    if (broken) throw rule(`La rellamada no puede quedar para esa hora: ${broken.message}`);
  }

  try {
    return await retryingTransaction(db, async (trx) => {
      const at = now.toISOString();
      const [row] = await trx('collection_contacts')
        .insert({
          office_id: who.officeId,
          account_id: input.accountId,
          campaign_id: access.campaignId,
          assignment_id: access.assignmentId,
          gestor_id: who.userId,
          channel: input.channel,
          direction: input.direction,
          contact_point_id: point?.id ?? null,
          address,
          outcome: outcome.code,
          effective: outcome.effective,
          notes: input.notes,
          at,
          business_date: today,
          debt: debt.debt,
          days_past_due: debt.daysPastDue,
          bucket: debt.bucket,
          idempotency_key: input.idempotencyKey,
        })
        .returning('id');
      const contactId = insertedId(row);
      let promiseId: number | null = null;
      if (input.commitment) {
        const [p] = await trx('collection_promises')
          .insert({
            office_id: who.officeId,
            account_id: input.accountId,
            contact_id: contactId,
            assignment_id: access.assignmentId,
            campaign_id: access.campaignId,
            gestor_id: who.userId,
            amount: input.commitment.amount,
            made_on: today,
            promised_date: input.commitment.date,
            grace_days: policy.graceDays,
            window_end: addDays(input.commitment.date, policy.graceDays),
            state: 'pendiente',
            paid_amount: 0,
            created_at: at,
          })
          .returning('id');
        promiseId = insertedId(p);
      }
      if (access.assignmentId !== null) {
        await trx('collection_callbacks').where({ assignment_id: access.assignmentId, state: 'pendiente' }).update({ state: 'atendida', done_contact_id: contactId });
        if (callbackAt)
          await trx('collection_callbacks').insert({
            account_id: input.accountId,
            assignment_id: access.assignmentId,
            campaign_id: access.campaignId,
            contact_id: contactId,
            due_at: callbackAt,
            for_user_id: input.callback?.forAnyone ? null : who.userId,
            created_by: who.userId,
            state: 'pendiente',
          });
        const state = input.commitment ? 'compromiso' : callbackAt ? 'en_espera' : 'gestionada';
        await trx('collection_assignments')
          .where({ id: access.assignmentId })
          .update({ state, broken_promise: false, contacts: trx.raw('contacts + 1'), last_contact_at: at, updated_at: at });
      }
      await writeAudit(trx, who.actor, {
        action: 'collections.contact.record',
        entity: 'collection_contact',
        entityId: contactId,
        after: {
          accountId: input.accountId,
          campaignId: access.campaignId,
          channel: input.channel,
          direction: input.direction,
          address,
          outcome: outcome.code,
          effective: outcome.effective,
          rule: verdict.message,
          callbackAt,
          callbackForAnyone: input.callback?.forAnyone ?? null,
          commitment: input.commitment ? { id: promiseId, ...input.commitment, graceDays: policy.graceDays } : null,
        },
      });
      return {
        contact: await contactById(trx, contactId),
        commitment: promiseId === null ? null : await commitmentById(trx, promiseId),
        callbackAt,
        repeated: false,
      };
    });
  } catch (error) {
    // the same key from a double click that raced this one: answer the first
    if (isUniqueViolation(error, 'idempotency_key')) {
      const first = await repeated(db, who, input);
      if (first) return first;
    }
    throw error;
  }
}

export interface ContactPointInput {
  accountId: number;
  contactPointId?: number;
  kind: ContactPointKind;
  value: string;
  relation: Relation;
  holderName: string;
  source: ContactSource;
  authorisation?: { on: IsoDate; via: string; purposes: Purpose[]; channels: ContactChannel[] };
  active: boolean;
}

/** a phone keeps its digits (and a leading +); an e-mail is kept in lower case */
export function normalizeContactValue(kind: ContactPointKind, value: string): string {
  const v = value.trim();
  return kind === 'telefono' ? `${v.startsWith('+') ? '+' : ''}${v.replace(/\D/g, '')}` : v.toLowerCase();
}

/** records or corrects a phone or e-mail of the account, with its source and authorisation (audited with before and after) */
export async function saveContactPoint(db: Knex, who: Person, input: ContactPointInput, today: IsoDate): Promise<ContactPointRow> {
  await accountAccess(db, who, input.accountId);
  if (input.authorisation && input.authorisation.on > today) throw invalid('La fecha de la autorización no puede ser posterior a hoy.', { 'authorisation.on': 'Posterior a hoy' });
  const value = normalizeContactValue(input.kind, input.value);
  const fields = {
    kind: input.kind,
    value,
    relation: input.relation,
    holder_name: input.holderName,
    source: input.source,
    active: input.active,
    authorised: input.authorisation !== undefined,
    authorised_on: input.authorisation?.on ?? null,
    authorised_via: input.authorisation?.via ?? null,
    purposes: textOf(input.authorisation?.purposes ?? []),
    channels: textOf(input.authorisation?.channels ?? []),
    updated_by: who.userId,
    updated_at: nowTimestamp(),
  };
  const id = await retryingTransaction(db, async (trx) => {
    const existing: Record<string, unknown> | undefined = input.contactPointId
      ? await trx('collection_contact_points').where({ id: input.contactPointId, account_id: input.accountId }).first()
      : await trx('collection_contact_points').where({ account_id: input.accountId, kind: input.kind, value }).first();
    if (input.contactPointId && !existing) throw notFound('El teléfono o correo de esta cuenta');
    if (existing) {
      const clash = await trx('collection_contact_points').where({ account_id: input.accountId, kind: input.kind, value }).whereNot('id', existing.id as number).first('id');
      if (clash) throw conflict(`La cuenta ya tiene registrado ${input.kind === 'telefono' ? 'el teléfono' : 'el correo'} ${value}.`);
      await trx('collection_contact_points').where({ id: existing.id as number }).update(fields);
      await writeAudit(trx, who.actor, { action: 'collections.contactPoint.update', entity: 'collection_contact_point', entityId: existing.id as number, before: existing, after: fields });
      return Number(existing.id);
    }
    const [row] = await trx('collection_contact_points').insert({ account_id: input.accountId, ...fields }).returning('id');
    const newId = insertedId(row);
    await writeAudit(trx, who.actor, { action: 'collections.contactPoint.create', entity: 'collection_contact_point', entityId: newId, after: { accountId: input.accountId, ...fields } });
    return newId;
  });
  const points = await contactPoints(db, input.accountId, await getPolicy(db));
  const saved = points.find((p) => p.id === id);
  if (!saved) throw notFound('El teléfono o correo');
  return saved;
}

export async function handoffById(db: Knex, id: number): Promise<HandoffRow> {
  return toHandoffRow((await handoffsQuery(db).where('h.id', id).first()) as HandoffDbRow);
}

/**
 * Hands the case to the legal stage (the notices' prejurídico / jurídico candidates show it with the
 * reason) or to the field team (the coordinator's list). The same hand-off still open is not doubled:
 * a second click answers the first.
 */
export async function handOff(db: Knex, who: Person, input: { accountId: number; kind: 'juridico' | 'terreno'; what: LegalStage | FieldPurpose; reason: string; contactId?: number }): Promise<HandoffRow> {
  await accountAccess(db, who, input.accountId);
  if (input.contactId !== undefined) {
    const contact = await db('collection_contacts').where({ id: input.contactId, account_id: input.accountId }).first('id');
    if (!contact) throw notFound('El contacto de esta cuenta');
  }
  const id = await retryingTransaction(db, async (trx) => {
    const open = (await handoffsQuery(trx).where({ 'h.account_id': input.accountId, 'h.kind': input.kind, 'h.what': input.what, 'h.state': 'pendiente' })) as HandoffDbRow[];
    const still = open.map(toHandoffRow).find((h) => h.state === 'pendiente');
    if (still) return still.id;
    const [row] = await trx('collection_handoffs')
      .insert({
        office_id: who.officeId,
        account_id: input.accountId,
        kind: input.kind,
        what: input.what,
        reason: input.reason,
        contact_id: input.contactId ?? null,
        created_by: who.userId,
        created_at: nowTimestamp(),
        state: 'pendiente',
      })
      .returning('id');
    const newId = insertedId(row);
    await writeAudit(trx, who.actor, { action: input.kind === 'juridico' ? 'collections.handoff.legal' : 'collections.handoff.field', entity: 'collection_handoff', entityId: newId, after: input });
    return newId;
  });
  return handoffById(db, id);
}

export async function fieldList(db: Knex, w: Worker, state: 'pendiente' | 'atendida'): Promise<HandoffRow[]> {
  const q = inScope(handoffsQuery(db), w, 'h.office_id').where({ 'h.kind': 'terreno', 'h.state': state }).orderBy('h.id');
  return ((await q) as HandoffDbRow[]).map(toHandoffRow);
}

export async function closeField(db: Knex, w: Worker, handoffId: number, note: string): Promise<HandoffRow> {
  await retryingTransaction(db, async (trx) => {
    const h: { id: number; office_id: number; kind: string; state: string } | undefined = await trx('collection_handoffs').where({ id: handoffId }).first('id', 'office_id', 'kind', 'state');
    if (!h || h.kind !== 'terreno') throw notFound('La remisión a terreno');
    checkOffice(w, h.office_id, 'La remisión a terreno');
    if (h.state === 'atendida') return;
    const after = { state: 'atendida', closed_at: nowTimestamp(), closed_by: w.userId, close_note: note };
    await trx('collection_handoffs').where({ id: handoffId }).update(after);
    await writeAudit(trx, w.actor, { action: 'collections.handoff.close', entity: 'collection_handoff', entityId: handoffId, before: { state: h.state }, after });
  });
  return handoffById(db, handoffId);
}

async function ownContact(db: Knex, w: Worker, contactId: number): Promise<{ id: number; account_id: number; gestor_id: number; office_id: number; notes: string; outcome: string; pqr_id: number | null; at: string }> {
  const c: { id: number; account_id: number; gestor_id: number; office_id: number; notes: string; outcome: string; pqr_id: number | null; at: string } | undefined = await db('collection_contacts')
    .where({ id: contactId })
    .first('id', 'account_id', 'gestor_id', 'office_id', 'notes', 'outcome', 'pqr_id', 'at');
  if (!c) throw notFound('El contacto');
  if (w.role === 'gestor' ? Number(c.gestor_id) !== w.userId : false) throw notFound('El contacto');
  checkOffice(w, c.office_id, 'El contacto');
  return c;
}

/** what the PQR filing starts with when a contact ended in a reclamo: the account and the call's text */
export async function complaintDraft(db: Knex, w: Worker, contactId: number): Promise<ComplaintDraft> {
  const c = await ownContact(db, w, contactId);
  const company = await getCompany(db);
  const when = localTime(c.at, company.timeZone);
  return {
    contactId: Number(c.id),
    accountId: Number(c.account_id),
    subject: 'Reclamo recibido en una llamada de cobro',
    text: `Reclamo recibido por teléfono en la gestión de cobro del ${formatDate(when.date)} a las ${when.time}.\n\n${c.notes}`.trim(),
  };
}

/** the PQR filed from a contact: linked once (a second link to another PQR is refused) */
export async function linkPqr(db: Knex, w: Worker, contactId: number, pqrId: number) {
  await retryingTransaction(db, async (trx) => {
    const c = await ownContact(trx, w, contactId);
    // a PQR of another office answers as one that does not exist (an administrator links any)
    const pqr: { id: number; account_id: number | null; office_id: number } | undefined = await trx('pqrs').where({ id: pqrId }).first('id', 'account_id', 'office_id');
    if (!pqr) throw notFound('La PQR');
    checkOffice(w, pqr.office_id, 'La PQR');
    if (pqr.account_id !== null && Number(pqr.account_id) !== Number(c.account_id)) throw rule('La PQR es de otra cuenta: no se puede enlazar a este contacto.');
    if (c.pqr_id !== null) {
      if (Number(c.pqr_id) === pqrId) return;
      throw conflict('Este contacto ya tiene su PQR enlazada.');
    }
    await trx('collection_contacts').where({ id: contactId }).update({ pqr_id: pqrId });
    await writeAudit(trx, w.actor, { action: 'collections.contact.linkPqr', entity: 'collection_contact', entityId: contactId, before: { pqrId: null }, after: { pqrId } });
  });
  return contactById(db, contactId);
}
