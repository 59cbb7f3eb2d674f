import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { MIGRATIONS } from './migrations';

const migrationSource: Knex.MigrationSource<(typeof MIGRATIONS)[number]> = {
  getMigrations: async () => MIGRATIONS,
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m,
};

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

export interface MigrateResult {
  applied: string[];
  /** the copy made before migrating an existing database, or null */
  backupFile: string | null;
  schemaVersion: number;
}

/** Number of migrations already applied (0 for a new file). */
export async function schemaVersion(db: Knex): Promise<number> {
  if (!(await db.schema.hasTable('knex_migrations'))) return 0;
  const row = await db('knex_migrations').count<{ n: number }[]>({ n: '*' });
  return Number(row[0].n);
}

/**
 * Brings the database to the latest schema. When the file already holds data and a migration is
 * pending, it first copies the file to `backups/ventanilla-v<version>-<date>.sqlite` beside it.
 */
export async function migrateToLatest(db: Knex, filename: string): Promise<MigrateResult> {
  const existing = await db.schema.hasTable('knex_migrations');
  const current = await schemaVersion(db);
  const pending = MIGRATIONS.length - current;
  let backupFile: string | null = null;
  if (pending > 0 && existing) {
    backupFile = await backupSqliteFile(db, filename, `v${current}`);
  }
  try {
    const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
    return { applied, backupFile, schemaVersion: await schemaVersion(db) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `No se pudo actualizar la base de datos a la versión ${MIGRATIONS.length} (${reason}). ` +
        (backupFile
          ? `La copia hecha antes de intentarlo está en ${backupFile}; para volver a ella, cierre la aplicación y reemplace ${filename} por esa copia.`
          : 'No se modificó ningún dato.'),
      { cause: error },
    );
  }
}

/** Consistent copy of the live database with SQLite's VACUUM INTO (works while the app runs). */
export async function backupSqliteFile(db: Knex, filename: string, label: string): Promise<string> {
  const dir = path.join(path.dirname(path.resolve(filename)), 'backups');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(dir, `${path.basename(filename, path.extname(filename))}-${label}-${stamp}.sqlite`);
  await db.raw('VACUUM INTO ?', [target]);
  return target;
}
