/** `paz-y-salvo <cuenta> --out <pdf>` from the admin console, against a real database file. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../helpers/cli';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { insertAccount, insertInvoice } from '../helpers/accounts';
import { pdfTextFlat } from '../helpers/pdf';

let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;

beforeAll(async () => {
  t = await createInitializedBackOffice();
  const owes = await insertAccount(t.app.db, { number: '100234', holderName: 'GÓMEZ PARDO ANA LUCÍA' });
  await insertInvoice(t.app.db, owes, { number: 'F-0002', period: '2026-09', dueDate: '2026-10-15', total: 154_300 });
  await insertAccount(t.app.db, { number: '200777', holderName: 'ANAYA CASTRO MARÍA' });
});
afterAll(() => t.close());

const cli = (...args: string[]) => runCliHere(args, t.target);

describe('paz-y-salvo from the console', () => {
  it('writes the certificate of an account without debt', async () => {
    const out = path.join(t.dir, 'salida', 'pys.pdf');
    const r = await cli('paz-y-salvo', '200777', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const year = (await t.app.db('paz_y_salvos').first('business_date')).business_date.slice(0, 4);
    expect(r.stdout).toContain(`Paz y salvo PYS-${year}-000001 expedido para la cuenta 200777 (ANAYA CASTRO MARÍA).`);
    const text = pdfTextFlat(fs.readFileSync(out));
    expect(text).toContain(`No. PYS-${year}-000001`);
    expect(text).toContain('ANAYA CASTRO MARÍA');
  });

  it('refuses an account with debt, with the reason and a non-zero exit, and writes nothing', async () => {
    const out = path.join(t.dir, 'deuda.pdf');
    const before = await t.app.db('paz_y_salvos').count<{ n: number }[]>({ n: '*' });
    const r = await cli('paz-y-salvo', '100234', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: La cuenta 100234 tiene una deuda de $ 154.300 en 1 factura; no se puede expedir el paz y salvo\n');
    expect(fs.existsSync(out)).toBe(false);
    expect(await t.app.db('paz_y_salvos').count<{ n: number }[]>({ n: '*' })).toEqual(before);
  });

  it('an unknown account says so', async () => {
    const r = await cli('paz-y-salvo', '999999', '--out', path.join(t.dir, 'x.pdf'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: No existe la cuenta 999999\n');
  });
});
