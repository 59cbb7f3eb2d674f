/**
 * The desktop app's log: electron-log's main-process logger writing to the data folder's
 * logs/ventanilla.log with the rotation of electron/core/logging.ts. The back office's `console`
 * lines go there too, and uncaught errors of the main process.
 */
import log from 'electron-log/main';
import { configureLogFile, logFileIn, loggerOver } from '../core/logging';
import type { Logger } from '../core/runtime';

export function startLogging(dataDir: string, version: string): { file: string; logger: Logger } {
  const file = logFileIn(dataDir, 'escritorio');
  configureLogFile(log.transports.file, file);
  // electron-log keeps the original console for its own console transport: no loop
  Object.assign(console, log.functions);
  log.errorHandler.startCatching({ showDialog: false });
  log.info(`Ventanilla ${version} inicia (Electron ${process.versions.electron}, ${process.platform} ${process.arch}); carpeta de datos ${dataDir}`);
  return { file, logger: loggerOver(log) };
}

/** The logger electron-updater writes to (the same file). */
export const updaterLogger = log;
