/**
 * Launching a campaign, set-based: the accounts that match the criteria are judged once, by the same
 * statement as the preview's (matchingQuery + exclusionReason, campaigns.ts), into a scratch table of
 * the connection (a TEMP table, the launch's staging: DESIGN.md, "Bulk work goes set-based"); the
 * counts come back aggregated, the sharing reads only what it needs (the qualifying debts in account
 * order, or one row per route), and the assignments are written with one INSERT … SELECT from the
 * scratch table, their age, bucket and priority computed there. So the 200,000 accounts of a whole
 * portfolio never travel to JavaScript and back as rows; only their debts do (one JSON array of
 * numbers) and each one's gestor (another). Plans and figures: tests/bench/README.md, "Collections".
 *
 * The sharing itself (to the gestor with the least debt so far) is sequential, so it stays in
 * JavaScript (shareByDebt / shareRoutes, the same functions distribute() uses): a window function
 * (ROW_NUMBER() modulo the gestores, a running SUM) would share differently.
 */
import type { Knex } from 'knex';
import { AGE_BUCKETS, AGE_BUCKET_LIMITS, type CampaignCriteria, type CampaignDistribution, type ExclusionReason } from '../../../../shared/contract';
import { addDays } from '../../../../shared/dates';
import { writeAudit } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { engineOf, retryingTransaction } from '../../db/dialect';
import { notFound, rule } from '../../errors';
import { bool, insertedId } from '../cashier/queries';
import { exclusionList, exclusionReason, matchingQuery, PRIORITY_STEP, shareByDebt, shareRoutes } from './campaigns';
import { officeScope, type Person } from './scope';
import { getContactRules, getPolicy } from './settings';

/** the launch's scratch tables, the connection's own (PostgreSQL drops them at commit; SQLite: dropped at the end) */
const JUDGED = 'collection_launch_judged';
const SHARE = 'collection_launch_share';
const ROUTES = 'collection_launch_routes';

async function scratchTable(trx: Knex.Transaction, name: string, columns: string): Promise<void> {
  if (engineOf(trx) === 'sqlite') {
    await trx.raw(`DROP TABLE IF EXISTS temp.${name}`);
    await trx.raw(`CREATE TEMP TABLE ${name} (${columns})`);
  } else await trx.raw(`CREATE TEMP TABLE ${name} (${columns}) ON COMMIT DROP`);
}

/**
 * SQLite: `work` with a 64 MB page cache instead of the default 2 MB, which cannot hold the indexes
 * the launch writes (the queue's index takes the accounts in random order) and spills dirty pages to
 * the WAL again and again (measured ~1.5× less CPU for the assignments' insert); then back.
 */
async function withLargeCache<T>(trx: Knex.Transaction, work: () => Promise<T>): Promise<T> {
  if (engineOf(trx) !== 'sqlite') return work();
  const before = Number(((await trx.raw('PRAGMA cache_size')) as { cache_size: number }[])[0].cache_size);
  await trx.raw('PRAGMA cache_size = -65536');
  try {
    return await work();
  } finally {
    await trx.raw(`PRAGMA cache_size = ${before}`);
  }
}

async function dropScratch(trx: Knex.Transaction): Promise<void> {
  if (engineOf(trx) === 'sqlite') for (const name of [JUDGED, SHARE, ROUTES]) await trx.raw(`DROP TABLE IF EXISTS temp.${name}`);
}

/**
 * Every account that matches the criteria, with the reason it is left out (NULL: it qualifies),
 * into JUDGED: the preview's statement, written to the scratch table instead of read back, each row
 * numbered in account order (n, the table's key: reading it in that order sorts nothing).
 * PostgreSQL: without JIT (see withoutJit in campaigns.ts: compiling it costs more than running it).
 */
async function judgeInto(trx: Knex.Transaction, today: string, criteria: CampaignCriteria): Promise<void> {
  const policy = await getPolicy(trx);
  const rules = await getContactRules(trx);
  await scratchTable(trx, JUDGED, 'n INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, debt BIGINT NOT NULL, oldest VARCHAR(10), cycle VARCHAR(10) NOT NULL, route VARCHAR(10) NOT NULL, reason VARCHAR(30)');
  if (engineOf(trx) === 'pg') await trx.raw('SET LOCAL jit = off');
  const { sql, bindings } = matchingQuery(trx, today, criteria)
    .select(trx.raw('ROW_NUMBER() OVER (ORDER BY a.id) AS n'), 'a.id', 'd.debt', 'd.oldest', 'a.cycle', 'a.route', trx.raw('? AS reason', [exclusionReason(trx, today, policy, rules)]))
    .toSQL();
  await trx.raw(`INSERT INTO ${JUDGED} (n, account_id, debt, oldest, cycle, route, reason) ${sql}`, bindings);
}

interface Tally {
  matching: number;
  chosen: number;
  totalDebt: number;
  /** the exclusions, in the order of their first account (the order the audit has always listed them in) */
  counts: Map<ExclusionReason, number>;
}

async function tallyJudged(trx: Knex.Transaction): Promise<Tally> {
  const rows: { reason: ExclusionReason | null; n: number | string; debt: number | string; first: number | string }[] = await trx(JUDGED)
    .groupBy('reason')
    .select('reason', trx.raw('COUNT(*) AS n'), trx.raw('SUM(debt) AS debt'), trx.raw('MIN(n) AS first'));
  const counts = new Map<ExclusionReason, number>();
  for (const r of [...rows].sort((a, b) => Number(a.first) - Number(b.first))) if (r.reason !== null) counts.set(r.reason, Number(r.n));
  const chosen = rows.find((r) => r.reason === null);
  return { matching: rows.reduce((s, r) => s + Number(r.n), 0), chosen: Number(chosen?.n ?? 0), totalDebt: Number(chosen?.debt ?? 0), counts };
}

/**
 * Days past due, bucket and priority of the column holding the oldest overdue date, in SQL: what
 * daysFrom, bucketOfOldest and priorityOf (campaigns.ts) give in JavaScript. The bucket by date
 * comparisons against today − 30, − 60… (as bucketCase in debt.ts); the days by the engine's date
 * arithmetic (the one dialect-specific piece).
 */
function ageSql(trx: Knex.Transaction, oldest: string, debt: string, today: string): { sql: string; bindings: string[] } {
  const bounds = AGE_BUCKETS.flatMap((bucket, index) => {
    const limit = AGE_BUCKET_LIMITS[bucket];
    return bucket === 'al_dia' || limit === null ? [] : [{ bucket, index, from: addDays(today, -limit) }];
  });
  const whens = (value: (b: (typeof bounds)[number]) => string) => bounds.map((b) => `WHEN ${oldest} >= ? THEN ${value(b)}`).join(' ');
  const froms = bounds.map((b) => b.from);
  const last = AGE_BUCKETS.length - 1;
  const days = engineOf(trx) === 'sqlite' ? `COALESCE(CAST(julianday(?) - julianday(${oldest}) AS INTEGER), 0)` : `COALESCE(CAST(? AS date) - CAST(${oldest} AS date), 0)`;
  const capped = `CASE WHEN ${debt} < ${PRIORITY_STEP - 1} THEN ${debt} ELSE ${PRIORITY_STEP - 1} END`;
  return {
    sql:
      `${days}, CASE WHEN ${oldest} IS NULL THEN 'al_dia' ${whens((b) => `'${b.bucket}'`)} ELSE '${AGE_BUCKETS[last]}' END,` +
      ` CASE WHEN ${oldest} IS NULL THEN 0 ${whens((b) => String(b.index * PRIORITY_STEP))} ELSE ${last * PRIORITY_STEP} END + ${capped}`,
    bindings: [today, ...froms, ...froms],
  };
}

const COLUMNS = 'campaign_id, account_id, gestor_id, office_id, debt, days_past_due, bucket, priority, state, broken_promise, active, contacts, updated_at';

/** a JSON array the engine reads back as rows of (n: its 1-based position, value) */
function jsonRows(trx: Knex.Transaction): string {
  return engineOf(trx) === 'sqlite' ? '(SELECT key + 1 AS n, value AS v FROM json_each(?))' : '(SELECT n, v FROM json_array_elements_text(CAST(? AS json)) WITH ORDINALITY AS e(v, n))';
}

/** the gestors' share of the campaign, for the audit: in the order the gestores were chosen */
type Shares = { gestorId: number; accounts: number; debt: number }[];

/**
 * By debt. The debts, in account order (NULL for an account left out), are shared in JavaScript
 * (shareByDebt); each qualifying account's gestor goes back as one JSON array in the same order, into
 * SHARE keyed by the same number; the assignments are written in account order (the indexes on
 * account_id then grow at their end; the queue's ties, equal priority, are broken by id, i.e. account
 * order: the order of the shares).
 */
async function writeByDebt(trx: Knex.Transaction, campaignId: number, officeId: number, at: string, today: string, gestorIds: readonly number[]): Promise<Shares> {
  const sqlite = engineOf(trx) === 'sqlite';
  const [row] = (await trx(JUDGED).select(
    trx.raw(`${sqlite ? 'json_group_array' : 'json_agg'}(CASE WHEN reason IS NULL THEN debt END ORDER BY n) AS debts`),
  )) as { debts: string | (number | string | null)[] }[];
  const all = typeof row.debts === 'string' ? (JSON.parse(row.debts) as (number | null)[]) : row.debts;
  const places: number[] = [];
  const debts: number[] = [];
  all.forEach((debt, i) => {
    if (debt === null) return;
    places.push(i + 1);
    debts.push(Number(debt));
  });
  const gestorOf = shareByDebt(debts, gestorIds.length);
  const byPlace: (number | null)[] = all.map(() => null);
  gestorOf.forEach((g, i) => (byPlace[places[i] - 1] = gestorIds[g]));
  await scratchTable(trx, SHARE, 'n INTEGER PRIMARY KEY, gestor_id INTEGER NOT NULL');
  await trx.raw(`INSERT INTO ${SHARE} (n, gestor_id) SELECT n, CAST(v AS integer) FROM ${jsonRows(trx)} AS s WHERE v IS NOT NULL`, [JSON.stringify(byPlace)]);
  const age = ageSql(trx, 'j.oldest', 'j.debt', today);
  await trx.raw(
    `INSERT INTO collection_assignments (${COLUMNS}) SELECT ?, j.account_id, s.gestor_id, ?, j.debt, ${age.sql}, 'pendiente', FALSE, TRUE, 0, ?` +
      ` FROM ${JUDGED} j JOIN ${SHARE} s ON s.n = j.n WHERE j.reason IS NULL ORDER BY j.n`,
    [campaignId, officeId, ...age.bindings, at],
  );
  const shares = gestorIds.map((gestorId) => ({ gestorId, accounts: 0, debt: 0 }));
  gestorOf.forEach((g, i) => {
    shares[g].accounts++;
    shares[g].debt += debts[i];
  });
  return shares;
}

/**
 * By route. One row per route (cycle and route) with its debt, shared in JavaScript (shareRoutes);
 * each route's gestor and its place in the sharing go into ROUTES; the assignments are written
 * gestor after gestor, their routes in the order they were shared, each route's accounts in account
 * order: the order among equal priorities a gestor's queue has always had here.
 */
async function writeByRoute(trx: Knex.Transaction, campaignId: number, officeId: number, at: string, today: string, gestorIds: readonly number[]): Promise<Shares> {
  const rows: { cycle: string; route: string; n: number | string; debt: number | string; first: number | string }[] = await trx(JUDGED)
    .whereNull('reason')
    .groupBy('cycle', 'route')
    .select('cycle', 'route', trx.raw('COUNT(*) AS n'), trx.raw('SUM(debt) AS debt'), trx.raw('MIN(n) AS first'));
  // in the order of their first account, as distribute() meets them
  const routes = rows
    .map((r) => ({ cycle: r.cycle, route: r.route, key: `${r.cycle}|${r.route}`, accounts: Number(r.n), debt: Number(r.debt), first: Number(r.first) }))
    .sort((a, b) => a.first - b.first);
  const shared = shareRoutes(routes, gestorIds.length);
  await scratchTable(trx, ROUTES, 'cycle VARCHAR(10) NOT NULL, route VARCHAR(10) NOT NULL, gestor_id INTEGER NOT NULL, gestor_place INTEGER NOT NULL, route_place INTEGER NOT NULL, PRIMARY KEY (cycle, route)');
  const places = shared.map((s, place) => ({ cycle: s.route.cycle, route: s.route.route, gestor_id: gestorIds[s.gestor], gestor_place: s.gestor, route_place: place }));
  for (let i = 0; i < places.length; i += 500) await trx(ROUTES).insert(places.slice(i, i + 500));
  const age = ageSql(trx, 'j.oldest', 'j.debt', today);
  await trx.raw(
    `INSERT INTO collection_assignments (${COLUMNS}) SELECT ?, j.account_id, r.gestor_id, ?, j.debt, ${age.sql}, 'pendiente', FALSE, TRUE, 0, ?` +
      ` FROM ${JUDGED} j JOIN ${ROUTES} r ON r.cycle = j.cycle AND r.route = j.route WHERE j.reason IS NULL ORDER BY r.gestor_place, r.route_place, j.n`,
    [campaignId, officeId, ...age.bindings, at],
  );
  const shares = gestorIds.map((gestorId) => ({ gestorId, accounts: 0, debt: 0 }));
  for (const s of shared) {
    shares[s.gestor].accounts += s.route.accounts;
    shares[s.gestor].debt += s.route.debt;
  }
  return shares;
}

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
    await judgeInto(trx, today, input.criteria);
    const { matching, chosen, totalDebt, counts } = await tallyJudged(trx);
    if (chosen === 0)
      throw rule(
        matching === 0
          ? 'La campaña no tiene cuentas: ninguna cuenta con deuda cumple los criterios. Amplíe los criterios.'
          : matching === 1
            ? 'La campaña no tiene cuentas: la única cuenta que cumple los criterios queda excluida (vea el motivo en la vista previa).'
            : `La campaña no tiene cuentas: las ${matching} cuentas que cumplen los criterios quedan excluidas (vea los motivos en la vista previa).`,
      );
    const at = nowTimestamp();
    const [row] = await trx('collection_campaigns')
      .insert({
        office_id: officeId,
        name: input.name,
        criteria_json: JSON.stringify(input.criteria),
        summary_json: JSON.stringify({ matching, excluded: exclusionList(counts) }),
        distribution: input.distribution,
        state: 'activa',
        account_count: chosen,
        total_debt: totalDebt,
        idempotency_key: input.idempotencyKey,
        created_by: who.userId,
        created_at: at,
      })
      .returning('id');
    const campaignId = insertedId(row);
    await trx('collection_campaign_gestores').insert(gestorIds.map((user_id) => ({ campaign_id: campaignId, user_id })));
    const write = input.distribution === 'deuda' ? writeByDebt : writeByRoute;
    const shares = await withLargeCache(trx, () => write(trx, campaignId, officeId, at, today, gestorIds));
    await dropScratch(trx);
    await writeAudit(trx, who.actor, {
      action: 'collections.campaign.launch',
      entity: 'collection_campaign',
      entityId: campaignId,
      after: { name: input.name, criteria: input.criteria, distribution: input.distribution, accounts: chosen, totalDebt, matching, excluded: Object.fromEntries(counts), gestores: shares },
    });
    return campaignId;
  });
}
