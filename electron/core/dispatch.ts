import type { z } from 'zod';
import { inputSchemas, type HandlerName, type Output } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { BackOffice, Door, HandlerContext } from './context';
import { AppError } from './errors';
import { handlers } from './handlers';
import { SYSTEM_ACTOR } from './db/audit';
import { withoutControlCharacters } from './inputCleaning';

/** Handlers a locked screen may still call. */
const ALLOWED_WHEN_LOCKED = new Set<HandlerName>(['auth.unlock', 'auth.logout', 'auth.me']);

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
    const ctx = contextFor(app, options);
    checkAccess(name, handler.access, ctx);
    const schema = inputSchemas[name] as z.ZodType;
    const parsed = schema.safeParse(withoutControlCharacters(name, args ?? {}));
    if (!parsed.success) throw validationError(parsed.error);
    const run = handler.run as (input: unknown, ctx: HandlerContext) => Promise<Output<N>>;
    return { ok: true, data: await run(parsed.data, ctx) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toApiError() };
    console.error(`[ventanilla] ${String(name).slice(0, 60)} falló:`, error);
    return {
      ok: false,
      error: { code: 'INTERNAL', message: 'Error interno del sistema. La operación no se realizó; intente de nuevo o avise al administrador.' },
    };
  }
}

function contextFor(app: BackOffice, options: CallOptions): HandlerContext {
  if (options.door === 'cli') return { app, door: 'cli', session: null, actor: { ...SYSTEM_ACTOR, name: 'cli' } };
  const session = app.sessions.get(options.token);
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
