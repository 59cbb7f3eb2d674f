/**
 * Issue 12, item 12 (a restore never re-issues numbers) and the restore side of item 9 (a copy
 * whose audit chain is broken is refused, or restored only with the administrator's explicit word).
 *
 * Carrying counters forward is engine-neutral and runs on both engines; restoring is SQLite only
 * (on PostgreSQL the server's pg_restore does it).
 */
import fs from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { auditRowHash } from '../../electron/core/db/audit';
import { highestCounters, readAnchorsFile, registeredAnchors } from '../../electron/core/db/anchors';
import { backupsDir } from '../../electron/core/db/backup';
import { nextNumber } from '../../electron/core/db/counters';
import { carryCountersForward, lostLines, lostNumbers } from '../../electron/core/modules/backups/numbers';
import { businessToday } from '../../electron/core/modules/accounts/service';
import { ADMIN, createInitializedBackOffice, loginAs, onPostgres, sqliteFile } from '../helpers/backoffice';
import { accountWithInvoices, copCount, openCashierDesk, payCash, type InitializedBackOffice } from '../helpers/cashier';
import { expenseInput, openTestFund } from '../helpers/pettyCash';
import { filePqr } from '../helpers/pqr';

const open: InitializedBackOffice[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});
async function backOffice(): Promise<InitializedBackOffice> {
  const t = await createInitializedBackOffice();
  open.push(t);
  return t;
}

describe('counters carried forward (SQLite and PostgreSQL)', () => {
  it('moves every counter to the highest number issued and never back; names the numbers lost, by kind', async () => {
    const t = await backOffice();
    const db = t.app.db;
    await db.transaction(async (trx) => {
      for (let i = 0; i < 3; i++) await nextNumber(trx, `receipt:${t.officeId}`);
      await nextNumber(trx, 'pazYSalvo');
    });
    await db.transaction((trx) => carryCountersForward(trx, { [`receipt:${t.officeId}`]: 7, pazYSalvo: 1, 'radicado:1:2026:pqr': 4 }));
    const counters = Object.fromEntries((await db('counters').select('key', 'value')).map((r: { key: string; value: number | string }) => [r.key, Number(r.value)]));
    // receipts forward to 7, paz y salvo stays at 1 (never back), a new series starts at 4
    expect(counters).toEqual({ [`receipt:${t.officeId}`]: 7, pazYSalvo: 1, 'radicado:1:2026:pqr': 4 });
    const next = await db.transaction((trx) => nextNumber(trx, `receipt:${t.officeId}`));
    expect(next).toBe(8);

    const copy = { 'receipt:1': 1, 'radicado:1:2026:pqr': 0, 'pettycash:CM:GAR:2026': 2, 'notice:AS:2026': 5 };
    const issued = { 'receipt:1': 3, 'radicado:1:2026:pqr': 1, 'pettycash:CM:GAR:2026': 4, 'notice:AS:2026': 6, pazYSalvo: 2, 'orden:1:2026': 9 };
    expect(lostLines(lostNumbers(copy, issued, new Map([[1, 'GAR']])))).toEqual([
      'Recibos de GAR: GAR-000002 a GAR-000003 (2)',
      'Radicados de PQR de GAR, 2026: 2026-GAR-P-000001 (1)',
      'Comprobantes de egreso de caja menor de GAR, 2026: CM-GAR-2026-0003 a CM-GAR-2026-0004 (2)',
      'Avisos AS de 2026: AS-2026-000006 (1)',
      'Certificados de paz y salvo: No. 1 a No. 2 (2)',
      'orden:1:2026: orden:1:2026 1 a orden:1:2026 9 (9)',
    ]);
  });

  it('every anchor carries the counters, so the highest numbers are known outside the database', async () => {
    const t = await backOffice();
    const desk = await openCashierDesk(t);
    const { accountId } = await accountWithInvoices(t, '100234', [50_000]);
    await payCash(t, desk.token, accountId, 20_000);
    await payCash(t, desk.token, accountId, 10_000);
    await t.ok('cashier.close', { count: copCount(230_000), note: '' }, desk.token);
    const { anchors } = readAnchorsFile(registeredAnchors(t.app.db)!.anchorsFile);
    expect(highestCounters(anchors)).toEqual({ [`receipt:${t.officeId}`]: 2 });
  });
});

/** a copy of the database opened as it is, to spoil it on purpose */
function plain(file: string) {
  return knexFactory({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true });
}

describe.skipIf(onPostgres)('a restore never re-issues numbers (SQLite)', () => {
  it('restore an earlier copy, take a payment: its receipt number is higher than any issued before the restore', async () => {
    const t = await backOffice();
    const desk = await openCashierDesk(t);
    const coordinator = await loginAs(t, 'coordinador', 'jefe1');
    await t.ok('letters.saveSettings', { signerName: 'Ana María Ruiz', signerTitle: 'Coordinadora comercial', footer: 'Línea 116' }, t.adminToken);
    const { accountId } = await accountWithInvoices(t, '100234', [50_000, 40_000, 30_000]);
    const { accountId: debtor } = await accountWithInvoices(t, '100500', [30_000, 30_000]);
    const first = await payCash(t, desk.token, accountId, 10_000);
    expect(first.receiptLabel).toBe('GAR-000001');
    const copy = await t.ok('backups.create', {}, t.adminToken);

    // after the copy the office keeps working: two receipts, a radicado, a voucher and a notice
    const second = await payCash(t, desk.token, accountId, 10_000);
    const third = await payCash(t, desk.token, accountId, 10_000);
    expect([second.receiptLabel, third.receiptLabel]).toEqual(['GAR-000002', 'GAR-000003']);
    const year = (await businessToday(t.app.db)).slice(0, 4);
    const filed = await filePqr(t, coordinator);
    expect(filed.pqr.radicado).toBe(`${year}-GAR-P-000001`);
    const fund = await openTestFund(t);
    const expense = await t.ok('pettyCash.recordExpense', expenseInput(fund), fund.custodianToken);
    expect(expense.expense.number).toBe(`CM-GAR-${year}-0001`);
    const notices = await t.ok('notices.generate', { kind: 'suspension', accountIds: [debtor] }, coordinator);
    expect(notices.notices.map((n) => n.number)).toEqual([`AS-${year}-000001`]);

    // the confirmation lists them, by kind, before anything is done
    const preview = await t.ok('backups.restorePreview', { file: copy.file }, t.adminToken);
    expect(preview.chain).toMatchObject({ ok: true, problems: [] });
    expect(lostLines(preview.lost)).toEqual([
      'Recibos de GAR: GAR-000002 a GAR-000003 (2)',
      `Radicados de PQR de GAR, ${year}: ${year}-GAR-P-000001 (1)`,
      `Comprobantes de egreso de caja menor de GAR, ${year}: CM-GAR-${year}-0001 (1)`,
      `Avisos AS de ${year}: AS-${year}-000001 (1)`,
    ]);
    expect(preview.lost.map((l) => l.kind)).toEqual(['recibos', 'radicados', 'comprobantes', 'avisos']);

    const restored = await t.ok('backups.restore', { file: copy.file }, t.adminToken);
    expect(restored).toMatchObject({ restored: copy.file, lost: preview.lost, carried: preview.carried, brokenChainAccepted: false });
    expect(restored.carried).toMatchObject({ [`receipt:${t.officeId}`]: 3, [`notice:AS:${year}`]: 1 });
    // the copy is what is in the database now: one receipt
    expect(Number((await t.app.db('payments').count<{ n: number }[]>({ n: '*' }))[0].n)).toBe(1);
    const audit = await t.app.db('audit_log').where({ action: 'backup.restore' }).first('after_json');
    expect(JSON.parse(audit.after_json).lost).toEqual(lostLines(preview.lost));

    // everyone logs in again; the cashier's session (open in the copy) takes the next payment
    const { token } = await t.ok('auth.login', { username: desk.username, password: 'clave-de-prueba' });
    const after = await payCash(t, token, accountId, 5_000);
    expect(after.receiptLabel).toBe('GAR-000004');
    expect(after.receiptNumber).toBeGreaterThan(third.receiptNumber);
    const jefe = (await t.ok('auth.login', { username: 'jefe1', password: 'clave-de-prueba' })).token;
    expect((await filePqr(t, jefe)).pqr.radicado).toBe(`${year}-GAR-P-000002`);

    // and the audit still verifies: the anchors of the history the restore undid are accounted for
    const { token: admin } = await t.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const check = await t.ok('backups.verifyAudit', {}, admin);
    expect(check.problems).toEqual([]);
    expect(check.anchors.superseded).toBeGreaterThan(0);
    expect(check.anchors.broken).toEqual([]);
  });

  it('a copy whose audit chain is broken is refused, and restored only with the administrator’s explicit word', async () => {
    const t = await backOffice();
    const copy = await t.ok('backups.create', {}, t.adminToken);
    await t.ok('users.create', { fullName: 'Después de la Copia', username: 'despues', officeId: t.officeId, role: 'auxiliar', password: 'clave-de-prueba' }, t.adminToken);
    const file = path.join(backupsDir(sqliteFile(t.app)), copy.file);
    // someone edits an audit row inside the copy and recomputes every hash after it, and the head:
    // the copy's chain verifies on its own; only the anchors outside it can tell
    const spoiled = plain(file);
    const rows = await spoiled('audit_log').orderBy('id');
    const target = rows.find((r) => r.action === 'user.create');
    target.after_json = JSON.stringify({ username: 'admin', role: 'cajero' });
    let prev = rows[0].prev_hash as string;
    for (const row of rows) {
      row.hash = auditRowHash(prev, row);
      await spoiled('audit_log').where({ id: row.id }).update({ after_json: row.after_json, prev_hash: prev, hash: row.hash });
      prev = row.hash;
    }
    await spoiled('audit_head').update({ last_hash: prev });
    await spoiled.destroy();

    const preview = await t.ok('backups.restorePreview', { file: copy.file }, t.adminToken);
    expect(preview.chain.ok).toBe(false);
    expect(preview.chain.problems).toEqual([
      `La copia ${copy.file} cambió después de hecha: su contenido ya no es el que registró su manifiesto (SHA-256).`,
      expect.stringMatching(
        new RegExp(`^En la copia ${copy.file.replace(/\./g, '\\.')}: La fila ${rows.length} de la auditoría no tiene el sello que registró la copia de seguridad «${copy.file.replace(/\./g, '\\.')}» \\(.+\\): la cadena fue rehecha`),
      ),
    ]);

    const before = await t.app.db('users').pluck('username');
    const refused = await t.call('backups.restore', { file: copy.file }, t.adminToken);
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'RULE',
        message:
          `La copia ${copy.file} no pasa la revisión de la auditoría: ${preview.chain.problems[0]} Hay otro problema en la revisión de la copia. No se reemplazó nada. ` +
          'Si aun así debe restaurarla, un administrador debe confirmarlo expresamente.',
      },
    });
    expect(await t.app.db('users').pluck('username')).toEqual(before);
    expect(fs.readdirSync(backupsDir(sqliteFile(t.app))).filter((f) => f.startsWith('antes-de-restaurar'))).toEqual([]);

    const accepted = await t.ok('backups.restore', { file: copy.file, acceptBrokenChain: true }, t.adminToken);
    expect(accepted.brokenChainAccepted).toBe(true);
    const audit = await t.app.db('audit_log').where({ action: 'backup.restore' }).first('after_json');
    expect(JSON.parse(audit.after_json)).toMatchObject({ brokenChainAccepted: true, chainProblems: preview.chain.problems });
    expect(await t.app.db('users').pluck('username')).not.toContain('despues');
  });
});
