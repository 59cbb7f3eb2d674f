import type { BackOffice } from '../context';
import { openDatabase } from './connection';

/**
 * Runs `work` on the SQLite file with the back office's connection closed, then opens it again,
 * for what SQLite cannot do through a live connection: restoring a copy whose page size differs
 * (a WAL database keeps its page size). The doors keep the same BackOffice; a call that arrives
 * meanwhile gets an error and is made again.
 */
export async function withDatabaseClosed<T>(app: BackOffice, work: (dbFile: string) => Promise<T>): Promise<T> {
  const file = app.dbFile;
  if (file === null) throw new Error('withDatabaseClosed is for the SQLite file');
  await app.db.destroy();
  try {
    return await work(file);
  } finally {
    app.db = openDatabase({ filename: file });
  }
}
