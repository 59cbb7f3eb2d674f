/**
 * The daily collection report (recaudo diario): live payments of a date range per business date,
 * office, cashier and method. Counter payments name their cashier; bank payments (Asobancaria
 * files) appear as "Recaudo bancario". Voided payments are left out of the amounts and counted apart.
 * Every amount is exact whatever its size: the database's own integer sums (read as text), added up
 * as BigInt (ExactAmount), never JS numbers past 2^53.
 */
import type { Knex } from 'knex';
import { PAYMENT_METHODS, type DocumentFile, type MethodTotal, type RecaudoReport, type RecaudoRow, type TenderMethod } from '../../../../shared/contract';
import { formatDate } from '../../../../shared/dates';
import { recordAnchor } from '../../db/anchors';
import { pdfFile } from '../../documents/file';
import { recaudoCsvFile, recaudoPdf } from '../../documents/recaudo';
import { exactSum } from '../../db/sums';
import { invalid, notFound } from '../../errors';
import { exactOf, sumExact } from '../../../../shared/money';
import { getCompany } from '../setup/service';

/** what the report shows in the cashier column for payments that came in a bank file */
export const BANK_CASHIER_NAME = 'Recaudo bancario';

const METHOD_ORDER: TenderMethod[] = [...PAYMENT_METHODS, 'banco'];

export interface RecaudoQuery {
  from: string;
  to: string;
  /** null: every office */
  officeId: number | null;
}

interface GroupDbRow {
  business_date: string;
  office_code: string;
  source: string;
  cashier_name: string | null;
  method: TenderMethod;
  count: number | string;
  /** ExactAmount text */
  amount: string;
}

export async function recaudoReport(db: Knex, query: RecaudoQuery): Promise<RecaudoReport> {
  if (query.from > query.to) throw invalid('La fecha inicial es posterior a la fecha final', { from: 'Debe ser anterior o igual a la fecha final' });
  let officeCode: string | null = null;
  if (query.officeId !== null) {
    const office: { code: string } | undefined = await db('offices').where({ id: query.officeId }).first('code');
    if (!office) throw notFound('La oficina');
    officeCode = office.code;
  }
  const inRange = <T extends Knex.QueryBuilder>(q: T): T => {
    q.whereBetween('p.business_date', [query.from, query.to]);
    if (query.officeId !== null) q.where('p.office_id', query.officeId);
    return q;
  };

  const groups: GroupDbRow[] = await inRange(
    db('payments as p')
      .join('payment_tenders as t', 't.payment_id', 'p.id')
      .join('offices as o', 'o.id', 'p.office_id')
      .leftJoin('users as u', 'u.id', 'p.cashier_id')
      .where('p.status', 'vigente'),
  )
    .groupBy('p.business_date', 'o.code', 'p.source', 'p.cashier_id', 'u.full_name', 't.method')
    .select('p.business_date', 'o.code as office_code', 'p.source', 'u.full_name as cashier_name', 't.method', exactSum(db, 't.amount', 'amount'))
    .countDistinct({ count: 'p.id' });

  const rows: RecaudoRow[] = groups.map((g) => ({
    businessDate: g.business_date,
    officeCode: g.office_code,
    cashierName: g.source === 'banco' || g.cashier_name === null ? BANK_CASHIER_NAME : g.cashier_name,
    method: g.method,
    count: Number(g.count),
    amount: exactOf(g.amount).toString(),
  }));
  rows.sort(
    (a, b) =>
      a.businessDate.localeCompare(b.businessDate) ||
      a.officeCode.localeCompare(b.officeCode) ||
      a.cashierName.localeCompare(b.cashierName, 'es') ||
      METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method),
  );

  const perMethod = new Map<TenderMethod, { count: number; amount: bigint }>();
  for (const r of rows) {
    const t = perMethod.get(r.method) ?? { count: 0, amount: 0n };
    t.count += r.count;
    t.amount += exactOf(r.amount);
    perMethod.set(r.method, t);
  }
  const totals: MethodTotal[] = [...perMethod]
    .map(([method, t]) => ({ method, count: t.count, amount: t.amount.toString() }))
    .sort((a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));

  const [voided]: { n: number | string; amount: string }[] = await inRange(db('payments as p').where('p.status', 'anulado'))
    .count({ n: '*' })
    .select(exactSum(db, 'p.amount', 'amount'));
  const company = await getCompany(db);
  return {
    from: query.from,
    to: query.to,
    officeCode,
    currency: company.currency,
    company: { name: company.name, nit: company.nit, logoDataUrl: company.logoDataUrl },
    rows,
    totals,
    total: sumExact(totals.map((t) => t.amount)),
    voidedCount: Number(voided?.n ?? 0),
    voidedAmount: exactOf(voided?.amount ?? '0').toString(),
  };
}

/** "recaudo-2026-11-01-a-2026-11-30-GAR.pdf" */
export function recaudoFileName(report: RecaudoReport, format: 'pdf' | 'csv'): string {
  return `recaudo-${report.from}-a-${report.to}${report.officeCode ? `-${report.officeCode}` : ''}.${format}`;
}

export async function recaudoFile(db: Knex, query: RecaudoQuery, format: 'pdf' | 'csv'): Promise<DocumentFile> {
  const report = await recaudoReport(db, query);
  const company = await getCompany(db);
  return format === 'csv'
    ? recaudoCsvFile(report, recaudoFileName(report, 'csv'))
    : pdfFile(recaudoFileName(report, 'pdf'), await recaudoPdf(report, { timeZone: company.timeZone, auditAnchor: await recordAnchor(db, 'recaudo', recaudoAnchorRef(report)) }));
}

/** how the anchors file names the report: "del 01/11/2026 al 30/11/2026 (GAR)" */
function recaudoAnchorRef(report: RecaudoReport): string {
  return `del ${formatDate(report.from)} al ${formatDate(report.to)} (${report.officeCode ?? 'todas las oficinas'})`;
}
