import type { BackOffice } from '../../context';
import { runDailyBackup, type DailyBackupOutcome } from './service';

export interface DailyBackupSchedulerOptions {
  /** the clock (tests move it instead of waiting) */
  now?: () => Date;
  /** how often to check; one hour by default */
  intervalMs?: number;
  /** where to say what happened (a failed copy is said, never thrown) */
  log?: (message: string) => void;
  /** told when a copy fails, besides the log (the desktop app shows it to the administrator) */
  onFailure?: (message: string) => void;
}

/**
 * The automatic daily copy: checks when started and then every hour; each check makes today's copy
 * if it is missing and deletes the automatic copies past the retention (see runDailyBackup).
 */
export class DailyBackupScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DailyBackupOutcome | null> | null = null;
  private readonly now: () => Date;
  private readonly log: (message: string) => void;

  constructor(
    private readonly app: BackOffice,
    private readonly options: DailyBackupSchedulerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? ((message) => console.log(`[ventanilla] ${message}`));
  }

  /** Starts checking; the promise is the first check (callers need not wait for it). */
  start(): Promise<DailyBackupOutcome | null> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? 60 * 60 * 1000);
      this.timer.unref(); // never the reason a process stays alive
    }
    return this.check();
  }

  /** Stops checking and waits for a copy in progress to end. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** The hook a door sets on its back office (BackOffice.afterSetup): the first copy right after the set-up. */
  firstCopy = async (): Promise<string | null> => (await this.check())?.created ?? null;

  /** One check now (a check already running is not doubled). Null when it failed (it was logged). */
  check(): Promise<DailyBackupOutcome | null> {
    if (!this.running) {
      this.running = runDailyBackup(this.app, this.now())
        .then((outcome) => {
          if (outcome.created) this.log(`Copia de seguridad diaria: ${outcome.created}`);
          if (outcome.deleted.length > 0) this.log(`Copias diarias borradas por antigüedad: ${outcome.deleted.join(', ')}`);
          return outcome;
        })
        .catch((error: unknown) => {
          const message = `No se pudo hacer la copia de seguridad diaria: ${error instanceof Error ? error.message : String(error)}`;
          this.log(message);
          this.options.onFailure?.(message);
          return null;
        })
        .finally(() => {
          this.running = null;
        });
    }
    return this.running;
  }
}
