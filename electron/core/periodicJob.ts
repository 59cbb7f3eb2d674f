/**
 * A job the back office runs on a clock beside the daily backup (the agreements monitor, the
 * exchange's delivery, the outgoing mail queue): a look every `intervalMs` on a timer that never keeps
 * the process alive, one look at a time (a look asked while one runs joins it, never doubles it), and
 * `stop()` waits for the look in progress. What a look does, and saying its failures without
 * throwing, is the job's own.
 */
export class PeriodicJob<T> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<T> | null = null;

  constructor(
    private readonly look: () => Promise<T>,
    private readonly intervalMs: number,
  ) {}

  /** starts the clock and looks now; the promise is that first look */
  start(): Promise<T> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.run(), this.intervalMs);
      this.timer.unref();
    }
    return this.run();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** one look (the one running, if any) */
  run(): Promise<T> {
    if (!this.running) {
      this.running = this.look().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }
}
