/**
 * CI cannot pass by leaving tests out: a `test.only` left in a Playwright spec fails the run
 * (forbidOnly, in both configs), and the barcode tests that need zbarimg fail in CI without it
 * instead of skipping, as the real CUPS queue test already does (issue 21, "CI builds what ships").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ZBARIMG_MISSING, zbarimg, zbarimgMode } from '../helpers/zbarimg';

const CONFIGS = ['../e2e/playwright.config', '../electron/playwright.config'] as const;

async function forbidOnlyOf(config: (typeof CONFIGS)[number]): Promise<boolean | undefined> {
  vi.resetModules();
  const loaded = (await import(config)) as { default: { forbidOnly?: boolean } };
  return loaded.default.forbidOnly;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('test.only in a Playwright spec', () => {
  it.each(CONFIGS)('fails the run under CI (%s)', async (config) => {
    vi.stubEnv('CI', '1');
    expect(await forbidOnlyOf(config)).toBe(true);
  });

  it.each(CONFIGS)('is allowed on an engineer\'s machine, without CI (%s)', async (config) => {
    vi.stubEnv('CI', '');
    expect(await forbidOnlyOf(config)).toBe(false);
  });
});

describe('the zbarimg tests', () => {
  // a PATH where no zbarimg can be found
  const nowhere = { PATH: '/nonexistent-ventanilla-path' };

  it('are skipped without zbarimg on an engineer\'s machine', () => {
    expect(zbarimgMode(nowhere)).toBe('skip');
  });

  it('run and fail in CI without zbarimg, saying what to install', () => {
    const ci = { ...nowhere, CI: '1' };
    expect(zbarimgMode(ci)).toBe('fail');
    expect(() => zbarimg(['--raw', 'page.png'], ci)).toThrow(`CI sin zbarimg: ${ZBARIMG_MISSING}; instálelo antes de las pruebas (.ci/run lo hace)`);
    expect(ZBARIMG_MISSING).toBe('zbarimg no está instalado (paquete de Debian zbar-tools)');
  });

  it('run where zbarimg is installed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-zbar-path-'));
    try {
      fs.writeFileSync(path.join(dir, 'zbarimg'), '#!/bin/sh\necho 0.23\n', { mode: 0o755 });
      expect(zbarimgMode({ PATH: dir })).toBe('run');
      expect(zbarimgMode({ PATH: dir, CI: '1' })).toBe('run');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
