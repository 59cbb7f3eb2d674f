import { z } from 'zod';
import { empty } from './common';

/**
 * Copies of the database in the `backups/` folder beside it:
 * auto (daily, deleted after the retention days), manual (the administrator's), pre-migration
 * (made before a schema update) and before-restore (the database as it was before a restore).
 */
export const BACKUP_KINDS = ['auto', 'manual', 'pre-migration', 'before-restore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** a file name inside the backups folder: never a path */
export const backupFileName = z
  .string()
  .max(160)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.sqlite$/, { message: 'Indique el nombre de una copia de la carpeta de copias de seguridad' });

export const backupsSchemas = {
  'backups.list': empty,
  /** a manual copy, now, while the offices keep working */
  'backups.create': empty,
  /** replaces the database with a copy from the backups folder; ends every session */
  'backups.restore': z.strictObject({ file: backupFileName }),
  /** a copy now into a folder of this machine (a USB stick): the full path of the folder */
  'backups.saveCopy': z.strictObject({ folder: z.string().trim().min(1, { message: 'Obligatorio' }).max(500) }),
  /** the removable drives mounted on this machine, to suggest where to save a copy */
  'backups.destinations': empty,
};

export interface BackupFile {
  file: string;
  kind: BackupKind;
  bytes: number;
  /** ISO timestamp (UTC) of the copy */
  createdAt: string;
}

export interface BackupsOverview {
  /** the folder, for the administrator who copies the files elsewhere */
  folder: string;
  /** days the automatic copies are kept */
  retentionDays: number;
  /** newest first */
  files: BackupFile[];
}

export interface RestoreResult {
  /** the copy now in use */
  restored: string;
  /** the database as it was just before, in the backups folder */
  keptAside: string;
  /** schema version of the copy, and after bringing it up to date */
  fromVersion: number;
  schemaVersion: number;
  /** every session was ended: everyone logs in again */
  sessionsEnded: true;
}

/** a copy saved outside the backups folder, with where it went */
export interface SavedCopy extends BackupFile {
  path: string;
}

export interface BackupDestination {
  path: string;
  /** the drive's name ("KINGSTON", "E:\\") */
  label: string;
  freeBytes: number;
}

export interface BackupsOutputs {
  'backups.list': BackupsOverview;
  'backups.create': BackupFile;
  /** with the list of the folder after the restore (it has the copy kept aside), for the screen */
  'backups.restore': RestoreResult & { files?: BackupFile[] };
  'backups.saveCopy': SavedCopy;
  'backups.destinations': BackupDestination[];
}
