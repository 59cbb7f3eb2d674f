import type { HandlerTable } from '../../context';

/** The handlers of issue 19: indicators and the informe de gestión comercial. */
export const indicatorsHandlers: Pick<HandlerTable, never> = {};
