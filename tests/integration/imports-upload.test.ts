/** The screen's way in: upload in chunks, preview, commit or discard, through the dispatcher. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';

const SAMPLES = path.resolve(__dirname, '../../resources/samples');

let t: (TestBackOffice & { adminToken: string; officeId: number }) | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const uploadFiles = () => (fs.existsSync(path.join(t!.dir, 'uploads')) ? fs.readdirSync(path.join(t!.dir, 'uploads')) : []);

/** begin + chunks of `chunkSize` bytes; returns the upload id */
async function upload(token: string, kind: 'accounts' | 'invoices', file: string, chunkSize = 700): Promise<string> {
  const bytes = fs.readFileSync(file);
  const { uploadId } = await t!.ok('imports.begin', { kind, fileName: path.basename(file), size: bytes.length }, token);
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    const dataBase64 = bytes.subarray(offset, offset + chunkSize).toString('base64');
    const { received } = await t!.ok('imports.chunk', { uploadId, offset, dataBase64 }, token);
    expect(received).toBe(Math.min(offset + chunkSize, bytes.length));
  }
  return uploadId;
}

describe('upload, preview and commit through the dispatcher', () => {
  it('a coordinator uploads in chunks, previews, commits; the upload file is then removed', async () => {
    t = await createInitializedBackOffice();
    const coordinator = await loginAs(t, 'coordinador');
    const uploadId = await upload(coordinator, 'accounts', path.join(SAMPLES, 'cuentas.csv'));
    expect(uploadId).toMatch(/^[0-9a-f]{32}$/);

    const preview = await t.ok('imports.preview', { uploadId }, coordinator);
    expect(preview).toMatchObject({ kind: 'accounts', fileName: 'cuentas.csv', encoding: 'windows-1252', rows: 30, newCount: 30, acceptable: true });
    expect(preview).not.toHaveProperty('committed');
    expect(await t.app.db('accounts').count({ n: '*' })).toEqual([{ n: 0 }]);

    const result = await t.ok('imports.commit', { uploadId }, coordinator);
    expect(result).toMatchObject({ committed: true, newCount: 30 });
    expect(await t.app.db('accounts').count({ n: '*' })).toEqual([{ n: 30 }]);
    const batch = await t.app.db('import_batches').first();
    const user = await t.app.db('users').where({ username: 'coordinador1' }).first('id');
    expect(batch).toMatchObject({ file_name: 'cuentas.csv', user_id: user.id });
    expect(uploadFiles().filter((f) => f.startsWith(uploadId))).toEqual([]);
    expect(uploadFiles().filter((f) => f.endsWith('.staging.sqlite'))).toEqual([]);

    await expectRefusal(t.call('imports.preview', { uploadId }, coordinator), 'NOT_FOUND', 'La carga del archivo (empiece de nuevo) no existe');
  });

  it('a file with errors is not committed: the upload stays to be discarded', async () => {
    t = await createInitializedBackOffice();
    await t.ok('imports.commit', { uploadId: await upload(t.adminToken, 'accounts', path.join(SAMPLES, 'cuentas.csv')) }, t.adminToken);
    const uploadId = await upload(t.adminToken, 'invoices', path.join(SAMPLES, 'facturas-con-errores.csv'));
    const result = await t.ok('imports.commit', { uploadId }, t.adminToken);
    expect(result).toMatchObject({ committed: false, rejectedCount: 4 });
    expect(result.errors[0]).toEqual({
      line: 8,
      column: 'total_factura',
      message: 'El total de la factura «FV2611-00002» ($ 105.000) no es igual a la suma de sus líneas ($ 104.000)',
    });
    expect(await t.app.db('invoices').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect(uploadFiles()).toContain(`${uploadId}.csv`);
    expect(await t.ok('imports.discard', { uploadId }, t.adminToken)).toEqual({ discarded: true });
    expect(uploadFiles().filter((f) => f.startsWith(uploadId))).toEqual([]);
  });

  it('a cajero may not import', async () => {
    t = await createInitializedBackOffice();
    const cashier = await loginAs(t, 'cajero');
    await expectForbidden(t.call('imports.begin', { kind: 'accounts', fileName: 'cuentas.csv', size: 10 }, cashier));
    expect(uploadFiles()).toEqual([]);
  });

  it('another user may not add to, preview, commit or discard someone else\'s upload', async () => {
    t = await createInitializedBackOffice();
    const owner = await loginAs(t, 'coordinador', 'coord1');
    const other = await loginAs(t, 'coordinador', 'coord2');
    const uploadId = await upload(owner, 'accounts', path.join(SAMPLES, 'cuentas.csv'));
    const notYours = 'Esta carga de archivo pertenece a otro usuario.';
    await expectRefusal(t.call('imports.chunk', { uploadId, offset: 0, dataBase64: '' }, other), 'FORBIDDEN', notYours);
    await expectRefusal(t.call('imports.preview', { uploadId }, other), 'FORBIDDEN', notYours);
    await expectRefusal(t.call('imports.commit', { uploadId }, other), 'FORBIDDEN', notYours);
    await expectRefusal(t.call('imports.discard', { uploadId }, other), 'FORBIDDEN', notYours);
    expect(await t.app.db('accounts').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect((await t.ok('imports.commit', { uploadId }, owner)).committed).toBe(true);
  });

  it('chunks must arrive in order and the upload must be complete before a preview', async () => {
    t = await createInitializedBackOffice();
    const token = t.adminToken;
    const bytes = Buffer.from('cuenta;titular\n1;A\n');
    const { uploadId } = await t.ok('imports.begin', { kind: 'accounts', fileName: 'x.csv', size: bytes.length }, token);
    const first = bytes.subarray(0, 8).toString('base64');
    await expectRefusal(t.call('imports.chunk', { uploadId, offset: 5, dataBase64: first }, token), 'CONFLICT', 'El fragmento no corresponde: se esperaba la posición 0 y llegó la 5.');
    expect(await t.ok('imports.chunk', { uploadId, offset: 0, dataBase64: first }, token)).toEqual({ received: 8 });
    await expectRefusal(t.call('imports.preview', { uploadId }, token), 'RULE', `La carga del archivo está incompleta: se recibieron 8 de ${bytes.length} bytes.`);
    const tooMuch = Buffer.alloc(bytes.length).toString('base64');
    await expectRefusal(t.call('imports.chunk', { uploadId, offset: 8, dataBase64: tooMuch }, token), 'VALIDATION', `El archivo es más grande de lo anunciado (${bytes.length} bytes).`);
    await expectRefusal(t.call('imports.chunk', { uploadId, offset: 8, dataBase64: 'no es base64!' }, token), 'VALIDATION', 'El fragmento del archivo llegó dañado (base64 inválido).');
  });
});
