/**
 * The papers read as a person reads them (pdftotext): the comprobante de egreso, the reimbursement
 * report whose totals equal the database with a PNG and a PDF support appended (the page count
 * grows by their pages), and the CLI that prints the status and writes the report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createInitializedBackOffice, type TestBackOffice } from '../helpers/backoffice';
import { expenseInput, openTestFund, pdfSupport, pngSupport, type PettyCashDesk } from '../helpers/pettyCash';
import { pdfPageCount, pdfTextFlat } from '../helpers/pdf';
import { runCliHere } from '../helpers/cli';

type T = TestBackOffice & { adminToken: string; officeId: number };
const bytes = (file: { base64: string }) => Buffer.from(file.base64, 'base64');

describe('petty cash papers and CLI', () => {
  let t: T;
  let desk: PettyCashDesk;
  let reimbursementId: number;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-15T17:00:00Z') });
    t = await createInitializedBackOffice();
    desk = await openTestFund(t);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t.close();
  });

  it('the comprobante de egreso: number, payee, amounts in figures and words, signatures; PENDIENTE DE SOPORTE when it lacks one', async () => {
    const { voucher } = await t.ok(
      'pettyCash.recordExpense',
      expenseInput(desk, { date: '2026-06-10', amount: 154_300, withholdings: 4_300, concept: 'Tóner para impresora', payee: { idType: 'NIT', idNumber: '890903938-8', name: 'Suministros Andinos SAS' } }),
      desk.custodianToken,
    );
    const text = pdfTextFlat(bytes(voucher));
    expect(text).toContain('COMPROBANTE DE EGRESO DE CAJA MENOR');
    expect(text).toContain('No. CM-GAR-2026-0001');
    expect(text).toContain('Aguas del Valle de Tenza S.A. E.S.P.');
    expect(text).toContain('Suministros Andinos SAS');
    expect(text).toContain('NIT 890903938-8');
    expect(text).toContain('Tóner para impresora');
    expect(text).toContain('01 Papelería');
    expect(text).toContain('$ 154.300');
    expect(text).toContain('Retenciones $ 4.300');
    expect(text).toContain('Neto pagado $ 150.000');
    expect(text).toContain('Son: CIENTO CINCUENTA MIL PESOS M/CTE');
    expect(text).toContain('Recibí conforme');
    expect(text).toContain('Custodio de la caja menor');
    expect(text).toContain('PENDIENTE DE SOPORTE');
    const [expense] = await t.ok('pettyCash.expenses', { fundId: desk.fundId }, desk.custodianToken);
    await t.ok('pettyCash.attachSupport', { expenseId: expense.id, support: pngSupport() }, desk.custodianToken);
    const again = pdfTextFlat(bytes(await t.ok('pettyCash.voucherPdf', { expenseId: expense.id }, desk.custodianToken)));
    expect(again).not.toContain('PENDIENTE DE SOPORTE');
    const support = await t.ok('pettyCash.support', { expenseId: expense.id }, desk.custodianToken);
    expect(support).toMatchObject({ fileName: 'factura.png', mimeType: 'image/png', base64: pngSupport().dataBase64 });
  });

  it('the reimbursement report: relación per line, the vouchers, totals equal to the database, supports appended', async () => {
    await t.ok('pettyCash.recordExpense', expenseInput(desk, { date: '2026-06-11', amount: 80_000, budgetLineId: desk.lines.aseo, concept: 'Escobas', support: await pdfSupport(2) }), desk.custodianToken);
    await t.ok('pettyCash.recordExpense', expenseInput(desk, { date: '2026-06-12', amount: 20_000, budgetLineId: desk.lines.aseo, concept: 'Bolsas', support: pngSupport('bolsas.png') }), desk.custodianToken);
    const expenses = await t.ok('pettyCash.expenses', { fundId: desk.fundId }, desk.custodianToken);
    const { reimbursement, report } = await t.ok('pettyCash.requestReimbursement', { fundId: desk.fundId, expenseIds: expenses.map((e) => e.id) }, desk.custodianToken);
    reimbursementId = reimbursement.id;
    const dbTotal = (await t.app.db('petty_cash_expenses').where({ reimbursement_id: reimbursement.id }).sum({ s: 'amount' }).first()) as { s: number | string };
    expect(reimbursement.total).toBe(Number(dbTotal.s));
    expect(reimbursement.total).toBe(254_300);
    const pdf = bytes(report);
    const text = pdfTextFlat(pdf);
    expect(text).toContain('SOLICITUD DE REEMBOLSO DE CAJA MENOR');
    expect(text).toContain('RE-GAR-2026-0001');
    expect(text).toContain('01 Papelería $ 400.000 $ 154.300');
    expect(text).toContain('02 Aseo y cafetería $ 300.000 $ 100.000');
    expect(text).toContain('Total solicitado $ 254.300');
    expect(text).toContain('3 comprobantes · Total $ 254.300');
    for (const e of expenses) expect(text).toContain(e.number);
    expect(text).toContain('Coordinador(a) que aprueba');
    // the appended supports: two PNG pages with their caption, the two pages of the PDF invoice
    expect(text).toContain('Soporte del comprobante CM-GAR-2026-0001: factura.png');
    expect(text).toContain('Soporte del comprobante CM-GAR-2026-0003: bolsas.png');
    expect(text).toContain('FACTURA DE VENTA 7781 - hoja 1');
    expect(text).toContain('FACTURA DE VENTA 7781 - hoja 2');
    const reportPages = (/Página 1 de (\d+)/.exec(text) ?? [])[1];
    expect(pdfPageCount(pdf)).toBe(Number(reportPages) + 2 + 2);
  });

  it('after the approval the report shows the approved total', async () => {
    await t.ok('pettyCash.decideReimbursement', { reimbursementId, approve: true, rejected: [] }, desk.coordinatorToken);
    const text = pdfTextFlat(bytes(await t.ok('pettyCash.reimbursementPdf', { reimbursementId }, desk.custodianToken)));
    expect(text).toContain('Total aprobado $ 254.300');
    expect(text).toContain('Decidido por Usuario coordinador');
  });

  it('CLI: petty-cash status --office GAR, as text and as JSON', async () => {
    const human = await runCliHere(['petty-cash', 'status', '--office', 'GAR'], t.target);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Caja menor GAR-2026');
    expect(human.stdout).toContain('Disponible en efectivo: $ 1.000.000');
    expect(human.stdout).toContain('Papelería');
    const json = await runCliHere(['petty-cash', 'status', '--office', 'GAR', '--json'], t.target);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { available: number; fund: { officeCode: string } };
    expect(parsed).toMatchObject({ available: 1_000_000, fund: { officeCode: 'GAR' } });
    const unknown = await runCliHere(['petty-cash', 'status', '--office', 'XYZ'], t.target);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('No existe la oficina «XYZ»');
  });

  it('CLI: petty-cash reimbursement-report --fund ID --out writes the last report', async () => {
    const out = path.join(t.dir, 'salida', 'reembolso.pdf');
    // on PostgreSQL the CLI finds the supports in the default data folder: the test back office's
    const saved = process.env.VENTANILLA_DATA_DIR;
    process.env.VENTANILLA_DATA_DIR = t.app.dataDir;
    const run = await runCliHere(['petty-cash', 'reimbursement-report', '--fund', String(desk.fundId), '--out', out], t.target).finally(() => {
      if (saved === undefined) delete process.env.VENTANILLA_DATA_DIR;
      else process.env.VENTANILLA_DATA_DIR = saved;
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Reembolso RE-GAR-2026-0001 (aprobado) por $ 254.300');
    const text = pdfTextFlat(fs.readFileSync(out));
    expect(text).toContain('Total aprobado $ 254.300');
    const missing = await runCliHere(['petty-cash', 'reimbursement-report', '--fund', '999', '--out', out], t.target);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('La caja menor no existe');
  });
});
