/**
 * The database connection on the administration screen: what the application runs on now, a
 * one-off test of a PostgreSQL connection, and saving it for the next start (the file itself is
 * database-config.ts; the order of precedence is databaseFromEnvironment in backoffice.ts).
 */
import type { DatabaseSaveResult, DatabaseStatus, DatabaseTestResult } from '../../../../shared/contract';
import type { BackOffice } from '../../context';
import { connectionFailure, databaseOriginOf, maskPassword, readDatabaseConfig, withoutPassword, writeDatabaseConfig } from '../../database-config';
import { writeAudit, type Actor } from '../../db/audit';
import { retryingTransaction } from '../../db/dialect';
import { LATEST_SCHEMA_VERSION } from '../../db/migrate';
import { rule } from '../../errors';
import { runtimeOf } from '../../runtime';
import type { SecretBox } from '../../secrets';

/** The driver's client with the options a one-off test needs (db/pg.d.ts declares only what knex's callers use). */
interface TestClient {
  connect(): Promise<void>;
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): void;
}
type TestClientOptions = { connectionString: string; connectionTimeoutMillis: number; query_timeout: number };

/** how long a test waits for the server before saying it does not answer */
const CONNECT_TIMEOUT_MS = 5000;

/** The boxes this program seals and opens the saved password with (the runtime's; by default the key file beside the configuration). */
function secretsOf(app: BackOffice): readonly SecretBox[] {
  return runtimeOf(app).secrets;
}

export function databaseStatus(app: BackOffice): DatabaseStatus {
  const origin = databaseOriginOf(app);
  let configuredUrl: string | null = null;
  let configProblem: string | null = null;
  try {
    const saved = readDatabaseConfig(origin.configFile, secretsOf(app));
    configuredUrl = saved === null ? null : maskPassword(saved);
  } catch (error) {
    configProblem = error instanceof Error ? error.message : String(error);
  }
  return {
    engine: app.engine,
    target: app.engine === 'sqlite' ? (app.dbFile ?? '') : withoutPassword(origin.url ?? ''),
    source: origin.source,
    configuredUrl,
    configProblem,
    configFile: origin.configFile,
  };
}

/** Connects once, reads the server's version and the schema's, and closes. Changes nothing. */
export async function testConnection(url: string): Promise<DatabaseTestResult> {
  // the driver loads with the first test, not at start (issue 20, item 5)
  const { default: pg } = await import('pg');
  const TestClient = pg.Client as unknown as new (options: TestClientOptions) => TestClient;
  const client = new TestClient({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: CONNECT_TIMEOUT_MS });
  // a connection the server drops later must not crash the process
  client.on('error', () => undefined);
  try {
    await client.connect();
    const info = await client.query(
      "SELECT current_setting('server_version') AS version, current_database() AS database, to_regclass('knex_migrations')::text AS migrations",
    );
    const { version, database, migrations } = info.rows[0] as { version: string; database: string; migrations: string | null };
    const server = `PostgreSQL ${version.split(' ')[0]}, base ${database}`;
    if (migrations === null) {
      return { ok: true, message: `Conexión correcta: ${server}, vacía (la aplicación crea las tablas al iniciar con ella).` };
    }
    const counted = await client.query('SELECT count(*) AS n FROM knex_migrations');
    const schema = Number(counted.rows[0].n);
    if (schema > LATEST_SCHEMA_VERSION) {
      return {
        ok: false,
        message: `${server}: el esquema está en la versión ${schema}, más nueva que la de esta aplicación (${LATEST_SCHEMA_VERSION}). Actualice la aplicación en este equipo antes de usar esa base.`,
      };
    }
    return { ok: true, message: `Conexión correcta: ${server}, esquema en la versión ${schema}.` };
  } catch (error) {
    return { ok: false, message: connectionFailure(error, url) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** What applies after a save, and what does not. */
function notCopied(): string {
  return 'Los datos no se copian de una base a la otra.';
}

function precedenceNote(app: BackOffice): string {
  const { source } = databaseOriginOf(app);
  if (source === 'variable') return ' Mientras exista la variable VENTANILLA_DATABASE_URL, la aplicación seguirá usando la base que ella indica.';
  if (source === 'argumento') return ' Esta sesión se abrió con --db, que tiene prioridad: sin --db se usará lo guardado.';
  return '';
}

/**
 * Saves the connection for the next start ('' goes back to the local SQLite file). A PostgreSQL
 * connection is tested first: one that does not answer is refused, since the application could not
 * start with it. One audit row in the database in use records the change (password masked).
 */
export async function saveConnection(app: BackOffice, actor: Actor, url: string): Promise<DatabaseSaveResult> {
  const { configFile } = databaseOriginOf(app);
  if (url !== '') {
    const test = await testConnection(url);
    if (!test.ok) throw rule(`No se guardó la conexión. ${test.message}`);
  }
  let before: string | null;
  try {
    before = readDatabaseConfig(configFile, secretsOf(app));
  } catch {
    before = null;
  }
  const next = url === '' ? null : url;
  await retryingTransaction(app.db, async (trx) => {
    await writeAudit(trx, actor, {
      action: 'database.configure',
      entity: 'database',
      entityId: null,
      before: { url: before === null ? null : maskPassword(before) },
      after: { url: next === null ? null : maskPassword(next) },
    });
    // inside the transaction: if the file cannot be written, the audit row is rolled back with it
    writeDatabaseConfig(configFile, next, secretsOf(app));
  });
  const message =
    next === null
      ? `Al reiniciar, la aplicación volverá a la base local (SQLite) de este equipo. ${notCopied()}`
      : `Conexión guardada: al reiniciar, la aplicación usará ${withoutPassword(next)}. ${notCopied()}`;
  return { saved: true, restartNeeded: true, message: message + precedenceNote(app) };
}
