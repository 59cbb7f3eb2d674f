import path from 'node:path';
import type { BackOffice } from './context';
import { openDatabase } from './db/connection';
import { migrateToLatest, type MigrateResult } from './db/migrate';
import { SessionStore } from './modules/auth/sessions';

export interface OpenOptions {
  /** the SQLite file; its folder also holds uploads/ and backups/ */
  dbFile: string;
}

/** Opens (and migrates) the database and returns the running back office. */
export async function openBackOffice({ dbFile }: OpenOptions): Promise<BackOffice & { migration: MigrateResult }> {
  const db = openDatabase({ filename: dbFile });
  try {
    const migration = await migrateToLatest(db, dbFile);
    return { db, dbFile, dataDir: path.dirname(path.resolve(dbFile)), sessions: new SessionStore(), migration };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

export async function closeBackOffice(app: BackOffice): Promise<void> {
  await app.db.destroy();
}
