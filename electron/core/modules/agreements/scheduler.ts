/**
 * The agreements monitor's clock, started beside the commitment monitor (electron/main and the web
 * door): one run at start-up, then a look every few minutes that runs it once per business date
 * (company time). A run on demand is the `agreements.runMonitor` handler. A failure is said, never
 * thrown (the next look tries again).
 */
import type { BackOffice } from '../../context';
import type { MonitorResult } from '../../../../shared/contract';
import { SYSTEM_ACTOR } from '../../db/audit';
import { businessToday } from '../accounts/service';
import { runAgreementsMonitor } from './monitor';
import { PeriodicJob } from '../../periodicJob';

export class AgreementsMonitorScheduler {
  private lastDate: string | null = null;
  private readonly job: PeriodicJob<MonitorResult | null>;

  constructor(
    private readonly app: BackOffice,
    private readonly options: { intervalMs?: number; log?: (message: string) => void } = {},
  ) {
    this.job = new PeriodicJob(() => this.look(), options.intervalMs ?? 5 * 60 * 1000);
  }

  /** the start-up run, and the clock; the promise is the start-up run */
  start(): Promise<MonitorResult | null> {
    return this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** runs once per business date */
  tick(): Promise<MonitorResult | null> {
    return this.job.run();
  }

  private async look(): Promise<MonitorResult | null> {
    try {
      const today = await businessToday(this.app.db);
      if (today === this.lastDate) return null;
      const result = await runAgreementsMonitor(this.app.db, today, SYSTEM_ACTOR);
      this.lastDate = today;
      return result;
    } catch (error) {
      (this.options.log ?? ((m: string) => console.log(`[ventanilla] ${m}`)))(`No se pudo revisar los acuerdos de pago: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
}
