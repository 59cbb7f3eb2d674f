/**
 * A single invoice reprinted from the account screen (DUPLICADO, counted and audited), and the
 * invoicing settings. Batches are in batch.ts.
 */
import type { Knex } from 'knex';
import type { DocumentFile, InvoicePaper as PaperSize, InvoicingSettings } from '../../../../shared/contract';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { retryingTransaction } from '../../db/dialect';
import { invoicePdf } from '../../documents/invoice';
import { pdfFile } from '../../documents/file';
import { notFound } from '../../errors';
import { getInvoicingSettings, loadInvoicePapers, loadIssuer } from './queries';

/**
 * The invoice again, as printed, with DUPLICADO on it. Printed whatever its balance (a paid
 * invoice is reprinted too: the customer may need it as a support); the reprint is numbered per
 * invoice and audited in one transaction.
 */
export async function reprintInvoice(db: Knex, actor: Actor, invoiceId: number, paper: PaperSize): Promise<{ file: DocumentFile; copyNumber: number }> {
  const [invoice] = await loadInvoicePapers(db, [invoiceId]);
  if (!invoice) throw notFound('La factura');
  const issuer = await loadIssuer(db, actor.officeId);
  const pdf = await invoicePdf(issuer, invoice, { duplicate: true, size: paper });
  const copyNumber = await retryingTransaction(db, async (trx) => {
    const last = (await trx('invoice_reprints').where({ invoice_id: invoiceId }).max({ n: 'copy_number' }).first()) as { n?: number | string | null } | undefined;
    const copy = Number(last?.n ?? 0) + 1;
    await trx('invoice_reprints').insert({ invoice_id: invoiceId, copy_number: copy, paper, user_id: actor.userId, printed_at: nowTimestamp() });
    await writeAudit(trx, actor, {
      action: 'invoices.reprint',
      entity: 'invoice',
      entityId: invoiceId,
      after: { invoiceNumber: invoice.invoiceNumber, accountNumber: invoice.accountNumber, copyNumber: copy, paper },
    });
    return copy;
  });
  return { file: pdfFile(`factura-${invoice.invoiceNumber}-duplicado-${copyNumber}.pdf`, pdf), copyNumber };
}

export async function updateInvoicingSettings(db: Knex, actor: Actor, next: InvoicingSettings): Promise<InvoicingSettings> {
  return db.transaction(async (trx) => {
    const before = await getInvoicingSettings(trx);
    await trx('invoice_settings').insert({ key: 'paymentPoints', value_json: JSON.stringify(next.paymentPoints) }).onConflict('key').merge();
    await writeAudit(trx, actor, { action: 'invoicing.settings.update', entity: 'invoice_settings', entityId: null, before, after: next });
    return getInvoicingSettings(trx);
  });
}
