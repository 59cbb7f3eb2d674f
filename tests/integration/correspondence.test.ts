/**
 * Outgoing and internal correspondence through the handlers on a real SQLite file: the radicados
 * (salida and interna sequences independent of each other), the letter from the template read with
 * pdftotext, the list and its filters, the delivery record and the annulment.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, createUserReady, type TestBackOffice } from '../helpers/backoffice';
import { answerCounts, filePqr } from '../helpers/pqr';
import { pdfText } from '../helpers/pdf';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
const PASSWORD = 'clave-de-prueba';
let aux: string;
let coord: string;
let cashier: string;

const words = (base64: string) => pdfText(Buffer.from(base64, 'base64')).replace(/\s+/g, ' ');

async function on(date: string): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${date}T15:00:00Z`));
  const login = async (username: string) => (await t.ok('auth.login', { username, password: PASSWORD })).token;
  [aux, coord, cashier] = [await login('laura'), await login('coord'), await login('caja')];
}

beforeEach(async () => {
  t = await createInitializedBackOffice();
  for (const [username, role, fullName] of [
    ['laura', 'auxiliar', 'Laura Méndez'],
    ['coord', 'coordinador', 'Carolina Ruiz'],
    ['caja', 'cajero', 'Camilo Caja'],
  ] as const) {
    await createUserReady(t, { fullName, username, officeId: t.officeId, role, password: PASSWORD });
  }
  await on('2026-11-03');
});
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

const letterToMayor = {
  kind: 'salida' as const,
  recipientName: 'Alcaldía Municipal de Garagoa',
  recipientAddress: 'Carrera 9 # 9-38, Garagoa',
  subject: 'Cortes programados del acueducto',
  text: 'Informamos que el martes 10 de noviembre se suspenderá el servicio de acueducto en el barrio Centro entre las 8:00 y las 14:00.',
};

describe('correspondence', () => {
  it('salida and interna have their own sequences; the letter shows the radicado, recipient and text', async () => {
    const first = await t.ok('correspondence.create', letterToMayor, aux);
    const memo = await t.ok('correspondence.create', { kind: 'interna', recipientName: 'Área de facturación', subject: 'Revisión de lecturas', text: 'Favor revisar las lecturas del ciclo 3.' }, aux);
    const second = await t.ok('correspondence.create', { ...letterToMayor, subject: 'Segundo oficio' }, coord);
    expect([first.item.radicado, memo.item.radicado, second.item.radicado]).toEqual(['2026-GAR-S-000001', '2026-GAR-I-000001', '2026-GAR-S-000002']);
    expect(first.item).toMatchObject({ kind: 'salida', businessDate: '2026-11-03', annulled: false, delivery: null, createdBy: 'Laura Méndez', pqrId: null });
    expect(first.item.body).toBe(`Respetado(a) señor(a) Alcaldía Municipal de Garagoa:\n\n${letterToMayor.text}\n\nCordialmente,`);

    const letter = words(first.letter.base64);
    expect(letter).toContain('2026-GAR-S-000001');
    expect(letter).toContain('Alcaldía Municipal de Garagoa');
    expect(letter).toContain('Carrera 9 # 9-38, Garagoa');
    expect(letter).toContain('Asunto: Cortes programados del acueducto');
    expect(letter).toContain('entre las 8:00 y las 14:00');
    expect(letter).toContain('Garagoa, 3 de noviembre de 2026');
    expect(words(memo.letter.base64)).toContain('Para: Área de facturación');

    // an answer approved afterwards takes the next salida number
    const { pqr } = await filePqr(t, aux);
    await t.ok('pqr.draftAnswer', { pqrId: pqr.id, decision: 'accede', decisionText: 'Se atiende la solicitud.' }, coord);
    const { pqr: answered } = await t.ok('pqr.approveAnswer', { pqrId: pqr.id }, coord);
    expect(answered.answer?.outgoingRadicado).toBe('2026-GAR-S-000003');

    const templates = await t.ok('correspondence.templates', { kind: 'salida' }, aux);
    expect(templates[0]).toMatchObject({ name: 'Comunicación de salida', subject: '[asunto]' });
    expect(templates[0].body).toContain('[texto]');
  });

  it('lists with filters: kind, words of recipient or subject, radicado, pending delivery', async () => {
    const { pqr } = await filePqr(t, aux);
    await t.ok('correspondence.create', letterToMayor, aux);
    await t.ok('correspondence.create', { kind: 'interna', recipientName: 'Gerencia', subject: 'Informe mensual de PQR', text: 'Adjunto el informe.', pqrId: pqr.id }, aux);
    await t.ok('correspondence.create', { ...letterToMayor, recipientName: 'Personería de Garagoa', subject: 'Respuesta a requerimiento' }, aux);

    const all = await t.ok('correspondence.list', {}, aux);
    expect(all.map((c) => c.radicado)).toEqual(['2026-GAR-S-000002', '2026-GAR-I-000001', '2026-GAR-S-000001']);
    expect((await t.ok('correspondence.list', { kind: 'interna' }, aux)).map((c) => [c.recipientName, c.pqrRadicado])).toEqual([['Gerencia', pqr.radicado]]);
    expect((await t.ok('correspondence.list', { text: 'alcaldia garagoa' }, aux)).map((c) => c.radicado)).toEqual(['2026-GAR-S-000001']);
    expect((await t.ok('correspondence.list', { text: 'REQUERIM' }, aux)).map((c) => c.recipientName)).toEqual(['Personería de Garagoa']);
    expect((await t.ok('correspondence.list', { text: '2026-gar-s-1' }, aux)).map((c) => c.recipientName)).toEqual(['Alcaldía Municipal de Garagoa']);
    expect(await t.ok('correspondence.list', { text: 'acueducto tunja' }, aux)).toEqual([]);
    expect(await t.ok('correspondence.list', { from: '2026-11-04' }, aux)).toEqual([]);
  });

  it('records the delivery; dates must make sense; nothing written on refusal', async () => {
    const { item } = await t.ok('correspondence.create', letterToMayor, aux);
    await on('2026-11-06');
    const before = await answerCounts(t);
    await expectRefusal(t.call('correspondence.recordDelivery', { correspondenceId: item.id, carrier: '4-72', sentOn: '2026-11-05', deliveredOn: '2026-11-04' }, aux), 'VALIDATION', 'La fecha de entrega no puede ser anterior a la de envío.');
    await expectRefusal(t.call('correspondence.recordDelivery', { correspondenceId: item.id, carrier: '4-72', sentOn: '2026-11-02' }, aux), 'VALIDATION', 'La fecha de envío no puede ser anterior a la de la comunicación (03/11/2026).');
    await expectRefusal(t.call('correspondence.recordDelivery', { correspondenceId: item.id, carrier: '4-72', sentOn: '2026-11-05', deliveredOn: '2026-11-07' }, aux), 'VALIDATION', 'La fecha de entrega no puede ser futura.');
    expect(await answerCounts(t)).toEqual(before);

    const sent = await t.ok('correspondence.recordDelivery', { correspondenceId: item.id, carrier: '4-72', guide: 'RN554433221CO', sentOn: '2026-11-04' }, aux);
    expect(sent.delivery).toEqual({ carrier: '4-72', guide: 'RN554433221CO', sentOn: '2026-11-04', deliveredOn: null, receivedBy: '' });
    expect(await t.ok('correspondence.list', { pendingDelivery: true }, aux)).toEqual([]);
    const delivered = await t.ok(
      'correspondence.recordDelivery',
      { correspondenceId: item.id, carrier: '4-72', guide: 'RN554433221CO', sentOn: '2026-11-04', deliveredOn: '2026-11-05', receivedBy: 'Secretaría de la Alcaldía' },
      aux,
    );
    expect(delivered.delivery).toMatchObject({ deliveredOn: '2026-11-05', receivedBy: 'Secretaría de la Alcaldía' });
    const audit = await t.app.db('audit_log').where({ action: 'correspondence.recordDelivery', entity_id: String(item.id) }).count<{ n: number }[]>({ n: '*' });
    expect(Number(audit[0].n)).toBe(2);
  });

  it('annuls a radicado made by mistake: the number stays, marked, and the letter says ANULADO', async () => {
    const { item } = await t.ok('correspondence.create', letterToMayor, aux);
    const before = await answerCounts(t);
    await expectForbidden(t.call('correspondence.annul', { correspondenceId: item.id, reason: 'Error' }, aux));
    expect(await answerCounts(t)).toEqual(before);

    const annulled = await t.ok('correspondence.annul', { correspondenceId: item.id, reason: 'Se radicó dos veces' }, coord);
    expect(annulled).toMatchObject({ annulled: true, annul: { reason: 'Se radicó dos veces', by: 'Carolina Ruiz' } });
    expect(await t.app.db('radicados').where({ number: item.radicado }).first('status', 'annul_reason')).toEqual({ status: 'anulado', annul_reason: 'Se radicó dos veces' });
    expect(words((await t.ok('correspondence.letterPdf', { correspondenceId: item.id }, aux)).base64)).toContain('ANULADO');

    await expectRefusal(t.call('correspondence.annul', { correspondenceId: item.id, reason: 'otra vez' }, coord), 'CONFLICT', 'El radicado 2026-GAR-S-000001 ya está anulado.');
    await expectRefusal(t.call('correspondence.recordDelivery', { correspondenceId: item.id, carrier: '4-72', sentOn: '2026-11-03' }, aux), 'RULE', 'El radicado 2026-GAR-S-000001 está anulado: no se registra su entrega.');
    // the number is never reused
    expect((await t.ok('correspondence.create', letterToMayor, aux)).item.radicado).toBe('2026-GAR-S-000002');
  });

  it('refuses cashiers, an unknown PQR and an unknown template without using a number', async () => {
    const before = await answerCounts(t);
    await expectForbidden(t.call('correspondence.create', letterToMayor, cashier));
    expect((await expectRefusal(t.call('correspondence.create', { ...letterToMayor, pqrId: 999 }, aux), 'NOT_FOUND', 'La PQR relacionada no existe.')).fields).toMatchObject({ pqrId: 'No existe' });
    const memoTemplate = Number((await t.app.db('letter_templates').where({ kind: 'correspondencia_interna' }).first('id')).id);
    await expectRefusal(t.call('correspondence.create', { ...letterToMayor, templateId: memoTemplate }, aux), 'NOT_FOUND', 'La plantilla no existe');
    await expectRefusal(t.call('correspondence.get', { correspondenceId: 999 }, aux), 'NOT_FOUND', 'La comunicación no existe');
    expect(await answerCounts(t)).toEqual(before);
  });
});
