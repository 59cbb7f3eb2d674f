/**
 * What the program that opened the back office lends it: which program it is (the desktop app, the
 * web door, the CLI, a test), its version, the data folder as resolved at start, the log, the boxes
 * that seal saved secrets, the problems the administrator must see, and — only in the desktop app —
 * a way to restart and the update checker. The back office works without it (tests): `runtimeOf`
 * gives the defaults.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DesktopSettings, Problem, Program, UpdateStatus } from '../../shared/contract/desktop';
import type { BackOffice } from './context';
import type { DataFolder } from './data-folder';
import { keyFileBox, type SecretBox } from './secrets';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(`[ventanilla] ${message}`),
  warn: (message) => console.warn(`[ventanilla] ${message}`),
  error: (message, error) => (error === undefined ? console.error(`[ventanilla] ${message}`) : console.error(`[ventanilla] ${message}`, error)),
};

/** The last problems, newest first (kept in memory: a problem that lasts shows again at its next try). */
export class ProblemLog {
  private readonly items: Problem[] = [];
  constructor(private readonly keep = 50) {}

  add(kind: Problem['kind'], message: string, at: Date = new Date()): void {
    this.items.unshift({ at: at.toISOString(), kind, message });
    this.items.length = Math.min(this.items.length, this.keep);
  }

  list(): Problem[] {
    return [...this.items];
  }
}

export interface UpdateChecker {
  status(): UpdateStatus;
  check(): Promise<UpdateStatus>;
}

export interface Runtime {
  program: Program;
  version: string;
  /** the first seals; all are tried to open */
  secrets: SecretBox[];
  /** the data folder as resolved at start; null when the database was given explicitly (--db, tests) */
  dataFolder: DataFolder | null;
  /** the log file; null where the log goes to the console */
  logFile: string | null;
  log: Logger;
  problems: ProblemLog;
  /** Electron's version (desktop app) */
  electronVersion?: string;
  /** closes and opens the desktop app again */
  restart?: () => void;
  updates?: UpdateChecker;
  /** told after the desktop settings change (the desktop app re-reads its update server and link hosts) */
  onDesktopSettings?: (settings: DesktopSettings) => void;
}

let packageVersion: string | null = null;

/** The application's version, from the package.json above this file (the source tree, or the packaged app). */
export function applicationVersion(): string {
  if (packageVersion !== null) return packageVersion;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ventanilla' && pkg.version) return (packageVersion = pkg.version);
    } catch {
      // not here: one folder up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return (packageVersion = '0.0.0');
    dir = parent;
  }
}

const defaults = new WeakMap<BackOffice, Runtime>();

/** The runtime the program gave, or the defaults of a back office opened without one (tests, tools). */
export function runtimeOf(app: BackOffice): Runtime {
  if (app.runtime) return app.runtime;
  let runtime = defaults.get(app);
  if (!runtime) {
    runtime = {
      program: 'prueba',
      version: applicationVersion(),
      secrets: [keyFileBox(app.dataDir)],
      dataFolder: null,
      logFile: null,
      log: consoleLogger,
      problems: new ProblemLog(),
    };
    defaults.set(app, runtime);
  }
  return runtime;
}
