/** one valid input per handler of this area (see ../handler-samples.ts): letters.* and notices.* */
import type { HandlerSamples } from '../handler-samples';

const MISSING = 999;

export const noticesSamples: HandlerSamples = {
  'letters.templates': { kind: 'aviso_suspension' },
  'letters.saveTemplate': {
    kind: 'cobro_persuasivo',
    name: 'Cobro persuasivo corto',
    subject: 'Cobro persuasivo — cuenta {{cuenta}}',
    body: 'Señor(a) {{titular}}:\n\nLa cuenta {{cuenta}} debe {{deuda}}.',
  },
  'letters.preview': { kind: 'aviso_suspension', subject: 'Aviso — cuenta {{cuenta}}', body: 'Debe {{deuda}} de {{periodos}} periodos.' },
  'letters.settings': {},
  'letters.saveSettings': { signerName: 'Ana María Ruiz', signerTitle: 'Coordinadora de oficina', footer: 'Calle 10 # 9-45 · Línea 116' },
  'notices.policy': {},
  'notices.savePolicy': { persuasivoDays: 30, prejuridicoDays: 60, juridicoDays: 90, stageWaitDays: 15, suspensionMinPeriods: 2, suspensionGraceDays: 5 },
  'notices.preview': { kind: 'suspension', minPeriods: 2 },
  'notices.generate': { kind: 'suspension', accountIds: [MISSING] },
  'notices.list': { state: 'generado' },
  'notices.markPrinted': { noticeIds: [MISSING] },
  'notices.recordDelivery': { noticeIds: [MISSING], deliveredOn: '2026-01-15', deliveredBy: 'Pedro Mensajero', method: 'personal' },
  'notices.close': { noticeId: MISSING, reason: 'anulada', note: 'Generado por error' },
  'notices.ofAccount': { accountId: MISSING },
  'notices.pdf': { noticeId: MISSING },
};
