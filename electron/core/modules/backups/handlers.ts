import type { HandlerTable } from '../../context';
import { auditTargetOf, checkAudit } from '../audit/verify';
import { backupsOverview, createManualBackup, restoreBackup, restorePreview } from './service';

export const backupHandlers: Pick<HandlerTable, 'backups.list' | 'backups.create' | 'backups.restore' | 'backups.restorePreview' | 'backups.verifyAudit'> = {
  'backups.list': { access: ['administrador'], run: (_input, { app }) => backupsOverview(app) },
  'backups.create': { access: ['administrador'], run: (_input, { app, actor }) => createManualBackup(app, actor) },
  /** only a file of the backups folder, by name; ends every session; a broken chain only with acceptBrokenChain */
  'backups.restore': { access: ['administrador'], run: ({ file, acceptBrokenChain }, { app, actor }) => restoreBackup(app, actor, file, { acceptBrokenChain }) },
  /** the restore's confirmation: the copy's chain and the numbers issued after it; writes nothing */
  'backups.restorePreview': { access: ['administrador'], run: ({ file }, { app }) => restorePreview(app, file) },
  /** the chain, its anchors outside the file and the reconciliation (SQLite and PostgreSQL); writes nothing */
  'backups.verifyAudit': { access: ['administrador'], run: (_input, { app }) => checkAudit(auditTargetOf(app)) },
};
