import type { HandlerTable } from '../../context';

/** The handlers of issue 19: outgoing e-mail (SMTP settings, sending, the log). */
export const mailHandlers: Pick<HandlerTable, never> = {};
