/**
 * The desktop app's one question before the back office opens (electron/main/password-prompt.ts):
 * the PostgreSQL password, when the saved connection's password was sealed by another user of the
 * computer. Its small window loads the renderer at this address and calls, through the same IPC
 * channel, 'startup.passwordPrompt' (what to show), 'startup.password' ({ password }) and
 * 'startup.cancel'. These are answered by the main process, not by the handler table.
 */
export const PASSWORD_PROMPT_HASH = '#/clave-base-de-datos';
