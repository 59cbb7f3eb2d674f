/**
 * Invoice printing at size: a batch of N invoices (each with its own GS1-128 barcode and six-period
 * chart) into one PDF streamed to disk, by the same code the coordinator's screen runs (database
 * reads on the main thread, drawing in the worker thread). Measured in a child process of its own so
 * that its peak memory (process.resourceUsage().maxRSS: main thread + worker) is the batch's alone.
 * Then the same invoice as HTML with an inline SVG barcode, printed to PDF K times by headless
 * Chromium (page.setContent + page.pdf, as HTML-template apps do), and the ratio.
 *   npx tsx tests/bench/invoice-bench.ts [--invoices 10000] [--chromium 200]   (--chromium 0: the batch alone)
 * From tests/bench/run.ts: rows.push(...(await runInvoiceBench({ invoices: 10_000, chromium: 200 })))
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import type { BackOffice } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import { chargeSections, invoiceBarcode, periodLabel, type InvoiceIssuer, type InvoicePaper } from '../../electron/core/documents/invoice';
import { batchFilePath, waitForBatch } from '../../electron/core/modules/invoicing/batch';
import { loadInvoicePapers, loadIssuer } from '../../electron/core/modules/invoicing/queries';
import { serviceCharges } from '../../electron/core/modules/demo/charges';
import type { HandlerName, Input } from '../../shared/contract';
import { paymentBarcodeText } from '../../shared/gs1';
import { formatMoney } from '../../shared/money';
import { formatDate } from '../../shared/dates';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium';
import type { BenchRow } from './search-bench';
import { bundleForChild, isMain, numberOption, runWhenMain } from './standalone';

const PERIOD = '2026-09';
const PERIODS = ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'];
const ROUTES = 40;

/** N accounts on ROUTES routes, six periods of invoices each, charge lines on the period's invoice; set-based (SQLite) */
export async function seed(app: BackOffice, count: number): Promise<void> {
  const call = async <N extends HandlerName>(name: N, args: Input<N>) => {
    const r = await dispatch(app, name, args, { door: 'test' });
    if (!r.ok) throw new Error(r.error.message);
  };
  await call('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
  const db = app.db;
  const seq = `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${Number(count)})`;
  const now = new Date().toISOString();
  await db.transaction(async (trx) => {
    await trx.raw(`${seq}
      INSERT INTO accounts (id, number, holder_name, id_type, id_number, address, neighborhood, city_dane, estrato, use, status, cycle, route,
        route_sequence, meter_number, search_name, search_address, created_at, updated_at)
      SELECT n, printf('1%07d', n), 'TITULAR NÚMERO ' || n || ' GÓMEZ PARDO', 'CC', printf('9%08d', n), 'Calle ' || (n % 90) || ' # ' || (n % 40) || '-' || (n % 70),
        'Barrio ' || (n % 25), '15299', 1 + n % 6, 'residencial', 'activo', '01', printf('01%02d', n % ${ROUTES}), n, 'M' || n,
        'titular numero ' || n, 'calle ' || n, '${now}', '${now}'
      FROM seq`);
    for (const [i, period] of PERIODS.entries()) {
      const compact = period.replace('-', '');
      await trx.raw(`${seq}
        INSERT INTO invoices (id, number, account_id, period, issue_date, due_date, suspension_date, previous_reading, current_reading, consumption_m3,
          payment_reference, total, balance, created_at, updated_at)
        SELECT ${i} * ${count} + n, 'FV${compact}-' || printf('%07d', n), n, '${period}', '${period}-01', '${period}-16', '${period}-26',
          500 + n % 300, 500 + n % 300 + 8 + (n * ${i + 3}) % 17, 8 + (n * ${i + 3}) % 17,
          printf('1%07d', n) || '${compact}', 0, 0, '${now}', '${now}'
        FROM seq`);
    }
    // the period's lines: the tariff of a residential estrato 2 account at its consumption
    const current = (PERIODS.length - 1) * count;
    const byConsumption = new Map<number, ReturnType<typeof serviceCharges>>();
    for (let m3 = 8; m3 < 25; m3++) byConsumption.set(m3, serviceCharges('residencial', 2, m3));
    for (const [m3, lines] of byConsumption) {
      for (const [k, l] of lines.entries()) {
        await trx.raw(
          `INSERT INTO invoice_lines (invoice_id, line_no, concept, quantity, unit_value, amount)
           SELECT id, ?, ?, ?, ?, ? FROM invoices WHERE id > ? AND consumption_m3 = ?`,
          [k + 1, l.concept, l.quantity, l.unitValue, l.amount, current, m3],
        );
      }
      const total = lines.reduce((s, l) => s + l.amount, 0);
      await trx.raw('UPDATE invoices SET total = ?, balance = ? WHERE id > ? AND consumption_m3 = ?', [total, total, current, m3]);
    }
  });
  await db.raw('ANALYZE');
}

/** The child: prints the period's invoices into one PDF through the batch, prints one JSON line. */
async function measure(dbFile: string): Promise<void> {
  const app = await openBackOffice({ dbFile });
  // process.memoryUsage() every 50 ms: rss is the process's (main thread + worker); heapUsed,
  // external and arrayBuffers are the main thread's (the worker reports its own heap's peak)
  const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak) as (keyof typeof peak)[]) peak[k] = Math.max(peak[k], m[k]);
  };
  sample();
  const rssOpenKb = Math.round(peak.rss / 1024);
  const sampler = setInterval(sample, 50);
  try {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const r = await dispatch(app, 'invoicing.startBatch', { period: PERIOD, paper: 'letter', split: 'single' }, { door: 'cli' });
    if (!r.ok) throw new Error(r.error.message);
    const done = await waitForBatch(app, r.data.id);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (done.state !== 'done') throw new Error(done.message);
    const { path: file } = await batchFilePath(app, done.id, 0);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    sample();
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    const sampled = { rssOpenMb: Math.round(rssOpenKb / 1024), rssMb: mb(peak.rss), heapUsedMb: mb(peak.heapUsed), heapTotalMb: mb(peak.heapTotal), externalMb: mb(peak.external), arrayBuffersMb: mb(peak.arrayBuffers), workerHeapMb: mb(done.workerHeapBytes), workerHeapTotalMb: mb(done.workerHeapTotalBytes) };
    console.log(JSON.stringify({ printed: done.printed, pages, seconds, cpuSeconds, loadAverage: os.loadavg()[0], bytes: fs.statSync(file).size, maxRssKb: process.resourceUsage().maxRSS, sampled }));
  } finally {
    clearInterval(sampler);
    await closeBackOffice(app);
  }
}

/**
 * The batch as the built app runs it: this file and the drawing worker bundled by esbuild (as
 * electron-vite bundles the main process), the worker beside the main bundle as
 * `invoice-batch-worker.js` where startRenderWorker looks for it; packages stay external. So the
 * memory measured is the app's, not tsx's compiler's, and the bundled worker layout is exercised.
 */
async function bundleForMeasure(dir: string): Promise<string> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outDir = await bundleForChild(dir, [
    { source: fileURLToPath(import.meta.url), outfile: 'invoice-bench.mjs' },
    { source: path.resolve(here, '../../electron/core/modules/invoicing/batch-worker.ts'), outfile: 'invoice-batch-worker.js' },
  ]);
  return path.join(outDir, 'invoice-bench.mjs');
}

/** The invoice as an HTML page (what an HTML-template app prints), with the barcode as inline SVG. */
export async function invoiceHtml(issuer: InvoiceIssuer, invoice: InvoicePaper): Promise<string> {
  const { default: bwipjs } = await import('bwip-js/node');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const money = (n: number) => esc(formatMoney(n, issuer.currency));
  const human = paymentBarcodeText(invoiceBarcode(issuer, invoice));
  const svg = bwipjs.toSVG({ bcid: 'gs1-128', text: human, height: 12 });
  const max = Math.max(1, ...invoice.history.map((h) => h.consumptionM3));
  const bars = invoice.history
    .map((h) => `<div class="bar"><span>${h.consumptionM3}</span><div style="height:${Math.round((h.consumptionM3 / max) * 70)}px"></div><small>${h.period}</small></div>`)
    .join('');
  const rows = chargeSections(invoice.lines)
    .map(
      (s) =>
        `<tr class="group"><td colspan="3">${esc(s.title)}</td><td>${money(s.subtotal)}</td></tr>` +
        s.lines.map((l) => `<tr><td>${esc(l.concept)}</td><td>${esc(l.quantity)}</td><td>${money(l.unitValue)}</td><td>${money(l.amount)}</td></tr>`).join(''),
    )
    .join('');
  const barcode = `<div class="code">${svg}<div>${esc(human)}</div></div>`;
  return `<!doctype html><html lang="es"><head><meta charset="utf-8"><style>
    @page { size: letter; margin: 10mm } body { font: 9pt Helvetica, Arial, sans-serif; color: #1a1a1a }
    h1 { font-size: 13pt; color: #0b4f8a; margin: 0 } .head { display: flex; justify-content: space-between; border-bottom: 2px solid #0b4f8a }
    .box { background: #e6eef6; padding: 6px; text-align: center } .cols { display: flex; gap: 12px } .cols > div { flex: 1 }
    .chart { display: flex; align-items: flex-end; height: 110px; border: 1px solid #c8d3de } .bar { flex: 1; text-align: center }
    .bar div { background: #9db7cf; margin: 0 8px } table { width: 100%; border-collapse: collapse } td { padding: 1px 4px }
    td:nth-child(n+2) { text-align: right } .group td { background: #e6eef6; font-weight: bold } .totals { display: flex; margin: 8px 0 }
    .totals div { flex: 1; text-align: center; font-size: 15pt; font-weight: bold } .code { text-align: center } .code svg { width: 380px; height: 40px }
    .stub { border-top: 1px dashed #555; margin-top: 20px; padding-top: 8px }
  </style></head><body>
  <div class="head"><div><h1>${esc(issuer.companyName)}</h1><div>NIT ${esc(issuer.nit)}</div><div>Empresa de servicios públicos domiciliarios</div>
  ${issuer.officeLines.map((l) => `<div>${esc(l)}</div>`).join('')}</div>
  <div class="box"><b>FACTURA DE SERVICIOS PÚBLICOS</b><div>No. ${esc(invoice.invoiceNumber)}</div><div>Periodo: ${periodLabel(invoice.period)}</div>
  <div>Fecha de expedición: ${formatDate(invoice.issueDate)}</div></div></div>
  <div class="cols"><div><div>Cuenta <b>${esc(invoice.accountNumber)}</b></div><div>Titular ${esc(invoice.holderName)}</div><div>Dirección ${esc(invoice.address)}</div>
  <div>Estrato ${invoice.estrato ?? '—'} · ${esc(invoice.use)}</div><div>Ciclo ${esc(invoice.cycle)} · Ruta ${esc(invoice.route)}</div><div>Medidor ${esc(invoice.meterNumber)}</div>
  <div>Lectura anterior ${invoice.previousReading ?? '—'} · actual ${invoice.currentReading ?? '—'} · Consumo ${invoice.consumptionM3} m³</div></div>
  <div class="chart">${bars}</div></div>
  <table><tr><th>Concepto</th><th>Cantidad</th><th>Valor unitario</th><th>Valor</th></tr>${rows}</table>
  <div class="totals"><div>TOTAL A PAGAR<br>${money(invoice.total)}</div><div>PAGUE HASTA<br>${formatDate(invoice.dueDate)}</div>
  <div>SUSPENSIÓN<br>${formatDate(invoice.suspensionDate)}</div></div><div class="code">${esc(issuer.paymentPoints)}</div>${barcode}
  <div class="stub"><b>CUPÓN DE PAGO</b> Cuenta ${esc(invoice.accountNumber)} · ${periodLabel(invoice.period)} · ${money(invoice.total)} · ${formatDate(invoice.dueDate)}${barcode}</div>
  </body></html>`;
}

/** K invoices printed by headless Chromium (a new HTML each time, like a template app): seconds */
async function chromiumPrint(issuer: InvoiceIssuer, papers: InvoicePaper[], times: number): Promise<number> {
  const { chromium } = await import('playwright'); // only here: the measuring child must not load it
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent(await invoiceHtml(issuer, papers[0]));
    await page.pdf({ format: 'Letter' }); // warm-up
    const started = performance.now();
    for (let i = 0; i < times; i++) {
      await page.setContent(await invoiceHtml(issuer, papers[i % papers.length]));
      await page.pdf({ format: 'Letter' });
    }
    return (performance.now() - started) / 1000;
  } finally {
    await browser.close();
  }
}

export async function runInvoiceBench(options: { invoices: number; chromium: number }): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-invoice-bench-'));
  const dbFile = path.join(dir, 'bench.sqlite');
  try {
    let app = await openBackOffice({ dbFile });
    try {
      await seed(app, options.invoices);
    } finally {
      await closeBackOffice(app);
    }
    const child = await bundleForMeasure(dir);
    const output = execFileSync(process.execPath, [child, '--measure', dbFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const ours = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as {
      printed: number;
      pages: number;
      seconds: number;
      cpuSeconds: number;
      loadAverage: number;
      bytes: number;
      maxRssKb: number;
      sampled: { rssOpenMb: number; rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number; workerHeapMb: number; workerHeapTotalMb: number };
    };
    const ourPagesPerSecond = ours.pages / ours.seconds;
    const n = (v: number, d = 0) => v.toLocaleString('es-CO', { maximumFractionDigits: d, minimumFractionDigits: d });
    const { sampled } = ours;
    const rows: BenchRow[] = [
      { name: `Facturas: lote de ${n(ours.printed)} en un PDF (lectura + dibujo en hilo aparte)`, value: `${n(ours.pages)} páginas en ${n(ours.seconds, 1)} s = ${n(ourPagesPerSecond)} páginas/s (meta ≥ 300)` },
      {
        name: 'Facturas: tiempo de CPU del lote (hilo principal + hilo de dibujo)',
        value: `${n(ours.cpuSeconds, 1)} s = ${n((ours.cpuSeconds * 1000) / ours.pages, 2)} ms por página (carga del equipo al medir: ${n(ours.loadAverage, 1)})`,
      },
      { name: 'Facturas: memoria máxima del proceso del lote (maxRSS)', value: `${n(ours.maxRssKb / 1024)} MB (meta < 300 MB); archivo de ${n(ours.bytes / 1024 / 1024, 1)} MB` },
      {
        name: 'Facturas: memoria muestreada cada 50 ms (máximos)',
        value: `RSS ${sampled.rssMb} MB (${sampled.rssOpenMb} MB con la base abierta); heap del hilo principal ${sampled.heapUsedMb} MB en uso / ${sampled.heapTotalMb} MB reservado, external ${sampled.externalMb} MB, arrayBuffers ${sampled.arrayBuffersMb} MB; heap del hilo de dibujo ${sampled.workerHeapMb} / ${sampled.workerHeapTotalMb} MB (tras cada tanda y al cerrar el archivo)`,
      },
    ];
    if (options.chromium <= 0) return rows;
    app = await openBackOffice({ dbFile });
    let chromiumSeconds: number;
    try {
      const papers = await loadInvoicePapers(app.db, [5 * options.invoices + 1, 5 * options.invoices + 2]);
      const issuer = await loadIssuer(app.db, null);
      chromiumSeconds = await chromiumPrint(issuer, papers, options.chromium);
    } finally {
      await closeBackOffice(app);
    }
    const chromiumPagesPerSecond = options.chromium / chromiumSeconds;
    return [
      ...rows,
      { name: `Facturas: Chromium print-to-PDF, ${n(options.chromium)} veces`, value: `${n(chromiumSeconds, 1)} s = ${n(chromiumPagesPerSecond, 1)} páginas/s` },
      { name: 'Facturas: pdfkit frente a Chromium', value: `${n(ourPagesPerSecond / chromiumPagesPerSecond, 1)} veces más rápido (meta ≥ 10)` },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const measuring = process.argv.indexOf('--measure');
if (measuring >= 0 && isMain(import.meta.url)) {
  measure(process.argv[measuring + 1]).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  runWhenMain(import.meta.url, () => runInvoiceBench({ invoices: numberOption('invoices', 10_000), chromium: numberOption('chromium', 200) }));
}
