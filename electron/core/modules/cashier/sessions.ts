/**
 * Cash sessions (turnos de caja): opening with the float counted by denomination, the closing
 * arithmetic, closing by the cashier (a difference above the limit needs a coordinator) and the
 * coordinator's force-close of a forgotten session. The arithmetic itself is in closing.ts.
 */
import type { Knex } from 'knex';
import { retryingTransaction } from '../../db/dialect';
import type { CashSession, ClosingSummary, SessionReport } from '../../../../shared/contract';
import { countTotal, type DenominationCount } from '../../../../shared/denominations';
import { absExact, formatMoney, signOf, type CurrencyCode } from '../../../../shared/money';
import { nowTimestamp } from '../../db/connection';
import { writeAudit, type Actor } from '../../db/audit';
import { anchorClosingAct } from '../../db/anchors';
import { conflict, invalid, notFound, rule, type AppError } from '../../errors';
import { businessToday } from '../accounts/service';
import { getSettings } from '../settings/service';
import { getCompany } from '../setup/service';
import { approveOnTheSpot } from '../approvals/onTheSpot';
import { getSession, insertedId, isUniqueViolation, loadSessions, lockOpenSessionById, openSessionOf, requireOpenSession, type SessionDbRow } from './queries';
import { closingSummary } from './closing';
import { buildSessionReport } from './receipts';

/** The total of a count, or a Spanish field error naming the bill or coin the currency lacks. */
export function countedTotal(currency: CurrencyCode, count: readonly DenominationCount[]): number {
  try {
    return countTotal(currency, count);
  } catch (error) {
    throw invalid((error as Error).message, { count: (error as Error).message });
  }
}

/** The cashier opens a session on a till of their office with the counted opening float. */
export async function openSession(db: Knex, actor: Actor & { userId: number; officeId: number }, tillId: number, count: DenominationCount[]): Promise<CashSession> {
  const company = await getCompany(db);
  const openingFloat = countedTotal(company.currency, count);
  const today = await businessToday(db);
  const alreadyOpen = async (trx: Knex) => {
    const mine = await openSessionOf(trx, actor.userId);
    if (mine) {
      const till: { name: string } | undefined = await trx('tills').where({ id: mine.till_id }).first('name');
      return conflict(`Ya tiene una caja abierta (${till?.name ?? mine.till_id}): ciérrela antes de abrir otra.`);
    }
    const other: { till_name: string; cashier_name: string } | undefined = await trx('cash_sessions as s')
      .join('tills as t', 't.id', 's.till_id')
      .join('users as u', 'u.id', 's.cashier_id')
      .where({ 's.till_id': tillId, 's.status': 'abierta' })
      .first('t.name as till_name', 'u.full_name as cashier_name');
    return other ? conflict(`La caja ${other.till_name} está abierta por ${other.cashier_name}.`) : null;
  };
  try {
    const sessionId = await retryingTransaction(db, async (trx) => {
      const till: { id: number; office_id: number; name: string; active: number | boolean } | undefined = await trx('tills').where({ id: tillId }).first();
      if (!till || till.office_id !== actor.officeId) {
        const any = await trx('tills').where({ office_id: actor.officeId }).first('id');
        if (!any) throw rule('Esta oficina no tiene cajas configuradas; pida al administrador que cree una.');
        throw notFound('La caja en esta oficina');
      }
      if (!till.active) throw rule(`La caja ${till.name} está desactivada.`);
      const busy = await alreadyOpen(trx);
      if (busy) throw busy;
      const row = {
        office_id: actor.officeId,
        till_id: tillId,
        cashier_id: actor.userId,
        status: 'abierta',
        business_date: today,
        opened_at: nowTimestamp(),
        opening_count_json: JSON.stringify(count),
        opening_float: openingFloat,
      };
      const [inserted] = await trx('cash_sessions').insert(row).returning('id');
      const id = insertedId(inserted);
      await writeAudit(trx, actor, { action: 'cashSession.open', entity: 'cash_session', entityId: id, after: row });
      return id;
    });
    return await getSession(db, sessionId);
  } catch (error) {
    if (isUniqueViolation(error, 'cash_sessions')) throw (await alreadyOpen(db)) ?? conflict('La caja acaba de ser abierta por otra persona.');
    throw error;
  }
}

/** The closing screen's figures for the cashier's open session and this count; writes nothing. */
export async function previewClose(db: Knex, cashierId: number, count: DenominationCount[]): Promise<ClosingSummary> {
  const company = await getCompany(db);
  const counted = countedTotal(company.currency, count);
  const session = await requireOpenSession(db, cashierId);
  const { cashDifferenceLimit } = await getSettings(db);
  return closingSummary(db, session, counted, cashDifferenceLimit);
}

interface CloseWork {
  session: SessionDbRow;
  count: DenominationCount[];
  counted: number;
  limit: number;
  currency: CurrencyCode;
  closedBy: number;
  /** the coordinator's approval and the difference they approved (null: none given) */
  approval: { by: number; difference: string } | null;
  forced: boolean;
  note: string;
}

/** The refusal of a close whose difference passes the limit without a coordinator. */
function needsCoordinator(summary: ClosingSummary, currency: CurrencyCode): AppError {
  const kind = signOf(summary.difference) < 0 ? 'faltante' : 'sobrante';
  return rule(
    `La diferencia (${kind} de ${formatMoney(absExact(summary.difference), currency)}) supera el límite de ${formatMoney(summary.limit, currency)}: un coordinador debe autorizar el cierre.`,
  );
}

/**
 * Whether this close may go through, decided on the figures read inside the closing transaction
 * (after the session is locked): above the limit it needs the coordinator, and the coordinator must
 * have approved this very difference (a payment, void or movement that got in meanwhile changes it).
 */
function checkCloseApproval(summary: ClosingSummary, work: CloseWork): void {
  if (work.forced || !summary.needsApproval) return;
  if (!work.approval) throw needsCoordinator(summary, work.currency);
  if (work.approval.difference !== summary.difference) throw differenceMoved(summary, work.currency);
}

/** The refusal of a close whose difference is no longer the one the coordinator approved. */
function differenceMoved(summary: ClosingSummary, currency: CurrencyCode): AppError {
  const kind = signOf(summary.difference) < 0 ? 'faltante' : 'sobrante';
  return conflict(
    `Mientras cerraba se registró otro movimiento en la caja: la diferencia ahora es ${kind} de ${formatMoney(absExact(summary.difference), currency)}. Revise las cifras y pida de nuevo la autorización del coordinador.`,
  );
}

async function writeClose(db: Knex, actor: Actor, work: CloseWork): Promise<void> {
  await retryingTransaction(db, async (trx) => {
    // the session is locked first: a payment, void or movement of this till either got in before
    // (and is in the figures) or waits and then finds the till closed
    await lockOpenSessionById(trx, work.session.id);
    const summary = await closingSummary(trx, work.session, work.counted, work.limit);
    checkCloseApproval(summary, work);
    const changes = {
      status: 'cerrada',
      closed_at: nowTimestamp(),
      closed_by: work.closedBy,
      closing_count_json: JSON.stringify(work.count),
      counted_cash: work.counted,
      expected_cash: summary.expectedCash,
      difference: summary.difference,
      approved_by: work.approval?.by ?? null,
      forced: work.forced,
      close_note: work.note,
    };
    const updated = await trx('cash_sessions').where({ id: work.session.id, status: 'abierta' }).update(changes);
    if (updated === 0) throw conflict('La caja ya fue cerrada.');
    await writeAudit(trx, actor, {
      action: work.forced ? 'cashSession.forceClose' : 'cashSession.close',
      entity: 'cash_session',
      entityId: work.session.id,
      before: { status: 'abierta' },
      after: { ...changes, summary },
    });
    await anchorClosingAct(trx, work.session.id); // the closing act's anchor of the audit chain (issue 12)
  });
}

/**
 * The cashier closes their open session with the drawer counted. A difference (sobrante or
 * faltante) above the setting's limit needs a coordinator's credentials; without them nothing is written.
 */
export async function closeSession(
  db: Knex,
  actor: Actor & { userId: number; officeId: number },
  input: { count: DenominationCount[]; note: string; approval?: { username: string; password: string }; approvedDifference?: string },
): Promise<SessionReport> {
  const company = await getCompany(db);
  const counted = countedTotal(company.currency, input.count);
  const session = await requireOpenSession(db, actor.userId);
  const { cashDifferenceLimit } = await getSettings(db);
  // decided here first (no coordinator asked for nothing), then again inside the closing transaction
  const summary = await closingSummary(db, session, counted, cashDifferenceLimit);
  let approval: CloseWork['approval'] = null;
  if (summary.needsApproval) {
    if (!input.approval) throw needsCoordinator(summary, company.currency);
    // the coordinator approved the difference the screen showed: another one is refused before asking them
    const approved = input.approvedDifference ?? summary.difference;
    if (approved !== summary.difference) throw differenceMoved(summary, company.currency);
    const approver = await approveOnTheSpot(db, input.approval, { act: 'cashSession.close', target: session.id, requester: { ...actor, officeId: session.office_id }, tillId: session.till_id });
    approval = { by: approver.id, difference: summary.difference };
  }
  const work = { session, count: input.count, counted, limit: cashDifferenceLimit, currency: company.currency, closedBy: actor.userId, approval, forced: false, note: input.note };
  await writeClose(db, actor, work);
  return buildSessionReport(db, session.id);
}

/** A coordinator closes a forgotten session of their office with the count found and a note. */
export async function forceCloseSession(
  db: Knex,
  actor: Actor & { userId: number; officeId: number },
  role: string,
  input: { sessionId: number; count: DenominationCount[]; note: string },
): Promise<SessionReport> {
  const company = await getCompany(db);
  const counted = countedTotal(company.currency, input.count);
  const session: SessionDbRow | undefined = await db('cash_sessions').where({ id: input.sessionId }).first();
  if (!session) throw notFound('La caja (turno)');
  if (role !== 'administrador' && session.office_id !== actor.officeId) throw rule('La caja es de otra oficina.');
  if (session.status !== 'abierta') throw conflict('La caja ya fue cerrada.');
  const { cashDifferenceLimit } = await getSettings(db);
  const approval = { by: actor.userId, difference: '' };
  await writeClose(db, actor, { session, count: input.count, counted, limit: cashDifferenceLimit, currency: company.currency, closedBy: actor.userId, approval, forced: true, note: input.note });
  return buildSessionReport(db, session.id);
}

export async function openSessionsOfOffice(db: Knex, officeId: number | null): Promise<CashSession[]> {
  return loadSessions(db, (q) => {
    q.where('s.status', 'abierta');
    if (officeId !== null) q.where('s.office_id', officeId);
  });
}

/** Session history: a cashier sees their own; coordinators their office; administrators every office. */
export async function listSessions(
  db: Knex,
  caller: { userId: number; officeId: number; role: string },
  filter: { from?: string; to?: string; cashierId?: number },
): Promise<CashSession[]> {
  return loadSessions(db, (q) => {
    if (caller.role === 'cajero') q.where('s.cashier_id', caller.userId);
    else {
      if (caller.role !== 'administrador') q.where('s.office_id', caller.officeId);
      if (filter.cashierId !== undefined) q.where('s.cashier_id', filter.cashierId);
    }
    if (filter.from) q.where('s.business_date', '>=', filter.from);
    if (filter.to) q.where('s.business_date', '<=', filter.to);
    q.limit(500);
  });
}
