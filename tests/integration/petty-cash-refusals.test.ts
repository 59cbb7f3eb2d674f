/**
 * Bad input is refused with a clear Spanish reason and nothing is written: zero and negative
 * amounts, a date in the future or outside the fund's year, a forbidden concept, amounts above the
 * maximum, the line or the fund, a support that is not a PDF or an image (by its content), a payee
 * id with letters or a wrong NIT check digit; and the rules of setting up a fund.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import type { HandlerName, Input } from '../../shared/contract';
import type { ErrorCode } from '../../shared/result';
import { COMPANY, createInitializedBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { todayIn } from '../../shared/dates';
import { expenseInput, openTestFund, pettyCashSnapshot, pngSupport, type PettyCashDesk } from '../helpers/pettyCash';

type T = TestBackOffice & { adminToken: string; officeId: number };

function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

describe('refusals of an expense', () => {
  let t: T;
  let desk: PettyCashDesk;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-15T17:00:00Z') });
    t = await createInitializedBackOffice();
    desk = await openTestFund(t, { amount: 1_000_000, maxPerExpense: 300_000 });
    await t.ok('pettyCash.recordExpense', expenseInput(desk, { date: '2026-06-01', amount: 280_000, support: pngSupport() }), desk.custodianToken);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t.close();
  });

  /** calls and expects a refusal containing `message`, with the database and the data folder unchanged */
  async function refused<N extends HandlerName>(name: N, args: Input<N>, code: ErrorCode, message: string, token = desk.custodianToken): Promise<void> {
    const before = await pettyCashSnapshot(t);
    const files = filesIn(path.join(t.app.dataDir, 'attachments'));
    await expectRefusal(t.call(name, args, token), code, message);
    expect(await pettyCashSnapshot(t)).toEqual(before);
    expect(filesIn(path.join(t.app.dataDir, 'attachments'))).toEqual(files);
  }

  it('zero and negative amounts', async () => {
    await refused('pettyCash.recordExpense', expenseInput(desk, { amount: 0 }), 'VALIDATION', 'Datos inválidos en «amount»: El valor debe ser mayor que cero');
    await refused('pettyCash.recordExpense', expenseInput(desk, { amount: -5_000 }), 'VALIDATION', 'Datos inválidos en «amount»: El valor debe ser mayor que cero');
    await refused('pettyCash.giveAdvance', { fundId: desk.fundId, date: desk.today, payee: { idType: 'CC', idNumber: '1234', name: 'A' }, concept: 'x', budgetLineId: desk.lines.aseo, amount: 0 }, 'VALIDATION', 'Datos inválidos en «amount»: El valor debe ser mayor que cero');
  });

  it('dates in the future, outside the year of the fund, or before the last approved reimbursement', async () => {
    await refused('pettyCash.recordExpense', expenseInput(desk, { date: '2026-06-16' }), 'VALIDATION', 'La fecha 16/06/2026 es posterior a hoy (15/06/2026).');
    await refused('pettyCash.recordExpense', expenseInput(desk, { date: '2025-12-31' }), 'VALIDATION', 'La fecha 31/12/2025 no es del año de la caja menor (2026).');
  });

  it('amounts above the maximum per expense, the line and the fund', async () => {
    await refused('pettyCash.recordExpense', expenseInput(desk, { amount: 300_001 }), 'RULE', 'El valor $ 300.001 supera el máximo por gasto de la caja menor ($ 300.000).');
    // Papelería: 400.000 − 280.000 = 120.000 left
    await refused('pettyCash.recordExpense', expenseInput(desk, { amount: 120_001 }), 'RULE', 'El rubro 01 Papelería solo tiene disponible $ 120.000; el gasto necesita $ 120.001.');
  });

  it('a forbidden concept, whatever its case and accents', async () => {
    await refused('pettyCash.recordExpense', expenseInput(desk, { concept: 'PRESTAMO a la señora del aseo' }), 'RULE', 'El concepto «PRESTAMO a la señora del aseo» no se puede pagar por caja menor: «préstamo» es un concepto prohibido.');
  });

  it('withholdings as large as the amount', async () => {
    await refused('pettyCash.recordExpense', expenseInput(desk, { amount: 10_000, withholdings: 10_000 }), 'VALIDATION', 'Las retenciones deben ser menores que el valor del gasto.');
  });

  it('a payee id with letters, or a NIT with a wrong check digit', async () => {
    await refused('pettyCash.recordExpense', expenseInput(desk, { payee: { idType: 'CC', idNumber: '79A55111', name: 'Jorge' } }), 'VALIDATION', 'La cédula «79A55111» no es válida: solo números, de 3 a 10 dígitos.');
    await refused('pettyCash.recordExpense', expenseInput(desk, { payee: { idType: 'NIT', idNumber: '900123456-7', name: 'Papelería' } }), 'VALIDATION', 'El NIT «900123456-7» no es válido: revise los dígitos y el dígito de verificación.');
  });

  it('a support that is a program or a text file renamed .pdf, by its content', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]).toString('base64');
    await refused('pettyCash.recordExpense', expenseInput(desk, { support: { fileName: 'factura.exe', mimeType: 'application/octet-stream', dataBase64: exe } }), 'VALIDATION', 'El soporte «factura.exe» no es un archivo permitido (es un programa ejecutable): solo se reciben PDF, imagen JPG, imagen PNG.');
    const text = Buffer.from('esta no es una factura').toString('base64');
    await refused('pettyCash.recordExpense', expenseInput(desk, { support: { fileName: 'factura.pdf', mimeType: 'application/pdf', dataBase64: text } }), 'VALIDATION', 'El soporte «factura.pdf» no es un archivo permitido: solo se reciben PDF, imagen JPG, imagen PNG.');
    const [expense] = await t.ok('pettyCash.expenses', { fundId: desk.fundId }, desk.custodianToken);
    await refused('pettyCash.attachSupport', { expenseId: expense.id, support: { fileName: 'nota.pdf', mimeType: 'application/pdf', dataBase64: text } }, 'VALIDATION', 'El soporte «nota.pdf» no es un archivo permitido: solo se reciben PDF, imagen JPG, imagen PNG.');
  });

  it('a valid expense whose transaction fails leaves no file behind', async () => {
    // the support is stored before the transaction; the line's refusal inside it must remove it
    const png = { fileName: 'unico.png', mimeType: 'image/png', dataBase64: Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('unico')]).toString('base64') };
    await refused('pettyCash.recordExpense', expenseInput(desk, { amount: 200_000, support: png }), 'RULE', 'El rubro 01 Papelería solo tiene disponible $ 120.000; el gasto necesita $ 200.000.');
  });

  it('someone who is neither the custodian nor a coordinator', async () => {
    const cashier = await loginAs(t, 'cajero', 'cajero9');
    await refused('pettyCash.recordExpense', expenseInput(desk), 'FORBIDDEN', 'Solo quien custodia la caja menor o el coordinador de la oficina pueden hacer esto.', cashier);
  });
});

describe('refusals of setting up a fund', () => {
  let t: T;
  let coordinator: string;
  let custodianId: number;
  beforeAll(async () => {
    t = await createInitializedBackOffice();
    coordinator = await loginAs(t, 'coordinador', 'coordinador1');
    const token = await loginAs(t, 'auxiliar', 'custodio1');
    custodianId = (await t.ok('auth.me', {}, token)).user.id;
  });
  afterAll(() => t.close());

  const fund = (over: Partial<Input<'pettyCash.openFund'>> = {}): Input<'pettyCash.openFund'> => ({
    officeId: 1,
    // the company's year, not the runner's: on 31 December at 20:00 in Bogotá UTC is already in January
    year: Number(todayIn(COMPANY.timeZone).slice(0, 4)),
    resolutionNumber: '045',
    resolutionDate: `${todayIn(COMPANY.timeZone).slice(0, 4)}-01-02`,
    amount: 1_000_000,
    custodianId,
    maxPerExpense: 200_000,
    budgetLines: [{ code: '01', name: 'Papelería', limit: 600_000 }],
    forbiddenConcepts: [],
    ...over,
  });

  it('line limits above the amount, an unknown custodian, a wrong year; one open fund per office', async () => {
    const cashier = await loginAs(t, 'cajero', 'cajero1');
    const before = await pettyCashSnapshot(t);
    await expectRefusal(t.call('pettyCash.openFund', fund({ budgetLines: [{ code: '01', name: 'A', limit: 600_000 }, { code: '02', name: 'B', limit: 500_000 }] }), coordinator), 'RULE', 'Los límites de los rubros suman $ 1.100.000, más que el monto de la caja menor ($ 1.000.000).');
    await expectRefusal(t.call('pettyCash.openFund', fund({ custodianId: 999 }), coordinator), 'NOT_FOUND', 'El usuario custodio no existe');
    await expectRefusal(t.call('pettyCash.openFund', fund({ year: 2031 }), coordinator), 'VALIDATION', 'El año de la caja menor (2031) debe ser el de la resolución o el actual.');
    await expectForbidden(t.call('pettyCash.openFund', fund(), cashier));
    expect(await pettyCashSnapshot(t)).toEqual(before);
    await t.ok('pettyCash.openFund', fund(), coordinator);
    await expectRefusal(t.call('pettyCash.openFund', fund(), coordinator), 'CONFLICT', 'La oficina GAR ya tiene una caja menor abierta (2026): legalícela antes de abrir otra.');
  });

  it('the database itself keeps one open fund per office', async () => {
    const [row] = await t.app.db('petty_cash_funds').select('*');
    const { id: _id, ...copy } = row as Record<string, unknown>;
    await expect(t.app.db('petty_cash_funds').insert(copy)).rejects.toThrow(/UNIQUE|unique/);
  });
});
