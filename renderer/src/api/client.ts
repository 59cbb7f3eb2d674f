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

/**
 * The web door's access key, given in the URL it prints (`?k=…`): read once, kept for the tab, and
 * taken out of the address bar at once (so it does not stay in the history, a bookmark or a screenshot).
 */
function takeKeyFromAddress(): void {
  if (typeof location === 'undefined' || window.api) return;
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('k');
  if (fromUrl === null) return;
  if (fromUrl) sessionStorage.setItem('ventanilla.k', fromUrl);
  url.searchParams.delete('k');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
}
takeKeyFromAddress();

function webDoorKey(): string {
  return sessionStorage.getItem('ventanilla.k') ?? '';
}

/** what the door's answer says when it is not a handler's result (the door answers JSON, but a proxy or a crash may not) */
function doorError(status: number): Result<unknown> {
  const message =
    status === 413
      ? 'Lo enviado es demasiado grande para enviarse de una vez. Intente de nuevo; si sigue, avise al administrador.'
      : `El sistema respondió con un error (${status}). La operación no se realizó; intente de nuevo o avise al administrador.`;
  return { ok: false, error: { code: status === 413 ? 'VALIDATION' : 'INTERNAL', message } };
}

async function transport(name: string, args: unknown): Promise<Result<unknown>> {
  if (window.api) return window.api.send(name, args, sessionToken);
  let response: Response;
  try {
    response = await fetch(`/api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-ventanilla-key': webDoorKey(),
        ...(sessionToken ? { authorization: `Bearer ${sessionToken}` } : {}),
      },
      body: JSON.stringify(args ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'No hay conexión con el sistema. Revise que la aplicación esté abierta.' } };
  }
  try {
    const answer = (await response.json()) as Result<unknown>;
    if (answer && typeof answer === 'object' && 'ok' in answer) return answer;
  } catch {
    // not JSON: said below by its status
  }
  return doorError(response.status);
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
