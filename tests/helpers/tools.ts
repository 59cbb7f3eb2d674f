/**
 * Programs some tests need besides Node (zbarimg reads the barcodes of the papers). On a developer's
 * machine without one, its tests are skipped with the reason; in CI (CI set) they run anyway and
 * fail, naming the package, so CI cannot pass while skipping them. (The CUPS test does the same with
 * lpstat, in tests/integration/printing-cups.test.ts.)
 */
import { execFileSync } from 'node:child_process';

function onPath(program: string): boolean {
  try {
    execFileSync('which', [program], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface ExternalTool {
  /** the program is installed here */
  present: boolean;
  /** run the tests that need it: where it is installed, and always in CI */
  run: boolean;
  /** why its tests are skipped here, for the skipped test's name */
  skipReason: string;
  /** first line of a test that needs it: in CI without it, fails saying what to install */
  require(): void;
}

export function externalTool(program: string, debianPackage: string): ExternalTool {
  const present = onPath(program);
  return {
    present,
    run: present || Boolean(process.env.CI),
    skipReason: `${program} no está instalado (paquete de Debian ${debianPackage})`,
    require() {
      if (!present) throw new Error(`CI sin ${program}: instale el paquete ${debianPackage} (apt-get install ${debianPackage}); estas pruebas no se omiten en CI`);
    },
  };
}

export const zbarimg = externalTool('zbarimg', 'zbar-tools');
