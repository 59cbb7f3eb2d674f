/**
 * SQLite: the WAL checkpoint off the payment's path (issue 20 item 2, issue 17).
 *
 * By default SQLite checkpoints inside the COMMIT that makes the WAL pass 1,000 pages: that one
 * transaction copies ~4 MB into the database file and waits for its fsync (synchronous=NORMAL syncs
 * at checkpoints only). A payment writes ~20 pages, so one payment in ~50 paid for everyone's
 * checkpoint: 2 % of the payments, which is the cashier's p99 (measured: `tests/bench/payment-bench.ts`
 * counts the checkpoints that fall inside a payment).
 *
 * Here a second connection to the same file runs a PASSIVE checkpoint every `intervalMs`: it copies
 * what the WAL holds while the app's connection goes on writing (SQLite lets one checkpointer work
 * beside one writer; PASSIVE never waits for either), and when nothing is new it does nothing. The
 * app's connection keeps an automatic checkpoint as a safety net, at `SAFETY_NET_PAGES` (≈ 32 MB):
 * it fires only if the background falls behind (and then copies only what it has not copied yet).
 * Crash-safe as any checkpoint: the WAL keeps every frame until a writer restarts it after a
 * complete checkpoint.
 *
 * The checkpointer lives and dies with the app's connection (openDatabase ties it to that
 * connection's close), so a restore or a moved data folder never leaves it on an old file.
 */
import fs from 'node:fs';
import os from 'node:os';
import sqlite3 from 'sqlite3';

/** the app connection's automatic checkpoint, in pages: the safety net when the background falls behind */
export const SAFETY_NET_PAGES = 8000;
/** how often the background checkpoint looks at the WAL */
export const CHECKPOINT_INTERVAL_MS = 500;

export class WalCheckpointer {
  private db: sqlite3.Database | null = null;
  private running: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly filename: string,
    intervalMs = CHECKPOINT_INTERVAL_MS,
  ) {
    this.timer = setInterval(() => void this.checkpoint(), intervalMs);
    this.timer.unref(); // never keeps a program (the CLI, a test) alive
  }

  /** one PASSIVE checkpoint now (skipped while another runs); never throws: the safety net remains */
  checkpoint(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<void> {
    try {
      this.db ??= await open(this.filename);
      await passive(this.db);
    } catch {
      // busy (another checkpointer: the CLI, a backup) or the file is being replaced: the next tick tries again
    }
  }

  /** stops the timer and closes the second connection (after a checkpoint in progress finishes) */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    const db = this.db;
    this.db = null;
    if (db) await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

function open(filename: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(filename, sqlite3.OPEN_READWRITE, (error) => (error ? reject(error) : resolve(db)));
  });
}

/** PRAGMA wal_checkpoint(PASSIVE): copies the WAL's frames that no reader still needs (nothing when nothing is new) */
function passive(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.exec('PRAGMA wal_checkpoint(PASSIVE)', (error: Error | null) => (error ? reject(error) : resolve())));
}

/** how far the WAL is: its frames, how many of them a checkpoint already copied, and its generation (a new one after each restart) */
export interface WalProgress {
  frames: number;
  checkpointed: number;
  generation: string;
}

/**
 * Reads the WAL index SQLite keeps in the -shm file beside the database (wal.c: the header's
 * mxFrame at byte 16 and salt at 32, the checkpoint info's nBackfill at 96; native byte order).
 * For the payment bench and its tests, which must tell whether a checkpoint ran inside a payment.
 * Null when the database has no -shm (not open in WAL mode).
 */
export function walProgress(dbFile: string): WalProgress | null {
  let fd: number;
  try {
    fd = fs.openSync(`${dbFile}-shm`, 'r');
  } catch {
    return null;
  }
  try {
    const header = Buffer.alloc(104);
    if (fs.readSync(fd, header, 0, 104, 0) < 104) return null;
    const le = os.endianness() === 'LE';
    const u32 = (at: number) => (le ? header.readUInt32LE(at) : header.readUInt32BE(at));
    return { frames: u32(16), checkpointed: u32(96), generation: header.toString('hex', 32, 40) };
  } finally {
    fs.closeSync(fd);
  }
}
