/** one valid input per handler of this area (see ../handler-samples.ts): pqrReports.* */
import type { HandlerSamples } from '../handler-samples';

export const pqrReportsSamples: HandlerSamples = {
  'pqrReports.suiFormatoA': { month: '2026-09' },
  'pqrReports.monthly': { month: '2026-09' },
  'pqrReports.monthlyPdf': { month: '2026-09', officeId: 1 },
};
