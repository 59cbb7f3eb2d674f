/**
 * Whether a path lies on a network file system. SQLite's WAL mode keeps its shared memory in a
 * file that every process must map on the same machine: over a network share (SMB, NFS) the locks
 * and that memory are not shared faithfully, and two counters can corrupt the database. So the
 * SQLite file (and a data folder it would move to) must be on a disk of this computer.
 *
 * Recognised: a UNC path (\\servidor\carpeta, //servidor/carpeta, \\?\UNC\…), a Windows drive
 * letter mapped to a share (`net use`, or a drive whose real path resolves to \\servidor\…), and on
 * Linux a folder whose file system is NFS, SMB/CIFS, 9P, AFS or Coda (statfs). The probes that ask
 * the operating system are behind `ShareProbe`, so the rules are tested anywhere.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface ShareProbe {
  platform: NodeJS.Platform;
  /** Windows: the drive letters mapped to network shares, as `net use` lists them ("Z:" → "\\servidor\datos") */
  mappedDrives(): Promise<Map<string, string>>;
  /** the path as the operating system resolves it (Windows: a mapped drive resolves to \\servidor\…), or null */
  realpath(p: string): string | null;
  /** Linux: the file system's type number of the folder (statfs f_type), or null */
  fsType(p: string): number | null;
}

/** Linux statfs f_type numbers of network file systems (linux/magic.h). */
export const NETWORK_FS_TYPES: Record<number, string> = {
  0x6969: 'NFS',
  0x517b: 'SMB',
  0xff534d42: 'CIFS',
  0xfe534d42: 'SMB2',
  0x01021997: '9P',
  0x5346414f: 'AFS',
  0x73757245: 'Coda',
  0x564c: 'NCP',
};

/**
 * The network place a path is on ("\\servidor\datos", "NFS"), or null when it is on a disk of this
 * computer. Never throws: a probe that fails counts as "not known to be a share".
 */
export async function networkLocation(file: string, probe: ShareProbe = systemShareProbe()): Promise<string | null> {
  if (probe.platform === 'win32') return windowsNetworkLocation(file, probe);
  if (probe.platform !== 'linux') return null;
  const type = probe.fsType(nearestExisting(path.resolve(file)));
  return type !== null && NETWORK_FS_TYPES[type] ? NETWORK_FS_TYPES[type] : null;
}

/** "\\servidor\carpeta" for a UNC path (both slash kinds, and the \\?\UNC\ long form); null otherwise. */
export function uncShare(p: string): string | null {
  const s = p.replace(/\//g, '\\');
  const long = /^\\\\\?\\UNC\\([^\\]+)\\([^\\]+)/i.exec(s);
  if (long) return `\\\\${long[1]}\\${long[2]}`;
  // \\?\C:\… and \\.\… are local device paths, not shares
  if (/^\\\\[?.]\\/.test(s)) return null;
  const unc = /^\\\\([^\\]+)(?:\\([^\\]+))?/.exec(s);
  if (!unc) return null;
  return unc[2] ? `\\\\${unc[1]}\\${unc[2]}` : `\\\\${unc[1]}`;
}

async function windowsNetworkLocation(file: string, probe: ShareProbe): Promise<string | null> {
  const unc = uncShare(file);
  if (unc) return unc;
  // a local device path (\\?\C:\…) is judged by its drive
  const plain = file.replace(/^[\\/]{2}[?.][\\/]/, '');
  const drive = /^([a-z]):/i.exec(plain)?.[1]?.toUpperCase();
  if (!drive) return null;
  const mapped = await probe.mappedDrives().catch(() => new Map<string, string>());
  const share = mapped.get(`${drive}:`);
  if (share) return `${drive}: (${share})`;
  // a drive mapped in a way `net use` does not list (another session, a logon script): its real path is a share
  const real = probe.realpath(`${drive}:\\`);
  const realShare = real ? uncShare(real) : null;
  return realShare ? `${drive}: (${realShare})` : null;
}

/**
 * The drive letters `net use` lists as mapped to a share. Its columns are translated with Windows
 * ("Status Local Remote" / "Estado Local Remoto"): a line is recognised by its shape, a drive
 * letter followed by a UNC path, whatever the language.
 */
export function parseNetUse(output: string): Map<string, string> {
  const drives = new Map<string, string>();
  for (const line of output.split(/\r?\n/)) {
    const match = /(?:^|\s)([A-Za-z]):\s+(\\\\\S+)/.exec(line);
    if (match) drives.set(`${match[1].toUpperCase()}:`, match[2]);
  }
  return drives;
}

/** The folder itself if it exists, else its nearest existing parent (a file not created yet is judged by its folder). */
export function nearestExisting(p: string): string {
  let current = p;
  while (!fs.existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

/** The probe that asks this computer. */
export function systemShareProbe(): ShareProbe {
  return {
    platform: process.platform,
    mappedDrives: () =>
      new Promise((resolve) => {
        execFile('net', ['use'], { timeout: 5000, windowsHide: true }, (error, stdout) => resolve(error ? new Map() : parseNetUse(String(stdout))));
      }),
    realpath: (p) => {
      try {
        return fs.realpathSync.native(p);
      } catch {
        return null;
      }
    },
    fsType: (p) => {
      try {
        return fs.statfsSync(p).type;
      } catch {
        return null;
      }
    },
  };
}

/**
 * The refusal, in Spanish, with the way out: a folder of this computer, or PostgreSQL for several
 * counters (Administración › Base de datos).
 */
export function networkShareMessage(file: string, where: string): string {
  return (
    `La base de datos no puede estar en una carpeta de red: ${file} está en ${where}. ` +
    'SQLite no funciona bien sobre carpetas compartidas (su modo WAL necesita que todos los programas que la usan estén en el mismo equipo) y los datos se pueden dañar. ' +
    'Use una carpeta de un disco de este equipo; para que varias ventanillas trabajen sobre los mismos datos, use un servidor PostgreSQL (Administración › Base de datos).'
  );
}
