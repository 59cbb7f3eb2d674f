/**
 * Issue 18, item 4 (delivery): every file of an office with a delivery folder goes there (temporary
 * name, then rename), at the settings' hour and on demand; a folder missing or read-only leaves the
 * file pending in the log with the Spanish reason, and the next try sends the same recorded bytes.
 * Also: a date before the first payment is refused. One back office: the steps of one day.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn, zonedTimeToUtc } from '../../shared/dates';
import { ExchangeDeliveryScheduler } from '../../electron/core/modules/exchange/scheduler';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, copCount, createCoordinator, openCashierDesk, payCash, type InitializedBackOffice } from '../helpers/cashier';
import { expectRefusal } from '../helpers/refusal';

let t: InitializedBackOffice;
let coordinator: string;
let today: string;
let folder: string;

const SETTINGS = { bankCode: '507', collectionAccount: '45012345678', accountType: '02' as const, serviceCode: '', reference: 'factura' as const, branches: [] };
const sha = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** makes the folder read-only for real: root ignores permissions, so it gets the immutable flag */
function readOnly(dir: string, on: boolean): void {
  if (process.getuid?.() === 0) execFileSync('chattr', [on ? '+i' : '-i', dir]);
  else fs.chmodSync(dir, on ? 0o555 : 0o755);
}

beforeAll(async () => {
  t = await createInitializedBackOffice();
  folder = path.join(t.dir, 'recaudo-gar');
  fs.mkdirSync(folder);
  await t.ok('exchange.saveSettings', { ...SETTINGS, folders: [{ officeCode: 'GAR', folder }], deliveryTime: '19:00', deliveryFormats: ['asobancaria', 'csv'] }, t.adminToken);
  const desk = await openCashierDesk(t);
  ({ token: coordinator } = await createCoordinator(t));
  const a = await accountWithInvoices(t, '700001', [61_200]);
  await payCash(t, desk.token, a.accountId, 61_200);
  await t.ok('cashier.close', { count: copCount(200_000 + 61_200) }, desk.token);
  today = todayIn('America/Bogota');
});
afterAll(async () => {
  if (fs.existsSync(folder)) readOnly(folder, false);
  await t.close();
});

describe('delivery to the office’s folder', () => {
  it('refuses a date before the first payment, writing nothing', async () => {
    const first = (await t.app.db('payments').min({ d: 'business_date' }).first()) as { d: string };
    const before = addDays(first.d, -1);
    await expectRefusal(
      t.call('exchange.exportRecaudo', { date: before, format: 'asobancaria' }, coordinator),
      'RULE',
      `No hay pagos antes del ${first.d}: el ${before} es anterior al primer pago registrado.`,
    );
    expect(Number((await t.app.db('exchange_exports').count({ n: '*' }))[0].n)).toBe(0);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('an export on demand lands in the folder under its name, whole, and the log says delivered', async () => {
    const made = await t.ok('exchange.exportRecaudo', { date: today, format: 'asobancaria' }, coordinator);
    expect(made.export.delivery).toMatchObject({ state: 'entregado', path: folder, error: '', attempts: 1 });
    expect(fs.readdirSync(folder)).toEqual([made.export.fileName]);
    const onDisk = fs.readFileSync(path.join(folder, made.export.fileName));
    expect(sha(onDisk)).toBe(made.export.sha256);
    expect(onDisk.toString('base64')).toBe(made.file.base64);
  });

  it('a missing folder, then a read-only one: the file stays pending with the reason; the next try delivers the same bytes', async () => {
    const away = `${folder}-desconectada`;
    fs.renameSync(folder, away);
    const made = await t.ok('exchange.exportAct', { kind: 'novedades', date: today }, coordinator);
    const missing = `La carpeta de entrega ${folder} no existe o no está disponible (¿la unidad de red está conectada?).`;
    expect(made.export.delivery).toMatchObject({ state: 'pendiente', error: missing, attempts: 1 });
    await expectRefusal(t.call('exchange.deliver', { exportId: made.export.id }, coordinator), 'RULE', missing);
    let log = await t.ok('exchange.list', { date: today }, coordinator);
    expect(log.find((e) => e.id === made.export.id)?.delivery).toMatchObject({ state: 'pendiente', error: missing, attempts: 2 });

    fs.renameSync(away, folder);
    readOnly(folder, true);
    const readOnlyReason = `No se puede escribir en la carpeta de entrega ${folder}: es de solo lectura o falta el permiso.`;
    await expectRefusal(t.call('exchange.deliver', { exportId: made.export.id }, coordinator), 'RULE', readOnlyReason);
    expect(fs.readdirSync(folder).filter((f) => f.startsWith('novedades'))).toEqual([]);

    readOnly(folder, false);
    const delivered = await t.ok('exchange.deliver', { exportId: made.export.id }, coordinator);
    expect(delivered.delivery).toMatchObject({ state: 'entregado', error: '', attempts: 4 });
    expect(sha(fs.readFileSync(path.join(folder, made.export.fileName)))).toBe(made.export.sha256);
    log = await t.ok('exchange.list', { date: today }, coordinator);
    expect(log.filter((e) => e.delivery.state === 'pendiente')).toEqual([]);
    // every try is in the audit
    const tries = await t.app.db('audit_log').where({ action: 'exchange.deliver', entity_id: String(made.export.id) }).count({ n: '*' });
    expect(Number(tries[0].n)).toBe(4);
  });

  it('at the set hour the day’s files are made once and delivered; before it, nothing is made', async () => {
    const at = (time: string) => () => new Date(zonedTimeToUtc(today, time, 'America/Bogota'));
    const early = new ExchangeDeliveryScheduler(t.app, { now: at('18:59'), log: () => undefined });
    const count = async () => Number((await t.app.db('exchange_exports').count({ n: '*' }))[0].n);
    const before = await count();
    expect(await early.tick()).toBeNull();
    expect(await count()).toBe(before);

    const logged: string[] = [];
    const scheduler = new ExchangeDeliveryScheduler(t.app, { now: at('19:05'), log: (m) => logged.push(m) });
    const run = await scheduler.tick();
    // the Asobancaria file was made already (the same bytes are not made twice); new: the CSV and the five other acts (novedades was made)
    expect(run?.created.map((e) => [e.kind, e.format]).sort()).toEqual(
      [
        ['recaudo', 'csv'],
        ['acuerdos', 'csv'],
        ['ordenes', 'csv'],
        ['cobros', 'csv'],
        ['contactos', 'csv'],
        ['pqr-ajustes', 'csv'],
      ].sort(),
    );
    expect(run?.pending).toEqual([]);
    expect(run?.created.every((e) => e.delivery.state === 'pendiente')).toBe(true);
    const log = await t.ok('exchange.list', { date: today }, coordinator);
    expect(log.every((e) => e.delivery.state === 'entregado')).toBe(true);
    expect(fs.readdirSync(folder).sort()).toEqual(log.map((e) => e.fileName).sort());
    expect(logged[0]).toContain(`Intercambio del ${today}: 6 archivos nuevos`);
    // the same day again: nothing more
    expect(await scheduler.tick()).toBeNull();
    expect(await count()).toBe(before + 6);
  });
});

describe('the settings of Administración › Intercambio', () => {
  it('refuses a folder that does not exist, is read-only, is a file or is not a full path, a code with letters and an unknown office, each in Spanish and writing nothing; saves the rest with its audit row', async () => {
    const saved = await t.ok('exchange.settings', {}, t.adminToken);
    const audits = async () => Number((await t.app.db('audit_log').where({ action: 'exchange.settings' }).count({ n: '*' }))[0].n);
    const auditsBefore = await audits();
    const withFolder = (dir: string) => ({ ...saved, folders: [{ officeCode: 'GAR', folder: dir }] });
    const missing = path.join(t.dir, 'no-existe');
    const a = await expectRefusal(
      t.call('exchange.saveSettings', withFolder(missing), t.adminToken),
      'VALIDATION',
      `La carpeta de entrega ${missing} no existe o no está disponible (¿la unidad de red está conectada?).`,
    );
    expect(a.fields).toEqual({ 'folders.0.folder': 'No disponible' });
    const locked = path.join(t.dir, 'solo-lectura');
    fs.mkdirSync(locked);
    readOnly(locked, true);
    try {
      await expectRefusal(t.call('exchange.saveSettings', withFolder(locked), t.adminToken), 'VALIDATION', `No se puede escribir en la carpeta de entrega ${locked}: es de solo lectura o falta el permiso.`);
    } finally {
      readOnly(locked, false);
    }
    const file = path.join(t.dir, 'un-archivo.txt');
    fs.writeFileSync(file, 'x');
    await expectRefusal(t.call('exchange.saveSettings', withFolder(file), t.adminToken), 'VALIDATION', `${file} es un archivo, no una carpeta de entrega.`);
    await expectRefusal(
      t.call('exchange.saveSettings', withFolder('recaudo'), t.adminToken),
      'VALIDATION',
      'La carpeta de entrega recaudo debe ser una ruta completa (p. ej. \\\\servidor\\recaudo o /mnt/recaudo).',
    );
    await expectRefusal(
      t.call('exchange.saveSettings', { ...saved, bankCode: '5O7' }, t.adminToken),
      'VALIDATION',
      'Datos inválidos en «bankCode»: Código de entidad recaudadora: solo dígitos',
    );
    await expectRefusal(
      t.call('exchange.saveSettings', { ...saved, branches: [{ officeCode: 'GAR', branch: '00A2' }] }, t.adminToken),
      'VALIDATION',
      'Datos inválidos en «branches.0.branch»: Código de sucursal: solo dígitos',
    );
    const unknown = await expectRefusal(t.call('exchange.saveSettings', { ...saved, branches: [{ officeCode: 'XYZ', branch: '0042' }] }, t.adminToken), 'VALIDATION', 'No hay una oficina con el código XYZ.');
    expect(unknown.fields).toEqual({ 'branches.0.officeCode': 'Oficina desconocida' });
    await expectRefusal(t.call('exchange.saveSettings', { ...saved, deliveryTime: '25:00' }, t.adminToken), 'VALIDATION', 'Datos inválidos en «deliveryTime»: Hora HH:MM');
    // nothing written: the settings as they were, no audit row
    expect(await t.ok('exchange.settings', {}, t.adminToken)).toEqual(saved);
    expect(await audits()).toBe(auditsBefore);

    // the folder of every office (TODAS) beside GAR's, another hour: saved, with its audit row
    const all = path.join(t.dir, 'recaudo-todas');
    fs.mkdirSync(all);
    const next = { ...saved, folders: [...saved.folders, { officeCode: 'TODAS', folder: all }], deliveryTime: '18:30' };
    expect(await t.ok('exchange.saveSettings', next, t.adminToken)).toEqual(next);
    expect(await audits()).toBe(auditsBefore + 1);
    expect(await t.ok('exchange.settings', {}, t.adminToken)).toEqual(next);
    // only the administrator changes them
    await expectRefusal(t.call('exchange.saveSettings', next, coordinator), 'FORBIDDEN', 'Su rol no permite esta operación.');
  });
});
