import type { HandlerTable } from '../../context';

/** The handlers of issue 17, órdenes de trabajo: suspension and reconnection orders, crews, results and the board. */
export const workOrdersHandlers: Pick<HandlerTable, never> = {};
