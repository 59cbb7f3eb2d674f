/**
 * Printing through the back office: settings per kind, printing a PDF (stored first, then sent),
 * the log, retries, and every way a print fails. The system queue here is a pair of small
 * `lp`/`lpstat` scripts placed first on PATH (real processes the CUPS adapter runs through
 * execFile, with the output real CUPS gives); tests/integration/printing-cups.test.ts uses the real
 * CUPS with a PDF printer.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import type { DocumentFile } from '../../shared/contract';
import { BOLD, newDocument, toBuffer } from '../../electron/core/documents/layout';
import { parseDefault, parseQueueNames, parseRequestId, parseStatus } from '../../electron/core/printing/cups';
import { sumatraFolder, sumatraPdfPath } from '../../electron/core/printing/windows';
import { countPdfPages } from '../../electron/core/modules/printing/spool';
import { createInitializedBackOffice, loginAs, tempDir } from '../helpers/backoffice';
import { runCliHere } from '../helpers/cli';
import { seedRoutes } from '../helpers/invoices-fixture';
import { waitForBatch } from '../../electron/core/modules/invoicing/batch';
import { pdfInfo, pdfTextFlat } from '../helpers/pdf';

let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;
let cashier: string;
let otherCashier: string;
let coordinator: string;
let bin: string;
const originalPath = process.env.PATH;

const IDLE_STATUS = [
  'printer Recibos is idle.  enabled since Mon Nov 23 03:29:39 2026',
  'printer Laser_Oficina now printing Laser_Oficina-7.  enabled since Mon Nov 23 03:29:39 2026',
  'Recibos accepting requests since Mon Nov 23 03:29:39 2026',
  'Laser_Oficina accepting requests since Mon Nov 23 03:29:39 2026',
].join('\n');

/** what the fake CUPS answers: queues, their status, and (optionally) lp's refusal */
function fakeCups(options: { queues?: string[]; status?: string; lpRefuses?: string } = {}): void {
  fs.writeFileSync(path.join(bin, 'queues'), `${(options.queues ?? ['Recibos', 'Laser_Oficina']).join('\n')}\n`);
  fs.writeFileSync(path.join(bin, 'status'), `${options.status ?? IDLE_STATUS}\n`);
  if (options.lpRefuses) fs.writeFileSync(path.join(bin, 'lp-refuses'), options.lpRefuses);
  else fs.rmSync(path.join(bin, 'lp-refuses'), { force: true });
}

/** the argument lists lp was called with, one per call */
function lpCalls(): string[][] {
  const log = path.join(bin, 'lp.log');
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string[]);
}

async function twoPagePdf(title: string): Promise<DocumentFile> {
  const doc = newDocument({ size: [226, 340], margin: 10, title });
  doc.font(BOLD).fontSize(12).text(title);
  doc.addPage();
  doc.text('Segunda página');
  const pdf = await toBuffer(doc);
  return { fileName: `${title}.pdf`, mimeType: 'application/pdf', base64: pdf.toString('base64') };
}

const countRows = async (table: string) => Number((await t.app.db(table).count<{ n: number }[]>({ n: '*' }))[0].n);
const spoolFiles = () => (fs.existsSync(path.join(t.app.dataDir, 'print-spool')) ? fs.readdirSync(path.join(t.app.dataDir, 'print-spool')) : []);

beforeAll(async () => {
  bin = tempDir('ventanilla-fake-cups-');
  // lpstat: -e names, -d default, -p -a status (exactly what CUPS prints with LC_ALL=C)
  fs.writeFileSync(
    path.join(bin, 'lpstat'),
    `#!/bin/sh
DIR="$(dirname "$0")"
case "$1" in
  -e) cat "$DIR/queues" ;;
  -d) echo "system default destination: Laser_Oficina" ;;
  -p) cat "$DIR/status" ;;
  *) exit 1 ;;
esac
`,
    { mode: 0o755 },
  );
  // lp: logs its arguments as JSON, refuses like CUPS when told to, else answers the request id
  fs.writeFileSync(
    path.join(bin, 'lp'),
    `#!/usr/bin/env node
const fs = require('node:fs'), path = require('node:path');
const dir = path.dirname(process.argv[1]);
const args = process.argv.slice(2);
fs.appendFileSync(path.join(dir, 'lp.log'), JSON.stringify(args) + '\\n');
if (fs.existsSync(path.join(dir, 'lp-hangs'))) { setInterval(() => {}, 1000); return; }
const refusal = path.join(dir, 'lp-refuses');
if (fs.existsSync(refusal)) { process.stderr.write(fs.readFileSync(refusal, 'utf8') + '\\n'); process.exit(1); }
if (!fs.existsSync(args[args.length - 1])) { process.stderr.write('lp: Unable to access "' + args[args.length - 1] + '" - No such file or directory\\n'); process.exit(1); }
const n = fs.readFileSync(path.join(dir, 'lp.log'), 'utf8').trim().split('\\n').length;
process.stdout.write('request id is ' + args[args.indexOf('-d') + 1] + '-' + n + ' (1 file(s))\\n');
`,
    { mode: 0o755 },
  );
  process.env.PATH = `${bin}${path.delimiter}${originalPath}`;
  fakeCups();
  t = await createInitializedBackOffice();
  cashier = await loginAs(t, 'cajero');
  otherCashier = await loginAs(t, 'cajero', 'cajero2');
  coordinator = await loginAs(t, 'coordinador');
});

afterAll(async () => {
  process.env.PATH = originalPath;
  await t.close();
});

beforeEach(() => {
  process.env.PATH = `${bin}${path.delimiter}${originalPath}`;
  fakeCups();
});

describe('reading what lpstat and lp say', () => {
  it('takes the names, the default, the state, whether the queue accepts, and the reason', () => {
    expect(parseQueueNames('Recibos\nLaser_Oficina\n\n')).toEqual(['Recibos', 'Laser_Oficina']);
    expect(parseDefault('system default destination: Laser_Oficina\n')).toBe('Laser_Oficina');
    expect(parseDefault('no system default destination\n')).toBeNull();
    const status = parseStatus(
      [
        'printer Recibos disabled since Mon Nov 23 03:29:42 2026 -',
        '\tsin papel',
        'printer Laser_Oficina now printing Laser_Oficina-7.  enabled since Mon Nov 23 03:29:39 2026',
        'Recibos not accepting requests since Mon Nov 23 03:29:42 2026 -',
        '\tmantenimiento',
        'Laser_Oficina accepting requests since Mon Nov 23 03:29:39 2026',
      ].join('\n'),
    );
    expect(status.get('Recibos')).toEqual({ state: 'detenida', accepting: false, reason: 'sin papel; mantenimiento' });
    expect(status.get('Laser_Oficina')).toEqual({ state: 'imprimiendo', accepting: true, reason: '' });
    expect(parseRequestId('request id is VentanillaPDF-12 (1 file(s))\n')).toBe('VentanillaPDF-12');
  });

  it('counts the pages of the PDFs the app makes', async () => {
    const file = await twoPagePdf('Recibo');
    const pdf = Buffer.from(file.base64, 'base64');
    expect(countPdfPages(pdf)).toBe(2);
    expect(pdfInfo(pdf).pages).toBe(2);
  });
});

describe('the Windows adapter’s SumatraPDF', () => {
  it('is the unpacked copy beside app.asar in the packaged app, and the package’s own in development', () => {
    const resources = tempDir('ventanilla-resources-');
    const unpacked = path.join(resources, 'app.asar.unpacked', 'node_modules', 'pdf-to-printer', 'dist');
    fs.mkdirSync(unpacked, { recursive: true });
    fs.writeFileSync(path.join(unpacked, 'SumatraPDF-3.4.6-32.exe'), '');
    expect(sumatraPdfPath(sumatraFolder(resources))).toBe(path.join(unpacked, 'SumatraPDF-3.4.6-32.exe'));
    const development = sumatraPdfPath(sumatraFolder(undefined));
    expect(development).toMatch(/node_modules[\\/]pdf-to-printer[\\/]dist[\\/]SumatraPDF[^\\/]*\.exe$/);
    expect(fs.existsSync(development)).toBe(true);
  });
});

describe('the printers and the settings per kind', () => {
  it('lists the system printers with their default and state', async () => {
    const system = await t.ok('printing.printers', {}, cashier);
    expect(system).toMatchObject({ system: 'cups', available: true });
    expect(system.printers).toEqual([
      { name: 'Recibos', isDefault: false, state: 'inactiva', accepting: true, reason: '' },
      { name: 'Laser_Oficina', isDefault: true, state: 'imprimiendo', accepting: true, reason: '' },
    ]);
  });

  it('starts every kind without a printer, with its usual paper', async () => {
    const settings = await t.ok('printing.settings', {}, cashier);
    expect(settings.map((s) => [s.kind, s.printerName, s.paper, s.copies])).toEqual([
      ['receipt', null, 'roll80', 1],
      ['invoice', null, 'letter', 1],
      ['letter', null, 'letter', 1],
      ['sticker', null, 'label100x50', 1],
      ['report', null, 'letter', 1],
    ]);
  });

  it('refuses a printer that is not in the system list and writes nothing', async () => {
    const audits = await countRows('audit_log');
    await expectRefusal(t.call('printing.saveSetting', { kind: 'receipt', printerName: 'Impresora; rm -rf /', paper: 'roll80', copies: 1 }, t.adminToken), 'RULE', 'La impresora «Impresora; rm -rf /» no está en la lista del sistema. Impresoras disponibles: Recibos, Laser_Oficina.');
    expect(await countRows('printer_settings')).toBe(0);
    expect(await countRows('audit_log')).toBe(audits);
  });

  it('is the administrator’s: a cashier may not change it', async () => {
    await expectForbidden(t.call('printing.saveSetting', { kind: 'receipt', printerName: 'Recibos', paper: 'roll80', copies: 1 }, cashier));
    expect(await countRows('printer_settings')).toBe(0);
  });

  it('saves a printer, paper and copies for a kind, with an audit row', async () => {
    const audits = await countRows('audit_log');
    const saved = await t.ok('printing.saveSetting', { kind: 'receipt', printerName: 'Recibos', paper: 'roll80', copies: 2 }, t.adminToken);
    expect(saved).toMatchObject({ kind: 'receipt', printerName: 'Recibos', paper: 'roll80', copies: 2, updatedBy: 'admin' });
    await t.ok('printing.saveSetting', { kind: 'report', printerName: 'Laser_Oficina', paper: 'letter', copies: 1 }, t.adminToken);
    const settings = await t.ok('printing.settings', {}, cashier);
    expect(settings.find((s) => s.kind === 'receipt')?.printerName).toBe('Recibos');
    expect(settings.find((s) => s.kind === 'report')?.printerName).toBe('Laser_Oficina');
    expect(await countRows('audit_log')).toBe(audits + 2);
    const audit = await t.app.db('audit_log').where({ action: 'printing.saveSetting' }).orderBy('id').first();
    expect(JSON.parse(audit.after_json)).toMatchObject({ kind: 'receipt', printerName: 'Recibos', copies: 2 });
  });
});

describe('printing a document', () => {
  it('says when no printer is configured for the kind, and stores nothing', async () => {
    const jobs = await countRows('print_jobs');
    const result = await t.ok('printing.print', { kind: 'invoice', title: 'Factura F-1', document: await twoPagePdf('Factura') }, cashier);
    expect(result.configured).toBe(false);
    expect(result.job).toBeNull();
    expect(result.message).toContain('No hay impresora configurada para «Facturas»');
    expect(await countRows('print_jobs')).toBe(jobs);
  });

  it('stores the PDF under the data folder, sends it with lp and logs it as enviado', async () => {
    const document = await twoPagePdf('Recibo 0001');
    const before = lpCalls().length;
    const result = await t.ok('printing.print', { kind: 'receipt', title: 'Recibo 0001', document }, cashier);
    const job = result.job!;
    const sha256 = createHash('sha256').update(Buffer.from(document.base64, 'base64')).digest('hex');
    expect(job).toMatchObject({ state: 'enviado', printerName: 'Recibos', copies: 2, pages: 2, paper: 'roll80', attempts: 1, sha256, userName: 'cajero1', error: '' });
    expect(job.systemJobId).toMatch(/^Recibos-\d+$/);
    expect(result.message).toContain('enviado a Recibos (2 copias, 2 páginas)');
    const stored = path.join(t.app.dataDir, 'print-spool', `${sha256}.pdf`);
    expect(fs.readFileSync(stored).equals(Buffer.from(document.base64, 'base64'))).toBe(true);
    const calls = lpCalls();
    expect(calls.length).toBe(before + 1);
    expect(calls.at(-1)).toEqual(['-d', 'Recibos', '-n', '2', '-o', 'media=Custom.80x297mm', '-t', 'Recibo 0001', '--', stored]);
  });

  it('refuses what is not a PDF and leaves no job or file behind', async () => {
    const jobs = await countRows('print_jobs');
    const files = spoolFiles().length;
    await expectRefusal(t.call('printing.print', { kind: 'receipt', title: 'x', document: { fileName: 'a.csv', mimeType: 'text/csv', base64: 'YQ==' } }, cashier), 'VALIDATION', 'Solo se imprimen documentos PDF: descargue este archivo para abrirlo.');
    await expectRefusal(t.call('printing.print', { kind: 'receipt', title: 'x', document: { fileName: 'a.pdf', mimeType: 'application/pdf', base64: Buffer.from('no soy un pdf').toString('base64') } }, cashier), 'VALIDATION', 'El documento no es un PDF válido: no se imprimió nada.');
    expect(await countRows('print_jobs')).toBe(jobs);
    expect(spoolFiles().length).toBe(files);
  });

  it('logs a stopped printer as fallido with the system’s reason, without calling lp', async () => {
    fakeCups({ status: 'printer Recibos disabled since Mon Nov 23 03:29:42 2026 -\n\tsin papel\nRecibos accepting requests since Mon' });
    const before = lpCalls().length;
    const result = await t.ok('printing.print', { kind: 'receipt', title: 'Recibo 0002', document: await twoPagePdf('Recibo 0002') }, cashier);
    expect(result.job).toMatchObject({ state: 'fallido', attempts: 1 });
    expect(result.job!.error).toBe('La impresora «Recibos» está detenida en el sistema (sin papel). Enciéndala o reactívela y reintente.');
    expect(result.message).toContain('quedó guardado en el registro de impresión para reintentarlo');
    expect(lpCalls().length).toBe(before);
  });

  it('logs a queue that refuses jobs as fallido', async () => {
    fakeCups({ lpRefuses: 'lp: Destination "Recibos" is not accepting jobs.' });
    const result = await t.ok('printing.print', { kind: 'receipt', title: 'Recibo 0003', document: await twoPagePdf('Recibo 0003') }, cashier);
    expect(result.job!.state).toBe('fallido');
    expect(result.job!.error).toContain('La cola de la impresora «Recibos» no está recibiendo trabajos');
  });

  it('logs a configured printer that left the system as fallido', async () => {
    fakeCups({ queues: ['Laser_Oficina'] });
    const result = await t.ok('printing.print', { kind: 'receipt', title: 'Recibo 0004', document: await twoPagePdf('Recibo 0004') }, cashier);
    expect(result.job!.state).toBe('fallido');
    expect(result.job!.error).toContain('La impresora «Recibos» no está en la lista del sistema');
  });

  it('gives up on a queue that does not answer, and logs it as fallido', async () => {
    fs.writeFileSync(path.join(bin, 'lp-hangs'), '');
    process.env.VENTANILLA_PRINT_TIMEOUT_MS = '700';
    try {
      const result = await t.ok('printing.print', { kind: 'receipt', title: 'Recibo 0005', document: await twoPagePdf('Recibo 0005') }, cashier);
      expect(result.job!.state).toBe('fallido');
      expect(result.job!.error).toBe('El sistema de impresión no respondió a tiempo. Revise la impresora y reintente.');
    } finally {
      fs.rmSync(path.join(bin, 'lp-hangs'));
      delete process.env.VENTANILLA_PRINT_TIMEOUT_MS;
    }
  });

  it('says clearly when lp and lpstat are not installed', async () => {
    const empty = tempDir('ventanilla-no-cups-');
    process.env.PATH = empty;
    const system = await t.ok('printing.printers', {}, cashier);
    expect(system.available).toBe(false);
    expect(system.message).toContain('No se encontró el sistema de impresión de este equipo');
    const result = await t.ok('printing.print', { kind: 'report', title: 'Informe de recaudo', document: await twoPagePdf('Informe') }, otherCashier);
    expect(result.job).toMatchObject({ state: 'fallido', printerName: 'Laser_Oficina', userName: 'cajero2' });
    expect(result.job!.error).toContain('No se encontró el sistema de impresión de este equipo (los programas lp y lpstat de CUPS)');
  });
});

describe('the log and retries', () => {
  it('shows a cashier only their own jobs, and the coordinator everyone’s', async () => {
    const mine = await t.ok('printing.jobs', {}, cashier);
    expect(mine.length).toBe(5);
    expect(new Set(mine.map((j) => j.userName))).toEqual(new Set(['cajero1']));
    // asking for everyone's does not widen a cashier's view
    expect((await t.ok('printing.jobs', { mine: false }, otherCashier)).map((j) => j.title)).toEqual(['Informe de recaudo']);
    const all = await t.ok('printing.jobs', {}, coordinator);
    expect(all.length).toBe(6);
    expect(all.map((j) => j.title)).toEqual(['Informe de recaudo', 'Recibo 0005', 'Recibo 0004', 'Recibo 0003', 'Recibo 0002', 'Recibo 0001']);
    const failed = await t.ok('printing.jobs', { state: 'fallido', kind: 'receipt' }, coordinator);
    expect(failed.map((j) => j.title)).toEqual(['Recibo 0005', 'Recibo 0004', 'Recibo 0003', 'Recibo 0002']);
  });

  it('sends a failed job again from its stored file once the printer is back', async () => {
    const [failed] = await t.ok('printing.jobs', { state: 'fallido', kind: 'receipt' }, cashier);
    const before = lpCalls().length;
    const retried = await t.ok('printing.retry', { jobId: failed.id }, cashier);
    expect(retried.job).toMatchObject({ id: failed.id, state: 'enviado', attempts: 2, error: '' });
    expect(lpCalls().length).toBe(before + 1);
    expect(lpCalls().at(-1)?.at(-1)).toBe(path.join(t.app.dataDir, 'print-spool', `${failed.sha256}.pdf`));
    // the queue has it: a second retry would print it twice
    await expectRefusal(t.call('printing.retry', { jobId: failed.id }, cashier), 'CONFLICT', 'Este trabajo ya fue enviado a la impresora. Si necesita otra copia, imprima el documento de nuevo.');
  });

  it('keeps a failed retry failed, counting the attempt', async () => {
    const [failed] = await t.ok('printing.jobs', { state: 'fallido', kind: 'receipt' }, cashier);
    fakeCups({ lpRefuses: 'lp: Destination "Recibos" is not accepting jobs.' });
    const retried = await t.ok('printing.retry', { jobId: failed.id }, cashier);
    expect(retried.job).toMatchObject({ state: 'fallido', attempts: failed.attempts + 1 });
  });

  it('lets only the owner, the coordinator or the administrator retry a job', async () => {
    const [theirs] = await t.ok('printing.jobs', { state: 'fallido' }, otherCashier);
    await expectRefusal(t.call('printing.retry', { jobId: theirs.id }, cashier), 'FORBIDDEN', 'Solo puede reintentar sus propios trabajos de impresión.');
    const byCoordinator = await t.ok('printing.retry', { jobId: theirs.id }, coordinator);
    expect(byCoordinator.job).toMatchObject({ state: 'enviado', userName: 'cajero2' });
    await expectRefusal(t.call('printing.retry', { jobId: 999_999 }, coordinator), 'NOT_FOUND', 'El trabajo de impresión no existe');
  });

  it('gives back the stored file of a job', async () => {
    const [job] = await t.ok('printing.jobs', { kind: 'receipt' }, cashier);
    const file = await t.ok('printing.jobFile', { jobId: job.id }, cashier);
    expect(createHash('sha256').update(Buffer.from(file.base64, 'base64')).digest('hex')).toBe(job.sha256);
  });
});

describe('a batch of invoices to the invoice printer', () => {
  it('sends the finished batch file from the data folder, logged with its pages; without a printer it says so', async () => {
    await seedRoutes(t.app.db, '2026-09', [{ cycle: '01', route: '0101', accounts: 3 }]);
    const started = await t.ok('invoicing.startBatch', { period: '2026-09' }, coordinator);
    const done = await waitForBatch(t.app, started.id);
    expect(done.state).toBe('done');
    const notYet = await t.ok('invoicing.printBatchFile', { batchId: done.id, fileIndex: 0 }, coordinator);
    expect(notYet).toMatchObject({ configured: false, job: null });
    await t.ok('printing.saveSetting', { kind: 'invoice', printerName: 'Laser_Oficina', paper: 'letter', copies: 1 }, t.adminToken);
    const sent = await t.ok('invoicing.printBatchFile', { batchId: done.id, fileIndex: 0 }, coordinator);
    expect(sent.job).toMatchObject({ state: 'enviado', printerName: 'Laser_Oficina', kind: 'invoice', pages: 3 });
    expect(lpCalls().at(-1)?.slice(0, 2)).toEqual(['-d', 'Laser_Oficina']);
    await t.ok('printing.saveSetting', { kind: 'invoice', printerName: '', paper: 'letter', copies: 1 }, t.adminToken);
  });
});

describe('the test page', () => {
  it('prints one page on the kind’s printer and paper, logged like any job', async () => {
    const result = await t.ok('printing.testPage', { kind: 'report' }, t.adminToken);
    expect(result.job).toMatchObject({ state: 'enviado', pages: 1, printerName: 'Laser_Oficina', title: 'Página de prueba: Informes' });
    const text = pdfTextFlat(fs.readFileSync(path.join(t.app.dataDir, 'print-spool', `${result.job!.sha256}.pdf`)));
    expect(text).toContain('Página de prueba');
    expect(text).toContain('Impresora: Laser_Oficina');
    expect(lpCalls().at(-1)).toContain('media=na_letter_8.5x11in');
  });

  it('asks to choose a printer first', async () => {
    await expectRefusal(t.call('printing.testPage', { kind: 'sticker' }, t.adminToken), 'RULE', 'Elija primero una impresora para «Stickers de radicación».');
  });
});

describe('printers list (CLI)', () => {
  it('prints the system printers and what each kind goes to', async () => {
    const run = await runCliHere(['printers', 'list'], t.target);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Recibos\s+inactiva\s+sí\s+Recibos de caja/);
    expect(run.stdout).toMatch(/Laser_Oficina\s+sí\s+imprimiendo\s+sí\s+Informes/);
    const json = JSON.parse((await runCliHere(['printers', 'list', '--json'], t.target)).stdout);
    expect(json.printers.map((p: { name: string }) => p.name)).toEqual(['Recibos', 'Laser_Oficina']);
  });

  it('fails with the reason when there is no printing system', async () => {
    process.env.PATH = tempDir('ventanilla-no-cups-');
    const run = await runCliHere(['printers', 'list'], t.target);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No se encontró el sistema de impresión');
  });
});
