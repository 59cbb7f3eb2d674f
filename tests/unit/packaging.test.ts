/**
 * What ships (issue 21, item 10, and issue 12): electron-builder.yml passes electron-builder's own
 * schema; the fuses are flipped (grantFileProtocolExtraPrivileges off among them); the installer is
 * per machine and adds the data-folder page (build/installer.nsh); the update feed is generic; and
 * `npm run package` refuses to package Windows anywhere but on Windows.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
type Config = {
  electronFuses: Record<string, boolean>;
  nsis: { perMachine: boolean; include: string; oneClick: boolean };
  publish: { provider: string; url: string }[];
  asarUnpack: string[];
  win: { signtoolOptions?: { publisherName?: string } };
};
const config = yaml.load(fs.readFileSync('electron-builder.yml', 'utf8')) as Config;

describe('electron-builder.yml', () => {
  it('is valid for electron-builder (its own schema)', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    // the check itself catches a wrong key
    await expect(validateConfiguration({ ...structuredClone(config), nsis: { ...config.nsis, perMachina: true } }, new DebugLogger(false))).rejects.toThrow(/configuration\.nsis/);
  });

  it('flips the fuses: no Node through ELECTRON_RUN_AS_NODE, no file:// privileges, the asar checked', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      grantFileProtocolExtraPrivileges: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('installs per machine, with the data-folder page, and names no publisher an unsigned build could not match', () => {
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, include: 'build/installer.nsh' });
    expect(config.asarUnpack).toContain('node_modules/pdf-to-printer/dist/*.exe');
    expect(config.win.signtoolOptions?.publisherName).toBeUndefined();
    const script = fs.readFileSync(config.nsis.include, 'utf8');
    expect(script.charCodeAt(0)).toBe(0xfeff); // NSIS reads non-ASCII text only from UTF-8 with its mark
    expect(script).toContain('!macro customPageAfterChangeDir');
    expect(script).toContain('carpeta-de-datos.json');
    expect(script).toContain('FileWriteWord $R8 0xFEFF'); // UTF-16 with its mark, as data-folder.ts reads it
    expect(script).toContain('*S-1-5-32-545:(OI)(CI)M'); // the Users group, by SID
    expect(script).toContain('${isUpdated}'); // an update keeps the folder in use
    expect(script).toContain('GetDriveTypeW'); // a mapped network drive is refused
  });

  it('publishes latest.yml for electron-updater’s generic provider', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: 'http://actualizaciones.invalid/ventanilla/' }]);
  });
});

describe('npm run package', () => {
  it('packages for the system it runs on, and refuses Windows anywhere else', () => {
    if (process.platform === 'linux') {
      expect(execFileSync(process.execPath, ['electron/package.mjs', '--plan'], { encoding: 'utf8' }).trim()).toBe(
        'node node_modules/electron-builder/cli.js --linux --config electron-builder.yml --publish never',
      );
    }
    if (process.platform !== 'win32') {
      const refused = spawnSync(process.execPath, ['electron/package.mjs', '--win', '--plan'], { encoding: 'utf8' });
      expect(refused.status).toBe(1);
      expect(refused.stderr.trim()).toBe(
        'El instalador de Windows se hace solo en Windows (npm run package en un equipo Windows): su script, el módulo nativo sqlite3 y la firma del código lo necesitan.',
      );
    }
  });
});
