/**
 * The indicators: each family is one provider file (recaudo, cartera, pqr, telecobro, ordenes, caja);
 * this file runs them for a period and an office, a trend over 12 months, and the records behind a
 * figure. The office rule: a coordinator their own office (another one is refused), an administrator
 * (and the CLI) the office asked for or, without one, the whole company.
 */
import type { Knex } from 'knex';
import {
  INDICATOR_FAMILIES,
  INDICATOR_KEYS,
  type IndicatorFamily,
  type IndicatorFamilyResult,
  type IndicatorFigure,
  type IndicatorKey,
  type IndicatorRecords,
  type IndicatorTrend,
  type IndicatorsSummary,
} from '../../../../shared/contract';
import type { HandlerContext } from '../../context';
import { AppError } from '../../errors';
import { callerScope, type OfficeScope } from '../../officeScope';
import { reportOffice } from '../pqrreports/month';
import { getCompany } from '../setup/service';
import { caja, cajaRecords, cajaSeries } from './caja';
import { cartera, carteraRecords, carteraSeries } from './cartera';
import { ordenes, ordenesRecords, ordenesSeries } from './ordenes';
import { monthsEndingAt, periodOf, type Period, type RecordsPage, type SeriesProvider } from './period';
import { pqr, pqrRecords, pqrSeries } from './pqr';
import { recaudo, recaudoRecords, recaudoSeries } from './recaudo';
import { telecobro, telecobroRecords, telecobroSeries } from './telecobro';

const SERIES: Record<IndicatorFamily, SeriesProvider> = { recaudo: recaudoSeries, cartera: carteraSeries, pqr: pqrSeries, telecobro: telecobroSeries, ordenes: ordenesSeries, caja: cajaSeries };
const PROVIDERS: Record<IndicatorFamily, (db: Knex, p: Period) => Promise<IndicatorFamilyResult>> = { recaudo, cartera, pqr, telecobro, ordenes, caja };

export function familyOf(key: IndicatorKey): IndicatorFamily {
  return INDICATOR_FAMILIES.find((f) => (INDICATOR_KEYS[f] as readonly string[]).includes(key)) as IndicatorFamily;
}

/** the office a request covers: the caller's own (coordinator), or the one asked for / the company (administrator, CLI) */
export async function indicatorOffice(ctx: HandlerContext, officeId: number | undefined): Promise<{ scope: OfficeScope; officeName: string }> {
  const own = callerScope(ctx);
  if (own !== null && officeId !== undefined && officeId !== own) throw new AppError('FORBIDDEN', 'Solo puede ver los indicadores de su propia oficina.');
  const scope = own ?? officeId ?? null;
  const office = await reportOffice(ctx.app.db, scope);
  return { scope, officeName: office.officeName };
}

export async function summary(db: Knex, fromMonth: string, toMonth: string, office: { scope: OfficeScope; officeName: string }, families: readonly IndicatorFamily[] = INDICATOR_FAMILIES): Promise<IndicatorsSummary> {
  const { timeZone } = await getCompany(db);
  const p = periodOf(fromMonth, toMonth, office.scope, timeZone);
  const results: IndicatorFamilyResult[] = [];
  // one family after the other: on SQLite the reads share one connection anyway, and on a busy server it keeps the pool free for the counters
  for (const f of families) results.push(await PROVIDERS[f](db, p));
  return { from: p.from, to: p.to, officeId: office.scope, officeName: office.officeName, families: results };
}

/**
 * The 12 months ending at `month`, each with its figures (no breakdowns): the trend charts of the
 * screen and of the report. Each family reads the whole range once, grouped by month (SERIES), and
 * each month's figures equal that month's summary.
 */
export async function monthlySeries(db: Knex, month: string, office: { scope: OfficeScope; officeName: string }, families: readonly IndicatorFamily[] = INDICATOR_FAMILIES): Promise<IndicatorsSummary[]> {
  const { timeZone } = await getCompany(db);
  const months = monthsEndingAt(month, 12).map((m) => periodOf(m, m, office.scope, timeZone));
  const range = periodOf(monthsEndingAt(month, 12)[0], month, office.scope, timeZone);
  const figures: IndicatorFigure[][][] = [];
  for (const f of families) figures.push(await SERIES[f](db, range, months));
  return months.map((p, i) => ({ from: p.from, to: p.to, officeId: office.scope, officeName: office.officeName, families: families.map((family, j) => ({ family, figures: figures[j][i], breakdowns: [] })) }));
}

export async function trend(db: Knex, key: IndicatorKey, month: string, office: { scope: OfficeScope; officeName: string }): Promise<IndicatorTrend> {
  const series = await monthlySeries(db, month, office, [familyOf(key)]);
  const points = series.map((s) => ({ month: s.from.slice(0, 7), figure: s.families[0].figures.find((x) => x.key === key) }));
  return { key, unit: points[0].figure?.unit ?? 'count', points: points.map((p) => ({ month: p.month, value: p.figure?.value ?? null })) };
}

export async function records(db: Knex, key: IndicatorKey, fromMonth: string, toMonth: string, scope: OfficeScope, page: RecordsPage): Promise<IndicatorRecords> {
  const { timeZone } = await getCompany(db);
  const p = periodOf(fromMonth, toMonth, scope, timeZone);
  const found =
    (await recaudoRecords(db, p, key, page)) ??
    (await carteraRecords(db, p, key, page)) ??
    (await pqrRecords(db, p, key, page)) ??
    (await telecobroRecords(db, p, key, page)) ??
    (await ordenesRecords(db, p, key, page, timeZone)) ??
    (await cajaRecords(db, p, key, page));
  if (!found) throw new AppError('RULE', 'Este indicador no tiene lista de registros.');
  return { key, ...found };
}
