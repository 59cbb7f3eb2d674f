/**
 * The survey report handed out as a PDF (issue 19): every issue takes the next number of the year
 * (INF-ENC-2026-000001, nextNumber, never reused) and keeps its bytes with a hash and an audit row, in
 * one transaction. A coordinator's report covers their office (letterhead of the office); an
 * administrator's, the company.
 */
import crypto from 'node:crypto';
import type { DocumentFile } from '../../../../shared/contract';
import { ROLE_LABELS } from '../../../../shared/roles';
import type { HandlerContext } from '../../context';
import { writeAudit } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { nextNumber } from '../../db/counters';
import { retryingTransaction } from '../../db/dialect';
import { pdfFile } from '../../documents/file';
import { surveyReportPdf } from '../../documents/survey-report';
import { callerScope } from '../../officeScope';
import { officeLetterhead } from '../letters/templates';
import { getCompany } from '../setup/service';
import { getSurvey, surveyReport } from './service';

export async function issueSurveyReport(ctx: HandlerContext, surveyId: number): Promise<DocumentFile & { number: string }> {
  const db = ctx.app.db;
  const scope = callerScope(ctx);
  const [survey, report, company] = await Promise.all([getSurvey(db, surveyId), surveyReport(db, scope, surveyId), getCompany(db)]);
  const office = scope === null ? null : await officeLetterhead(db, scope);
  const head = office ? office.head : { company: { name: company.name, nit: company.nit, logoDataUrl: company.logoDataUrl }, officeLines: ['Todas las oficinas'] };
  const user = ctx.session?.user;
  const signer = { name: user?.fullName ?? ctx.actor.name, title: user ? ROLE_LABELS[user.role] : 'Consola de administración' };
  const issued = await retryingTransaction(db, async (trx) => {
    const issuedAt = nowTimestamp();
    const year = issuedAt.slice(0, 4);
    const number = `INF-ENC-${year}-${String(await nextNumber(trx, `surveyReport:${year}`)).padStart(6, '0')}`;
    const pdf = await surveyReportPdf({ number, survey, report, scopeName: office ? office.office.name : 'Todas las oficinas', signer, issuedAt, timeZone: company.timeZone }, head);
    const sha256 = crypto.createHash('sha256').update(pdf).digest('hex');
    const [row] = await trx('survey_reports').insert({ number, survey_id: surveyId, office_id: scope, issued_by: ctx.actor.userId, issued_at: issuedAt, sha256, pdf }).returning('id');
    const id = Number(typeof row === 'object' ? (row as { id: number }).id : row);
    await writeAudit(trx, ctx.actor, {
      action: 'survey.report',
      entity: 'survey_report',
      entityId: id,
      after: { number, surveyId, officeId: scope, sha256, responses: report.responses, nps: report.nps, nsu: report.nsu, csat: report.csat },
    });
    return { number, pdf };
  });
  return { ...pdfFile(`${issued.number}.pdf`, issued.pdf), number: issued.number };
}
