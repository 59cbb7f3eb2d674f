/**
 * The counter's window: placed inside the work area of its screen and remembered (window-state.ts),
 * hardened (security.ts), and watched: a screen whose process ends or that stops answering gets a
 * Spanish dialog that offers to load it again.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, screen } from 'electron';
import type { Logger, ProblemLog } from '../core/runtime';
import { screenGoneMessage, unresponsiveMessage } from './messages';
import { hardenContents } from './security';
import { hardenedPreferences } from './preferences';
import { placeWindow, readWindowState, writeWindowState, type DisplayArea } from './window-state';

export { hardenedPreferences };

export interface WindowOptions {
  /** the saved size and position (per user of the system: the app's userData folder) */
  stateFile: string;
  preload: string;
  url: string;
  log: Logger;
  problems: ProblemLog;
}

const areaOf = (d: Electron.Display): DisplayArea => ({ id: d.id, workArea: d.workArea, scaleFactor: d.scaleFactor });

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const placement = placeWindow(readWindowState(options.stateFile), screen.getAllDisplays().map(areaOf), areaOf(screen.getPrimaryDisplay()));
  const window = new BrowserWindow({
    ...placement.bounds,
    minWidth: placement.minWidth,
    minHeight: placement.minHeight,
    title: 'Ventanilla',
    show: false,
    autoHideMenuBar: true,
    webPreferences: hardenedPreferences(options.preload),
  });
  hardenContents(window.webContents);
  window.once('ready-to-show', () => {
    if (placement.maximized) window.maximize();
    window.show();
  });
  window.webContents.once('did-finish-load', () => window.webContents.setZoomFactor(placement.zoomFactor));
  window.on('close', () => {
    try {
      writeWindowState(options.stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized(), zoomFactor: window.webContents.getZoomFactor() });
    } catch (error) {
      options.log.warn(`No se pudo guardar el tamaño de la ventana: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  watchScreen(window, options);
  void window.loadURL(options.url);
  return window;
}

/** Crashed or frozen screen: say so and offer to load it again. */
function watchScreen(window: BrowserWindow, options: WindowOptions): void {
  let reloading = false;
  let asking = false;
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    options.log.error(`La pantalla terminó: ${details.reason} (código ${details.exitCode})`);
    options.problems.add('ventana', `La pantalla se cerró de forma inesperada (${details.reason}).`);
    if (reloading) {
      reloading = false;
      window.webContents.reload();
      return;
    }
    const text = screenGoneMessage(details.reason);
    void dialog
      .showMessageBox(window, { type: 'error', title: text.title, message: text.message, detail: text.detail, buttons: text.buttons, defaultId: 0, cancelId: 1, noLink: true })
      .then(({ response }) => (response === 0 ? window.webContents.reload() : app.quit()));
  });
  window.on('unresponsive', () => {
    if (asking) return;
    asking = true;
    options.log.warn('La pantalla no responde');
    const text = unresponsiveMessage();
    void dialog
      .showMessageBox(window, { type: 'warning', title: text.title, message: text.message, detail: text.detail, buttons: text.buttons, defaultId: 0, cancelId: 0, noLink: true })
      .then(({ response }) => {
        asking = false;
        if (response !== 1 || window.isDestroyed()) return;
        options.log.warn('La pantalla se vuelve a cargar a pedido de la persona');
        reloading = true;
        window.webContents.forcefullyCrashRenderer();
      });
  });
  window.on('responsive', () => options.log.info('La pantalla responde de nuevo'));
}

/** A second launch: the window that is already open comes to the front. */
export function bringToFront(window: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'> | null): void {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** The per-user file of the window's size and position. */
export function windowStateFile(): string {
  return path.join(app.getPath('userData'), 'ventana.json');
}
