import type { HandlerTable } from '../../context';
import { backupsOverview, createManualBackup, restoreBackup } from './service';

export const backupHandlers: Pick<HandlerTable, 'backups.list' | 'backups.create' | 'backups.restore'> = {
  'backups.list': { access: ['administrador'], run: (_input, { app }) => backupsOverview(app) },
  'backups.create': { access: ['administrador'], run: (_input, { app, actor }) => createManualBackup(app, actor) },
  /** only a file of the backups folder, by name; ends every session */
  'backups.restore': { access: ['administrador'], run: ({ file }, { app, actor }) => restoreBackup(app, actor, file) },
};
