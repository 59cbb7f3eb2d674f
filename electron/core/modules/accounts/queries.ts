import type { Knex } from 'knex';
import type { AccountDetail, AccountSummary, InvoiceDetail, InvoiceRow } from '../../../../shared/contract';
import { normalizeForSearch } from '../../../../shared/text';
import { engineOf } from '../../db/dialect';
import { ftsQuery, hasWordIndex, prefixTsQuery, searchWords, whereWordsStart, wordsStartSql } from '../../db/wordIndex';
import { NAME_WORDS_SQL } from '../../db/migrations/045_account_name_words';
import { notFound } from '../../errors';

interface AccountDbRow {
  id: number;
  number: string;
  holder_name: string;
  id_type: AccountSummary['idType'];
  id_number: string;
  address: string;
  neighborhood: string;
  city_dane: string;
  estrato: number | null;
  use: AccountDetail['use'];
  status: AccountSummary['status'];
  cycle: string;
  route: string;
  route_sequence: number;
  meter_number: string;
  phone: string;
  email: string;
  notice_address: string;
  credit_balance: number | string;
  updated_at: string;
}

interface InvoiceDbRow {
  id: number;
  number: string;
  account_id: number;
  period: string;
  issue_date: string;
  due_date: string;
  suspension_date: string | null;
  previous_reading: number | null;
  current_reading: number | null;
  consumption_m3: number;
  payment_reference: string;
  total: number | string;
  balance: number | string;
}

const SUMMARY_COLUMNS = ['id', 'number', 'holder_name', 'id_type', 'id_number', 'address', 'meter_number', 'status'] as const;

/** The first character after every string that starts with `prefix` (for index-friendly prefix ranges). */
function prefixUpperBound(prefix: string): string {
  return prefix + '\uffff';
}

/**
 * The words of a name search as the terms of the GIN index of migration 045: each run of letters and
 * digits of each word typed (the index's expression turns '#' and '-' into spaces). Their prefix query
 * is a necessary condition of the LIKEs it goes with (a word of the name that starts with the word
 * typed holds every run of it, the first as a prefix), so it narrows their rows and changes no result.
 */
function nameWordRuns(words: string[]): string[] {
  return words.flatMap((word) => word.split(/[^A-Z0-9]+/)).filter(Boolean);
}

/**
 * How many accounts the words' FTS5 index may return before the search walks the names in order
 * instead (SQLite). Under it the index drives: the ids it found are read and sorted (a name nobody
 * has: 3.7 / 6.9 ms p50 / p99 at 1,000,000 accounts, against 86–118 ms for the walk). Over it the
 * words are common, and the walk in name order with the LIKEs meets twenty matches sooner than the
 * index can sort them all: on the large bench's names, where every pair of words is shared by
 * 26,000–28,600 accounts, the walk took 8.1 / 31.0 ms (p50 / p99), the index joined and sorted
 * 29.1 / 67.8 ms, and this probe of 2,001 rows 8.7 / 17.3 ms (load < 1; tests/bench/README.md,
 * "Account searches …", lead). With 20,000 here the probe read ten times the rows for the same answer.
 * Since words24 the walk over the distinct names (`walkDistinctNames`) answers such names first; this
 * probe runs only where it gave way (names nearly all different).
 */
const WORDS_INDEX_DRIVES_UP_TO = 2_000;

/**
 * Narrows the words' scan `q` (over `accounts`) through the words' index: on PostgreSQL the GIN index
 * (migration 045); on SQLite the FTS5 index `account_words`, by the ids its probe found, when they
 * are few enough (see above). Otherwise `q` walks every name in order.
 */
async function narrowToNameWords(db: Knex, q: Knex.QueryBuilder, words: string[]): Promise<void> {
  if (engineOf(db) === 'pg') {
    const runs = nameWordRuns(words);
    if (runs.length > 0) q.whereRaw(`${NAME_WORDS_SQL} @@ to_tsquery('simple', ?)`, [prefixTsQuery(runs)]);
    return;
  }
  if (!(await hasWordIndex(db, 'account_words'))) return;
  const ids = await db('account_words')
    .whereRaw('account_words MATCH ?', [ftsQuery(words)])
    .limit(WORDS_INDEX_DRIVES_UP_TO + 1)
    .pluck('rowid');
  if (ids.length <= WORDS_INDEX_DRIVES_UP_TO) q.whereIn('id', ids);
}

/**
 * How many distinct names the walk over the distinct names (`walkDistinctNames`) visits before it
 * gives way to the words' index. On the large bench's names the words in another order need at most
 * 64 (the deepest first match comes after 63 names); 128 leaves twice that. What the cap costs where
 * the walk gives way (a rare word among names nearly all different): 128 steps, 1.27 / 4.78 ms
 * (p50 / p99) of the statement on SQLite (300 searches `GOMEZ QXWZn`, load 2.6), 222 buffers and
 * 1.7–5.7 ms on PostgreSQL (`EXPLAIN (ANALYZE, BUFFERS)`, load 4.8), where `walkMayAnswer` spares it
 * for rare words.
 */
const DISTINCT_NAMES_WALKED_UP_TO = 128;

/**
 * Past that cap the walk goes on while more than half the names it visited are crowded (each held by
 * at least `CROWDED_NAME` accounts, so that a step spares at least as many accounts of a walk in name
 * order), up to `CROWDED_NAMES_WALKED_UP_TO` names. On the large bench's names a given name and the
 * first surname (`yolanda rojas`) find their first match after up to 300 names: with the cap alone
 * those searches fell back to the walk in name order (144 such queries on SQLite: 6.5 ms p50, 603 ms
 * at most); with this, 3.1 / 17.7 ms (PostgreSQL 6.1 / 11.5 ms; base 39.3 / 138.0 and 45.1 / 64.2
 * ms), load 2.4–3. A name nobody has then walks all 384 names and needs no probe: 2.84 / 4.41 ms
 * (p50 / p99, SQLite, load 3.4). The extra count per step reads at most 16 entries of the B-tree.
 */
const CROWDED_NAME = 16;
const CROWDED_NAMES_WALKED_UP_TO = 2_048;

type SummaryRow = Pick<AccountDbRow, (typeof SUMMARY_COLUMNS)[number]>;

const STATISTICS_READ_EVERY_MS = 10 * 60_000;
const commonWords = new WeakMap<Knex, { at: number; words: string[] }>();

/**
 * Whether the walk over the distinct names may answer: on PostgreSQL only when every run typed starts
 * a word the statistics of migration 045's index call most common (`pg_stats.most_common_elems` of
 * its expression: the 24 words of the large bench's names; none where ANALYZE has not run yet, and
 * then the index answers as before). A rare word makes the GIN index cheap, and the walk could only
 * end at its cap: a name nobody has went from 3.62 / 9.18 ms (p50 / p99) to 7.90 / 27.39 ms with
 * the walk first, and is 3.04 / 10.31 ms with this check (1,000,000 accounts, load 2.7–4.5,
 * tests/bench/README.md, words24). Read at most every ten minutes per connection pool (0.1 ms on the
 * server; a stale list only changes which way answers, never the accounts found).
 *
 * SQLite keeps no such statistics (FTS5 counts a word's accounts only by reading its whole list, as
 * the probe does), so it always tries the walk first: the probe of a common word with a rare one
 * costs 7.03 ms p50 there against 1.27 ms for the walk's first 128 names.
 */
async function walkMayAnswer(db: Knex, words: string[]): Promise<boolean> {
  if (engineOf(db) !== 'pg') return true;
  let known = commonWords.get(db);
  if (!known || Date.now() - known.at > STATISTICS_READ_EVERY_MS) {
    const row: { words: string[] | null } | undefined = await db('pg_stats')
      .where({ tablename: 'accounts_search_name_words', attname: 'to_tsvector' })
      .whereRaw('schemaname = current_schema()')
      .first(db.raw('most_common_elems::text::text[] AS words'));
    known = { at: Date.now(), words: (row?.words ?? []).map((w) => w.toUpperCase()) };
    // no statistics yet (a new database): asked again at the next search, so that ANALYZE counts at once
    if (known.words.length > 0) commonWords.set(db, known);
  }
  const common = known.words;
  return nameWordRuns(words).every((run) => common.some((word) => word.startsWith(run)));
}

/**
 * The first `limit` accounts in name order whose name has every word typed, found by walking the
 * distinct names in order (a "skip scan" of the `search_name` B-tree: one seek to the next name
 * greater than the last, in one recursive statement) and reading the accounts of the names that match;
 * null when the walk gave way (after `DISTINCT_NAMES_WALKED_UP_TO` names, or more while most of the
 * names are crowded, see there) without `limit` accounts, and the index must answer instead. The
 * LIKEs decide which names match; the rows are those the walk in name order would give (the accounts
 * of one name in the B-tree's order, rowid on SQLite).
 *
 * Why: when every word typed is common the words' index must read and sort every account that has
 * them all (on the large bench's names, 384 distinct names over 1,000,000 accounts, any two words
 * are shared by 23,000–29,000 accounts: PostgreSQL's GIN read 26,040 rows from 5,115 heap blocks in
 * 123 ms for `nubia rodriguez`), and the walk in name order reads every account before the first
 * that matches (up to 164,000 here). Many accounts under few names is what makes words common, and
 * this walk pays per distinct name, not per account: `nubia rodriguez` visits 65 names, 0.8 ms on
 * PostgreSQL (`EXPLAIN (ANALYZE, BUFFERS)` on `ventanilla_large`, load 5). Where names are nearly
 * all different (real holders) the walk stops at the cap and the index answers as before, the
 * cap's steps its only cost (tests/bench/README.md, words24). Where many names are crowded and a
 * word typed matches none of them, the walk may visit up to 2,048 names before it gives way.
 */
async function walkDistinctNames(db: Knex, words: string[], limit: number): Promise<SummaryRow[] | null> {
  const matches = wordsStartSql(words, 'w.name');
  // each row: a name, the accounts (at most `limit` per name) of the matching names before it, the names before it
  // and how many of the names before it are crowded (hold CROWDED_NAME accounts or more)
  const walked: { name: string | null; found: number | string; steps: number | string }[] = await db
    .withRecursive(
      'walk',
      ['name', 'found', 'steps', 'crowded'],
      db.raw(
        `SELECT (SELECT min(search_name) FROM accounts), CAST(0 AS BIGINT), 0, 0
         UNION ALL
         SELECT (SELECT min(a.search_name) FROM accounts a WHERE a.search_name > w.name),
           w.found + CASE WHEN ${matches.sql} THEN (SELECT count(*) FROM (SELECT 1 FROM accounts b WHERE b.search_name = w.name LIMIT ?) c) ELSE 0 END,
           w.steps + 1,
           w.crowded + CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM accounts d WHERE d.search_name = w.name LIMIT ?) e) = ? THEN 1 ELSE 0 END
         FROM walk w WHERE w.name IS NOT NULL AND w.found < ? AND (w.steps < ? OR (w.crowded * 2 > w.steps AND w.steps < ?))`,
        [...matches.bindings, limit, CROWDED_NAME, CROWDED_NAME, limit, DISTINCT_NAMES_WALKED_UP_TO, CROWDED_NAMES_WALKED_UP_TO],
      ),
    )
    .select('name', 'found', 'steps')
    .from('walk')
    .orderBy('steps');
  const last = walked[walked.length - 1];
  if (last.name !== null && Number(last.found) < limit) return null;
  // a name matched when the count grew after it; its share is what the count grew by
  const names: { name: string; take: number }[] = [];
  for (let i = 0, taken = 0; i + 1 < walked.length && taken < limit; i++) {
    const grew = Number(walked[i + 1].found) - Number(walked[i].found);
    if (grew > 0) {
      names.push({ name: walked[i].name as string, take: Math.min(grew, limit - taken) });
      taken += grew;
    }
  }
  if (names.length === 0) return [];
  const ofName = ({ name, take }: (typeof names)[number], i: number) =>
    db.select('*').from(db('accounts').select([...SUMMARY_COLUMNS, 'search_name']).where('search_name', name).limit(take).as(`n${i}`));
  const rows: (SummaryRow & { search_name: string })[] = await ofName(names[0], 0).unionAll(names.slice(1).map((n, i) => ofName(n, i + 1)));
  // in the walk's order of the names (a UNION ALL promises no order)
  const byName = new Map<string, SummaryRow[]>(names.map((n) => [n.name, []]));
  for (const { search_name, ...row } of rows) byName.get(search_name)?.push(row);
  return [...byName.values()].flat();
}

/**
 * Finds accounts by number, cédula/NIT, meter, holder name or address. Every branch uses an index
 * (exact match or a prefix range); a scan for a word inside the name runs only when the indexed
 * branches found fewer than `limit` accounts: first a walk over the distinct names in order, which
 * answers when the words are common because few names hold many accounts (`walkDistinctNames`), then
 * the words' index (migration 045: GIN on PostgreSQL, FTS5 on SQLite) instead of every name: at
 * 1,000,000 accounts 17 ms instead of 650–960 ms on PostgreSQL, 2–14 ms instead of 86–118 ms on SQLite.
 */
export async function searchAccounts(db: Knex, query: string, limit: number): Promise<AccountSummary[]> {
  const raw = query.trim();
  const found = new Map<number, Pick<AccountDbRow, (typeof SUMMARY_COLUMNS)[number]>>();
  const add = (rows: Pick<AccountDbRow, (typeof SUMMARY_COLUMNS)[number]>[]) => {
    for (const row of rows) if (found.size < limit && !found.has(row.id)) found.set(row.id, row);
  };
  const compact = raw.replace(/[\s.-]/g, '');

  if (/^\d+$/.test(compact)) {
    add(await db('accounts').select(SUMMARY_COLUMNS).where('number', compact).limit(limit));
    add(await db('accounts').select(SUMMARY_COLUMNS).where('id_number', compact).limit(limit));
    add(await db('accounts').select(SUMMARY_COLUMNS).where('meter_number', raw).limit(limit));
    if (found.size < limit) {
      add(await db('accounts').select(SUMMARY_COLUMNS).where('number', '>=', compact).andWhere('number', '<', prefixUpperBound(compact)).orderBy('number').limit(limit));
    }
    if (found.size < limit) {
      add(await db('accounts').select(SUMMARY_COLUMNS).where('id_number', '>=', compact).andWhere('id_number', '<', prefixUpperBound(compact)).orderBy('id_number').limit(limit));
    }
  } else {
    add(await db('accounts').select(SUMMARY_COLUMNS).where('meter_number', raw).limit(limit));
    const text = normalizeForSearch(raw);
    if (text && found.size < limit) {
      add(await db('accounts').select(SUMMARY_COLUMNS).where('search_name', '>=', text).andWhere('search_name', '<', prefixUpperBound(text)).orderBy('search_name').limit(limit));
    }
    if (text && found.size < limit) {
      add(await db('accounts').select(SUMMARY_COLUMNS).where('search_address', '>=', text).andWhere('search_address', '<', prefixUpperBound(text)).orderBy('search_address').limit(limit));
    }
    if (text.length >= 3 && found.size < limit) {
      // every word typed must start a word of the name, in any order ("ana gomez" finds "GOMEZ PARDO ANA")
      const words = searchWords(text);
      const walked = (await walkMayAnswer(db, words)) ? await walkDistinctNames(db, words, limit) : null;
      if (walked) add(walked);
      else {
        const q = db('accounts').select(SUMMARY_COLUMNS);
        await narrowToNameWords(db, q, words);
        whereWordsStart(q, words, 'search_name');
        add(await q.orderBy('search_name').limit(limit));
      }
    }
  }
  if (found.size === 0) return [];
  const balances = await openBalances(db, [...found.keys()]);
  return [...found.values()].map((r) => ({
    id: r.id,
    number: r.number,
    holderName: r.holder_name,
    idType: r.id_type,
    idNumber: r.id_number,
    address: r.address,
    meterNumber: r.meter_number,
    status: r.status,
    balance: balances.get(r.id) ?? 0,
  }));
}

async function openBalances(db: Knex, accountIds: number[]): Promise<Map<number, number>> {
  const rows: { account_id: number; debt: number | string }[] = await db('invoices')
    .whereIn('account_id', accountIds)
    .andWhere('balance', '>', 0)
    .groupBy('account_id')
    .select('account_id')
    .sum({ debt: 'balance' });
  return new Map(rows.map((r) => [r.account_id, Number(r.debt)]));
}

function invoiceRow(r: InvoiceDbRow, today: string): InvoiceRow {
  const balance = Number(r.balance);
  return {
    id: r.id,
    number: r.number,
    period: r.period,
    issueDate: r.issue_date,
    dueDate: r.due_date,
    suspensionDate: r.suspension_date,
    consumptionM3: r.consumption_m3,
    paymentReference: r.payment_reference,
    total: Number(r.total),
    balance,
    overdue: balance > 0 && r.due_date < today,
  };
}

/** the account's invoices whose balance a payment agreement took (a live novación), with the agreement */
async function agreementsThatPaid(db: Knex, accountId: number): Promise<Map<number, { id: number; number: string }>> {
  const rows: { invoice_id: number; id: number; number: string }[] = await db('agreement_debt_moves as m')
    .join('payment_agreements as a', 'a.id', 'm.agreement_id')
    .where({ 'a.account_id': accountId, 'm.reason': 'novacion', 'm.live': true })
    .whereNotNull('m.invoice_id')
    .select('m.invoice_id', 'a.id', 'a.number');
  return new Map(rows.map((r) => [Number(r.invoice_id), { id: Number(r.id), number: r.number }]));
}

/** The account screen: holder, contact data, open invoices (oldest due first) and the history. */
export async function getAccountDetail(db: Knex, accountId: number, today: string): Promise<AccountDetail> {
  const row: AccountDbRow | undefined = await db('accounts').where({ id: accountId }).first();
  if (!row) throw notFound('La cuenta');
  const invoices: InvoiceDbRow[] = await db('invoices').where({ account_id: accountId }).orderBy([
    { column: 'period', order: 'desc' },
    { column: 'id', order: 'desc' },
  ]);
  const byAgreement = await agreementsThatPaid(db, accountId);
  const history = invoices.map((i) => ({ ...invoiceRow(i, today), paidByAgreement: byAgreement.get(Number(i.id)) ?? null }));
  const open = history.filter((i) => i.balance > 0).sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id - b.id);
  return {
    id: row.id,
    number: row.number,
    holderName: row.holder_name,
    idType: row.id_type,
    idNumber: row.id_number,
    address: row.address,
    meterNumber: row.meter_number,
    status: row.status,
    balance: open.reduce((sum, i) => sum + i.balance, 0),
    neighborhood: row.neighborhood,
    cityDane: row.city_dane,
    estrato: row.estrato,
    use: row.use,
    cycle: row.cycle,
    route: row.route,
    routeSequence: row.route_sequence,
    phone: row.phone,
    email: row.email,
    noticeAddress: row.notice_address,
    creditBalance: Number(row.credit_balance),
    openInvoices: open,
    invoiceHistory: history,
    updatedAt: row.updated_at,
  };
}

export async function getInvoiceDetail(db: Knex, invoiceId: number, today: string): Promise<InvoiceDetail> {
  const row: (InvoiceDbRow & { account_number: string }) | undefined = await db('invoices')
    .join('accounts', 'accounts.id', 'invoices.account_id')
    .where('invoices.id', invoiceId)
    .first('invoices.*', 'accounts.number as account_number');
  if (!row) throw notFound('La factura');
  const lines: { line_no: number; concept: string; quantity: string; unit_value: number | string; amount: number | string }[] =
    await db('invoice_lines').where({ invoice_id: invoiceId }).orderBy('line_no');
  return {
    ...invoiceRow(row, today),
    accountId: row.account_id,
    accountNumber: row.account_number,
    previousReading: row.previous_reading,
    currentReading: row.current_reading,
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      concept: l.concept,
      quantity: String(l.quantity),
      unitValue: Number(l.unit_value),
      amount: Number(l.amount),
    })),
  };
}
