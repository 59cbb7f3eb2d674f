/**
 * A real print queue: CUPS with a cups-pdf printer (set up by .ci/cups-setup.sh), printed through
 * the app's Linux adapter (lp via execFile). The PDF cups-pdf writes must appear with the pages of
 * the document; a missing printer is a clear error and a logged failure.
 *
 * Without lpstat on the machine this file is skipped with the reason, except in CI
 * (process.env.CI set), where it fails: CI must install cups and printer-driver-cups-pdf.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal } from '../helpers/refusal';
import type { DocumentFile } from '../../shared/contract';
import { BOLD, newDocument, toBuffer } from '../../electron/core/documents/layout';
import { createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { pdfInfo, pdfTextFlat } from '../helpers/pdf';

const PRINTER = process.env.VENTANILLA_CUPS_PRINTER ?? 'VentanillaPDF';
const OUT_DIR = process.env.VENTANILLA_CUPS_PDF_DIR ?? '/var/spool/cups-pdf/ventanilla';

function hasLpstat(): boolean {
  try {
    execFileSync('lpstat', ['-r'], { stdio: 'ignore', env: { ...process.env, LC_ALL: 'C' } });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

const available = hasLpstat();
if (!available && !process.env.CI) {
  console.warn('printing-cups: se omite: no hay lpstat en este equipo (apt-get install cups printer-driver-cups-pdf y .ci/cups-setup.sh)');
}

describe.skipIf(!available && !process.env.CI)('a real CUPS queue with a PDF printer', () => {
  let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;
  let cashier: string;

  beforeAll(async () => {
    if (!available) throw new Error('CI sin CUPS: instale cups y printer-driver-cups-pdf y ejecute .ci/cups-setup.sh antes de las pruebas');
    // the queue must be ready: .ci/cups-setup.sh (idempotent) prepares it; here we only check
    const names = execFileSync('lpstat', ['-e'], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }).split('\n');
    if (!names.includes(PRINTER)) throw new Error(`No existe la cola ${PRINTER}: ejecute .ci/cups-setup.sh antes de las pruebas`);
    t = await createInitializedBackOffice();
    cashier = await loginAs(t, 'cajero');
  });

  afterAll(async () => {
    await t?.close();
  });

  /** a 3-page document with a marker that tells its output file apart */
  async function document(marker: string): Promise<DocumentFile> {
    const doc = newDocument({ size: [612, 792], margin: 50, title: marker });
    for (let page = 1; page <= 3; page++) {
      if (page > 1) doc.addPage();
      doc.font(BOLD).fontSize(16).text(`${marker} — página ${page} de 3`);
    }
    return { fileName: `${marker}.pdf`, mimeType: 'application/pdf', base64: (await toBuffer(doc)).toString('base64') };
  }

  /** cups-pdf names its output `job_<n>-<title>.pdf` (Label 1 in cups-pdf.conf); wait until it is complete */
  async function outputOf(systemJobId: string): Promise<Buffer> {
    const n = systemJobId.split('-').at(-1);
    const deadline = Date.now() + 25_000;
    while (Date.now() < deadline) {
      const file = fs.existsSync(OUT_DIR) ? fs.readdirSync(OUT_DIR).find((f) => f.startsWith(`job_${n}-`) && f.endsWith('.pdf')) : undefined;
      if (file) {
        const state = execFileSync('lpstat', ['-W', 'not-completed', '-o', PRINTER], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
        if (!state.includes(systemJobId)) return fs.readFileSync(path.join(OUT_DIR, file));
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`cups-pdf no escribió la salida del trabajo ${systemJobId} en ${OUT_DIR}`);
  }

  it('prints through lp and the PDF printer writes the document with its pages', async () => {
    await t.ok('printing.saveSetting', { kind: 'report', printerName: PRINTER, paper: 'letter', copies: 1 }, t.adminToken);
    const marker = `Informe-${Date.now()}`;
    const result = await t.ok('printing.print', { kind: 'report', title: marker, document: await document(marker) }, cashier);
    expect(result.job).toMatchObject({ state: 'enviado', printerName: PRINTER, pages: 3, attempts: 1, error: '' });
    expect(result.job!.systemJobId).toMatch(new RegExp(`^${PRINTER}-\\d+$`));
    const output = await outputOf(result.job!.systemJobId);
    expect(pdfInfo(output).pages).toBe(3);
    expect(pdfTextFlat(output)).toContain(`${marker} — página 3 de 3`);
  });

  it('lists the queue as the system sees it', async () => {
    const system = await t.ok('printing.printers', {}, cashier);
    expect(system.available).toBe(true);
    expect(system.printers.find((p) => p.name === PRINTER)).toMatchObject({ accepting: true });
  });

  it('refuses to configure a printer the system does not have', async () => {
    await expectRefusal(t.call('printing.saveSetting', { kind: 'invoice', printerName: 'NoExiste', paper: 'letter', copies: 1 }, t.adminToken), 'RULE', /^La impresora «NoExiste» no está en la lista del sistema\. Impresoras disponibles: .*VentanillaPDF/);
  });

  it('logs a printer that disappeared as fallido with a clear reason, and retries it when it is back', async () => {
    await t.ok('printing.saveSetting', { kind: 'letter', printerName: PRINTER, paper: 'letter', copies: 1 }, t.adminToken);
    // the printer is removed from this machine after it was chosen (as if it were renamed or uninstalled)
    await t.app.db('printer_settings').where({ kind: 'letter' }).update({ printer_name: 'VentanillaRetirada' });
    const marker = `Carta-${Date.now()}`;
    const failed = await t.ok('printing.print', { kind: 'letter', title: marker, document: await document(marker) }, cashier);
    expect(failed.job).toMatchObject({ state: 'fallido', attempts: 1 });
    expect(failed.job!.error).toContain('La impresora «VentanillaRetirada» no está en la lista del sistema');
    const logged = await t.ok('printing.jobs', { state: 'fallido' }, cashier);
    expect(logged.map((j) => j.id)).toContain(failed.job!.id);

    await t.ok('printing.saveSetting', { kind: 'letter', printerName: PRINTER, paper: 'letter', copies: 1 }, t.adminToken);
    const retried = await t.ok('printing.retry', { jobId: failed.job!.id }, cashier);
    expect(retried.job).toMatchObject({ state: 'enviado', attempts: 2, printerName: PRINTER });
    expect(pdfInfo(await outputOf(retried.job!.systemJobId)).pages).toBe(3);
  });
});
