/**
 * The commitment monitor's clock, started beside the daily backup (electron/main and the web door):
 * one run at start-up, then a look every few minutes that runs it once a day at the policy's hour
 * (company time). A run on demand is the `collections.runMonitor` handler. A failure is said, never
 * thrown (the next look tries again).
 */
import type { BackOffice } from '../../context';
import type { MonitorRun } from '../../../../shared/contract';
import { localTime } from '../../../../shared/contactRules';
import { getCompany } from '../setup/service';
import { ranToday, runMonitor, type MonitorTrigger } from './commitments';
import { getPolicy } from './settings';

export interface MonitorSchedulerOptions {
  now?: () => Date;
  /** how often to look at the clock; five minutes by default */
  intervalMs?: number;
  log?: (message: string) => void;
}

export class CommitmentMonitorScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<MonitorRun | null> | null = null;
  private readonly now: () => Date;
  private readonly log: (message: string) => void;

  constructor(
    private readonly app: BackOffice,
    private readonly options: MonitorSchedulerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? ((message) => console.log(`[ventanilla] ${message}`));
  }

  /** the start-up run, and the clock; the promise is the start-up run */
  start(): Promise<MonitorRun | null> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 5 * 60 * 1000);
      this.timer.unref();
    }
    return this.run('inicio');
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** runs at the policy's hour if today's run at that hour has not happened */
  async tick(): Promise<MonitorRun | null> {
    try {
      const [company, policy] = await Promise.all([getCompany(this.app.db), getPolicy(this.app.db)]);
      const local = localTime(this.now(), company.timeZone);
      if (local.time < policy.monitorHour) return null;
      if (await ranToday(this.app.db, local.date, 'hora')) return null;
      return await this.run('hora');
    } catch (error) {
      this.log(`No se pudo revisar la hora del monitor de compromisos: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  run(trigger: MonitorTrigger): Promise<MonitorRun | null> {
    if (!this.running) {
      this.running = (async () => {
        const company = await getCompany(this.app.db);
        return runMonitor(this.app.db, localTime(this.now(), company.timeZone).date, trigger);
      })()
        .then((run) => {
          if (run.kept + run.partial + run.broken + run.reopened > 0)
            this.log(`Monitor de compromisos (${trigger}): ${run.checked} revisados, ${run.kept} cumplidos, ${run.partial} parciales, ${run.broken} incumplidos`);
          return run;
        })
        .catch((error: unknown) => {
          // before the first start-up wizard there is no company: nothing to watch yet
          const message = error instanceof Error ? error.message : String(error);
          if (!/empresa/i.test(message)) this.log(`No se pudo revisar los compromisos de pago: ${message}`);
          return null;
        })
        .finally(() => {
          this.running = null;
        });
    }
    return this.running;
  }
}
