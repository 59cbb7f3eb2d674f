/**
 * Commissions of the gestores. The administrator's policy (commissionPolicy): a percentage of the
 * recovered amount by the account's age bucket when it was contacted, tiers by the month's goal
 * attained, and a cap. The coordinator liquidates a month per gestor; another coordinator (or the
 * administrator) approves it.
 *
 * The computation, in integer pesos (minor units), in this order:
 *   1. the month's payments attributed to the gestor (reports.ts, attributedPayments: the stated rule);
 *   2. each line: commission = ⌊amount × rate (basis points) ÷ 10 000⌋ — rounded down per line;
 *   3. base = Σ line commissions; recovered = Σ amounts;
 *   4. goal attained = ⌊recovered × 100 ÷ goal⌋ % (no goal: 100 %); the factor is the one of the highest
 *      tier whose «from %» it reaches; commission = ⌊base × factor ÷ 100⌋;
 *   5. above the cap (when there is one), the cap.
 *
 * The same data give the same liquidation: its content (policy and lines) is hashed, and liquidating
 * again with nothing changed returns the latest version as it was. When something changed (a payment
 * voided, a bank file that came late, a new policy) a new version replaces the previous one, which
 * stays on record as «reemplazada», and must be approved again.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { AGE_BUCKETS, type AgeBucket, type CommissionPolicy, type LiquidationDetail, type LiquidationLine, type LiquidationRow, type LiquidationState } from '../../../../shared/contract';
import { addDays } from '../../../../shared/dates';
import { writeAudit } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { retryingTransaction } from '../../db/dialect';
import { conflict, notFound, rule } from '../../errors';
import { bool, insertedId } from '../cashier/queries';
import { attributedPayments } from './reports';
import { checkOffice, officeScope, type Person, type Worker } from './scope';
import { getCommissionPolicy, getPolicy } from './settings';

/** the figures a liquidation shows (LiquidationRow's), with its lines and the hash of its content */
export interface Computed extends Pick<LiquidationRow, 'recovered' | 'base' | 'goal' | 'goalPercent' | 'factorPercent' | 'capApplied' | 'commission'> {
  lines: LiquidationLine[];
  hash: string;
}

export function monthRange(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

/** steps 2–5 above, on the lines of step 1 (pure: the tests count it by hand) */
export function computeCommission(items: Omit<LiquidationLine, 'rateBasisPoints' | 'commission'>[], policy: CommissionPolicy, identity: { gestorId: number; month: string }): Computed {
  const lines: LiquidationLine[] = items.map((l) => {
    const rate = policy.rateBasisPoints[l.bucket];
    return { ...l, rateBasisPoints: rate, commission: Math.floor((l.amount * rate) / 10_000) };
  });
  const recovered = lines.reduce((s, l) => s + l.amount, 0);
  const base = lines.reduce((s, l) => s + l.commission, 0);
  const goalPercent = policy.monthlyGoal > 0 ? Math.floor((recovered * 100) / policy.monthlyGoal) : null;
  const reached = goalPercent ?? 100;
  const tier = [...policy.tiers].sort((a, b) => b.fromPercent - a.fromPercent).find((t) => reached >= t.fromPercent);
  const factorPercent = policy.monthlyGoal > 0 ? (tier?.factorPercent ?? 0) : 100;
  let commission = Math.floor((base * factorPercent) / 100);
  const capApplied = policy.cap > 0 && commission > policy.cap;
  if (capApplied) commission = policy.cap;
  const hash = createHash('sha256')
    .update(JSON.stringify({ ...identity, policy, lines: lines.map((l) => [l.paymentId, l.amount, l.bucket, l.rateBasisPoints, l.commission, l.businessDate, l.contactDate]) }))
    .digest('hex');
  return { lines, recovered, base, goal: policy.monthlyGoal, goalPercent, factorPercent, capApplied, commission, hash };
}

async function computeFor(db: Knex, gestorId: number, month: string): Promise<{ computed: Computed; policy: CommissionPolicy; contactOf: Map<number, number> }> {
  const policy = await getCommissionPolicy(db);
  const collections = await getPolicy(db);
  const { from, to } = monthRange(month);
  const attributed = (await attributedPayments(db, from, to, collections.attributionDays)).filter((p) => p.gestorId === gestorId);
  const items = attributed.map((p) => ({
    paymentId: p.paymentId,
    receipt: p.receipt,
    accountNumber: p.accountNumber,
    businessDate: p.businessDate,
    source: p.source,
    amount: p.amount,
    bucket: p.bucket,
    contactDate: p.contactDate,
  }));
  return { computed: computeCommission(items, policy, { gestorId, month }), policy, contactOf: new Map(attributed.map((p) => [p.paymentId, p.contactId])) };
}

async function gestorInScope(db: Knex, w: Worker, gestorId: number): Promise<{ id: number; office_id: number; full_name: string }> {
  const g: { id: number; office_id: number; full_name: string; role: string } | undefined = await db('users').where({ id: gestorId }).first('id', 'office_id', 'full_name', 'role');
  if (!g || g.role !== 'gestor') throw notFound('El gestor');
  checkOffice(w, g.office_id, 'El gestor');
  return g;
}

export async function liquidate(db: Knex, who: Person, gestorId: number, month: string, today: string): Promise<{ id: number; created: boolean }> {
  const gestor = await gestorInScope(db, who, gestorId);
  if (`${month}-01` > today) throw rule(`El mes ${month.slice(5)}/${month.slice(0, 4)} aún no empieza: no hay nada que liquidar.`);
  return retryingTransaction(db, async (trx) => {
    const { computed, policy, contactOf } = await computeFor(trx, gestorId, month);
    const latest: { id: number; version: number; state: LiquidationState; content_hash: string } | undefined = await trx('collection_liquidations')
      .where({ gestor_id: gestorId, month })
      .whereNot('state', 'reemplazada')
      .orderBy('version', 'desc')
      .first('id', 'version', 'state', 'content_hash');
    if (latest && latest.content_hash === computed.hash) return { id: Number(latest.id), created: false };
    const last = (await trx('collection_liquidations').where({ gestor_id: gestorId, month }).max({ version: 'version' }).first()) as { version: number | null } | undefined;
    const version = Number(last?.version ?? 0) + 1;
    const at = nowTimestamp();
    const [row] = await trx('collection_liquidations')
      .insert({
        office_id: gestor.office_id,
        gestor_id: gestorId,
        month,
        version,
        state: 'por_aprobar',
        recovered: computed.recovered,
        base: computed.base,
        goal: computed.goal,
        factor_percent: computed.factorPercent,
        cap_applied: computed.capApplied,
        commission: computed.commission,
        line_count: computed.lines.length,
        content_hash: computed.hash,
        policy_json: JSON.stringify(policy),
        created_by: who.userId,
        created_at: at,
      })
      .returning('id');
    const id = insertedId(row);
    const lines = computed.lines.map((l) => ({
      liquidation_id: id,
      payment_id: l.paymentId,
      contact_id: contactOf.get(l.paymentId),
      receipt: l.receipt,
      account_number: l.accountNumber,
      business_date: l.businessDate,
      source: l.source,
      amount: l.amount,
      bucket: l.bucket,
      rate_bp: l.rateBasisPoints,
      commission: l.commission,
      contact_date: l.contactDate,
    }));
    for (let i = 0; i < lines.length; i += 300) await trx('collection_liquidation_lines').insert(lines.slice(i, i + 300));
    if (latest) await trx('collection_liquidations').where({ id: latest.id }).update({ state: 'reemplazada' });
    await writeAudit(trx, who.actor, {
      action: 'collections.commission.liquidate',
      entity: 'collection_liquidation',
      entityId: id,
      before: latest ? { id: latest.id, version: latest.version, state: latest.state, contentHash: latest.content_hash } : undefined,
      after: {
        gestorId,
        month,
        version,
        recovered: computed.recovered,
        base: computed.base,
        goalPercent: computed.goalPercent,
        factorPercent: computed.factorPercent,
        capApplied: computed.capApplied,
        commission: computed.commission,
        lines: computed.lines.length,
        contentHash: computed.hash,
      },
    });
    return { id, created: true };
  });
}

interface LiquidationDbRow {
  id: number;
  office_id: number;
  office_code: string;
  gestor_id: number;
  gestor_name: string;
  month: string;
  version: number;
  state: LiquidationState;
  recovered: number | string;
  base: number | string;
  goal: number | string;
  factor_percent: number;
  cap_applied: unknown;
  commission: number | string;
  line_count: number;
  content_hash: string;
  policy_json: string;
  created_at: string;
  created_by: number | null;
  created_by_name: string | null;
  approved_at: string | null;
  approved_by_name: string | null;
}

function liquidationQuery(db: Knex): Knex.QueryBuilder {
  return db('collection_liquidations as l')
    .join('offices as o', 'o.id', 'l.office_id')
    .join('users as g', 'g.id', 'l.gestor_id')
    .leftJoin('users as c', 'c.id', 'l.created_by')
    .leftJoin('users as a', 'a.id', 'l.approved_by')
    .select('l.*', 'o.code as office_code', 'g.full_name as gestor_name', 'c.full_name as created_by_name', 'a.full_name as approved_by_name');
}

function toRow(r: LiquidationDbRow, stale: boolean): LiquidationRow {
  const recovered = Number(r.recovered);
  const goal = Number(r.goal);
  return {
    id: Number(r.id),
    officeCode: r.office_code,
    gestorId: Number(r.gestor_id),
    gestor: r.gestor_name,
    month: r.month,
    version: Number(r.version),
    state: r.state,
    recovered,
    base: Number(r.base),
    goal,
    goalPercent: goal > 0 ? Math.floor((recovered * 100) / goal) : null,
    factorPercent: Number(r.factor_percent),
    capApplied: bool(r.cap_applied),
    commission: Number(r.commission),
    lines: Number(r.line_count),
    contentHash: r.content_hash,
    createdAt: r.created_at,
    createdBy: r.created_by_name ?? '',
    approvedAt: r.approved_at,
    approvedBy: r.approved_by_name,
    stale,
  };
}

async function isStale(db: Knex, r: LiquidationDbRow): Promise<boolean> {
  if (r.state === 'reemplazada') return false;
  const { computed } = await computeFor(db, Number(r.gestor_id), r.month);
  return computed.hash !== r.content_hash;
}

export async function listLiquidations(db: Knex, w: Worker, month?: string): Promise<LiquidationRow[]> {
  const q = liquidationQuery(db).orderBy([{ column: 'l.month', order: 'desc' }, { column: 'g.full_name' }, { column: 'l.version', order: 'desc' }]).limit(300);
  const office = officeScope(w);
  if (office !== null) q.where('l.office_id', office);
  if (month) q.where('l.month', month);
  const rows = (await q) as LiquidationDbRow[];
  const result: LiquidationRow[] = [];
  for (const r of rows) result.push(toRow(r, await isStale(db, r)));
  return result;
}

export async function liquidationDetail(db: Knex, w: Worker, id: number): Promise<LiquidationDetail> {
  const r = (await liquidationQuery(db).where('l.id', id).first()) as LiquidationDbRow | undefined;
  if (!r) throw notFound('La liquidación');
  checkOffice(w, r.office_id, 'La liquidación');
  const lines: { payment_id: number; receipt: string; account_number: string; business_date: string; source: 'caja' | 'banco'; amount: number | string; bucket: AgeBucket; rate_bp: number; commission: number | string; contact_date: string }[] =
    await db('collection_liquidation_lines').where({ liquidation_id: id }).orderBy([{ column: 'business_date' }, { column: 'payment_id' }]);
  const items: LiquidationLine[] = lines.map((l) => ({
    paymentId: Number(l.payment_id),
    receipt: l.receipt,
    accountNumber: l.account_number,
    businessDate: l.business_date,
    source: l.source,
    amount: Number(l.amount),
    bucket: l.bucket,
    rateBasisPoints: Number(l.rate_bp),
    commission: Number(l.commission),
    contactDate: l.contact_date,
  }));
  const policy = JSON.parse(r.policy_json) as CommissionPolicy;
  const byBucket = AGE_BUCKETS.map((bucket) => {
    const mine = items.filter((i) => i.bucket === bucket);
    return { bucket, amount: mine.reduce((s, i) => s + i.amount, 0), rateBasisPoints: policy.rateBasisPoints[bucket], commission: mine.reduce((s, i) => s + i.commission, 0) };
  }).filter((b) => b.amount > 0);
  return { ...toRow(r, await isStale(db, r)), byBucket, items, policy };
}

/** approval by another coordinator of the office, or an administrator (nobody approves their own liquidation) */
export async function approveLiquidation(db: Knex, who: Person, id: number): Promise<void> {
  await retryingTransaction(db, async (trx) => {
    const r = (await liquidationQuery(trx).where('l.id', id).first()) as LiquidationDbRow | undefined;
    if (!r) throw notFound('La liquidación');
    checkOffice(who, r.office_id, 'La liquidación');
    if (r.state === 'aprobada') return; // a second click
    if (r.state === 'reemplazada') throw conflict('Esta versión fue reemplazada por una más reciente: apruebe la última.');
    if (r.created_by !== null && Number(r.created_by) === who.userId) throw rule('Quien liquida no aprueba su propia liquidación: debe aprobarla otro coordinador o el administrador.');
    if (await isStale(trx, r)) throw rule('Los pagos del mes cambiaron desde que se liquidó (un pago anulado o llegado después): liquide de nuevo y apruebe la nueva versión.');
    const after = { state: 'aprobada', approved_by: who.userId, approved_at: nowTimestamp() };
    await trx('collection_liquidations').where({ id, state: 'por_aprobar' }).update(after);
    await writeAudit(trx, who.actor, { action: 'collections.commission.approve', entity: 'collection_liquidation', entityId: id, before: { state: r.state }, after: { ...after, commission: Number(r.commission), contentHash: r.content_hash } });
  });
}
