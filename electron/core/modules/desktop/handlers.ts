import type { HandlerTable } from '../../context';
import { about, cancelFolderMove, checkFolder, checkUpdates, dataFolderStatus, moveFolder, problems, readDesktopSettings, reportError, restart, saveDesktopSettings } from './service';

type DesktopHandlerName =
  | 'desktop.about'
  | 'desktop.dataFolder'
  | 'desktop.checkFolder'
  | 'desktop.moveFolder'
  | 'desktop.cancelMove'
  | 'desktop.restart'
  | 'desktop.settings'
  | 'desktop.saveSettings'
  | 'desktop.checkUpdates'
  | 'desktop.problems'
  | 'desktop.reportError';

/** This computer: data folder, log, version and updates, link hosts (issue 21). */
export const desktopHandlers: Pick<HandlerTable, DesktopHandlerName> = {
  /** Ayuda › Acerca de, for everyone logged in */
  'desktop.about': { access: 'authenticated', run: (_input, { app }) => about(app) },
  'desktop.dataFolder': { access: ['administrador'], run: async (_input, { app }) => dataFolderStatus(app) },
  'desktop.checkFolder': { access: ['administrador'], run: ({ path }, { app }) => checkFolder(app, path) },
  'desktop.moveFolder': { access: ['administrador'], run: ({ path }, { app, actor }) => moveFolder(app, actor, path) },
  'desktop.cancelMove': { access: ['administrador'], run: (_input, { app, actor }) => cancelFolderMove(app, actor) },
  'desktop.restart': { access: ['administrador'], run: async (_input, { app }) => restart(app) },
  'desktop.settings': { access: ['administrador'], run: (_input, { app }) => readDesktopSettings(app.db) },
  'desktop.saveSettings': { access: ['administrador'], run: (input, { app, actor }) => saveDesktopSettings(app, actor, input) },
  'desktop.checkUpdates': { access: ['administrador'], run: (_input, { app }) => checkUpdates(app) },
  'desktop.problems': { access: ['administrador'], run: async (_input, { app }) => problems(app) },
  /** before login too: an error on the login screen must reach the log (at most 30 a minute) */
  'desktop.reportError': { access: 'public', run: async (input, { app, session }) => reportError(app, session?.user.username ?? 'sin sesión', input) },
};
