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
  /**
   * replaces the database with a copy from the backups folder; ends every session. A copy whose
   * audit chain is broken is refused unless `acceptBrokenChain` (the administrator's explicit word).
   */
  'backups.restore': z.strictObject({ file: backupFileName, acceptBrokenChain: z.boolean().optional() }),
  /** what restoring a copy would do, without doing it: its chain, and the numbers that would be lost */
  'backups.restorePreview': z.strictObject({ file: backupFileName }),
  /** the audit check: the chain, its anchors outside the file and the reconciliation of balances and tills */
  'backups.verifyAudit': empty,
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

/** a point of the audit chain: its last row, that row's hash and the rows up to it (printed on closing acts and reports) */
export interface AuditAnchorPoint {
  lastId: number | null;
  hash: string;
  rows: number;
}

/** where an anchor of the audit chain is kept (see electron/core/db/anchors.ts) */
export type AnchorKind = 'copia' | 'cierre' | 'recaudo' | 'restauracion';

/** an anchor as the check names it */
export interface AnchorSummary {
  kind: AnchorKind;
  ref: string;
  /** ISO timestamp (UTC) */
  at: string;
  lastId: number | null;
  hash: string;
  rows: number;
  /** "la copia de seguridad «manual-….sqlite» del 22/11/2026 10:15 a. m." */
  description: string;
  /** where it was found: archivo de anclas, manifiesto de la copia, registro del cierre */
  sources: string[];
}

export interface AnchorProblem {
  anchor: AnchorSummary;
  /** the log was emptied, has fewer rows than the anchor, or its chain was recomputed */
  reason: 'vaciada' | 'encogida' | 'reescrita';
  message: string;
}

export interface AnchorsCheck {
  checked: number;
  /** anchors the file still holds */
  held: number;
  /** anchors of a history a restore replaced (the restore itself holds) */
  superseded: number;
  broken: AnchorProblem[];
  /** the newest anchor found */
  latest: AnchorSummary | null;
  /** lines of the anchors file that are not anchors */
  unreadableLines: number;
}

export interface ChainCheck {
  ok: boolean;
  /** rows found intact (before the break) */
  rows: number;
  lastId: number | null;
  /** where it breaks */
  rowId?: number;
  reason?: 'cambiada' | 'borrada' | 'sin-sello' | 'agregada';
  message?: string;
}

export type ReconciledEntity = 'factura' | 'cobro' | 'pago' | 'turno' | 'movimiento' | 'archivo del banco';

export interface ReconciliationIssue {
  entity: ReconciledEntity;
  id: number;
  message: string;
}

export interface ReconciliationResult {
  ok: boolean;
  checked: { invoices: number; charges: number; payments: number; sessions: number; movements: number; bankFiles: number };
  /** the first ones (see `more`) */
  issues: ReconciliationIssue[];
  /** disagreements found beyond those listed */
  more: number;
}

export interface AuditCheckResult {
  ok: boolean;
  chain: ChainCheck;
  anchors: AnchorsCheck;
  reconciliation: ReconciliationResult;
  /** each problem in a sentence, in Spanish, the chain's first */
  problems: string[];
  /** what was checked, in Spanish, a line each */
  summary: string[];
}

/** the numbers of one series issued after the copy: they will no longer be in the database */
export interface LostNumbers {
  /** recibos, radicados, comprobantes, avisos, paz y salvos, otros */
  kind: 'recibos' | 'radicados' | 'comprobantes' | 'avisos' | 'paz-y-salvo' | 'otros';
  /** 'Recibos de GAR', 'Radicados de entrada de GAR 2026', counter key for the unknown ones */
  series: string;
  first: string;
  last: string;
  count: number;
}

export interface RestorePreview {
  file: string;
  /** the copy's chain and its anchors (only anchors taken before the copy count) */
  chain: { ok: boolean; problems: string[]; summary: string[] };
  /** by kind, what was issued after the copy */
  lost: LostNumbers[];
  /** counters the restore will move forward (key → the number the next one follows) */
  carried: Record<string, number>;
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
  /** numbers issued after the copy that are no longer in the database (re-enter them) */
  lost: LostNumbers[];
  /** counters moved forward so that no number is issued twice */
  carried: Record<string, number>;
  /** the copy's chain was broken and the administrator restored it anyway */
  brokenChainAccepted: boolean;
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
  'backups.restorePreview': RestorePreview;
  'backups.verifyAudit': AuditCheckResult;
  /** with the list of the folder after the restore (it has the copy kept aside), for the screen */
  'backups.restore': RestoreResult & { files?: BackupFile[] };
  'backups.saveCopy': SavedCopy;
  'backups.destinations': BackupDestination[];
}
