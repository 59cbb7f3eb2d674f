/**
 * zbarimg (Debian package zbar-tools) decodes the barcodes of a page rendered by pdftoppm. Where it is
 * missing, the tests that need it are skipped with the reason, except in CI (CI set in the
 * environment), where they run and fail with what to install: CI must not pass by skipping them
 * (as the real CUPS queue test does).
 */
import { execFileSync } from 'node:child_process';

export const ZBARIMG_MISSING = 'zbarimg no está instalado (paquete de Debian zbar-tools)';

/** 'run' when zbarimg is here; 'fail' in CI without it (the test runs and says what is missing); 'skip' elsewhere. */
export function zbarimgMode(env: NodeJS.ProcessEnv = process.env): 'run' | 'fail' | 'skip' {
  try {
    execFileSync('zbarimg', ['--version'], { stdio: 'ignore', env });
    return 'run';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return 'run';
    return env.CI ? 'fail' : 'skip';
  }
}

const mode = zbarimgMode();
/** whether the zbarimg tests run here (for `it.runIf`); when false, skip them naming ZBARIMG_MISSING */
export const ZBARIMG_RUNS = mode !== 'skip';

/** zbarimg's output for these arguments; in CI without zbarimg, the Spanish reason as the failure. */
export function zbarimg(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  if (zbarimgMode(env) === 'fail') throw new Error(`CI sin zbarimg: ${ZBARIMG_MISSING}; instálelo antes de las pruebas (.ci/run lo hace)`);
  return execFileSync('zbarimg', args, { encoding: 'utf8', env });
}
