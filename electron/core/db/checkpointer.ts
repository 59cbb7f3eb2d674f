/**
 * SQLite: the WAL checkpoint off the payment's path (issue 20 item 2, issue 17).
 *
 * By default SQLite checkpoints inside the COMMIT that makes the WAL pass 1,000 pages: that one
 * transaction copies ~4 MB into the database file and waits for its fsync (synchronous=NORMAL syncs
 * at checkpoints only). A payment writes 20–45 pages, so one payment in ~50 paid for everyone's
 * checkpoint. Here a second connection to the same file checkpoints in the background instead.
 *
 * SQLite's rules (wal.c) that decide the policy:
 * - the WAL starts over (its frames are written again from the start) only at the first write of
 *   a transaction that began reading when the WAL was completely checkpointed; otherwise it grows;
 * - PASSIVE copies what no reader still needs and waits for nothing. Under payments one right after
 *   the other it never completes: new frames arrive while it copies. So the WAL was never started
 *   over, passed the app connection's safety net (then 8,000 pages), and the app's COMMIT then
 *   checkpointed (the payment bench's tail probe, 2,000 payments that order a reconnection, 20,000
 *   accounts: 10–20 payments with a checkpoint in their COMMIT). Paced, PASSIVE completed in nearly
 *   every idle gap, and the next payment started the WAL over (44–72 times in 2,000);
 * - FULL waits (the busy handler) for the writer's lock, holds it while it copies the rest and
 *   syncs, and so leaves the WAL complete: the next payment, whose first statement takes the write
 *   lock (dialect.ts retryingTransaction), then starts the WAL over. It costs that payment the wait
 *   for the last frames' copy and two fsyncs, and every start-over costs the next COMMIT an fsync of
 *   the WAL's new header, so fewer start-overs is better.
 *
 * The policy: every `intervalMs` the background reads the WAL's size (a NOOP checkpoint: no lock,
 * no copy). Below `RESET_PAGES` (≈ 64 MB) it leaves the WAL alone; past it, PASSIVE passes copy
 * beside the writer until a few payments' frames are left, then FULL copies those, waiting at most
 * `RESET_WAIT_MS`. Measured (same bench, back to back and 20 per second, load 5–20 on 2 cores,
 * tests/bench/README.md «Session wal22»): the app's connection never checkpointed (largest WAL
 * 16,246–19,078 frames), payments during a checkpoint 35–103 → 2–8, the WAL started over 2–6 times
 * in 2,000 payments instead of 5–72. The app's connection keeps an automatic checkpoint at
 * `SAFETY_NET_PAGES` only in case the background falls behind or fails. No journal_size_limit: a WAL truncated after each start-over would grow
 * its file again inside the next payments.
 *
 * Crash-safe as any checkpoint (the WAL keeps every frame until a writer restarts it after a
 * complete, synced checkpoint); several processes on one file each run one (SQLite lets one
 * checkpoint run at a time). The checkpointer lives and dies with the app's connection
 * (openDatabase ties it to that connection's close), so a restore or a moved data folder never
 * leaves it on an old file.
 */
import fs from 'node:fs';
import os from 'node:os';
import sqlite3 from 'sqlite3';

/** the app connection's automatic checkpoint, in pages: the safety net when the background falls behind */
export const SAFETY_NET_PAGES = 40_000;
/** how often the background checkpoint looks at the WAL */
export const CHECKPOINT_INTERVAL_MS = 500;
/** the WAL's frames past which the background checkpoint makes the WAL start over (FULL after its PASSIVE) */
export const RESET_PAGES = 16_000;
/** the frames the PASSIVE passes may leave to the FULL checkpoint (a reconnection payment writes ≈ 45) */
export const LEFT_FOR_FULL_PAGES = 200;
/** how long the background's FULL checkpoint waits for the writer's lock and for an older reader */
export const RESET_WAIT_MS = 50;

export class WalCheckpointer {
  private db: sqlite3.Database | null = null;
  private running: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly filename: string,
    intervalMs = CHECKPOINT_INTERVAL_MS,
    private readonly resetPages = RESET_PAGES,
  ) {
    this.timer = setInterval(() => void this.checkpoint(), intervalMs);
    this.timer.unref(); // never keeps a program (the CLI, a test) alive
  }

  /** one look at the WAL now, as a tick does (skipped while another runs); never throws: the safety net remains */
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
      // NOOP only reads the WAL index: a small WAL, or one already copied, is left as it is (see the header)
      let wal = await checkpoint(this.db, 'NOOP');
      if (wal.log < this.resetPages || wal.checkpointed === wal.log) return;
      wal = await checkpoint(this.db, 'PASSIVE');
      // copied beside the writer until only a few payments' frames are left, so that the FULL
      // checkpoint, which holds the writer's lock while it copies, has little left to copy
      for (let pass = 1; pass < 3 && wal.log - wal.checkpointed > LEFT_FOR_FULL_PAGES; pass++) wal = await checkpoint(this.db, 'PASSIVE');
      await checkpoint(this.db, 'FULL');
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
    const db = new sqlite3.Database(filename, sqlite3.OPEN_READWRITE, (error) => {
      if (error) return reject(error);
      db.configure('busyTimeout', RESET_WAIT_MS);
      resolve(db);
    });
  });
}

/**
 * PRAGMA wal_checkpoint: NOOP copies nothing and takes no lock (SQLite ≥ 3.51; an older one reads
 * the unknown mode as PASSIVE, the policy before this one); PASSIVE copies the WAL's frames that no reader still needs, waiting for
 * nothing (nothing when nothing is new); FULL first waits (busy timeout) for the writer's lock and
 * holds it while it copies the rest, so that the WAL is complete and the next write starts it over.
 * Busy is not an error: the checkpoint then copied what it could, and the next tick tries again.
 * Its row tells the WAL's frames (`log`) and how many of them are in the database file now.
 */
function checkpoint(db: sqlite3.Database, mode: 'NOOP' | 'PASSIVE' | 'FULL'): Promise<{ log: number; checkpointed: number }> {
  return new Promise((resolve, reject) =>
    db.get(`PRAGMA wal_checkpoint(${mode})`, (error: Error | null, row: { log: number; checkpointed: number }) => (error ? reject(error) : resolve(row))),
  );
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
 * Never from the app: closing any descriptor of a file drops every POSIX lock this process holds
 * on it, SQLite's locks on the -shm included, and another process then takes the WAL index for
 * abandoned (seen: a 4-process test lost committed payments and found the file corrupt when the
 * background checkpointer read its WAL's size this way; the checkpoint's own row tells it).
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
