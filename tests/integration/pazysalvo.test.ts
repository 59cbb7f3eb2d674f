import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal } from '../helpers/refusal';
import { addDays } from '../../shared/dates';
import { businessToday } from '../../electron/core/modules/accounts/service';
import { createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { insertAccount, insertInvoice } from '../helpers/accounts';
import { pdfTextFlat } from '../helpers/pdf';

let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;
let cashier: string;
let clerk: string;
let indebted: number;
let withCharge: number;
let clean: number;
let today: string;

const CODE = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{2}$/;

beforeAll(async () => {
  t = await createInitializedBackOffice();
  cashier = await loginAs(t, 'cajero');
  clerk = await loginAs(t, 'auxiliar');
  const db = t.app.db;
  today = await businessToday(db);
  indebted = await insertAccount(db, { number: '100234', holderName: 'GÓMEZ PARDO ANA LUCÍA' });
  await insertInvoice(db, indebted, { number: 'F-0001', period: '2026-08', dueDate: '2026-09-15', total: 45_300, balance: 0 });
  await insertInvoice(db, indebted, { number: 'F-0002', period: '2026-09', dueDate: '2026-10-15', total: 74_300 });
  await insertInvoice(db, indebted, { number: 'F-0003', period: '2026-10', dueDate: '2026-11-15', total: 80_000 });

  withCharge = await insertAccount(db, { number: '100300', holderName: 'PEÑA RUIZ JORGE ELIÉCER' });
  await insertInvoice(db, withCharge, { number: 'F-0100', period: '2026-10', dueDate: '2026-11-15', total: 50_000, balance: 0 });
  const [item] = await db('charge_items').insert({ code: 'RCX', name: 'Reconexión', amount: 48_500, active: true }).returning('id');
  await db('account_charges').insert({
    account_id: withCharge,
    charge_item_id: typeof item === 'object' ? item.id : item,
    concept: 'Reconexión',
    quantity: 1,
    amount: 48_500,
    balance: 48_500,
    business_date: today,
    office_id: t.officeId,
    created_at: new Date().toISOString(),
  });

  clean = await insertAccount(db, { number: '200777', holderName: 'ANAYA CASTRO MARÍA', idNumber: '40111222', address: 'Calle 12 # 8-34' });
  await insertInvoice(db, clean, { number: 'F-0200', period: '2026-10', dueDate: '2026-11-15', total: 61_000, balance: 0 });
});
afterAll(() => t.close());

async function snapshot() {
  const db = t.app.db;
  return {
    counter: await db('counters').where({ key: 'pazYSalvo' }).first(),
    certificates: await db('paz_y_salvos').select(),
    audit: Number((await db('audit_log').count<{ n: number }[]>({ n: '*' }))[0].n),
  };
}

describe('issuing a paz y salvo', () => {
  it('is refused with the debt named when the account owes invoices, and nothing is written', async () => {
    const before = await snapshot();
    await expectRefusal(t.call('pazYSalvo.issue', { accountId: indebted }, cashier), 'RULE', 'La cuenta 100234 tiene una deuda de $ 154.300 en 2 facturas; no se puede expedir el paz y salvo');
    expect(await snapshot()).toEqual(before);
  });

  it('an open other charge (cobro vario) is debt too', async () => {
    const before = await snapshot();
    await expectRefusal(t.call('pazYSalvo.issue', { accountId: withCharge }, clerk), 'RULE', 'La cuenta 100300 tiene una deuda de $ 48.500 en 1 cobro pendiente; no se puede expedir el paz y salvo');
    expect(await snapshot()).toEqual(before);
  });

  it('an unknown account is NOT_FOUND and nothing is written', async () => {
    const before = await snapshot();
    await expectRefusal(t.call('pazYSalvo.issue', { accountId: 987_654 }, cashier), 'NOT_FOUND', 'La cuenta no existe');
    expect(await snapshot()).toEqual(before);
  });

  it('without debt: numbered certificates 1 then 2, valid for the configured days, audited, with their PDF', async () => {
    const year = today.slice(0, 4);
    const first = await t.ok('pazYSalvo.issue', { accountId: clean }, clerk);
    const second = await t.ok('pazYSalvo.issue', { accountId: clean }, cashier);
    expect([first.certificate.number, second.certificate.number]).toEqual([1, 2]);
    expect(first.certificate.label).toBe(`PYS-${year}-000001`);
    expect(second.certificate.label).toBe(`PYS-${year}-000002`);
    expect(first.certificate.businessDate).toBe(today);
    expect(first.certificate.validUntil).toBe(addDays(today, 30));
    expect(first.certificate.verificationCode).toMatch(CODE);
    expect(first.certificate.verificationCode).not.toBe(second.certificate.verificationCode);
    expect(first.certificate.issuedBy).toBe('Usuario auxiliar');
    expect(first.certificate.account).toMatchObject({ number: '200777', holderName: 'ANAYA CASTRO MARÍA', idNumber: '40111222' });

    const audit = await t.app.db('audit_log').where({ action: 'pazYSalvo.issue' }).orderBy('id');
    expect(audit.map((a) => a.entity_id)).toEqual([String(first.certificate.id), String(second.certificate.id)]);

    expect(first.file.mimeType).toBe('application/pdf');
    expect(first.file.fileName).toBe(`paz-y-salvo-PYS-${year}-000001.pdf`);
    const text = pdfTextFlat(Buffer.from(first.file.base64, 'base64'));
    expect(text).toContain('CERTIFICADO DE PAZ Y SALVO');
    expect(text).toContain(`No. PYS-${year}-000001`);
    expect(text).toContain('Aguas del Valle de Tenza S.A. E.S.P.');
    expect(text).toContain('200777');
    expect(text).toContain('ANAYA CASTRO MARÍA');
    expect(text).toContain('se encuentra a paz y salvo por todo concepto');
    expect(text).toContain(first.certificate.verificationCode);
    expect(text).toContain('Usuario auxiliar');

    const again = await t.ok('pazYSalvo.pdf', { certificateId: first.certificate.id }, cashier);
    expect(pdfTextFlat(Buffer.from(again.base64, 'base64'))).toContain(first.certificate.verificationCode);
  });

  it('needs a login', async () => {
    await expectRefusal(t.call('pazYSalvo.issue', { accountId: clean }), 'NOT_AUTHENTICATED', 'Su sesión terminó. Ingrese de nuevo.');
  });
});

describe('checking a certificate (anyone, no login)', () => {
  it('a valid code, typed in lower case with spaces, is vigente and shows only the account, holder and dates', async () => {
    const { certificate } = await t.ok('pazYSalvo.issue', { accountId: clean }, cashier);
    const typed = ` ${certificate.verificationCode.replace(/-/g, ' ').toLowerCase()} `;
    const check = await t.ok('pazYSalvo.verify', { code: typed });
    expect(check.status).toBe('vigente');
    expect(check.certificate).toEqual({
      label: certificate.label,
      accountNumber: '200777',
      holderName: 'ANAYA CASTRO MARÍA',
      businessDate: today,
      validUntil: certificate.validUntil,
    });
    expect(check.message).toContain(`El certificado ${certificate.label} es auténtico y está vigente`);
  });

  it('a certificate past its validity is vencido', async () => {
    const { certificate } = await t.ok('pazYSalvo.issue', { accountId: clean }, cashier);
    // time passes: the certificate's last valid day was yesterday
    await t.app.db('paz_y_salvos').where({ id: certificate.id }).update({ valid_until: addDays(today, -1) });
    const check = await t.ok('pazYSalvo.verify', { code: certificate.verificationCode });
    expect(check.status).toBe('vencido');
    expect(check.message).toContain('está vencido');
    expect(check.certificate?.label).toBe(certificate.label);
  });

  it('a certificate whose last valid day is today is still vigente', async () => {
    const { certificate } = await t.ok('pazYSalvo.issue', { accountId: clean }, cashier);
    await t.app.db('paz_y_salvos').where({ id: certificate.id }).update({ valid_until: today });
    expect((await t.ok('pazYSalvo.verify', { code: certificate.verificationCode })).status).toBe('vigente');
  });

  it('garbage and unknown codes are desconocido, with no data', async () => {
    for (const code of ['hola', 'ZZZZ-ZZZZ-ZZ', "'; drop table paz_y_salvos; --"]) {
      const check = await t.ok('pazYSalvo.verify', { code });
      expect(check.status).toBe('desconocido');
      expect(check.certificate).toBeNull();
      expect(check.message).toContain('No existe ningún certificado de paz y salvo');
    }
  });
});
