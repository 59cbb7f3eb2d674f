/**
 * Issue 12 (low): what an attached file hides. The name's extension must agree with the type found
 * in the content, and the file is kept and served under that type's extension; macro documents,
 * archives and programs inside a ZIP claimed as Word, and polyglot PDFs (a PDF with a web page or a
 * program inside) are refused in Spanish, naming the file, writing nothing. The same for petty-cash
 * supports. Files travel in chunks (attachments.begin/chunk) and an act names the upload.
 */
import fs from 'node:fs';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_CHUNK_BYTES } from '../../shared/contract';
import { createInitializedBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { DEFAULT_FILING, EXE_BYTES, SMALL_PDF, filePqr, pqrCounts, storedFiles, upload } from '../helpers/pqr';
import { expenseInput, openTestFund, pettyCashSnapshot, type PettyCashDesk } from '../helpers/pettyCash';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF foto de la fachada'), Buffer.from([0xff, 0xd9])]);
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** a Windows program: MZ, e_lfanew at 0x3c pointing to "PE\0\0" */
function peImage(): Buffer {
  const image = Buffer.alloc(256, 0);
  image.write('MZ', 0, 'latin1');
  image.writeUInt32LE(0x80, 0x3c);
  image.write('PE\0\0', 0x80, 'latin1');
  return image;
}

const CONTENT_TYPES = (main = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml') =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;

/** a Word package with `extra` parts */
function docx(extra: Record<string, Uint8Array> = {}, contentTypes = CONTENT_TYPES()): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(contentTypes),
      '_rels/.rels': strToU8('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'),
      'word/document.xml': strToU8('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Derecho de petición</w:t></w:r></w:p></w:body></w:document>'),
      ...extra,
    }),
  );
}

/** a Word 97-2003 file: the OLE header and, with macros, its VBA storage names (UTF-16) */
function oleDoc(macros: boolean): Buffer {
  const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const names = macros ? Buffer.concat([Buffer.from('Macros', 'utf16le'), Buffer.alloc(8), Buffer.from('_VBA_PROJECT', 'utf16le')]) : Buffer.from('WordDocument', 'utf16le');
  return Buffer.concat([header, Buffer.alloc(504), names, Buffer.alloc(64)]);
}

const pdfWith = (inside: Buffer | string) => Buffer.concat([SMALL_PDF.subarray(0, SMALL_PDF.length - 6), Buffer.isBuffer(inside) ? inside : Buffer.from(inside, 'latin1'), Buffer.from('\n%%EOF\n')]);

describe('attachments of a PQR', () => {
  let t: TestBackOffice & { adminToken: string; officeId: number };
  let clerk: string;
  let otherClerk: string;

  beforeAll(async () => {
    t = await createInitializedBackOffice();
    clerk = await loginAs(t, 'auxiliar');
    otherClerk = await loginAs(t, 'auxiliar', 'auxiliar2');
  });
  afterAll(async () => {
    await t.close();
  });

  /** files with the attachment and expects the Spanish refusal, with nothing written (rows, numbers, files) */
  async function refused(fileName: string, content: Buffer, message: string, mimeType = 'application/pdf'): Promise<void> {
    const before = await pqrCounts(t);
    const files = storedFiles(t);
    const result = await t.call('pqr.file', { ...DEFAULT_FILING, attachments: [upload(fileName, content, mimeType)] }, clerk);
    expect(result).toEqual({ ok: false, error: { code: 'VALIDATION', message, fields: { attachments: fileName } } });
    expect(await pqrCounts(t)).toEqual(before);
    expect(storedFiles(t)).toEqual(files);
  }

  it('the extension must agree with the content', async () => {
    await refused('carta.pdf', PNG, 'El adjunto «carta.pdf» dice ser .pdf pero su contenido es una imagen PNG: revise que sea el archivo correcto o cámbiele el nombre.');
    await refused('acta.docx', SMALL_PDF, 'El adjunto «acta.docx» dice ser .docx pero su contenido es un PDF: revise que sea el archivo correcto o cámbiele el nombre.');
    await refused('recibo.html', JPEG, 'El adjunto «recibo.html» dice ser .html pero su contenido es una imagen JPG: revise que sea el archivo correcto o cámbiele el nombre.');
  });

  it('is kept and served under the detected type’s extension', async () => {
    const { pqr } = await filePqr(t, clerk, { attachments: [upload('Foto fachada.JPEG', JPEG, 'image/jpeg'), upload('escaneo', SMALL_PDF, 'application/octet-stream')] });
    expect(pqr.attachments.map((a) => [a.fileName, a.mimeType])).toEqual([
      ['Foto fachada.jpg', 'image/jpeg'],
      ['escaneo.pdf', 'application/pdf'],
    ]);
    const served = await t.ok('pqr.attachment', { attachmentId: pqr.attachments[1].id }, clerk);
    expect(served).toMatchObject({ fileName: 'escaneo.pdf', mimeType: 'application/pdf' });
    expect(Buffer.from(served.base64, 'base64')).toEqual(SMALL_PDF);
    const stored = await t.app.db('pqr_attachments').where({ pqr_id: pqr.id }).orderBy('id').pluck('stored_path');
    expect(stored.map((p: string) => path.extname(p))).toEqual(['.jpg', '.pdf']);
  });

  it('macro documents: a .docm by its name, a package that declares macros or holds a VBA project, a .doc with VBA', async () => {
    await refused('informe.docm', docx(), 'El adjunto «informe.docm» es un documento con macros (.docm): no se recibe; guárdelo como .docx sin macros o como PDF.', DOCX_TYPE);
    await refused(
      'informe.docx',
      docx({}, CONTENT_TYPES('application/vnd.ms-word.document.macroEnabled.main+xml')),
      'El adjunto «informe.docx» es un documento con macros: no se recibe; guárdelo como .docx sin macros o como PDF.',
      DOCX_TYPE,
    );
    await refused('acta.docx', docx({ 'word/vbaProject.bin': new Uint8Array([1, 2, 3]) }), 'El adjunto «acta.docx» es un documento con macros: no se recibe; guárdelo como .docx sin macros o como PDF.', DOCX_TYPE);
    await refused('viejo.doc', oleDoc(true), 'El adjunto «viejo.doc» es un documento de Word con macros: no se recibe; guárdelo como .docx sin macros o como PDF.', 'application/msword');
  });

  it('inside a ZIP claimed as Word: programs and archives, by name or by content; a ZIP that is not Word', async () => {
    await refused('carta.docx', docx({ 'word/media/factura.exe': peImage() }), 'El adjunto «carta.docx» lleva dentro un programa o un archivo comprimido («word/media/factura.exe»): no se recibe.', DOCX_TYPE);
    await refused('carta.docx', docx({ 'word/media/image1.png': peImage() }), 'El adjunto «carta.docx» lleva dentro un programa o un archivo comprimido («word/media/image1.png»): no se recibe.', DOCX_TYPE);
    await refused('carta.docx', docx({ 'word/media/anexos.zip': zipSync({ 'a.txt': strToU8('x') }) }), 'El adjunto «carta.docx» lleva dentro un programa o un archivo comprimido («word/media/anexos.zip»): no se recibe.', DOCX_TYPE);
    await refused('carta.docx', docx({ 'word/embeddings/oleObject1.bin': Buffer.concat([Buffer.alloc(40), peImage()]) }), 'El adjunto «carta.docx» lleva dentro un programa o un archivo comprimido («word/embeddings/oleObject1.bin»): no se recibe.', DOCX_TYPE);
    await refused('fotos.docx', Buffer.from(zipSync({ 'foto.jpg': new Uint8Array(JPEG) })), 'El adjunto «fotos.docx» no es un documento de Word: es otro archivo comprimido (ZIP) con el nombre cambiado.', DOCX_TYPE);
  });

  it('a Word package with a chart’s worksheet inside, and a plain .doc, are fine', async () => {
    const chart = Buffer.from(zipSync({ '[Content_Types].xml': strToU8(CONTENT_TYPES('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')), 'xl/workbook.xml': strToU8('<workbook/>') }));
    const { pqr } = await filePqr(t, clerk, {
      attachments: [upload('consumos.docx', docx({ 'word/embeddings/Microsoft_Excel_Worksheet.xlsx': chart, 'word/media/image1.png': PNG }), DOCX_TYPE), upload('carta.doc', oleDoc(false), 'application/msword')],
    });
    expect(pqr.attachments.map((a) => a.fileName)).toEqual(['consumos.docx', 'carta.doc']);
  });

  it('polyglot PDFs: a web page or a program inside', async () => {
    await refused('factura.pdf', pdfWith('<html><body><script>fetch("http://robo.example")</script></body></html>'), 'El adjunto «factura.pdf» es un PDF que lleva dentro una página web (HTML): no se recibe.');
    await refused('factura.pdf', pdfWith(peImage()), 'El adjunto «factura.pdf» lleva dentro un programa ejecutable: no se recibe.');
    await refused('foto.png', Buffer.concat([PNG, Buffer.from('\x7fELF\x02\x01\x01\x00', 'latin1'), Buffer.alloc(56)]), 'El adjunto «foto.png» lleva dentro un programa ejecutable: no se recibe.', 'image/png');
    // what was refused before still is: a program renamed .pdf
    await refused('factura.pdf', EXE_BYTES, 'El adjunto «factura.pdf» no es un archivo permitido (es un programa ejecutable): solo se reciben PDF, imagen JPG, imagen PNG, Word.');
  });

  describe('sent in chunks, as the screen does', () => {
    /** begins an attachment upload and sends it in chunks of at most 4 MB, as the screen does */
    async function send(token: string, fileName: string, content: Buffer): Promise<string> {
      const { uploadId } = await t.ok('attachments.begin', { fileName, size: content.length }, token);
      for (let offset = 0; offset < content.length; offset += UPLOAD_CHUNK_BYTES) {
        await t.ok('attachments.chunk', { uploadId, offset, dataBase64: content.subarray(offset, offset + UPLOAD_CHUNK_BYTES).toString('base64') }, token);
      }
      return uploadId;
    }
    const uploadsDir = () => path.join(t.app.dataDir, 'uploads');

    it('a 9 MB scan goes in three chunks; the filing names the upload, keeps the file whole and lets the upload go', async () => {
      const scan = Buffer.concat([SMALL_PDF.subarray(0, 9), Buffer.alloc(9 * 1024 * 1024, 0x20), SMALL_PDF.subarray(9)]);
      const uploadId = await send(clerk, 'expediente.pdf', scan);
      const { pqr } = await filePqr(t, clerk, { attachments: [{ fileName: 'expediente.pdf', mimeType: 'application/pdf', uploadId }] });
      const served = await t.ok('pqr.attachment', { attachmentId: pqr.attachments[0].id }, clerk);
      expect(Buffer.from(served.base64, 'base64').equals(scan)).toBe(true);
      expect(fs.readdirSync(uploadsDir()).filter((f) => f.startsWith(uploadId))).toEqual([]);
      // and added later to the same PQR
      const later = await send(clerk, 'anexo.png', PNG);
      const withMore = await t.ok('pqr.addAttachment', { pqrId: pqr.id, attachment: { fileName: 'anexo.png', mimeType: 'image/png', uploadId: later } }, clerk);
      expect(withMore.attachments.map((a) => a.fileName)).toEqual(['expediente.pdf', 'anexo.png']);
    });

    it('an upload is its sender’s alone, must be complete and must be an attachment; a refused filing keeps it for a second try', async () => {
      const uploadId = await send(clerk, 'carta.pdf', SMALL_PDF);
      const before = await pqrCounts(t);
      expect(await t.call('pqr.file', { ...DEFAULT_FILING, attachments: [{ fileName: 'carta.pdf', mimeType: 'application/pdf', uploadId }] }, otherClerk)).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Esta carga de archivo pertenece a otro usuario.' },
      });
      const { uploadId: half } = await t.ok('attachments.begin', { fileName: 'mitad.pdf', size: 100 }, clerk);
      expect(await t.call('pqr.file', { ...DEFAULT_FILING, attachments: [{ fileName: 'mitad.pdf', mimeType: 'application/pdf', uploadId: half }] }, clerk)).toEqual({
        ok: false,
        error: { code: 'RULE', message: 'La carga del archivo está incompleta: se recibieron 0 de 100 bytes.' },
      });
      const both = await t.call('pqr.file', { ...DEFAULT_FILING, attachments: [{ fileName: 'carta.pdf', mimeType: 'application/pdf', uploadId, dataBase64: SMALL_PDF.toString('base64') }] }, clerk);
      expect(both).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: 'Datos inválidos en «attachments.0»: Envíe el archivo o el número de su carga, uno de los dos', fields: { 'attachments.0': 'Envíe el archivo o el número de su carga, uno de los dos' } },
      });
      const reclamo = await t.call('pqr.file', { ...DEFAULT_FILING, type: 'reclamo', attachments: [{ fileName: 'carta.pdf', mimeType: 'application/pdf', uploadId }] }, clerk);
      expect(reclamo.ok).toBe(false);
      expect(await pqrCounts(t)).toEqual(before);
      // the same upload, the mistake corrected
      const { pqr } = await filePqr(t, clerk, { attachments: [{ fileName: 'carta.pdf', mimeType: 'application/pdf', uploadId }] });
      expect(pqr.attachments).toHaveLength(1);
    });

    it('attachments.begin refuses an empty file and one above 25 MB, in Spanish', async () => {
      expect(await t.call('attachments.begin', { fileName: 'plano.pdf', size: 26 * 1024 * 1024 }, clerk)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: 'Datos inválidos en «size»: El archivo supera el tamaño máximo de 25 MB' },
      });
      expect(await t.call('attachments.begin', { fileName: 'vacio.pdf', size: 0 }, clerk)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Datos inválidos en «size»: El archivo está vacío' } });
    });
  });
});

describe('supports of petty-cash vouchers', () => {
  let t: TestBackOffice & { adminToken: string; officeId: number };
  let desk: PettyCashDesk;

  beforeAll(async () => {
    t = await createInitializedBackOffice();
    desk = await openTestFund(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a polyglot PDF or a name that lies is refused, nothing written; a good one is served under its type', async () => {
    const before = await pettyCashSnapshot(t);
    const html = await t.call('pettyCash.recordExpense', expenseInput(desk, { support: upload('factura.pdf', pdfWith('<!DOCTYPE html><html></html>')) }), desk.custodianToken);
    expect(html).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'El soporte «factura.pdf» es un PDF que lleva dentro una página web (HTML): no se recibe.', fields: { support: 'factura.pdf' } } });
    const lies = await t.call('pettyCash.recordExpense', expenseInput(desk, { support: upload('factura.jpg', PNG, 'image/jpeg') }), desk.custodianToken);
    expect(lies).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'El soporte «factura.jpg» dice ser .jpg pero su contenido es una imagen PNG: revise que sea el archivo correcto o cámbiele el nombre.', fields: { support: 'factura.jpg' } },
    });
    expect(await pettyCashSnapshot(t)).toEqual(before);

    const { uploadId } = await t.ok('attachments.begin', { fileName: 'Recibo taxi', size: PNG.length }, desk.custodianToken);
    await t.ok('attachments.chunk', { uploadId, offset: 0, dataBase64: PNG.toString('base64') }, desk.custodianToken);
    const input = expenseInput(desk, { support: { fileName: 'Recibo taxi', mimeType: 'image/png', uploadId }, idempotencyKey: '3f1c2b9e-7d41-4c59-9a0e-2b6f1e8d4c37' });
    const { expense } = await t.ok('pettyCash.recordExpense', input, desk.custodianToken);
    expect(expense.support).toMatchObject({ fileName: 'Recibo taxi.png', mimeType: 'image/png', size: PNG.length });
    // a resend (double Enter, a retry after a lost answer) answers the same voucher, though its upload was let go
    expect((await t.ok('pettyCash.recordExpense', input, desk.custodianToken)).expense.id).toBe(expense.id);
    expect(await t.ok('pettyCash.support', { expenseId: expense.id }, desk.custodianToken)).toMatchObject({ fileName: 'Recibo taxi.png', base64: PNG.toString('base64') });
  });
});
