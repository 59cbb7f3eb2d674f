/** one valid input per handler of this area (see ../handler-samples.ts): indicators.* */
import type { HandlerSamples } from '../handler-samples';

export const indicatorsSamples: HandlerSamples = {
  'indicators.summary': { from: '2026-09', to: '2026-09' },
  'indicators.trend': { key: 'recaudo.collected', month: '2026-09' },
  'indicators.records': { key: 'pqr.received', from: '2026-09', to: '2026-09', offset: 0, limit: 50 },
  'indicators.comments': { kind: 'mes', period: '2026-09' },
  'indicators.saveComments': { kind: 'mes', period: '2026-09', sections: { recaudo: 'Comentario' } },
  'indicators.issueReport': { kind: 'mes', period: '2026-09' },
  'indicators.reports': {},
  'indicators.reportPdf': { id: 999 },
};
