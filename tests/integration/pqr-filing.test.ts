/**
 * Filing (radicación) through the handlers on a real database: the radicado and its sequences, the
 * attachments in the data folder with their SHA-256, and the refusals that write nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, loginAs, onPostgres, createUserReady, type TestBackOffice } from '../helpers/backoffice';
import { checkAttachment } from '../../electron/core/modules/pqr/attachments';
import { insertAccount, insertInvoice } from '../helpers/accounts';
import { causalId, DEFAULT_FILING, EXE_BYTES, filePqr, pqrCounts, SMALL_PDF, storedFiles, upload } from '../helpers/pqr';
import { todayIn } from '../../shared/dates';

type T = TestBackOffice & { adminToken: string; officeId: number };

let t: T;
let clerk: string;
const year = () => todayIn('America/Bogota').slice(0, 4);

beforeEach(async () => {
  t = await createInitializedBackOffice();
  clerk = await loginAs(t, 'auxiliar');
});
afterEach(async () => {
  await t.close();
});

describe('filing a PQR', () => {
  it('gives a radicado P for a PQR and E for correspondence, each with its own sequence', async () => {
    const first = await filePqr(t, clerk);
    const second = await filePqr(t, clerk, { type: 'reclamo' });
    const letter = await filePqr(t, clerk, { type: 'correspondencia' });
    expect(first.pqr.radicado).toBe(`${year()}-GAR-P-000001`);
    expect(second.pqr.radicado).toBe(`${year()}-GAR-P-000002`);
    expect(letter.pqr.radicado).toBe(`${year()}-GAR-E-000001`);
    expect(first.pqr.state).toBe('radicada');
    expect(first.pqr.dueDate).toBe(first.pqr.originalDueDate);
    expect(first.pqr.termBusinessDays).toBe(15);
    expect(first.pqr.history.map((e) => e.action)).toEqual(['radicada']);
    expect(first.pqr.history[0].text).toContain(first.pqr.radicado);
    expect(first.pqr.filedBy).toBe('Usuario auxiliar');
    expect(first.sticker.mimeType).toBe('application/pdf');
    expect(Buffer.from(first.constancia.base64, 'base64').subarray(0, 4).toString()).toBe('%PDF');
    const audit = await t.app.db('audit_log').where({ action: 'pqr.file', entity_id: String(first.pqr.id) }).first('after_json');
    expect(JSON.parse(audit.after_json).radicado).toBe(first.pqr.radicado);
  });

  it('keeps one sequence per office: another office starts at 1', async () => {
    await t.ok('offices.create', { code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798', address: 'Calle 3 # 4-5', phone: '', saturdayIsBusinessDay: false }, t.adminToken);
    const office = await t.app.db('offices').where({ code: 'TEN' }).first('id');
    const tenza = await createUserReady(t, { fullName: 'Clerk Tenza', username: 'aux.tenza', officeId: office.id, role: 'auxiliar', password: 'clave-de-prueba' });
    await filePqr(t, clerk);
    await filePqr(t, clerk);
    expect((await filePqr(t, tenza)).pqr.radicado).toBe(`${year()}-TEN-P-000001`);
    expect((await filePqr(t, clerk)).pqr.radicado).toBe(`${year()}-GAR-P-000003`);
  });

  it('stores attachments in <data>/attachments/<year>/<sha256>.<ext> and gives them back checked', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(64)]);
    const { pqr } = await filePqr(t, clerk, { attachments: [upload('carta.pdf', SMALL_PDF), upload('foto del medidor.png', png, 'image/png')] });
    const sha = crypto.createHash('sha256').update(SMALL_PDF).digest('hex');
    expect(pqr.attachments.map((a) => [a.fileName, a.mimeType, a.size, a.sha256])).toEqual([
      ['carta.pdf', 'application/pdf', SMALL_PDF.length, sha],
      ['foto del medidor.png', 'image/png', png.length, crypto.createHash('sha256').update(png).digest('hex')],
    ]);
    const file = path.join(t.app.dataDir, 'attachments', year(), `${sha}.pdf`);
    expect(fs.readFileSync(file)).toEqual(SMALL_PDF);
    const back = await t.ok('pqr.attachment', { attachmentId: pqr.attachments[0].id }, clerk);
    expect(Buffer.from(back.base64, 'base64')).toEqual(SMALL_PDF);
    expect(back.sha256).toBe(sha);

    // a file changed behind the application's back is refused, in Spanish
    fs.writeFileSync(file, Buffer.concat([SMALL_PDF, Buffer.from('cambio')]));
    await expectRefusal(t.call('pqr.attachment', { attachmentId: pqr.attachments[0].id }, clerk), 'RULE', 'El archivo del adjunto «carta.pdf» fue modificado fuera de la aplicación: su huella SHA-256 ya no coincide con la registrada al radicar.');
  });

  it('adds an attachment later, with a history line', async () => {
    const { pqr } = await filePqr(t, clerk);
    const after = await t.ok('pqr.addAttachment', { pqrId: pqr.id, attachment: upload('soporte.pdf', SMALL_PDF) }, clerk);
    expect(after.attachments).toHaveLength(1);
    expect(after.history.at(-1)?.text).toBe('Adjunto agregado: soporte.pdf');
  });
});

describe('refusals write nothing', () => {
  async function expectNothingWritten(filing: Parameters<typeof t.call<'pqr.file'>>[1], message: string | RegExp) {
    await filePqr(t, clerk); // one filed before, so the counts are not all zero
    const before = await pqrCounts(t);
    const filesBefore = storedFiles(t);
    await expectRefusal(t.call('pqr.file', filing, clerk), 'VALIDATION', message);
    expect(await pqrCounts(t)).toEqual(before);
    expect(storedFiles(t)).toEqual(filesBefore);
  }

  it('an attachment of 200 MB', async () => {
    const huge = 'A'.repeat(Math.ceil((200 * 1024 * 1024) / 3) * 4);
    await expectNothingWritten({ ...DEFAULT_FILING, attachments: [{ fileName: 'escaneo.pdf', mimeType: 'application/pdf', dataBase64: huge }] }, /25 MB/);
  });

  it('an executable renamed .pdf, even next to a good file', async () => {
    await expectNothingWritten(
      { ...DEFAULT_FILING, attachments: [upload('carta.pdf', SMALL_PDF), upload('factura.pdf', EXE_BYTES)] },
      /«factura\.pdf» no es un archivo permitido \(es un programa ejecutable\)/,
    );
  });

  it('a reclamo without its SUI causal', async () => {
    await expectNothingWritten({ ...DEFAULT_FILING, type: 'reclamo' }, /Falta la causal del SUI .*obligatoria para quejas, reclamos y recursos \(Reclamo\)/);
  });

  it('an invoice of another account', async () => {
    const mine = await insertAccount(t.app.db, { number: '100234', holderName: 'Ana Gómez' });
    const other = await insertAccount(t.app.db, { number: '100999', holderName: 'Pedro Ruiz' });
    const invoice = await insertInvoice(t.app.db, other, { number: 'F-0001', period: '2026-09', dueDate: '2026-10-15', total: 54300 });
    await expectNothingWritten({ ...DEFAULT_FILING, accountId: mine, invoiceId: invoice }, /La factura F-0001 no es de la cuenta elegida/);
  });

  it('electronic notification without an email', async () => {
    await expectNothingWritten(
      { ...DEFAULT_FILING, petitioner: { ...DEFAULT_FILING.petitioner, email: '', acceptsElectronicNotification: true } },
      /hace falta el correo/,
    );
  });

  it('names the file and its size when the back office is called with one too big', () => {
    const big = { fileName: 'plano.pdf', mimeType: 'application/pdf', dataBase64: 'A'.repeat(Math.ceil((26 * 1024 * 1024) / 3) * 4) };
    expect(() => checkAttachment(big)).toThrow('El adjunto «plano.pdf» pesa 26 MB; el máximo es 25 MB.');
  });

  it.skipIf(onPostgres)('a filing that fails inside its transaction gives its number back and removes the files it wrote', async () => {
    const first = await filePqr(t, clerk);
    // the database refuses the PQR row after the radicado was numbered and the file written
    await t.app.db.raw(`CREATE TRIGGER refuse_pqr BEFORE INSERT ON pqrs WHEN NEW.subject = 'FALLA' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    const before = await pqrCounts(t);
    await expectRefusal(t.call('pqr.file', { ...DEFAULT_FILING, subject: 'FALLA', attachments: [upload('carta.pdf', SMALL_PDF)] }, clerk), 'INTERNAL', 'Error interno del sistema. La operación no se realizó; intente de nuevo o avise al administrador.');
    expect(await pqrCounts(t)).toEqual(before);
    expect(storedFiles(t)).toEqual([]);
    await t.app.db.raw('DROP TRIGGER refuse_pqr');
    expect((await filePqr(t, clerk)).pqr.radicado).toBe(first.pqr.radicado.replace(/\d{6}$/, '000002'));
  });

  it('a refused filing gives its number back: the next one takes it', async () => {
    const before = await filePqr(t, clerk);
    await expectRefusal(t.call('pqr.file', { ...DEFAULT_FILING, attachments: [upload('x.pdf', EXE_BYTES)] }, clerk), 'VALIDATION', 'El adjunto «x.pdf» no es un archivo permitido (es un programa ejecutable): solo se reciben PDF, imagen JPG, imagen PNG, Word.');
    const next = await filePqr(t, clerk);
    expect(next.pqr.radicado).toBe(before.pqr.radicado.replace(/\d{6}$/, '000002'));
  });
});

describe('radicado numbers', () => {
  it('two clerks filing at once get different consecutive numbers', async () => {
    const other = await loginAs(t, 'auxiliar', 'auxiliar2');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => filePqr(t, i % 2 === 0 ? clerk : other, { subject: `Petición ${i}` })));
    const numbers = results.map((r) => r.pqr.radicado).sort();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `${year()}-GAR-P-${String(i + 1).padStart(6, '0')}`));
  });

  it('an annulled radicado keeps its number, marked, and the number is not reused', async () => {
    const coordinator = await loginAs(t, 'coordinador');
    const { pqr } = await filePqr(t, clerk);
    await expectForbidden(t.call('pqr.annul', { pqrId: pqr.id, reason: 'Radicado por error' }, clerk));
    const annulled = await t.ok('pqr.annul', { pqrId: pqr.id, reason: 'Radicado dos veces por error' }, coordinator);
    expect(annulled.state).toBe('anulada');
    expect(annulled.radicado).toBe(pqr.radicado);
    expect(annulled.annulled).toMatchObject({ reason: 'Radicado dos veces por error', by: 'Usuario coordinador' });
    expect(annulled.light).toBe('sin_termino');
    const row = await t.app.db('radicados').where({ number: pqr.radicado }).first('status', 'annul_reason');
    expect(row).toEqual({ status: 'anulado', annul_reason: 'Radicado dos veces por error' });
    expect((await filePqr(t, clerk)).pqr.radicado).toBe(pqr.radicado.replace(/\d{6}$/, '000002'));
    await expectRefusal(t.call('pqr.annul', { pqrId: pqr.id, reason: 'otra vez' }, coordinator), 'CONFLICT', 'El radicado ya está anulado.');
  });

  it('causales are required only where the SUI asks for them', async () => {
    const reclamo = await filePqr(t, clerk, { type: 'reclamo', causalId: await causalId(t, '117') });
    expect(reclamo.pqr.causal).toMatchObject({ group: 'F', code: '117', name: 'Estrato' });
    const peticion = await filePqr(t, clerk, { type: 'peticion' });
    expect(peticion.pqr.causal).toBeNull();
  });
});
