/**
 * The name and the definition (with its formula) of every indicator, in Spanish and English: the
 * screen shows them through the i18n dictionary (renderer/src/i18n/indicators.ts spreads these) and
 * the informe de gestión prints the Spanish ones, so both say the same words.
 */
import type { IndicatorKey, IndicatorUnit } from './contract/indicators';
import { formatMoney, type CurrencyCode } from './money';

type Texts = Record<IndicatorKey, { name: string; definition: string }>;

export const INDICATOR_TEXTS_ES: Texts = {
  'recaudo.collected': { name: 'Recaudado', definition: 'Suma de los pagos vigentes (caja y bancos) con fecha de negocio en el periodo, en la oficina que los recibió. Fórmula: Σ pagos vigentes del periodo.' },
  'recaudo.billed': { name: 'Facturado', definition: 'Suma del total de las facturas expedidas en el periodo a las cuentas de la oficina. Fórmula: Σ total de facturas con fecha de expedición en el periodo.' },
  'recaudo.due': { name: 'Facturación con vencimiento en el periodo', definition: 'Suma del total de las facturas que vencieron en el periodo. Fórmula: Σ total de facturas con vencimiento en el periodo.' },
  'recaudo.efficiency': { name: 'Eficiencia de recaudo', definition: 'Lo recaudado frente a lo que vencía. Fórmula: recaudado ÷ facturación con vencimiento en el periodo × 100.' },
  'cartera.overdue': { name: 'Cartera vencida al cierre', definition: 'Lo que debían ese día las facturas vencidas antes del último día del periodo: su saldo de hoy más los pagos vigentes posteriores al cierre que se les aplicaron. Fórmula: Σ (saldo + pagos aplicados después del cierre) de facturas con vencimiento anterior al cierre.' },
  'cartera.accountsInArrears': { name: 'Cuentas en mora', definition: 'Cuentas con al menos una factura vencida y no pagada al cierre del periodo. Edad: días desde su vencimiento más antiguo hasta el cierre.' },
  'pqr.received': { name: 'PQR recibidas', definition: 'PQR radicadas en el periodo (sin anuladas ni correspondencia). Fórmula: conteo por fecha de radicación.' },
  'pqr.answered': { name: 'PQR respondidas', definition: 'Respuestas aprobadas con fecha en el periodo.' },
  'pqr.onTimePct': { name: 'Respondidas a tiempo', definition: 'Respuestas del periodo con fecha igual o anterior al vencimiento vigente. Fórmula: respondidas a tiempo ÷ respondidas × 100.' },
  'pqr.avgBusinessDays': { name: 'Días hábiles promedio de respuesta', definition: 'Promedio de días hábiles desde la radicación hasta la respuesta, con el calendario de cada oficina. Fórmula: Σ días hábiles ÷ respondidas.' },
  'pqr.silencio': { name: 'Silencio administrativo positivo', definition: 'PQR cuyo silencio administrativo positivo se configuró en el periodo (Ley 142 de 1994, art. 158).' },
  'pqr.extended': { name: 'PQR prorrogadas', definition: 'PQR cuyo plazo se prorrogó en el periodo.' },
  'pqr.paused': { name: 'PQR suspendidas', definition: 'PQR cuyo término se suspendió en el periodo (pruebas, complemento de información).' },
  'pqr.recursos': { name: 'Recursos recibidos', definition: 'Recursos de reposición y de reposición en subsidio de apelación radicados en el periodo; debajo, las decisiones de los respondidos.' },
  'pqr.sentToSspd': { name: 'Remitidos a la SSPD', definition: 'Recursos de apelación remitidos a la Superintendencia de Servicios Públicos en el periodo.' },
  'pqr.sspdDecided': { name: 'Decididos por la SSPD', definition: 'Apelaciones remitidas a la SSPD cuya resolución tiene fecha en el periodo; debajo, por resultado: confirma, revoca o modifica la decisión de la empresa (Ley 142 de 1994, art. 159).' },
  'pqr.sspdPending': { name: 'Pendientes en la SSPD', definition: 'Apelaciones remitidas a la SSPD hasta el último día del periodo y sin resolución con fecha hasta ese día.' },
  'telecobro.contacts': { name: 'Gestiones de cobro', definition: 'Contactos de telecobro registrados en el periodo (llamadas, mensajes, visitas).' },
  'telecobro.contactRate': { name: 'Tasa de contacto', definition: 'Gestiones en que se habló con el titular o su autorizado. Fórmula: gestiones efectivas ÷ gestiones × 100.' },
  'telecobro.promisesKeptPct': { name: 'Compromisos cumplidos', definition: 'Compromisos de pago cuyo plazo (con gracia) terminó en el periodo. Fórmula: cumplidos ÷ (cumplidos + parciales + incumplidos) × 100.' },
  'telecobro.recovered': { name: 'Valor recuperado', definition: 'Lo pagado sobre los compromisos cuyo plazo terminó en el periodo. Fórmula: Σ pagado de esos compromisos.' },
  'acuerdos.active': { name: 'Acuerdos activos', definition: 'Acuerdos de pago activados hasta el cierre y no terminados ese día.' },
  'acuerdos.kept': { name: 'Acuerdos cumplidos', definition: 'Acuerdos con todas sus cuotas pagadas, terminados en el periodo.' },
  'acuerdos.broken': { name: 'Acuerdos incumplidos', definition: 'Acuerdos declarados incumplidos en el periodo.' },
  'ordenes.reconnections': { name: 'Reconexiones ejecutadas', definition: 'Órdenes de reconexión creadas en el periodo y ya ejecutadas.' },
  'ordenes.within24hPct': { name: 'Reconexiones dentro del plazo', definition: 'Reconexiones ejecutadas dentro de las horas de la política (24 h por defecto) desde su orden. Fórmula: dentro del plazo ÷ ejecutadas × 100.' },
  'ordenes.avgHours': { name: 'Horas promedio de reconexión', definition: 'Promedio de horas desde la orden (el pago que quitó la causa) hasta la ejecución. Fórmula: Σ horas ÷ ejecutadas.' },
  'caja.sessionsClosed': { name: 'Turnos de caja cerrados', definition: 'Turnos de caja cerrados con fecha de negocio en el periodo.' },
  'caja.sessionsWithDifference': { name: 'Turnos con diferencia', definition: 'Turnos cerrados cuyo arqueo no cuadró (contado ≠ esperado).' },
  'caja.voidsPerThousand': { name: 'Anulaciones por cada 1.000 recibos', definition: 'Recibos de caja anulados en el periodo por cada mil expedidos. Fórmula: anulados ÷ expedidos × 1.000.' },
  'cajaMenor.expenses': { name: 'Gastos de caja menor', definition: 'Suma de los comprobantes de egreso de caja menor del periodo, sin los rechazados.' },
  'cajaMenor.reimbursed': { name: 'Reembolsos de caja menor', definition: 'Valor aprobado de los reembolsos decididos en el periodo.' },
};

/** the titles of the breakdown tables under a family (keyed as the providers name them) */
export const BREAKDOWN_TITLES_ES = {
  'indicators.breakdown.byChannel': 'Por canal',
  'indicators.breakdown.byOffice': 'Por oficina',
  'indicators.breakdown.byAge': 'Por edad de la deuda',
  'indicators.breakdown.byType': 'Por tipo de trámite',
  'indicators.breakdown.byCausal': 'Por causal SUI',
  'indicators.breakdown.recursoDecisions': 'Decisiones de los recursos',
  'indicators.breakdown.sspdOutcomes': 'Recursos y su resultado en la SSPD',
  'indicators.breakdown.suspensions': 'Suspensiones',
  'indicators.breakdown.cashCounts': 'Recibos y comprobantes',
};

export const BREAKDOWN_TITLES_EN: Record<keyof typeof BREAKDOWN_TITLES_ES, string> = {
  'indicators.breakdown.byChannel': 'By channel',
  'indicators.breakdown.byOffice': 'By office',
  'indicators.breakdown.byAge': 'By age of the debt',
  'indicators.breakdown.byType': 'By type',
  'indicators.breakdown.byCausal': 'By SUI cause',
  'indicators.breakdown.recursoDecisions': 'Decisions on appeals',
  'indicators.breakdown.sspdOutcomes': 'Appeals and their outcome at the SSPD',
  'indicators.breakdown.suspensions': 'Suspensions',
  'indicators.breakdown.cashCounts': 'Receipts and vouchers',
};

export const INDICATOR_TEXTS_EN: Texts = {
  'recaudo.collected': { name: 'Collected', definition: 'Sum of live payments (counter and banks) dated in the period, in the office that received them. Formula: Σ live payments of the period.' },
  'recaudo.billed': { name: 'Billed', definition: 'Sum of the totals of invoices issued in the period to the office’s accounts.' },
  'recaudo.due': { name: 'Billing due in the period', definition: 'Sum of the totals of invoices that fell due in the period.' },
  'recaudo.efficiency': { name: 'Collection efficiency', definition: 'Collected against what was due. Formula: collected ÷ billing due in the period × 100.' },
  'cartera.overdue': { name: 'Overdue portfolio at close', definition: 'What invoices due before the last day of the period owed that day: their balance today plus live payments applied to them after the close.' },
  'cartera.accountsInArrears': { name: 'Accounts in arrears', definition: 'Accounts with at least one overdue unpaid invoice at the close. Age: days since its oldest due date.' },
  'pqr.received': { name: 'PQRs received', definition: 'PQRs filed in the period (no annulled ones, no correspondence).' },
  'pqr.answered': { name: 'PQRs answered', definition: 'Approved answers dated in the period.' },
  'pqr.onTimePct': { name: 'Answered on time', definition: 'Answers on or before the due date in force. Formula: on time ÷ answered × 100.' },
  'pqr.avgBusinessDays': { name: 'Average business days to answer', definition: 'Mean business days from filing to answer, on each office’s calendar.' },
  'pqr.silencio': { name: 'Positive administrative silence', definition: 'PQRs whose positive administrative silence arose in the period (Law 142 of 1994, art. 158).' },
  'pqr.extended': { name: 'PQRs extended', definition: 'PQRs whose term was extended in the period.' },
  'pqr.paused': { name: 'PQRs paused', definition: 'PQRs whose term was suspended in the period.' },
  'pqr.recursos': { name: 'Appeals received', definition: 'Reposición and reposición-with-appeal filed in the period; below, the decisions of those answered.' },
  'pqr.sentToSspd': { name: 'Sent to the SSPD', definition: 'Appeals sent to the Superintendence of Public Services in the period.' },
  'pqr.sspdDecided': { name: 'Decided by the SSPD', definition: 'Appeals sent to the SSPD whose resolution is dated in the period; below, by outcome: confirms, revokes or modifies the company’s decision (Law 142 of 1994, art. 159).' },
  'pqr.sspdPending': { name: 'Pending at the SSPD', definition: 'Appeals sent to the SSPD by the last day of the period with no resolution dated by that day.' },
  'telecobro.contacts': { name: 'Collection contacts', definition: 'Collection contacts recorded in the period.' },
  'telecobro.contactRate': { name: 'Contact rate', definition: 'Formula: effective contacts ÷ contacts × 100.' },
  'telecobro.promisesKeptPct': { name: 'Commitments kept', definition: 'Commitments whose window ended in the period. Formula: kept ÷ (kept + partial + broken) × 100.' },
  'telecobro.recovered': { name: 'Amount recovered', definition: 'Paid on the commitments whose window ended in the period.' },
  'acuerdos.active': { name: 'Active agreements', definition: 'Payment agreements activated by the close and not ended that day.' },
  'acuerdos.kept': { name: 'Agreements fulfilled', definition: 'Agreements fully paid, ended in the period.' },
  'acuerdos.broken': { name: 'Agreements broken', definition: 'Agreements declared broken in the period.' },
  'ordenes.reconnections': { name: 'Reconnections executed', definition: 'Reconnection orders created in the period and executed.' },
  'ordenes.within24hPct': { name: 'Reconnections within the limit', definition: 'Executed within the policy’s hours (24 h by default). Formula: within ÷ executed × 100.' },
  'ordenes.avgHours': { name: 'Average hours to reconnect', definition: 'Mean hours from the order to its execution.' },
  'caja.sessionsClosed': { name: 'Cash sessions closed', definition: 'Cash sessions closed with a business date in the period.' },
  'caja.sessionsWithDifference': { name: 'Sessions with a difference', definition: 'Closed sessions whose count did not match (counted ≠ expected).' },
  'caja.voidsPerThousand': { name: 'Voids per 1,000 receipts', definition: 'Formula: receipts voided ÷ receipts issued × 1,000.' },
  'cajaMenor.expenses': { name: 'Petty cash expenses', definition: 'Sum of the petty cash vouchers of the period, without the rejected ones.' },
  'cajaMenor.reimbursed': { name: 'Petty cash reimbursements', definition: 'Approved amount of the reimbursements decided in the period.' },
};

/** a figure as text, the same on screen and on paper: "$ 1.234.567", "60 %", "12,5 días", "17,5 h", "500 ‰", "—" when there is nothing to measure */
export function formatIndicator(unit: IndicatorUnit, value: number | null, currency: CurrencyCode = 'COP'): string {
  if (value === null) return '—';
  const n = value.toLocaleString('es-CO', { maximumFractionDigits: 1 });
  switch (unit) {
    case 'money':
      return formatMoney(value, currency);
    case 'percent':
      return `${n} %`;
    case 'days':
      return `${n} días`;
    case 'hours':
      return `${n} h`;
    case 'perThousand':
      return `${n} ‰`;
    case 'count':
      return n;
  }
}
