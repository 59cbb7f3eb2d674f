/**
 * Saved secrets (the PostgreSQL password of the saved connection; later the SMTP password): never
 * written as plain text. A `SecretBox` seals a secret and opens what it sealed. The desktop app
 * passes one backed by the operating system's key store (Electron `safeStorage`: DPAPI on Windows,
 * for the Windows user who saved it; electron/main/secrets.ts); the web door and the CLI, in plain
 * Node, use `keyFileBox`: AES-256-GCM with a random key kept in a file of this computer's data folder
 * (readable only by its owner on Linux and macOS). The key file keeps the secret out of the
 * configuration file, its copies and screenshots; it does not protect it from someone who can read
 * the whole data folder (the operating system's key store does).
 *
 * A sealed value is stored under the box's id ("safeStorage:ana", "archivo"), so a file can carry
 * the same secret for several boxes and each program opens the one it can.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface SecretBox {
  /** which box sealed a value: 'safeStorage:<usuario del sistema>' or 'archivo' */
  readonly id: string;
  /** Spanish, for the administration screen: "el almacén de claves de Windows del usuario ana" */
  readonly description: string;
  /** the secret sealed, as base64 */
  seal(plain: string): string;
  /** what `seal` gave back, opened; throws when this box cannot open it */
  open(sealed: string): string;
}

export const KEY_FILE_NAME = 'ventanilla.key';
export const KEY_FILE_BOX_ID = 'archivo';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM with a random key in `<folder>/ventanilla.key` (made on the first seal, mode 0600). */
export function keyFileBox(folder: string): SecretBox {
  const keyFile = path.join(folder, KEY_FILE_NAME);
  const readKey = (): Buffer | null => {
    try {
      const key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
      return key.length === 32 ? key : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };
  const makeKey = (): Buffer => {
    const key = crypto.randomBytes(32);
    fs.mkdirSync(folder, { recursive: true });
    try {
      fs.writeFileSync(keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // another process made it first: use theirs
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKey() ?? key;
      throw error;
    }
    return key;
  };
  return {
    id: KEY_FILE_BOX_ID,
    description: `una clave guardada en ${keyFile}`,
    seal(plain) {
      const key = readKey() ?? makeKey();
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv(ALGORITHM, key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      const key = readKey();
      if (!key) throw new Error(`falta el archivo de la clave ${keyFile}`);
      const bytes = Buffer.from(sealed, 'base64');
      if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('el valor cifrado está incompleto');
      const decipher = crypto.createDecipheriv(ALGORITHM, key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

/** Secrets sealed by box id, as stored in a file. */
export type SealedSecret = Record<string, string>;

/** Seals a secret with the first box (the one this program saves with). */
export function sealSecret(boxes: readonly SecretBox[], plain: string): SealedSecret {
  const [box] = boxes;
  if (!box) throw new Error('no hay con qué cifrar la clave');
  return { [box.id]: box.seal(plain) };
}

/**
 * Opens a sealed secret with the first of `boxes` that has a value in it; throws a Spanish error
 * naming who sealed it when none can.
 */
export function openSecret(boxes: readonly SecretBox[], sealed: SealedSecret, what: string): string {
  const failures: string[] = [];
  for (const box of boxes) {
    const value = sealed[box.id];
    if (value === undefined) continue;
    try {
      return box.open(value);
    } catch (error) {
      failures.push(`${box.description}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const sealers = Object.keys(sealed).map(describeSealer);
  throw new Error(
    `No se pudo descifrar ${what}: está cifrada con ${sealers.join(' y ') || 'nada conocido'}, y este programa no puede abrirla` +
      `${failures.length ? ` (${failures.join('; ')})` : ''}. ${wayOut(sealed)}`,
  );
}

/** "el almacén de claves del sistema del usuario «ana»" for 'safeStorage:ana'. */
export function describeSealer(id: string): string {
  if (id === KEY_FILE_BOX_ID) return 'la clave de archivo de este equipo';
  const user = /^safeStorage:(.*)$/.exec(id)?.[1];
  return user !== undefined ? `el almacén de claves del sistema del usuario «${user}» (aplicación de escritorio)` : id;
}

function wayOut(sealed: SealedSecret): string {
  const users = Object.keys(sealed)
    .map((id) => /^safeStorage:(.*)$/.exec(id)?.[1])
    .filter((u): u is string => u !== undefined);
  if (users.length === 0) return 'Escriba de nuevo la conexión en Administración › Base de datos.';
  return (
    `Solo la aplicación de escritorio abierta por ${users.map((u) => `«${u}»`).join(' o ')} puede usarla: ` +
    `abra Ventanilla con ese usuario, o indique la base con la variable VENTANILLA_DATABASE_URL para este usuario.`
  );
}
