/**
 * The log file, the same in the desktop app (electron-log/main, electron/main/logging.ts) and the
 * web door (electron-log/node): `<carpeta de datos>/logs/ventanilla.log` (`ventanilla-web.log` for
 * the web door), rotated at 5 MB into ventanilla.1.log … ventanilla.5.log (the oldest is dropped),
 * so the log never takes more than ~30 MB. One line per entry; the back office's `console` goes
 * there too, and the screen's errors arrive through `desktop.reportError`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LogFunctions, NodeLogger } from 'electron-log';
import type { Logger } from './runtime';

export const LOG_DIR_NAME = 'logs';
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_ARCHIVES = 5;
export const LOG_FORMAT = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}] {text}';

/** The log file of a program in a data folder. */
export function logFileIn(dataDir: string, program: 'escritorio' | 'navegador'): string {
  return path.join(dataDir, LOG_DIR_NAME, program === 'escritorio' ? 'ventanilla.log' : 'ventanilla-web.log');
}

/** `ventanilla.log` → `ventanilla.3.log` */
export function archiveName(file: string, n: number): string {
  const { dir, name, ext } = path.parse(file);
  return path.join(dir, `${name}.${n}${ext}`);
}

/**
 * Moves the full log aside: .(keep-1) → .keep (the oldest, .keep, is dropped), …, .1 → .2, the
 * file itself → .1. The caller starts a new, empty file.
 */
export function rotateLogFiles(file: string, keep: number = LOG_ARCHIVES): void {
  fs.rmSync(archiveName(file, keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    const from = archiveName(file, n);
    if (fs.existsSync(from)) fs.renameSync(from, archiveName(file, n + 1));
  }
  if (fs.existsSync(file)) fs.renameSync(file, archiveName(file, 1));
}

/** electron-log's file transport, as both of its flavours (main, node) have it. */
type FileTransport = NodeLogger['transports']['file'];

/** Points electron-log's file transport at `file`, with the rotation above. */
export function configureLogFile(transport: FileTransport, file: string, maxBytes: number = LOG_MAX_BYTES): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  transport.resolvePathFn = () => file;
  transport.maxSize = maxBytes;
  transport.format = LOG_FORMAT;
  transport.level = 'info';
  // readable by the owner only on Linux and macOS; on Windows the data folder's permissions apply
  transport.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  transport.archiveLogFn = (oldLogFile) => {
    try {
      rotateLogFiles(oldLogFile.path, LOG_ARCHIVES);
    } catch {
      // a rotation that fails (a file held open by another program) starts the file over instead
      oldLogFile.clear();
    }
  };
}

/** The back office's Logger over electron-log's functions. */
export function loggerOver(log: LogFunctions): Logger {
  return {
    info: (message) => log.info(message),
    warn: (message) => log.warn(message),
    error: (message, error) => (error === undefined ? log.error(message) : log.error(message, error)),
  };
}
