/**
 * The outgoing queue's clock, started beside the daily backup (electron/main and the web door): a look
 * every minute that sends what is due (queue.ts sendDue). A failure is said, never thrown (the next
 * look tries again).
 */
import type { BackOffice } from '../../context';
import { sendDue } from './queue';

export interface MailSchedulerOptions {
  /** how often to look; one minute by default */
  intervalMs?: number;
  log?: (message: string) => void;
}

export class MailQueueScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly log: (message: string) => void;

  constructor(
    private readonly app: BackOffice,
    private readonly options: MailSchedulerOptions = {},
  ) {
    this.log = options.log ?? ((message) => console.log(`[ventanilla] ${message}`));
  }

  start(): Promise<void> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 60 * 1000);
      this.timer.unref();
    }
    return this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** one look (a look already running is joined, not doubled) */
  tick(): Promise<void> {
    if (!this.running) {
      this.running = sendDue(this.app)
        .then(({ sent, failed }) => {
          if (sent + failed > 0) this.log(`Correo saliente: ${sent} enviados, ${failed} con falla (se reintentan)`);
        })
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          // before the first migration there is no queue yet
          if (!/mail_messages/.test(message)) this.log(`No se pudo revisar el correo saliente: ${message}`);
        })
        .finally(() => {
          this.running = null;
        });
    }
    return this.running;
  }
}
