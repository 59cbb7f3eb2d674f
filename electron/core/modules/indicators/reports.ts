/**
 * The coordinator's comments per section and the informe de gestión comercial: numbered
 * (IGC-AAAA-000001, counter 'indicatorReport:<year>'), signed by who issues it, its bytes kept so the
 * re-print is the same file. Saving comments and issuing a report are audited.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { INDICATOR_FAMILIES, type IndicatorComments, type IndicatorFamily, type IndicatorReportRow, type ReportKind } from '../../../../shared/contract';
import { ROLE_LABELS } from '../../../../shared/roles';
import type { HandlerContext } from '../../context';
import { writeAudit } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { nextNumber } from '../../db/counters';
import { retryingTransaction } from '../../db/dialect';
import { indicatorReportPdf } from '../../documents/indicators-report';
import { pdfFile } from '../../documents/file';
import { notFound } from '../../errors';
import type { OfficeScope } from '../../officeScope';
import { inScope } from '../../officeScope';
import { officeLetterhead } from '../letters/templates';
import { getCompany } from '../setup/service';
import { monthlySeries, summary } from './service';

export interface ReportTarget {
  kind: ReportKind;
  period: string;
  scope: OfficeScope;
  officeName: string;
}

const scopeKey = (scope: OfficeScope) => scope ?? 0;

/** the months a report covers: its month, or the year's twelve */
export function reportMonths(kind: ReportKind, period: string): { from: string; to: string } {
  return kind === 'mes' ? { from: period, to: period } : { from: `${period}-01`, to: `${period}-12` };
}

export async function getComments(db: Knex, t: ReportTarget): Promise<IndicatorComments> {
  const rows: { section: IndicatorFamily; text: string; updated_at: string; updated_by_name: string }[] = await db('indicator_comments')
    .where({ scope_key: scopeKey(t.scope), kind: t.kind, period: t.period })
    .orderBy('updated_at', 'desc')
    .select('section', 'text', 'updated_at', 'updated_by_name');
  return {
    kind: t.kind,
    period: t.period,
    officeId: t.scope,
    sections: Object.fromEntries(rows.map((r) => [r.section, r.text])),
    updatedAt: rows[0]?.updated_at ?? null,
    updatedBy: rows[0]?.updated_by_name ?? null,
  };
}

export async function saveComments(ctx: HandlerContext, t: ReportTarget, sections: Partial<Record<IndicatorFamily, string>>): Promise<IndicatorComments> {
  const db = ctx.app.db;
  const who = ctx.session?.user.fullName ?? ctx.actor.name;
  await retryingTransaction(db, async (trx) => {
    const before = await getComments(trx, t);
    const at = nowTimestamp();
    for (const section of INDICATOR_FAMILIES) {
      const text = sections[section];
      if (text === undefined || text === (before.sections[section] ?? '')) continue;
      const key = { scope_key: scopeKey(t.scope), kind: t.kind, period: t.period, section };
      const updated = await trx('indicator_comments').where(key).update({ text, updated_by: ctx.actor.userId, updated_by_name: who, updated_at: at });
      if (updated === 0) await trx('indicator_comments').insert({ ...key, text, updated_by: ctx.actor.userId, updated_by_name: who, updated_at: at });
    }
    const after = await getComments(trx, t);
    await writeAudit(trx, ctx.actor, {
      action: 'indicators.comments',
      entity: 'indicator_comments',
      entityId: `${t.kind}:${t.period}:${scopeKey(t.scope)}`,
      before: before.sections,
      after: after.sections,
    });
  });
  return getComments(db, t);
}

type ReportDbRow = { id: number; number: string; kind: ReportKind; period: string; office_id: number | null; office_name: string; signed_by_name: string; issued_at: string };

const toRow = (r: ReportDbRow): IndicatorReportRow => ({
  id: Number(r.id),
  number: r.number,
  kind: r.kind,
  period: r.period,
  officeId: r.office_id === null ? null : Number(r.office_id),
  officeName: r.office_name,
  signedBy: r.signed_by_name,
  issuedAt: r.issued_at,
});

const REPORT_COLUMNS = ['id', 'number', 'kind', 'period', 'office_id', 'office_name', 'signed_by_name', 'issued_at'];

export async function issueReport(ctx: HandlerContext, t: ReportTarget): Promise<IndicatorReportRow & { file: ReturnType<typeof pdfFile> }> {
  const db = ctx.app.db;
  const months = reportMonths(t.kind, t.period);
  const office = { scope: t.scope, officeName: t.officeName };
  const [data, series, comments, company] = await Promise.all([summary(db, months.from, months.to, office), monthlySeries(db, months.to, office), getComments(db, t), getCompany(db)]);
  const head =
    t.scope === null
      ? { company: { name: company.name, nit: company.nit, logoDataUrl: company.logoDataUrl }, officeLines: ['Todas las oficinas'] }
      : (await officeLetterhead(db, t.scope)).head;
  const user = ctx.session?.user;
  const signer = { name: user?.fullName ?? ctx.actor.name, title: user ? ROLE_LABELS[user.role] : 'Consola de administración' };
  const year = t.period.slice(0, 4);
  const issued = await retryingTransaction(db, async (trx) => {
    const number = `IGC-${year}-${String(await nextNumber(trx, `indicatorReport:${year}`)).padStart(6, '0')}`;
    const issuedAt = nowTimestamp();
    const pdf = await indicatorReportPdf({ number, kind: t.kind, period: t.period, summary: data, series, comments: comments.sections, signer, issuedAt, timeZone: company.timeZone }, head);
    const sha256 = crypto.createHash('sha256').update(pdf).digest('hex');
    const [inserted] = await trx('indicator_reports')
      .insert({ number, office_id: t.scope, office_name: t.officeName, kind: t.kind, period: t.period, signed_by: ctx.actor.userId, signed_by_name: signer.name, issued_at: issuedAt, sha256, pdf })
      .returning('id');
    const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
    await writeAudit(trx, ctx.actor, { action: 'indicators.report', entity: 'indicator_report', entityId: id, after: { number, kind: t.kind, period: t.period, officeId: t.scope, sha256, comments: comments.sections } });
    return { id, number, issuedAt, pdf };
  });
  return {
    ...toRow({ id: issued.id, number: issued.number, kind: t.kind, period: t.period, office_id: t.scope, office_name: t.officeName, signed_by_name: signer.name, issued_at: issued.issuedAt }),
    file: pdfFile(`${issued.number}.pdf`, issued.pdf),
  };
}

export async function listReports(db: Knex, scope: OfficeScope, officeId: number | undefined): Promise<IndicatorReportRow[]> {
  const q = db('indicator_reports').orderBy('id', 'desc').limit(200).select(REPORT_COLUMNS);
  if (scope !== null) q.where('office_id', scope);
  else if (officeId !== undefined) q.where('office_id', officeId);
  return ((await q) as ReportDbRow[]).map(toRow);
}

/** the kept bytes; a coordinator only their office's reports (another office's, or the company's, answers NOT_FOUND) */
export async function reportPdf(db: Knex, scope: OfficeScope, id: number): Promise<ReturnType<typeof pdfFile>> {
  const row: { number: string; office_id: number | null; pdf: Buffer } | undefined = await db('indicator_reports').where({ id }).first('number', 'office_id', 'pdf');
  if (!row || (scope !== null && !inScope(scope, row.office_id))) throw notFound('El informe');
  return pdfFile(`${row.number}.pdf`, Buffer.from(row.pdf));
}
