import type { Knex } from 'knex';
import { backupBeforeMigration, isSqlite } from './backup';
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

/**
 * The database is newer than this application: another counter (on a shared PostgreSQL server, or
 * a copy brought from another computer) already runs a later version. Said in Spanish with the way
 * to update, instead of knex's "migration directory is corrupt".
 */
export class NewerSchemaError extends Error {
  constructor(
    /** migrations in the database this application does not know, in order */
    readonly unknown: string[],
    readonly databaseVersion: number,
  ) {
    super(
      `La base de datos está en una versión más nueva que esta aplicación: su esquema va en la versión ${databaseVersion} ` +
        `(«${unknown[unknown.length - 1]}») y esta aplicación llega a la ${MIGRATIONS.length}. No se modificó nada. ` +
        'Actualice Ventanilla en este equipo a la versión que usan las demás ventanillas: si la empresa tiene un servidor de actualizaciones ' +
        '(Administración › Este equipo), la aplicación de escritorio lo ofrece al abrir; si no, instale la versión nueva con el mismo instalador que se usó en las otras ventanillas.',
    );
    this.name = 'NewerSchemaError';
  }
}

/** The migrations recorded in the database that this application does not have (a newer version wrote them). */
export async function unknownMigrations(db: Knex): Promise<string[]> {
  if (!(await db.schema.hasTable('knex_migrations'))) return [];
  const known = new Set(MIGRATIONS.map((m) => m.name));
  const rows: { name: string }[] = await db('knex_migrations').select('name').orderBy('id');
  return rows.map((r) => r.name.replace(/\.(ts|js)$/, '')).filter((name) => !known.has(name));
}

/** Throws NewerSchemaError when the database is newer than this application. */
export async function assertNotNewer(db: Knex): Promise<void> {
  const unknown = await unknownMigrations(db);
  if (unknown.length > 0) throw new NewerSchemaError(unknown, await schemaVersion(db));
}

/** Number of migrations already applied (0 for a new file). */
export async function schemaVersion(db: Knex): Promise<number> {
  if (!(await db.schema.hasTable('knex_migrations'))) return 0;
  const row = await db('knex_migrations').count<{ n: number }[]>({ n: '*' });
  return Number(row[0].n);
}

/**
 * Brings the database to the latest schema. When the file already holds data and a migration is
 * pending, it first copies the file to `backups/antes-de-migrar-v<version>-<date>-<time>.sqlite` beside it
 * (SQLite; on PostgreSQL take a pg_dump before updating the application). `backupFirst: false` when
 * the file is itself a copy that stays in the backups folder (a restore).
 */
export async function migrateToLatest(db: Knex, filename: string | null, { backupFirst = true } = {}): Promise<MigrateResult> {
  const existing = await db.schema.hasTable('knex_migrations');
  await assertNotNewer(db);
  const current = await schemaVersion(db);
  const pending = MIGRATIONS.length - current;
  let backupFile: string | null = null;
  if (backupFirst && pending > 0 && existing) {
    if (isSqlite(db) && filename !== null) backupFile = await backupBeforeMigration(db, filename, current);
    else console.log(`PostgreSQL: no se hace copia antes de actualizar a la versión ${MIGRATIONS.length}; tome una con pg_dump -Fc (ver el README).`);
  }
  try {
    const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
    return { applied, backupFile, schemaVersion: await schemaVersion(db) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `No se pudo actualizar la base de datos a la versión ${MIGRATIONS.length} (${reason}). ` +
        (backupFile
          ? `La copia hecha antes de intentarlo está en ${backupFile}; para volver a ella, cierre la aplicación y reemplace ${filename ?? 'la base de datos'} por esa copia.`
          : 'No se modificó ningún dato.'),
      { cause: error },
    );
  }
}
