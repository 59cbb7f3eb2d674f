import type { Knex } from 'knex';
import type { Role } from '../../shared/roles';
import type { HandlerName, Output, ParsedInput } from '../../shared/contract';
import type { Actor } from './db/audit';
import type { Session, SessionStore } from './modules/auth/sessions';
import type { DatabaseOrigin } from './database-config';
import type { Runtime } from './runtime';

/** Which door a call came through. */
export type Door = 'ipc' | 'http' | 'cli' | 'test';

/** The running back office: one database, its data folder and the live sessions. */
export interface BackOffice {
  db: Knex;
  /** 'sqlite': one file on this machine; 'pg': a PostgreSQL server several counters share */
  engine: 'sqlite' | 'pg';
  /** the SQLite file (null on PostgreSQL) */
  dbFile: string | null;
  /** folder for uploads, attachments and backups (beside the SQLite file; on PostgreSQL the app's data folder) */
  dataDir: string;
  sessions: SessionStore;
  /** where the database came from (argument, variable, saved configuration, default); see database-config.ts */
  origin?: DatabaseOrigin;
  /** what the program that opened it lends it (version, data folder, log, secrets, restart); see runtime.ts */
  runtime?: Runtime;
  /**
   * Set by a door that keeps the daily backups (desktop app, `npm run web`): called right after the
   * first-start set-up, it makes the first copy at once (not at the next hourly check) and names it.
   */
  afterSetup?: () => Promise<string | null>;
}

export interface HandlerContext {
  app: BackOffice;
  door: Door;
  session: Session | null;
  /** who the audit rows name: the session user, or 'cli' for the admin door */
  actor: Actor;
}

/**
 * Who may call a handler: anyone (before login), any logged-in user, or the listed roles.
 * The CLI door acts as an administrator.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface HandlerDefinition<N extends HandlerName> {
  access: Access;
  run: (input: ParsedInput<N>, ctx: HandlerContext) => Promise<Output<N>>;
}

export type HandlerTable = { [N in HandlerName]: HandlerDefinition<N> };

/** A context whose session is certain (the dispatcher checked `access`). */
export function sessionOf(ctx: HandlerContext): Session {
  if (!ctx.session) throw new Error('handler declared authenticated access but has no session');
  return ctx.session;
}
