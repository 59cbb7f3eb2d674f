import { randomBytes } from 'node:crypto';
import type { SessionUser } from '../../../../shared/contract';

export interface Session {
  token: string;
  user: SessionUser;
  locked: boolean;
  /** when the person last did something (a call other than `auth.me`), ms since the epoch */
  lastActivity: number;
  /** the password was set by an administrator: only auth.changePassword, auth.logout and auth.me until it changes */
  mustChangePassword: boolean;
}

/** What the idle check did to a session. */
export type IdleOutcome = 'locked' | 'ended' | null;

const DEFAULT_IDLE_LOCK_MINUTES = 10;

/**
 * Sessions live in the process that serves the door; a restart asks everyone to log in again.
 *
 * The store, not the renderer, decides when a session is idle: a session with no activity for the
 * company's `idleLockMinutes` is locked here (the renderer's own timer only shows it sooner), and one
 * idle for `maxIdleMs` ends. A session still on its temporary password has nothing to lock: it ends.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private idleLockMs = DEFAULT_IDLE_LOCK_MINUTES * 60_000;

  constructor(private readonly maxIdleMs = 12 * 60 * 60 * 1000) {}

  create(user: SessionUser, options: { mustChangePassword?: boolean } = {}): Session {
    const session: Session = {
      token: randomBytes(24).toString('hex'),
      user,
      locked: false,
      lastActivity: Date.now(),
      mustChangePassword: options.mustChangePassword ?? false,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  /** the live session for a token; null when unknown or ended (idle longer than maxIdleMs). Reading it is not activity. */
  get(token: string | undefined | null): Session | null {
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session) return null;
    if (Date.now() - session.lastActivity > this.maxIdleMs) {
      this.sessions.delete(token);
      return null;
    }
    return session;
  }

  /** the company's setting (read at every login and `auth.me`, set when the administrator changes it) */
  setIdleLockMinutes(minutes: number): void {
    this.idleLockMs = minutes * 60_000;
  }

  /**
   * Locks a session idle for the company's `idleLockMinutes` (ends it when it is still on a temporary
   * password) and says what it did; null when the session was active or already locked.
   */
  applyIdleLock(session: Session): IdleOutcome {
    if (session.locked || Date.now() - session.lastActivity < this.idleLockMs) return null;
    if (session.mustChangePassword) {
      this.sessions.delete(session.token);
      return 'ended';
    }
    session.locked = true;
    return 'locked';
  }

  /** the person did something on this session now */
  touch(session: Session): void {
    session.lastActivity = Date.now();
  }

  delete(token: string): void {
    this.sessions.delete(token);
  }

  /** ends every session of a user (deactivated, password reset, password changed: all but `exceptToken`) */
  deleteUser(userId: number, exceptToken?: string): void {
    for (const [token, s] of this.sessions) if (s.user.id === userId && token !== exceptToken) this.sessions.delete(token);
  }

  /** refreshes the user data of live sessions (role or office changed) */
  updateUser(user: SessionUser): void {
    for (const s of this.sessions.values()) if (s.user.id === user.id) s.user = user;
  }
}
