/**
 * TEST ONLY, never shipped in the app (electron-builder packs `out/`, and nothing under `electron/`
 * or `renderer/` imports this file): a preload for the end-to-end web door that lets a spec move the
 * back office's clock, for stories that span days ("the cashier takes the down payment the next
 * business day", "30 hours after the payment"). story.ts `clockEnv(file)` starts the door with
 * `node --import` of this file and E2E_CLOCK_FILE; the spec writes a number of milliseconds into that
 * file (`setClock`) and every `new Date()` / `Date.now()` of the door runs that far ahead from then on.
 * Without E2E_CLOCK_FILE this file changes nothing.
 */
import fs from 'node:fs';

const file = process.env.E2E_CLOCK_FILE;
if (file) {
  const RealDate = Date;
  let offset = 0;
  const read = () => {
    try {
      offset = Number(fs.readFileSync(file, 'utf8').trim()) || 0;
    } catch {
      offset = 0;
    }
  };
  read();
  // polled (not fs.watch): a rewrite of the file is seen within 50 ms on any file system
  fs.watchFile(file, { interval: 50 }, read).unref();
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
