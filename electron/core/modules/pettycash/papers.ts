/** The papers of petty cash built from the database: voucher, advance, reimbursement report, acta de arqueo, final report. */
import type { Knex } from 'knex';
import type { DocumentFile } from '../../../../shared/contract';
import type { BackOffice } from '../../context';
import { formatDate } from '../../../../shared/dates';
import { formatMoney } from '../../../../shared/money';
import { arqueoActaPdf, finalReportPdf, PAYEE_ID_LABELS, reimbursementReportPdf, voucherPdf, type PaperBase, type SupportFile } from '../../documents/petty-cash';
import { pdfFile } from '../../documents/file';
import { notFound } from '../../errors';
import { userName } from '../cashier/queries';
import { officeLetterhead } from '../letters/templates';
import { getCompany } from '../setup/service';
import { fundFigures, getAdvance, getExpense, getReimbursement, listArqueos, listExpenses, listReimbursements, loadFund, type FundRow, type LineRow } from './queries';
import { readSupport } from './supports';
import { amountInWords } from './words';

async function baseOf(db: Knex, fund: FundRow): Promise<PaperBase> {
  const { head, timeZone } = await officeLetterhead(db, fund.office_id);
  const { currency } = await getCompany(db);
  return { head, timeZone, currency, fundLine: `Caja menor ${fund.office_code}-${fund.year} · Resolución ${fund.resolution_number} del ${formatDate(fund.resolution_date)}` };
}

export async function expenseVoucherFile(db: Knex, expenseId: number): Promise<DocumentFile> {
  const e = await getExpense(db, expenseId);
  const fund = await loadFund(db, e.fundId);
  const base = await baseOf(db, fund);
  const notes: string[] = [];
  if (e.advanceId !== null) {
    const advance: { number: string; amount: number | string; returned_cash: number | string | null } | undefined = await db('petty_cash_advances').where({ id: e.advanceId }).first('number', 'amount', 'returned_cash');
    if (advance) notes.push(`Legaliza el anticipo ${advance.number}; efectivo devuelto a la caja menor: ${formatMoney(Number(advance.returned_cash ?? 0), base.currency)}.`);
  }
  if (e.support) notes.push(`Soporte: ${e.support.fileName} (SHA-256 ${e.support.sha256.slice(0, 16)}…)`);
  const pdf = await voucherPdf({
    ...base,
    kind: 'egreso',
    number: e.number,
    date: e.date,
    payee: e.payee,
    concept: e.concept,
    budgetLine: e.budgetLine,
    amount: e.amount,
    withholdings: e.withholdings,
    amountInWords: amountInWords(e.amount - e.withholdings, base.currency),
    pendingSupport: e.state === 'pendiente_soporte',
    notes,
    custodian: fund.custodian_name,
    createdBy: e.createdBy,
    createdAt: e.createdAt,
  });
  return pdfFile(`comprobante-${e.number}.pdf`, pdf);
}

export async function advanceVoucherFile(db: Knex, advanceId: number, today: string): Promise<DocumentFile> {
  const a = await getAdvance(db, advanceId, today);
  const fund = await loadFund(db, a.fundId);
  const base = await baseOf(db, fund);
  const line: LineRow = await db('petty_cash_budget_lines').where({ id: a.budgetLineId }).first();
  const row: { created_by: number | null; created_at: string } = await db('petty_cash_advances').where({ id: a.id }).first('created_by', 'created_at');
  const pdf = await voucherPdf({
    ...base,
    kind: 'anticipo',
    number: a.number,
    date: a.date,
    payee: a.payee,
    concept: a.concept,
    budgetLine: { code: line.code, name: line.name },
    amount: a.amount,
    withholdings: 0,
    amountInWords: amountInWords(a.amount, base.currency),
    pendingSupport: false,
    notes: ['El beneficiario se compromete a legalizar este anticipo con la factura y a devolver el cambio.'],
    custodian: fund.custodian_name,
    createdBy: (await userName(db, row.created_by)) || 'cli',
    createdAt: row.created_at,
  });
  return pdfFile(`anticipo-${a.number}.pdf`, pdf);
}

export async function reimbursementFile(app: BackOffice, reimbursementId: number): Promise<DocumentFile> {
  const db = app.db;
  const r = await getReimbursement(db, reimbursementId);
  const fund = await loadFund(db, r.fundId);
  const base = await baseOf(db, fund);
  const lines: LineRow[] = await db('petty_cash_budget_lines').where({ fund_id: fund.id });
  const items: { expense_id: number; outcome: string; rejected_reason: string | null; amount: number | string }[] = await db('petty_cash_reimbursement_items').where({ reimbursement_id: r.id }).orderBy('expense_id');
  const vouchers = [];
  const supports: SupportFile[] = [];
  for (const item of items) {
    const e = await getExpense(db, item.expense_id);
    vouchers.push({
      number: e.number,
      date: e.date,
      payee: e.payee.name,
      payeeId: `${PAYEE_ID_LABELS[e.payee.idType]} ${e.payee.idNumber}`,
      concept: e.concept,
      line: e.budgetLine.code,
      amount: Number(item.amount),
      outcome: item.outcome,
      rejectedReason: item.outcome === 'rechazado' ? item.rejected_reason : null,
    });
    if (e.support && e.supportPath) supports.push({ voucherNumber: e.number, fileName: e.support.fileName, mimeType: e.support.mimeType, content: readSupport(app.dataDir, e.support, e.supportPath) });
  }
  const decider: { decided_by: number | null } = await db('petty_cash_reimbursements').where({ id: r.id }).first('decided_by');
  const pdf = await reimbursementReportPdf(
    {
      ...base,
      number: r.number,
      state: r.state,
      requestedBy: r.requestedBy,
      requestedAt: r.requestedAt,
      decidedBy: r.decidedBy,
      decidedAt: r.decidedAt,
      note: r.note,
      byLine: r.byLine.map((l) => ({ ...l, limit: Number(lines.find((x) => x.code === l.code)?.limit_amount ?? 0) })),
      vouchers,
      total: r.total,
      approvedTotal: r.approvedTotal,
      custodian: fund.custodian_name,
      coordinator: await userName(db, decider.decided_by),
    },
    supports,
  );
  return pdfFile(`reembolso-${r.number}.pdf`, pdf);
}

export async function arqueoFile(db: Knex, arqueoId: number): Promise<DocumentFile> {
  const [a] = await listArqueos(db, { arqueoId });
  if (!a) throw notFound('El arqueo');
  const fund = await loadFund(db, a.fundId);
  const base = await baseOf(db, fund);
  const row: { cash_count_json: string; system_cash: number | string; system_vouchers: number | string; system_advances: number | string } = await db('petty_cash_arqueos')
    .where({ id: arqueoId })
    .first('cash_count_json', 'system_cash', 'system_vouchers', 'system_advances');
  const pdf = await arqueoActaPdf({
    ...base,
    at: a.at,
    surprise: a.surprise,
    countedBy: a.countedBy,
    custodian: a.custodian,
    count: JSON.parse(row.cash_count_json) as { kind: string; value: number; quantity: number }[],
    cash: a.cash,
    vouchersOnHand: a.vouchersOnHand,
    advancesOnHand: a.advancesOnHand,
    expected: a.expected,
    difference: a.difference,
    system: { cash: Number(row.system_cash), vouchers: Number(row.system_vouchers), advances: Number(row.system_advances) },
    note: a.note,
  });
  return pdfFile(`arqueo-${fund.office_code}-${fund.year}-${a.id}.pdf`, pdf);
}

export async function finalReportFile(db: Knex, fundId: number): Promise<DocumentFile> {
  const fund = await loadFund(db, fundId);
  const base = await baseOf(db, fund);
  const figures = await fundFigures(db, fund);
  const expenses = await listExpenses(db, fund.id);
  const approved = (await listReimbursements(db, { fundId: fund.id, state: 'aprobado' })).reverse();
  const legalised = expenses.filter((e) => (fund.state === 'legalizada' ? e.state === 'legalizado' : ['registrado', 'rechazado', 'pendiente_soporte', 'en_reembolso'].includes(e.state)));
  const lines: LineRow[] = await db('petty_cash_budget_lines').where({ fund_id: fund.id }).orderBy('code');
  const sumOf = (lineId: number, states: string[]) => expenses.filter((e) => e.budgetLine.id === lineId && states.includes(e.state)).reduce((s, e) => s + e.amount, 0);
  const available = fund.state === 'legalizada' ? Number(fund.returned_cash ?? 0) - Number(fund.legalization_difference ?? 0) : figures.available;
  const pdf = await finalReportPdf({
    ...base,
    state: fund.state,
    amount: Number(fund.amount),
    legalizedOn: fund.legalized_on,
    legalizedBy: await userName(db, fund.legalized_by),
    custodian: fund.custodian_name,
    lines: lines.map((l) => ({ code: l.code, name: l.name, limit: Number(l.limit_amount), reimbursed: sumOf(l.id, ['reembolsado']), legalised: sumOf(l.id, ['legalizado']) })),
    reimbursements: approved.map((r) => ({ number: r.number, decidedAt: r.decidedAt, approvedTotal: r.approvedTotal ?? 0 })),
    vouchers: legalised.map((e) => ({ number: e.number, date: e.date, payee: e.payee.name, concept: e.concept, line: e.budgetLine.code, amount: e.amount })),
    netTransfers: figures.netTransfers,
    available,
    returnedCash: fund.returned_cash === null ? null : Number(fund.returned_cash),
    difference: fund.legalization_difference === null ? null : Number(fund.legalization_difference),
    note: fund.legalization_note,
  });
  return pdfFile(`legalizacion-caja-menor-${fund.office_code}-${fund.year}.pdf`, pdf);
}
