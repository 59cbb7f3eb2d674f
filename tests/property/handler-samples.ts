/**
 * One valid input per handler of the table, for the tests generated from it: the malformed-payload
 * test (tests/integration/handler-schemas.test.ts) mutates these, and the roles matrix
 * (tests/integration/roles-matrix.test.ts) sends them as every role.
 *
 * A handler added to electron/core/handlers.ts without a sample here makes both tests fail: add
 * one. Ids point at rows that do not exist (999) wherever a real one would let a matrix call change
 * who is logged in (users.setActive, users.resetPassword, users.update) or delete seeded data.
 */
import { DEFAULT_SETTINGS, type HandlerName, type Input } from '../../shared/contract';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import { pqrAnswersSamples } from './samples/pqrAnswers';
import { pettyCashSamples } from './samples/pettyCash';
import { pqrReportsSamples } from './samples/pqrReports';
import { invoicingSamples } from './samples/invoicing';
import { noticesSamples } from './samples/notices';
import { printingSamples } from './samples/printing';
import { pqrLegalSamples } from './samples/pqrLegal';
import { desktopSamples } from './samples/desktop';
import { collectionsSamples } from './samples/collections';
import { workOrdersSamples } from './samples/workOrders';
import { agreementsSamples } from './samples/agreements';
import { indicatorsSamples } from './samples/indicators';
import { mailSamples } from './samples/mail';
import { surveysSamples } from './samples/surveys';

export type HandlerSamples = { [N in HandlerName]?: Input<N> };

const MISSING = 999;
const UPLOAD_ID = '0123456789abcdef0123456789abcdef';

export const HANDLER_SAMPLES: HandlerSamples = {
  'approvals.inbox': {},
  'approvals.count': {},

  'setup.status': {},
  'setup.initialize': { company: COMPANY, office: OFFICE, admin: ADMIN },
  'setup.loadDemo': { accounts: 10 },
  'company.get': {},
  'company.update': { ...COMPANY, logoDataUrl: '' },

  'auth.login': { username: ADMIN.username, password: ADMIN.password },
  'auth.logout': {},
  'auth.me': {},
  'auth.activity': {},
  'auth.lock': {},
  'auth.unlock': { password: ADMIN.password },
  'auth.changePassword': { currentPassword: ADMIN.password, newPassword: 'otra-clave-segura-2' },

  'users.list': {},
  'users.create': { fullName: 'Pedro Pablo Rincón', username: 'pprincon', officeId: 1, role: 'cajero', password: 'clave-de-cajero-1' },
  'users.update': { userId: MISSING, fullName: 'Pedro Pablo Rincón', officeId: 1, role: 'auxiliar' },
  'users.resetPassword': { userId: MISSING, newPassword: 'clave-restablecida-1' },
  'users.setActive': { userId: MISSING, active: false },

  'offices.list': {},
  'offices.create': { ...OFFICE, code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798' },
  'offices.update': { ...OFFICE, officeId: MISSING },
  'settings.get': {},
  'settings.update': { ...DEFAULT_SETTINGS },

  'calendar.list': { officeId: 1, year: 2026 },
  'calendar.addHoliday': { country: 'EC', date: '2026-10-09', name: 'Independencia de Guayaquil' },
  'calendar.addClosure': { officeId: 1, date: '2026-12-31', name: 'Cierre de fin de año' },
  'calendar.remove': { dayId: MISSING * 1000 },
  'calendar.addBusinessDays': { officeId: 1, from: '2026-10-01', days: 15 },

  'accounts.search': { query: 'gómez', limit: 5 },
  'accounts.get': { accountId: MISSING },
  'accounts.updateContact': { accountId: MISSING, phone: '3104528871', email: 'ana@correo.com.co', noticeAddress: 'CALLE 10 # 9-45' },
  'invoices.get': { invoiceId: MISSING },

  'imports.begin': { kind: 'accounts', fileName: 'cuentas.csv', size: 12 },
  'imports.chunk': { uploadId: UPLOAD_ID, offset: 0, dataBase64: 'Y3VlbnRhOzEK' },
  'imports.preview': { uploadId: UPLOAD_ID },
  'imports.commit': { uploadId: UPLOAD_ID },
  'imports.discard': { uploadId: UPLOAD_ID },
  'attachments.begin': { fileName: 'carta.pdf', size: 12 },
  'attachments.chunk': { uploadId: UPLOAD_ID, offset: 0, dataBase64: 'JVBERi0xLjQK' },
  'attachments.discard': { uploadId: UPLOAD_ID },

  'backups.list': {},
  'backups.create': {},
  'backups.restore': { file: 'no-existe-2026-10-01.sqlite' },
  'backups.restorePreview': { file: 'no-existe-2026-10-01.sqlite' },
  'backups.verifyAudit': {},
  'backups.saveCopy': { folder: '/no/existe/en/este/equipo' },
  'backups.destinations': {},

  'cashier.denominations': {},
  'tills.list': {},
  'tills.save': { officeId: 1, code: 'C9', name: 'Caja de prueba', receiptLayout: 'termica80', active: true },
  'cashier.current': {},
  'cashier.open': { tillId: MISSING, count: [{ kind: 'billete', value: 50000, quantity: 2 }] },
  'cashier.scan': { code: ']C14157709998000018802010023420261039001543009620261130' },
  'cashier.account': { accountId: MISSING },
  'cashier.pay': {
    idempotencyKey: 'muestra-0001',
    accountId: MISSING,
    picked: [{ kind: 'invoice', id: MISSING }],
    newCharges: [{ chargeItemId: MISSING, quantity: 1 }],
    tenders: [{ method: 'efectivo', amount: 154300, received: 160000 }],
    approval: { username: 'coordinadora', password: 'clave-de-coordinadora' },
  },
  'cashier.receipt': { paymentId: MISSING },
  'cashier.receiptPdf': { paymentId: MISSING, copy: true, layout: 'carta' },
  'cashier.payments': {},
  'cashier.findReceipt': { receiptNumber: MISSING },
  'cashier.movement': { kind: 'salida', amount: 200000, reason: 'consignacion_banco', note: 'Consignación Bancolombia' },
  'cashier.void': {
    paymentId: MISSING,
    reason: 'Valor digitado por error',
    approval: { username: 'coordinadora', password: 'clave-de-coordinadora' },
    refund: { method: 'transferencia', reference: 'TRF-000123' },
  },
  'cashier.closePreview': { count: [{ kind: 'moneda', value: 500, quantity: 10 }] },
  'cashier.close': { count: [{ kind: 'moneda', value: 500, quantity: 10 }], note: 'Cierre normal' },
  'cashier.openSessions': {},
  'cashier.forceClose': { sessionId: MISSING, count: [], note: 'El cajero no cerró su caja' },
  'cashier.sessions': { from: '2026-11-01', to: '2026-11-30' },
  'cashier.sessionReport': { sessionId: MISSING },
  'cashier.sessionReportPdf': { sessionId: MISSING },

  'chargeItems.list': {},
  'chargeItems.save': { code: 'RECON', name: 'Reconexión del servicio', amount: 85000, active: true },

  'pazYSalvo.issue': { accountId: MISSING },
  'pazYSalvo.pdf': { certificateId: MISSING },
  'pazYSalvo.verify': { code: 'ABCD-EFGH-JK' },

  'reports.recaudo': { from: '2026-11-01', to: '2026-11-30' },
  'reports.recaudoFile': { from: '2026-11-01', to: '2026-11-30', format: 'csv' },

  'bankFiles.preview': { uploadId: UPLOAD_ID },
  'bankFiles.commit': { uploadId: UPLOAD_ID },
  'bankFiles.list': {},

  'exchange.exportRecaudo': { date: '2026-11-03', format: 'asobancaria' },
  'exchange.resend': { exportId: MISSING },
  'exchange.list': {},
  'exchange.settings': {},
  'exchange.saveSettings': { bankCode: '007', collectionAccount: '123456789', accountType: '01', serviceCode: '', reference: 'factura', branches: [{ officeCode: 'GAR', branch: '0101' }] },
  'exchange.exportAct': { kind: 'novedades', date: '2026-11-03' },
  'exchange.deliver': { exportId: MISSING },
  'exchange.deliverDay': { date: '2026-11-03' },
  'exchange.day': { date: '2026-11-03' },
  'unidentified.list': { status: 'pendiente' },
  'unidentified.assign': { unidentifiedId: MISSING, accountId: MISSING, note: 'Pago del arrendatario' },
  'unidentified.return': { unidentifiedId: MISSING, note: 'Devuelto al banco a solicitud del pagador' },

  // a port nobody listens on: the test answers at once that the server refuses, and save writes nothing
  'database.status': {},
  'database.test': { url: 'postgres://ventanilla:clave@127.0.0.1:1/ventanilla' },
  'database.save': { url: 'postgres://ventanilla:clave@127.0.0.1:1/ventanilla' },
  'pqr.catalog': {},
  'pqr.file': { type: 'peticion', channel: 'ventanilla', petitioner: { name: 'María Rodríguez' }, subject: 'Revisión del consumo', text: 'Solicito revisión', pages: 1, annexes: 0 },
  'pqr.get': { pqrId: MISSING },
  'pqr.findByRadicado': { radicado: '2026-GAR-P-000001' },
  'pqr.tray': { scope: 'mine' },
  'pqr.search': { text: 'consumo' },
  'pqr.assign': { pqrId: MISSING, userId: MISSING },
  'pqr.take': { pqrId: MISSING },
  'pqr.comment': { pqrId: MISSING, text: 'Llamé al usuario' },
  'pqr.pause': { pqrId: MISSING, reason: 'pruebas', note: 'Visita técnica' },
  'pqr.resume': { pqrId: MISSING },
  'pqr.extend': { pqrId: MISSING, newDueDate: '2026-12-15', reasons: 'Visita técnica pendiente' },
  'pqr.addAttachment': { pqrId: MISSING, attachment: { fileName: 'carta.pdf', mimeType: 'application/pdf', dataBase64: 'JVBERi0xLjQK' } },
  'pqr.attachment': { attachmentId: MISSING },
  'pqr.close': { pqrId: MISSING, result: 'Atendida' },
  'pqr.reopen': { pqrId: MISSING, reason: 'Nuevas pruebas' },
  'pqr.annul': { pqrId: MISSING, reason: 'Radicado por error' },
  'pqr.stickerPdf': { pqrId: MISSING },
  'pqr.constanciaPdf': { pqrId: MISSING },
  'pqr.extensionLetterPdf': { pqrId: MISSING },
  'pqr.dueDate': { type: 'reclamo', filed: '2026-01-09', officeId: 1 },
  'pqr.saveTerm': { type: 'peticion', termBusinessDays: 15, basis: 'Ley 1755 de 2015, art. 14' },
  'pqr.saveCausal': { group: 'F', code: '199', name: 'Otra causal de facturación', active: true },
  ...pqrAnswersSamples,
  ...pettyCashSamples,
  ...pqrReportsSamples,
  ...pqrLegalSamples,
  ...invoicingSamples,
  ...noticesSamples,
  ...printingSamples,
  ...desktopSamples,
  ...collectionsSamples,
  ...workOrdersSamples,
  ...agreementsSamples,
  ...indicatorsSamples,
  ...mailSamples,
  ...surveysSamples,
};

/** The sample of a handler, or an error naming the handler that has none. */
export function sampleOf(name: HandlerName): Record<string, unknown> {
  const sample = HANDLER_SAMPLES[name];
  if (sample === undefined) throw new Error(`Falta una entrada de ejemplo para «${name}» en tests/property/handler-samples.ts`);
  return structuredClone(sample) as Record<string, unknown>;
}
