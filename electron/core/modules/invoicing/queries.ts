/**
 * Reads for invoice printing: which invoices of a period a batch prints (in route order) and why
 * some are skipped, the data printed on each invoice, and what repeats on all of them.
 */
import type { Knex } from 'knex';
import { DEFAULT_INVOICING_SETTINGS, SKIP_REASONS, type InvoicingSettings, type PeriodSummary, type RouteSummary, type SkipReason } from '../../../../shared/contract';
import type { InvoiceIssuer, InvoicePaper } from '../../documents/invoice';
import { getCompany } from '../setup/service';

export interface Selection {
  period: string;
  /** undefined or '': every cycle / route */
  cycle?: string;
  route?: string;
}

/** One invoice of the selection with what the skip rules look at. */
export interface SelectedInvoice {
  id: number;
  number: string;
  accountNumber: string;
  cycle: string;
  route: string;
  total: number;
  balance: number;
  accountStatus: string;
  lineCount: number;
}

/**
 * Why a batch does not print an invoice, or null when it prints. A paid invoice is skipped (the
 * customer owes nothing on it; a reprint from the account screen still prints it, as DUPLICADO).
 * Suspended and cut accounts still get their invoice: it is how they learn what they owe.
 */
export function skipReasonOf(invoice: Pick<SelectedInvoice, 'accountStatus' | 'lineCount' | 'total' | 'balance'>): SkipReason | null {
  if (invoice.accountStatus === 'retirado') return 'cuentaRetirada';
  if (invoice.lineCount === 0) return 'sinLineas';
  if (invoice.total <= 0) return 'totalCero';
  if (invoice.balance <= 0) return 'pagada';
  return null;
}

export const skipReasonText = (reason: SkipReason): string => SKIP_REASONS[reason];

/** accounts of the selection read per page (SELECTION_PAGE at a time, whatever the period's size) */
export const SELECTION_PAGE = 2_000;

interface AccountRow {
  id: number | string;
  number: string;
  cycle: string;
  route: string;
  route_sequence: number | string;
  status: string;
}

interface InvoiceRow {
  id: number | string;
  account_id: number | string;
  number: string;
  total: number | string;
  balance: number | string;
  line_count: number | string | null;
}

/**
 * The period's invoices for the cycle and route (or all), in route order (cycle, route, sequence,
 * account, invoice), handed to `visit` a page at a time, so neither the JavaScript rows nor the
 * driver's copy of them grow with the period (read at once, 60,000 invoices held ~30 MB).
 *
 * Each page is two statements, each walking an index: the next SELECTION_PAGE accounts in route
 * order (keyset from the last account of the page before, on the accounts' (cycle, route,
 * route_sequence) index), then those accounts' invoices of the period (the invoices' (account_id,
 * period) index), put in order here. Before, one statement joined invoices and accounts and sorted
 * the WHOLE period to find each page's 2,000 rows: at 1,000,000 accounts a batch was still paging
 * after 9 minutes (issue 20, the 40-counter bench at the large size); a page now costs the same at
 * any size (tests/bench/README.md, «The invoice batch's pages»).
 */
export async function forEachSelectedPage(db: Knex, selection: Selection, visit: (page: SelectedInvoice[]) => void): Promise<void> {
  let last: AccountRow | null = null;
  for (;;) {
    const accountsQuery = db('accounts as a')
      .select('a.id', 'a.number', 'a.cycle', 'a.route', 'a.route_sequence', 'a.status')
      .orderBy([{ column: 'a.cycle' }, { column: 'a.route' }, { column: 'a.route_sequence' }, { column: 'a.number' }])
      .limit(SELECTION_PAGE);
    if (selection.cycle) accountsQuery.where('a.cycle', selection.cycle);
    if (selection.route) accountsQuery.where('a.route', selection.route);
    if (last) {
      accountsQuery.whereRaw('(a.cycle, a.route, a.route_sequence, a.number) > (?, ?, ?, ?)', [last.cycle, last.route, Number(last.route_sequence), last.number]);
    }
    const accounts: AccountRow[] = await accountsQuery;
    if (accounts.length === 0) return;
    const invoices: InvoiceRow[] = await db('invoices as i')
      .where('i.period', selection.period)
      .whereIn(
        'i.account_id',
        accounts.map((a) => Number(a.id)),
      )
      .select('i.id', 'i.account_id', 'i.number', 'i.total', 'i.balance', db('invoice_lines as l').whereRaw('l.invoice_id = i.id').count('*').as('line_count'));
    if (invoices.length > 0) {
      const byAccount = new Map<number, InvoiceRow[]>();
      for (const invoice of invoices) {
        const list = byAccount.get(Number(invoice.account_id));
        if (list) list.push(invoice);
        else byAccount.set(Number(invoice.account_id), [invoice]);
      }
      const page: SelectedInvoice[] = [];
      for (const account of accounts) {
        const list = byAccount.get(Number(account.id));
        if (!list) continue;
        // the invoice number last (code-unit order: SQLite's, and the same as PostgreSQL's for the ASCII numbers the billing system gives)
        if (list.length > 1) list.sort((x, y) => (x.number < y.number ? -1 : x.number > y.number ? 1 : 0));
        for (const r of list) {
          page.push({
            id: Number(r.id),
            number: r.number,
            accountNumber: account.number,
            cycle: account.cycle,
            route: account.route,
            total: Number(r.total),
            balance: Number(r.balance),
            accountStatus: account.status,
            lineCount: Number(r.line_count ?? 0),
          });
        }
      }
      visit(page);
    }
    if (accounts.length < SELECTION_PAGE) return;
    last = accounts[accounts.length - 1];
  }
}

/** The period's invoices for the cycle and route (or all), in route order, all at once (the route summaries). */
export async function selectInvoices(db: Knex, selection: Selection): Promise<SelectedInvoice[]> {
  const all: SelectedInvoice[] = [];
  await forEachSelectedPage(db, selection, (page) => {
    for (const invoice of page) all.push(invoice);
  });
  return all;
}

/** Cycles and routes with invoices in the period, with how many would print and how many not. */
export async function routeSummaries(db: Knex, period: string): Promise<RouteSummary[]> {
  const byRoute = new Map<string, RouteSummary>();
  for (const invoice of await selectInvoices(db, { period })) {
    const key = `${invoice.cycle}\u0000${invoice.route}`;
    const summary = byRoute.get(key) ?? { cycle: invoice.cycle, route: invoice.route, invoices: 0, toSkip: 0 };
    summary.invoices += 1;
    if (skipReasonOf(invoice)) summary.toSkip += 1;
    byRoute.set(key, summary);
  }
  return [...byRoute.values()];
}

/** The periods that have invoices, newest first. */
export async function periodsWithInvoices(db: Knex, limit = 24): Promise<PeriodSummary[]> {
  const rows: { period: string; n: number | string }[] = await db('invoices').groupBy('period').orderBy('period', 'desc').limit(limit).select('period').count({ n: '*' });
  return rows.map((r) => ({ period: r.period, invoices: Number(r.n) }));
}

/** "2026-09" six periods back → the first of the six (inclusive) */
export function periodMinus(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** SQLite allows 999 bound values per statement: ids go in slices below that */
const SLICE = 500;

/** The printed data of these invoices, in the order of `ids` (missing ids are left out). */
export async function loadInvoicePapers(db: Knex, ids: readonly number[]): Promise<InvoicePaper[]> {
  const papers: InvoicePaper[] = [];
  for (let start = 0; start < ids.length; start += SLICE) {
    papers.push(...(await loadSlice(db, ids.slice(start, start + SLICE))));
  }
  return papers;
}

async function loadSlice(db: Knex, ids: readonly number[]): Promise<InvoicePaper[]> {
  if (ids.length === 0) return [];
  const rows: Record<string, string | number | null>[] = await db('invoices as i')
    .join('accounts as a', 'a.id', 'i.account_id')
    .whereIn('i.id', ids)
    .select(
      'i.id',
      'i.account_id',
      'i.number',
      'i.period',
      'i.issue_date',
      'i.due_date',
      'i.suspension_date',
      'i.previous_reading',
      'i.current_reading',
      'i.consumption_m3',
      'i.payment_reference',
      'i.total',
      'a.number as account_number',
      'a.holder_name',
      'a.address',
      'a.neighborhood',
      'a.estrato',
      'a.use',
      'a.cycle',
      'a.route',
      'a.route_sequence',
      'a.meter_number',
    );
  if (rows.length === 0) return [];
  const lines: { invoice_id: number; concept: string; quantity: string; unit_value: number | string; amount: number | string }[] = await db('invoice_lines')
    .whereIn('invoice_id', ids)
    .orderBy([{ column: 'invoice_id' }, { column: 'line_no' }])
    .select('invoice_id', 'concept', 'quantity', 'unit_value', 'amount');
  const linesOf = new Map<number, InvoicePaper['lines']>();
  for (const l of lines) {
    const list = linesOf.get(Number(l.invoice_id)) ?? [];
    list.push({ concept: l.concept, quantity: l.quantity, unitValue: Number(l.unit_value), amount: Number(l.amount) });
    linesOf.set(Number(l.invoice_id), list);
  }
  // six-period history of every account in the slice: one query, periods compared as text
  const accountIds = [...new Set(rows.map((r) => Number(r.account_id)))];
  const periods = rows.map((r) => String(r.period)).sort();
  const history: { account_id: number; period: string; consumption: number | string }[] = await db('invoices')
    .whereIn('account_id', accountIds)
    .where('period', '>=', periodMinus(periods[0], 5))
    .where('period', '<=', periods[periods.length - 1])
    .groupBy('account_id', 'period')
    .select('account_id', 'period')
    .sum({ consumption: 'consumption_m3' });
  const historyOf = new Map<number, { period: string; consumptionM3: number }[]>();
  for (const h of history) {
    const list = historyOf.get(Number(h.account_id)) ?? [];
    list.push({ period: h.period, consumptionM3: Number(h.consumption) });
    historyOf.set(Number(h.account_id), list);
  }
  const byId = new Map<number, InvoicePaper>();
  for (const r of rows) {
    const period = String(r.period);
    const from = periodMinus(period, 5);
    const accountHistory = (historyOf.get(Number(r.account_id)) ?? []).filter((h) => h.period >= from && h.period <= period).sort((a, b) => a.period.localeCompare(b.period));
    byId.set(Number(r.id), {
      invoiceNumber: String(r.number),
      accountNumber: String(r.account_number),
      holderName: String(r.holder_name),
      address: String(r.address),
      neighborhood: String(r.neighborhood ?? ''),
      estrato: r.estrato === null ? null : Number(r.estrato),
      use: String(r.use),
      cycle: String(r.cycle),
      route: String(r.route),
      routeSequence: Number(r.route_sequence),
      meterNumber: String(r.meter_number ?? ''),
      period,
      issueDate: String(r.issue_date),
      dueDate: String(r.due_date),
      suspensionDate: r.suspension_date === null ? null : String(r.suspension_date),
      previousReading: r.previous_reading === null ? null : Number(r.previous_reading),
      currentReading: r.current_reading === null ? null : Number(r.current_reading),
      consumptionM3: Number(r.consumption_m3),
      paymentReference: String(r.payment_reference),
      total: Number(r.total),
      lines: linesOf.get(Number(r.id)) ?? [],
      history: accountHistory,
    });
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The invoicing settings, with defaults for those never set. */
export async function getInvoicingSettings(db: Knex): Promise<InvoicingSettings> {
  const rows: { key: string; value_json: string }[] = await db('invoice_settings').select('key', 'value_json');
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value_json) as unknown]));
  const paymentPoints = typeof stored.paymentPoints === 'string' && stored.paymentPoints.trim() !== '' ? stored.paymentPoints : DEFAULT_INVOICING_SETTINGS.paymentPoints;
  return { paymentPoints };
}

/** What every invoice of the company repeats: company, the first active office's lines, payment points. */
export async function loadIssuer(db: Knex, officeId: number | null): Promise<InvoiceIssuer> {
  const company = await getCompany(db);
  const officeQuery = db('offices').where({ active: true }).orderBy('id').first('name', 'address', 'phone', 'city');
  if (officeId) officeQuery.where({ id: officeId });
  const office: { name: string; address: string; phone: string; city: string } | undefined = await officeQuery;
  const settings = await getInvoicingSettings(db);
  const officeLines = office ? [[office.name, office.address, office.city, office.phone ? `Tel. ${office.phone}` : ''].filter((p) => p.trim() !== '').join(' · ')] : [];
  return {
    companyName: company.name,
    nit: company.nit,
    gln: company.gln,
    currency: company.currency,
    logoDataUrl: company.logoDataUrl,
    officeLines,
    paymentPoints: settings.paymentPoints,
  };
}
