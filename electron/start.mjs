#!/usr/bin/env node
/**
 * `npm start`: builds the app and opens it in Electron. Electron's own program is downloaded the
 * first time; where that cannot happen (no internet), say so in one line and point to the browser.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));
const WEB_HINT = 'Abra la misma aplicación en el navegador con: npm run web';

function electronBinaryPresent() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return false;
  return fs.existsSync(path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8')));
}

function tryDownloadElectron() {
  console.log('Descargando Electron (solo la primera vez)…');
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'pipe', timeout: 180_000 });
  return result.status === 0 && electronBinaryPresent();
}

if (!electronBinaryPresent() && !tryDownloadElectron()) {
  console.error(`No se pudo obtener Electron en este equipo (sin conexión a internet para descargarlo). ${WEB_HINT}`);
  process.exit(1);
}

const bin = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [bin, 'preview', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
