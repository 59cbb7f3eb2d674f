/**
 * Where a citizen verifies a paz y salvo (issue 14, finding 19): the certificate never sends them to
 * an internal screen; it names the company's verification page and phone (Ajustes) and the offices,
 * and its QR carries the page with the code — read back with pdftotext and zbarimg. Without a page,
 * the offices (and the phone, when set) are named and the QR carries the code alone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { insertAccount, insertInvoice } from '../helpers/accounts';
import { pdfTextFlat } from '../helpers/pdf';
import { DEFAULT_SETTINGS } from '../../shared/contract';

let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;
let clerk: string;
let account: number;

function hasZbarimg(): boolean {
  try {
    execFileSync('which', ['zbarimg'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** every QR code zbarimg finds on page 1 */
function qrCodes(pdf: Buffer): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-pys-'));
  try {
    fs.writeFileSync(path.join(dir, 'c.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', '-singlefile', path.join(dir, 'c.pdf'), path.join(dir, 'page')]);
    return execFileSync('zbarimg', ['--raw', '-q', path.join(dir, 'page.png')], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  t = await createInitializedBackOffice();
  clerk = await loginAs(t, 'auxiliar');
  account = await insertAccount(t.app.db, { number: '200777', holderName: 'ANAYA CASTRO MARÍA' });
  await insertInvoice(t.app.db, account, { number: 'F-0200', period: '2026-10', dueDate: '2026-11-15', total: 61_000, balance: 0 });
});
afterAll(() => t.close());

async function issue() {
  const { certificate, file } = await t.ok('pazYSalvo.issue', { accountId: account }, clerk);
  const pdf = Buffer.from(file.base64, 'base64');
  // the box wraps the sentence over lines: read it as one
  return { code: certificate.verificationCode, pdf, text: pdfTextFlat(pdf).replace(/\s+/g, ' ') };
}

describe('the certificate says where to verify it', () => {
  it('with a page and a phone: both, with the code, and the offices; never Ventanilla', async () => {
    await t.ok('settings.update', { ...DEFAULT_SETTINGS, pazYSalvoVerifyUrl: 'https://www.aguasdetenza.gov.co/verificar', pazYSalvoVerifyPhone: '608 750 1234' }, t.adminToken);
    const { code, pdf, text } = await issue();
    expect(text).toContain(`escanee el código QR o ingrese a https://www.aguasdetenza.gov.co/verificar con el código ${code}`);
    expect(text).toContain(`llame al 608 750 1234 y dé el código ${code}`);
    expect(text).toContain('presente el certificado en cualquiera de las oficinas de atención de Aguas del Valle de Tenza S.A. E.S.P.');
    expect(text).not.toContain('Ventanilla');
    if (hasZbarimg() || process.env.CI) expect(qrCodes(pdf)).toEqual([`https://www.aguasdetenza.gov.co/verificar?codigo=${encodeURIComponent(code)}`]);
  });

  it('a page with {codigo} gets the code where it says', async () => {
    await t.ok('settings.update', { ...DEFAULT_SETTINGS, pazYSalvoVerifyUrl: 'https://pagos.aguas.co/pys/{codigo}/estado' }, t.adminToken);
    const { code, pdf, text } = await issue();
    expect(text).toContain(`ingrese a https://pagos.aguas.co/pys/${code}/estado`);
    if (hasZbarimg() || process.env.CI) expect(qrCodes(pdf)).toEqual([`https://pagos.aguas.co/pys/${encodeURIComponent(code)}/estado`]);
  });

  it('without a page: the offices name it, and the QR carries the code alone', async () => {
    await t.ok('settings.update', { ...DEFAULT_SETTINGS }, t.adminToken);
    const { code, pdf, text } = await issue();
    expect(text).toContain('Para comprobar que este certificado es auténtico y sigue vigente, presente el certificado en cualquiera de las oficinas de atención de');
    expect(text).not.toContain('Ventanilla');
    if (hasZbarimg() || process.env.CI) expect(qrCodes(pdf)).toEqual([code]);
  });

  it('an address that is not a web address is refused with its Spanish message, and the settings stay', async () => {
    const before = await t.ok('settings.get', {}, t.adminToken);
    const refused = await t.call('settings.update', { ...DEFAULT_SETTINGS, pazYSalvoVerifyUrl: 'www.aguas.co' }, t.adminToken);
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'VALIDATION',
      fields: { pazYSalvoVerifyUrl: 'Escriba la dirección completa, por ejemplo https://www.empresa.gov.co/verificar' },
    });
    expect(await t.ok('settings.get', {}, t.adminToken)).toEqual(before);
  });
});
