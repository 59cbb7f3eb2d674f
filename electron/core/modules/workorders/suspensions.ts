/**
 * Suspension orders from the suspension notices whose term has passed (the notice's suspension date
 * is before today), with the preview of who is left out and why:
 * - retirada: the account is retired;
 * - ya_suspendida: the account is already suspended or cut;
 * - orden_abierta: a suspension order of the account is already open;
 * - pago: the account paid since and owes nothing overdue (overdue.ts);
 * - acuerdo: an active payment agreement (SSPD Concepto 91 de 2012: the agreement takes the debt);
 * - reclamo: a pending reclamo or recurso about its invoices with the undisputed amount paid
 *   (Ley 142 art. 155; the check the notices use, notices/queries.ts disputesByAccount);
 * - uso_protegido: a use under special protection (hospitals, schools: a setting of the policy).
 * The generation checks every notice again inside its transaction: all eligible or nothing written.
 */
import type { Knex } from 'knex';
import type { GeneratedSuspensions, SuspensionCandidate, SuspensionExclusion, SuspensionPreview, WorkOrderPolicy, WorkOrderPriority } from '../../../../shared/contract';
import { formatDate } from '../../../../shared/dates';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { retryingTransaction } from '../../db/dialect';
import { rule } from '../../errors';
import type { OfficeScope } from '../../officeScope';
import { businessToday } from '../accounts/service';
import { disputesByAccount } from '../notices/queries';
import { getWorkOrderPolicy } from './catalog';
import { hoursAfter, insertOrders, OPEN_STATES, orderQuery, toOrderRow, type NewOrder, type OrderDbRow } from './orders';
import { overdueCharges, overdueInvoices } from './overdue';

interface NoticeCandidateRow {
  notice_id: number;
  notice_number: string;
  office_id: number;
  account_id: number;
  account_number: string;
  holder_name: string;
  address: string;
  route: string;
  use: string;
  status: string;
  suspension_date: string;
  debt: number | string | null;
  has_overdue: number | string | boolean;
  open_order: number | string | boolean;
}

const truthy = (v: unknown) => v === true || Number(v) === 1;

/** The accounts with an active payment agreement (agreements module: state 'activo'). */
export async function accountsWithActiveAgreement(db: Knex, accountIds: number[]): Promise<Set<number>> {
  const found = new Set<number>();
  if (accountIds.length === 0) return found;
  for (let i = 0; i < accountIds.length; i += 500) {
    const rows: { account_id: number }[] = await db('payment_agreements').whereIn('account_id', accountIds.slice(i, i + 500)).where('state', 'activo').select('account_id');
    for (const r of rows) found.add(Number(r.account_id));
  }
  return found;
}

/** the expired, open suspension notices of the office (every office for an administrator) with what the rules need */
async function expiredNotices(db: Knex, today: string, scope: OfficeScope, filter: { route?: string; noticeIds?: number[]; limit?: number }): Promise<NoticeCandidateRow[]> {
  const q = db('notices as n')
    .join('notice_batches as b', 'b.id', 'n.batch_id')
    .join('accounts as a', 'a.id', 'n.account_id')
    .where('n.kind', 'suspension')
    .whereNot('n.state', 'cerrado')
    .whereNotNull('n.suspension_date')
    .where('n.suspension_date', '<', today)
    .select(
      'n.id as notice_id',
      'n.number as notice_number',
      'b.office_id',
      'a.id as account_id',
      'a.number as account_number',
      'a.holder_name',
      'a.address',
      'a.route',
      'a.use',
      'a.status',
      'n.suspension_date',
      db.raw('(SELECT SUM(i.balance) FROM invoices i WHERE i.account_id = a.id AND i.balance > 0) AS debt'),
      db.raw('CASE WHEN EXISTS ? OR EXISTS ? THEN 1 ELSE 0 END AS has_overdue', [overdueInvoices(db, 'a.id', today), overdueCharges(db, 'a.id', today)]),
      db.raw('CASE WHEN EXISTS ? THEN 1 ELSE 0 END AS open_order', [
        db('work_orders as o').whereRaw('o.account_id = a.id').where('o.type', 'suspension').whereIn('o.state', OPEN_STATES).select(db.raw('1')),
      ]),
    )
    .orderBy([{ column: 'a.cycle' }, { column: 'a.route' }, { column: 'a.route_sequence' }, { column: 'n.id' }]);
  if (scope !== null) q.where('b.office_id', scope);
  if (filter.route) q.where('a.route', filter.route);
  if (filter.noticeIds) q.whereIn('n.id', filter.noticeIds);
  if (filter.limit) q.limit(filter.limit);
  return q;
}

const REASONS: Record<SuspensionExclusion, string> = {
  retirada: 'La cuenta está retirada',
  ya_suspendida: 'Ya está suspendida',
  orden_abierta: 'Ya tiene una orden de suspensión abierta',
  pago: 'Pagó desde el aviso: no debe nada vencido',
  acuerdo: 'Tiene un acuerdo de pago activo',
  reclamo: 'Tiene un reclamo o recurso pendiente y pagó lo no reclamado (Ley 142 de 1994, art. 155)',
  uso_protegido: 'Uso de protección especial (hospitales, colegios…): sigue su propio procedimiento',
};

async function judgeAll(db: Knex, rows: NoticeCandidateRow[], today: string, policy: WorkOrderPolicy): Promise<SuspensionCandidate[]> {
  const ids = [...new Set(rows.map((r) => Number(r.account_id)))];
  const [agreements, disputes] = await Promise.all([accountsWithActiveAgreement(db, ids), disputesByAccount(db, ids, today)]);
  return rows.map((r) => {
    const accountId = Number(r.account_id);
    const dispute = disputes.get(accountId);
    let exclusion: SuspensionExclusion | null = null;
    let reason = '';
    if (r.status === 'retirado') exclusion = 'retirada';
    else if (r.status === 'suspendido' || r.status === 'cortado') exclusion = 'ya_suspendida';
    else if (truthy(r.open_order)) exclusion = 'orden_abierta';
    else if (!truthy(r.has_overdue)) exclusion = 'pago';
    else if (agreements.has(accountId)) exclusion = 'acuerdo';
    else if (dispute && dispute.disputes.length > 0 && dispute.undisputedUnpaidPeriods === 0) {
      exclusion = 'reclamo';
      reason = `${REASONS.reclamo}: ${dispute.disputes.map((d) => `${d.radicado} sobre la factura ${d.invoiceNumber}`).join(', ')}`;
    } else if ((policy.protectedUses as string[]).includes(r.use)) {
      exclusion = 'uso_protegido';
      reason = `Uso ${r.use}: ${REASONS.uso_protegido.charAt(0).toLowerCase()}${REASONS.uso_protegido.slice(1)}`;
    }
    return {
      noticeId: Number(r.notice_id),
      noticeNumber: r.notice_number,
      accountId,
      accountNumber: r.account_number,
      holderName: r.holder_name,
      address: r.address,
      route: r.route,
      use: r.use,
      suspensionDate: r.suspension_date,
      debt: Number(r.debt ?? 0),
      eligible: exclusion === null,
      exclusion,
      reason: exclusion === null ? `Aviso vencido el ${formatDate(r.suspension_date)}` : reason || REASONS[exclusion],
    };
  });
}

export async function previewSuspensions(db: Knex, scope: OfficeScope, filter: { route?: string; limit: number }): Promise<SuspensionPreview> {
  const [today, policy] = await Promise.all([businessToday(db), getWorkOrderPolicy(db)]);
  const candidates = await judgeAll(db, await expiredNotices(db, today, scope, filter), today, policy);
  const excluded: SuspensionPreview['excluded'] = {};
  for (const c of candidates) if (c.exclusion) excluded[c.exclusion] = (excluded[c.exclusion] ?? 0) + 1;
  return { today, candidates, eligibleCount: candidates.filter((c) => c.eligible).length, excluded };
}

/** one suspension order per chosen notice, all eligible or nothing; numbered from one block per office */
export async function generateSuspensions(db: Knex, actor: Actor, scope: OfficeScope, input: { noticeIds: number[]; priority: WorkOrderPriority }): Promise<GeneratedSuspensions> {
  const noticeIds = [...new Set(input.noticeIds)];
  const { ids, numbers } = await retryingTransaction(db, async (trx) => {
    const [today, policy] = await Promise.all([businessToday(trx), getWorkOrderPolicy(trx)]);
    // one read of the office's expired notices (as the preview does), narrowed to the chosen ones
    const chosen = new Set(noticeIds);
    const rows = (await expiredNotices(trx, today, scope, noticeIds.length <= 500 ? { noticeIds } : {})).filter((r) => chosen.has(Number(r.notice_id)));
    const judged = await judgeAll(trx, rows, today, policy);
    const found = new Set(judged.map((j) => j.noticeId));
    const refusals = [
      ...noticeIds.filter((id) => !found.has(id)).map((id) => `el aviso con id ${id} no existe, no es de suspensión, está cerrado o su plazo no ha vencido`),
      ...judged.filter((j) => !j.eligible).map((j) => `${j.noticeNumber} (cuenta ${j.accountNumber}): ${j.reason}`),
    ];
    const seen = new Set<number>();
    const twice = judged.filter((j) => (seen.has(j.accountId) ? true : (seen.add(j.accountId), false)));
    refusals.push(...twice.map((j) => `${j.noticeNumber}: la cuenta ${j.accountNumber} ya viene con otro aviso`));
    if (refusals.length) {
      const shown = refusals.slice(0, 3).join('; ');
      throw rule(`No se generó ninguna orden: ${refusals.length === 1 ? 'un aviso no cumple' : `${refusals.length} avisos no cumplen`} (${shown}${refusals.length > 3 ? '; …' : ''}).`);
    }
    const createdAt = nowTimestamp();
    const dueAt = hoursAfter(createdAt, policy.suspensionHours);
    const officeOf = new Map(rows.map((r) => [Number(r.notice_id), Number(r.office_id)]));
    const orders: NewOrder[] = judged.map((j) => ({
      officeId: officeOf.get(j.noticeId) as number,
      accountId: j.accountId,
      type: 'suspension',
      origin: 'aviso',
      originRef: `Aviso de suspensión ${j.noticeNumber}`,
      noticeId: j.noticeId,
      priority: input.priority,
      businessDate: today,
      createdAt,
      dueAt,
    }));
    const numbers = await insertOrders(trx, actor, orders);
    const ids: number[] = [];
    for (let i = 0; i < noticeIds.length; i += 500) {
      const got: { id: number }[] = await trx('work_orders').whereIn('notice_id', noticeIds.slice(i, i + 500)).where({ type: 'suspension', state: 'pendiente', created_at: createdAt }).select('id');
      ids.push(...got.map((g) => Number(g.id)));
    }
    await writeAudit(trx, actor, { action: 'workOrders.suspensions', entity: 'work_order', entityId: null, after: { count: numbers.length, first: numbers[0], last: numbers[numbers.length - 1], notices: judged.map((j) => j.noticeNumber) } });
    return { ids, numbers };
  });
  const rows: OrderDbRow[] = [];
  for (let i = 0; i < Math.min(ids.length, 1000); i += 500) rows.push(...((await orderQuery(db).whereIn('w.id', ids.slice(i, Math.min(i + 500, 1000))).orderBy('w.id')) as OrderDbRow[]));
  return { count: numbers.length, firstNumber: numbers[0] ?? null, lastNumber: numbers[numbers.length - 1] ?? null, orders: rows.map((r) => toOrderRow(r)) };
}
