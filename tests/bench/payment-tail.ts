/**
 * Why a slow payment was slow (issue 20 item 2, issue 17): a probe around each timed payment that
 * records, in ways the machine's load does not fake,
 * - the SQLite WAL: frames appended and whether a checkpoint copied frames into the database file
 *   during the payment (walProgress: the WAL index in the -shm file). With the background
 *   checkpointer (electron/core/db/checkpointer.ts) a checkpoint may also run in another thread
 *   while a payment runs: counted the same way, it no longer waits inside the payment's COMMIT,
 *   and the slow COMMIT statement tells which;
 *   PostgreSQL: whether the server's checkpointer or background writer wrote during it
 *   (pg_stat_bgwriter, read from a connection of its own between payments);
 * - V8's garbage collections overlapping the payment (PerformanceObserver 'gc' entries, with their
 *   duration and start);
 * - each statement's time (knex 'query' → 'query-response'), so that a statement slow only sometimes
 *   shows against its own median;
 * - the process's CPU time and its involuntary context switches during the payment: wall time far
 *   above CPU time with the process pre-empted is the machine's load, not the product;
 * - the heap when the payments start (the import runs in a child process: it leaves nothing here).
 * Each payment over `slowMs` is then given every cause that fits, and the causes are counted.
 */
import fs from 'node:fs';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import type { Knex } from 'knex';
import pg from 'pg';
import { walProgress, type WalProgress } from '../../electron/core/db/checkpointer';


interface Statement {
  /** the statement's text, shortened and interned (the probe keeps 40,000 of them: it must not feed the collector it measures) */
  sql: string;
  ms: number;
}

const texts = new Map<string, string>();
const short = (sql: string): string => {
  let text = texts.get(sql);
  if (text === undefined) {
    text = sql.replace(/\s+/g, ' ').slice(0, 70);
    if (texts.size < 10_000) texts.set(sql, text);
  }
  return text;
};

interface PaymentRecord {
  wallMs: number;
  cpuMs: number;
  involuntarySwitches: number;
  /** blocks the process read from the disk (not the page cache) during the payment */
  diskReads: number;
  walFrames: number;
  checkpointFrames: number;
  /** the WAL started over during the payment (its first COMMIT after that syncs the WAL's new header) */
  walReset: boolean;
  /** the WAL's frames after the payment */
  walSize: number;
  /** with `pages`: the database pages the payment's WAL frames hold */
  pages: number[];
  pgWritten: number;
  /** PostgreSQL: autovacuum workers seen running before or after the payment (pg_stat_activity) */
  pgAutovacuum: number;
  start: number;
  end: number;
  statements: Statement[];
}

export interface TailSummary {
  lines: string[];
  slow: number;
  causes: Record<string, number>;
}

const GC_KINDS: Record<number, string> = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak-cb' };

export class TailProbe {
  private readonly records: PaymentRecord[] = [];
  private readonly gcs: PerformanceEntry[] = [];
  private readonly observer = new PerformanceObserver((list) => this.gcs.push(...list.getEntries()));
  private readonly pending = new Map<string, { sql: string; at: number }>();
  private statements: Statement[] = [];
  private pgClient: InstanceType<typeof pg.Client> | null = null;
  private current: { start: number; cpu: NodeJS.CpuUsage; switches: number; reads: number; wal: WalProgress | null; pgWritten: number; pgAutovacuum: number } | null = null;
  readonly heapAtStartMb: number;
  readonly rssAtStartMb: number;

  /** BEGIN and COMMIT have a 'query' event but no 'query-response': timed until the next statement starts (or the payment ends) */
  private untimed: { sql: string; at: number } | null = null;

  private closeUntimed(now: number): void {
    if (this.untimed) this.statements.push({ sql: short(this.untimed.sql), ms: now - this.untimed.at });
    this.untimed = null;
  }

  private readonly onQuery = (q: { __knexQueryUid?: string; sql: string }) => {
    if (!this.current) return;
    const now = performance.now();
    this.closeUntimed(now);
    if (q.__knexQueryUid) this.pending.set(q.__knexQueryUid, { sql: q.sql, at: now });
    else this.untimed = { sql: q.sql, at: now };
  };
  private readonly onResponse = (_r: unknown, q: { __knexQueryUid: string }) => {
    const p = this.pending.get(q.__knexQueryUid);
    if (!p) return;
    this.pending.delete(q.__knexQueryUid);
    this.statements.push({ sql: short(p.sql), ms: performance.now() - p.at });
  };

  private constructor(
    private readonly db: Knex,
    private readonly dbFile: string | null,
    /** SQLite: also read which pages each payment wrote (pagesByTable) */
    private readonly pages = false,
  ) {
    this.observer.observe({ entryTypes: ['gc'] });
    db.on('query', this.onQuery);
    db.on('query-response', this.onResponse);
    const memory = process.memoryUsage();
    this.heapAtStartMb = memory.heapUsed / 2 ** 20;
    this.rssAtStartMb = memory.rss / 2 ** 20;
  }

  /** `pgUrl`: the PostgreSQL database, read between payments for the server's writes */
  static async start(db: Knex, dbFile: string | null, pgUrl?: string, pages = false): Promise<TailProbe> {
    const probe = new TailProbe(db, dbFile, pages);
    if (pgUrl) {
      probe.pgClient = new pg.Client({ connectionString: pgUrl });
      await probe.pgClient.connect();
    }
    return probe;
  }

  /**
   * the buffers the server's checkpointer and background writer wrote so far (PostgreSQL 15:
   * pg_stat_bgwriter), and how many autovacuum workers run now (they share the 2 cores with the
   * payment's backend: after an import the server vacuums and analyzes the tables it filled)
   */
  private async pgServerWork(): Promise<{ written: number; autovacuum: number }> {
    if (!this.pgClient) return { written: 0, autovacuum: 0 };
    const r = await this.pgClient.query(
      `SELECT (buffers_checkpoint + buffers_clean + checkpoints_timed + checkpoints_req)::text AS n,
              (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker')::text AS v
         FROM pg_stat_bgwriter`,
    );
    return { written: Number(r.rows[0].n), autovacuum: Number(r.rows[0].v) };
  }

  async before(): Promise<void> {
    const { written: pgWritten, autovacuum: pgAutovacuum } = await this.pgServerWork();
    this.statements = [];
    const wal = this.dbFile === null ? null : walProgress(this.dbFile);
    const usage = process.resourceUsage();
    this.current = { wal, pgWritten, pgAutovacuum, switches: usage.involuntaryContextSwitches, reads: usage.fsRead, cpu: process.cpuUsage(), start: performance.now() };
  }

  /** call right after the payment; returns its wall time in ms */
  async after(): Promise<number> {
    const end = performance.now();
    this.closeUntimed(end);
    const cpu = process.cpuUsage(this.current!.cpu);
    const usage = process.resourceUsage();
    const switches = usage.involuntaryContextSwitches - this.current!.switches;
    const diskReads = usage.fsRead - this.current!.reads;
    const wal = this.dbFile === null ? null : walProgress(this.dbFile);
    const { start, wal: w0, pgWritten, pgAutovacuum } = this.current!;
    this.current = null;
    let walFrames = 0;
    let checkpointFrames = 0;
    let pages: number[] = [];
    let walReset = false;
    if (w0 && wal) {
      const sameGeneration = w0.generation === wal.generation;
      walReset = !sameGeneration;
      walFrames = sameGeneration ? wal.frames - w0.frames : wal.frames;
      checkpointFrames = sameGeneration ? wal.checkpointed - w0.checkpointed : wal.checkpointed;
      if (this.pages && this.dbFile) pages = framePages(this.dbFile, wal.frames - walFrames, wal.frames);
    }
    this.records.push({
      wallMs: end - start,
      cpuMs: (cpu.user + cpu.system) / 1000,
      involuntarySwitches: switches,
      diskReads,
      walFrames,
      checkpointFrames,
      walReset,
      walSize: wal?.frames ?? 0,
      pages,
      ...(await this.pgServerWork().then((now) => ({ pgWritten: now.written - pgWritten, pgAutovacuum: Math.max(pgAutovacuum, now.autovacuum) }))),
      start,
      end,
      statements: this.statements,
    });
    return end - start;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 50)); // the last gc entries are delivered asynchronously
    this.observer.disconnect();
    this.db.removeListener('query', this.onQuery);
    this.db.removeListener('query-response', this.onResponse);
    await this.pgClient?.end();
  }

  /** the causes of each payment over `slowMs`, counted, and a few lines describing the slowest */
  summary(slowMs = 15): TailSummary {
    const key = (sql: string) => sql;
    const bySql = new Map<string, number[]>();
    for (const r of this.records) for (const s of r.statements) (bySql.get(key(s.sql)) ?? bySql.set(key(s.sql), []).get(key(s.sql))!).push(s.ms);
    const medians = new Map([...bySql].map(([k, v]) => [k, [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]]));
    const cpuSorted = this.records.map((r) => r.cpuMs).sort((a, b) => a - b);
    const cpuMedian = cpuSorted[Math.floor(cpuSorted.length / 2)] ?? 0;
    const causes: Record<string, number> = {
      'checkpoint en el COMMIT': 0,
      'checkpoint en otro hilo a la vez': 0,
      'el WAL volvió a empezar (sync de su cabecera en el COMMIT)': 0,
      'PostgreSQL: el servidor escribió páginas a la vez (checkpoint o bgwriter)': 0,
      'PostgreSQL: autovacuum trabajando a la vez': 0,
      gc: 0,
      'lectura de disco': 0,
      'sentencia lenta (con CPU)': 0,
      'más CPU (trabajo)': 0,
      'sin CPU (expropiado: carga de la máquina)': 0,
      'sin causa vista': 0,
    };
    const lines: string[] = [];
    const slow = this.records.filter((r) => r.wallMs > slowMs).sort((a, b) => b.wallMs - a.wallMs);
    for (const r of slow) {
      // in order: the events that happen whatever the load (a checkpoint, a collection, a read from
      // the disk), then CPU spent beyond the usual (a statement that is slow only sometimes shows
      // there), and only then time off the CPU: the process waiting its turn on a loaded machine
      const found: string[] = [];
      const overlapping = this.gcs.filter((g) => g.startTime < r.end && g.startTime + g.duration > r.start);
      const gcMs = overlapping.reduce((sum, g) => sum + g.duration, 0);
      const gcKinds = overlapping.map((g) => `${GC_KINDS[(g as PerformanceEntry & { detail?: { kind: number } }).detail?.kind ?? 0] ?? 'gc'} ${g.duration.toFixed(1)} ms`);
      const odd = r.statements
        .map((s) => ({ ...s, median: medians.get(key(s.sql)) ?? 0 }))
        .filter((s) => s.ms > 4 * s.median && s.ms - s.median > 4)
        .sort((a, b) => b.ms - a.ms);
      // SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold; the
      // background one (another connection, another thread) only overlaps the payment
      if (r.pgWritten > 0) found.push('PostgreSQL: el servidor escribió páginas a la vez (checkpoint o bgwriter)');
      else if (r.checkpointFrames > 0) found.push(odd.some((s) => /^commit/i.test(s.sql)) ? 'checkpoint en el COMMIT' : 'checkpoint en otro hilo a la vez');
      if (r.pgAutovacuum > 0) found.push('PostgreSQL: autovacuum trabajando a la vez');
      if (r.walReset) found.push('el WAL volvió a empezar (sync de su cabecera en el COMMIT)');
      if (gcMs >= 2) found.push('gc');
      if (r.diskReads > 0) found.push('lectura de disco');
      if (r.cpuMs > 2 * cpuMedian + 5 && !found.includes('checkpoint en el COMMIT')) found.push(odd.length > 0 ? 'sentencia lenta (con CPU)' : 'más CPU (trabajo)');
      if (found.length === 0 && r.wallMs - r.cpuMs > r.wallMs / 2) found.push('sin CPU (expropiado: carga de la máquina)');
      if (found.length === 0) found.push('sin causa vista');
      for (const c of found) causes[c] += 1;
      if (lines.length < 12) {
        const worst = odd[0] ?? [...r.statements].sort((a, b) => b.ms - a.ms)[0];
        lines.push(
          `${r.wallMs.toFixed(1)} ms (CPU ${r.cpuMs.toFixed(1)}, expropiado ${r.involuntarySwitches}×, disco ${r.diskReads} bloques, WAL +${r.walFrames} págs, checkpoint ${r.checkpointFrames} págs${this.pgClient ? `, PG escrito ${r.pgWritten}, autovacuum ${r.pgAutovacuum}` : ''}, gc ${gcKinds.join(' + ') || '—'}; ` +
            `sentencia más lenta ${worst ? `${worst.ms.toFixed(1)} ms «${key(worst.sql)}» (mediana ${(medians.get(key(worst.sql)) ?? 0).toFixed(2)})` : '—'}) → ${found.join(', ')}`,
        );
      }
    }
    return { lines, slow: slow.length, causes };
  }

  /**
   * SQLite, with `pages`: the WAL frames per payment by the table or index (dbstat's btree) their
   * page belongs to, most first. Read after the run: a page allocated during it is found too.
   */
  async pagesByTable(): Promise<{ name: string; perPayment: number }[]> {
    const owner = new Map<number, string>();
    const rows = await this.db.raw<{ name: string; pageno: number }[]>('SELECT name, pageno FROM dbstat');
    for (const r of rows) owner.set(Number(r.pageno), r.name);
    const counts = new Map<string, number>();
    for (const r of this.records) for (const p of r.pages) counts.set(owner.get(p) ?? '(libre o puntero)', (counts.get(owner.get(p) ?? '(libre o puntero)') ?? 0) + 1);
    const n = this.records.length || 1;
    return [...counts].map(([name, c]) => ({ name, perPayment: c / n })).sort((a, b) => b.perPayment - a.perPayment);
  }

  /** one line of the whole run: CPU per payment, WAL pages per payment, checkpoints, collections */
  overall(): string {
    const n = this.records.length || 1;
    const cpu = this.records.reduce((s, r) => s + r.cpuMs, 0) / n;
    const frames = this.records.reduce((s, r) => s + r.walFrames, 0) / n;
    const checkpoints = this.records.filter((r) => r.checkpointFrames > 0 || r.pgWritten > 0).length;
    const vacuumed = this.records.filter((r) => r.pgAutovacuum > 0).length;
    const copied = this.records.reduce((s, r) => s + r.checkpointFrames, 0);
    const first = this.records[0]?.start ?? 0;
    const last = this.records[this.records.length - 1]?.end ?? 0;
    const gcs = this.gcs.filter((g) => g.startTime >= first && g.startTime <= last);
    const gcMs = gcs.reduce((s, g) => s + g.duration, 0);
    const statements = this.records.reduce((s, r) => s + r.statements.length, 0) / n;
    const resetTimes = this.records.filter((r) => r.walReset).map((r) => r.wallMs).sort((a, b) => a - b);
    const resets = resetTimes.length;
    const largest = Math.max(0, ...this.records.map((r) => r.walSize));
    return (
      `CPU ${cpu.toFixed(2)} ms/pago, ${statements.toFixed(1)} sentencias/pago, WAL ${frames.toFixed(1)} págs/pago, pagos durante un checkpoint ${checkpoints} (${copied} págs copiadas), ` +
      (this.pgClient ? `pagos con autovacuum a la vez ${vacuumed}, ` : `WAL vuelto a empezar ${resets} veces (máx. ${largest} págs; esos pagos ${resetTimes.map((ms) => ms.toFixed(1)).join(' / ') || '—'} ms), `) +
      `gc ${gcs.length} (${gcMs.toFixed(0)} ms, máx. ${Math.max(0, ...gcs.map((g) => g.duration)).toFixed(1)} ms), heap al empezar ${this.heapAtStartMb.toFixed(0)} MB (RSS ${this.rssAtStartMb.toFixed(0)} MB)`
    );
  }
}

/** the page numbers of the WAL's frames `from` + 1 … `to` (wal.c: a 32-byte header, then each frame's 24-byte header, page number first, big-endian) */
function framePages(dbFile: string, from: number, to: number): number[] {
  const fd = fs.openSync(`${dbFile}-wal`, 'r');
  try {
    const header = Buffer.alloc(32);
    fs.readSync(fd, header, 0, 32, 0);
    const frameSize = 24 + header.readUInt32BE(8);
    const frame = Buffer.alloc(4);
    const pages: number[] = [];
    for (let i = from; i < to; i++) {
      fs.readSync(fd, frame, 0, 4, 32 + i * frameSize);
      pages.push(frame.readUInt32BE(0));
    }
    return pages;
  } finally {
    fs.closeSync(fd);
  }
}
