/**
 * Satisfaction surveys (issue 19): the stratified sample of a campaign (office × use × estrato) with
 * its size for a margin of error, counted by hand; answers recorded by phone (telecobro desk) and at
 * the counter of another office; the report's NPS, NSU, CSAT and response rate computed by hand, for
 * the company, by office and by estrato, and a coordinator's report limited to their office.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Survey } from '../../shared/contract';
import { formatDate } from '../../shared/dates';
import { createInitializedBackOffice, createUserReady, loginAs } from '../helpers/backoffice';
import { insertAccount } from '../helpers/accounts';
import { FORBIDDEN_MESSAGE, expectRefusal } from '../helpers/refusal';
import { pdfTextFlat } from '../helpers/pdf';
import { filePqr } from '../helpers/pqr';

let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;
let gestor: string;
let tenzaCashier: string;
let coordinator: string;
let tenzaId: number;
let survey: Survey;

/** Garagoa (15299): 1 comercial, 6 residencial estrato 2, 3 residencial estrato 3; Tenza (15798): 4 residencial estrato 1; 1 suspended (left out) */
const ACCOUNTS: { city: string; use: string; estrato: number | null; n: number; status?: string }[] = [
  { city: '15299', use: 'comercial', estrato: null, n: 1 },
  { city: '15299', use: 'residencial', estrato: 2, n: 6 },
  { city: '15299', use: 'residencial', estrato: 3, n: 3 },
  { city: '15798', use: 'residencial', estrato: 1, n: 4 },
  { city: '15798', use: 'residencial', estrato: 1, n: 1, status: 'suspendido' },
];

beforeAll(async () => {
  t = await createInitializedBackOffice();
  const tenza = await t.ok('offices.create', { code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798', address: 'Carrera 4 # 3-10', phone: '6087500999', saturdayIsBusinessDay: false }, t.adminToken);
  tenzaId = tenza.id;
  gestor = await loginAs(t, 'gestor');
  coordinator = await loginAs(t, 'coordinador');
  tenzaCashier = await createUserReady(t, { fullName: 'Cajero de Tenza', username: 'cajero.tenza', officeId: tenzaId, role: 'cajero', password: 'clave-de-prueba' });
  let n = 0;
  for (const group of ACCOUNTS) {
    for (let i = 0; i < group.n; i++) {
      const id = await insertAccount(t.app.db, { number: `80${String(++n).padStart(4, '0')}`, holderName: `SUSCRIPTOR ${n}` });
      await t.app.db('accounts').where({ id }).update({ city_dane: group.city, use: group.use, estrato: group.estrato, status: group.status ?? 'activo' });
    }
  }
  survey = await t.ok(
    'surveys.create',
    {
      name: 'NSU y NPS segundo semestre',
      use: 'campana',
      questions: [
        { kind: 'escala', text: '¿Qué tan probable es que recomiende la empresa a un amigo?', indicator: 'nps' },
        { kind: 'escala', text: '¿Qué tan satisfecho está con el servicio?', indicator: 'nsu' },
        { kind: 'si_no', text: '¿Le resolvimos lo que necesitaba?', indicator: 'csat' },
        { kind: 'opcion', text: '¿Por qué medio prefiere que le informemos?', options: ['Teléfono', 'Correo electrónico'] },
        { kind: 'texto', text: '¿Qué podemos mejorar?' },
      ],
    },
    t.adminToken,
  );
});
afterAll(() => t.close());

const q = (i: number) => survey.questions[i].id;
const answers = (recommend: number, satisfied: number, solved: boolean) => [
  { questionId: q(0), score: recommend },
  { questionId: q(1), score: satisfied },
  { questionId: q(2), yes: solved },
  { questionId: q(3), choice: 'Teléfono' },
  { questionId: q(4), text: '' },
];
async function sampledOf(officeCity: string, estrato: number): Promise<number[]> {
  const rows: { account_id: number }[] = await t.app.db('survey_sample as s').join('accounts as a', 'a.id', 's.account_id').where({ 's.survey_id': survey.id, 'a.city_dane': officeCity, 'a.estrato': estrato }).orderBy('a.id').select('s.account_id');
  return rows.map((r) => Number(r.account_id));
}
const count = async (table: string) => Number((await t.app.db(table).count<{ n: number }[]>({ n: '*' }))[0].n);

describe('the stratified sample of a campaign', () => {
  it('has the size for the margin of error, allocated to office × use × estrato as counted by hand', async () => {
    // 14 active accounts; 20 % at 95 %: n0 = 1.96² × 0.25 / 0.2² = 24.01; n = 24.01 / (1 + 23.01/14) = 9.08 → 10
    // proportional: 10 × (1, 6, 3, 4) / 14 = 0.71, 4.29, 2.14, 2.86 → floors 0, 4, 2, 2 (8); the two largest rests (.86, .71) → 1, 4, 2, 3
    const plan = await t.ok('surveys.drawSample', { surveyId: survey.id, marginBp: 2000, confidence: 95 }, t.adminToken);
    expect(plan).toMatchObject({ population: 14, sampleSize: 10 });
    expect(plan.strata.map((s) => [s.officeName, s.use, s.estrato, s.population, s.sample])).toEqual([
      ['Oficina Garagoa', 'comercial', null, 1, 1],
      ['Oficina Garagoa', 'residencial', 2, 6, 4],
      ['Oficina Garagoa', 'residencial', 3, 3, 2],
      ['Oficina Tenza', 'residencial', 1, 4, 3],
    ]);
    const drawn: { office_id: number; estrato: number | null; status: string }[] = await t.app.db('survey_sample as s').join('accounts as a', 'a.id', 's.account_id').where('s.survey_id', survey.id).select('s.office_id', 's.estrato', 'a.status');
    expect(drawn).toHaveLength(10);
    expect(drawn.every((d) => d.status === 'activo')).toBe(true);
    expect(drawn.filter((d) => Number(d.office_id) === tenzaId)).toHaveLength(3);
    expect((await sampledOf('15299', 2)).length).toBe(4);

    await expectRefusal(t.call('surveys.drawSample', { surveyId: survey.id, marginBp: 500, confidence: 95 }, t.adminToken), 'CONFLICT', 'La muestra de esta campaña ya se sacó: no se saca dos veces.');
    expect(await count('survey_sample')).toBe(10);
  });

  it('plans without drawing: 5 % at 95 % over the same 14 accounts is all of them', async () => {
    // n = 384.16 / (1 + 383.16/14) = 13.5 → 14
    const plan = await t.ok('surveys.planSample', { marginBp: 500, confidence: 95 }, t.adminToken);
    expect(plan).toMatchObject({ population: 14, sampleSize: 14 });
    expect(plan.strata.map((s) => s.sample)).toEqual([1, 6, 3, 4]);
  });
});

describe('answers by phone and at the counter, and the report', () => {
  it('refuses an incomplete answer in Spanish, writing nothing', async () => {
    const [account] = await sampledOf('15299', 2);
    const before = await count('survey_responses');
    const error = await expectRefusal(
      t.call('surveys.answer', { surveyId: survey.id, accountId: account, channel: 'telefono', answers: answers(9, 8, true).slice(1) }, gestor),
      'VALIDATION',
      'Faltan respuestas o sobran: revise la pregunta marcada.',
    );
    expect(error.fields).toEqual({ [`answers.${q(0)}`]: 'Elija de 0 a 10' });
    expect(await count('survey_responses')).toBe(before);
  });

  it('computes NPS, NSU, CSAT and the response rate as counted by hand', async () => {
    const [g2a, g2b] = await sampledOf('15299', 2);
    const [g3] = await sampledOf('15299', 3);
    const [t1a, t1b] = await sampledOf('15798', 1);
    await t.ok('surveys.answer', { surveyId: survey.id, accountId: g2a, channel: 'telefono', answers: answers(10, 9, true) }, gestor);
    await t.ok('surveys.answer', { surveyId: survey.id, accountId: g2b, channel: 'telefono', answers: answers(9, 8, true) }, gestor);
    await t.ok('surveys.answer', { surveyId: survey.id, accountId: g3, channel: 'telefono', answers: answers(6, 5, false) }, gestor);
    await t.ok('surveys.answer', { surveyId: survey.id, accountId: t1a, channel: 'ventanilla', answers: answers(9, 7, true) }, tenzaCashier);
    await t.ok('surveys.answer', { surveyId: survey.id, accountId: t1b, channel: 'ventanilla', answers: answers(3, 4, false) }, tenzaCashier);
    const today = (await t.app.db('survey_responses').where({ account_id: g2a }).first<{ answered_at: string }>('answered_at')).answered_at.slice(0, 10);
    await expectRefusal(
      t.call('surveys.answer', { surveyId: survey.id, accountId: g2a, channel: 'telefono', answers: answers(0, 0, false) }, gestor),
      'CONFLICT',
      `La cuenta ya respondió esta encuesta el ${formatDate(today)}: una respuesta por cuenta.`,
    );

    const report = await t.ok('surveys.report', { surveyId: survey.id }, t.adminToken);
    // recommend 10, 9, 6, 9, 3: promoters 3, detractors 2 → (3 − 2)/5 = 20
    // satisfied 9, 8, 5, 7, 4: mean 6.6 → NSU 66; solved yes, yes, no, yes, no → CSAT 60; 5 of the 10 drawn → 50 %
    expect(report).toMatchObject({ responses: 5, nps: 20, nsu: 66, csat: 60, sampleSize: 10, responseRate: 50 });
    // drawn for 20 % at 95 % over 14 accounts; 5 of the sample answered:
    // 1.96 × √(0.25/5) × √((14 − 5)/(14 − 1)) = 1.96 × 0.223607 × 0.832050 = 0.364662 → 36.47 %
    expect(report).toMatchObject({ plannedMarginBp: 2000, confidence: 95, population: 14, achievedMarginBp: 3647 });
    // Garagoa: 10, 9, 6 → (2 − 1)/3 = 33.3; (9 + 8 + 5)/3 = 7.33 → 73.3; 2 of 3 → 66.7
    // Tenza: 9, 3 → 0; (7 + 4)/2 → 55; 1 of 2 → 50
    expect(report.byOffice.map((o) => [o.officeName, o.responses, o.nps, o.nsu, o.csat])).toEqual([
      ['Oficina Garagoa', 3, 33.3, 73.3, 66.7],
      ['Oficina Tenza', 2, 0, 55, 50],
    ]);
    // estrato 1: 9, 3 → 0, 55, 50; estrato 2: 10, 9 → 100, 85, 100; estrato 3: 6 → −100, 50, 0
    expect(report.byEstrato.map((e) => [e.estrato, e.responses, e.nps, e.nsu, e.csat])).toEqual([
      [1, 2, 0, 55, 50],
      [2, 2, 100, 85, 100],
      [3, 1, -100, 50, 0],
    ]);

    // the coordinator of Garagoa: their office only; 3 answered of the 7 drawn there (1 + 4 + 2) → 42.9 %
    const own = await t.ok('surveys.report', { surveyId: survey.id }, coordinator);
    expect(own).toMatchObject({ responses: 3, nps: 33.3, nsu: 73.3, csat: 66.7, sampleSize: 7, responseRate: 42.9 });
    expect(own.byOffice.map((o) => o.officeName)).toEqual(['Oficina Garagoa']);
    // the draw's population is the company's: an office's report states no achieved margin
    expect(own.achievedMarginBp).toBeNull();
  });

  it('lists the sample with who answered and how; a coordinator sees their office\'s part', async () => {
    const all = await t.ok('surveys.sample', { surveyId: survey.id }, t.adminToken);
    expect(all).toHaveLength(10);
    expect(all.filter((r) => r.channel === 'telefono')).toHaveLength(3);
    expect(all.filter((r) => r.channel === 'ventanilla').map((r) => r.officeName)).toEqual(['Oficina Tenza', 'Oficina Tenza']);
    expect(all.filter((r) => r.answeredAt === null)).toHaveLength(5);
    const own = await t.ok('surveys.sample', { surveyId: survey.id }, coordinator);
    expect(own).toHaveLength(7);
    expect(new Set(own.map((r) => r.officeName))).toEqual(new Set(['Oficina Garagoa']));
    await expectRefusal(t.call('surveys.sample', { surveyId: survey.id }, gestor), 'FORBIDDEN', FORBIDDEN_MESSAGE);
  });

  it('hands out the report as a numbered PDF with the figures by office and estrato and the margin achieved', async () => {
    const year = new Date().toISOString().slice(0, 4);
    const first = await t.ok('surveys.reportPdf', { surveyId: survey.id }, t.adminToken);
    expect(first.number).toBe(`INF-ENC-${year}-000001`);
    expect(first.fileName).toBe(`INF-ENC-${year}-000001.pdf`);
    const pdf = Buffer.from(first.base64, 'base64');
    const text = pdfTextFlat(pdf);
    expect(text).toContain('INFORME DE ENCUESTA DE SATISFACCIÓN');
    expect(text).toContain(`No. INF-ENC-${year}-000001`);
    expect(text).toContain('NSU y NPS segundo semestre · Campaña (NSU semestral, NPS) · Todas las oficinas');
    for (const line of [
      'Respuestas recibidas 5',
      'NPS (promotores - detractores, de -100 a 100) 20,0',
      'NSU (satisfacción media, de 0 a 100) 66,0',
      'CSAT (% de usuarios satisfechos) 60,0 %',
      'Muestra sacada 10',
      'Tasa de respuesta (de la muestra) 50,0 %',
      'Población (cuentas activas al sacar la muestra) 14',
      'Margen de error planeado (confianza del 95 %) 20,0 %',
      'Margen de error logrado con las respuestas de la muestra (confianza del 95 %) 36,5 %',
      // by office and by estrato, as in the report above
      'Oficina Garagoa 3 33,3 73,3 66,7 %',
      'Oficina Tenza 2 0,0 55,0 50,0 %',
      'Estrato 1 2 0,0 55,0 50,0 %',
      'Estrato 2 2 100,0 85,0 100,0 %',
      'Estrato 3 1 -100,0 50,0 0,0 %',
    ])
      expect(text).toContain(line);
    // the charts' legend and scale (vector bars)
    expect(text).toContain('escala de -100 a 100 (NSU y CSAT de 0 a 100)');
    // numbered every time it is handed out, and kept with its bytes
    const second = await t.ok('surveys.reportPdf', { surveyId: survey.id }, coordinator);
    expect(second.number).toBe(`INF-ENC-${year}-000002`);
    const ownText = pdfTextFlat(Buffer.from(second.base64, 'base64'));
    expect(ownText).toContain('Oficina Garagoa 3 33,3 73,3 66,7 %');
    expect(ownText).not.toContain('Oficina Tenza');
    expect(ownText).not.toContain('Margen de error logrado');
    const kept: { number: string; sha256: string; pdf: Buffer }[] = await t.app.db('survey_reports').orderBy('id').select('number', 'sha256', 'pdf');
    expect(kept.map((k) => k.number)).toEqual([first.number, second.number]);
    expect(Buffer.from(kept[0].pdf).equals(pdf)).toBe(true);
    expect(await t.app.db('audit_log').where({ action: 'survey.report' }).count<{ n: number }[]>({ n: '*' }).then((r) => Number(r[0].n))).toBe(2);
  });

  it('refuses a definition with a choice question without choices, in Spanish, writing nothing', async () => {
    const before = await count('surveys');
    const error = await expectRefusal(
      t.call('surveys.create', { name: 'Sin opciones', use: 'campana', questions: [{ kind: 'opcion', text: '¿Por qué medio?', options: ['Teléfono'] }] }, t.adminToken),
      'VALIDATION',
      'Datos inválidos en «questions.0.options»: Una pregunta de opción necesita al menos dos opciones',
    );
    expect(error.fields?.['questions.0.options']).toBe('Una pregunta de opción necesita al menos dos opciones');
    expect(await count('surveys')).toBe(before);
  });

  it('draws no sample for a survey that is not a campaign', async () => {
    const afterPqr = await t.ok('surveys.create', { name: 'Después de la PQR', use: 'pqr_cerrada', questions: [{ kind: 'si_no', text: '¿Quedó satisfecho con la respuesta?', indicator: 'csat' }] }, t.adminToken);
    await expectRefusal(
      t.call('surveys.drawSample', { surveyId: afterPqr.id, marginBp: 500, confidence: 95 }, t.adminToken),
      'RULE',
      'Solo una campaña tiene muestra: las encuestas después de una PQR o de una atención se hacen a quien fue atendido.',
    );
  });
  it('answers the survey of closed PQRs about one closed PQR, once; an open PQR, another survey or no PQR are refused', async () => {
    const csat = await t.ok('surveys.create', { name: 'Satisfacción con la respuesta a su PQR', use: 'pqr_cerrada', questions: [{ kind: 'escala', text: '¿Qué tan satisfecho quedó con la respuesta?', indicator: 'csat' }] }, t.adminToken);
    const one = [{ questionId: csat.questions[0].id, score: 9 }];
    const { pqr } = await filePqr(t, coordinator);
    const before = await count('survey_responses');
    await expectRefusal(
      t.call('surveys.answer', { surveyId: csat.id, pqrId: pqr.id, channel: 'telefono', answers: one }, coordinator),
      'RULE',
      `La PQR ${pqr.radicado} no está cerrada: la encuesta de satisfacción se hace después del cierre.`,
    );
    await expectRefusal(
      t.call('surveys.answer', { surveyId: csat.id, channel: 'telefono', answers: one }, coordinator),
      'RULE',
      'Una encuesta de PQR cerradas se responde desde la PQR cerrada (botón «Encuesta de satisfacción»).',
    );
    await t.ok('pqr.close', { pqrId: pqr.id, result: 'Se explicó la lectura del medidor' }, coordinator);
    await expectRefusal(
      t.call('surveys.answer', { surveyId: survey.id, pqrId: pqr.id, channel: 'telefono', answers: answers(9, 8, true) }, coordinator),
      'RULE',
      'Esta encuesta no es de PQR cerradas: respóndala desde la cuenta.',
    );
    expect(await count('survey_responses')).toBe(before);
    const { responseId } = await t.ok('surveys.answer', { surveyId: csat.id, pqrId: pqr.id, channel: 'telefono', answers: one }, coordinator);
    const row: { pqr_id: number; channel: string; answered_at: string } = await t.app.db('survey_responses').where({ id: responseId }).first('pqr_id', 'channel', 'answered_at');
    expect({ pqrId: Number(row.pqr_id), channel: row.channel }).toEqual({ pqrId: pqr.id, channel: 'telefono' });
    const answeredOn = formatDate(row.answered_at.slice(0, 10));
    await expectRefusal(
      t.call('surveys.answer', { surveyId: csat.id, pqrId: pqr.id, channel: 'telefono', answers: [{ questionId: csat.questions[0].id, score: 3 }] }, coordinator),
      'CONFLICT',
      `La PQR ${pqr.radicado} ya tiene su encuesta, respondida el ${answeredOn}.`,
    );
    expect(await count('survey_responses')).toBe(before + 1);
  });
  it('takes one satisfaction answer per closed PQR, so an account with two closed PQRs answers about each', async () => {
    const csat = await t.ok('surveys.create', { name: 'Satisfacción por PQR', use: 'pqr_cerrada', questions: [{ kind: 'escala', text: '¿Qué tan satisfecho quedó?', indicator: 'csat' }] }, t.adminToken);
    const accountId = await insertAccount(t.app.db, { number: '809901', holderName: 'SUSCRIPTOR CON DOS PQR' });
    const answered: number[] = [];
    for (const subject of ['Cobro de un consumo que no hubo', 'Lectura del medidor equivocada']) {
      const { pqr } = await filePqr(t, coordinator, { accountId, subject });
      await t.ok('pqr.close', { pqrId: pqr.id, result: 'Se explicó la factura' }, coordinator);
      const { responseId } = await t.ok('surveys.answer', { surveyId: csat.id, accountId, pqrId: pqr.id, channel: 'telefono', answers: [{ questionId: csat.questions[0].id, score: 8 }] }, coordinator);
      answered.push(responseId);
    }
    expect(await t.app.db('survey_responses').where({ survey_id: csat.id, account_id: accountId }).count<{ n: number }[]>({ n: '*' }).then((r) => Number(r[0].n))).toBe(2);
    expect(new Set(answered).size).toBe(2);
  });
});
