/** `print-invoices` as an administrator types it: one PDF in route order, progress on stderr, the summary on stdout. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInitializedBackOffice, type TestBackOffice } from '../helpers/backoffice';
import { runCliHere } from '../helpers/cli';
import { pdfInfo } from '../helpers/pdf';
import { seedRoutes, type SeededInvoice } from '../helpers/invoices-fixture';

let t: TestBackOffice;
let seeded: SeededInvoice[];

beforeEach(async () => {
  t = await createInitializedBackOffice();
  seeded = await seedRoutes(t.app.db, '2026-09', [
    { cycle: '01', route: '0101', accounts: 3 },
    { cycle: '01', route: '0102', accounts: 2 },
  ]);
});

afterEach(async () => {
  await t.close();
});

describe('print-invoices', () => {
  it('writes one route of the period to the PDF and reports what it skipped', async () => {
    await t.app.db('invoices').where({ id: seeded.find((s) => s.route === '0101')?.invoiceId }).update({ balance: 0 });
    const out = path.join(t.dir, 'salida', 'ruta.pdf');
    const run = await runCliHere(['print-invoices', '--period', '2026-09', '--route', '0101', '--half-letter', '--out', out], t.target);
    expect(run.stderr).toContain('Facturas: 2 de 2');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Periodo 09/2026, ruta 0101: 2 facturas impresas, 1 omitidas.');
    expect(run.stdout).toContain('Omitidas: 1 · La factura ya está pagada');
    expect(pdfInfo(fs.readFileSync(out))).toMatchObject({ pages: 2, width: 396, height: 612 });
  });

  it('a period without invoices fails with the reason and writes no file', async () => {
    const out = path.join(t.dir, 'nada.pdf');
    const run = await runCliHere(['print-invoices', '--period', '2024-01', '--out', out], t.target);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No hay facturas del periodo 01/2024.');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses an output that is not a PDF', async () => {
    const run = await runCliHere(['print-invoices', '--period', '2026-09', '--out', path.join(t.dir, 'x.txt')], t.target);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('debe terminar en .pdf');
  });
});
