/**
 * Petty cash in a few calls, for the integration tests (and anyone who needs an open fund):
 *
 *   const t = await createInitializedBackOffice();
 *   const desk = await openTestFund(t);                    // $ 1.000.000, 3 lines, custodian 'custodio1'
 *   const { expense } = await t.ok('pettyCash.recordExpense', expenseInput(desk, { amount: 150_000, support: pngSupport() }), desk.custodianToken);
 *
 * The fund is of the business year; `desk.today` is the business date. Tests that need fixed dates
 * freeze Date first: `vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-15T17:00:00Z') })`.
 */
import type { Input, PettyCashStatus } from '../../shared/contract';
import { businessToday } from '../../electron/core/modules/accounts/service';
import { newDocument, toBuffer } from '../../electron/core/documents/layout';
import { loginAs, type TestBackOffice } from './backoffice';

export type InitializedBackOffice = TestBackOffice & { adminToken: string; officeId: number };

export interface PettyCashDesk {
  fundId: number;
  custodianId: number;
  custodianToken: string;
  coordinatorToken: string;
  /** budget line ids by code: 01 Papelería $ 400.000, 02 Aseo y cafetería $ 300.000, 03 Transporte $ 300.000 */
  lines: { papeleria: number; aseo: number; transporte: number };
  today: string;
  year: number;
  status: PettyCashStatus;
}

/** A custodian (auxiliar 'custodio1'), a coordinator ('coordinador1') and an open fund of the test office. */
export async function openTestFund(
  t: InitializedBackOffice,
  options: { amount?: number; maxPerExpense?: number; thresholdPercent?: number; custodianRole?: 'auxiliar' | 'cajero' | 'coordinador' } = {},
): Promise<PettyCashDesk> {
  const custodianToken = await loginAs(t, options.custodianRole ?? 'auxiliar', 'custodio1');
  const coordinatorToken = await loginAs(t, 'coordinador', 'coordinador1');
  const custodianId = (await t.ok('auth.me', {}, custodianToken)).user.id;
  const today = await businessToday(t.app.db);
  const year = Number(today.slice(0, 4));
  const status = await t.ok(
    'pettyCash.openFund',
    {
      officeId: t.officeId,
      year,
      resolutionNumber: '045',
      resolutionDate: `${year}-01-02` <= today ? `${year}-01-02` : today,
      amount: options.amount ?? 1_000_000,
      custodianId,
      thresholdPercent: options.thresholdPercent ?? 70,
      maxPerExpense: options.maxPerExpense ?? 200_000,
      budgetLines: [
        { code: '01', name: 'Papelería', limit: 400_000 },
        { code: '02', name: 'Aseo y cafetería', limit: 300_000 },
        { code: '03', name: 'Transporte', limit: 300_000 },
      ],
      forbiddenConcepts: ['préstamo', 'nómina', 'anticipo de salario'],
    },
    coordinatorToken,
  );
  const lineId = (code: string) => status.budgetLines.find((l) => l.code === code)?.id ?? 0;
  return { fundId: status.fund.id, custodianId, custodianToken, coordinatorToken, lines: { papeleria: lineId('01'), aseo: lineId('02'), transporte: lineId('03') }, today, year, status };
}

/** A 1×1 PNG as the screen uploads it. */
export function pngSupport(fileName = 'factura.png'): { fileName: string; mimeType: string; dataBase64: string } {
  return { fileName, mimeType: 'image/png', dataBase64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' };
}

/** A real PDF of `pages` pages (a scanned invoice), as the screen uploads it. */
export async function pdfSupport(pages = 2, fileName = 'factura.pdf'): Promise<{ fileName: string; mimeType: string; dataBase64: string }> {
  const doc = newDocument({ size: [612, 792], margin: 50, title: 'Factura' });
  for (let i = 1; i <= pages; i++) {
    if (i > 1) doc.addPage();
    doc.fontSize(14).text(`FACTURA DE VENTA 7781 - hoja ${i}`, 50, 60);
  }
  return { fileName, mimeType: 'application/pdf', dataBase64: (await toBuffer(doc)).toString('base64') };
}

/** A valid expense of the fund, today, to Papelería El Sol (NIT 900123456-8), $ 50.000; override what the test is about. */
export function expenseInput(desk: PettyCashDesk, overrides: Partial<Input<'pettyCash.recordExpense'>> = {}): Input<'pettyCash.recordExpense'> {
  return {
    fundId: desk.fundId,
    date: desk.today,
    payee: { idType: 'NIT', idNumber: '900123456-8', name: 'Papelería El Sol' },
    concept: 'Resmas de papel carta',
    budgetLineId: desk.lines.papeleria,
    amount: 50_000,
    ...overrides,
  };
}

/** Row counts of every petty cash table and the audit, to prove a refusal wrote nothing. */
export async function pettyCashRowCounts(t: TestBackOffice): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'petty_cash_funds',
    'petty_cash_budget_lines',
    'petty_cash_expenses',
    'petty_cash_advances',
    'petty_cash_reimbursements',
    'petty_cash_reimbursement_items',
    'petty_cash_arqueos',
    'petty_cash_transfers',
    'cash_movements',
    'audit_log',
    'counters',
  ]) {
    const [row] = await t.app.db(table).count<{ n: number | string }[]>({ n: '*' });
    counts[table] = Number(row.n);
  }
  return counts;
}

/** The state column of every expense of the fund and the counter values, to prove nothing changed. */
export async function pettyCashSnapshot(t: TestBackOffice): Promise<unknown> {
  return {
    counts: await pettyCashRowCounts(t),
    expenses: await t.app.db('petty_cash_expenses').orderBy('id').select('id', 'state', 'reimbursement_id', 'support_sha256'),
    funds: await t.app.db('petty_cash_funds').orderBy('id').select('id', 'state', 'closed_through', 'custodian_id'),
    counters: await t.app.db('counters').orderBy('key').select('key', 'value'),
  };
}
