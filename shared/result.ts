/** What every handler answers, through any door: data, or a Spanish error for the person at the counter. */
export type ErrorCode =
  | 'VALIDATION' // the input is malformed; `fields` says where
  | 'NOT_AUTHENTICATED' // no session, or it expired
  | 'LOCKED' // the screen is locked; only auth.unlock / auth.logout are accepted
  | 'PASSWORD_CHANGE_REQUIRED' // the password is temporary; only auth.changePassword / auth.logout / auth.me are accepted
  | 'FORBIDDEN' // the role may not do this
  | 'NOT_FOUND'
  | 'CONFLICT' // duplicate, already done, state does not allow it
  | 'RULE' // a business rule refuses it
  | 'UNKNOWN_HANDLER'
  | 'INTERNAL'
  | 'UNAVAILABLE'; // the database server could not be reached (restarting, network): nothing was done, or a retry is safe

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** field path → Spanish message */
  fields?: Record<string, string>;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };
