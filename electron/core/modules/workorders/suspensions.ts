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
 * The exclusions are judged in SQL, in one read of the notices (the first that applies, in the order
 * above); the preview and the round use the same read, so they agree. The round re-judges the chosen
 * notices inside its transaction, after taking their accounts' rows (as every writer of an account's
 * debts and state does: db/dialect.ts lockAccounts), takes its numbers in one block of the office's
 * counter and writes its orders in one statement and its audit in one row: the whole round, or
 * nothing written.
 */
import type { Knex } from 'knex';
import type { GeneratedSuspensions, SuspensionCandidate, SuspensionExclusion, SuspensionPreview, WorkOrderPolicy, WorkOrderPriority } from '../../../../shared/contract';
import { formatDate } from '../../../../shared/dates';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { engineOf, inIdList, lockAccounts, retryingTransaction } from '../../db/dialect';
import { rule } from '../../errors';
import type { OfficeScope } from '../../officeScope';
import { businessToday } from '../accounts/service';
import { disputesByAccount, pendingDisputes } from '../notices/queries';
import { getWorkOrderPolicy } from './catalog';
import { hoursAfter, OPEN_STATES, orderNumbers, orderQuery, toOrderRow, type OrderDbRow } from './orders';
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
  suspension_date: string;
  debt: number | string | null;
  exclusion: SuspensionExclusion | null;
}

/**
 * The first exclusion of the account `a` on `today`, in the order of REASONS, as one SQL expression
 * (NULL: it gets its order). The art. 155 rule: a pending reclamo or recurso about an overdue unpaid
 * invoice, and no overdue unpaid invoice without one (the undisputed amount is paid).
 */
function exclusionSql(db: Knex, today: string, policy: WorkOrderPolicy): Knex.Raw {
  const overdueUnpaid = (alias: string) => db(`invoices as ${alias}`).whereRaw(`${alias}.account_id = a.id`).where(`${alias}.balance`, '>', 0).where(`${alias}.due_date`, '<', today).select(db.raw('1'));
  const disputed = overdueUnpaid('di').whereExists(pendingDisputes(db, today).whereRaw('p.invoice_id = di.id').select(db.raw('1')));
  const undisputed = overdueUnpaid('ui').whereNotExists(pendingDisputes(db, today).whereRaw('p.invoice_id = ui.id').select(db.raw('1')));
  const uses = policy.protectedUses as string[];
  return db.raw(
    `CASE WHEN a.status = 'retirado' THEN 'retirada'
      WHEN a.status IN ('suspendido', 'cortado') THEN 'ya_suspendida'
      WHEN EXISTS ? THEN 'orden_abierta'
      WHEN NOT EXISTS ? AND NOT EXISTS ? THEN 'pago'
      WHEN EXISTS ? THEN 'acuerdo'
      WHEN EXISTS ? AND NOT EXISTS ? THEN 'reclamo'
      WHEN ${uses.length ? `a.use IN (${uses.map(() => '?').join(', ')})` : '1 = 0'} THEN 'uso_protegido'
      ELSE NULL END AS exclusion`,
    [
      db('work_orders as o').whereRaw('o.account_id = a.id').where('o.type', 'suspension').whereIn('o.state', OPEN_STATES).select(db.raw('1')),
      overdueInvoices(db, 'a.id', today),
      overdueCharges(db, 'a.id', today),
      // an active payment agreement (agreements module: state 'activo'; SSPD Concepto 91 de 2012: the agreement takes the debt)
      db('payment_agreements as pa').whereRaw('pa.account_id = a.id').where('pa.state', 'activo').select(db.raw('1')),
      disputed,
      undisputed,
      ...uses,
    ],
  );
}

/** the expired, open suspension notices of the office (every office for an administrator), each judged */
async function judgedNotices(db: Knex, today: string, policy: WorkOrderPolicy, scope: OfficeScope, filter: { route?: string; noticeIds?: number[]; limit?: number }): Promise<NoticeCandidateRow[]> {
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
      'n.suspension_date',
      db.raw('(SELECT SUM(i.balance) FROM invoices i WHERE i.account_id = a.id AND i.balance > 0) AS debt'),
      exclusionSql(db, today, policy),
    )
    .orderBy([{ column: 'a.cycle' }, { column: 'a.route' }, { column: 'a.route_sequence' }, { column: 'n.id' }]);
  if (scope !== null) q.where('b.office_id', scope);
  if (filter.route) q.where('a.route', filter.route);
  if (filter.noticeIds) q.where(inIdList(db, 'n.id', filter.noticeIds));
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

/** the candidates as the screen shows them; the radicados of the reclamos read only for the accounts left out by one */
async function candidatesOf(db: Knex, rows: NoticeCandidateRow[], today: string): Promise<SuspensionCandidate[]> {
  const claimed = [...new Set(rows.filter((r) => r.exclusion === 'reclamo').map((r) => Number(r.account_id)))];
  const disputes = await disputesByAccount(db, claimed, today);
  return rows.map((r) => {
    const accountId = Number(r.account_id);
    const exclusion = r.exclusion ?? null;
    let reason = exclusion === null ? `Aviso vencido el ${formatDate(r.suspension_date)}` : REASONS[exclusion];
    if (exclusion === 'reclamo') reason = `${REASONS.reclamo}: ${(disputes.get(accountId)?.disputes ?? []).map((d) => `${d.radicado} sobre la factura ${d.invoiceNumber}`).join(', ')}`;
    if (exclusion === 'uso_protegido') reason = `Uso ${r.use}: ${REASONS.uso_protegido.charAt(0).toLowerCase()}${REASONS.uso_protegido.slice(1)}`;
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
      reason,
    };
  });
}

export async function previewSuspensions(db: Knex, scope: OfficeScope, filter: { route?: string; limit: number }): Promise<SuspensionPreview> {
  const [today, policy] = await Promise.all([businessToday(db), getWorkOrderPolicy(db)]);
  const candidates = await candidatesOf(db, await judgedNotices(db, today, policy, scope, filter), today);
  const excluded: SuspensionPreview['excluded'] = {};
  for (const c of candidates) if (c.exclusion) excluded[c.exclusion] = (excluded[c.exclusion] ?? 0) + 1;
  return { today, candidates, eligibleCount: candidates.filter((c) => c.eligible).length, excluded };
}

interface RoundOrder {
  number: string;
  officeId: number;
  accountId: number;
  noticeId: number;
  originRef: string;
}

/**
 * The round's orders in ONE statement: their varying columns as one JSON parameter read back by the
 * engine in its order (json_each on SQLite, json_array_elements on PostgreSQL), so the ids follow the
 * route order; the columns every order shares bound once.
 */
async function insertRound(trx: Knex.Transaction, actor: Actor, orders: RoundOrder[], common: { priority: WorkOrderPriority; businessDate: string; createdAt: string; dueAt: string }): Promise<void> {
  const json = JSON.stringify(orders.map((o) => [o.number, o.officeId, o.accountId, o.noticeId, o.originRef.slice(0, 300)]));
  const columns = 'number, office_id, account_id, notice_id, origin_ref, type, origin, priority, state, business_date, created_at, created_by, created_by_name, due_at';
  const shared = [common.priority, common.businessDate, common.createdAt, actor.userId, actor.name.slice(0, 40), common.dueAt];
  if (engineOf(trx) === 'sqlite')
    await trx.raw(
      `WITH r AS MATERIALIZED (SELECT key AS n, jsonb(value) AS v FROM json_each(?)) INSERT INTO work_orders (${columns})` +
        ` SELECT v->>0, v->>1, v->>2, v->>3, v->>4, 'suspension', 'aviso', ?, 'pendiente', ?, ?, ?, ?, ? FROM r ORDER BY n`,
      [json, ...shared],
    );
  else
    await trx.raw(
      `INSERT INTO work_orders (${columns})` +
        ` SELECT v->>0, (v->>1)::integer, (v->>2)::integer, (v->>3)::integer, v->>4, 'suspension', 'aviso', ?, 'pendiente', ?, ?, ?, ?, ?` +
        ` FROM json_array_elements(?::json) WITH ORDINALITY AS r(v, n) ORDER BY n`,
      [...shared, json],
    );
}

/**
 * The accounts of the round's notices, their rows taken before the round judges them (db/dialect.ts
 * lockAccounts: all at once, in id order, as a bank file takes its accounts). PostgreSQL: a payment
 * in flight on one of them (its first read holds the row) is waited for, so the round's judgement
 * sees it; a payment arriving after waits for the round, and its payment effect then finds the new
 * order and cancels it (paymentEffect.ts). SQLite: nothing to take (one writer at a time), no read.
 */
async function lockRoundAccounts(trx: Knex.Transaction, scope: OfficeScope, noticeIds: number[]): Promise<void> {
  if (engineOf(trx) === 'sqlite') return;
  const q = trx('notices as n').join('notice_batches as b', 'b.id', 'n.batch_id').where(inIdList(trx, 'n.id', noticeIds));
  if (scope !== null) q.where('b.office_id', scope);
  const accountIds: (number | string)[] = await q.pluck('n.account_id');
  await lockAccounts(trx, accountIds.map(Number));
}

/** one suspension order per chosen notice, all eligible or nothing; numbered from one block per office; the whole round one transaction */
export async function generateSuspensions(db: Knex, actor: Actor, scope: OfficeScope, input: { noticeIds: number[]; priority: WorkOrderPriority }): Promise<GeneratedSuspensions> {
  const noticeIds = [...new Set(input.noticeIds)];
  const { numbers, blocks } = await retryingTransaction(db, async (trx) => {
    const [today, policy] = await Promise.all([businessToday(trx), getWorkOrderPolicy(trx)]);
    await lockRoundAccounts(trx, scope, noticeIds);
    // the chosen notices judged again, in one read (as the preview judges them), after the lock: a
    // payment that held an account until now is seen (the round is then refused naming it: pagó)
    const rows = await judgedNotices(trx, today, policy, scope, { noticeIds });
    const judged = await candidatesOf(trx, rows, today);
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
    // one block of the counter per office (one office unless an administrator's round spans several)
    const byOffice = new Map<number, number[]>();
    rows.forEach((r, i) => {
      const indexes = byOffice.get(Number(r.office_id));
      if (indexes) indexes.push(i);
      else byOffice.set(Number(r.office_id), [i]);
    });
    const numbers = new Array<string>(rows.length);
    const blocks: { officeId: number; first: string; last: string }[] = [];
    for (const [officeId, indexes] of byOffice) {
      const block = await orderNumbers(trx, officeId, today, indexes.length);
      indexes.forEach((index, k) => (numbers[index] = block[k]));
      blocks.push({ officeId, first: block[0], last: block[block.length - 1] });
    }
    const orders = judged.map((j, i) => ({ number: numbers[i], officeId: Number(rows[i].office_id), accountId: j.accountId, noticeId: j.noticeId, originRef: `Aviso de suspensión ${j.noticeNumber}` }));
    await insertRound(trx, actor, orders, { priority: input.priority, businessDate: today, createdAt, dueAt: hoursAfter(createdAt, policy.suspensionHours) });
    await writeAudit(trx, actor, { action: 'workOrders.suspensions', entity: 'work_order', entityId: null, after: { count: numbers.length, first: numbers[0], last: numbers[numbers.length - 1], notices: judged.map((j) => j.noticeNumber) } });
    return { numbers, blocks };
  });
  // the first 1,000 orders as the screens show them (each office's block is a range of its numbers)
  const shown: OrderDbRow[] = await orderQuery(db)
    .where((w) => {
      for (const b of blocks) void w.orWhere((x) => x.where('w.office_id', b.officeId).whereBetween('w.number', [b.first, b.last]));
    })
    .orderBy('w.id')
    .limit(1000);
  return { count: numbers.length, firstNumber: numbers[0] ?? null, lastNumber: numbers[numbers.length - 1] ?? null, orders: shown.map((r) => toOrderRow(r)) };
}
