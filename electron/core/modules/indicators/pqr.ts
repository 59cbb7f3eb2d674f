/**
 * PQR: received in the period by type and SUI causal (annulled radicados and correspondence are not
 * PQRs), answers approved in the period and the share on time (answer date on or before the due date
 * in force), the mean business days from filing to answer (each office's calendar, as the monthly PQR
 * report counts them), silencio administrativo positivo cases, extensions and pauses made in the
 * period, recursos received and the decisions of those answered, and remisiones to the SSPD.
 */
import type { Knex } from 'knex';
import { formatDate } from '../../../../shared/dates';
import { PQR_TYPES, SSPD_OUTCOMES, SSPD_OUTCOME_NAMES, type AnswerDecision, type IndicatorFamilyResult, type IndicatorKey, type PqrType, type SspdOutcome } from '../../../../shared/contract';
import { PQR_TYPE_NAMES } from '../pqr/catalog';
import { DECISION_NAMES } from '../pqr/letters';
import { averageBusinessDays } from '../pqrreports/monthly';
import { dateMonth, figure, instantMonth, monthly, monthOf, num, paged, pct, readMonthly, type Period, type RecordsPage, type SeriesProvider } from './period';

const REPORTED: PqrType[] = PQR_TYPES.filter((t) => t !== 'correspondencia');
const RECURSOS: PqrType[] = ['recurso_reposicion', 'reposicion_apelacion'];

function pqrs(db: Knex, p: Period): Knex.QueryBuilder {
  const q = db('pqrs as p').whereIn('p.type', REPORTED).whereNot('p.state', 'anulada');
  if (p.scope !== null) q.where('p.office_id', p.scope);
  return q;
}

const received = (db: Knex, p: Period) => pqrs(db, p).whereBetween('p.filed_date', [p.from, p.to]);
const answered = (db: Knex, p: Period) => pqrs(db, p).join('pqr_answers as a', 'a.pqr_id', 'p.id').where('a.state', 'aprobada').whereBetween('a.answer_date', [p.from, p.to]);
const silencio = (db: Knex, p: Period) => pqrs(db, p).whereBetween('p.silencio_on', [p.from, p.to]);
const extended = (db: Knex, p: Period) => pqrs(db, p).where('p.extended_at', '>=', p.fromInstant).where('p.extended_at', '<', p.toInstant);
const paused = (db: Knex, p: Period) =>
  pqrs(db, p).whereIn('p.id', db('pqr_events').where('action', 'suspendida').where('at', '>=', p.fromInstant).where('at', '<', p.toInstant).select('pqr_id'));
const recursos = (db: Knex, p: Period) => received(db, p).whereIn('p.type', RECURSOS);
const sentToSspd = (db: Knex, p: Period) => pqrs(db, p).whereBetween('p.sspd_sent_on', [p.from, p.to]);
/** the SSPD's resolutions dated in the period */
const sspdDecided = (db: Knex, p: Period) => pqrs(db, p).whereNotNull('p.sspd_decision').whereBetween('p.sspd_resolution_date', [p.from, p.to]);
/** sent by the period's last day D, with no resolution dated by D */
const sspdPending = (db: Knex, p: Period) =>
  pqrs(db, p)
    .where('p.sspd_sent_on', '<=', p.to)
    .where((w) => w.whereNull('p.sspd_resolution_date').orWhere('p.sspd_resolution_date', '>', p.to));

/** answers alike (office, filing date, answer date) counted together, with how many were on time: all the average and the share need */
interface AnswersAlike {
  office_id: number;
  filed_date: string;
  answer_date: string;
  n: unknown;
  in_time: unknown;
}
const ON_TIME = 'SUM(CASE WHEN a.answer_date <= COALESCE(p.due_date, p.original_due_date) THEN 1 ELSE 0 END)';
const answersAlike = (db: Knex, q: Knex.QueryBuilder) =>
  q.groupBy('p.office_id', 'p.filed_date', 'a.answer_date').select('p.office_id', 'p.filed_date', 'a.answer_date', db.raw('COUNT(*) AS n'), db.raw(`${ON_TIME} AS in_time`));

const count = async (q: Knex.QueryBuilder): Promise<number> => num(((await q.count({ n: '*' })) as { n: unknown }[])[0].n);

export async function pqr(db: Knex, p: Period): Promise<IndicatorFamilyResult> {
  const [byType, byCausal, answers, silencioN, extendedN, pausedN, recursosN, sspdN, recursoDecisions, sspdOutcomes, sspdPendingN] = await Promise.all([
    received(db, p).groupBy('p.type').select('p.type', db.raw('COUNT(*) AS n')) as Promise<{ type: PqrType; n: unknown }[]>,
    received(db, p).join('sui_causales as c', 'c.id', 'p.causal_id').groupBy('c.group', 'c.code', 'c.name').select('c.group', 'c.code', 'c.name', db.raw('COUNT(*) AS n')) as Promise<{ group: string; code: string; name: string; n: unknown }[]>,
    answersAlike(db, answered(db, p)) as Promise<AnswersAlike[]>,
    count(silencio(db, p)),
    count(extended(db, p)),
    count(paused(db, p)),
    count(recursos(db, p)),
    count(sentToSspd(db, p)),
    answered(db, p).whereIn('p.type', RECURSOS).groupBy('a.decision').select('a.decision', db.raw('COUNT(*) AS n')) as Promise<{ decision: AnswerDecision; n: unknown }[]>,
    sspdDecided(db, p).groupBy('p.sspd_decision').select('p.sspd_decision as outcome', db.raw('COUNT(*) AS n')) as Promise<{ outcome: SspdOutcome; n: unknown }[]>,
    count(sspdPending(db, p)),
  ]);
  const decidedBy = (o: SspdOutcome) => num(sspdOutcomes.find((r) => r.outcome === o)?.n);
  const receivedN = byType.reduce((s, r) => s + num(r.n), 0);
  const answeredN = answers.reduce((s, a) => s + num(a.n), 0);
  const inTime = answers.reduce((s, a) => s + num(a.in_time), 0);
  const average = await averageBusinessDays(db, answers);
  return {
    family: 'pqr',
    figures: [
      figure('pqr.received', 'count', receivedN),
      figure('pqr.answered', 'count', answeredN),
      figure('pqr.onTimePct', 'percent', pct(inTime, answeredN)),
      figure('pqr.avgBusinessDays', 'days', average),
      figure('pqr.silencio', 'count', silencioN),
      figure('pqr.extended', 'count', extendedN),
      figure('pqr.paused', 'count', pausedN),
      figure('pqr.recursos', 'count', recursosN),
      figure('pqr.sentToSspd', 'count', sspdN),
      figure('pqr.sspdDecided', 'count', SSPD_OUTCOMES.reduce((s, o) => s + decidedBy(o), 0)),
      figure('pqr.sspdPending', 'count', sspdPendingN),
    ],
    breakdowns: [
      {
        key: 'indicators.breakdown.byType',
        columns: [{ label: 'Recibidas', unit: 'count' }],
        rows: byType.map((r) => ({ label: PQR_TYPE_NAMES[r.type], values: [num(r.n)] })).sort((a, b) => b.values[0] - a.values[0] || a.label.localeCompare(b.label)),
      },
      {
        key: 'indicators.breakdown.byCausal',
        columns: [{ label: 'Recibidas', unit: 'count' }],
        rows: byCausal.map((r) => ({ label: `${r.group}${r.code} · ${r.name}`, values: [num(r.n)] })).sort((a, b) => b.values[0] - a.values[0] || a.label.localeCompare(b.label)),
      },
      {
        key: 'indicators.breakdown.recursoDecisions',
        columns: [{ label: 'Recursos respondidos', unit: 'count' }],
        rows: recursoDecisions.map((r) => ({ label: DECISION_NAMES[r.decision] ?? r.decision, values: [num(r.n)] })).sort((a, b) => a.label.localeCompare(b.label)),
      },
      {
        key: 'indicators.breakdown.sspdOutcomes',
        columns: [{ label: 'Recursos', unit: 'count' }],
        rows: [
          { label: 'Remitidos a la SSPD en el periodo', values: [sspdN] },
          ...SSPD_OUTCOMES.map((o) => ({ label: `Decididos: ${SSPD_OUTCOME_NAMES[o].toLowerCase()}`, values: [decidedBy(o)] })),
          { label: 'Pendientes de decisión al cierre', values: [sspdPendingN] },
        ],
      },
    ],
  };
}

/** the figures month by month: the counts in one statement grouped by month, the answers alike in a second (their business days are counted on the calendar) */
export const pqrSeries: SeriesProvider = async (db, range, months) => {
  const filed = dateMonth('p.filed_date');
  const pausedMonth = instantMonth('e.at', months);
  const pausedByMonth = db
    .from(
      pqrs(db, range)
        .join('pqr_events as e', 'e.pqr_id', 'p.id')
        .where('e.action', 'suspendida')
        .where('e.at', '>=', range.fromInstant)
        .where('e.at', '<', range.toInstant)
        .distinct('p.id', db.raw(`${pausedMonth} AS pm`))
        .as('x'),
    )
    .groupBy('x.pm')
    .select(db.raw(`'paused' AS k`), 'x.pm as m', db.raw('COUNT(*) AS v'));
  // the appeals pending at some close of the range: sent by its end, not resolved before its first close
  const pendingSpans = pqrs(db, range)
    .where('p.sspd_sent_on', '<=', range.to)
    .where((w) => w.whereNull('p.sspd_resolution_date').orWhere('p.sspd_resolution_date', '>', months[0].to))
    .select('p.sspd_sent_on as sent', 'p.sspd_resolution_date as resolved') as Promise<{ sent: string; resolved: string | null }[]>;
  const [value, answers, pending] = await Promise.all([
    readMonthly(db, [
      monthly(db, received(db, range), 'received', filed, 'COUNT(*)'),
      monthly(db, recursos(db, range), 'recursos', filed, 'COUNT(*)'),
      monthly(db, silencio(db, range), 'silencio', dateMonth('p.silencio_on'), 'COUNT(*)'),
      monthly(db, sentToSspd(db, range), 'sentToSspd', dateMonth('p.sspd_sent_on'), 'COUNT(*)'),
      monthly(db, sspdDecided(db, range), 'sspdDecided', dateMonth('p.sspd_resolution_date'), 'COUNT(*)'),
      monthly(db, extended(db, range), 'extended', instantMonth('p.extended_at', months), 'COUNT(*)'),
      pausedByMonth,
    ]),
    answersAlike(db, answered(db, range)) as Promise<AnswersAlike[]>,
    pendingSpans,
  ]);
  return Promise.all(
    months.map(async (p) => {
      const m = monthOf(p);
      const ofMonth = answers.filter((a) => a.answer_date.slice(0, 7) === m);
      const answeredN = ofMonth.reduce((s, a) => s + num(a.n), 0);
      return [
        figure('pqr.received', 'count', value('received', m)),
        figure('pqr.answered', 'count', answeredN),
        figure('pqr.onTimePct', 'percent', pct(ofMonth.reduce((s, a) => s + num(a.in_time), 0), answeredN)),
        figure('pqr.avgBusinessDays', 'days', await averageBusinessDays(db, ofMonth)),
        figure('pqr.silencio', 'count', value('silencio', m)),
        figure('pqr.extended', 'count', value('extended', m)),
        figure('pqr.paused', 'count', value('paused', m)),
        figure('pqr.recursos', 'count', value('recursos', m)),
        figure('pqr.sentToSspd', 'count', value('sentToSspd', m)),
        figure('pqr.sspdDecided', 'count', value('sspdDecided', m)),
        figure('pqr.sspdPending', 'count', pending.filter((r) => r.sent <= p.to && (r.resolved === null || r.resolved > p.to)).length),
      ];
    }),
  );
};

const PQR_COLUMNS = ['Radicado', 'Tipo', 'Radicada', 'Vence', 'Peticionario', 'Asunto', 'Estado'];

export async function pqrRecords(db: Knex, p: Period, key: IndicatorKey, page: RecordsPage): Promise<{ columns: string[]; total: number; rows: string[][] } | null> {
  const answerKeys: IndicatorKey[] = ['pqr.answered', 'pqr.onTimePct', 'pqr.avgBusinessDays'];
  let q: Knex.QueryBuilder;
  if (answerKeys.includes(key)) q = answered(db, p);
  else if (key === 'pqr.received') q = received(db, p);
  else if (key === 'pqr.silencio') q = silencio(db, p);
  else if (key === 'pqr.extended') q = extended(db, p);
  else if (key === 'pqr.paused') q = paused(db, p);
  else if (key === 'pqr.recursos') q = recursos(db, p);
  else if (key === 'pqr.sentToSspd') q = sentToSspd(db, p);
  else if (key === 'pqr.sspdDecided' || key === 'pqr.sspdPending') return sspdRecords(db, key === 'pqr.sspdDecided' ? sspdDecided(db, p) : sspdPending(db, p), page);
  else return null;
  const withAnswer = answerKeys.includes(key);
  q.join('radicados as r', 'r.id', 'p.radicado_id').select('r.number', 'p.type', 'p.filed_date', db.raw('COALESCE(p.due_date, p.original_due_date) AS due'), 'p.petitioner_name', 'p.subject', 'p.state');
  if (withAnswer) q.select('a.answer_date');
  const { total, rows } = await paged(q, db, page, [{ column: 'p.filed_date' }, { column: 'p.id' }]);
  return {
    columns: withAnswer ? [...PQR_COLUMNS, 'Respondida', 'A tiempo'] : PQR_COLUMNS,
    total,
    rows: rows.map((r) => {
      const base = [String(r.number), PQR_TYPE_NAMES[r.type as PqrType] ?? String(r.type), formatDate(String(r.filed_date)), formatDate(String(r.due)), String(r.petitioner_name), String(r.subject), String(r.state)];
      return withAnswer ? [...base, formatDate(String(r.answer_date)), String(r.answer_date) <= String(r.due) ? 'Sí' : 'No'] : base;
    }),
  };
}

/** the appeals behind the SSPD figures: radicado, sent on, the SSPD's outcome, resolution and date */
async function sspdRecords(db: Knex, q: Knex.QueryBuilder, page: RecordsPage): Promise<{ columns: string[]; total: number; rows: string[][] }> {
  q.join('radicados as r', 'r.id', 'p.radicado_id').select('r.number', 'p.type', 'p.petitioner_name', 'p.sspd_sent_on', 'p.sspd_decision', 'p.sspd_resolution_number', 'p.sspd_resolution_date');
  const { total, rows } = await paged(q, db, page, [{ column: 'p.sspd_sent_on' }, { column: 'p.id' }]);
  return {
    columns: ['Radicado', 'Tipo', 'Peticionario', 'Remitido', 'Resultado en la SSPD', 'Resolución', 'Fecha de la resolución'],
    total,
    rows: rows.map((r) => [
      String(r.number),
      PQR_TYPE_NAMES[r.type as PqrType] ?? String(r.type),
      String(r.petitioner_name),
      formatDate(String(r.sspd_sent_on)),
      r.sspd_decision ? SSPD_OUTCOME_NAMES[r.sspd_decision as SspdOutcome] : 'Pendiente',
      r.sspd_resolution_number ? String(r.sspd_resolution_number) : '—',
      r.sspd_resolution_date ? formatDate(String(r.sspd_resolution_date)) : '—',
    ]),
  };
}
