import type { ApiError, ErrorCode } from '../../shared/result';

/** An error meant for the person at the counter: a code and a Spanish message. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toApiError(): ApiError {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} no existe`);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const rule = (message: string) => new AppError('RULE', message);
export const invalid = (message: string, fields?: Record<string, string>) => new AppError('VALIDATION', message, fields);

/** What the driver says when the PostgreSQL server went away or is restarting (SQLite never does). */
const CONNECTION_LOST_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown: pg_ctl stop / restart -m fast
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
]);

/**
 * True when `error` is the database connection dying or refused (a restart of the PostgreSQL server,
 * a network cut), not a refusal of the statement: the 08 class (connection exception), the 57P0x
 * shutdowns, the socket errors and the pg driver's "Connection terminated".
 */
export function isConnectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_LOST_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connection error and is not queryable|Connection ended unexpectedly|terminating connection due to administrator command/i.test(error.message);
}

/** The Spanish answer for a lost database connection (see isConnectionLost); `message` for acts that say more. */
export const connectionLost = (
  message = 'Se perdió la conexión con el servidor de la base de datos (puede estar reiniciándose). Espere unos segundos e intente de nuevo.',
) => new AppError('UNAVAILABLE', message);
