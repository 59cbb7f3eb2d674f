#!/usr/bin/env node
/**
 * `npm run package` (after `electron-vite build`): the installers of the system it runs on, with
 * electron-builder.yml. Windows (NSIS) is packaged only on Windows: the installer's own script
 * (build/installer.nsh), the native sqlite3 module and the code signing need Windows, and a build
 * made elsewhere would ship a Linux sqlite3. Linux (AppImage, deb) is packaged on Linux.
 *   node electron/package.mjs [--win | --linux] [--plan]
 * --plan prints the electron-builder command instead of running it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const asked = args.includes('--win') ? 'win32' : args.includes('--linux') ? 'linux' : process.platform;
const FLAGS = { win32: '--win', linux: '--linux' };

if (!FLAGS[asked]) {
  console.error(`No hay instaladores para ${asked}: se empaqueta para Windows (en Windows) o para Linux (en Linux).`);
  process.exit(1);
}
if (asked !== process.platform) {
  console.error(
    asked === 'win32'
      ? 'El instalador de Windows se hace solo en Windows (npm run package en un equipo Windows): su script, el módulo nativo sqlite3 y la firma del código lo necesitan.'
      : 'Los paquetes de Linux se hacen en Linux.',
  );
  process.exit(1);
}
if (asked === 'win32' && !process.env.CSC_LINK && !process.env.WIN_CSC_LINK) {
  console.log('Sin CSC_LINK ni CSC_KEY_PASSWORD: el instalador sale sin firma (Windows SmartScreen lo advertirá al instalarlo).');
}

const builder = path.join(path.dirname(require.resolve('electron-builder/package.json')), 'cli.js');
const command = [builder, FLAGS[asked], '--config', 'electron-builder.yml', '--publish', 'never'];
if (args.includes('--plan')) {
  console.log(['node', ...command.map((a) => path.relative(process.cwd(), a) || a)].join(' '));
  process.exit(0);
}
const result = spawnSync(process.execPath, command, { stdio: 'inherit' });
process.exit(result.status ?? 1);
