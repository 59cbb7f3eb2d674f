/**
 * A payment barcode scanned at the counter (GS1-128): the invoice it names, its account ready to
 * pay, and the warnings the cashier must see (due date passed, already paid, amount differs).
 */
import type { Knex } from 'knex';
import type { ScanResult } from '../../../../shared/contract';
import { formatDate } from '../../../../shared/dates';
import { parsePaymentBarcode } from '../../../../shared/gs1';
import { CURRENCIES, formatMoney } from '../../../../shared/money';
import { rule } from '../../errors';
import { businessToday } from '../accounts/service';
import { getCompany } from '../setup/service';
import { payableAccount } from './queries';

export async function scanPaymentCode(db: Knex, code: string): Promise<ScanResult> {
  const parsed = parsePaymentBarcode(code);
  if (!parsed.ok) throw rule(parsed.message);
  const company = await getCompany(db);
  if (parsed.value.gln !== company.gln) throw rule(`El código es de otra empresa (GLN ${parsed.value.gln}); no se puede recibir aquí.`);
  let found: { invoiceId: number; accountId: number; reading: (typeof parsed)['value'] } | null = null;
  for (const reading of [parsed.value, ...parsed.alternatives]) {
    const invoice: { id: number; account_id: number } | undefined = await db('invoices').where({ payment_reference: reading.reference }).orderBy('id', 'desc').first('id', 'account_id');
    if (invoice) {
      found = { invoiceId: invoice.id, accountId: invoice.account_id, reading };
      break;
    }
  }
  if (!found) throw rule(`No hay ninguna factura con la referencia de pago ${parsed.value.reference}: busque la cuenta por número o nombre.`);
  const today = await businessToday(db);
  const account = await payableAccount(db, found.accountId, today);
  const invoice = account.account.invoiceHistory.find((i) => i.id === found.invoiceId);
  if (!invoice) throw rule('La factura del código no se encontró en su cuenta.');
  const { reading } = found;
  // (3900) carries whole currency units; money here is minor units
  const amount = reading.amount * 10 ** CURRENCIES[company.currency].decimals;
  const warnings: string[] = [];
  if (invoice.balance === 0) warnings.push(`La factura ${invoice.number} ya está pagada.`);
  const dueDate = reading.dueDate ?? invoice.dueDate;
  if (invoice.balance > 0 && dueDate < today) warnings.push(`La fecha límite de pago (${formatDate(dueDate)}) ya pasó: pueden aplicar intereses de mora.`);
  if (invoice.balance > 0 && amount !== invoice.balance) {
    warnings.push(`El código pide ${formatMoney(amount, company.currency)} pero el saldo de la factura es ${formatMoney(invoice.balance, company.currency)}.`);
  }
  return { account, invoice, amount, dueDate: reading.dueDate, warnings };
}
