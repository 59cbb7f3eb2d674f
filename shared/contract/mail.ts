/**
 * The contract of issue 19: outgoing e-mail (SMTP settings, sending, the log).
 * (Registered ahead of the work so that the module's handlers join the table without touching the index.)
 */

export const mailSchemas = {};

export type MailOutputs = Record<never, never>;
