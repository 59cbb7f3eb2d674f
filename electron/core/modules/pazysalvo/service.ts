/**
 * Paz y salvo: a numbered certificate that an account owes nothing on a business date, valid for the
 * days the settings say, with a verification code anyone can check later (pazYSalvo.verify, no
 * login). Refused, with the debt named, while an invoice or an other charge is open.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { DocumentFile, PazYSalvoCertificate, PazYSalvoCheck } from '../../../../shared/contract';
import { addDays, formatDate } from '../../../../shared/dates';
import { formatMoney } from '../../../../shared/money';
import { nowTimestamp } from '../../db/connection';
import { writeAudit, type Actor } from '../../db/audit';
import { nextNumber } from '../../db/counters';
import { retryingTransaction } from '../../db/dialect';
import { notFound, rule } from '../../errors';
import { pdfFile } from '../../documents/file';
import { groupVerificationCode, pazYSalvoPdf } from '../../documents/paz-y-salvo';
import { businessToday } from '../accounts/service';
import { getSettings } from '../settings/service';
import { getCompany } from '../setup/service';

/** the counter of certificate numbers (one sequence for the company) */
export const PAZ_Y_SALVO_COUNTER = 'pazYSalvo';

/** Crockford's base32: no I, L, O, U, so a code read aloud or typed is not misread */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 10;

/** 10 random Crockford characters (50 bits); stored without dashes, printed as XXXX-XXXX-XX. */
export function newVerificationCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  for (const b of bytes) code += CROCKFORD[b & 31]; // 256 is a multiple of 32: every character equally likely
  return code;
}

/** What a person typed, as stored: upper-case, no spaces or dashes; O read as 0 and I/L as 1 (Crockford). */
export function normalizeVerificationCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** "PYS-2026-000012" */
export function pazYSalvoLabel(number: number, businessDate: string): string {
  return `PYS-${businessDate.slice(0, 4)}-${String(number).padStart(6, '0')}`;
}

export interface AccountDebt {
  invoices: number;
  invoiceAmount: number;
  charges: number;
  chargeAmount: number;
  total: number;
}

/** What an account owes now: open invoice balances plus open other charges. */
export async function accountDebt(db: Knex, accountId: number): Promise<AccountDebt> {
  const [inv] = await db('invoices').where({ account_id: accountId }).andWhere('balance', '>', 0).count({ n: '*' }).sum({ amount: 'balance' });
  const [chg] = await db('account_charges').where({ account_id: accountId }).andWhere('balance', '>', 0).count({ n: '*' }).sum({ amount: 'balance' });
  const invoiceAmount = Number(inv?.amount ?? 0);
  const chargeAmount = Number(chg?.amount ?? 0);
  return { invoices: Number(inv?.n ?? 0), invoiceAmount, charges: Number(chg?.n ?? 0), chargeAmount, total: invoiceAmount + chargeAmount };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "La cuenta 100234 tiene una deuda de $ 154.300 en 2 facturas; no se puede expedir el paz y salvo" */
export function debtRefusal(accountNumber: string, debt: AccountDebt, currency: Parameters<typeof formatMoney>[1]): string {
  const parts: string[] = [];
  if (debt.invoices > 0) parts.push(plural(debt.invoices, 'factura', 'facturas'));
  if (debt.charges > 0) parts.push(plural(debt.charges, 'cobro pendiente', 'cobros pendientes'));
  return `La cuenta ${accountNumber} tiene una deuda de ${formatMoney(debt.total, currency)} en ${parts.join(' y ')}; no se puede expedir el paz y salvo`;
}

/** The office that issues: the user's, or (from the admin console) the first office. */
async function issuingOffice(db: Knex, actor: Actor): Promise<number> {
  if (actor.officeId !== null) return actor.officeId;
  const first: { id: number } | undefined = await db('offices').orderBy('id').first('id');
  if (!first) throw notFound('La oficina');
  return first.id;
}

/**
 * Issues the certificate in one transaction (debt check, number, code, audit) and returns it with
 * its PDF. Nothing is written when the account owes anything.
 */
export async function issuePazYSalvo(db: Knex, actor: Actor, accountId: number): Promise<{ certificate: PazYSalvoCertificate; file: DocumentFile }> {
  const [today, settings, company, officeId] = await Promise.all([businessToday(db), getSettings(db), getCompany(db), issuingOffice(db, actor)]);
  const id = await retryingTransaction(db, async (trx) => {
    const account: { id: number; number: string } | undefined = await trx('accounts').where({ id: accountId }).first('id', 'number');
    if (!account) throw notFound('La cuenta');
    const debt = await accountDebt(trx, accountId);
    if (debt.total > 0) throw rule(debtRefusal(account.number, debt, company.currency));
    const number = await nextNumber(trx, PAZ_Y_SALVO_COUNTER);
    const row = {
      number,
      account_id: accountId,
      office_id: officeId,
      business_date: today,
      valid_until: addDays(today, settings.pazYSalvoValidityDays),
      verification_code: newVerificationCode(),
      issued_by: actor.userId,
      issued_at: nowTimestamp(),
    };
    const [inserted] = await trx('paz_y_salvos').insert(row).returning('id');
    const certificateId = Number(typeof inserted === 'object' ? inserted.id : inserted);
    await writeAudit(trx, actor, {
      action: 'pazYSalvo.issue',
      entity: 'paz_y_salvo',
      entityId: certificateId,
      after: { ...row, label: pazYSalvoLabel(number, today), account_number: account.number },
    });
    return certificateId;
  });
  const certificate = await getPazYSalvo(db, id);
  const verify = { url: settings.pazYSalvoVerifyUrl, phone: settings.pazYSalvoVerifyPhone };
  return { certificate, file: pdfFile(`paz-y-salvo-${certificate.label}.pdf`, await pazYSalvoPdf(certificate, { timeZone: company.timeZone, verify })) };
}

interface CertificateDbRow {
  id: number;
  number: number;
  business_date: string;
  valid_until: string;
  verification_code: string;
  issued_at: string;
  account_id: number;
  account_number: string;
  holder_name: string;
  id_type: string;
  id_number: string;
  address: string;
  office_code: string;
  office_name: string;
  office_city: string;
  issued_by_name: string | null;
}

function certificateQuery(db: Knex) {
  return db('paz_y_salvos as p')
    .join('accounts as a', 'a.id', 'p.account_id')
    .join('offices as o', 'o.id', 'p.office_id')
    .leftJoin('users as u', 'u.id', 'p.issued_by')
    .select(
      'p.id',
      'p.number',
      'p.business_date',
      'p.valid_until',
      'p.verification_code',
      'p.issued_at',
      'a.id as account_id',
      'a.number as account_number',
      'a.holder_name',
      'a.id_type',
      'a.id_number',
      'a.address',
      'o.code as office_code',
      'o.name as office_name',
      'o.city as office_city',
      'u.full_name as issued_by_name',
    );
}

export async function getPazYSalvo(db: Knex, certificateId: number): Promise<PazYSalvoCertificate> {
  const row: CertificateDbRow | undefined = await certificateQuery(db).where('p.id', certificateId).first();
  if (!row) throw notFound('El certificado de paz y salvo');
  const company = await getCompany(db);
  return {
    id: row.id,
    number: row.number,
    label: pazYSalvoLabel(row.number, row.business_date),
    account: { id: row.account_id, number: row.account_number, holderName: row.holder_name, idType: row.id_type, idNumber: row.id_number, address: row.address },
    company: { name: company.name, nit: company.nit, logoDataUrl: company.logoDataUrl },
    office: { code: row.office_code, name: row.office_name, city: row.office_city },
    businessDate: row.business_date,
    validUntil: row.valid_until,
    verificationCode: groupVerificationCode(row.verification_code),
    issuedBy: row.issued_by_name ?? 'Administración del sistema',
    issuedAt: row.issued_at,
  };
}

/** The certificate's PDF again (the same paper as when it was issued). */
export async function pazYSalvoFile(db: Knex, certificateId: number): Promise<DocumentFile> {
  const [certificate, company, settings] = await Promise.all([getPazYSalvo(db, certificateId), getCompany(db), getSettings(db)]);
  const verify = { url: settings.pazYSalvoVerifyUrl, phone: settings.pazYSalvoVerifyPhone };
  return pdfFile(`paz-y-salvo-${certificate.label}.pdf`, await pazYSalvoPdf(certificate, { timeZone: company.timeZone, verify }));
}

/**
 * Anyone checks a typed code: vigente, vencido (valid_until before today) or desconocido. Only the
 * account number, the holder's name and the dates are shown.
 */
export async function verifyPazYSalvo(db: Knex, typed: string): Promise<PazYSalvoCheck> {
  const code = normalizeVerificationCode(typed);
  const row: CertificateDbRow | undefined = /^[0-9A-Z]{10}$/.test(code) ? await certificateQuery(db).where('p.verification_code', code).first() : undefined;
  if (!row) {
    return {
      status: 'desconocido',
      message: `No existe ningún certificado de paz y salvo con el código «${typed.trim().toUpperCase()}». Revise el código impreso en el certificado.`,
      certificate: null,
    };
  }
  const today = await businessToday(db);
  const label = pazYSalvoLabel(row.number, row.business_date);
  const certificate = { label, accountNumber: row.account_number, holderName: row.holder_name, businessDate: row.business_date, validUntil: row.valid_until };
  if (row.valid_until < today) {
    return {
      status: 'vencido',
      message: `El certificado ${label} es auténtico pero está vencido: fue válido hasta el ${formatDate(row.valid_until)}. La cuenta ${row.account_number} debe solicitar uno nuevo.`,
      certificate,
    };
  }
  return {
    status: 'vigente',
    message: `El certificado ${label} es auténtico y está vigente hasta el ${formatDate(row.valid_until)}: la cuenta ${row.account_number} estaba a paz y salvo el ${formatDate(row.business_date)}.`,
    certificate,
  };
}
