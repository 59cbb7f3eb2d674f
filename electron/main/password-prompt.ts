/**
 * The one question the desktop app may ask before it opens the database: the PostgreSQL password of
 * the saved connection, when another Windows user of this computer saved it (the operating
 * system's key store seals it for that user only). This user types it once; it is tested against
 * the server and sealed for this user too (addSealedPassword), and the app goes on. The small window
 * (renderer/src/app/setup/DatabasePasswordPrompt.tsx) asks through the app's IPC channel; its calls
 * are answered here, before the back office exists. No Electron here (index.ts makes the window).
 */
import type { PasswordPromptInfo } from '../../shared/contract/desktop';
import type { Result } from '../../shared/result';

export interface PasswordPrompt extends PasswordPromptInfo {
  /** tests the password and, when the server takes it, saves it sealed for this user: null; else the Spanish reason */
  tryPassword(password: string): Promise<string | null>;
  /** the question is over: the app goes on (accepted) or stops */
  finish(accepted: boolean): void;
}

/** The system users a sealed password belongs to ('safeStorage:ana' → 'ana'). */
export function sealedUsers(sealers: readonly string[]): string[] {
  return sealers.map((id) => /^safeStorage:(.*)$/.exec(id)?.[1]).filter((user): user is string => user !== undefined);
}

export async function answerPromptCall(prompt: PasswordPrompt, name: string, args: unknown): Promise<Result<unknown>> {
  switch (name) {
    case 'startup.passwordPrompt': {
      const info: PasswordPromptInfo = { server: prompt.server, sealedBy: prompt.sealedBy, user: prompt.user };
      return { ok: true, data: info };
    }
    case 'startup.password': {
      const password = typeof args === 'object' && args !== null ? (args as { password?: unknown }).password : undefined;
      if (typeof password !== 'string' || password === '' || password.length > 500) {
        return { ok: false, error: { code: 'VALIDATION', message: 'Escriba la clave del servidor de la base de datos.', fields: { password: 'Escriba la clave' } } };
      }
      const problem = await prompt.tryPassword(password);
      if (problem !== null) return { ok: false, error: { code: 'RULE', message: problem } };
      prompt.finish(true);
      return { ok: true, data: { accepted: true } };
    }
    case 'startup.cancel':
      prompt.finish(false);
      return { ok: true, data: { accepted: false } };
    default:
      return { ok: false, error: { code: 'INTERNAL', message: 'El sistema aún no está listo' } };
  }
}
