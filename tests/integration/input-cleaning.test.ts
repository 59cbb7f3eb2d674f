/**
 * Issue 12 (low): control characters and bidi overrides never reach the back office. Every string
 * of every input loses them at the handler boundary (electron/core/inputCleaning.ts, one call in
 * the dispatcher), except passwords, file payloads and the scanner's raw GS1 code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText, withoutControlCharacters } from '../../electron/core/inputCleaning';
import { GS } from '../../shared/gs1';
import { createInitializedBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, openCashierDesk } from '../helpers/cashier';
import { filePqr, pqrCounts } from '../helpers/pqr';

const RLO = '\u202E'; // right-to-left override: "exe.fdp" shows as "pdf.exe"
const PDF = '\u202C'; // pop directional formatting
const LRI = '\u2066';
const RLM = '\u200F';

describe('the cleaning function', () => {
  it('removes C0/C1 controls, DEL and the bidi controls; keeps tabs and line breaks, accents and ñ', () => {
    expect(cleanText(`Peña${RLO}gpj.exe${PDF}`)).toBe('Peñagpj.exe');
    expect(cleanText(`a\u0000b\u0007c\u001bd\u007fe\u0085f\u009fg`)).toBe('abcdefg');
    expect(cleanText(`${LRI}Núñez${'\u2069'} ${RLM}Ávila\u061C\u200E`)).toBe('Núñez Ávila');
    expect(cleanText('Primera línea\r\nsegunda\tcolumna\n')).toBe('Primera línea\r\nsegunda\tcolumna\n');
  });

  it('walks every string of the input, in objects and lists, and leaves passwords, files and the scanner’s code alone', () => {
    const input = {
      petitioner: { name: `Ana${RLO}x` },
      attachments: [{ fileName: `a${'\u0000'}.pdf`, dataBase64: 'JVBERi0\u0001' }],
      approval: { username: `coordi${'\u0008'}nadora`, password: `cl\u0007ave${RLO}` },
      newPassword: `n\u0001`,
      tags: [`uno${'\u001f'}`, 2, null, true],
    };
    expect(withoutControlCharacters('pqr.file', input)).toEqual({
      petitioner: { name: 'Anax' },
      attachments: [{ fileName: 'a.pdf', dataBase64: 'JVBERi0\u0001' }],
      approval: { username: 'coordinadora', password: `cl\u0007ave${RLO}` },
      newPassword: `n\u0001`,
      tags: ['uno', 2, null, true],
    });
    expect(withoutControlCharacters('cashier.scan', { code: `415x${GS}3900` })).toEqual({ code: `415x${GS}3900` });
    expect(withoutControlCharacters('accounts.search', { query: `415x${GS}3900` })).toEqual({ query: '415x3900' });
    // a key named __proto__ stays a key (the strict schema then refuses it), never a prototype
    const tricky = withoutControlCharacters('x', JSON.parse('{"__proto__": {"polluted": 1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(tricky)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('through the dispatcher, on the database', () => {
  let t: TestBackOffice & { adminToken: string; officeId: number };
  let clerk: string;

  beforeAll(async () => {
    t = await createInitializedBackOffice();
    clerk = await loginAs(t, 'auxiliar');
  });
  afterAll(async () => {
    await t.close();
  });

  it('a PQR keeps the petitioner’s name and its texts without the hidden characters; the lines of the text stay', async () => {
    const { pqr } = await filePqr(t, clerk, {
      petitioner: { name: `María ${RLO}zeréP${PDF} Rodríguez\u0000` },
      subject: `Revisión${RLM} del consumo\u0007`,
      text: 'Primera línea.\nSegunda línea.\u001b[31m',
    });
    const stored = await t.ok('pqr.get', { pqrId: pqr.id }, clerk);
    expect(stored.petitioner.name).toBe('María zeréP Rodríguez');
    expect(stored.subject).toBe('Revisión del consumo');
    expect(stored.text).toBe('Primera línea.\nSegunda línea.[31m');
    const row = await t.app.db('pqrs').where({ id: pqr.id }).first('petitioner_name', 'subject');
    expect(row).toEqual({ petitioner_name: 'María zeréP Rodríguez', subject: 'Revisión del consumo' });
  });

  it('a name made only of hidden characters is empty, refused in Spanish, and nothing is written', async () => {
    const before = await pqrCounts(t);
    const result = await t.call('pqr.file', { type: 'peticion', channel: 'ventanilla', petitioner: { name: `${RLO}${PDF}\u0000` }, subject: 'Consumo', text: 'Texto', pages: 1, annexes: 0 }, clerk);
    expect(result).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'Datos inválidos en «petitioner.name»: Obligatorio', fields: { 'petitioner.name': 'Obligatorio' } } });
    expect(await pqrCounts(t)).toEqual(before);
  });

  it('a user’s name is cleaned; the password is kept byte for byte (the same keys log in)', async () => {
    const password = `clave\u0007con${RLO}control`;
    const user = await t.ok('users.create', { fullName: `Pedro${RLO} Rincón\u0000`, username: 'princon', officeId: t.officeId, role: 'cajero', password }, t.adminToken);
    expect(user.fullName).toBe('Pedro Rincón');
    expect((await t.call('auth.login', { username: 'princon', password: 'claveconcontrol' })).ok).toBe(false);
    expect((await t.ok('auth.login', { username: 'princon', password })).user.fullName).toBe('Pedro Rincón');
  });

  it('the scanner’s GS1 code keeps its GS separators and still finds the invoice', async () => {
    const desk = await openCashierDesk(t);
    const { invoiceIds } = await accountWithInvoices(t, '100234', [54_300]);
    const invoice = await t.app.db('invoices').where({ id: invoiceIds[0] }).first('payment_reference');
    // as a scanner types it: ]C1, then (415) GLN (8020) reference, GS after the variable-length reference, (3900) amount, (96) date
    const code = `]C14157709998000018${'8020'}${invoice.payment_reference}${GS}390054300${'96'}20260120`;
    const scan = await t.ok('cashier.scan', { code }, desk.token);
    expect(scan.invoice?.id).toBe(invoiceIds[0]);
    expect(scan.amount).toBe(54_300);
  });
});
