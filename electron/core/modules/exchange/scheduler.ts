/**
 * The exchange's clock, started beside the other daily jobs (electron/main and the web door): a look
 * every few minutes; once the set hour of the settings has come (company time), the day's files are
 * made and delivered once per business date, and every look retries the deliveries still pending
 * (a network share that was down). On demand: the `exchange.deliverDay` and `exchange.deliver`
 * handlers. A failure is said, never thrown (the next look tries again).
 */
import type { DayDelivery } from '../../../../shared/contract';
import { zonedDateTime } from '../../../../shared/dates';
import type { BackOffice } from '../../context';
import { SYSTEM_ACTOR } from '../../db/audit';
import { getCompany } from '../setup/service';
import { deliverDay, retryPending } from './delivery';
import { getExchangeSettings } from './settings';
import { PeriodicJob } from '../../periodicJob';

export class ExchangeDeliveryScheduler {
  private lastDate: string | null = null;
  private readonly now: () => Date;
  private readonly log: (message: string) => void;
  private readonly job: PeriodicJob<DayDelivery | null>;

  constructor(
    private readonly app: BackOffice,
    options: { intervalMs?: number; now?: () => Date; log?: (message: string) => void } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? ((m: string) => console.log(`[ventanilla] ${m}`));
    this.job = new PeriodicJob(() => this.look(), options.intervalMs ?? 5 * 60 * 1000);
  }

  start(): Promise<DayDelivery | null> {
    return this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** the day's run once the hour has come (once per date), else the pending deliveries; null when nothing ran */
  tick(): Promise<DayDelivery | null> {
    return this.job.run();
  }

  private async look(): Promise<DayDelivery | null> {
    try {
      const [settings, company] = await Promise.all([getExchangeSettings(this.app.db), getCompany(this.app.db).catch(() => null)]);
      if (!company || settings.folders.length === 0) return null;
      const { date, time } = zonedDateTime(this.now(), company.timeZone);
      if (settings.deliveryTime !== '' && time >= settings.deliveryTime && this.lastDate !== date) {
        const result = await deliverDay(this.app, SYSTEM_ACTOR, date, null);
        this.lastDate = date;
        this.log(`Intercambio del ${date}: ${result.created.length} archivos nuevos, ${result.delivered} entregados, ${result.pending.length} pendientes${result.skipped.length ? `; sin hacer: ${result.skipped.map((s) => `${s.officeCode ?? 'TODAS'} ${s.what} (${s.reason})`).join('; ')}` : ''}`);
        return result;
      }
      const retried = await retryPending(this.app, SYSTEM_ACTOR);
      if (retried.delivered > 0 || retried.pending.length > 0) this.log(`Intercambio: ${retried.delivered} entregas hechas, ${retried.pending.length} siguen pendientes`);
      return null;
    } catch (error) {
      this.log(`No se pudo entregar el intercambio: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
}
