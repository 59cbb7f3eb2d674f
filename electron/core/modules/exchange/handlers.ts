import type { HandlerTable } from '../../context';

/** The handlers of issue 18, intercambio con el sistema comercial: the day's payments and acts exported for the billing system. */
export const exchangeHandlers: Pick<HandlerTable, never> = {};
