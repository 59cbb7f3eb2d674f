/**
 * Two Windows users on one counter PC with a shared PostgreSQL server (issue 21, items 2 and 7): the
 * desktop app seals the saved password with the operating system's key store, which opens it only
 * for the Windows user who saved it. The other user is asked for it once at start; it is tested and
 * sealed for them too, keeping the first user's. The key stores here are stand-ins (Electron's
 * safeStorage needs Electron) with the same interface and the same "only mine" behaviour.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { addSealedPassword, readDatabaseConfig, SealedElsewhereError, writeDatabaseConfig } from '../../electron/core/database-config';
import { keyFileBox, type SecretBox } from '../../electron/core/secrets';
import { answerPromptCall, sealedUsers, type PasswordPrompt } from '../../electron/main/password-prompt';
import { tempDir } from '../helpers/backoffice';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** a key store that only `user` can open (a key of their own, out of the data folder) */
const keyStoreOf = (user: string): SecretBox => ({ ...keyFileBox(path.join(dir, `llavero-${user}`)), id: `safeStorage:${user}`, description: `el almacén de claves del usuario «${user}»` });
const SERVER = 'postgres://ventanilla:secreta@servidor.oficina:5432/ventanilla';

describe('a connection saved by another Windows user', () => {
  it('is refused with who saved it, and once typed by this user it opens for both', () => {
    const file = path.join(dir, 'ventanilla.config.json');
    const ana = [keyStoreOf('ana'), keyFileBox(dir)];
    const luis = [keyStoreOf('luis'), keyFileBox(dir)];
    writeDatabaseConfig(file, SERVER, ana);

    let refused: unknown;
    try {
      readDatabaseConfig(file, luis);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(SealedElsewhereError);
    expect(refused).toMatchObject({ url: 'postgres://ventanilla@servidor.oficina:5432/ventanilla', sealers: ['safeStorage:ana'], file });
    expect(sealedUsers((refused as SealedElsewhereError).sealers)).toEqual(['ana']);

    addSealedPassword(file, 'secreta', luis);
    expect(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).password).sort()).toEqual(['safeStorage:ana', 'safeStorage:luis']);
    expect(readDatabaseConfig(file, luis)).toBe(SERVER);
    expect(readDatabaseConfig(file, ana)).toBe(SERVER);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('secreta');
  });
});

describe('the password window’s calls', () => {
  const prompt = (tryPassword: PasswordPrompt['tryPassword']) => ({
    server: 'postgres://ventanilla@servidor.oficina:5432/ventanilla',
    sealedBy: ['ana'],
    user: 'luis',
    tryPassword,
    finish: vi.fn<(accepted: boolean) => void>(),
  });

  it('shows the server and who saved it; a wrong password gets the server’s reason and the window stays', async () => {
    const p = prompt(async () => 'Usuario o clave incorrectos: el servidor rechazó la clave de «ventanilla».');
    expect(await answerPromptCall(p, 'startup.passwordPrompt', {})).toEqual({ ok: true, data: { server: p.server, sealedBy: ['ana'], user: 'luis' } });
    expect(await answerPromptCall(p, 'startup.password', { password: 'otra' })).toEqual({
      ok: false,
      error: { code: 'RULE', message: 'Usuario o clave incorrectos: el servidor rechazó la clave de «ventanilla».' },
    });
    expect(await answerPromptCall(p, 'startup.password', { password: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Escriba la clave del servidor de la base de datos.' } });
    expect(p.finish).not.toHaveBeenCalled();
  });

  it('a password the server takes ends the question and the app goes on; Salir stops it; nothing else is answered', async () => {
    const tried: string[] = [];
    const p = prompt(async (password) => (tried.push(password), null));
    expect(await answerPromptCall(p, 'startup.password', { password: 'secreta' })).toEqual({ ok: true, data: { accepted: true } });
    expect(tried).toEqual(['secreta']);
    expect(p.finish).toHaveBeenCalledWith(true);
    const q = prompt(async () => null);
    await answerPromptCall(q, 'startup.cancel', {});
    expect(q.finish).toHaveBeenCalledWith(false);
    expect(await answerPromptCall(q, 'users.list', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'El sistema aún no está listo' } });
  });
});
