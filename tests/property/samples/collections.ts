/** one valid input per handler of this area (see ../handler-samples.ts): collections.* (cartera y telecobro) */
import { DEFAULT_COLLECTIONS_POLICY, DEFAULT_COMMISSION_POLICY } from '../../../shared/contract';
import { defaultContactRules } from '../../../shared/contactRules';
import type { HandlerSamples } from '../handler-samples';

const MISSING = 999;
const KEY = 'muestra-0123456789';

export const collectionsSamples: HandlerSamples = {
  'collections.settings': {},
  'collections.savePolicy': { ...DEFAULT_COLLECTIONS_POLICY },
  'collections.saveCommissionPolicy': structuredClone(DEFAULT_COMMISSION_POLICY),
  'collections.saveOutcome': { label: 'Promete visitar la oficina', effective: true },
  'collections.saveContactRules': { rules: defaultContactRules('CO') },
  'collections.portfolio': { dimension: 'ciclo' },
  'collections.portfolioAccounts': { dimension: 'total', bucket: 'd31_60', limit: 50 },
  'collections.portfolioFile': { dimension: 'total', format: 'csv' },
  'collections.gestores': {},
  'collections.campaignPreview': { criteria: { buckets: ['d31_60', 'd61_90'], minDebt: 50_000, channel: 'telefono' } },
  'collections.launchCampaign': { idempotencyKey: KEY, name: 'Marzo 31 a 90 días', criteria: { buckets: ['d31_60'] }, gestorIds: [MISSING], distribution: 'deuda' },
  'collections.campaigns': { state: 'activa' },
  'collections.campaign': { campaignId: MISSING },
  'collections.closeCampaign': { campaignId: MISSING, note: 'Terminó el mes' },
  'collections.queue': {},
  'collections.next': {},
  'collections.desk': { accountId: MISSING },
  'collections.checkContact': { accountId: MISSING, channel: 'llamada', direction: 'saliente', contactPointId: MISSING },
  'collections.recordContact': { idempotencyKey: KEY, accountId: MISSING, channel: 'llamada', direction: 'saliente', contactPointId: MISSING, outcome: 'no_contesta', notes: 'Timbró sin respuesta' },
  'collections.saveContactPoint': {
    accountId: MISSING,
    kind: 'telefono',
    value: '310 452 8871',
    relation: 'titular',
    source: 'llamada',
    authorisation: { on: '2026-03-09', via: 'llamada_grabada', purposes: ['cobranza'], channels: ['llamada', 'whatsapp'] },
  },
  'collections.handToLegal': { accountId: MISSING, stage: 'prejuridico', reason: 'Se niega a pagar tres veces' },
  'collections.handToField': { accountId: MISSING, purpose: 'verificar_predio', reason: 'El vecino dice que la casa está desocupada' },
  'collections.fieldList': { state: 'pendiente' },
  'collections.fieldFile': {},
  'collections.closeField': { handoffId: MISSING, note: 'Visitado: desocupado' },
  'collections.complaintDraft': { contactId: MISSING },
  'collections.linkPqr': { contactId: MISSING, pqrId: MISSING },
  'collections.ofAccount': { accountId: MISSING },
  'collections.commitments': { state: 'pendiente' },
  'collections.runMonitor': {},
  'collections.monitorRuns': {},
  'collections.report': { from: '2026-03-01', to: '2026-03-31' },
  'collections.reportFile': { from: '2026-03-01', to: '2026-03-31', format: 'csv' },
  'collections.liquidate': { gestorId: MISSING, month: '2026-03' },
  'collections.liquidations': { month: '2026-03' },
  'collections.liquidation': { liquidationId: MISSING },
  'collections.approveLiquidation': { liquidationId: MISSING },
  'collections.liquidationPdf': { liquidationId: MISSING },
  'collections.campaignAccounts': { campaignId: MISSING, state: 'pendiente', offset: 0, limit: 50 },
  'collections.campaignAccountsFile': { campaignId: MISSING },
};
