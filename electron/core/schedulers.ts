/**
 * What the doors load after they answer (issue 20, item 5): the handler table (loadDispatch) and the
 * background work (startSchedulers).
 *
 * The back office's background work, the same for the desktop app and the web door: the daily
 * backup, the commitment and agreement monitors, the exchange files' delivery and the e-mail queue.
 *
 * Off the start path (issue 20, item 5): their modules (and the services they pull in) load and
 * start `delayMs` after the doors call this (after the window opens or the door listens), so the
 * login screen neither waits for them nor shares the CPU with their first look. The first copy after the first-start wizard waits for the
 * backup scheduler if it is still loading.
 */
import type { BackOffice } from './context';
import { startupMark } from './startup-marks';

export interface SchedulerOptions {
  log: (message: string) => void;
  onBackupFailure: (message: string) => void;
  /** how long after the call the schedulers load and start (default 10 s: after the login screen shows) */
  delayMs?: number;
}

export interface RunningSchedulers {
  /** resolves when every scheduler has stopped (a copy cut short leaves only a .partial file) */
  stop(): Promise<void>;
}

export function startSchedulers(app: BackOffice, options: SchedulerOptions): RunningSchedulers {
  let loading: Promise<{ backup: { firstCopy(): Promise<string | null> }; all: { stop(): Promise<void> }[] }> | null = null;
  const load = () => (loading ??= (async () => {
    const [backups, collections, agreements, exchange, mail] = await Promise.all([
      import('./modules/backups/scheduler'),
      import('./modules/collections/scheduler'),
      import('./modules/agreements/scheduler'),
      import('./modules/exchange/scheduler'),
      import('./modules/mail/scheduler'),
    ]);
    const backup = new backups.DailyBackupScheduler(app, { log: options.log, onFailure: options.onBackupFailure });
    const all = [
      backup,
      // the commitment monitor (issue 15): at start-up, then once a day at the policy's hour
      new collections.CommitmentMonitorScheduler(app),
      new agreements.AgreementsMonitorScheduler(app, { log: options.log }),
      // the exchange files (issue 18): made and delivered at the settings' hour, pending ones retried
      new exchange.ExchangeDeliveryScheduler(app, { log: options.log }),
      // the outgoing e-mail queue (issue 19): a look every minute
      new mail.MailQueueScheduler(app, { log: options.log }),
    ];
    for (const scheduler of all) void scheduler.start();
    return { backup, all };
  })());
  const timer = setTimeout(() => void load(), options.delayMs ?? 10_000);
  // the first copy after the first-start wizard does not wait for the delay
  app.afterSetup = async () => (await load()).backup.firstCopy();
  return {
    async stop() {
      clearTimeout(timer);
      const running = loading ? await loading.catch(() => null) : null;
      if (running) await Promise.all(running.all.map((s) => s.stop()));
    },
  };
}

let dispatcher: Promise<typeof import('./dispatch')> | null = null;

/**
 * The handler table and its dispatcher, loaded on first use (every module of the back office is in
 * it: ~2.7 s of CPU under tsx, measured on these machines). The doors call it as soon as they
 * listen, so it loads while the window or the browser loads the login screen instead of before.
 */
export function loadDispatch(): Promise<typeof import('./dispatch')> {
  dispatcher ??= import('./dispatch').then((m) => {
    startupMark('tabla de operaciones cargada');
    return m;
  });
  return dispatcher;
}
