/**
 * The Electron main process: opens the back office (electron/core) on the user's data folder,
 * serves the renderer from the app:// scheme, and answers the one IPC channel 'api'.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol } from 'electron';
import { databaseFromEnvironment, describeDatabase, openBackOffice, type OpenOptions } from '../core/backoffice';
import { dispatch } from '../core/dispatch';
import { DailyBackupScheduler } from '../core/modules/backups/scheduler';
import type { BackOffice } from '../core/context';
import { DB_FILE_NAME } from '../core/paths';
import { APP_ORIGIN, APP_SCHEME, hardenContents, hardenSession, isAppUrl } from './security';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let backOffice: BackOffice | null = null;
let mainWindow: BrowserWindow | null = null;
let backupScheduler: DailyBackupScheduler | null = null;

/** out/main, where this file runs from once built */
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, (request) => {
    const { pathname } = new URL(request.url);
    const file = path.resolve(rendererDir, decodeURIComponent(pathname).replace(/^\/+/, '') || 'index.html');
    if (!file.startsWith(rendererDir + path.sep)) return new Response('No encontrado', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 680,
    title: 'Ventanilla',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // a middle click must not open links (electronegativity AUXCLICK_JS_CHECK)
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenContents(mainWindow.webContents);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && devUrl) void mainWindow.loadURL(devUrl);
  else void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

function registerApi(): void {
  ipcMain.handle('api', async (event, name: unknown, args: unknown, token: unknown) => {
    // only our own window, showing our own page, may call the back office
    const frameUrl = event.senderFrame?.url ?? '';
    if (!mainWindow || event.sender !== mainWindow.webContents || !isAppUrl(frameUrl)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Origen no permitido' } };
    }
    if (!backOffice) return { ok: false, error: { code: 'INTERNAL', message: 'El sistema aún no está listo' } };
    return dispatch(backOffice, String(name), args, { door: 'ipc', token: typeof token === 'string' ? token : null });
  });
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
          { role: 'resetZoom', label: 'Tamaño normal' },
          { role: 'zoomIn', label: 'Ampliar' },
          { role: 'zoomOut', label: 'Reducir' },
          { type: 'separator' },
          { role: 'togglefullscreen', label: 'Pantalla completa' },
        ],
      },
    ]),
  );
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession();
  serveRenderer();
  buildMenu();
  const defaultFile = () => process.env.VENTANILLA_DB ?? path.join(app.getPath('userData'), DB_FILE_NAME);
  let database: OpenOptions | null = null;
  try {
    // reads the connection saved on the administration screen, too (a broken file stops here)
    database = databaseFromEnvironment(undefined, defaultFile);
    backOffice = await openBackOffice(database);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // on PostgreSQL the reason already says what to do (and how to go back to the local file)
    const where =
      database?.databaseUrl === undefined
        ? `Si se hizo una copia de seguridad, está en la carpeta «backups» junto a ${database ? describeDatabase(database) : defaultFile()}.`
        : '';
    dialog.showErrorBox('Ventanilla no pudo abrir la base de datos', `${reason}\n\nLa base de datos anterior no se modificó. ${where}`);
    app.exit(1);
    return;
  }
  backupScheduler = new DailyBackupScheduler(backOffice);
  backOffice.afterSetup = backupScheduler.firstCopy;
  void backupScheduler.start();
  registerApi();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('web-contents-created', (_event, contents) => hardenContents(contents));
// a copy cut short leaves only a .partial file, removed at the next start
app.on('will-quit', () => void backupScheduler?.stop());
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

void start();
