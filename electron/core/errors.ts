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
