/** How the work orders' states and clocks read on screen (shared by the board, the order and the account's card). */
import { WORK_ORDER_STATE_LABELS, type WorkOrderRow, type WorkOrderState } from '../../../../shared/contract';

export const STATE_COLORS: Record<WorkOrderState, string> = { pendiente: 'yellow', asignada: 'blue', ejecutada: 'teal', fallida: 'orange', anulada: 'gray' };

export const stateLabel = (state: WorkOrderState): string => WORK_ORDER_STATE_LABELS[state];

export const isOpen = (o: Pick<WorkOrderRow, 'state'>): boolean => o.state === 'pendiente' || o.state === 'asignada';

/** hours with one decimal, es-CO ("27,5 h") */
export function hoursText(hours: number | null): string {
  return hours === null ? '—' : `${hours.toLocaleString('es-CO', { maximumFractionDigits: 1 })} h`;
}

/** an open order past its due instant, or a reconnection executed after it: shown in red */
export const isLate = (o: Pick<WorkOrderRow, 'late'>): boolean => o.late;

/** 'YYYY-MM-DD HH:MM' of this moment on the company's clocks (the result form's default) */
export function nowInZone(timeZone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
