import type { HandlerTable } from '../../context';
import { auditTargetOf, checkAudit } from '../audit/verify';
import { backupsOverview, createManualBackup, restoreBackup, restorePreview } from './service';
import { backupDestinations, saveCopyTo } from './copyTo';

export const backupHandlers: Pick<
  HandlerTable,
  'backups.list' | 'backups.create' | 'backups.restore' | 'backups.restorePreview' | 'backups.verifyAudit' | 'backups.saveCopy' | 'backups.destinations'
> = {
  'backups.list': { access: ['administrador'], run: (_input, { app }) => backupsOverview(app) },
  'backups.create': { access: ['administrador'], run: (_input, { app, actor }) => createManualBackup(app, actor) },
  /** only a file of the backups folder, by name; ends every session; a broken chain only with acceptBrokenChain */
  'backups.restore': {
    access: ['administrador'],
    run: async ({ file, acceptBrokenChain }, { app, actor }) => {
      const result = await restoreBackup(app, actor, file, { acceptBrokenChain });
      // the screen shows the folder as it is now (with the copy kept aside) behind the "log in again" message
      return { ...result, files: (await backupsOverview(app)).files };
    },
  },
  /** the restore's confirmation: the copy's chain and the numbers issued after it; writes nothing */
  'backups.restorePreview': { access: ['administrador'], run: ({ file }, { app }) => restorePreview(app, file) },
  /** the chain, its anchors outside the file and the reconciliation (SQLite and PostgreSQL); writes nothing */
  'backups.verifyAudit': { access: ['administrador'], run: (_input, { app }) => checkAudit(auditTargetOf(app)) },
  'backups.saveCopy': { access: ['administrador'], run: ({ folder }, { app, actor }) => saveCopyTo(app, actor, folder) },
  'backups.destinations': { access: ['administrador'], run: async () => backupDestinations() },
};
