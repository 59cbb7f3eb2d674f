/**
 * The rotating log (issue 21, item 4), with the real electron-log file transport as the desktop app
 * (electron-log/main) and the web door (electron-log/node) configure it: one line per entry with
 * date and level, and at the size limit the file moves to .1, .1 to .2 … up to .5, the oldest
 * dropped, so the log never grows past six files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import log from 'electron-log/node';
import { LOG_ARCHIVES, configureLogFile, logFileIn, loggerOver } from '../../electron/core/logging';
import { tempDir } from '../helpers/backoffice';

describe('the log file', () => {
  it('lives in the data folder: logs/ventanilla.log for the desktop app, logs/ventanilla-web.log for the web door', () => {
    expect(logFileIn('/datos', 'escritorio')).toBe(path.join('/datos', 'logs', 'ventanilla.log'));
    expect(logFileIn('/datos', 'navegador')).toBe(path.join('/datos', 'logs', 'ventanilla-web.log'));
  });

  it('rotates at its size into five archives, newest first, and never keeps more', () => {
    const dir = tempDir();
    try {
      const file = logFileIn(dir, 'escritorio');
      const logger = log.create({ logId: `prueba-${process.pid}-${Date.now()}` });
      logger.transports.console.level = false;
      // 2,000 bytes a file here (5 MB in the app); 400 lines of ~80 bytes are ~16 files' worth
      configureLogFile(logger.transports.file, file, 2000);
      const out = loggerOver(logger);
      for (let i = 1; i <= 400; i++) out.info(`línea ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`);

      const files = fs.readdirSync(path.dirname(file)).sort();
      expect(files).toEqual(['ventanilla.1.log', 'ventanilla.2.log', 'ventanilla.3.log', 'ventanilla.4.log', 'ventanilla.5.log', 'ventanilla.log']);
      expect(LOG_ARCHIVES).toBe(5);
      const current = fs.readFileSync(file, 'utf8').trim().split('\n');
      expect(current.at(-1)).toMatch(/^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}\] \[info\]\s+línea 400 x{40}$/);
      // the archives hold the lines before, in order: .1 ends where the current file starts
      const lastOf = (name: string) => Number(/línea (\d+)/.exec(fs.readFileSync(path.join(path.dirname(file), name), 'utf8').trim().split('\n').at(-1)!)![1]);
      const firstOfCurrent = Number(/línea (\d+)/.exec(current[0])![1]);
      expect(lastOf('ventanilla.1.log')).toBe(firstOfCurrent - 1);
      expect(lastOf('ventanilla.2.log')).toBeLessThan(lastOf('ventanilla.1.log'));
      expect(lastOf('ventanilla.5.log')).toBeLessThan(lastOf('ventanilla.4.log'));
      for (const name of files) expect(fs.statSync(path.join(path.dirname(file), name)).size).toBeLessThan(2200);
      if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
