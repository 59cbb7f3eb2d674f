/**
 * Where the office's data live (issue 21, item 2): one folder for the whole Windows machine
 * (%ProgramData%\Ventanilla, or the one chosen at installation), so two cashiers sharing a PC share
 * one database; the per-user folder of an earlier version stays in use until it is moved; the
 * variable wins. The Windows rules run here on a disk made of a map.
 */
import { describe, expect, it } from 'vitest';
import { POINTER_FILE_NAME, resolveDataFolder, type FolderIo, type SystemPlaces } from '../../electron/core/data-folder';

const WIN: SystemPlaces = {
  platform: 'win32',
  env: { ProgramData: 'C:\\ProgramData', APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' },
  homedir: 'C:\\Users\\ana',
};

/** a disk of files given as a map (bytes or text) */
function disk(files: Record<string, string | Buffer>): FolderIo {
  return {
    exists: (p) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}\\`)),
    read: (p) => (p in files ? Buffer.from(files[p]) : null),
  };
}

/** what the installer (NSIS, build/installer.nsh) writes: UTF-16LE with a byte-order mark */
const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const RECORD = `C:\\ProgramData\\Ventanilla\\${POINTER_FILE_NAME}`;

describe('the data folder on Windows', () => {
  it('is the machine folder, the same for every Windows user, when nothing else was chosen', () => {
    const forAna = resolveDataFolder(WIN, disk({}));
    const forLuis = resolveDataFolder({ ...WIN, env: { ...WIN.env, APPDATA: 'C:\\Users\\luis\\AppData\\Roaming' }, homedir: 'C:\\Users\\luis' }, disk({}));
    expect(forAna).toMatchObject({ dir: 'C:\\ProgramData\\Ventanilla', source: 'predeterminada', recordFile: RECORD });
    expect(forLuis.dir).toBe(forAna.dir);
  });

  it('is the folder chosen at installation, as the installer writes it (UTF-16), with accents', () => {
    const folder = resolveDataFolder(WIN, disk({ [RECORD]: utf16('{"dataDir":"D:\\\\Datos\\\\Oficina Garagoa Año 2026","chosenBy":"instalacion"}\r\n') }));
    expect(folder).toMatchObject({ dir: 'D:\\Datos\\Oficina Garagoa Año 2026', source: 'instalacion', pendingMove: null });
  });

  it('keeps using the per-user folder of an earlier version while the machine folder has no data, and suggests the move', () => {
    const folder = resolveDataFolder(WIN, disk({ 'C:\\Users\\ana\\AppData\\Roaming\\Ventanilla\\ventanilla.sqlite': 'SQLite format 3' }));
    expect(folder).toMatchObject({ dir: 'C:\\Users\\ana\\AppData\\Roaming\\Ventanilla', source: 'anterior', suggested: 'C:\\ProgramData\\Ventanilla' });
    // once the machine folder holds the database, the old one is no longer used
    const after = resolveDataFolder(
      WIN,
      disk({ 'C:\\Users\\ana\\AppData\\Roaming\\Ventanilla\\ventanilla.sqlite': 'x', 'C:\\ProgramData\\Ventanilla\\ventanilla.sqlite': 'y' }),
    );
    expect(after).toMatchObject({ dir: 'C:\\ProgramData\\Ventanilla', source: 'predeterminada' });
  });

  it('after a move, uses the new folder and remembers the old one; a move waiting is reported', () => {
    const moved = resolveDataFolder(WIN, disk({ [RECORD]: JSON.stringify({ dataDir: 'E:\\Ventanilla', chosenBy: 'movida', previous: 'C:\\ProgramData\\Ventanilla' }) }));
    expect(moved).toMatchObject({ dir: 'E:\\Ventanilla', source: 'movida', previous: 'C:\\ProgramData\\Ventanilla', pendingMove: null });
    const waiting = resolveDataFolder(WIN, disk({ [RECORD]: JSON.stringify({ moveTo: 'E:\\Ventanilla', moveFrom: 'C:\\ProgramData\\Ventanilla' }) }));
    expect(waiting).toMatchObject({ dir: 'C:\\ProgramData\\Ventanilla', pendingMove: 'E:\\Ventanilla' });
    // a move asked from another folder (the record changed since) is not done
    const stale = resolveDataFolder(WIN, disk({ [RECORD]: JSON.stringify({ dataDir: 'F:\\Otra', moveTo: 'E:\\Ventanilla', moveFrom: 'C:\\ProgramData\\Ventanilla' }) }));
    expect(stale.pendingMove).toBeNull();
  });

  it('a damaged record stops with a Spanish message naming the file, never another folder', () => {
    expect(() => resolveDataFolder(WIN, disk({ [RECORD]: '{"dataDir": ' }))).toThrow(
      `El archivo ${RECORD} (la carpeta de datos elegida para este equipo) está dañado`,
    );
  });

  it('VENTANILLA_DATA_DIR wins over everything', () => {
    const folder = resolveDataFolder({ ...WIN, env: { ...WIN.env, VENTANILLA_DATA_DIR: 'F:\\Pruebas' } }, disk({ [RECORD]: '{"dataDir":"D:\\\\Datos"}' }));
    expect(folder).toMatchObject({ dir: 'F:\\Pruebas', source: 'variable' });
  });
});

describe('the data folder on Linux (development and the web door)', () => {
  it('is the configuration folder of the user, as before', () => {
    const sys: SystemPlaces = { platform: 'linux', env: {}, homedir: '/home/ana' };
    expect(resolveDataFolder(sys, disk({}))).toMatchObject({ dir: '/home/ana/.config/Ventanilla', source: 'predeterminada' });
    expect(resolveDataFolder({ ...sys, env: { XDG_CONFIG_HOME: '/srv/conf' } }, disk({})).dir).toBe('/srv/conf/Ventanilla');
  });
});
