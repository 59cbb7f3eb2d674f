/**
 * Updates from the company's server (electron-updater, generic provider; the address is the
 * setting of Administración › Este equipo). A running app asks at start and every four hours,
 * downloads in the background, and installs when it closes (or at once, if the person chooses
 * "Reiniciar ahora"). Only the installed app updates itself; a development run says so.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import type { AppUpdater } from 'electron-updater';
import type { UpdateStatus } from '../../shared/contract/desktop';
import type { Logger, ProblemLog, UpdateChecker } from '../core/runtime';
import { updateReadyMessage, updateStatusText } from './messages';
import { CHECK_EVERY_MS, genericFeed } from './update-feed';
import { updaterLogger } from './logging';

/**
 * electron-updater (~0.2 s of CPU to load) loads when there is an update server to ask, after the
 * window opens, not on the start path (issue 20, item 5); without a server it never loads.
 */
async function loadAutoUpdater(): Promise<AppUpdater> {
  const { default: electronUpdater } = await import('electron-updater');
  return electronUpdater.autoUpdater;
}

export class Updater implements UpdateChecker {
  private url: string | null = null;
  private state: UpdateStatus = { state: 'sin-servidor', message: updateStatusText('sin-servidor'), version: null };
  private timer: NodeJS.Timeout | null = null;
  private asked = false;
  private loading: Promise<AppUpdater> | null = null;

  constructor(
    private readonly log: Logger,
    private readonly problems: ProblemLog,
    private readonly window: () => BrowserWindow | null,
  ) {}

  /** electron-updater with this app's listeners, loaded on the first use */
  private autoUpdater(): Promise<AppUpdater> {
    this.loading ??= loadAutoUpdater().then((autoUpdater) => {
      this.listen(autoUpdater);
      return autoUpdater;
    });
    return this.loading;
  }

  private listen(autoUpdater: AppUpdater): void {
    autoUpdater.logger = updaterLogger;
    autoUpdater.autoDownload = true;
    autoUpdater.autoInstallOnAppQuit = true;
    autoUpdater.on('checking-for-update', () => this.set('buscando'));
    autoUpdater.on('update-not-available', () => this.set('al-dia'));
    autoUpdater.on('update-available', (info) => this.set('descargando', { version: info.version }));
    autoUpdater.on('download-progress', (progress) => this.set('descargando', { version: this.state.version, percent: progress.percent }));
    autoUpdater.on('update-downloaded', (info) => {
      this.set('lista', { version: info.version });
      void this.offerRestart(info.version);
    });
    autoUpdater.on('error', (error) => {
      this.set('error', { error: error.message });
      this.problems.add('actualizacion', this.state.message);
    });
  }

  private set(state: UpdateStatus['state'], details: { version?: string | null; percent?: number | null; error?: string | null } = {}): void {
    const version = details.version ?? (state === 'al-dia' || state === 'sin-servidor' ? null : this.state.version);
    this.state = { state, version, message: updateStatusText(state, { url: this.url, ...details, version }) };
    if (state !== 'descargando') this.log.info(`Actualizaciones: ${this.state.message}`);
  }

  /** Points at the server (null: none); called at start and when the setting changes. */
  configure(url: string | null): void {
    this.url = url;
    if (url === null) {
      this.set('sin-servidor');
      return;
    }
    this.set('al-dia');
    void this.autoUpdater().then((autoUpdater) => {
      if (this.url === url) autoUpdater.setFeedURL(genericFeed(url));
    });
  }

  /** Asks at once and then every four hours. */
  start(): void {
    void this.check();
    this.timer ??= setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  status(): UpdateStatus {
    return this.state;
  }

  async check(): Promise<UpdateStatus> {
    if (this.url === null) return this.state;
    if (!app.isPackaged) {
      this.state = { state: 'sin-servidor', version: null, message: 'Solo la aplicación instalada se actualiza sola (esta se ejecuta desde el código fuente).' };
      return this.state;
    }
    try {
      await (await this.autoUpdater()).checkForUpdates();
    } catch (error) {
      this.set('error', { error: error instanceof Error ? error.message : String(error) });
    }
    return this.state;
  }

  private async offerRestart(version: string): Promise<void> {
    if (this.asked) return;
    this.asked = true;
    const text = updateReadyMessage(version);
    const owner = this.window();
    const options = { type: 'info' as const, title: text.title, message: text.message, detail: text.detail, buttons: text.buttons, defaultId: 1, cancelId: 1, noLink: true };
    const { response } = owner ? await dialog.showMessageBox(owner, options) : await dialog.showMessageBox(options);
    if (response === 0) (await this.autoUpdater()).quitAndInstall();
  }

  /**
   * At start, when the database is newer than this app: download from `url` and install at once,
   * opening the app again afterwards. Resolves with an error message, or never (the app quits).
   */
  static async installNow(url: string, log: Logger): Promise<string> {
    if (!app.isPackaged) return 'Solo la aplicación instalada se actualiza sola.';
    const autoUpdater = await loadAutoUpdater();
    autoUpdater.logger = updaterLogger;
    autoUpdater.autoDownload = true;
    autoUpdater.setFeedURL(genericFeed(url));
    return new Promise<string>((resolve) => {
      autoUpdater.once('update-downloaded', () => {
        log.info('Actualización descargada: se instala y la aplicación se abre de nuevo');
        autoUpdater.quitAndInstall(true, true);
      });
      autoUpdater.once('update-not-available', () =>
        resolve(`El servidor de actualizaciones (${url}) no tiene una versión más nueva que esta. Publique allí la versión que usan las otras ventanillas.`),
      );
      autoUpdater.once('error', (error) => resolve(`No se pudo actualizar desde ${url}: ${error.message}`));
      autoUpdater.checkForUpdates().catch((error: unknown) => resolve(`No se pudo actualizar desde ${url}: ${error instanceof Error ? error.message : String(error)}`));
    });
  }
}
