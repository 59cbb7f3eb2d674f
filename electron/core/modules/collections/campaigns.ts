/**
 * Campaigns: the coordinator's criteria (bucket, minimum debt, cycle/route, use, estrato, notice stage,
 * a phone or e-mail on record) pick the accounts that owe; the exclusions leave some out, each with its
 * reason (EXCLUSION_REASONS, checked in that order); the rest are shared among the chosen gestores
 * (evenly by debt, or whole routes) and wait in their queues ordered by priority.
 *
 * Set-based: one grouped read of the open invoices with the criteria, and one read per exclusion of
 * the (small) tables that cause it, kept in maps; the assignments go in multi-row inserts.
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
  type CampaignCandidate,
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
import { retryingTransaction } from '../../db/dialect';
import { notFound, rule } from '../../errors';
import { bool, insertedId } from '../cashier/queries';
import { getCompany } from '../setup/service';
import { openDebtQuery, whereBuckets } from './debt';
import { toPortfolioAccount } from './portfolio';
import { checkOffice, inScope, officeScope, type Person, type Worker } from './scope';
import { getContactRules, getPolicy } from './settings';

const CHUNK = 500;
const PRIORITY_STEP = 1_000_000_000_000;

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

/** the accounts that owe and meet the criteria */
function matchingQuery(db: Knex, today: string, criteria: CampaignCriteria): Knex.QueryBuilder {
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
  return q.select('a.id', 'a.number', 'a.holder_name', 'a.address', 'a.cycle', 'a.route', 'a.use', 'a.estrato', 'a.phone', 'a.email', 'd.debt', 'd.oldest');
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

/** what causes an exclusion, read once per table */
async function exclusionMaps(db: Knex, today: string, policy: CollectionsPolicy, rules: ContactRules): Promise<Exclusions> {
  const reclamos = new Map<number, { radicado: string; officeId: number }>();
  const rows: { account_id: number; radicado: string; office_id: number }[] = await db('pqrs as p')
    .join('radicados as r', 'r.id', 'p.radicado_id')
    .whereNotNull('p.account_id')
    .whereIn('p.type', ['reclamo', 'recurso_reposicion', 'reposicion_apelacion'])
    .whereNotIn('p.state', ['cerrada', 'anulada'])
    // about an invoice still owed, or about the account as a whole
    .where((w) => w.whereNull('p.invoice_id').orWhereExists(db('invoices as i').whereRaw('i.id = p.invoice_id').where('i.balance', '>', 0).select(db.raw('1'))))
    .orderBy('p.id')
    .select('p.account_id', 'r.number as radicado', 'p.office_id');
  for (const r of rows) if (!reclamos.has(Number(r.account_id))) reclamos.set(Number(r.account_id), { radicado: r.radicado, officeId: Number(r.office_id) });

  const promises = new Map<number, string>();
  const open: { account_id: number; promised_date: string }[] = await db('collection_promises').where({ state: 'pendiente' }).where('window_end', '>=', today).select('account_id', 'promised_date');
  for (const p of open) promises.set(Number(p.account_id), p.promised_date);

  const payments = new Map<number, { date: string; amount: number }>();
  if (policy.paidSinceDays > 0) {
    const paid: { account_id: number; date: string; amount: number | string }[] = await db('payments')
      .where({ status: 'vigente' })
      .where('business_date', '>=', addDays(today, -policy.paidSinceDays))
      .groupBy('account_id')
      .select('account_id', db.raw('MAX(business_date) AS date'), db.raw('SUM(amount) AS amount'));
    for (const p of paid) payments.set(Number(p.account_id), { date: p.date, amount: Number(p.amount) });
  }

  const campaigns = new Map<number, { name: string; officeId: number }>();
  const assigned: { account_id: number; name: string; office_id: number }[] = await db('collection_assignments as x')
    .join('collection_campaigns as c', 'c.id', 'x.campaign_id')
    .where('x.active', true)
    .select('x.account_id', 'c.name', 'c.office_id');
  for (const a of assigned) campaigns.set(Number(a.account_id), { name: a.name, officeId: Number(a.office_id) });

  const authorised = new Map<number, { allowed: boolean }>();
  const points: { account_id: number; relation: string }[] = await db('collection_contact_points')
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
 * Why an account is left out. The exclusion holds company-wide, but another office's radicado or
 * campaign is not named to whoever is not of that office (`viewerOffice` null: an administrator).
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

interface Judged {
  candidates: (CampaignCandidate & { priority: number })[];
  matching: number;
}

async function judgeAll(db: Knex, today: string, criteria: CampaignCriteria, viewerOffice: number | null): Promise<Judged & { counts: Map<ExclusionReason, number> }> {
  // one after another: `db` may be a transaction (one connection)
  const policy = await getPolicy(db);
  const rules = await getContactRules(db);
  const company = await getCompany(db);
  const rows = (await matchingQuery(db, today, criteria)) as CandidateRow[];
  const ex = await exclusionMaps(db, today, policy, rules);
  const counts = new Map<ExclusionReason, number>();
  const candidates = rows.map((r) => {
    const verdict = judge(r, ex, policy, company.currency, viewerOffice);
    if (verdict.reason) counts.set(verdict.reason, (counts.get(verdict.reason) ?? 0) + 1);
    const account = toPortfolioAccount(r, today);
    return { ...account, reason: verdict.reason, reasonText: verdict.text, priority: priorityOf(AGE_BUCKETS.indexOf(account.bucket), account.debt) };
  });
  return { candidates, matching: rows.length, counts };
}

function exclusionList(counts: Map<ExclusionReason, number>) {
  return EXCLUSION_REASONS.map((reason) => ({ reason, label: EXCLUSION_LABELS[reason], count: counts.get(reason) ?? 0 }));
}

/** account numbers are ASCII: a plain comparison (localeCompare costs seconds over a whole portfolio) */
const ascii = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byPriority = (a: { priority: number; accountNumber: string }, b: { priority: number; accountNumber: string }) => b.priority - a.priority || ascii(a.accountNumber, b.accountNumber);

/** `viewerOffice`: the caller's office (null: an administrator), for what the exclusions may name */
export async function previewCampaign(db: Knex, today: string, criteria: CampaignCriteria, viewerOffice: number | null): Promise<CampaignPreview> {
  const { candidates, matching, counts } = await judgeAll(db, today, criteria, viewerOffice);
  const qualifying = candidates.filter((c) => c.reason === null).sort(byPriority);
  const strip = ({ priority: _, ...c }: CampaignCandidate & { priority: number }): CampaignCandidate => c;
  return {
    today,
    matching,
    qualifying: qualifying.length,
    qualifyingDebt: qualifying.reduce((s, c) => s + c.debt, 0),
    excluded: exclusionList(counts),
    sample: qualifying.slice(0, 200).map(strip),
    excludedSample: candidates
      .filter((c) => c.reason !== null)
      .sort(byPriority)
      .slice(0, 200)
      .map(strip),
  };
}

/**
 * Shares the accounts among the gestores: by debt, each account (largest first) goes to whoever has
 * the least debt so far; by route, whole routes (largest first) go the same way, so that a gestor
 * keeps the accounts of a neighbourhood. Ties go to the gestor listed first.
 */
export function distribute<T extends { debt: number; cycle: string; route: string }>(accounts: readonly T[], gestorIds: readonly number[], how: CampaignDistribution): Map<number, T[]> {
  const share = new Map<number, T[]>(gestorIds.map((g) => [g, []]));
  const load = new Map<number, number>(gestorIds.map((g) => [g, 0]));
  const lightest = () => gestorIds.reduce((best, g) => ((load.get(g) ?? 0) < (load.get(best) ?? 0) ? g : best), gestorIds[0]);
  const groups: T[][] =
    how === 'deuda'
      ? [...accounts].sort((a, b) => b.debt - a.debt).map((a) => [a])
      : [...groupBy(accounts, (a) => `${a.cycle}|${a.route}`).values()].sort((a, b) => sum(b) - sum(a) || `${a[0].cycle}|${a[0].route}`.localeCompare(`${b[0].cycle}|${b[0].route}`));
  for (const group of groups) {
    const g = lightest();
    share.get(g)?.push(...group);
    load.set(g, (load.get(g) ?? 0) + sum(group));
  }
  return share;
}
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
const sum = (items: readonly { debt: number }[]) => items.reduce((s, a) => s + a.debt, 0);

export interface LaunchInput {
  idempotencyKey: string;
  name: string;
  criteria: CampaignCriteria;
  gestorIds: number[];
  distribution: CampaignDistribution;
}

export async function launchCampaign(db: Knex, who: Person, today: string, input: LaunchInput): Promise<number> {
  const gestorIds = [...new Set(input.gestorIds)];
  return retryingTransaction(db, async (trx) => {
    const existing: { id: number } | undefined = await trx('collection_campaigns').where({ idempotency_key: input.idempotencyKey }).first('id');
    if (existing) return Number(existing.id);
    const gestores: { id: number; role: string; active: unknown; office_id: number; full_name: string }[] = await trx('users').whereIn('id', gestorIds).select('id', 'role', 'active', 'office_id', 'full_name');
    // the campaign is the office's of its gestores: a coordinator's own office; an administrator works
    // for the whole company and launches for the office of the gestores chosen (one office per campaign)
    const scope = officeScope(who);
    const first = gestores.find((x) => Number(x.id) === gestorIds[0]);
    const officeId = scope ?? (first ? Number(first.office_id) : who.officeId);
    for (const gid of gestorIds) {
      const g = gestores.find((x) => Number(x.id) === gid);
      if (!g || (scope !== null && Number(g.office_id) !== officeId)) throw notFound(`El gestor con id ${gid} en esta oficina`);
      if (Number(g.office_id) !== officeId) throw rule('Los gestores de una campaña son de una misma oficina: elija gestores de una sola oficina.');
      if (g.role !== 'gestor') throw rule(`${g.full_name} no es gestor de cobro: solo los gestores reciben cuentas de una campaña.`);
      if (!bool(g.active)) throw rule(`${g.full_name} está desactivado: no puede recibir cuentas.`);
    }
    const { candidates, matching, counts } = await judgeAll(trx, today, input.criteria, scope);
    const chosen = candidates.filter((c) => c.reason === null);
    if (chosen.length === 0)
      throw rule(
        matching === 0
          ? 'La campaña no tiene cuentas: ninguna cuenta con deuda cumple los criterios. Amplíe los criterios.'
          : matching === 1
            ? 'La campaña no tiene cuentas: la única cuenta que cumple los criterios queda excluida (vea el motivo en la vista previa).'
            : `La campaña no tiene cuentas: las ${matching} cuentas que cumplen los criterios quedan excluidas (vea los motivos en la vista previa).`,
      );
    const at = nowTimestamp();
    const totalDebt = chosen.reduce((s, c) => s + c.debt, 0);
    const summary = { matching, excluded: exclusionList(counts) };
    const [row] = await trx('collection_campaigns')
      .insert({
        office_id: officeId,
        name: input.name,
        criteria_json: JSON.stringify(input.criteria),
        summary_json: JSON.stringify(summary),
        distribution: input.distribution,
        state: 'activa',
        account_count: chosen.length,
        total_debt: totalDebt,
        idempotency_key: input.idempotencyKey,
        created_by: who.userId,
        created_at: at,
      })
      .returning('id');
    const campaignId = insertedId(row);
    await trx('collection_campaign_gestores').insert(gestorIds.map((user_id) => ({ campaign_id: campaignId, user_id })));
    const shares = distribute(chosen, gestorIds, input.distribution);
    const rows = [...shares.entries()].flatMap(([gestorId, accounts]) =>
      accounts.map((a) => ({
        campaign_id: campaignId,
        account_id: a.accountId,
        gestor_id: gestorId,
        office_id: officeId,
        debt: a.debt,
        days_past_due: a.daysPastDue,
        bucket: a.bucket,
        priority: a.priority,
        state: 'pendiente',
        broken_promise: false,
        active: true,
        contacts: 0,
        updated_at: at,
      })),
    );
    for (let i = 0; i < rows.length; i += CHUNK) await trx('collection_assignments').insert(rows.slice(i, i + CHUNK));
    await writeAudit(trx, who.actor, {
      action: 'collections.campaign.launch',
      entity: 'collection_campaign',
      entityId: campaignId,
      after: {
        name: input.name,
        criteria: input.criteria,
        distribution: input.distribution,
        accounts: chosen.length,
        totalDebt,
        matching,
        excluded: Object.fromEntries(counts),
        gestores: [...shares.entries()].map(([g, a]) => ({ gestorId: g, accounts: a.length, debt: sum(a) })),
      },
    });
    return campaignId;
  });
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

export async function campaignDetail(db: Knex, w: Worker, campaignId: number): Promise<CampaignDetail> {
  const r = (await campaignQuery(db).where('c.id', campaignId).first()) as CampaignDbRow | undefined;
  if (!r) throw notFound('La campaña');
  checkOffice(w, r.office_id, 'La campaña');
  if (w.role === 'gestor') {
    const mine = await db('collection_campaign_gestores').where({ campaign_id: campaignId, user_id: w.userId }).first('user_id');
    if (!mine) throw notFound('La campaña');
  }
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
