import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The Electron program, or null where it could not be downloaded (as on the CI machines). */
export function electronBinary(): string | null {
  const dir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8'));
  return fs.existsSync(bin) ? bin : null;
}

export const NO_ELECTRON_MESSAGE =
  'Electron no está descargado en este equipo (sin acceso a su servidor): las pruebas de la ventana de escritorio se omiten. ' +
  'La misma aplicación se prueba en Chromium con tests/e2e.';
