/**
 * The outgoing queue's clock, started beside the daily backup (electron/main and the web door): a look
 * every minute that sends what is due (queue.ts sendDue) and the survey reminders due (surveys/reminders.ts). A failure is said, never thrown (the next
 * look tries again).
 */
import type { BackOffice } from '../../context';
import { SYSTEM_ACTOR } from '../../db/audit';
import { sendSurveyReminders } from '../surveys/reminders';
import { sendDue } from './queue';
import { PeriodicJob } from '../../periodicJob';

export interface MailSchedulerOptions {
  /** how often to look; one minute by default */
  intervalMs?: number;
  log?: (message: string) => void;
}

export class MailQueueScheduler {
  private readonly log: (message: string) => void;
  private readonly job: PeriodicJob<void>;

  constructor(
    private readonly app: BackOffice,
    options: MailSchedulerOptions = {},
  ) {
    this.log = options.log ?? ((message) => console.log(`[ventanilla] ${message}`));
    this.job = new PeriodicJob(() => this.look(), options.intervalMs ?? 60 * 1000);
  }

  start(): Promise<void> {
    return this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** one look (a look already running is joined, not doubled) */
  tick(): Promise<void> {
    return this.job.run();
  }

  private async look(): Promise<void> {
    try {
      const { sent, failed } = await sendDue(this.app);
      if (sent + failed > 0) this.log(`Correo saliente: ${sent} enviados, ${failed} con falla (se reintentan)`);
      // the survey invitations unanswered after the setting's days: their one reminder (surveys/reminders.ts)
      const reminders = await sendSurveyReminders(this.app, SYSTEM_ACTOR, null, null);
      if (reminders.queued > 0) this.log(`Encuestas: ${reminders.queued} recordatorios (${reminders.sent} enviados)`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // before the first migration there is no queue yet
      if (!/mail_messages/.test(message)) this.log(`No se pudo revisar el correo saliente: ${message}`);
    }
  }
}
