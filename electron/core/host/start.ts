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
import log from 'electron-log/node';
import { openBackOffice, closeBackOffice, databaseFromEnvironment, describeDatabase } from '../backoffice';
import { configFileFor, defaultSecretBoxes } from '../database-config';
import { prepareDataFolder } from '../data-folder-move';
import { configureLogFile, logFileIn, loggerOver } from '../logging';
import { DB_FILE_NAME } from '../paths';
import { applicationVersion, ProblemLog, type Runtime } from '../runtime';
import { startSchedulers } from '../schedulers';
import { startHost } from './server';
import { startupMark } from '../startup-marks';

async function main(): Promise<void> {
  startupMark('módulos del arranque cargados');
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string', default: '5180' },
      static: { type: 'string', default: path.resolve('out/web') },
    },
  });
  // the machine's data folder (a move asked in Administración › Este equipo is done now)
  const early: string[] = [];
  const { folder } = await prepareDataFolder((m) => early.push(m));
  const explicit = values.db ?? process.env.VENTANILLA_DB;
  const dataDir = explicit === undefined || /^postgres/i.test(explicit) ? folder.dir : path.dirname(path.resolve(explicit));
  const logFile = logFileIn(dataDir, 'navegador');
  configureLogFile(log.transports.file, logFile);
  const logger = loggerOver(log);
  // the terminal keeps showing plain lines; the file gets them with date and level
  log.transports.console.format = '{text}';
  Object.assign(console, log.functions);
  early.forEach((m) => logger.info(m));
  const defaultFile = () => process.env.VENTANILLA_DB ?? path.join(folder.dir, DB_FILE_NAME);
  const secrets = defaultSecretBoxes(configFileFor(defaultFile()));
  const problems = new ProblemLog();
  const runtime: Runtime = {
    program: 'navegador',
    version: applicationVersion(),
    secrets,
    // a database given explicitly is not the machine's folder: it is not moved from the screen
    dataFolder: explicit === undefined ? folder : null,
    logFile,
    log: logger,
    problems,
  };
  startupMark('carpeta de datos y registro listos');
  const database = databaseFromEnvironment(values.db, defaultFile, secrets);
  const app = await openBackOffice(database.databaseUrl !== undefined ? { ...database, dataDir, runtime } : { ...database, runtime });
  startupMark('base de datos abierta y revisada');
  if (app.migration.backupFile) console.log(`Copia de seguridad antes de actualizar la base de datos: ${app.migration.backupFile}`);
  const host = await startHost({ app, port: Number(values.port), staticDir: values.static, key: process.env.VENTANILLA_WEB_KEY });
  // the address carries the access key: to the terminal only, never to the log file
  startupMark('escuchando');
  process.stdout.write(`Ventanilla (navegador) lista en ${host.url}\n`);
  logger.info(`Ventanilla (navegador) lista en ${host.url.replace(/\?k=.*$/, '')}`);
  console.log(`Base de datos: ${describeDatabase(database)}`);
  // after listening: the schedulers' modules load while the browser loads the page
  const schedulers = startSchedulers(app, { log: (m) => logger.info(m), onBackupFailure: (m) => problems.add('copia', m) });
  const stop = async () => {
    await schedulers.stop();
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
