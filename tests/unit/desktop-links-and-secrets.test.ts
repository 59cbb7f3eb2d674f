/**
 * Two small guards of the desktop app: a link leaves for the system's browser only over https to a
 * site of the company's list (issue 12), and a saved secret is sealed so that only the box that
 * sealed it opens it (issue 21, item 7; the key-file box is the plain-Node one, the desktop app's
 * safeStorage box has the same interface).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedExternalUrl } from '../../electron/main/external-links';
import { KEY_FILE_NAME, keyFileBox, openSecret, sealSecret } from '../../electron/core/secrets';
import { tempDir } from '../helpers/backoffice';

describe('links to the system browser', () => {
  const hosts = ['www.superservicios.gov.co', '*.sui.gov.co'];

  it('opens https links to the listed sites, and to the subdomains of a *. entry', () => {
    expect(allowedExternalUrl('https://www.superservicios.gov.co/normativa', hosts)).toBe(true);
    expect(allowedExternalUrl('https://WWW.Superservicios.gov.co./', hosts)).toBe(true);
    expect(allowedExternalUrl('https://reportes.sui.gov.co/fabricaReportes', hosts)).toBe(true);
    expect(allowedExternalUrl('https://a.b.sui.gov.co/', hosts)).toBe(true);
  });

  it('refuses everything else: another site, a look-alike, http, a port, credentials, other schemes, no list', () => {
    expect(allowedExternalUrl('https://example.com/', hosts)).toBe(false);
    expect(allowedExternalUrl('https://superservicios.gov.co/', hosts)).toBe(false);
    expect(allowedExternalUrl('https://www.superservicios.gov.co.atacante.com/', hosts)).toBe(false);
    expect(allowedExternalUrl('https://sui.gov.co/', hosts)).toBe(false);
    expect(allowedExternalUrl('https://falsosui.gov.co/', hosts)).toBe(false);
    expect(allowedExternalUrl('http://www.superservicios.gov.co/', hosts)).toBe(false);
    expect(allowedExternalUrl('https://www.superservicios.gov.co:8443/', hosts)).toBe(false);
    expect(allowedExternalUrl('https://usuario:clave@www.superservicios.gov.co/', hosts)).toBe(false);
    expect(allowedExternalUrl('file:///C:/Windows/System32/calc.exe', hosts)).toBe(false);
    expect(allowedExternalUrl('javascript:alert(1)', hosts)).toBe(false);
    expect(allowedExternalUrl('no es una dirección', hosts)).toBe(false);
    expect(allowedExternalUrl('https://www.superservicios.gov.co/', [])).toBe(false);
  });
});

describe('sealed secrets', () => {
  it('the key-file box opens what it sealed; the sealed text never shows the secret; the key file is its owner’s alone', () => {
    const dir = tempDir();
    try {
      const box = keyFileBox(dir);
      const sealed = sealSecret([box], 'clave-de-postgres ñ');
      expect(Object.keys(sealed)).toEqual(['archivo']);
      expect(sealed.archivo).not.toContain('clave');
      // a new nonce each time: the same secret does not look the same twice
      expect(sealSecret([box], 'clave-de-postgres ñ').archivo).not.toBe(sealed.archivo);
      expect(openSecret([box], sealed, 'la clave')).toBe('clave-de-postgres ñ');
      if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('another computer’s key, or a changed value, does not open it: a Spanish error naming who sealed it', () => {
    const mine = tempDir();
    const other = tempDir();
    try {
      const sealed = sealSecret([keyFileBox(mine)], 'secreta');
      keyFileBox(other).seal('x'); // the other computer has a key of its own
      expect(() => openSecret([keyFileBox(other)], sealed, 'la clave de la base de datos')).toThrow(
        /^No se pudo descifrar la clave de la base de datos: está cifrada con la clave de archivo de este equipo, y este programa no puede abrirla \(una clave guardada en .*: Unsupported state or unable to authenticate data\)\. Escriba de nuevo la conexión en Administración › Base de datos\.$/,
      );
      const tampered = { archivo: Buffer.from(Buffer.from(sealed.archivo, 'base64').map((b, i) => (i === 30 ? b ^ 1 : b))).toString('base64') };
      expect(() => openSecret([keyFileBox(mine)], tampered, 'la clave')).toThrow(/^No se pudo descifrar la clave/);
    } finally {
      fs.rmSync(mine, { recursive: true, force: true });
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
