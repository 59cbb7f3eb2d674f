import type { HandlerTable } from '../../context';

/** The handlers of issue 16, acuerdos de pago: simulation, approval, the acta, activation at the till, installments and the monitor. */
export const agreementsHandlers: Pick<HandlerTable, never> = {};
