import { randomBytes } from 'node:crypto';
import type { SessionUser } from '../../../../shared/contract';

export interface Session {
  token: string;
  user: SessionUser;
  locked: boolean;
  lastSeen: number;
}

/** Sessions live in the process that serves the door; a restart asks everyone to log in again. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly maxIdleMs = 12 * 60 * 60 * 1000) {}

  create(user: SessionUser): Session {
    const session: Session = { token: randomBytes(24).toString('hex'), user, locked: false, lastSeen: Date.now() };
    this.sessions.set(session.token, session);
    return session;
  }

  /** the live session for a token, touched; null when unknown or expired */
  get(token: string | undefined | null): Session | null {
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session) return null;
    if (Date.now() - session.lastSeen > this.maxIdleMs) {
      this.sessions.delete(token);
      return null;
    }
    session.lastSeen = Date.now();
    return session;
  }

  delete(token: string): void {
    this.sessions.delete(token);
  }

  /** ends every session of a user (deactivated, password reset) */
  deleteUser(userId: number): void {
    for (const [token, s] of this.sessions) if (s.user.id === userId) this.sessions.delete(token);
  }

  /** refreshes the user data of live sessions (role or office changed) */
  updateUser(user: SessionUser): void {
    for (const s of this.sessions.values()) if (s.user.id === user.id) s.user = user;
  }
}
