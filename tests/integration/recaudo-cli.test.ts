/** `report recaudo --from --to [--office] --out <pdf|csv>` from the admin console. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../helpers/cli';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { insertAccount } from '../helpers/accounts';
import { pdfTextFlat } from '../helpers/pdf';

let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;

beforeAll(async () => {
  t = await createInitializedBackOffice();
  const account = await insertAccount(t.app.db, { number: '100234', holderName: 'GÓMEZ PARDO ANA LUCÍA' });
  const admin = (await t.app.db('users').where({ username: 'admin' }).first('id')).id as number;
  const payments: [string, string, number, string][] = [
    ['2026-11-18', 'efectivo', 54_300, 'vigente'],
    ['2026-11-18', 'transferencia', 61_000, 'vigente'],
    ['2026-11-19', 'efectivo', 20_000, 'anulado'],
  ];
  for (const [i, [date, method, amount, status]] of payments.entries()) {
    const [row] = await t.app.db('payments')
      .insert({ office_id: t.officeId, account_id: account, receipt_number: i + 1, idempotency_key: `cli-test-${i}`, source: 'caja', business_date: date, posted_at: `${date}T15:00:00.000Z`, cashier_id: admin, amount, balance_after: 0, status, verification_code: `V${i}` })
      .returning('id');
    await t.app.db('payment_tenders').insert({ payment_id: typeof row === 'object' ? row.id : row, method, amount });
  }
});
afterAll(() => t.close());

const cli = (...args: string[]) => runCliHere(args, t.target);

describe('report recaudo from the console', () => {
  it('writes the CSV and prints the totals', async () => {
    const out = path.join(t.dir, 'recaudo.csv');
    const r = await cli('report', 'recaudo', '--from', '2026-11-18', '--to', '2026-11-19', '--office', 'gar', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Recaudo del 18/11/2026 al 19/11/2026, oficina GAR:');
    expect(r.stdout).toContain('Total recaudado: $ 115.300 · Anulados (no suman): 1 por $ 20.000');
    const lines = fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toEqual(['Fecha;Oficina;Cajero;Forma de pago;Pagos;Valor', '2026-11-18;GAR;Laura Gómez Pardo;Efectivo;1;54300', '2026-11-18;GAR;Laura Gómez Pardo;Transferencia;1;61000']);
  });

  it('writes the PDF for every office when none is given', async () => {
    const out = path.join(t.dir, 'recaudo.pdf');
    const r = await cli('report', 'recaudo', '--from', '2026-11-18', '--to', '2026-11-19', '--out', out);
    expect(r.code).toBe(0);
    const text = pdfTextFlat(fs.readFileSync(out));
    expect(text).toContain('todas las oficinas');
    expect(text).toMatch(/TOTAL RECAUDADO \$ 115\.300/);
  });

  it('refuses a wrong extension, a missing option and an unknown office', async () => {
    const bad = await cli('report', 'recaudo', '--from', '2026-11-18', '--to', '2026-11-19', '--out', path.join(t.dir, 'r.xlsx'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('El archivo de salida debe terminar en .pdf o .csv');
    const missing = await cli('report', 'recaudo', '--from', '2026-11-18', '--out', path.join(t.dir, 'r.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Falta la opción --to');
    const office = await cli('report', 'recaudo', '--from', '2026-11-18', '--to', '2026-11-19', '--office', 'XYZ', '--out', path.join(t.dir, 'r.csv'));
    expect(office.code).toBe(1);
    expect(office.stderr).toBe('Error: No existe la oficina «XYZ». Oficinas: GAR\n');
    expect(fs.existsSync(path.join(t.dir, 'r.csv'))).toBe(false);
  });
});
