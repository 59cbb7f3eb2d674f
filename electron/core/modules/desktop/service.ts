/**
 * Administración › Este equipo and Ayuda › Acerca de: the data folder (and its guided move), the
 * log, the version and its updates, the sites a link may open, the problems the administrator must
 * see, and the screen's own errors written to the log. The rules of the folder are in
 * data-folder.ts / data-folder-move.ts; what needs Electron (restart, update checker) comes in the
 * runtime the desktop app gives (runtime.ts).
 */
import type { Knex } from 'knex';
import {
  DEFAULT_DESKTOP_SETTINGS,
  desktopSettingsFields,
  type AboutInfo,
  type DataFolderStatus,
  type DesktopSettings,
  type FolderCheck,
  type MoveRequest,
  type Problem,
  type RestartAnswer,
  type UpdateStatus,
} from '../../../../shared/contract/desktop';
import type { BackOffice } from '../../context';
import { cancelMove, currentSystem, folderBytes, machineFolder, notMovableReason, readDataFolderRecord, recordMove, type DataFolder } from '../../data-folder';
import { checkMoveTarget } from '../../data-folder-move';
import { databaseOriginOf, withoutPassword } from '../../database-config';
import { writeAudit, type Actor } from '../../db/audit';
import { retryingTransaction } from '../../db/dialect';
import { openDatabase } from '../../db/connection';
import { schemaVersion } from '../../db/migrate';
import { AppError, rule } from '../../errors';
import { runtimeOf } from '../../runtime';

const SETTING_KEYS = { updateUrl: 'desktop.updateUrl', externalLinkHosts: 'desktop.externalLinkHosts' } as const;

/** The desktop settings (update server, link hosts), with defaults for those never set. */
export async function readDesktopSettings(db: Knex): Promise<DesktopSettings> {
  const rows: { key: string; value_json: string }[] = await db('settings').whereIn('key', Object.values(SETTING_KEYS)).select('key', 'value_json');
  const stored: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(SETTING_KEYS)) {
    const row = rows.find((r) => r.key === key);
    if (row) stored[field] = JSON.parse(row.value_json);
  }
  const parsed = desktopSettingsFields.safeParse({ ...DEFAULT_DESKTOP_SETTINGS, ...stored });
  return parsed.success ? parsed.data : DEFAULT_DESKTOP_SETTINGS;
}

export async function saveDesktopSettings(app: BackOffice, actor: Actor, next: DesktopSettings): Promise<DesktopSettings> {
  const settings: DesktopSettings = { ...next, externalLinkHosts: [...new Set(next.externalLinkHosts)] };
  await retryingTransaction(app.db, async (trx) => {
    const before = await readDesktopSettings(trx);
    for (const [field, key] of Object.entries(SETTING_KEYS)) {
      await trx('settings')
        .insert({ key, value_json: JSON.stringify(settings[field as keyof DesktopSettings]) })
        .onConflict('key')
        .merge();
    }
    await writeAudit(trx, actor, { action: 'desktop.settings', entity: 'settings', entityId: null, before, after: settings });
  });
  runtimeOf(app).onDesktopSettings?.(settings);
  return settings;
}

/** How the database in use is named: the SQLite file, or the server without its password. */
function databaseName(app: BackOffice): string {
  if (app.engine === 'sqlite') return app.dbFile ?? '';
  const { url } = databaseOriginOf(app);
  return url ? `PostgreSQL ${withoutPassword(url)}` : 'PostgreSQL';
}

const NO_UPDATES: UpdateStatus = {
  state: 'sin-servidor',
  message: 'Las actualizaciones automáticas son de la aplicación de escritorio: aquí la aplicación se actualiza instalando la versión nueva.',
  version: null,
};

export async function about(app: BackOffice): Promise<AboutInfo> {
  const runtime = runtimeOf(app);
  return {
    product: 'Ventanilla',
    version: runtime.version,
    program: runtime.program,
    dataDir: runtime.dataFolder?.dir ?? app.dataDir,
    dataFolderSource: runtime.dataFolder?.source ?? 'argumento',
    logFile: runtime.logFile,
    database: databaseName(app),
    schemaVersion: await schemaVersion(app.db),
    electron: runtime.electronVersion ?? null,
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    updates: runtime.updates?.status() ?? NO_UPDATES,
  };
}

/** The folder as resolved at start, with what the record says now (a move asked since then). */
function currentFolder(app: BackOffice): DataFolder | null {
  const folder = runtimeOf(app).dataFolder;
  if (!folder) return null;
  const record = readDataFolderRecord(folder.recordFile);
  const pending = record?.moveTo && (!record.moveFrom || record.moveFrom === folder.dir) ? record.moveTo : null;
  return { ...folder, pendingMove: pending, lastMoveProblem: record?.lastMoveProblem ?? folder.lastMoveProblem };
}

export function dataFolderStatus(app: BackOffice): DataFolderStatus {
  const runtime = runtimeOf(app);
  const folder = currentFolder(app);
  const reason = notMovableReason(folder);
  return {
    dir: folder?.dir ?? app.dataDir,
    source: folder?.source ?? 'argumento',
    machineFolder: folder?.machineFolder ?? machineFolder(currentSystem()),
    previous: folder?.previous ?? null,
    pendingMove: folder?.pendingMove ?? null,
    lastMoveProblem: folder?.lastMoveProblem ?? null,
    suggested: folder?.suggested ?? null,
    movable: reason === null,
    notMovableReason: reason,
    bytes: folderBytes(folder?.dir ?? app.dataDir),
    canRestart: runtime.restart !== undefined,
  };
}

function movableFolder(app: BackOffice): DataFolder {
  const folder = currentFolder(app);
  const reason = notMovableReason(folder);
  if (reason !== null || !folder) throw rule(reason ?? 'La carpeta de datos no se puede mover desde aquí.');
  return folder;
}

export async function checkFolder(app: BackOffice, target: string): Promise<FolderCheck> {
  return checkMoveTarget(movableFolder(app), target);
}

/** Changes the move waiting in the record with an audit row, in one transaction: if the record cannot be written, the row is rolled back. */
async function changeMove(app: BackOffice, actor: Actor, action: string, folder: DataFolder, pendingMove: string | null, write: () => void): Promise<void> {
  await retryingTransaction(app.db, async (trx) => {
    await writeAudit(trx, actor, {
      action,
      entity: 'dataFolder',
      entityId: null,
      before: { dir: folder.dir, pendingMove: folder.pendingMove },
      after: { dir: folder.dir, pendingMove },
    });
    write();
  });
}

/** Records the move for the next start, after checking the folder; one audit row. */
export async function moveFolder(app: BackOffice, actor: Actor, target: string): Promise<MoveRequest> {
  const folder = movableFolder(app);
  const check = await checkMoveTarget(folder, target);
  if (!check.ok) throw new AppError('VALIDATION', check.problems.join(' '), { path: check.problems[0] });
  await changeMove(app, actor, 'desktop.moveFolder', folder, check.path, () => recordMove(folder, check.path, actor.name));
  const restart = runtimeOf(app).restart
    ? 'Pulse «Reiniciar ahora» (o cierre Ventanilla y ábrala de nuevo).'
    : 'Cierre la aplicación y ábrala de nuevo.';
  return {
    pendingMove: check.path,
    message:
      `Los datos se copiarán a ${check.path} la próxima vez que se abra la aplicación, antes de abrir la base de datos. ${restart} ` +
      `La carpeta actual (${folder.dir}) queda como está; su base de datos se renombra para que nadie siga escribiendo en ella.`,
  };
}

export async function cancelFolderMove(app: BackOffice, actor: Actor): Promise<DataFolderStatus> {
  const folder = movableFolder(app);
  if (!folder.pendingMove) throw rule('No hay ningún traslado de la carpeta de datos pendiente.');
  await changeMove(app, actor, 'desktop.cancelMove', folder, null, () => cancelMove(folder));
  return dataFolderStatus(app);
}

export function restart(app: BackOffice): RestartAnswer {
  const runtime = runtimeOf(app);
  if (!runtime.restart) {
    return { restarting: false, message: 'Esta aplicación no se reinicia sola: ciérrela y ábrala de nuevo para aplicar el cambio.' };
  }
  // answer first, then close: the screen gets its answer before the window goes
  setTimeout(() => runtime.restart?.(), 300).unref();
  return { restarting: true, message: 'Ventanilla se cierra y se abre de nuevo…' };
}

export async function checkUpdates(app: BackOffice): Promise<UpdateStatus> {
  const updates = runtimeOf(app).updates;
  return updates ? updates.check() : NO_UPDATES;
}

export function problems(app: BackOffice): Problem[] {
  return runtimeOf(app).problems.list();
}

/** At most this many screen errors a minute are written (a loop of errors must not fill the disk). */
const REPORTS_PER_MINUTE = 30;
const reportWindows = new WeakMap<BackOffice, { since: number; count: number }>();

export function reportError(app: BackOffice, who: string, input: { message: string; detail?: string; where?: string }): { logged: boolean } {
  const now = Date.now();
  const window = reportWindows.get(app);
  if (!window || now - window.since > 60_000) reportWindows.set(app, { since: now, count: 1 });
  else if (++window.count > REPORTS_PER_MINUTE) return { logged: false };
  // the screen's text never forges a line of the log: the message on one line, the detail indented
  const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ⏎ ');
  const detail = input.detail ? `\n${input.detail.split(/\r?\n/).map((line) => `    | ${line}`).join('\n')}` : '';
  runtimeOf(app).log.error(`Error en la pantalla${input.where ? ` (${oneLine(input.where)})` : ''}, usuario ${who}: ${oneLine(input.message)}${detail}`);
  return { logged: true };
}

/**
 * The update server saved in a database this application could not open (its schema is newer):
 * read straight from the settings table, which every version has. Null when it cannot be read.
 */
export async function updateUrlOf(options: { dbFile?: string; databaseUrl?: string }): Promise<string | null> {
  const db = options.databaseUrl !== undefined ? openDatabase({ url: options.databaseUrl }) : options.dbFile ? openDatabase({ filename: options.dbFile }) : null;
  if (!db) return null;
  try {
    return (await readDesktopSettings(db)).updateUrl || null;
  } catch {
    return null;
  } finally {
    await db.destroy();
  }
}
