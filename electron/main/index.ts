/**
 * The Electron main process: one instance per user of the computer; resolves the machine's data
 * folder (doing a move that was waiting), starts the log there, opens the back office
 * (electron/core) — or says in Spanish why it cannot, with what to do —, serves the renderer from
 * the app:// scheme, answers the one IPC channel 'api', keeps the daily backup and the updates.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, shell } from 'electron';
import { databaseFromEnvironment, describeDatabase, openBackOffice, type OpenOptions } from '../core/backoffice';
import type { BackOffice } from '../core/context';
import { addSealedPassword, configFileFor, SealedElsewhereError, withoutPassword } from '../core/database-config';
import { currentSystem, machineFolder, type DataFolder } from '../core/data-folder';
import { prepareDataFolder, type MoveOutcome } from '../core/data-folder-move';
import { backupsDir } from '../core/db/backup';
import { assertNotNewer, NewerSchemaError } from '../core/db/migrate';
import { DB_FILE_NAME } from '../core/paths';
import { loadDispatch, startSchedulers, type RunningSchedulers } from '../core/schedulers';
import { consoleLogger, ProblemLog, type Logger, type Runtime } from '../core/runtime';
import { keyFileBox, type SecretBox } from '../core/secrets';
import type { DesktopSettings } from '../../shared/contract/desktop';
import { PASSWORD_PROMPT_HASH } from '../../shared/password-prompt';
import { startupMark } from '../core/startup-marks';
import { startLogging } from './logging';
import { aboutText, ACTION_LABELS, startupProblem, type StartupContext } from './messages';
import { answerPromptCall, sealedUsers, type PasswordPrompt } from './password-prompt';
import { safeStorageBox } from './secrets';
import { APP_ORIGIN, APP_SCHEME, hardenContents, hardenSession, isAppUrl, setExternalHosts } from './security';
import { Updater } from './updater';
import { bringToFront, createMainWindow, hardenedPreferences, windowStateFile } from './window';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let backOffice: BackOffice | null = null;
let mainWindow: BrowserWindow | null = null;
let schedulers: RunningSchedulers | null = null;
/** the password question before the back office opens (password-prompt.ts), while it is asked */
let prompt: { window: BrowserWindow; answers: PasswordPrompt } | null = null;
let logger: Logger = consoleLogger;
const problems = new ProblemLog();

/**
 * The back office's services this file calls outside the start path (the About box, a restore at
 * start, the password question, the desktop settings after the window opens) load when used: with
 * them in the start path the window waited for their modules (issue 20, item 5).
 */
const desktopService = () => import('../core/modules/desktop/service');

/** out/main, where this file runs from once built */
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
/** how often a running counter checks that another one did not move the shared database to a newer schema */
const SCHEMA_CHECK_MS = 30 * 60 * 1000;

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, (request) => {
    const { pathname } = new URL(request.url);
    const file = path.resolve(rendererDir, decodeURIComponent(pathname).replace(/^\/+/, '') || 'index.html');
    if (!file.startsWith(rendererDir + path.sep)) return new Response('No encontrado', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}

function openWindow(): void {
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  mainWindow = createMainWindow({
    stateFile: windowStateFile(),
    preload: path.join(here, '../preload/index.cjs'),
    url: !app.isPackaged && devUrl ? devUrl : `${APP_ORIGIN}/index.html`,
    log: logger,
    problems,
  });
  mainWindow.on('closed', () => (mainWindow = null));
}

function registerApi(): void {
  ipcMain.handle('api', async (event, name: unknown, args: unknown, token: unknown) => {
    // only our own windows, showing our own page, may call
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isAppUrl(frameUrl)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Origen no permitido' } };
    // the password question answers only its own calls, before the back office exists
    if (prompt && event.sender === prompt.window.webContents) return answerPromptCall(prompt.answers, String(name), args);
    if (!mainWindow || event.sender !== mainWindow.webContents) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Origen no permitido' } };
    }
    if (!backOffice) return { ok: false, error: { code: 'INTERNAL', message: 'El sistema aún no está listo' } };
    startupMark('primera petición a la API');
    const result = await (await loadDispatch()).dispatch(backOffice, String(name), args, { door: 'ipc', token: typeof token === 'string' ? token : null });
    startupMark('primera respuesta de la API');
    return result;
  });
}

/**
 * The saved PostgreSQL password was sealed by another Windows user of this computer: ask this user
 * for it once (a small window of the app), test it against the server and seal it for this user
 * too. Resolves true when the app can go on.
 */
function askDatabasePassword(sealed: SealedElsewhereError, secrets: SecretBox[]): Promise<boolean> {
  return new Promise((resolve) => {
    const window = new BrowserWindow({
      width: 560,
      height: 600,
      resizable: false,
      minimizable: false,
      maximizable: false,
      title: 'Ventanilla · Clave de la base de datos',
      autoHideMenuBar: true,
      webPreferences: hardenedPreferences(path.join(here, '../preload/index.cjs')),
    });
    hardenContents(window.webContents);
    let settled = false;
    const settle = (accepted: boolean) => {
      if (settled) return;
      settled = true;
      prompt = null;
      resolve(accepted);
    };
    prompt = {
      window,
      answers: {
        server: withoutPassword(sealed.url),
        sealedBy: sealedUsers(sealed.sealers),
        user: os.userInfo().username,
        tryPassword: async (password) => {
          const url = new URL(sealed.url);
          url.password = encodeURIComponent(password);
          const { testConnection } = await import('../core/modules/database/service');
          const test = await testConnection(url.toString());
          if (!test.ok) return test.message;
          addSealedPassword(sealed.file, password, secrets);
          logger.info(`Clave de la base de datos guardada para el usuario ${os.userInfo().username}`);
          return null;
        },
        finish: (accepted) => {
          settle(accepted);
          // the answer reaches the window before it closes
          setTimeout(() => !window.isDestroyed() && window.close(), 200);
        },
      },
    };
    window.on('closed', () => settle(false));
    void window.loadURL(`${APP_ORIGIN}/index.html${PASSWORD_PROMPT_HASH}`);
  });
}

async function showAbout(): Promise<void> {
  if (!backOffice) return;
  const info = await (await desktopService()).about(backOffice);
  const text = aboutText(info);
  const buttons = ['Aceptar', 'Abrir la carpeta de datos', 'Abrir la carpeta del registro'];
  const options = { type: 'info' as const, title: text.title, message: text.message, detail: text.detail, buttons, defaultId: 0, cancelId: 0, noLink: true };
  const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
  if (response === 1) void shell.openPath(info.dataDir);
  if (response === 2 && info.logFile) void shell.openPath(path.dirname(info.logFile));
}

function buildMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { label: 'Archivo', submenu: [{ role: 'quit', label: 'Salir' }] },
      {
        label: 'Editar',
        submenu: [
          { role: 'undo', label: 'Deshacer' },
          { role: 'redo', label: 'Rehacer' },
          { type: 'separator' },
          { role: 'cut', label: 'Cortar' },
          { role: 'copy', label: 'Copiar' },
          { role: 'paste', label: 'Pegar' },
          { role: 'selectAll', label: 'Seleccionar todo' },
        ],
      },
      {
        label: 'Ver',
        submenu: [
          { role: 'reload', label: 'Volver a cargar la pantalla' },
          { type: 'separator' },
          { role: 'resetZoom', label: 'Tamaño normal' },
          { role: 'zoomIn', label: 'Ampliar' },
          { role: 'zoomOut', label: 'Reducir' },
          { type: 'separator' },
          { role: 'togglefullscreen', label: 'Pantalla completa' },
        ],
      },
      { label: 'Ayuda', submenu: [{ label: 'Acerca de Ventanilla', click: () => void showAbout() }] },
    ]),
  );
}

/** The dialog for a database that did not open; loops until the person quits (or a restore or update restarts the app). */
async function cannotOpen(error: unknown, ctx: StartupContext & { dbFile: string | null }): Promise<void> {
  logger.error('No se pudo abrir la base de datos', error);
  for (;;) {
    const problem = startupProblem(error, ctx);
    const buttons = [...problem.actions.map((a) => ACTION_LABELS[a]), ACTION_LABELS.salir];
    const { response } = await dialog.showMessageBox({
      type: 'error',
      title: problem.title,
      message: problem.message,
      detail: problem.detail,
      buttons,
      defaultId: 0,
      cancelId: buttons.length - 1,
      noLink: true,
    });
    const action = problem.actions[response];
    if (action === 'carpeta') {
      await shell.openPath(ctx.dataDir);
    } else if (action === 'restaurar' && ctx.dbFile) {
      if (await restoreAtStart(ctx.dbFile)) {
        app.relaunch();
        app.exit(0);
        return;
      }
    } else if (action === 'actualizar' && ctx.updateUrl) {
      await dialog.showMessageBox({
        type: 'info',
        title: 'Actualizando Ventanilla',
        message: 'Se descarga la versión nueva.',
        detail: 'Ventanilla se cierra, se instala la versión nueva y se abre sola al terminar (puede tardar unos minutos).',
        buttons: ['Aceptar'],
      });
      const failure = await Updater.installNow(ctx.updateUrl, logger);
      await dialog.showMessageBox({ type: 'error', title: 'No se pudo actualizar', message: 'Ventanilla no se actualizó.', detail: failure, buttons: ['Aceptar'] });
    } else {
      app.exit(1);
      return;
    }
  }
}

/** "Restaurar una copia de seguridad…" at start: pick a copy, confirm, restore with the database closed. */
async function restoreAtStart(dbFile: string): Promise<boolean> {
  const picked = await dialog.showOpenDialog({
    title: 'Restaurar una copia de seguridad',
    defaultPath: backupsDir(dbFile),
    filters: [{ name: 'Copias de seguridad de Ventanilla', extensions: ['sqlite'] }],
    properties: ['openFile'],
  });
  const source = picked.filePaths[0];
  if (picked.canceled || !source) return false;
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Restaurar una copia de seguridad',
    message: `¿Reemplazar la base de datos por ${path.basename(source)}?`,
    detail: 'La base de datos actual se guarda aparte en la carpeta «backups» («antes-de-restaurar-…»). Lo registrado después de esa copia no estará en la base restaurada.',
    buttons: ['Restaurar', 'Cancelar'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  if (response !== 0) return false;
  try {
    const { restoreDatabaseFile } = await import('../core/modules/backups/service');
    const result = await restoreDatabaseFile(dbFile, source, { userId: null, name: 'escritorio', officeId: null });
    logger.info(`Copia restaurada al iniciar: ${result.restored}`);
    return true;
  } catch (error) {
    logger.error('No se pudo restaurar la copia al iniciar', error);
    await dialog.showMessageBox({ type: 'error', title: 'No se restauró la copia', message: 'La copia no se restauró.', detail: error instanceof Error ? error.message : String(error), buttons: ['Aceptar'] });
    return false;
  }
}

/** A counter left behind by another that updated the shared database: say it once, with the way out. */
function watchSchema(office: BackOffice): void {
  let said = false;
  const timer = setInterval(() => {
    assertNotNewer(office.db).catch((error: unknown) => {
      if (!(error instanceof NewerSchemaError) || said) return;
      said = true;
      problems.add('actualizacion', error.message);
      logger.warn(error.message);
      const options = { type: 'warning' as const, title: 'Hay que actualizar Ventanilla en este equipo', message: 'Otra ventanilla actualizó la base de datos compartida.', detail: error.message, buttons: ['Aceptar'] };
      void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
    });
  }, SCHEMA_CHECK_MS);
  timer.unref();
}

function moveReport(move: MoveOutcome | null): void {
  if (!move) return;
  if (move.moved) logger.info(`Carpeta de datos movida de ${move.from} a ${move.to}`);
  else if (move.problem) {
    logger.error(move.problem);
    problems.add('carpeta', move.problem);
    void dialog.showMessageBox({ type: 'warning', title: 'La carpeta de datos no se movió', message: 'Los datos siguen en la carpeta de antes.', detail: move.problem, buttons: ['Aceptar'] });
  }
}

async function start(): Promise<void> {
  startupMark('módulos del arranque cargados');
  await app.whenReady();
  startupMark('Electron listo');
  hardenSession();
  serveRenderer();
  buildMenu();

  // 1. the data folder (a move waiting is done now, before anything opens the database)
  const explicitDb = process.env.VENTANILLA_DB;
  let folder: DataFolder | null = null;
  let move: MoveOutcome | null = null;
  const early: string[] = [];
  try {
    if (!explicitDb) ({ folder, move } = await prepareDataFolder((m) => early.push(m)));
  } catch (error) {
    // the record of the chosen folder is damaged: its folder is the one to open
    await cannotOpen(error, { database: 'la carpeta de datos', dataDir: machineFolder(currentSystem()), engine: 'sqlite', updateUrl: null, dbFile: null });
    return;
  }
  const dataDir = explicitDb ? path.dirname(path.resolve(explicitDb)) : (folder as DataFolder).dir;
  const defaultFile = () => explicitDb ?? path.join(dataDir, DB_FILE_NAME);

  // 2. the log, in that folder
  let logFile: string | null = null;
  try {
    ({ file: logFile, logger } = startLogging(dataDir, app.getVersion()));
  } catch (error) {
    console.error('No se pudo abrir el registro', error);
  }
  early.forEach((m) => logger.info(m));
  moveReport(move);

  // 3. the back office, with the operating system's key store for saved passwords
  const keyStore = safeStorageBox();
  const secrets: SecretBox[] = [...(keyStore ? [keyStore] : []), keyFileBox(path.dirname(configFileFor(defaultFile())))];
  const updater = new Updater(logger, problems, () => mainWindow);
  const runtime: Runtime = {
    program: 'escritorio',
    version: app.getVersion(),
    secrets,
    dataFolder: folder,
    logFile,
    log: logger,
    problems,
    electronVersion: process.versions.electron,
    restart: () => {
      app.relaunch();
      app.quit();
    },
    updates: updater,
    onDesktopSettings: (settings) => applySettings(settings, updater),
  };
  registerApi();
  let database: OpenOptions | null = null;
  try {
    try {
      database = databaseFromEnvironment(undefined, defaultFile, secrets);
    } catch (error) {
      // the saved password belongs to another Windows user: ask this one once, then read it again
      if (!(error instanceof SealedElsewhereError) || !(await askDatabasePassword(error, secrets))) throw error;
      database = databaseFromEnvironment(undefined, defaultFile, secrets);
    }
    const options: OpenOptions = database.databaseUrl !== undefined ? { ...database, dataDir, runtime } : { ...database, runtime };
    const opened = await openBackOffice(options);
    startupMark('base de datos abierta y revisada');
    backOffice = opened;
    logger.info(`Base de datos: ${describeDatabase(database)} (esquema ${opened.migration.schemaVersion})`);
    if (opened.migration.backupFile) logger.info(`Copia antes de actualizar la base de datos: ${opened.migration.backupFile}`);
  } catch (error) {
    const engine = database?.databaseUrl !== undefined ? 'pg' : 'sqlite';
    const updateUrl = error instanceof NewerSchemaError && database ? await (await desktopService()).updateUrlOf(database) : null;
    await cannotOpen(error, {
      database: database ? describeDatabase(database) : defaultFile(),
      dataDir,
      engine,
      updateUrl,
      dbFile: engine === 'sqlite' ? (database?.dbFile ?? defaultFile()) : null,
    });
    return;
  }

  openWindow();
  startupMark('ventana abierta');
  void loadDispatch();
  // after the window: the schedulers' modules load while the window shows the login
  schedulers = startSchedulers(backOffice, { log: (m) => logger.info(m), onBackupFailure: (m) => problems.add('copia', m) });
  applySettings(await (await desktopService()).readDesktopSettings(backOffice.db), updater);
  updater.start();
  watchSchema(backOffice);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

function applySettings(settings: DesktopSettings, updater: Updater): void {
  setExternalHosts(settings.externalLinkHosts);
  updater.configure(settings.updateUrl || null);
}

// one instance per user: a second double-click brings the open window to the front instead of
// starting a second process (and a second backup scheduler) on the same database
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => bringToFront(mainWindow));
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  // a copy cut short leaves only a .partial file, removed at the next start
  app.on('will-quit', () => {
    void schedulers?.stop();
  });
  app.on('window-all-closed', () => {
    // the password question's window closing before the main one opens is not the end
    if (process.platform !== 'darwin' && mainWindow === null && backOffice === null) return;
    if (process.platform !== 'darwin') app.quit();
  });
  void start();
}
