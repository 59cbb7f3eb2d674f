/**
 * A SQLite database on a network share is refused (issue 21, item 3): UNC paths, Windows drive
 * letters mapped to a share (as `net use` lists them, in Spanish or English, or as the drive's real
 * path reveals), and Linux folders on NFS or SMB. The probes of the operating system are given, so
 * the Windows rules run here; the last test asks this machine for real.
 */
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { networkLocation, parseNetUse, systemShareProbe, uncShare, type ShareProbe } from '../../electron/core/network-share';

const NET_USE_ES = [
  'Se recordarán las nuevas conexiones.',
  '',
  'Estado       Local     Remoto                    Red',
  '-------------------------------------------------------------------------------',
  'Conectado    Z:        \\\\servidor\\datos          Microsoft Windows Network',
  'No disponible Y:       \\\\nas\\compartida       Microsoft Windows Network',
  '             \\\\servidor\\IPC$                    Microsoft Windows Network',
  'Se ha completado el comando correctamente.',
].join('\r\n');

const NET_USE_EN = [
  'New connections will be remembered.',
  '',
  'Status       Local     Remote                    Network',
  '-------------------------------------------------------------------------------',
  'OK           R:        \\\\fileserver\\recaudo     Microsoft Windows Network',
  'The command completed successfully.',
].join('\r\n');

function windows(netUse = '', realpaths: Record<string, string> = {}): ShareProbe {
  return { platform: 'win32', mappedDrives: async () => parseNetUse(netUse), realpath: (p) => realpaths[p] ?? p, fsType: () => null };
}

describe('Windows', () => {
  it('a UNC path is a share, in any of its spellings; a local device path is not', async () => {
    expect(await networkLocation('\\\\servidor\\datos\\Ventanilla\\ventanilla.sqlite', windows())).toBe('\\\\servidor\\datos');
    expect(await networkLocation('//servidor/datos/ventanilla.sqlite', windows())).toBe('\\\\servidor\\datos');
    expect(await networkLocation('\\\\?\\UNC\\nas\\oficina\\ventanilla.sqlite', windows())).toBe('\\\\nas\\oficina');
    expect(await networkLocation('\\\\?\\C:\\ProgramData\\Ventanilla\\ventanilla.sqlite', windows())).toBeNull();
    expect(uncShare('C:\\ProgramData\\Ventanilla')).toBeNull();
  });

  it('a drive letter mapped with net use is a share, whatever the language of Windows', async () => {
    expect(parseNetUse(NET_USE_ES)).toEqual(new Map([['Z:', '\\\\servidor\\datos'], ['Y:', '\\\\nas\\compartida']]));
    expect(await networkLocation('Z:\\Ventanilla\\ventanilla.sqlite', windows(NET_USE_ES))).toBe('Z: (\\\\servidor\\datos)');
    expect(await networkLocation('z:/Ventanilla/ventanilla.sqlite', windows(NET_USE_ES))).toBe('Z: (\\\\servidor\\datos)');
    expect(await networkLocation('R:\\ventanilla.sqlite', windows(NET_USE_EN))).toBe('R: (\\\\fileserver\\recaudo)');
  });

  it('a drive net use does not list is still a share when its real path is one', async () => {
    const probe = windows('', { 'P:\\': '\\\\?\\UNC\\servidor2\\publico\\' });
    expect(await networkLocation('P:\\Ventanilla\\ventanilla.sqlite', probe)).toBe('P: (\\\\servidor2\\publico)');
  });

  it('a local disk is not a share, and a failing net use does not make it one', async () => {
    expect(await networkLocation('C:\\ProgramData\\Ventanilla\\ventanilla.sqlite', windows(NET_USE_ES))).toBeNull();
    expect(await networkLocation('D:\\Ventanilla\\ventanilla.sqlite', windows(NET_USE_ES))).toBeNull();
    const failing: ShareProbe = { ...windows(), mappedDrives: () => Promise.reject(new Error('net no existe')) };
    expect(await networkLocation('D:\\Ventanilla\\ventanilla.sqlite', failing)).toBeNull();
  });
});

describe('Linux', () => {
  const linux = (type: number | null): ShareProbe => ({ platform: 'linux', mappedDrives: async () => new Map(), realpath: (p) => p, fsType: () => type });

  it('NFS, SMB/CIFS and 9P mounts are shares; ext4 and tmpfs are not', async () => {
    expect(await networkLocation('/mnt/nfs/ventanilla.sqlite', linux(0x6969))).toBe('NFS');
    expect(await networkLocation('/mnt/smb/ventanilla.sqlite', linux(0xff534d42))).toBe('CIFS');
    expect(await networkLocation('/mnt/smb2/ventanilla.sqlite', linux(0xfe534d42))).toBe('SMB2');
    expect(await networkLocation('/mnt/wsl/ventanilla.sqlite', linux(0x01021997))).toBe('9P');
    expect(await networkLocation('/home/ana/.config/Ventanilla/ventanilla.sqlite', linux(0xef53))).toBeNull();
    expect(await networkLocation('/dev/shm/ventanilla.sqlite', linux(0x01021994))).toBeNull();
  });

  it.skipIf(process.platform !== 'linux')('this machine: a folder of the temporary disk is not a share', async () => {
    expect(await networkLocation(`${os.tmpdir()}/no-existe-aun/ventanilla.sqlite`, systemShareProbe())).toBeNull();
  });
});
