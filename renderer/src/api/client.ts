/**
 * The renderer's one way to the back office. It does not know which door it is behind: inside
 * Electron the preload exposes `window.api.send`; in a browser (`npm run web`) it posts to the
 * local host. Either way the answer is `{ ok, data } | { ok: false, error }`.
 */
import type { HandlerName, Input, Output } from '../../../shared/contract';
import type { ApiError, Result } from '../../../shared/result';

declare global {
  interface Window {
    api?: { send: (name: string, args: unknown, token: string | null) => Promise<Result<unknown>> };
  }
}

let sessionToken: string | null = sessionStorage.getItem('ventanilla.token');

export function setSessionToken(token: string | null): void {
  sessionToken = token;
  if (token) sessionStorage.setItem('ventanilla.token', token);
  else sessionStorage.removeItem('ventanilla.token');
}

export function getSessionToken(): string | null {
  return sessionToken;
}

/** The web door's access token, given in the URL it prints (`?k=…`), kept for the tab. */
function webDoorKey(): string {
  const fromUrl = new URLSearchParams(location.search).get('k');
  if (fromUrl) sessionStorage.setItem('ventanilla.k', fromUrl);
  return fromUrl ?? sessionStorage.getItem('ventanilla.k') ?? '';
}

async function transport(name: string, args: unknown): Promise<Result<unknown>> {
  if (window.api) return window.api.send(name, args, sessionToken);
  try {
    const response = await fetch(`/api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-ventanilla-key': webDoorKey(),
        ...(sessionToken ? { authorization: `Bearer ${sessionToken}` } : {}),
      },
      body: JSON.stringify(args ?? {}),
    });
    return (await response.json()) as Result<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'No hay conexión con el sistema. Revise que la aplicación esté abierta.' } };
  }
}

/** What the back office says about the session itself, whatever was asked: the renderer follows it. */
const SESSION_PROBLEMS = new Set<string>(['NOT_AUTHENTICATED', 'LOCKED', 'PASSWORD_CHANGE_REQUIRED']);

/** Listeners told when the back office says the session ended, the screen is locked or the password must change. */
const sessionListeners = new Set<(error: ApiError) => void>();
export function onSessionProblem(listener: (error: ApiError) => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

/** Calls a handler and returns its result without throwing. */
export async function call<N extends HandlerName>(name: N, args: Input<N>): Promise<Result<Output<N>>> {
  const result = (await transport(name, args)) as Result<Output<N>>;
  // a refused login is not a session problem; a refused unlock answers VALIDATION while the session lives
  if (!result.ok && SESSION_PROBLEMS.has(result.error.code) && name !== 'auth.login') {
    for (const listener of sessionListeners) listener(result.error);
  }
  return result;
}

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/** Calls a handler and returns its data, or throws ApiCallError with the Spanish message. */
export async function send<N extends HandlerName>(name: N, args: Input<N>): Promise<Output<N>> {
  const result = await call(name, args);
  if (!result.ok) throw new ApiCallError(result.error);
  return result.data;
}
