/**
 * A new company's first day (issue 14, finding 9): the wizard's signer goes on the first letter, and
 * the first automatic backup is made right after the set-up (not at the next hourly check).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, COMPANY, createTestBackOffice, OFFICE, onPostgres, type TestBackOffice } from '../helpers/backoffice';
import { filePqr } from '../helpers/pqr';
import { DailyBackupScheduler } from '../../electron/core/modules/backups/scheduler';

let t: TestBackOffice;
beforeEach(async () => {
  t = await createTestBackOffice();
});
afterEach(async () => {
  await t.close();
});

describe('first start', () => {
  it('the signer asked by the wizard signs the letters from the first one', async () => {
    const done = await t.ok('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN, letters: { signerName: 'Jorge Camargo Rincón', signerTitle: 'Gerente' } });
    const { token } = await t.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(await t.ok('letters.settings', {}, token)).toEqual({ signerName: 'Jorge Camargo Rincón', signerTitle: 'Gerente', footer: '' });
    const audit = await t.app.db('audit_log').where({ action: 'letters.settings.update' }).first('actor', 'after_json');
    expect(JSON.parse(audit.after_json)).toEqual({ signerName: 'Jorge Camargo Rincón', signerTitle: 'Gerente', footer: '' });
    // a PQR answer's draft carries the signer
    const { pqr } = await filePqr(t, token, { type: 'peticion' });
    await t.ok('pqr.draftAnswer', { pqrId: pqr.id, decision: 'accede', decisionText: 'Se atiende la petición.' }, token);
    expect((await t.ok('pqr.get', { pqrId: pqr.id }, token)).answer?.signer).toEqual({ name: 'Jorge Camargo Rincón', title: 'Gerente' });
    expect(done.officeId).toBeGreaterThan(0);
  });

  it('a signer left blank is refused with the field named, and nothing is set up', async () => {
    const refused = await t.call('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN, letters: { signerName: ' ', signerTitle: 'Gerente' } });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'VALIDATION', fields: { 'letters.signerName': 'Obligatorio' } });
    expect(await t.ok('setup.status', {})).toMatchObject({ initialized: false });
  });

  it.skipIf(onPostgres)('with the daily copies kept by the door (as npm run web and the desktop app set it), the first one is made right after the set-up', async () => {
    t.app.afterSetup = new DailyBackupScheduler(t.app, { log: () => undefined }).firstCopy;
    const done = await t.ok('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN, letters: { signerName: 'Jorge Camargo', signerTitle: 'Gerente' } });
    expect(done.firstBackup).toMatch(/^auto-\d{4}-\d{2}-\d{2}\.sqlite$/);
    const file = path.join(path.dirname(t.app.dbFile as string), 'backups', done.firstBackup as string);
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    const { token } = await t.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect((await t.ok('backups.list', {}, token)).files.map((f) => [f.file, f.kind])).toContainEqual([done.firstBackup, 'auto']);
  });

  it.runIf(onPostgres)('on PostgreSQL the server makes the copies: the set-up says none was made', async () => {
    t.app.afterSetup = new DailyBackupScheduler(t.app, { log: () => undefined }).firstCopy;
    const done = await t.ok('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
    expect(done.firstBackup).toBeNull();
  });
});
