/**
 * Campaigns: the coordinator's criteria (bucket, minimum debt, cycle/route, use, estrato, notice stage,
 * a phone or e-mail on record) pick the accounts that owe; the exclusions leave some out, each with its
 * reason (EXCLUSION_REASONS, checked in that order); the rest are shared among the chosen gestores
 * (evenly by debt, or whole routes) and wait in their queues ordered by priority.
 *
 * Set-based: the open invoices grouped per account with the criteria, and every exclusion judged in
 * the same statement (exclusionReason, a CASE of EXISTS), read back narrow (id, number, debt, age,
 * reason) as one JSON array (judgeAll); the preview counts it and reads whole accounts only for its
 * two samples. The launch (launch.ts) runs the same statement into a scratch table and writes the
 * assignments from it, sharing them with shareByDebt / shareRoutes (below). The plans and figures:
 * tests/bench/README.md.
 *
 * Priority: the older the debt, the sooner (age bucket), and within a bucket the larger debt first:
 * priority = bucket index × 10¹² + debt (capped below 10¹²), one integer the queue's index sorts.
 */
import type { Knex } from 'knex';
import {
  AGE_BUCKETS,
  AGE_BUCKET_LABELS,
  EXCLUSION_LABELS,
  EXCLUSION_REASONS,
  NOTICE_KIND_LABELS,
  type CampaignCriteria,
  type CampaignDetail,
  type CampaignDistribution,
  type CampaignGestorStats,
  type CampaignPreview,
  type CampaignRow,
  type CollectionsPolicy,
  type ExclusionReason,
  type GestorRow,
  type NoticeKind,
  type Use,
} from '../../../../shared/contract';
import type { ContactRules } from '../../../../shared/contactRules';
import { addDays, formatDate } from '../../../../shared/dates';
import { formatMoney, type CurrencyCode } from '../../../../shared/money';
import { writeAudit } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { engineOf, retryingTransaction } from '../../db/dialect';
import { notFound } from '../../errors';
import { getCompany } from '../setup/service';
import { bucketOfOldest, openDebtQuery, whereBuckets } from './debt';
import { toPortfolioAccount } from './portfolio';
import { checkOffice, inScope, officeScope, type Worker } from './scope';
import { getContactRules, getPolicy } from './settings';

export const PRIORITY_STEP = 1_000_000_000_000;
/** how many accounts the preview shows, qualifying and excluded */
const SAMPLE = 200;
const RECLAMO_TYPES = ['reclamo', 'recurso_reposicion', 'reposicion_apelacion'];
const CLOSED_PQR = ['cerrada', 'anulada'];

interface CandidateRow {
  id: number;
  number: string;
  holder_name: string;
  address: string;
  cycle: string;
  route: string;
  use: Use;
  estrato: number | null;
  phone: string;
  email: string;
  debt: number | string;
  oldest: string | null;
}

const openNotice = (db: Knex, kind?: NoticeKind) => {
  const q = db('notices as n').whereRaw('n.account_id = a.id').whereNot('n.state', 'cerrado').select(db.raw('1'));
  return kind ? q.where('n.kind', kind) : q;
};

/** the accounts that owe and meet the criteria: `d` (debt, oldest) joined to `a` (the account), no columns chosen yet */
export function matchingQuery(db: Knex, today: string, criteria: CampaignCriteria): Knex.QueryBuilder {
  const q = db.from(openDebtQuery(db, today).as('d')).join('accounts as a', 'a.id', 'd.account_id');
  if (criteria.buckets.length > 0) whereBuckets(q, 'd.oldest', criteria.buckets, today);
  else q.whereNotNull('d.oldest'); // every overdue bucket
  if (criteria.minDebt !== undefined) q.where('d.debt', '>=', criteria.minDebt);
  if (criteria.cycle) q.where('a.cycle', criteria.cycle);
  if (criteria.route) q.where('a.route', criteria.route);
  if (criteria.use) q.where('a.use', criteria.use);
  if (criteria.estrato !== undefined) q.where('a.estrato', criteria.estrato);
  if (criteria.noticeStage === 'ninguno') q.whereNotExists(openNotice(db));
  else if (criteria.noticeStage !== 'cualquiera') q.whereExists(openNotice(db, criteria.noticeStage));
  if (criteria.channel !== 'cualquiera') {
    const column = criteria.channel === 'telefono' ? 'a.phone' : 'a.email';
    q.where((w) =>
      w.whereNot(column, '').orWhereExists(
        db('collection_contact_points as cp').whereRaw('cp.account_id = a.id').where({ 'cp.kind': criteria.channel, 'cp.active': true }).select(db.raw('1')),
      ),
    );
  }
  return q;
}

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/**
 * Why a matching account is left out, as one SQL expression over the matching query's `a` and `d`:
 * the checks of judge() in the same order (EXCLUSION_REASONS), NULL when it qualifies. Each is a
 * correlated EXISTS served by an index on account_id, so the whole portfolio is judged in the
 * database instead of in maps of every reclamo, commitment, payment and assignment. Written by hand:
 * the query builder has no CASE … WHEN EXISTS. judge() stays for the texts of the preview's sample
 * (which name a radicado, a date, a campaign).
 */
export function exclusionReason(db: Knex, today: string, policy: CollectionsPolicy, rules: ContactRules): Knex.Raw {
  const whens: string[] = [];
  const bindings: Knex.RawBinding[] = [];
  const when = (reason: ExclusionReason, condition: string, values: readonly Knex.RawBinding[] = []) => {
    whens.push(`WHEN ${condition} THEN '${reason}'`);
    bindings.push(...values);
  };
  if (policy.protectedUses.length > 0) when('uso_protegido', `a.use IN (${placeholders(policy.protectedUses)})`, policy.protectedUses);
  // about an invoice still owed, or about the account as a whole
  when(
    'reclamo_abierto',
    `EXISTS (SELECT 1 FROM pqrs p JOIN radicados r ON r.id = p.radicado_id WHERE p.account_id = a.id AND p.type IN (${placeholders(RECLAMO_TYPES)}) AND p.state NOT IN (${placeholders(CLOSED_PQR)})` +
      ` AND (p.invoice_id IS NULL OR EXISTS (SELECT 1 FROM invoices pi WHERE pi.id = p.invoice_id AND pi.balance > 0)))`,
    [...RECLAMO_TYPES, ...CLOSED_PQR],
  );
  when('compromiso_vigente', `EXISTS (SELECT 1 FROM collection_promises pr WHERE pr.account_id = a.id AND pr.state = 'pendiente' AND pr.window_end >= ?)`, [today]);
  if (policy.paidSinceDays > 0)
    when('pago_reciente', `EXISTS (SELECT 1 FROM payments pay WHERE pay.account_id = a.id AND pay.status = 'vigente' AND pay.business_date >= ?)`, [addDays(today, -policy.paidSinceDays)]);
  when('otra_campana', `EXISTS (SELECT 1 FROM collection_assignments x JOIN collection_campaigns c ON c.id = x.campaign_id WHERE x.account_id = a.id AND x.active)`);
  // a channel authorised for collections: by the contract (the account's own phone or e-mail, when the
  // policy says so), or a contact point of a relation the rules allow; only others': the rules' refusal
  const point = `SELECT 1 FROM collection_contact_points cp WHERE cp.account_id = a.id AND cp.authorised AND cp.active AND cp.purposes LIKE '%,cobranza,%'`;
  const relations = rules.relations.length > 0 ? `cp.relation IN (${placeholders(rules.relations)})` : '1 = 0';
  const noChannel = `${policy.contractDataAuthorised ? `NOT (TRIM(a.phone) <> '' OR TRIM(a.email) <> '') AND ` : ''}NOT EXISTS (${point} AND ${relations})`;
  when('reglas_contacto', `${noChannel} AND EXISTS (${point})`, rules.relations);
  when('sin_canal_autorizado', noChannel, rules.relations);
  return db.raw(`CASE ${whens.join(' ')} ELSE NULL END`, bindings);
}

interface Exclusions {
  /** the first open reclamo or recurso of the account: its radicado and office */
  reclamos: Map<number, { radicado: string; officeId: number }>;
  promises: Map<number, string>;
  payments: Map<number, { date: string; amount: number }>;
  campaigns: Map<number, { name: string; officeId: number }>;
  /** authorised for collections: allowed by the rules' relations, or only by others */
  authorised: Map<number, { allowed: boolean }>;
}

/** what causes the exclusion of these (few) accounts, with the details their texts name */
async function exclusionMaps(db: Knex, today: string, policy: CollectionsPolicy, rules: ContactRules, accountIds: number[]): Promise<Exclusions> {
  const reclamos = new Map<number, { radicado: string; officeId: number }>();
  const rows: { account_id: number; radicado: string; office_id: number }[] = await db('pqrs as p')
    .join('radicados as r', 'r.id', 'p.radicado_id')
    .whereIn('p.account_id', accountIds)
    .whereIn('p.type', RECLAMO_TYPES)
    .whereNotIn('p.state', CLOSED_PQR)
    // about an invoice still owed, or about the account as a whole
    .where((w) => w.whereNull('p.invoice_id').orWhereExists(db('invoices as i').whereRaw('i.id = p.invoice_id').where('i.balance', '>', 0).select(db.raw('1'))))
    .orderBy('p.id')
    .select('p.account_id', 'r.number as radicado', 'p.office_id');
  for (const r of rows) if (!reclamos.has(Number(r.account_id))) reclamos.set(Number(r.account_id), { radicado: r.radicado, officeId: Number(r.office_id) });

  const promises = new Map<number, string>();
  const open: { account_id: number; promised_date: string }[] = await db('collection_promises')
    .whereIn('account_id', accountIds)
    .where({ state: 'pendiente' })
    .where('window_end', '>=', today)
    .orderBy('id')
    .select('account_id', 'promised_date');
  for (const p of open) promises.set(Number(p.account_id), p.promised_date);

  const payments = new Map<number, { date: string; amount: number }>();
  if (policy.paidSinceDays > 0) {
    const paid: { account_id: number; date: string; amount: number | string }[] = await db('payments')
      .whereIn('account_id', accountIds)
      .where({ status: 'vigente' })
      .where('business_date', '>=', addDays(today, -policy.paidSinceDays))
      .groupBy('account_id')
      .select('account_id', db.raw('MAX(business_date) AS date'), db.raw('SUM(amount) AS amount'));
    for (const p of paid) payments.set(Number(p.account_id), { date: p.date, amount: Number(p.amount) });
  }

  const campaigns = new Map<number, { name: string; officeId: number }>();
  const assigned: { account_id: number; name: string; office_id: number }[] = await db('collection_assignments as x')
    .join('collection_campaigns as c', 'c.id', 'x.campaign_id')
    .whereIn('x.account_id', accountIds)
    .whereRaw('x.active') // the partial index's predicate, literally (see scope.ts)
    .select('x.account_id', 'c.name', 'c.office_id');
  for (const a of assigned) campaigns.set(Number(a.account_id), { name: a.name, officeId: Number(a.office_id) });

  const authorised = new Map<number, { allowed: boolean }>();
  const points: { account_id: number; relation: string }[] = await db('collection_contact_points')
    .whereIn('account_id', accountIds)
    .where({ authorised: true, active: true })
    .where('purposes', 'like', '%,cobranza,%')
    .select('account_id', 'relation');
  for (const p of points) {
    const allowed = (rules.relations as readonly string[]).includes(p.relation);
    const seen = authorised.get(Number(p.account_id));
    authorised.set(Number(p.account_id), { allowed: Boolean(seen?.allowed) || allowed });
  }
  return { reclamos, promises, payments, campaigns, authorised };
}

/**
 * Why an account is left out, with the detail. The exclusion holds company-wide, but another office's
 * radicado or campaign is not named to whoever is not of that office (`viewerOffice` null: an
 * administrator). The same checks, in the same order, as exclusionReason() in SQL.
 */
function judge(row: CandidateRow, ex: Exclusions, policy: CollectionsPolicy, currency: CurrencyCode, viewerOffice: number | null): { reason: ExclusionReason | null; text: string } {
  const ours = (officeId: number) => viewerOffice === null || viewerOffice === officeId;
  const id = Number(row.id);
  if ((policy.protectedUses as readonly string[]).includes(row.use)) return { reason: 'uso_protegido', text: `Uso ${row.use}: protección especial (política de cobranza)` };
  const reclamo = ex.reclamos.get(id);
  if (reclamo) return { reason: 'reclamo_abierto', text: ours(reclamo.officeId) ? `Reclamo o recurso ${reclamo.radicado} abierto` : 'Reclamo o recurso abierto en otra oficina' };
  const promise = ex.promises.get(id);
  if (promise) return { reason: 'compromiso_vigente', text: `Compromiso de pago para el ${formatDate(promise)}` };
  const paid = ex.payments.get(id);
  if (paid) return { reason: 'pago_reciente', text: `Pagó ${formatMoney(paid.amount, currency)} el ${formatDate(paid.date)}` };
  const campaign = ex.campaigns.get(id);
  if (campaign) return { reason: 'otra_campana', text: ours(campaign.officeId) ? `Está en la campaña «${campaign.name}»` : 'Está en una campaña de otra oficina' };
  const auth = ex.authorised.get(id);
  const byContract = policy.contractDataAuthorised && (row.phone.trim() !== '' || row.email.trim() !== '');
  if (!byContract && !auth?.allowed) {
    if (auth) return { reason: 'reglas_contacto', text: 'Solo tiene datos autorizados de referencias o terceros: se contacta solo al deudor' };
    return { reason: 'sin_canal_autorizado', text: 'Sin teléfono ni correo autorizados para cobranza (Ley 1581 de 2012)' };
  }
  return { reason: null, text: '' };
}

export function priorityOf(bucketIndex: number, debt: number): number {
  return bucketIndex * PRIORITY_STEP + Math.min(debt, PRIORITY_STEP - 1);
}

/** a matching account as the preview needs it (the rest of the account is read only for its samples) */
interface Judged {
  accountId: number;
  number: string;
  debt: number;
  oldest: string | null;
  reason: ExclusionReason | null;
  priority: number;
}

/**
 * Every account that matches the criteria with the reason it is left out (null: it qualifies), in
 * one statement: the open invoices grouped per account, the criteria, and exclusionReason(). The
 * rows come back as ONE JSON array (json_group_array on SQLite, json_agg on PostgreSQL): for a
 * whole portfolio that costs half of reading them as rows (200,000 accounts: ~0.7 s of CPU against
 * ~1.2 s, measured on the bench's database). Written by hand for that aggregate.
 */
async function judgeAll(db: Knex, today: string, criteria: CampaignCriteria, policy: CollectionsPolicy, rules: ContactRules): Promise<Judged[]> {
  const inner = matchingQuery(db, today, criteria).select('a.id', 'a.number', 'd.debt', 'd.oldest', db.raw('? AS reason', [exclusionReason(db, today, policy, rules)]));
  const fields = 'j.id, j.number, j.debt, j.oldest, j.reason';
  const aggregate = engineOf(db) === 'sqlite' ? `json_group_array(json_array(${fields}))` : `json_agg(json_build_array(${fields}))`;
  const read = async (q: Knex) => (await q.from(inner.as('j')).select(q.raw(`${aggregate} AS rows`))) as { rows: string | unknown[] | null }[];
  const [row] = engineOf(db) === 'sqlite' ? await read(db) : await withoutJit(db, read);
  const list = (typeof row.rows === 'string' ? JSON.parse(row.rows) : (row.rows ?? [])) as [number, string, number | string, string | null, ExclusionReason | null][];
  const bucketIndex = memo((oldest: string | null) => AGE_BUCKETS.indexOf(bucketOfOldest(oldest, today)));
  return list.map(([id, number, debt, oldest, reason]) => {
    const amount = Number(debt);
    return { accountId: Number(id), number: String(number), debt: amount, oldest, reason, priority: priorityOf(bucketIndex(oldest), amount) };
  });
}

/** `f` remembered per argument: an account's age comes from one of a few due dates */
function memo<K, V>(f: (key: K) => V): (key: K) => V {
  const seen = new Map<K, V>();
  return (key) => {
    if (!seen.has(key)) seen.set(key, f(key));
    return seen.get(key) as V;
  };
}

/**
 * PostgreSQL: runs `work` with JIT compilation off. The judging statement's estimated cost (one
 * subplan per exclusion) passes jit_above_cost, and compiling it took 3.2 of its 3.9 s on 20,000
 * accounts (EXPLAIN ANALYZE in tests/bench/README.md); run as it is, it takes 0.6 s.
 */
async function withoutJit<T>(db: Knex, work: (trx: Knex) => Promise<T>): Promise<T> {
  const off = async (trx: Knex.Transaction) => {
    await trx.raw('SET LOCAL jit = off');
    return work(trx);
  };
  const trx = db as Knex.Transaction;
  return trx.isTransaction ? off(trx) : db.transaction(off);
}

function tally(judged: readonly Judged[]): Map<ExclusionReason, number> {
  const counts = new Map<ExclusionReason, number>();
  for (const j of judged) if (j.reason !== null) counts.set(j.reason, (counts.get(j.reason) ?? 0) + 1);
  return counts;
}

export function exclusionList(counts: Map<ExclusionReason, number>) {
  return EXCLUSION_REASONS.map((reason) => ({ reason, label: EXCLUSION_LABELS[reason], count: counts.get(reason) ?? 0 }));
}

/** account numbers are ASCII: a plain comparison (localeCompare costs seconds over a whole portfolio) */
const ascii = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byPriority = (a: { priority: number; number: string }, b: { priority: number; number: string }) => b.priority - a.priority || ascii(a.number, b.number);

/** the whole rows of the sample's accounts, in the sample's order */
async function candidateRows(db: Knex, sample: readonly Judged[]): Promise<CandidateRow[]> {
  const accounts: Omit<CandidateRow, 'debt' | 'oldest'>[] = await db('accounts')
    .whereIn(
      'id',
      sample.map((s) => s.accountId),
    )
    .select('id', 'number', 'holder_name', 'address', 'cycle', 'route', 'use', 'estrato', 'phone', 'email');
  const byId = new Map(accounts.map((a) => [Number(a.id), a]));
  return sample.flatMap((s) => {
    const a = byId.get(s.accountId);
    return a ? [{ ...a, debt: s.debt, oldest: s.oldest }] : [];
  });
}

/**
 * `viewerOffice`: the caller's office (null: an administrator), for what the exclusions may name.
 * The portfolio is judged in the database (judgeAll); only the samples' accounts are read whole,
 * and only the excluded sample's causes are read in detail, for their texts.
 */
export async function previewCampaign(db: Knex, today: string, criteria: CampaignCriteria, viewerOffice: number | null): Promise<CampaignPreview> {
  // one after another: `db` may be a transaction (one connection)
  const policy = await getPolicy(db);
  const rules = await getContactRules(db);
  const company = await getCompany(db);
  const judged = await judgeAll(db, today, criteria, policy, rules);
  const qualifying = judged.filter((j) => j.reason === null).sort(byPriority);
  const sample = await candidateRows(db, qualifying.slice(0, SAMPLE));
  const excluded = await candidateRows(
    db,
    judged
      .filter((j) => j.reason !== null)
      .sort(byPriority)
      .slice(0, SAMPLE),
  );
  const ex = await exclusionMaps(
    db,
    today,
    policy,
    rules,
    excluded.map((r) => Number(r.id)),
  );
  return {
    today,
    matching: judged.length,
    qualifying: qualifying.length,
    qualifyingDebt: qualifying.reduce((s, c) => s + c.debt, 0),
    excluded: exclusionList(tally(judged)),
    sample: sample.map((r) => ({ ...toPortfolioAccount(r, today), reason: null, reasonText: '' })),
    excludedSample: excluded.map((r) => {
      const verdict = judge(r, ex, policy, company.currency, viewerOffice);
      return { ...toPortfolioAccount(r, today), reason: verdict.reason, reasonText: verdict.text };
    }),
  };
}

/**
 * By debt: each account, largest first (equal debts in the order given), goes to the gestor with the
 * least debt so far; ties to the gestor listed first. The place of each account's gestor (0 … gestors − 1),
 * in the order given. Plain arrays and loops: this runs once per account of a whole portfolio.
 */
export function shareByDebt(debts: readonly number[], gestors: number): Int32Array {
  const order = Array.from(debts.keys()).sort((a, b) => debts[b] - debts[a] || a - b);
  const loads = new Float64Array(gestors);
  const gestorOf = new Int32Array(debts.length);
  for (const i of order) {
    const best = lightest(loads);
    gestorOf[i] = best;
    loads[best] += debts[i];
  }
  return gestorOf;
}

/** the place of the gestor with the least debt so far (the first listed among equals) */
function lightest(loads: Float64Array): number {
  let best = 0;
  for (let g = 1; g < loads.length; g++) if (loads[g] < loads[best]) best = g;
  return best;
}

/**
 * By route: whole routes, the largest debt first (equal debts by their key, then in the order given),
 * each to the gestor with the least debt so far, ties to the gestor listed first. The routes in the
 * order they were shared, each with its gestor's place.
 */
export function shareRoutes<R extends { key: string; debt: number }>(routes: readonly R[], gestors: number): { route: R; gestor: number }[] {
  const loads = new Float64Array(gestors);
  return [...routes]
    .sort((a, b) => b.debt - a.debt || a.key.localeCompare(b.key))
    .map((route) => {
      const best = lightest(loads);
      loads[best] += route.debt;
      return { route, gestor: best };
    });
}

/**
 * Shares the accounts among the gestores (shareByDebt, shareRoutes): by debt, each account (largest
 * first) goes to whoever has the least debt so far; by route, whole routes (largest first) go the same
 * way, so that a gestor keeps the accounts of a neighbourhood. Ties go to the gestor listed first.
 * Each gestor's accounts in the order they were given to them. (The launch shares the same way in
 * launch.ts, without building the accounts' objects.)
 */
export function distribute<T extends { debt: number; cycle: string; route: string }>(accounts: readonly T[], gestorIds: readonly number[], how: CampaignDistribution): Map<number, T[]> {
  const ids = [...new Set(gestorIds)];
  const shares: T[][] = ids.map(() => []);
  if (how === 'deuda') {
    const gestorOf = shareByDebt(
      accounts.map((a) => a.debt),
      ids.length,
    );
    const order = Array.from(accounts.keys()).sort((a, b) => accounts[b].debt - accounts[a].debt || a - b);
    for (const i of order) shares[gestorOf[i]].push(accounts[i]);
  } else {
    const groups = new Map<string, T[]>();
    for (const a of accounts) {
      const key = `${a.cycle}|${a.route}`;
      const group = groups.get(key);
      if (group) group.push(a);
      else groups.set(key, [a]);
    }
    const routes = [...groups].map(([key, group]) => ({ key, group, debt: group.reduce((s, a) => s + a.debt, 0) }));
    for (const { route, gestor } of shareRoutes(routes, ids.length)) shares[gestor].push(...route.group);
  }
  return new Map(ids.map((id, g) => [id, shares[g]]));
}

interface CampaignDbRow {
  id: number;
  office_id: number;
  office_code: string;
  name: string;
  state: 'activa' | 'cerrada';
  distribution: CampaignDistribution;
  account_count: number;
  total_debt: number | string;
  created_at: string;
  created_by_name: string | null;
  closed_at: string | null;
  criteria_json: string;
  summary_json: string;
  close_note: string;
  pending: number | string | null;
}

function campaignQuery(db: Knex): Knex.QueryBuilder {
  const pending = db('collection_assignments as x').whereRaw('x.campaign_id = c.id').where('x.active', true).whereIn('x.state', ['pendiente', 'en_espera']).count('*');
  return db('collection_campaigns as c')
    .join('offices as o', 'o.id', 'c.office_id')
    .leftJoin('users as u', 'u.id', 'c.created_by')
    .select('c.*', 'o.code as office_code', 'u.full_name as created_by_name', pending.as('pending'));
}

function toCampaignRow(r: CampaignDbRow): CampaignRow {
  return {
    id: Number(r.id),
    officeCode: r.office_code,
    name: r.name,
    state: r.state,
    distribution: r.distribution,
    accounts: Number(r.account_count),
    debt: Number(r.total_debt),
    pending: Number(r.pending ?? 0),
    createdAt: r.created_at,
    createdBy: r.created_by_name ?? '',
    closedAt: r.closed_at,
  };
}

export async function listCampaigns(db: Knex, w: Worker, state?: 'activa' | 'cerrada'): Promise<CampaignRow[]> {
  const q = inScope(campaignQuery(db), w, 'c.office_id').orderBy('c.id', 'desc').limit(500);
  if (state) q.where('c.state', state);
  if (w.role === 'gestor') q.whereExists(db('collection_campaign_gestores as g').whereRaw('g.campaign_id = c.id').where('g.user_id', w.userId).select(db.raw('1')));
  return ((await q) as CampaignDbRow[]).map(toCampaignRow);
}

export function criteriaText(c: CampaignCriteria, currency: CurrencyCode): string[] {
  const lines = [c.buckets.length ? `Edades: ${c.buckets.map((b) => AGE_BUCKET_LABELS[b]).join(', ')}` : 'Edades: toda la cartera vencida'];
  if (c.minDebt !== undefined) lines.push(`Deuda desde ${formatMoney(c.minDebt, currency)}`);
  if (c.cycle) lines.push(`Ciclo ${c.cycle}`);
  if (c.route) lines.push(`Ruta ${c.route}`);
  if (c.use) lines.push(`Uso ${c.use}`);
  if (c.estrato !== undefined) lines.push(`Estrato ${c.estrato}`);
  if (c.noticeStage === 'ninguno') lines.push('Sin avisos abiertos');
  else if (c.noticeStage !== 'cualquiera') lines.push(`Con ${NOTICE_KIND_LABELS[c.noticeStage].toLowerCase()} abierto`);
  if (c.channel === 'telefono') lines.push('Con teléfono');
  if (c.channel === 'correo') lines.push('Con correo electrónico');
  return lines;
}

/** the campaign as the worker may see it: another office's, or (for a gestor) one not assigned to them, answers NOT_FOUND */
async function visibleCampaign(db: Knex, w: Worker, campaignId: number): Promise<CampaignDbRow> {
  const r = (await campaignQuery(db).where('c.id', campaignId).first()) as CampaignDbRow | undefined;
  if (!r) throw notFound('La campaña');
  checkOffice(w, r.office_id, 'La campaña');
  if (w.role === 'gestor') {
    const mine = await db('collection_campaign_gestores').where({ campaign_id: campaignId, user_id: w.userId }).first('user_id');
    if (!mine) throw notFound('La campaña');
  }
  return r;
}

/** checks that the worker sees the campaign (see visibleCampaign); its name */
export async function campaignName(db: Knex, w: Worker, campaignId: number): Promise<string> {
  return (await visibleCampaign(db, w, campaignId)).name;
}

export async function campaignDetail(db: Knex, w: Worker, campaignId: number): Promise<CampaignDetail> {
  const r = await visibleCampaign(db, w, campaignId);
  const company = await getCompany(db);
  const stats: { gestor_id: number; full_name: string; n: number | string; debt: number | string; pending: number | string; worked: number | string; waiting: number | string; closed: number | string }[] = await db(
    'collection_assignments as x',
  )
    .join('users as u', 'u.id', 'x.gestor_id')
    .where('x.campaign_id', campaignId)
    .groupBy('x.gestor_id', 'u.full_name')
    .select(
      'x.gestor_id',
      'u.full_name',
      db.raw('COUNT(*) AS n'),
      db.raw('SUM(x.debt) AS debt'),
      db.raw(`SUM(CASE WHEN x.state = 'pendiente' THEN 1 ELSE 0 END) AS pending`),
      db.raw(`SUM(CASE WHEN x.state IN ('gestionada', 'compromiso') THEN 1 ELSE 0 END) AS worked`),
      db.raw(`SUM(CASE WHEN x.state = 'en_espera' THEN 1 ELSE 0 END) AS waiting`),
      db.raw(`SUM(CASE WHEN x.state = 'cerrada' THEN 1 ELSE 0 END) AS closed`),
    );
  const contacts: { gestor_id: number; n: number | string; effective: number | string }[] = await db('collection_contacts')
    .where({ campaign_id: campaignId })
    .groupBy('gestor_id')
    .select('gestor_id', db.raw('COUNT(*) AS n'), db.raw('SUM(CASE WHEN effective THEN 1 ELSE 0 END) AS effective'));
  const gestores: CampaignGestorStats[] = stats
    .map((s) => {
      const c = contacts.find((x) => Number(x.gestor_id) === Number(s.gestor_id));
      return {
        gestorId: Number(s.gestor_id),
        fullName: s.full_name,
        accounts: Number(s.n),
        debt: Number(s.debt),
        pending: Number(s.pending),
        worked: Number(s.worked),
        waiting: Number(s.waiting),
        closed: Number(s.closed),
        contacts: Number(c?.n ?? 0),
        effective: Number(c?.effective ?? 0),
      };
    })
    .sort((a, b) => a.fullName.localeCompare(b.fullName, 'es'));
  const criteria = JSON.parse(r.criteria_json) as CampaignCriteria;
  const summary = JSON.parse(r.summary_json) as { excluded: CampaignDetail['excluded'] };
  return { ...toCampaignRow(r), criteria, criteriaText: criteriaText(criteria, company.currency), excluded: summary.excluded, gestores, closeNote: r.close_note };
}

/** closes a campaign: its accounts leave the queues, its pending callbacks are cancelled */
export async function closeCampaign(db: Knex, w: Worker, campaignId: number, note: string): Promise<void> {
  await retryingTransaction(db, async (trx) => {
    const c: { id: number; office_id: number; state: string; name: string } | undefined = await trx('collection_campaigns').where({ id: campaignId }).first('id', 'office_id', 'state', 'name');
    if (!c) throw notFound('La campaña');
    checkOffice(w, c.office_id, 'La campaña');
    if (c.state === 'cerrada') return; // a second click: already closed
    const at = nowTimestamp();
    await trx('collection_campaigns').where({ id: campaignId }).update({ state: 'cerrada', closed_at: at, closed_by: w.userId, close_note: note });
    const left = await trx('collection_assignments').where({ campaign_id: campaignId, active: true }).whereIn('state', ['pendiente', 'en_espera']).count({ n: '*' });
    await trx('collection_assignments').where({ campaign_id: campaignId }).update({ active: false, updated_at: at });
    const cancelled = await trx('collection_callbacks').where({ campaign_id: campaignId, state: 'pendiente' }).update({ state: 'cancelada' });
    await writeAudit(trx, w.actor, {
      action: 'collections.campaign.close',
      entity: 'collection_campaign',
      entityId: campaignId,
      before: { state: c.state },
      after: { state: 'cerrada', note, accountsLeftPending: Number((left[0] as { n: number | string }).n), callbacksCancelled: cancelled },
    });
  });
}

export async function listGestores(db: Knex, w: Worker): Promise<GestorRow[]> {
  const pending = db('collection_assignments as x').whereRaw('x.gestor_id = u.id').where('x.active', true).whereIn('x.state', ['pendiente', 'en_espera']).count('*');
  const q = db('users as u').join('offices as o', 'o.id', 'u.office_id').where({ 'u.role': 'gestor', 'u.active': true }).orderBy('u.full_name').select('u.id', 'u.full_name', 'u.username', 'o.code', pending.as('pending'));
  const office = officeScope(w);
  if (office !== null) q.where('u.office_id', office); // an administrator (every office) sees each gestor with their office's code
  const rows: { id: number; full_name: string; username: string; code: string; pending: number | string }[] = await q;
  return rows.map((r) => ({ id: Number(r.id), fullName: r.full_name, username: r.username, officeCode: r.code, pending: Number(r.pending) }));
}
