/** one valid input per handler of this area (see ../handler-samples.ts): workOrders.* */
import type { HandlerSamples } from '../handler-samples';

const MISSING = 999;

export const workOrdersSamples: HandlerSamples = {
  'workOrders.types': { includeInactive: true },
  'workOrders.saveType': { code: 'cambio_medidor', label: 'Cambio de medidor', active: true },
  'workOrders.causes': {},
  'workOrders.crews': {},
  'workOrders.saveCrew': { code: 'C1', name: 'Cuadrilla norte', members: 'Pedro Gil, Luis Soto', active: true },
  'workOrders.policy': {},
  'workOrders.savePolicy': { reconnectionHours: 24, suspensionHours: 72, otherHours: 120, protectedUses: ['especial'], reconnectionChargeCode: 'RECONEXION' },
  'workOrders.create': { accountId: MISSING, type: 'revision', reason: 'Revisión pedida por el usuario' },
  'workOrders.assign': { orderIds: [MISSING], crewId: MISSING },
  'workOrders.cancel': { orderId: MISSING, reason: 'Orden duplicada' },
  'workOrders.recordResult': { orderId: MISSING, outcome: 'ejecutada', executedAt: '2026-03-02 10:15', executedBy: 'Pedro Gil', sealNumber: 'S-1020' },
  'workOrders.importResults': { csv: 'orden;resultado;fecha_ejecucion;ejecutada_por\nOT-2026-999999;ejecutada;2026-03-02 10:15;Pedro Gil\n' },
  'workOrders.suspensionPreview': {},
  'workOrders.generateSuspensions': { noticeIds: [MISSING] },
  'workOrders.board': { open: true },
  'workOrders.get': { orderId: MISSING },
  'workOrders.ofAccount': { accountId: MISSING },
  'workOrders.indicators': { from: '2026-01-01', to: '2026-01-31' },
  'workOrders.routeSheet': { crewId: MISSING },
  'workOrders.exportAssigned': {},
  'workOrders.photos': { orderId: MISSING },
  'workOrders.photo': { photoId: MISSING },
};
