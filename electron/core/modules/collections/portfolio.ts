/**
 * Cartera por edades: the company's accounts that owe, in age buckets, with amount and number of
 * accounts, by office, cycle, route, use or estrato — one grouped query over the open invoices (see
 * debt.ts) — and the accounts behind each cell, paged.
 */
import type { Knex } from 'knex';
import {
  AGE_BUCKETS,
  type AgeBucket,
  type BucketFigure,
  type Portfolio,
  type PortfolioAccount,
  type PortfolioAccounts,
  type PortfolioDimension,
  type PortfolioGroup,
  type Use,
} from '../../../../shared/contract';
import { bucketCase, bucketOfOldest, daysFrom, openDebtQuery, whereBuckets } from './debt';

/** accounts' office: the lowest-numbered office of the account's municipality (DANE code) */
export function officeMapQuery(db: Knex): Knex.QueryBuilder {
  return db('offices').groupBy('city_dane').select('city_dane', db.raw('MIN(id) AS office_id'));
}

function keyExpression(db: Knex, dimension: PortfolioDimension): Knex.Raw {
  switch (dimension) {
    case 'total':
      return db.raw(`'total'`);
    case 'oficina':
      return db.raw('om.office_id');
    case 'ciclo':
      return db.raw('a.cycle');
    case 'ruta':
      return db.raw(`a.cycle || '-' || a.route`);
    case 'uso':
      return db.raw('a.use');
    case 'estrato':
      return db.raw('a.estrato');
  }
}

/** the debts joined with their accounts (and the office map when the dimension needs it) */
function debtsWithAccounts(db: Knex, today: string, dimension: PortfolioDimension): Knex.QueryBuilder {
  const q = db.from(openDebtQuery(db, today).as('d')).join('accounts as a', 'a.id', 'd.account_id');
  if (dimension === 'oficina') q.leftJoin(officeMapQuery(db).as('om'), 'om.city_dane', 'a.city_dane');
  return q;
}

const emptyBuckets = (): Record<AgeBucket, BucketFigure> => Object.fromEntries(AGE_BUCKETS.map((b) => [b, { accounts: 0, amount: 0 }])) as Record<AgeBucket, BucketFigure>;

async function labelsFor(db: Knex, dimension: PortfolioDimension, keys: string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (dimension === 'oficina') {
    const offices: { id: number; code: string; name: string }[] = await db('offices').select('id', 'code', 'name');
    for (const o of offices) labels.set(String(o.id), `${o.code} · ${o.name}`);
  }
  for (const key of keys) {
    if (labels.has(key)) continue;
    if (key === '') labels.set(key, dimension === 'oficina' ? 'Sin oficina en su municipio' : dimension === 'estrato' ? 'Sin estrato' : '—');
    else if (dimension === 'total') labels.set(key, 'Total');
    else if (dimension === 'ciclo') labels.set(key, `Ciclo ${key}`);
    else if (dimension === 'ruta') labels.set(key, `Ciclo ${key.split('-')[0]} · ruta ${key.split('-').slice(1).join('-')}`);
    else if (dimension === 'estrato') labels.set(key, `Estrato ${key}`);
    else if (dimension === 'uso') labels.set(key, key.charAt(0).toUpperCase() + key.slice(1));
    else labels.set(key, key);
  }
  return labels;
}

export async function portfolio(db: Knex, today: string, dimension: PortfolioDimension): Promise<Portfolio> {
  const inner = debtsWithAccounts(db, today, dimension).select(db.raw('? AS k', [keyExpression(db, dimension)]), db.raw('? AS b', [bucketCase(db, 'd.oldest', today)]), 'd.debt');
  const rows: { k: string | number | null; b: AgeBucket; n: number | string; amount: number | string }[] = await db
    .from(inner.as('x'))
    .groupBy('x.k', 'x.b')
    .select('x.k', 'x.b', db.raw('COUNT(*) AS n'), db.raw('SUM(x.debt) AS amount'));
  const groups = new Map<string, PortfolioGroup>();
  const totals = emptyBuckets();
  for (const r of rows) {
    const key = r.k === null ? '' : String(r.k);
    let group = groups.get(key);
    if (!group) {
      group = { key, label: key, buckets: emptyBuckets(), accounts: 0, amount: 0 };
      groups.set(key, group);
    }
    const n = Number(r.n);
    const amount = Number(r.amount);
    group.buckets[r.b].accounts += n;
    group.buckets[r.b].amount += amount;
    group.accounts += n;
    group.amount += amount;
    totals[r.b].accounts += n;
    totals[r.b].amount += amount;
  }
  const labels = await labelsFor(db, dimension, [...groups.keys()]);
  const list = [...groups.values()].map((g) => ({ ...g, label: labels.get(g.key) ?? g.key }));
  list.sort((a, b) => (dimension === 'estrato' || dimension === 'ciclo' ? a.key.localeCompare(b.key, 'es', { numeric: true }) : b.amount - a.amount));
  const accounts = list.reduce((s, g) => s + g.accounts, 0);
  const amount = list.reduce((s, g) => s + g.amount, 0);
  return { today, dimension, totals, accounts, amount, overdueAmount: amount - totals.al_dia.amount, groups: list };
}

export interface PortfolioCell {
  dimension: PortfolioDimension;
  key?: string;
  bucket?: AgeBucket;
  offset: number;
  limit: number;
}

function whereKey(q: Knex.QueryBuilder, dimension: PortfolioDimension, key: string | undefined): void {
  if (key === undefined || dimension === 'total') return;
  if (key === '') {
    if (dimension === 'oficina') q.whereNull('om.office_id');
    else if (dimension === 'estrato') q.whereNull('a.estrato');
    return;
  }
  switch (dimension) {
    case 'oficina':
      q.where('om.office_id', Number(key) || -1);
      return;
    case 'ciclo':
      q.where('a.cycle', key);
      return;
    case 'ruta':
      q.whereRaw(`a.cycle || '-' || a.route = ?`, [key]);
      return;
    case 'uso':
      q.where('a.use', key);
      return;
    case 'estrato':
      q.where('a.estrato', Number(key) || -1);
      return;
  }
}

/** the accounts of a cell, oldest debt first, then the largest */
export async function portfolioAccounts(db: Knex, today: string, cell: PortfolioCell): Promise<PortfolioAccounts> {
  const base = () => {
    const q = debtsWithAccounts(db, today, cell.dimension);
    whereKey(q, cell.dimension, cell.key);
    if (cell.bucket) whereBuckets(q, 'd.oldest', [cell.bucket], today);
    return q;
  };
  const [{ n }] = (await base().count({ n: '*' })) as { n: number | string }[];
  const rows: { id: number; number: string; holder_name: string; address: string; cycle: string; route: string; use: Use; estrato: number | null; debt: number | string; oldest: string | null }[] = await base()
    .select('a.id', 'a.number', 'a.holder_name', 'a.address', 'a.cycle', 'a.route', 'a.use', 'a.estrato', 'd.debt', 'd.oldest')
    .orderByRaw('CASE WHEN d.oldest IS NULL THEN 1 ELSE 0 END, d.oldest, d.debt DESC, a.number')
    .offset(cell.offset)
    .limit(cell.limit);
  return { rows: rows.map((r) => toPortfolioAccount(r, today)), total: Number(n) };
}

export function toPortfolioAccount(
  r: { id: number; number: string; holder_name: string; address: string; cycle: string; route: string; use: Use; estrato: number | null; debt: number | string; oldest: string | null },
  today: string,
): PortfolioAccount {
  return {
    accountId: Number(r.id),
    accountNumber: r.number,
    holderName: r.holder_name,
    address: r.address,
    cycle: r.cycle,
    route: r.route,
    use: r.use,
    estrato: r.estrato === null ? null : Number(r.estrato),
    debt: Number(r.debt),
    daysPastDue: daysFrom(r.oldest, today),
    bucket: bucketOfOldest(r.oldest, today),
    oldestDueDate: r.oldest,
  };
}
