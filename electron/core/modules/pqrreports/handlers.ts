import type { HandlerContext, HandlerTable } from '../../context';
import type { PqrReportsOutputs } from '../../../../shared/contract';
import type { Role } from '../../../../shared/roles';
import { pdfFile } from '../../documents/file';
import { pqrMonthlyPdf } from '../../documents/pqr-report';
import { AppError } from '../../errors';
import { businessToday } from '../accounts/service';
import { officeLetterhead } from '../letters/templates';
import { getCompany } from '../setup/service';
import { monthlyReport } from './monthly';
import { suiFormatoA } from './suiFormatoA';

const COORDINATORS: readonly Role[] = ['coordinador', 'administrador'];

/**
 * The office a report covers: a coordinator only their own; an administrator (and the CLI) the one
 * asked for, or every office when none is asked for.
 */
function reportOfficeOf(ctx: HandlerContext, officeId: number | undefined): number | null {
  const user = ctx.session?.user;
  if (user && user.role !== 'administrador') {
    if (officeId !== undefined && officeId !== user.officeId) throw new AppError('FORBIDDEN', 'Solo puede ver los informes de su propia oficina.');
    return user.officeId;
  }
  return officeId ?? null;
}

export const pqrReportHandlers: Pick<HandlerTable, keyof PqrReportsOutputs> = {
  'pqrReports.suiFormatoA': { access: COORDINATORS, run: ({ month, officeId, header }, ctx) => suiFormatoA(ctx.app.db, month, reportOfficeOf(ctx, officeId), { header }) },
  'pqrReports.monthly': {
    access: COORDINATORS,
    run: async ({ month, officeId }, ctx) => monthlyReport(ctx.app.db, month, reportOfficeOf(ctx, officeId), await businessToday(ctx.app.db)),
  },
  'pqrReports.monthlyPdf': {
    access: COORDINATORS,
    run: async ({ month, officeId }, ctx) => {
      const db = ctx.app.db;
      const report = await monthlyReport(db, month, reportOfficeOf(ctx, officeId), await businessToday(db));
      const company = await getCompany(db);
      const head =
        report.officeId === null
          ? { company: { name: company.name, nit: company.nit, logoDataUrl: company.logoDataUrl }, officeLines: ['Todas las oficinas'] }
          : (await officeLetterhead(db, report.officeId)).head;
      const pdf = await pqrMonthlyPdf(report, head, { timeZone: company.timeZone });
      return pdfFile(`Informe-PQR-${month}${report.officeId === null ? '' : `-${report.officeId}`}.pdf`, pdf);
    },
  },
};
