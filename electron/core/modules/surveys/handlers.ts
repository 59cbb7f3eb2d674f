import type { HandlerTable } from '../../context';

/** The handlers of issue 19: satisfaction surveys (NSU, NPS, CSAT). */
export const surveysHandlers: Pick<HandlerTable, never> = {};
