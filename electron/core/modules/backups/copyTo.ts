/**
 * "Guardar una copia en…": a copy of the database written now into a folder the administrator
 * chooses (a USB stick, a network folder), from the screen — the same online copy as "Hacer copia
 * ahora", under a name that says what and when (`ventanilla-copia-<date>-<time>.sqlite`), never
 * over an existing file. The folder is of the machine that runs the back office (the desktop app's,
 * or the one beside the web door): the screen suggests the removable drives it finds there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupDestination, SavedCopy } from '../../../../shared/contract';
import type { BackOffice } from '../../context';
import type { Actor } from '../../db/audit';
import { companyTimeZone, localStamp } from '../../db/backup';
import { invalid } from '../../errors';
import { sqliteFileOf } from '../../db/dialect';
import { createManualBackup, PG_BACKUPS } from './service';

/** Checks the folder (absolute, existing, a folder, writable): the Spanish reason otherwise. */
export function checkFolder(folder: string): string {
  const target = folder.trim();
  if (!path.isAbsolute(target)) throw invalid(`Indique la ruta completa de la carpeta (por ejemplo ${os.platform() === 'win32' ? 'E:\\' : '/media/usb'}).`, { folder: 'Ruta incompleta' });
  let stats: fs.Stats;
  try {
    stats = fs.statSync(target);
  } catch {
    throw invalid(`La carpeta ${target} no existe en este equipo: conecte la memoria o revise la ruta.`, { folder: 'No existe' });
  }
  if (!stats.isDirectory()) throw invalid(`${target} es un archivo, no una carpeta.`, { folder: 'No es una carpeta' });
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    throw invalid(`No se puede escribir en ${target}: la memoria puede estar protegida contra escritura.`, { folder: 'Sin permiso de escritura' });
  }
  return target;
}

export async function saveCopyTo(app: BackOffice, actor: Actor, folder: string): Promise<SavedCopy> {
  sqliteFileOf(app, PG_BACKUPS);
  const target = checkFolder(folder);
  const file = path.join(target, `ventanilla-copia-${localStamp(await companyTimeZone(app.db))}.sqlite`);
  const made = await createManualBackup(app, actor, file);
  return { ...made, path: file };
}

/**
 * Where a copy may go on this machine: the mounted removable drives (Linux /media/<user>/*,
 * /run/media/<user>/*; macOS /Volumes/*; Windows the drive letters other than the system's), each
 * with its free space. `roots` and `drives` are for the tests.
 */
export function backupDestinations(options: { roots?: string[]; drives?: string[] } = {}): BackupDestination[] {
  const user = os.userInfo().username;
  const roots = options.roots ?? (os.platform() === 'darwin' ? ['/Volumes'] : ['/media', path.join('/media', user), path.join('/run/media', user)]);
  const found = new Map<string, BackupDestination>();
  const add = (folder: string) => {
    try {
      if (!fs.statSync(folder).isDirectory()) return;
      fs.accessSync(folder, fs.constants.W_OK);
      const stats = fs.statfsSync(folder);
      found.set(folder, { path: folder, label: path.basename(folder) || folder, freeBytes: Number(stats.bavail) * Number(stats.bsize) });
    } catch {
      // not a writable folder (a mount point of another user, a CD): not offered
    }
  };
  if (os.platform() === 'win32' || options.drives) {
    const system = (process.env.SystemDrive ?? 'C:').toUpperCase();
    for (const letter of options.drives ?? 'DEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((l) => `${l}:`)) {
      if (letter.toUpperCase() !== system) add(`${letter}\\`);
    }
  }
  for (const root of roots) {
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(root, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) if (e.isDirectory() && e.name !== user) add(path.join(root, e.name));
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}
