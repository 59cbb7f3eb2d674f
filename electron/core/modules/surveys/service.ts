/**
 * Satisfaction surveys: the definition (questions 0–10, yes/no, choice, text, each marked for the
 * indicator it feeds), a campaign's stratified sample (office × use × estrato over the active accounts,
 * the size for a margin of error, proportional allocation: shared/surveyMath.ts), the answers recorded
 * by whoever asks (telecobro desk by phone, the counter, e-mail) and the report (NPS, NSU, CSAT,
 * response rate, by office and estrato). An account's office is the office of its municipality
 * (accounts.city_dane = offices.city_dane, the lowest id when several share it).
 */
import type { Knex } from 'knex';
import type { IndicatorSet, Input, SamplePlan, SampleRow, StratumPlan, Survey, SurveyQuestion, SurveyReport } from '../../../../shared/contract';
import { allocate, csat, marginAchieved, nps, nsu, round1, sampleSize, type Confidence } from '../../../../shared/surveyMath';
import { formatDate } from '../../../../shared/dates';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { retryingTransaction } from '../../db/dialect';
import { conflict, invalid, notFound, rule } from '../../errors';
import { inScope, type OfficeScope } from '../../officeScope';

const idOf = (row: unknown): number => Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);
const OFFICE_OF_ACCOUNT = '(SELECT MIN(o.id) FROM offices o WHERE o.city_dane = a.city_dane)';

async function questionsOf(db: Knex, surveyId: number): Promise<SurveyQuestion[]> {
  const rows: { id: number; position: number; kind: SurveyQuestion['kind']; text: string; options_json: string; indicator: SurveyQuestion['indicator'] }[] = await db('survey_questions')
    .where({ survey_id: surveyId })
    .orderBy('position');
  return rows.map((r) => ({ id: Number(r.id), position: Number(r.position), kind: r.kind, text: r.text, options: JSON.parse(r.options_json) as string[], indicator: r.indicator }));
}

const countOf = async (q: Knex.QueryBuilder): Promise<number> => Number(((await q.count({ n: '*' })) as { n: number | string }[])[0].n);

export async function getSurvey(db: Knex, surveyId: number): Promise<Survey> {
  const row: { id: number; name: string; use: Survey['use']; state: Survey['state']; created_at: string } | undefined = await db('surveys').where({ id: surveyId }).first();
  if (!row) throw notFound('La encuesta');
  return {
    id: Number(row.id),
    name: row.name,
    use: row.use,
    state: row.state,
    questions: await questionsOf(db, surveyId),
    sampleSize: await countOf(db('survey_sample').where({ survey_id: surveyId })),
    responses: await countOf(db('survey_responses').where({ survey_id: surveyId })),
    createdAt: row.created_at,
  };
}

export async function listSurveys(db: Knex): Promise<Survey[]> {
  const ids: { id: number }[] = await db('surveys').orderBy('id', 'desc').select('id');
  return Promise.all(ids.map((r) => getSurvey(db, Number(r.id))));
}

export async function createSurvey(db: Knex, actor: Actor, input: Input<'surveys.create'>): Promise<Survey> {
  const id = await retryingTransaction(db, async (trx) => {
    const [row] = await trx('surveys').insert({ name: input.name, use: input.use, state: 'activa', created_by: actor.userId, created_at: nowTimestamp() }).returning('id');
    const surveyId = idOf(row);
    await trx('survey_questions').insert(
      input.questions.map((q, i) => ({ survey_id: surveyId, position: i + 1, kind: q.kind, text: q.text, options_json: JSON.stringify(q.kind === 'opcion' ? q.options : []), indicator: q.indicator })),
    );
    await writeAudit(trx, actor, { action: 'survey.create', entity: 'survey', entityId: surveyId, after: { name: input.name, use: input.use, questions: input.questions.length } });
    return surveyId;
  });
  return getSurvey(db, id);
}

interface StratumRow {
  office_id: number | null;
  use: string;
  estrato: number | null;
  n: number | string;
}

/** the active accounts by stratum, and the size and allocation for the margin */
export async function planSample(db: Knex, marginBp: number, confidence: Confidence): Promise<SamplePlan> {
  const rows: StratumRow[] = await db('accounts as a')
    .where('a.status', 'activo')
    .select(db.raw(`${OFFICE_OF_ACCOUNT} as office_id`), 'a.use', 'a.estrato')
    .count({ n: '*' })
    .groupByRaw(`${OFFICE_OF_ACCOUNT}, a.use, a.estrato`);
  const offices: { id: number; name: string }[] = await db('offices').select('id', 'name');
  const nameOf = (officeId: number | null) => offices.find((o) => Number(o.id) === Number(officeId))?.name ?? 'Sin oficina';
  const strata = rows
    .map((r) => ({ officeId: r.office_id === null ? null : Number(r.office_id), use: r.use, estrato: r.estrato === null ? null : Number(r.estrato), population: Number(r.n) }))
    .sort((a, b) => (a.officeId ?? 0) - (b.officeId ?? 0) || a.use.localeCompare(b.use) || (a.estrato ?? 0) - (b.estrato ?? 0));
  const population = strata.reduce((sum, s) => sum + s.population, 0);
  const size = sampleSize(population, marginBp / 10_000, confidence);
  const parts = allocate(
    strata.map((s) => s.population),
    size,
  );
  return {
    population,
    sampleSize: size,
    marginBp,
    confidence,
    strata: strata.map((s, i): StratumPlan => ({ ...s, officeName: nameOf(s.officeId), sample: parts[i] })),
  };
}

/** draws the campaign's sample once: each stratum's share at random among its active accounts */
export async function drawSample(db: Knex, actor: Actor, input: Input<'surveys.drawSample'>): Promise<SamplePlan> {
  const survey = await getSurvey(db, input.surveyId);
  if (survey.use !== 'campana') throw rule('Solo una campaña tiene muestra: las encuestas después de una PQR o de una atención se hacen a quien fue atendido.');
  const plan = await planSample(db, input.marginBp, input.confidence);
  await retryingTransaction(db, async (trx) => {
    if ((await countOf(trx('survey_sample').where({ survey_id: survey.id }))) > 0) throw conflict('La muestra de esta campaña ya se sacó: no se saca dos veces.');
    const drawnAt = nowTimestamp();
    for (const s of plan.strata) {
      if (s.sample === 0) continue;
      const q = trx('accounts as a').where('a.status', 'activo').where('a.use', s.use);
      if (s.estrato === null) q.whereNull('a.estrato');
      else q.where('a.estrato', s.estrato);
      if (s.officeId === null) q.whereRaw(`${OFFICE_OF_ACCOUNT} IS NULL`);
      else q.whereRaw(`${OFFICE_OF_ACCOUNT} = ?`, [s.officeId]);
      const ids: { id: number }[] = await q.select('a.id');
      // a random draw without replacement (Fisher–Yates on the stratum's ids)
      const pool = ids.map((r) => Number(r.id));
      for (let i = pool.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [pool[i], pool[j]] = [pool[j], pool[i]];
      }
      const chosen = pool.slice(0, s.sample);
      for (let k = 0; k < chosen.length; k += 500) {
        await trx('survey_sample').insert(chosen.slice(k, k + 500).map((accountId) => ({ survey_id: survey.id, account_id: accountId, office_id: s.officeId, use: s.use, estrato: s.estrato, drawn_at: drawnAt })));
      }
    }
    await trx('surveys').where({ id: survey.id }).update({ sample_margin_bp: plan.marginBp, sample_confidence: plan.confidence, sample_population: plan.population });
    await writeAudit(trx, actor, { action: 'survey.sample', entity: 'survey', entityId: survey.id, after: { population: plan.population, sample: plan.sampleSize, marginBp: plan.marginBp, confidence: plan.confidence } });
  });
  return plan;
}

/** records one person's answers; every question but the text ones must be answered, as its kind says */
export async function answerSurvey(db: Knex, actor: Actor, scope: OfficeScope, officeId: number, input: Input<'surveys.answer'>): Promise<{ responseId: number }> {
  const survey = await getSurvey(db, input.surveyId);
  // a survey of closed PQRs (CSAT) is answered about one closed PQR, once, and no other survey is
  let pqrRadicado = '';
  if (input.pqrId !== undefined) {
    const pqr: { office_id: number; state: string; radicado: string; account_id: number | null } | undefined = await db('pqrs as p')
      .join('radicados as r', 'r.id', 'p.radicado_id')
      .where('p.id', input.pqrId)
      .first('p.office_id', 'p.state', 'r.number as radicado', 'p.account_id');
    if (!pqr || !inScope(scope, pqr.office_id)) throw notFound('La PQR');
    if (survey.use !== 'pqr_cerrada') throw rule('Esta encuesta no es de PQR cerradas: respóndala desde la cuenta.');
    if (pqr.state !== 'cerrada') throw rule(`La PQR ${pqr.radicado} no está cerrada: la encuesta de satisfacción se hace después del cierre.`);
    if (input.accountId !== undefined && pqr.account_id !== null && Number(pqr.account_id) !== input.accountId) throw invalid('La cuenta no es la de la PQR.', { accountId: 'No es la cuenta de la PQR' });
    pqrRadicado = pqr.radicado;
  } else if (survey.use === 'pqr_cerrada') {
    throw rule('Una encuesta de PQR cerradas se responde desde la PQR cerrada (botón «Encuesta de satisfacción»).');
  }
  if (survey.state !== 'activa') throw rule('La encuesta está cerrada: ya no recibe respuestas.');
  const fields: Record<string, string> = {};
  const given = new Map(input.answers.map((a) => [a.questionId, a]));
  for (const a of input.answers) if (!survey.questions.some((q) => q.id === a.questionId)) fields[`answers.${a.questionId}`] = 'No es una pregunta de esta encuesta';
  for (const q of survey.questions) {
    const a = given.get(q.id);
    const key = `answers.${q.id}`;
    if (q.kind === 'escala' && a?.score === undefined) fields[key] = 'Elija de 0 a 10';
    if (q.kind === 'si_no' && a?.yes === undefined) fields[key] = 'Responda sí o no';
    if (q.kind === 'opcion' && (a?.choice === undefined || !q.options.includes(a.choice))) fields[key] = 'Elija una de las opciones';
  }
  if (Object.keys(fields).length > 0) throw invalid(`Faltan respuestas o sobran: ${Object.keys(fields).length === 1 ? 'revise la pregunta marcada' : 'revise las preguntas marcadas'}.`, fields);
  const account: { id: number; estrato: number | null } | undefined = input.accountId ? await db('accounts').where({ id: input.accountId }).first('id', 'estrato') : undefined;
  if (input.accountId && !account) throw notFound('La cuenta');
  const id = await retryingTransaction(db, async (trx) => {
    // once per PQR for a survey of closed PQRs (an account may have several), else once per account
    if (input.pqrId !== undefined) {
      const earlier: { answered_at: string } | undefined = await trx('survey_responses').where({ survey_id: survey.id, pqr_id: input.pqrId }).first('answered_at');
      if (earlier) throw conflict(`La PQR ${pqrRadicado} ya tiene su encuesta, respondida el ${formatDate(earlier.answered_at.slice(0, 10))}.`);
    } else if (account) {
      const earlier: { answered_at: string } | undefined = await trx('survey_responses').where({ survey_id: survey.id, account_id: account.id }).first('answered_at');
      if (earlier) throw conflict(`La cuenta ya respondió esta encuesta el ${formatDate(earlier.answered_at.slice(0, 10))}: una respuesta por cuenta.`);
    }
    const [row] = await trx('survey_responses')
      .insert({ survey_id: survey.id, account_id: account?.id ?? null, office_id: officeId, estrato: account?.estrato ?? null, channel: input.channel, pqr_id: input.pqrId ?? null, recorded_by: actor.userId, answered_at: nowTimestamp() })
      .returning('id');
    const responseId = idOf(row);
    await trx('survey_answers').insert(
      survey.questions
        .filter((q) => given.has(q.id))
        .map((q) => {
          const a = given.get(q.id)!;
          return { response_id: responseId, question_id: q.id, score: q.kind === 'escala' ? a.score : null, yes: q.kind === 'si_no' ? a.yes : null, choice: q.kind === 'opcion' ? a.choice : null, text: q.kind === 'texto' ? (a.text ?? '') : null };
        }),
    );
    await writeAudit(trx, actor, { action: 'survey.answer', entity: 'survey_response', entityId: responseId, after: { survey: survey.id, account: account?.id ?? null, channel: input.channel } });
    return responseId;
  });
  return { responseId: id };
}

interface AnswerRow {
  office_id: number;
  estrato: number | null;
  indicator: string;
  kind: string;
  score: number | null;
  yes: unknown;
}

function indicatorsOf(rows: AnswerRow[], responses: number): IndicatorSet {
  const scores = (indicator: string) => rows.filter((r) => r.indicator === indicator && r.score !== null).map((r) => Number(r.score));
  const satisfied: (boolean | number)[] = [];
  for (const r of rows.filter((x) => x.indicator === 'csat')) {
    if (r.kind === 'si_no' && r.yes !== null) satisfied.push(r.yes === true || r.yes === 1 || r.yes === '1');
    else if (r.kind === 'escala' && r.score !== null) satisfied.push(Number(r.score));
  }
  return { responses, nps: nps(scores('nps')), nsu: nsu(scores('nsu')), csat: csat(satisfied) };
}

/** NPS, NSU, CSAT and response rate, by office and estrato (a coordinator: their office only) */
export async function surveyReport(db: Knex, scope: OfficeScope, surveyId: number): Promise<SurveyReport> {
  await getSurvey(db, surveyId);
  const draw: { sample_margin_bp: number | null; sample_confidence: number | null; sample_population: number | null } = await db('surveys').where({ id: surveyId }).first('sample_margin_bp', 'sample_confidence', 'sample_population');
  const responses = db('survey_responses as r').where('r.survey_id', surveyId);
  if (scope !== null) responses.where('r.office_id', scope);
  const responseRows: { id: number; office_id: number; estrato: number | null; account_id: number | null }[] = await responses.clone().select('r.id', 'r.office_id', 'r.estrato', 'r.account_id');
  const answers: AnswerRow[] = await responses
    .clone()
    .join('survey_answers as sa', 'sa.response_id', 'r.id')
    .join('survey_questions as q', 'q.id', 'sa.question_id')
    .select('r.office_id', 'r.estrato', 'q.indicator', 'q.kind', 'sa.score', 'sa.yes');
  const sample = db('survey_sample').where({ survey_id: surveyId });
  if (scope !== null) sample.where({ office_id: scope });
  const sampled: { account_id: number }[] = await sample.select('account_id');
  const sampledIds = new Set(sampled.map((s) => Number(s.account_id)));
  const answeredFromSample = new Set(responseRows.filter((r) => r.account_id !== null && sampledIds.has(Number(r.account_id))).map((r) => Number(r.account_id))).size;
  const offices: { id: number; name: string }[] = await db('offices').select('id', 'name');
  const officeIds = [...new Set(responseRows.map((r) => Number(r.office_id)))].sort((a, b) => a - b);
  const estratos = [...new Set(responseRows.map((r) => (r.estrato === null ? null : Number(r.estrato))))].sort((a, b) => (a ?? -1) - (b ?? -1));
  const sameEstrato = (a: number | null, b: number | null) => (a === null ? b === null : b !== null && Number(b) === a);
  const confidence = draw.sample_confidence === null ? null : (Number(draw.sample_confidence) as Confidence);
  // the margin achieved over the population the sample was drawn from, with the sampled accounts that
  // answered; the draw's population is the company's, so an office's report (a coordinator) states none
  const achieved = confidence === null || draw.sample_population === null || scope !== null ? null : marginAchieved(Number(draw.sample_population), answeredFromSample, confidence);
  return {
    surveyId,
    ...indicatorsOf(answers, responseRows.length),
    sampleSize: sampledIds.size,
    responseRate: sampledIds.size === 0 ? null : round1((answeredFromSample * 100) / sampledIds.size),
    byOffice: officeIds.map((officeId) => ({
      officeId,
      officeName: offices.find((o) => Number(o.id) === officeId)?.name ?? '',
      ...indicatorsOf(
        answers.filter((a) => Number(a.office_id) === officeId),
        responseRows.filter((r) => Number(r.office_id) === officeId).length,
      ),
    })),
    byEstrato: estratos.map((estrato) => ({
      estrato,
      ...indicatorsOf(
        answers.filter((a) => sameEstrato(estrato, a.estrato)),
        responseRows.filter((r) => sameEstrato(estrato, r.estrato)).length,
      ),
    })),
    plannedMarginBp: draw.sample_margin_bp === null ? null : Number(draw.sample_margin_bp),
    confidence,
    achievedMarginBp: achieved === null ? null : Math.round(achieved * 10_000),
    population: draw.sample_population === null ? null : Number(draw.sample_population),
  };
}

/** a campaign's sample with who answered (and how) and who was invited and reminded by e-mail; a coordinator: their office's part */
export async function surveySample(db: Knex, scope: OfficeScope, surveyId: number): Promise<SampleRow[]> {
  await getSurvey(db, surveyId);
  const q = db('survey_sample as s')
    .join('accounts as a', 'a.id', 's.account_id')
    .leftJoin('offices as o', 'o.id', 's.office_id')
    .where('s.survey_id', surveyId)
    .orderBy(['s.office_id', 's.use', 's.estrato', 'a.number'])
    .select('s.account_id', 'a.number', 'a.holder_name', 'o.name as office_name', 's.use', 's.estrato');
  if (scope !== null) q.where('s.office_id', scope);
  const rows: { account_id: number; number: string; holder_name: string; office_name: string | null; use: string; estrato: number | null }[] = await q;
  const responses: { account_id: number; answered_at: string; channel: SampleRow['channel'] }[] = await db('survey_responses').where({ survey_id: surveyId }).whereNotNull('account_id').select('account_id', 'answered_at', 'channel');
  const mails: { account_id: number; sent_at: string | null; created_at: string; reminder_of: number | null }[] = await db('mail_messages')
    .where({ purpose: 'encuesta', document_kind: 'encuesta', document_id: surveyId })
    .whereNotNull('account_id')
    .orderBy('id')
    .select('account_id', 'sent_at', 'created_at', 'reminder_of');
  const byAccount = <T extends { account_id: number }>(list: T[], pick: (x: T) => boolean = () => true) => {
    const map = new Map<number, T>();
    for (const x of list) if (pick(x) && !map.has(Number(x.account_id))) map.set(Number(x.account_id), x);
    return map;
  };
  const answered = byAccount(responses);
  const invited = byAccount(mails, (m) => m.reminder_of === null);
  const reminded = byAccount(mails, (m) => m.reminder_of !== null);
  return rows.map((r) => {
    const id = Number(r.account_id);
    const inv = invited.get(id);
    const rem = reminded.get(id);
    return {
      accountId: id,
      accountNumber: r.number,
      holderName: r.holder_name,
      officeName: r.office_name ?? 'Sin oficina',
      use: r.use,
      estrato: r.estrato === null ? null : Number(r.estrato),
      answeredAt: answered.get(id)?.answered_at ?? null,
      channel: answered.get(id)?.channel ?? null,
      invitedAt: inv ? (inv.sent_at ?? inv.created_at) : null,
      remindedAt: rem ? (rem.sent_at ?? rem.created_at) : null,
    };
  });
}
