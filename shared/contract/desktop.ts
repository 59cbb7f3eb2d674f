import { z } from 'zod';
import { empty } from './common';

/**
 * The computer the application runs on (issue 21): the data folder (where it is, where it came
 * from, a guided move to another folder), the log, the version and its updates, the hosts a link
 * may open in the system's browser, problems the administrator must see (a daily backup that
 * failed), and the renderer's own errors written to the log.
 */

/**
 * Where the data folder came from: the VENTANILLA_DATA_DIR variable, the folder chosen when the
 * application was installed, a folder it was moved to from Administración, the computer's default
 * folder, or the per-user folder of an earlier version (still in use until it is moved).
 */
export const DATA_FOLDER_SOURCES = ['variable', 'instalacion', 'movida', 'predeterminada', 'anterior', 'argumento'] as const;
export type DataFolderSource = (typeof DATA_FOLDER_SOURCES)[number];

/** the program the back office runs in */
export const PROGRAMS = ['escritorio', 'navegador', 'consola', 'prueba'] as const;
export type Program = (typeof PROGRAMS)[number];

const folderPath = z
  .string()
  .trim()
  .min(3, { message: 'Escriba la ruta completa de la carpeta (por ejemplo D:\\Ventanilla)' })
  .max(400, { message: 'Máximo 400 caracteres' });

/** a host name a link may open ("www.superservicios.gov.co" or "*.gov.co") */
const HOST = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const externalHost = z
  .string()
  .trim()
  .max(253, { message: 'Máximo 253 caracteres' })
  .toLowerCase()
  .refine((v) => HOST.test(v), { message: 'Escriba solo el nombre del sitio, como www.superservicios.gov.co (o *.gov.co para todos los de ese dominio)' });

/** http(s) address of the company's update server (the folder that holds latest.yml); '' for none */
export const updateServerUrl = z
  .string()
  .trim()
  .max(300, { message: 'Máximo 300 caracteres' })
  .refine(
    (v) => {
      if (v === '') return true;
      try {
        const url = new URL(v);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === '';
      } catch {
        return false;
      }
    },
    { message: 'Escriba la dirección del servidor de actualizaciones así: http://servidor/ventanilla/' },
  );

export const desktopSettingsFields = z.strictObject({
  /** '': no update server (the application is updated by installing it again) */
  updateUrl: updateServerUrl,
  /** the only sites a link in the application may open, in the system's browser, always over https */
  externalLinkHosts: z.array(externalHost).max(50, { message: 'Máximo 50 sitios' }),
});
export type DesktopSettings = z.infer<typeof desktopSettingsFields>;
export const DEFAULT_DESKTOP_SETTINGS: DesktopSettings = { updateUrl: '', externalLinkHosts: [] };

export const desktopSchemas = {
  /** Ayuda › Acerca de: version, data folder, log, database */
  'desktop.about': empty,
  'desktop.dataFolder': empty,
  /** checks a folder the data could move to; changes nothing */
  'desktop.checkFolder': z.strictObject({ path: folderPath }),
  /** the data folder moves there at the next start (a checked copy; the old folder stays as it was) */
  'desktop.moveFolder': z.strictObject({ path: folderPath }),
  'desktop.cancelMove': empty,
  /** the desktop app closes and opens again (to apply a move or a database change) */
  'desktop.restart': empty,
  'desktop.settings': empty,
  'desktop.saveSettings': desktopSettingsFields,
  /** the update server is asked now (the desktop app) */
  'desktop.checkUpdates': empty,
  /** problems the administrator must see: the daily backup that failed, a data folder move that did not happen */
  'desktop.problems': empty,
  /** an error of the screen itself, written to the log (before login too) */
  'desktop.reportError': z.strictObject({
    message: z.string().max(1000),
    detail: z.string().max(8000).optional(),
    where: z.string().max(300).optional(),
  }),
};

export interface UpdateStatus {
  state: 'sin-servidor' | 'buscando' | 'al-dia' | 'descargando' | 'lista' | 'error';
  /** Spanish, for the screen: "Versión 0.2.0 descargada: se instala al cerrar la aplicación." */
  message: string;
  /** the newer version found, if any */
  version: string | null;
}

export interface AboutInfo {
  product: string;
  version: string;
  program: Program;
  dataDir: string;
  dataFolderSource: DataFolderSource;
  /** the log file (null where the log goes to the console) */
  logFile: string | null;
  /** the SQLite file or the PostgreSQL server, without its password */
  database: string;
  /** schema version of the database the application uses */
  schemaVersion: number;
  /** Electron's version in the desktop app; null elsewhere */
  electron: string | null;
  node: string;
  platform: string;
  updates: UpdateStatus;
}

export interface DataFolderStatus {
  dir: string;
  source: DataFolderSource;
  /** this computer's own folder for the application (the default place, and where the move record is kept) */
  machineFolder: string;
  /** the folder the data were moved from (kept as it was; it can be deleted after checking) */
  previous: string | null;
  /** a move waiting for the next start */
  pendingMove: string | null;
  /** why the last move did not happen (the data stayed where they were) */
  lastMoveProblem: string | null;
  /** a folder to suggest for a move (the computer's folder, when the data are still in an earlier version's per-user folder) */
  suggested: string | null;
  /** whether the data can be moved from this screen, and why not */
  movable: boolean;
  notMovableReason: string | null;
  /** bytes in the data folder now */
  bytes: number;
  /** whether this program can restart itself (the desktop app) */
  canRestart: boolean;
}

export interface FolderCheck {
  path: string;
  ok: boolean;
  /** what stands in the way, in Spanish (empty when ok) */
  problems: string[];
  bytesNeeded: number;
  bytesFree: number | null;
}

export interface MoveRequest {
  pendingMove: string;
  message: string;
}

export interface RestartAnswer {
  restarting: boolean;
  message: string;
}

export interface Problem {
  at: string;
  kind: 'copia' | 'carpeta' | 'actualizacion' | 'ventana';
  message: string;
}

export interface DesktopOutputs {
  'desktop.about': AboutInfo;
  'desktop.dataFolder': DataFolderStatus;
  'desktop.checkFolder': FolderCheck;
  'desktop.moveFolder': MoveRequest;
  'desktop.cancelMove': DataFolderStatus;
  'desktop.restart': RestartAnswer;
  'desktop.settings': DesktopSettings;
  'desktop.saveSettings': DesktopSettings;
  'desktop.checkUpdates': UpdateStatus;
  'desktop.problems': Problem[];
  'desktop.reportError': { logged: boolean };
}

// the password question's address, in a file of its own so that the desktop app's start path does
// not load this contract's schemas (and zod) to read one string (issue 20, item 5)
export { PASSWORD_PROMPT_HASH } from '../password-prompt';

export interface PasswordPromptInfo {
  /** the saved server, without its password */
  server: string;
  /** the system users it is sealed for */
  sealedBy: string[];
  /** this user of the system */
  user: string;
}
