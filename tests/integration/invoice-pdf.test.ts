/**
 * The printed invoice read back the way a customer and a scanner read it: its text through
 * pdftotext, and its payment barcode decoded from the rendered page by zbarimg, parsed with the
 * same parser the counter uses.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInitializedBackOffice, COMPANY, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { pdfInfo, pdfTextFlat } from '../helpers/pdf';
import { seedRoutes, type SeededInvoice } from '../helpers/invoices-fixture';
import { chargeGroupOf, chargeSections, InvoiceWriter, invoicePdf, newInvoiceDocument, type InvoiceIssuer, type InvoicePaper } from '../../electron/core/documents/invoice';
import { toBuffer } from '../../electron/core/documents/layout';
import { loadInvoicePapers, loadIssuer } from '../../electron/core/modules/invoicing/queries';
import { parsePaymentBarcode } from '../../shared/gs1';
import { formatMoney } from '../../shared/money';
import { zbarimg } from '../helpers/tools';

/**
 * Renders page 1 at 300 dpi (only the band from `fromPt` to `toPt` points down the page, when
 * given) and returns every barcode zbarimg finds on it.
 */
function decodeBarcodes(pdf: Buffer, band?: { fromPt: number; toPt: number }): string[] {
  zbarimg.require();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-invoice-'));
  try {
    fs.writeFileSync(path.join(dir, 'f.pdf'), pdf);
    const crop = band ? ['-y', String(Math.round((band.fromPt * 300) / 72)), '-H', String(Math.round(((band.toPt - band.fromPt) * 300) / 72)), '-W', '2550'] : [];
    execFileSync('pdftoppm', ['-r', '300', '-png', '-f', '1', '-l', '1', ...crop, '-singlefile', path.join(dir, 'f.pdf'), path.join(dir, 'page')]);
    const out = execFileSync('zbarimg', ['--raw', '-q', path.join(dir, 'page.png')], { encoding: 'utf8' });
    return out.split('\n').filter((l) => l.trim() !== '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let t: TestBackOffice & { adminToken: string; officeId: number };
let seeded: SeededInvoice[];
let issuer: InvoiceIssuer;
let invoice: InvoicePaper;
let pdf: Buffer;

beforeAll(async () => {
  t = await createInitializedBackOffice();
  seeded = await seedRoutes(t.app.db, '2026-09', [{ cycle: '01', route: '0101', accounts: 2 }]);
  // the charges a commercial system sends, with a previous balance and interest
  const id = seeded[0].invoiceId;
  const lines = await t.app.db('invoice_lines').where({ invoice_id: id }).orderBy('line_no');
  await t.app.db('invoice_lines').insert([
    { invoice_id: id, line_no: lines.length + 1, concept: 'SALDO ANTERIOR', quantity: '1', unit_value: 41_200, amount: 41_200 },
    { invoice_id: id, line_no: lines.length + 2, concept: 'INTERESES DE MORA', quantity: '1', unit_value: 783, amount: 783 },
  ]);
  const total = Number((await t.app.db('invoice_lines').where({ invoice_id: id }).sum({ s: 'amount' }).first())?.s);
  await t.app.db('invoices').where({ id }).update({ total, balance: total });
  [invoice] = await loadInvoicePapers(t.app.db, [id]);
  issuer = await loadIssuer(t.app.db, t.officeId);
  pdf = await invoicePdf(issuer, invoice);
});

afterAll(async () => {
  await t.close();
});

describe('the printed invoice', () => {
  it('shows account, holder, period, readings, every charge, total, due and suspension dates', () => {
    const text = pdfTextFlat(pdf);
    expect(pdfInfo(pdf)).toMatchObject({ pages: 1, width: 612, height: 792 });
    expect(text).toContain(COMPANY.name);
    expect(text).toContain(`NIT ${COMPANY.nit}`);
    expect(text).toContain(`Cuenta ${invoice.accountNumber}`);
    expect(text).toContain(invoice.holderName);
    expect(text).toContain(invoice.address);
    expect(text).toContain('Estrato 2 · Residencial');
    expect(text).toContain('Periodo: 09/2026');
    expect(text).toContain(`No. ${invoice.invoiceNumber}`);
    expect(text).toContain(`${invoice.consumptionM3} m³`);
    for (const line of invoice.lines) {
      // a group of one line whose concept is the group's title ("SALDO ANTERIOR") prints the title only
      expect(text.toUpperCase()).toContain(line.concept.toUpperCase());
      expect(text).toContain(formatMoney(line.amount));
    }
    for (const title of ['Acueducto', 'Alcantarillado', 'Aseo', 'Subsidios', 'Saldo anterior', 'Intereses de mora']) expect(text).toContain(title);
    expect(text).toContain('TOTAL A PAGAR');
    expect(text).toContain(formatMoney(invoice.total));
    expect(text).toContain('PAGUE HASTA');
    expect(text).toContain('16/09/2026');
    expect(text).toContain('FECHA DE SUSPENSIÓN');
    expect(text).toContain('26/09/2026');
    expect(text).toContain('Pague en nuestras oficinas y bancos autorizados');
    expect(text).toContain('CUPÓN DE PAGO');
    expect(text).not.toContain('DUPLICADO');
  });

  it('prints the human-readable barcode text twice (invoice and stub), and it parses at the counter', () => {
    const human = `(415)${COMPANY.gln}(8020)${invoice.paymentReference}(3900)${invoice.total}(96)20260916`;
    const text = pdfTextFlat(pdf);
    expect(text.split(human).length - 1).toBe(2);
    const parsed = parsePaymentBarcode(human);
    expect(parsed.ok && parsed.value).toEqual({ gln: COMPANY.gln, reference: invoice.paymentReference, amount: invoice.total, dueDate: '2026-09-16' });
  });

  it('shows the six periods of consumption in the chart', () => {
    expect(invoice.history.map((h) => h.period)).toEqual(['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']);
    const text = pdfTextFlat(pdf);
    for (const label of ['abr 26', 'may 26', 'jun 26', 'jul 26', 'ago 26', 'sep 26']) expect(text).toContain(label);
  });

  it.runIf(zbarimg.run)('the bars of the invoice and of the stub decode (zbarimg at 300 dpi) to the reference, amount and due date', () => {
    // the stub is the last 168 points of the letter page (138 + the 30-point margin)
    const codes = [...decodeBarcodes(pdf, { fromPt: 0, toPt: 792 - 168 }), ...decodeBarcodes(pdf, { fromPt: 792 - 168, toPt: 792 })];
    expect(codes).toHaveLength(2);
    for (const code of codes) {
      const parsed = parsePaymentBarcode(code);
      expect(parsed.ok && parsed.value).toEqual({ gln: COMPANY.gln, reference: invoice.paymentReference, amount: invoice.total, dueDate: '2026-09-16' });
    }
  });
  if (!zbarimg.run) it.skip(`the bars decode (${zbarimg.skipReason})`, () => {});

  it.runIf(zbarimg.run)('half-letter keeps the barcode readable', async () => {
    const half = await invoicePdf(issuer, invoice, { size: 'halfLetter' });
    expect(pdfInfo(half)).toMatchObject({ pages: 1, width: 396, height: 612 });
    const codes = decodeBarcodes(half);
    expect(codes.length).toBeGreaterThanOrEqual(1);
    const parsed = parsePaymentBarcode(codes[0]);
    expect(parsed.ok && parsed.value.amount).toBe(invoice.total);
  });

  it('a reprint through the handler says DUPLICADO', async () => {
    const cashier = await loginAs(t, 'cajero');
    const { file } = await t.ok('invoicing.reprint', { invoiceId: seeded[0].invoiceId }, cashier);
    expect(pdfTextFlat(Buffer.from(file.base64, 'base64'))).toContain('DUPLICADO');
  });
});

describe('the logo', () => {
  it('is embedded once and shown on every page of a batch', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const doc = newInvoiceDocument('lote');
    const writer = new InvoiceWriter(doc, { ...issuer, logoDataUrl: `data:image/png;base64,${png}` }, 'letter');
    for (let i = 0; i < 3; i++) writer.draw(invoice);
    const pdf = await toBuffer(doc);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-logo-'));
    try {
      fs.writeFileSync(path.join(dir, 'f.pdf'), pdf);
      const rows = execFileSync('pdfimages', ['-list', path.join(dir, 'f.pdf')], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim().split(/\s+/)[2] === 'image'); // not its alpha mask
      expect(rows.map((r) => r.trim().split(/\s+/)[0])).toEqual(['1', '2', '3']); // one image on each page
      expect(new Set(rows.map((r) => r.trim().split(/\s+/)[10])).size).toBe(1); // the same object
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('charge groups', () => {
  it('maps the concepts of the commercial systems to their service by their words', () => {
    const cases: [string, string][] = [
      ['CARGO FIJO ACUEDUCTO', 'acueducto'],
      ['Acueducto consumo básico', 'acueducto'],
      ['CONSUMO ALCANTARILLADO', 'alcantarillado'],
      ['Alcantarillado vertimiento', 'alcantarillado'],
      ['ASEO', 'aseo'],
      ['SUBSIDIO ESTRATO 1', 'subsidios'],
      ['Contribución de solidaridad', 'contribuciones'],
      ['CONTRIBUCIÓN SOLIDARIA', 'contribuciones'],
      ['SALDO ANTERIOR', 'saldoAnterior'],
      ['INTERESES DE MORA', 'intereses'],
      ['Reconexión', 'otros'],
    ];
    for (const [concept, group] of cases) expect([concept, chargeGroupOf(concept)]).toEqual([concept, group]);
  });

  it('keeps services first and the subtotals add up to the total', () => {
    const sections = chargeSections(invoice.lines);
    expect(sections.map((s) => s.group)).toEqual(['acueducto', 'alcantarillado', 'aseo', 'subsidios', 'saldoAnterior', 'intereses']);
    expect(sections.reduce((sum, s) => sum + s.subtotal, 0)).toBe(invoice.total);
  });
});
