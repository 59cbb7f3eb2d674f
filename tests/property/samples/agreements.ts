/** one valid input per handler of this area (see ../handler-samples.ts): agreements.* (acuerdos de pago) */
import { DEFAULT_AGREEMENT_POLICY } from '../../../shared/contract';
import type { HandlerSamples } from '../handler-samples';

const MISSING = 999;
const terms = { accountId: MISSING, debts: [{ kind: 'invoice' as const, id: MISSING }], downPaymentBp: 1_700, installments: 6, firstDueDate: '2027-01-15', dayOfMonth: 15 };

export const agreementsSamples: HandlerSamples = {
  'agreements.policy': {},
  'agreements.savePolicy': structuredClone(DEFAULT_AGREEMENT_POLICY),
  'agreements.usuryRates': {},
  'agreements.saveUsuryRate': { validFrom: '2026-12-01', validTo: '2026-12-31', annualRateBp: 2_502, source: 'Resolución Superfinanciera (muestra)' },
  'agreements.simulate': terms,
  'agreements.create': { ...terms, idempotencyKey: 'muestra-0123456789', channel: 'presencial', signerName: 'Ana Pérez', signerIdNumber: '1000123', signerRelation: 'titular' },
  'agreements.get': { agreementId: MISSING },
  'agreements.ofAccount': { accountId: MISSING },
  'agreements.report': { month: '2026-12' },
  'agreements.runMonitor': {},
  'agreements.actaPdf': { agreementId: MISSING },
  'agreements.annul': { agreementId: MISSING, reason: 'Firmado por error' },
  'agreements.sendByMail': { agreementId: MISSING },
  'agreements.candidates': { accountId: MISSING },
  'agreements.reportCsv': { month: '2026-12', state: 'activo' },
};
