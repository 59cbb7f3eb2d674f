/**
 * The one place a password is checked: the login, the unlock of a locked screen, the password change
 * and the on-the-spot approval all come here, so that every wrong password counts against the same
 * lockout (`maxFailedLogins` wrong passwords in a row lock the username for `lockoutMinutes`).
 *
 * - Attempts on one username take turns (per database, in this process), and at most
 *   MAX_ATTEMPTS_IN_FLIGHT may wait: a burst of parallel guesses is checked one after another, so
 *   that each sees the failures before it, and what is past the limit is refused unchecked.
 * - The lock is looked at before the (slow, deliberate) scrypt, and again in the transaction that
 *   counts: a failure is an increment in the database (`failed_attempts + 1`) and the lock is set in
 *   that same transaction; a failure during an active lock changes nothing (never clears it); a
 *   right password typed while a parallel failure locked the user is refused all the same.
 * - An unknown, ineligible or locked holder costs the same scrypt as a real check (against a dummy
 *   hash) and its audit row the same kind of write as a counted failure, so the answer's timing does
 *   not say which it was.
 */
import type { Knex } from 'knex';
import { nowTimestamp } from '../../db/connection';
import { retryingTransaction } from '../../db/dialect';
import type { AppError } from '../../errors';
import { getSettings } from '../settings/service';
import { hashPassword, verifyPassword } from './password';

/** attempts on one username that may be running or waiting at once; more are refused unchecked */
export const MAX_ATTEMPTS_IN_FLIGHT = 10;

/** the user row fields a password check needs */
export interface PasswordHolder {
  id: number;
  username: string;
  password_hash: string;
  locked_until: string | null;
}

export type AttemptRefusal =
  /** no such user, or one who may not take this attempt (the caller's filter) */
  | 'unknown'
  /** the username is locked by earlier failures */
  | 'locked'
  /** the password is wrong (counted) */
  | 'wrong';

export type AttemptResult =
  | { ok: true }
  | {
      ok: false;
      refusal: AttemptRefusal;
      /** this failure reached `maxFailedLogins` and locked the username */
      lockedNow: boolean;
      /** wrong passwords still allowed before the lock (0 once locked) */
      attemptsLeft: number;
      maxFailedLogins: number;
      lockoutMinutes: number;
    };

export interface AttemptRecord<H extends PasswordHolder> {
  /** the audit row of a wrong password, written in the transaction that counts it */
  failure(trx: Knex.Transaction, holder: H, outcome: { lockedNow: boolean; failures: number }): Promise<void>;
  /** the audit row of a right password, written in the transaction that resets the count; may throw to refuse after all */
  success(trx: Knex.Transaction, holder: H): Promise<void>;
  /** the audit row of an attempt refused unchecked (unknown or locked holder), in a transaction of its own */
  refusal(trx: Knex.Transaction, holder: H | null, refusal: 'unknown' | 'locked'): Promise<void>;
  /** columns set on the user with the reset (e.g. last_login_at) */
  successColumns?: Record<string, string | null>;
}

export function isLocked(lockedUntil: string | null, now = nowTimestamp()): boolean {
  return lockedUntil !== null && lockedUntil > now;
}

/** `where` a user is not locked now */
function notLocked(q: Knex.QueryBuilder, now: string): void {
  q.whereNull('locked_until').orWhere('locked_until', '<=', now);
}

/**
 * Checks `password` for `holder` (null: unknown or not eligible for this attempt) and counts the
 * outcome. Run it inside `inTurn` for the username.
 */
export async function attemptPassword<H extends PasswordHolder>(db: Knex, holder: H | null, password: string, record: AttemptRecord<H>): Promise<AttemptResult> {
  const { maxFailedLogins, lockoutMinutes } = await getSettings(db);
  const refused = (refusal: AttemptRefusal, lockedNow = false, attemptsLeft = 0): AttemptResult => ({ ok: false, refusal, lockedNow, attemptsLeft, maxFailedLogins, lockoutMinutes });
  const unchecked = async (refusal: 'unknown' | 'locked'): Promise<AttemptResult> => {
    await retryingTransaction(db, (trx) => record.refusal(trx, holder, refusal));
    return refused(refusal);
  };
  if (holder === null || isLocked(holder.locked_until)) {
    await verifyPassword(password, await dummyHash()); // the same time as a real check
    return unchecked(holder === null ? 'unknown' : 'locked');
  }
  if (!(await verifyPassword(password, holder.password_hash))) {
    const outcome = await countFailure(db, holder.id, maxFailedLogins, lockoutMinutes, (trx, counted) => record.failure(trx, holder, counted));
    if (outcome === 'already-locked') return unchecked('locked');
    return refused('wrong', outcome.lockedNow, outcome.lockedNow ? 0 : maxFailedLogins - outcome.failures);
  }
  const accepted = await retryingTransaction(db, async (trx) => {
    const now = nowTimestamp();
    const reset = await trx('users')
      .where({ id: holder.id })
      .andWhere((q) => notLocked(q, now))
      .update({ failed_attempts: 0, locked_until: null, ...record.successColumns });
    if (reset === 0) return false; // a parallel failure locked the user while this password was checked
    await record.success(trx, holder);
    return true;
  });
  return accepted ? { ok: true } : unchecked('locked');
}

/** One wrong password: increment in the database, lock at the limit, in one transaction. */
async function countFailure(
  db: Knex,
  userId: number,
  maxFailedLogins: number,
  lockoutMinutes: number,
  audit: (trx: Knex.Transaction, outcome: { lockedNow: boolean; failures: number }) => Promise<void>,
): Promise<{ lockedNow: boolean; failures: number } | 'already-locked'> {
  return retryingTransaction(db, async (trx) => {
    const now = nowTimestamp();
    const counted = await trx('users')
      .where({ id: userId })
      .andWhere((q) => notLocked(q, now))
      .update({ failed_attempts: trx.raw('failed_attempts + 1') });
    if (counted === 0) return 'already-locked' as const;
    const row: { failed_attempts: number | string } = await trx('users').where({ id: userId }).first('failed_attempts');
    const failures = Number(row.failed_attempts);
    const lockedNow = failures >= maxFailedLogins;
    if (lockedNow) {
      await trx('users')
        .where({ id: userId })
        .update({ failed_attempts: 0, locked_until: new Date(Date.now() + lockoutMinutes * 60_000).toISOString() });
    }
    await audit(trx, { lockedNow, failures });
    return { lockedNow, failures };
  });
}

interface Turn {
  /** settles when the last attempt in line is done */
  tail: Promise<void>;
  inFlight: number;
}

const turnsByDatabase = new WeakMap<Knex, Map<string, Turn>>();

/**
 * Runs `work` when the attempts already in line for `username` are done. When
 * MAX_ATTEMPTS_IN_FLIGHT are running or waiting, refuses at once with `busy()` (the same for any
 * username, known or not).
 */
export async function inTurn<T>(db: Knex, username: string, work: () => Promise<T>, busy: () => AppError): Promise<T> {
  let turns = turnsByDatabase.get(db);
  if (!turns) {
    turns = new Map();
    turnsByDatabase.set(db, turns);
  }
  const key = username.trim().toLowerCase();
  const turn = turns.get(key) ?? { tail: Promise.resolve(), inFlight: 0 };
  if (turn.inFlight >= MAX_ATTEMPTS_IN_FLIGHT) throw busy();
  turn.inFlight += 1;
  turns.set(key, turn);
  const before = turn.tail;
  let done = () => {};
  turn.tail = new Promise<void>((resolve) => (done = resolve));
  try {
    await before;
    return await work();
  } finally {
    done();
    turn.inFlight -= 1;
    if (turn.inFlight === 0) turns.delete(key);
  }
}

let cachedDummy: Promise<string> | null = null;
function dummyHash(): Promise<string> {
  cachedDummy ??= hashPassword('contraseña-que-nadie-tiene');
  return cachedDummy;
}
