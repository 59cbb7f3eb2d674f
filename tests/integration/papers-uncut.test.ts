/**
 * No paper cuts a value that matters with an ellipsis (issue 14, finding 10): the invoice header
 * wraps the office's line ("… Tel. 608 750 1234" was printed "Tel. 608 750 1…"), the holder's name
 * and the address wrap, and the coupon's account, amount and date shrink to fit rather than lose a
 * digit — on letter and half-letter paper. Read back with pdftotext.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInitializedBackOffice, type TestBackOffice } from '../helpers/backoffice';
import { pdfInfo, pdfTextFlat } from '../helpers/pdf';
import { seedRoutes } from '../helpers/invoices-fixture';
import { invoicePdf, type InvoiceIssuer, type InvoicePaper } from '../../electron/core/documents/invoice';
import { loadInvoicePapers, loadIssuer } from '../../electron/core/modules/invoicing/queries';

let t: TestBackOffice & { adminToken: string; officeId: number };
let issuer: InvoiceIssuer;
let invoice: InvoicePaper;

const OFFICE_LINE = 'Oficina Centro de Atención al Usuario · Carrera 9 # 10-45, local 102, Centro Comercial El Parque · Garagoa · Tel. 608 750 1234';
const HOLDER = 'MARÍA FERNANDA DEL PILAR RODRÍGUEZ CASTAÑEDA DE LA TORRE Y SUÁREZ';
const ADDRESS = 'Vereda Los Naranjos, Finca La Esperanza, kilómetro 4 vía Garagoa–Macanal, al lado de la escuela rural';

beforeAll(async () => {
  t = await createInitializedBackOffice();
  const seeded = await seedRoutes(t.app.db, '2026-09', [{ cycle: '01', route: '0101', accounts: 1 }]);
  [invoice] = await loadInvoicePapers(t.app.db, [seeded[0].invoiceId]);
  issuer = await loadIssuer(t.app.db, t.officeId);
  issuer = { ...issuer, companyName: 'Empresa de Acueducto, Alcantarillado y Aseo del Valle de Tenza S.A. E.S.P.', officeLines: [OFFICE_LINE] };
  invoice = { ...invoice, holderName: HOLDER, address: ADDRESS };
});
afterAll(async () => {
  await t.close();
});

describe('the invoice prints every value whole', () => {
  for (const size of ['letter', 'halfLetter'] as const) {
    it(`${size}: the office line with its phone, the company, the holder and the address, and no "…"`, async () => {
      const pdf = await invoicePdf(issuer, invoice, { size });
      expect(pdfInfo(pdf).pages).toBe(1);
      const text = pdfTextFlat(pdf);
      expect(text).toContain('Tel. 608 750 1234');
      expect(text).toMatch(/Centro Comercial El\s+Parque/);
      expect(text).toContain('Valle de Tenza S.A. E.S.P.');
      expect(text).toContain('DE LA TORRE Y SUÁREZ');
      expect(text).toContain('al lado de la escuela rural');
      expect(text).toContain(invoice.accountNumber);
      expect(text).not.toContain('…');
    });
  }
});
