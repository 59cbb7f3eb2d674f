/**
 * The answer to a PQR through the handlers, on a real SQLite file: the templates filled with the
 * PQR, the draft and its BORRADOR preview, the coordinator's return and approval with the radicado
 * de salida, the final letter read with pdftotext, the traslado with its forwarding letter, the date
 * the answer left, and every refusal leaving the tables as they were.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, createUserReady, type TestBackOffice } from '../helpers/backoffice';
import { insertAccount } from '../helpers/accounts';
import { answerAndApprove, answerCounts, filePqr } from '../helpers/pqr';
import { pdfText } from '../helpers/pdf';
import { accountWithInvoices } from '../helpers/cashier';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
const PASSWORD = 'clave-de-prueba';
let aux: string;
let aux2: string;
let coord: string;

const words = (base64: string) => pdfText(Buffer.from(base64, 'base64')).replace(/\s+/g, ' ');
const userId = async (username: string) => Number((await t.app.db('users').where({ username }).first('id')).id);

/** moves the back office's clock to 10:00 in Bogotá on `date` and logs everyone in again */
async function on(date: string): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${date}T15:00:00Z`));
  const login = async (username: string) => (await t.ok('auth.login', { username, password: PASSWORD })).token;
  [aux, aux2, coord] = [await login('laura'), await login('pedro'), await login('coord')];
}

beforeEach(async () => {
  t = await createInitializedBackOffice();
  for (const [username, role, fullName] of [
    ['laura', 'auxiliar', 'Laura Méndez'],
    ['pedro', 'auxiliar', 'Pedro Rincón'],
    ['coord', 'coordinador', 'Carolina Ruiz'],
  ] as const) {
    await createUserReady(t, { fullName, username, officeId: t.officeId, role, password: PASSWORD });
  }
  await on('2026-11-03');
});
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

/** a reclamo filed by Laura and assigned to her */
async function assignedReclamo() {
  const { pqr } = await filePqr(t, aux, { type: 'reclamo' });
  await t.ok('pqr.assign', { pqrId: pqr.id, userId: await userId('laura'), note: '' }, coord);
  return pqr;
}

describe('drafting and approving the answer', () => {
  it('templates come filled with the PQR; the decision stays open', async () => {
    const pqr = await assignedReclamo();
    const [first] = await t.ok('pqr.answerTemplates', { pqrId: pqr.id }, aux);
    expect(first.subject).toBe(`Respuesta a su reclamo radicado con el No. ${pqr.radicado}`);
    expect(first.body).toContain('María Fernanda Rodríguez Suárez');
    expect(first.body).toContain('su reclamo radicado el 3 de noviembre de 2026');
    expect(first.body).toContain('[texto_decision]');
    expect(first.body).toContain('la empresa [decision] a lo solicitado');
    expect(first.body).toContain('dentro de los 5 días hábiles');
    const kinds = (await t.ok('pqr.answerTemplates', { pqrId: pqr.id }, aux)).map((o) => o.name);
    expect(kinds).toEqual(['Respuesta a PQR', 'Traslado por competencia']);
  });

  it('draft → BORRADOR preview → approval with the next radicado de salida and the final letter', async () => {
    const account = await insertAccount(t.app.db, { number: '100234', holderName: 'MARÍA FERNANDA RODRÍGUEZ' });
    const { pqr } = await filePqr(t, aux, { type: 'reclamo', accountId: account });
    await t.ok('pqr.assign', { pqrId: pqr.id, userId: await userId('laura'), note: '' }, coord);
    // an outgoing letter earlier in the year takes salida number 1
    await t.ok('correspondence.create', { kind: 'salida', recipientName: 'Alcaldía de Garagoa', subject: 'Cortes programados', text: 'Informamos los cortes.' }, aux);

    const drafted = await t.ok(
      'pqr.draftAnswer',
      { pqrId: pqr.id, decision: 'no_accede', decisionText: 'En la visita técnica del 2 de noviembre se verificó la lectura 1.234 m³ del medidor.' },
      aux,
    );
    expect(drafted.answer).toMatchObject({ state: 'borrador', decision: 'no_accede', decisionName: 'No accede', outgoingRadicado: null, draftedBy: 'Laura Méndez' });
    expect(drafted.answer?.body).toContain('la empresa no accede a lo solicitado');
    expect(drafted.state).toBe('asignada');

    const preview = words((await t.ok('pqr.answerPreviewPdf', { pqrId: pqr.id }, aux)).base64);
    expect(preview).toContain('BORRADOR');
    expect(preview).toContain('visita técnica del 2 de noviembre');

    const { pqr: approved, letter, transferLetter } = await t.ok('pqr.approveAnswer', { pqrId: pqr.id }, coord);
    expect(transferLetter).toBeNull();
    expect(approved.answer).toMatchObject({ state: 'aprobada', answerDate: '2026-11-03', outgoingRadicado: '2026-GAR-S-000002', approvedBy: 'Carolina Ruiz' });
    expect(approved).toMatchObject({ state: 'respondida', light: 'sin_termino' });
    expect(approved.history.map((e) => e.action)).toEqual(['radicada', 'asignada', 'respondida', 'aprobada']);
    // the citación within 5 business days of the decision (Tue 3 Nov 2026): 4 5 6 9 10 → 10 Nov
    expect(approved.history.at(-1)?.text).toBe('Respuesta aprobada (No accede) con el radicado de salida 2026-GAR-S-000002. Citación hasta el 10/11/2026 (Ley 1437 de 2011, art. 68).');

    const text = words(letter.base64);
    expect(letter.fileName).toBe('respuesta-2026-GAR-S-000002.pdf');
    expect(text).toContain('María Fernanda Rodríguez Suárez');
    expect(text).toContain(`Referencia: Radicado No. ${pqr.radicado} del 3 de noviembre de 2026`);
    expect(text).toContain('Cuenta: 100234');
    expect(text).toContain('se verificó la lectura 1.234 m³ del medidor');
    expect(text).toContain('2026-GAR-S-000002');
    expect(text).not.toContain('BORRADOR');
    // the same letter again, and the preview is no longer a draft
    expect(words((await t.ok('pqr.answerLetterPdf', { pqrId: pqr.id }, aux)).base64)).toContain('2026-GAR-S-000002');
    expect(words((await t.ok('pqr.answerPreviewPdf', { pqrId: pqr.id }, aux)).base64)).not.toContain('BORRADOR');

    const before = await answerCounts(t);
    await expectRefusal(t.call('pqr.approveAnswer', { pqrId: pqr.id }, coord), 'CONFLICT', 'La respuesta ya fue aprobada el 03/11/2026.');
    await expectRefusal(t.call('pqr.draftAnswer', { pqrId: pqr.id, decision: 'accede', decisionText: 'otra' }, aux), 'CONFLICT', 'La respuesta ya fue aprobada: no se puede modificar.');
    expect(await answerCounts(t)).toEqual(before);
  });

  it('who may draft and approve', async () => {
    const pqr = await assignedReclamo();
    const before = await answerCounts(t);
    await expectRefusal(t.call('pqr.draftAnswer', { pqrId: pqr.id, decision: 'accede', decisionText: 'x' }, aux2), 'FORBIDDEN', 'Solo quien tiene asignada la PQR o el coordinador de la oficina pueden hacerlo.');
    // a template that names the account, on a PQR without one: {{cuenta}} shows as a hole, and the history says so
    await t.app.db('letter_templates').where({ kind: 'pqr_respuesta' }).update({ body: 'Sobre la cuenta {{cuenta}}: {{texto_decision}}' });
    const drafted = await t.ok('pqr.draftAnswer', { pqrId: pqr.id, decision: 'accede', decisionText: 'Se reliquida la factura.' }, aux);
    expect(drafted.history.at(-1)?.text).toBe('Respuesta proyectada: Accede. Pendiente de aprobación. Atención: la carta tiene datos sin llenar: [cuenta].');
    await expectForbidden(t.call('pqr.approveAnswer', { pqrId: pqr.id }, aux));
    const caja = await createUserReady(t, { fullName: 'Caja', username: 'caja', officeId: t.officeId, role: 'cajero', password: PASSWORD });
    await expectForbidden(t.call('pqr.answerTemplates', { pqrId: pqr.id }, caja));
    expect((await answerCounts(t)).pqr_answers).toBe(before.pqr_answers + 1);
  });

  it('a returned draft cannot be approved until it is redrafted', async () => {
    const pqr = await assignedReclamo();
    await t.ok('pqr.draftAnswer', { pqrId: pqr.id, decision: 'accede', decisionText: 'Se reliquida.' }, aux);
    const returned = await t.ok('pqr.returnAnswer', { pqrId: pqr.id, reason: 'Falta el valor reliquidado' }, coord);
    expect(returned.answer).toMatchObject({ state: 'devuelta', returnedReason: 'Falta el valor reliquidado' });
    expect(returned.history.at(-1)).toMatchObject({ action: 'devuelta', text: 'Respuesta devuelta para corrección: Falta el valor reliquidado' });

    const before = await answerCounts(t);
    await expectRefusal(t.call('pqr.approveAnswer', { pqrId: pqr.id }, coord), 'RULE', 'La respuesta fue devuelta: quien la proyectó debe corregirla antes de aprobarla.');
    expect(await answerCounts(t)).toEqual(before);

    // the clerk edits the filled letter on screen: the open markers are filled at drafting
    const redrafted = await t.ok(
      'pqr.draftAnswer',
      { pqrId: pqr.id, decision: 'accede_parcialmente', decisionText: 'Se reliquida a $ 54.300.', subject: 'Respuesta a su reclamo', body: 'Señora:\n\n[texto_decision]\n\nLa empresa [decision] a lo solicitado.' },
      aux,
    );
    expect(redrafted.answer).toMatchObject({ state: 'borrador', returnedReason: null, subject: 'Respuesta a su reclamo', body: 'Señora:\n\nSe reliquida a $ 54.300.\n\nLa empresa accede parcialmente a lo solicitado.' });
    expect(redrafted.history.at(-1)?.text).toBe('Respuesta corregida: Accede parcialmente. Pendiente de aprobación.');
    const { pqr: approved } = await t.ok('pqr.approveAnswer', { pqrId: pqr.id }, coord);
    expect(approved.answer?.outgoingRadicado).toBe('2026-GAR-S-000001');
  });

  it('traslado por competencia: needs the entity; the forwarding letter names it and has its own radicado', async () => {
    const pqr = await assignedReclamo();
    const before = await answerCounts(t);
    expect((await expectRefusal(t.call('pqr.draftAnswer', { pqrId: pqr.id, decision: 'traslada', decisionText: 'El alumbrado público no es de nuestra competencia.' }, aux), 'VALIDATION', 'Para trasladar por competencia indique la entidad a la que se remite.')).fields).toMatchObject({ transferEntity: 'Obligatorio' });
    expect(await answerCounts(t)).toEqual(before);

    const { pqr: approved, transferLetter } = await answerAndApprove(
      t,
      pqr.id,
      'traslada',
      { clerk: aux, coordinator: coord },
      { decisionText: 'El alumbrado público no es de nuestra competencia.', transferEntity: 'Alcaldía Municipal de Garagoa', transferAddress: 'Carrera 9 # 9-38' },
    );
    expect(approved.answer).toMatchObject({ decision: 'traslada', transfer: { entity: 'Alcaldía Municipal de Garagoa', address: 'Carrera 9 # 9-38' }, outgoingRadicado: '2026-GAR-S-000001' });
    const forwarding = words(transferLetter?.base64 ?? '');
    expect(forwarding).toContain('Señores Alcaldía Municipal de Garagoa');
    expect(forwarding).toContain(`Traslado por competencia del radicado No. ${pqr.radicado}`);
    expect(forwarding).toContain('2026-GAR-S-000002');
    expect(forwarding).toContain('El alumbrado público no es de nuestra competencia.');
    const answerLetter = words((await t.ok('pqr.answerLetterPdf', { pqrId: pqr.id }, aux)).base64);
    expect(answerLetter).toContain('Copia: Alcaldía Municipal de Garagoa');
    const listed = await t.ok('correspondence.list', { kind: 'salida' }, aux);
    expect(listed.map((c) => [c.radicado, c.recipientName, c.pqrRadicado])).toEqual([['2026-GAR-S-000002', 'Alcaldía Municipal de Garagoa', pqr.radicado]]);
  });

  it('a closed or annulled PQR is not answered; nothing is written', async () => {
    const a = await assignedReclamo();
    await t.ok('pqr.close', { pqrId: a.id, result: 'Desistió' }, aux);
    const b = await assignedReclamo();
    await t.ok('pqr.annul', { pqrId: b.id, reason: 'Radicado dos veces' }, coord);
    const before = await answerCounts(t);
    await expectRefusal(t.call('pqr.draftAnswer', { pqrId: a.id, decision: 'accede', decisionText: 'x' }, coord), 'RULE', 'La PQR está cerrada: no se puede responder. Un coordinador puede reabrirla.');
    await expectRefusal(t.call('pqr.draftAnswer', { pqrId: b.id, decision: 'accede', decisionText: 'x' }, coord), 'RULE', 'La PQR está anulada: no se puede responder.');
    expect(await answerCounts(t)).toEqual(before);
  });
});

describe('the amount a granted reclamo recognised', () => {
  it('accede or accede parcialmente over an invoice records it (at most the invoice’s value) with its audit; refused without it, above it or on another answer, nothing written', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '700001', [154_300]);
    const { pqr } = await filePqr(t, aux, { type: 'reclamo', accountId, invoiceId: invoiceIds[0] });
    await t.ok('pqr.assign', { pqrId: pqr.id, userId: await userId('laura'), note: '' }, coord);
    const draft = { pqrId: pqr.id, decisionText: 'Se verificó una lectura errada: se reliquida el consumo.' };
    const before = await answerCounts(t);
    const missing = await expectRefusal(
      t.call('pqr.draftAnswer', { ...draft, decision: 'accede' }, aux),
      'VALIDATION',
      'Indique el valor reconocido al usuario sobre la factura 700001-01: la respuesta accede al reclamo.',
    );
    expect(missing.fields?.grantedAmount).toBe('Obligatorio');
    // $ 154.301 is one peso over the invoice's $ 154.300
    const over = await expectRefusal(
      t.call('pqr.draftAnswer', { ...draft, decision: 'accede_parcialmente', grantedAmount: 154_301 }, aux),
      'VALIDATION',
      'El valor reconocido ($ 154.301) supera el valor de la factura 700001-01 ($ 154.300).',
    );
    expect(over.fields?.grantedAmount).toBe('Máximo $ 154.300');
    await expectRefusal(t.call('pqr.draftAnswer', { ...draft, decision: 'accede', grantedAmount: 0 }, aux), 'VALIDATION', 'Datos inválidos en «grantedAmount»: El valor reconocido debe ser mayor que cero');
    await expectRefusal(
      t.call('pqr.draftAnswer', { ...draft, decision: 'no_accede', grantedAmount: 10_000 }, aux),
      'VALIDATION',
      'Solo la respuesta que accede (total o parcialmente) a un reclamo sobre una factura registra un valor reconocido.',
    );
    expect(await answerCounts(t)).toEqual(before);

    const drafted = await t.ok('pqr.draftAnswer', { ...draft, decision: 'accede_parcialmente', grantedAmount: 61_720 }, aux);
    expect(drafted.answer?.grantedAmount).toBe(61_720);
    const audit = await t.app.db('audit_log').where({ action: 'pqr.draftAnswer', entity_id: String(pqr.id) }).first('after_json');
    expect(JSON.parse(audit.after_json).answer.grantedAmount).toBe(61_720);
    // the whole invoice may be recognised; the approval keeps the amount
    await t.ok('pqr.draftAnswer', { ...draft, decision: 'accede', grantedAmount: 154_300 }, aux);
    const approved = await t.ok('pqr.approveAnswer', { pqrId: pqr.id }, coord);
    expect(approved.pqr.answer?.grantedAmount).toBe(154_300);

    // a reclamo without an invoice, or a petición, records none
    const plain = await assignedReclamo();
    const none = await t.ok('pqr.draftAnswer', { pqrId: plain.id, decision: 'accede', decisionText: 'Se atiende.' }, aux);
    expect(none.answer?.grantedAmount).toBeNull();
  });
});

describe('an answer without approval', () => {
  it('cannot be sent, notified nor printed as final: clear refusal, nothing written', async () => {
    const pqr = await assignedReclamo();
    await t.ok('pqr.draftAnswer', { pqrId: pqr.id, decision: 'no_accede', decisionText: 'El consumo es correcto.' }, aux);
    const before = await answerCounts(t);
    await expectRefusal(t.call('pqr.recordAnswerSent', { pqrId: pqr.id, sentOn: '2026-11-03', means: 'personal' }, aux), 'RULE', 'La respuesta no está aprobada: no se puede registrar su envío. Primero debe aprobarla el coordinador.');
    await expectRefusal(t.call('pqr.notify', { pqrId: pqr.id, step: 'personal', date: '2026-11-03', personName: 'María Fernanda Rodríguez', personIdNumber: '52123456' }, aux), 'RULE', 'La respuesta no está aprobada: no se puede notificar. Primero debe aprobarla el coordinador.');
    await expectRefusal(t.call('pqr.notify', { pqrId: pqr.id, step: 'citacion', date: '2026-11-03' }, aux), 'RULE', 'La respuesta no está aprobada: no se puede notificar. Primero debe aprobarla el coordinador.');
    await expectRefusal(t.call('pqr.answerLetterPdf', { pqrId: pqr.id }, aux), 'RULE', 'La respuesta no está aprobada: aún no hay carta que imprimir (use la vista previa).');
    expect(await answerCounts(t)).toEqual(before);
  });

  it('records the date the approved answer left, not before the answer nor in the future', async () => {
    const pqr = await assignedReclamo();
    await on('2026-11-05');
    await answerAndApprove(t, pqr.id, 'accede', { clerk: aux, coordinator: coord });
    await on('2026-11-09');
    const before = await answerCounts(t);
    await expectRefusal(t.call('pqr.recordAnswerSent', { pqrId: pqr.id, sentOn: '2026-11-04', means: 'correo_certificado' }, aux), 'VALIDATION', 'La fecha de envío no puede ser anterior a la aprobación de la respuesta (05/11/2026).');
    await expectRefusal(t.call('pqr.recordAnswerSent', { pqrId: pqr.id, sentOn: '2026-11-10', means: 'correo_certificado' }, aux), 'VALIDATION', 'La fecha de envío no puede ser futura.');
    expect(await answerCounts(t)).toEqual(before);
    const sent = await t.ok('pqr.recordAnswerSent', { pqrId: pqr.id, sentOn: '2026-11-06', means: 'correo_certificado', guide: 'RN998877665CO' }, aux2);
    expect(sent.answer?.sent).toEqual({ on: '2026-11-06', means: 'correo_certificado', guide: 'RN998877665CO' });
    expect(sent.history.at(-1)).toMatchObject({ action: 'enviada', text: 'Respuesta enviada el 06/11/2026 (correo certificado, guía RN998877665CO).', userName: 'Pedro Rincón' });
    const audit = await t.app.db('audit_log').where({ action: 'pqr.recordAnswerSent' }).count<{ n: number }[]>({ n: '*' });
    expect(Number(audit[0].n)).toBe(1);
  });
});
