/**
 * A payment barcode scanned at the counter (GS1-128): the invoice it names (or a payment agreement's
 * coupon: its down payment or an installment, an other charge), its account ready to pay, and the
 * warnings the cashier must see (due date passed, already paid, amount differs).
 */
import type { Knex } from 'knex';
import type { ScanResult } from '../../../../shared/contract';
import { formatDate } from '../../../../shared/dates';
import { parsePaymentBarcode, type PaymentBarcode } from '../../../../shared/gs1';
import { CURRENCIES, formatMoney, type CurrencyCode } from '../../../../shared/money';
import { rule } from '../../errors';
import { businessToday } from '../accounts/service';
import { getCompany } from '../setup/service';
import { payableAccount } from './queries';

export async function scanPaymentCode(db: Knex, code: string): Promise<ScanResult> {
  const parsed = parsePaymentBarcode(code);
  if (!parsed.ok) throw rule(parsed.message);
  const company = await getCompany(db);
  if (parsed.value.gln !== company.gln) throw rule(`El código es de otra empresa (GLN ${parsed.value.gln}); no se puede recibir aquí.`);
  for (const reading of [parsed.value, ...parsed.alternatives]) {
    const invoice: { id: number; account_id: number } | undefined = await db('invoices').where({ payment_reference: reading.reference }).orderBy('id', 'desc').first('id', 'account_id');
    if (invoice) return invoiceScan(db, invoice, reading, company.currency);
  }
  // a payment agreement's coupon: its down payment or an installment
  for (const reading of [parsed.value, ...parsed.alternatives]) {
    const charge: { id: number; account_id: number } | undefined = await db('account_charges').where({ payment_reference: reading.reference }).orderBy('id', 'desc').first('id', 'account_id');
    if (charge) return chargeScan(db, charge, reading, company.currency);
  }
  throw rule(`No hay ninguna factura con la referencia de pago ${parsed.value.reference}: busque la cuenta por número o nombre.`);
}

async function invoiceScan(db: Knex, found: { id: number; account_id: number }, reading: PaymentBarcode, currency: CurrencyCode): Promise<ScanResult> {
  const today = await businessToday(db);
  const account = await payableAccount(db, found.account_id, today);
  const invoice = account.account.invoiceHistory.find((i) => i.id === found.id);
  if (!invoice) throw rule('La factura del código no se encontró en su cuenta.');
  // (3900) carries whole currency units; money here is minor units
  const amount = reading.amount * 10 ** CURRENCIES[currency].decimals;
  const warnings: string[] = [];
  if (invoice.balance === 0) warnings.push(`La factura ${invoice.number} ya está pagada.`);
  const dueDate = reading.dueDate ?? invoice.dueDate;
  if (invoice.balance > 0 && dueDate < today) warnings.push(`La fecha límite de pago (${formatDate(dueDate)}) ya pasó: pueden aplicar intereses de mora.`);
  if (invoice.balance > 0 && amount !== invoice.balance) {
    warnings.push(`El código pide ${formatMoney(amount, currency)} pero el saldo de la factura es ${formatMoney(invoice.balance, currency)}.`);
  }
  const held = account.heldByAgreement;
  if (held && held.debts.some((d) => d.kind === 'invoice' && d.id === invoice.id)) {
    warnings.push(`La factura ${invoice.number} está en el acuerdo ${held.agreementNumber}, que espera su cuota inicial: cobre la cuota inicial; si se paga la factura, el acuerdo no se podrá activar.`);
  }
  return { account, invoice, debt: { kind: 'invoice', id: invoice.id }, amount, dueDate: reading.dueDate, warnings };
}

/** an agreement's coupon (down payment or installment): the charge it names, picked like an invoice */
async function chargeScan(db: Knex, found: { id: number; account_id: number }, reading: PaymentBarcode, currency: CurrencyCode): Promise<ScanResult> {
  const today = await businessToday(db);
  const account = await payableAccount(db, found.account_id, today);
  const row: { concept: string; balance: number | string } = await db('account_charges').where({ id: found.id }).first('concept', 'balance');
  const balance = Number(row.balance);
  const amount = reading.amount * 10 ** CURRENCIES[currency].decimals;
  const warnings: string[] = [];
  if (balance === 0) warnings.push(`«${row.concept}» ya está pagada o cerrada.`);
  if (balance > 0 && amount !== balance) warnings.push(`El código pide ${formatMoney(amount, currency)} pero el saldo de «${row.concept}» es ${formatMoney(balance, currency)}.`);
  return { account, invoice: null, debt: { kind: 'charge', id: found.id }, amount, dueDate: reading.dueDate, warnings };
}
