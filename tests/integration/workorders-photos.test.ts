/**
 * Issue 17, results: the photos of a field result. A photo is stored with the result and listed with
 * its order (and read back whole); a file that is not an image, or one larger than 10 MB, is refused
 * in Spanish and nothing is written (the order stays open, no photo row, no file in the data folder).
 * Another office's coordinator does not find the photos. Through the handlers, on SQLite and PostgreSQL;
 * one back office for the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_CHUNK_BYTES, type WorkOrderRow } from '../../shared/contract';
import { createInitializedBackOffice, loginAs, OFFICE, type TestBackOffice } from '../helpers/backoffice';
import { accountWithInvoices } from '../helpers/cashier';
import { SMALL_PDF } from '../helpers/pqr';
import { userOf } from '../helpers/officeRecords';
import { expectRefusal } from '../helpers/refusal';

/** a 1×1 PNG and the start of a JPEG */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let t: TestBackOffice & { adminToken: string; officeId: number };
let coord: string;
let accountId: number;

beforeAll(async () => {
  t = await createInitializedBackOffice();
  coord = await loginAs(t, 'coordinador', 'coord1');
  ({ accountId } = await accountWithInvoices(t, '710001', [30_000]));
});
afterAll(async () => t.close());

const newOrder = (reason: string) => t.ok('workOrders.create', { accountId, type: 'revision', reason }, coord);
const photoRows = async () => Number((await t.app.db('work_order_photos').count({ n: '*' }))[0].n);
/** every file under the data folder's attachments */
function storedFiles(): string[] {
  const dir = path.join(t.app.dataDir, 'attachments');
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('.')) : [];
}
const result = (order: WorkOrderRow) => ({ orderId: order.id, outcome: 'ejecutada' as const, executedAt: new Date().toISOString(), executedBy: 'Pedro Gil', observations: 'Medidor revisado' });

/** refused: the code and message, and nothing written */
async function refusedWithNothingWritten(order: WorkOrderRow, photo: Record<string, unknown>, code: 'VALIDATION', message: string) {
  const [rows, files] = [await photoRows(), storedFiles()];
  await expectRefusal(t.call('workOrders.recordResult', { ...result(order), photos: [photo as never] }, coord), code, message);
  expect(await photoRows()).toBe(rows);
  expect(storedFiles()).toEqual(files);
  const again = await t.ok('workOrders.get', { orderId: order.id }, coord);
  expect([again.state, again.executedAt, again.photos]).toEqual(['pendiente', null, 0]);
}

describe('photos of a field result', () => {
  it('a photo is stored with the result, listed with its order and read back whole', async () => {
    const order = await newOrder('Revisión del medidor pedida por el usuario');
    const recorded = await t.ok('workOrders.recordResult', { ...result(order), photos: [{ fileName: 'medidor.png', mimeType: 'image/png', dataBase64: PNG.toString('base64') }] }, coord);
    expect([recorded.order.state, recorded.order.photos]).toEqual(['ejecutada', 1]);

    const photos = await t.ok('workOrders.photos', { orderId: order.id }, coord);
    expect(photos.map((p) => [p.fileName, p.mimeType, p.sizeBytes, p.uploadedBy])).toEqual([['medidor.png', 'image/png', PNG.length, 'coord1']]);
    const file = await t.ok('workOrders.photo', { photoId: photos[0].id }, coord);
    expect(Buffer.from(file.base64, 'base64').equals(PNG)).toBe(true);
    // the board and the account's orders count it
    const board = await t.ok('workOrders.board', { text: order.number }, coord);
    expect(board.rows.map((r) => [r.number, r.photos])).toEqual([[order.number, 1]]);
  });

  it('a PDF or a text file is not a photo: refused in Spanish, nothing written', async () => {
    const order = await newOrder('Revisión por consumo alto');
    await refusedWithNothingWritten(order, { fileName: 'acta.pdf', mimeType: 'application/pdf', dataBase64: SMALL_PDF.toString('base64') }, 'VALIDATION', '«acta.pdf» no es una foto: solo se reciben imágenes JPG o PNG.');
    await refusedWithNothingWritten(order, { fileName: 'foto.jpg', mimeType: 'image/jpeg', dataBase64: Buffer.from('no soy una foto').toString('base64') }, 'VALIDATION', '«foto.jpg» no es una foto: solo se reciben imágenes JPG o PNG.');
  });

  it('a photo of 12 MB (over 10) is refused, sent whole or in chunks, nothing written', async () => {
    const order = await newOrder('Revisión de acometida');
    const big = Buffer.concat([PNG, Buffer.alloc(12 * 1024 * 1024 - PNG.length)]);
    await refusedWithNothingWritten(order, { fileName: 'grande.png', mimeType: 'image/png', dataBase64: big.toString('base64') }, 'VALIDATION', 'Datos inválidos en «photos.0.dataBase64»: La foto supera el tamaño máximo de 10 MB');
    const { uploadId } = await t.ok('attachments.begin', { fileName: 'grande.png', size: big.length }, coord);
    for (let offset = 0; offset < big.length; offset += UPLOAD_CHUNK_BYTES) {
      await t.ok('attachments.chunk', { uploadId, offset, dataBase64: big.subarray(offset, offset + UPLOAD_CHUNK_BYTES).toString('base64') }, coord);
    }
    await refusedWithNothingWritten(order, { fileName: 'grande.png', mimeType: 'image/png', uploadId }, 'VALIDATION', 'La foto «grande.png» pesa 12 MB; el máximo es 10 MB.');
  });

  it('another office’s coordinator finds neither the photos nor the file', async () => {
    const order = await newOrder('Revisión con foto');
    await t.ok('workOrders.recordResult', { ...result(order), photos: [{ fileName: 'predio.png', mimeType: 'image/png', dataBase64: PNG.toString('base64') }] }, coord);
    const [photo] = await t.ok('workOrders.photos', { orderId: order.id }, coord);
    const north = await t.ok('offices.create', { ...OFFICE, code: 'NOR', name: 'Oficina Norte' }, t.adminToken);
    const other = await userOf(t, north.id, 'coordinador', 'coordnorte', 'Coordinadora Norte');
    await expectRefusal(t.call('workOrders.photos', { orderId: order.id }, other.token), 'NOT_FOUND', 'La orden de trabajo no existe');
    await expectRefusal(t.call('workOrders.photo', { photoId: photo.id }, other.token), 'NOT_FOUND', 'La foto no existe');
  });
});
