import type { HandlerTable } from '../../context';

/** The handlers of issue 15, cartera y telecobro: the portfolio by age, campaigns and queues, the gestor's desk, contacts, payment commitments, contact rules, reports and commissions. */
export const collectionsHandlers: Pick<HandlerTable, never> = {};
