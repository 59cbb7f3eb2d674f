/**
 * The operating system's key store for saved secrets (Electron `safeStorage`): DPAPI on Windows,
 * the Keychain on macOS, the desktop's secret service on Linux. A value sealed here opens only for
 * the same user of the system, in this app. Where the store is not available (or, on Linux, would
 * only obfuscate with a fixed key: "basic_text"), null: the key file box is used instead.
 */
import os from 'node:os';
import { safeStorage } from 'electron';
import type { SecretBox } from '../core/secrets';

export function safeStorageBox(): SecretBox | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  const user = os.userInfo().username;
  return {
    id: `safeStorage:${user}`,
    description: `el almacén de claves del sistema del usuario «${user}»`,
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
