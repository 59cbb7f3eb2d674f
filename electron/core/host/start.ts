/**
 * `npm run web`: the whole app in a browser, against the same back office the desktop app uses.
 *   --db <file|url> database: a SQLite file or postgres://… (default: VENTANILLA_DATABASE_URL, else
 *                   the connection saved on the administration screen (ventanilla.config.json
 *                   beside the default file), else VENTANILLA_DB, else the desktop app's own file)
 *   --port <n>      default 5180 (0: any free port)
 *   --static <dir>  built renderer (default out/web)
 * VENTANILLA_WEB_KEY fixes the access key (tests); otherwise a new random key each start.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBackOffice, closeBackOffice, databaseFromEnvironment, describeDatabase } from '../backoffice';
import { defaultDbFile } from '../paths';
import { DailyBackupScheduler } from '../modules/backups/scheduler';
import { startHost } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string', default: '5180' },
      static: { type: 'string', default: path.resolve('out/web') },
    },
  });
  const database = databaseFromEnvironment(values.db, () => process.env.VENTANILLA_DB ?? defaultDbFile());
  const app = await openBackOffice(database);
  if (app.migration.backupFile) console.log(`Copia de seguridad antes de actualizar la base de datos: ${app.migration.backupFile}`);
  const host = await startHost({ app, port: Number(values.port), staticDir: values.static, key: process.env.VENTANILLA_WEB_KEY });
  console.log(`Ventanilla (navegador) lista en ${host.url}`);
  console.log(`Base de datos: ${describeDatabase(database)}`);
  const backups = new DailyBackupScheduler(app);
  app.afterSetup = backups.firstCopy;
  void backups.start();
  const stop = async () => {
    await backups.stop();
    await host.close();
    await closeBackOffice(app);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`No se pudo iniciar Ventanilla: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
