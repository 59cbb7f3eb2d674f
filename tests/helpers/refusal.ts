/**
 * The one way a test checks a refusal: the handler answered `{ ok: false }` with THIS code and THIS
 * Spanish message (the exact text, or a pattern when the message carries a date or a time the test
 * cannot fix). A refusal asserted by `ok === false` alone passes for the wrong reason (another rule,
 * a FORBIDDEN, an INTERNAL), so no test does that.
 *
 *   await expectRefusal(t.call('cashier.close', …, token), 'RULE', 'La diferencia (sobrante de $ 5.001) supera…');
 *   const error = await expectRefusal(result, 'VALIDATION', 'Datos inválidos en «email»: Correo electrónico inválido');
 *   expect(error.fields?.email).toBe('Correo electrónico inválido');
 */
import { expect } from 'vitest';
import type { ApiError, ErrorCode, Result } from '../../shared/result';

/** what the dispatcher answers to a role the handler table does not list */
export const FORBIDDEN_MESSAGE = 'Su rol no permite esta operación.';
/** what the dispatcher answers without a session */
export const NOT_AUTHENTICATED_MESSAGE = 'Su sesión terminó. Ingrese de nuevo.';
/** what the dispatcher answers while the screen is locked */
export const LOCKED_MESSAGE = 'La pantalla está bloqueada. Ingrese su contraseña para continuar.';

/**
 * Asserts the refusal's code and Spanish message; returns the error for more checks (`fields`).
 * Takes the result or the promise of it.
 */
export async function expectRefusal<T>(result: Result<T> | Promise<Result<T>>, code: ErrorCode, message: string | RegExp): Promise<ApiError> {
  const answer = await result;
  if (answer.ok) {
    throw new Error(`se esperaba el rechazo ${code} «${String(message)}», pero la operación se realizó: ${JSON.stringify(answer.data)?.slice(0, 300)}`);
  }
  const { error } = answer;
  expect({ code: error.code, message: error.message }, 'código y mensaje del rechazo').toEqual({
    code,
    message: typeof message === 'string' ? message : expect.stringMatching(message),
  });
  return error;
}

/** The role is not in the handler's access list. */
export function expectForbidden<T>(result: Result<T> | Promise<Result<T>>): Promise<ApiError> {
  return expectRefusal(result, 'FORBIDDEN', FORBIDDEN_MESSAGE);
}
