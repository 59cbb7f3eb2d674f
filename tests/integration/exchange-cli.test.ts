/** Issue 18, item 4 (console): `export recaudo --date … [--office] --format … --out` — exit 0 and the same bytes on a repeat. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../helpers/cli';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, copCount, openCashierDesk, payCash, type InitializedBackOffice } from '../helpers/cashier';
import { parseAsobancaria } from '../../electron/core/modules/bankfiles/asobancaria';
import { addDays, formatDate, todayIn } from '../../shared/dates';

let t: InitializedBackOffice;
let today: string;

beforeAll(async () => {
  t = await createInitializedBackOffice();
  const desk = await openCashierDesk(t);
  const a = await accountWithInvoices(t, '300001', [54_300]);
  const b = await accountWithInvoices(t, '300002', [61_000]);
  await payCash(t, desk.token, a.accountId, 54_300, { received: 60_000 });
  await payCash(t, desk.token, b.accountId, 61_000);
  await t.ok('cashier.close', { count: copCount(200_000 + 54_300 + 61_000) }, desk.token);
  today = todayIn('America/Bogota');
});
afterAll(() => t.close());

const cli = (...args: string[]) => runCliHere(args, t.target);
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('export recaudo from the console', () => {
  it('writes the Asobancaria file, prints number, counts, totals and hash, and a repeat writes the same bytes', async () => {
    const dir = path.join(t.dir, 'entrega');
    fs.mkdirSync(dir);
    const out = path.join(dir, 'recaudo.txt');
    const first = await cli('export', 'recaudo', '--date', today, '--office', 'gar', '--format', 'asobancaria', '--out', out);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const hash = sha(out);
    expect(first.stdout).toContain(`Exportación n.º 1 del recaudo del ${formatDate(today)} (oficina GAR), modificador A:`);
    expect(first.stdout).toContain(`2 pagos por $ 115.300 · SHA-256 ${hash}`);
    const read = parseAsobancaria(fs.readFileSync(out), { currency: 'COP' });
    expect(read.totals).toEqual({ lots: 1, records: 2, total: 115_300 });
    // nothing else in the folder: the temporary name was renamed
    expect(fs.readdirSync(dir)).toEqual(['recaudo.txt']);

    const out2 = path.join(dir, 'recaudo-otra-vez.txt');
    const again = await cli('export', 'recaudo', '--date', today, '--office', 'GAR', '--format', 'asobancaria', '--out', out2);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Sin pagos nuevos: la misma exportación n.º 1');
    expect(sha(out2)).toBe(hash);
    expect(Number((await t.app.db('exchange_exports').count({ n: '*' }))[0].n)).toBe(1);
  });

  it('refuses a future date with exit 1 and the Spanish reason, and an unknown format with exit 2, writing nothing', async () => {
    const tomorrow = addDays(today, 1);
    const out = path.join(t.dir, 'futuro.txt');
    const future = await cli('export', 'recaudo', '--date', tomorrow, '--format', 'csv', '--out', out);
    expect(future.code).toBe(1);
    expect(future.stderr).toBe(`Error: El ${tomorrow} todavía no ha llegado: solo se exportan días ya recaudados.\n`);
    const xml = await cli('export', 'recaudo', '--date', today, '--format', 'xml', '--out', out);
    expect(xml.code).toBe(2);
    expect(xml.stderr).toBe('Error: El formato debe ser asobancaria, csv, json: «xml»\n');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a reservation left by a run killed while writing (no hash, no audit, not in the log) is finished by the next run, with the same bytes', async () => {
    const out = path.join(t.dir, 'entrega', 'recaudo-csv.csv');
    const first = await cli('export', 'recaudo', '--date', today, '--format', 'csv', '--out', out);
    expect(first.code).toBe(0);
    const hash = sha(out);
    // what a SIGKILL between the reservation and the hash leaves: the row and its links, no hash, no audit row, no file
    const row = await t.app.db('exchange_exports').where({ format: 'csv' }).first('id');
    await t.app.db('exchange_exports').where({ id: row.id }).update({ sha256: '', bytes: 0 });
    await t.app.db('audit_log').where({ action: 'exchange.export', entity_id: String(row.id) }).delete();
    fs.rmSync(out);
    const coordinatorLog = await t.ok('exchange.list', { date: today }, t.adminToken);
    expect(coordinatorLog.map((e) => e.format)).toEqual(['asobancaria']);

    const again = await cli('export', 'recaudo', '--date', today, '--format', 'csv', '--out', out);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Sin pagos nuevos: la misma exportación n.º');
    expect(sha(out)).toBe(hash);
    const finished = await t.app.db('exchange_exports').where({ id: row.id }).first('sha256');
    expect(finished.sha256).toBe(hash);
    expect(Number((await t.app.db('audit_log').where({ action: 'exchange.export', entity_id: String(row.id) }).count({ n: '*' }))[0].n)).toBe(1);
    expect((await t.ok('exchange.list', { date: today }, t.adminToken)).map((e) => e.format)).toEqual(['csv', 'asobancaria']);
  });
});
