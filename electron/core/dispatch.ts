import type { z } from 'zod';
import { inputSchemas, type HandlerName, type Output } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { BackOffice, Door, HandlerContext } from './context';
import type { Session } from './modules/auth/sessions';
import { AppError, connectionLost, isConnectionLost } from './errors';
import { handlers } from './handlers';
import { SYSTEM_ACTOR } from './db/audit';
import { auditSession } from './modules/auth/service';
import { withoutControlCharacters } from './inputCleaning';

/** Handlers a locked screen may still call. */
const ALLOWED_WHEN_LOCKED = new Set<HandlerName>(['auth.unlock', 'auth.logout', 'auth.me']);

/** Handlers a user on a temporary password (set by an administrator) may call until it is changed. */
const ALLOWED_ON_TEMPORARY_PASSWORD = new Set<HandlerName>(['auth.changePassword', 'auth.logout', 'auth.me']);

/** Calls that are not the person doing something: they neither keep a session from locking nor count as activity. */
const NOT_ACTIVITY = new Set<HandlerName>(['auth.me']);

export interface CallOptions {
  door: Door;
  /** the session token the caller holds, if any */
  token?: string | null;
}

export function isHandlerName(name: unknown): name is HandlerName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(handlers, name);
}

/**
 * The one way into the back office: checks the name, the session and the role, parses the input
 * with the handler's strict schema, runs it, and turns every failure into a Spanish error.
 */
export async function dispatch<N extends HandlerName>(
  app: BackOffice,
  name: N | string,
  args: unknown,
  options: CallOptions,
): Promise<Result<Output<N>>> {
  try {
    if (!isHandlerName(name)) throw new AppError('UNKNOWN_HANDLER', `Operación desconocida: ${String(name).slice(0, 60)}`);
    const handler = handlers[name];
    const ctx = await contextFor(app, options);
    checkAccess(name, handler.access, ctx);
    checkSessionState(name, handler.access, ctx);
    const schema = inputSchemas[name] as z.ZodType;
    const parsed = schema.safeParse(withoutControlCharacters(name, args ?? {}));
    if (!parsed.success) throw validationError(parsed.error);
    const run = handler.run as (input: unknown, ctx: HandlerContext) => Promise<Output<N>>;
    return { ok: true, data: await run(parsed.data, ctx) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toApiError() };
    if (isConnectionLost(error)) {
      console.error(`[ventanilla] ${String(name).slice(0, 60)}: sin conexión con la base de datos:`, error instanceof Error ? error.message : error);
      return { ok: false, error: connectionLost().toApiError() };
    }
    console.error(`[ventanilla] ${String(name).slice(0, 60)} falló:`, error);
    return {
      ok: false,
      error: { code: 'INTERNAL', message: 'Error interno del sistema. La operación no se realizó; intente de nuevo o avise al administrador.' },
    };
  }
}

async function contextFor(app: BackOffice, options: CallOptions): Promise<HandlerContext> {
  if (options.door === 'cli') return { app, door: 'cli', session: null, actor: { ...SYSTEM_ACTOR, name: 'cli' } };
  const session = await liveSession(app, options.token);
  return {
    app,
    door: options.door,
    session,
    actor: session ? { userId: session.user.id, name: session.user.username, officeId: session.user.officeId } : SYSTEM_ACTOR,
  };
}

function checkAccess(name: HandlerName, access: (typeof handlers)[HandlerName]['access'], ctx: HandlerContext): void {
  if (access === 'public' || ctx.door === 'cli') return;
  const session = ctx.session;
  if (!session) throw new AppError('NOT_AUTHENTICATED', 'Su sesión terminó. Ingrese de nuevo.');
  if (session.locked && !ALLOWED_WHEN_LOCKED.has(name)) {
    throw new AppError('LOCKED', 'La pantalla está bloqueada. Ingrese su contraseña para continuar.');
  }
  if (access !== 'authenticated' && !access.includes(session.user.role)) {
    throw new AppError('FORBIDDEN', 'Su rol no permite esta operación.');
  }
}

/**
 * The caller's session as the server sees it now: locked when it has been idle for the company's
 * `idleLockMinutes` (the lock is audited), ended when idle on a temporary password.
 */
async function liveSession(app: BackOffice, token: string | null | undefined): Promise<Session | null> {
  const session = app.sessions.get(token);
  if (!session) return null;
  const idle = app.sessions.applyIdleLock(session);
  if (idle !== null) await auditSession(app.db, session, idle === 'locked' ? 'auth.lock' : 'auth.logout', { reason: 'inactividad' });
  return idle === 'ended' ? null : session;
}

/** A temporary password allows only changing it; a call that passes counts as the person's activity. */
function checkSessionState(name: HandlerName, access: (typeof handlers)[HandlerName]['access'], ctx: HandlerContext): void {
  const session = ctx.session;
  if (!session || access === 'public' || ctx.door === 'cli') return;
  if (session.mustChangePassword && !ALLOWED_ON_TEMPORARY_PASSWORD.has(name)) {
    throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Su contraseña es temporal: cámbiela antes de continuar.');
  }
  if (!session.locked && !NOT_ACTIVITY.has(name)) ctx.app.sessions.touch(session);
}

function validationError(error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    if (!fields[key]) fields[key] = issue.message;
  }
  const first = Object.entries(fields)[0];
  const message = first ? `Datos inválidos${first[0] === '_' ? '' : ` en «${first[0]}»`}: ${first[1]}` : 'Datos inválidos';
  return new AppError('VALIDATION', message, fields);
}
