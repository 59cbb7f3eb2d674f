/** `notices generate` from the admin console, against a real database file. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../helpers/cli';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { insertAccount, insertInvoice } from '../helpers/accounts';
import { pdfPageCount, pdfTextFlat } from '../helpers/pdf';
import { businessToday } from '../../electron/core/modules/accounts/service';

let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;
let year: string;

async function debtor(number: string, amounts: number[], route = '01'): Promise<number> {
  const id = await insertAccount(t.app.db, { number, holderName: `TITULAR ${number}` });
  await t.app.db('accounts').where({ id }).update({ route });
  for (const [i, total] of amounts.entries()) {
    const month = String(i + 1).padStart(2, '0');
    await insertInvoice(t.app.db, id, { number: `${number}-${month}`, period: `2026-${month}`, dueDate: `2026-${month}-20`, total });
  }
  return id;
}

beforeAll(async () => {
  t = await createInitializedBackOffice();
  year = (await businessToday(t.app.db)).slice(0, 4);
  await debtor('100001', [40_000, 45_000]);
  await debtor('100002', [30_000, 30_000, 30_000]);
  await debtor('100003', [20_000]); // one period only
  await debtor('100004', [25_000, 25_000], '02');
});
afterAll(() => t.close());

const cli = (...args: string[]) => runCliHere(args, t.target);

describe('notices generate from the console', () => {
  it('generates numbered suspension notices for the accounts with two unpaid periods of a route, one PDF page each', async () => {
    const out = path.join(t.dir, 'salida', 'avisos.pdf');
    const r = await cli('notices', 'generate', '--kind', 'suspension', '--min-periods', '2', '--route', '01', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Aviso de suspensión: 2 avisos generados, del AS-${year}-000001 al AS-${year}-000002 (deuda total $ 175.000).`);
    const pdf = fs.readFileSync(out);
    expect(pdfPageCount(pdf)).toBe(2);
    const text = pdfTextFlat(pdf);
    expect(text).toContain('TITULAR 100001');
    expect(text).toContain('TITULAR 100002');
    expect(text).not.toContain('TITULAR 100004');
  });

  it('a second run finds them already notified and writes nothing', async () => {
    const out = path.join(t.dir, 'otra.pdf');
    const before = await t.app.db('notices').count<{ n: number }[]>({ n: '*' });
    const r = await cli('notices', 'generate', '--kind', 'suspension', '--route', '01', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ninguna puede recibirlo ahora. No se generó nada.');
    expect(fs.existsSync(out)).toBe(false);
    expect(await t.app.db('notices').count<{ n: number }[]>({ n: '*' })).toEqual(before);
  });

  it('refuses an unknown kind and a bad amount', async () => {
    const bad = await cli('notices', 'generate', '--kind', 'embargo', '--out', path.join(t.dir, 'x.pdf'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Tipo de aviso desconocido: «embargo»');
    const amount = await cli('notices', 'generate', '--kind', 'suspension', '--min-debt', '1.000', '--out', path.join(t.dir, 'x.pdf'));
    expect(amount.code).toBe(2);
    expect(amount.stderr).toContain('--min-debt');
  });
});
