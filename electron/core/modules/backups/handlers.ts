import type { HandlerTable } from '../../context';
import { backupsOverview, createManualBackup, restoreBackup } from './service';
import { backupDestinations, saveCopyTo } from './copyTo';

export const backupHandlers: Pick<HandlerTable, 'backups.list' | 'backups.create' | 'backups.restore' | 'backups.saveCopy' | 'backups.destinations'> = {
  'backups.list': { access: ['administrador'], run: (_input, { app }) => backupsOverview(app) },
  'backups.create': { access: ['administrador'], run: (_input, { app, actor }) => createManualBackup(app, actor) },
  /** only a file of the backups folder, by name; ends every session */
  'backups.restore': {
    access: ['administrador'],
    run: async ({ file }, { app, actor }) => {
      const result = await restoreBackup(app, actor, file);
      // the screen shows the folder as it is now (with the copy kept aside) behind the "log in again" message
      return { ...result, files: (await backupsOverview(app)).files };
    },
  },
  'backups.saveCopy': { access: ['administrador'], run: ({ folder }, { app, actor }) => saveCopyTo(app, actor, folder) },
  'backups.destinations': { access: ['administrador'], run: async () => backupDestinations() },
};
