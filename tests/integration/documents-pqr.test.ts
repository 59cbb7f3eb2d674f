/**
 * The papers of a PQR filing, read the way a person (and a scanner) reads them: the sticker on its
 * 100 × 50 mm label with a Code 128 that decodes to the radicado, the constancia with the due date,
 * and the extension letter. The layouts are pure, so the PqrDetail is built here directly.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PqrDetail } from '../../shared/contract';
import { MM } from '../../electron/core/documents/layout';
import { STICKER_LABEL_MM, pqrConstanciaPdf, pqrExtensionLetterPdf, pqrStickerPdf, type PqrPaperContext } from '../../electron/core/documents/pqr-papers';
import { pdfInfo, pdfText } from '../helpers/pdf';
import { ZBARIMG_MISSING, ZBARIMG_RUNS, zbarimg } from '../helpers/zbarimg';

/** the words of a PDF in reading order, lines joined: a phrase is found even when a paragraph wraps it */
const pdfWords = (pdf: Buffer) => pdfText(pdf).replace(/\s+/g, ' ');

const ctx: PqrPaperContext = {
  head: { company: { name: 'Empresas Públicas de Garzón E.S.P.', nit: '900.123.456-7', logoDataUrl: '' }, officeLines: ['Oficina Centro · Garzón, Huila'] },
  timeZone: 'America/Bogota',
  office: { name: 'Centro', city: 'Garzón' },
};

function samplePqr(overrides: Partial<PqrDetail> = {}): PqrDetail {
  return {
    id: 7,
    radicado: '2026-GAR-P-000123',
    type: 'reclamo',
    typeName: 'Reclamo',
    state: 'radicada',
    subject: 'Cobro excesivo en la factura de octubre',
    petitionerName: 'ANA LUCÍA GÓMEZ PARDO',
    accountNumber: '100234',
    // 15:35 UTC = 10:35 in Bogotá
    filedAt: '2026-11-20T15:35:00.000Z',
    dueDate: '2026-12-14',
    businessDaysLeft: 15,
    light: 'a_tiempo',
    silencioRisk: false,
    assignedTo: null,
    officeId: 1,
    officeCode: 'GAR',
    channel: 'ventanilla',
    causal: { id: 3, group: 'F', code: '120', name: 'Cobro por promedio', active: true },
    accountId: 4,
    invoiceId: 9,
    invoiceNumber: 'FV-2026-0042',
    petitioner: {
      name: 'ANA LUCÍA GÓMEZ PARDO',
      idType: 'CC',
      idNumber: '52123456',
      phone: '3001234567',
      email: 'ana.gomez@example.com',
      address: 'Calle 5 # 4-21, Garzón',
      acceptsElectronicNotification: true,
    },
    text: 'La factura de octubre cobra 48 m³ cuando el consumo normal es de 15 m³.',
    pages: 3,
    annexes: 2,
    destination: 'Área de facturación',
    filedBy: 'Laura Méndez',
    filedDate: '2026-11-20',
    termBusinessDays: 15,
    originalDueDate: '2026-12-14',
    paused: null,
    extension: null,
    closedResult: null,
    annulled: null,
    attachments: [
      {
        id: 1,
        fileName: 'factura-octubre.pdf',
        mimeType: 'application/pdf',
        size: 120_000,
        sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        uploadedAt: '2026-11-20T15:35:00.000Z',
        uploadedBy: 'Laura Méndez',
      },
    ],
    history: [],
    answer: null,
    notifications: [],
    notifiedDate: null,
    notificationType: null,
    recursoDeadline: null,
    appeals: null,
    extemporaneous: false,
    recursos: [],
    sspd: null,
    ...overrides,
  };
}

// ---- a small Code 128 reader: rasterise like a 203 dpi thermal printer, read the bars of one row ----

/** Code 128 bar/space widths per symbol value 0–106 (106 = stop, 7 elements), the ISO/IEC 15417 table */
const CODE128 = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213', '221312', '231212', '112232', '122132',
  '122231', '113222', '123122', '123221', '223211', '221132', '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212',
  '322112', '322211', '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313', '231113', '231311',
  '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331', '231131', '213113', '213311', '213131', '311123', '311321',
  '331121', '312113', '312311', '332111', '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111', '111242', '121142', '121241', '114212',
  '124112', '124211', '411212', '421112', '421211', '212141', '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113',
  '411311', '113141', '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

/** The first page as a grey image (PGM) at `dpi`, through poppler's pdftoppm. */
function rasterise(pdf: Buffer, dpi: number): { width: number; height: number; pixels: Buffer } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-raster-'));
  try {
    fs.writeFileSync(path.join(dir, 'doc.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', '1', '-l', '1', '-singlefile', path.join(dir, 'doc.pdf'), path.join(dir, 'page')]);
    const data = fs.readFileSync(path.join(dir, 'page.pgm'));
    // header: P5 <width> <height> <max>, then one byte a pixel
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 40).toString('latin1'));
    if (!header) throw new Error('not a PGM');
    const [width, height] = [Number(header[1]), Number(header[2])];
    return { width, height, pixels: data.subarray(header[0].length) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Reads a Code 128 on one row of pixels the way a scanner does: a start symbol after a blank quiet
 * zone, symbols of 6 bars and spaces (11 modules), the check symbol and the stop, then blank again.
 * Returns the text and the blank margins on each side counted in modules.
 */
function readCode128Row(row: Uint8Array): { text: string; quietLeft: number; quietRight: number } | null {
  // runs of equal colour: widths, whether dark, and where each starts
  const runs: { width: number; dark: boolean }[] = [];
  for (let i = 0; i < row.length; i++) {
    const dark = row[i] < 128;
    if (runs.length > 0 && runs[runs.length - 1].dark === dark) runs[runs.length - 1].width++;
    else runs.push({ width: 1, dark });
  }
  const pattern = (from: number, count: number, modules: number) => {
    const elements = runs.slice(from, from + count).map((r) => r.width);
    const total = elements.reduce((a, b) => a + b, 0);
    return { text: elements.map((w) => Math.max(1, Math.min(4, Math.round((w * modules) / total)))).join(''), module: total / modules };
  };
  for (let k = 1; k + 6 < runs.length; k++) {
    if (!runs[k].dark) continue;
    const start = pattern(k, 6, 11);
    const startValue = CODE128.indexOf(start.text);
    if (startValue < 103 || startValue > 105) continue;
    const quietLeft = runs[k - 1].width / start.module;
    if (quietLeft < 10) continue;
    const values = [startValue];
    let i = k + 6;
    let stopped = false;
    while (i + 6 <= runs.length) {
      if (i + 7 <= runs.length && pattern(i, 7, 13).text === CODE128[106]) {
        stopped = true;
        break;
      }
      const value = CODE128.indexOf(pattern(i, 6, 11).text);
      if (value < 0 || value > 102) break;
      values.push(value);
      i += 6;
    }
    const after = runs[i + 7];
    if (!stopped || !after || after.dark) continue;
    const check = values.pop();
    if (check === undefined || values.length < 2) continue;
    if (values.slice(1).reduce((sum, v, n) => sum + v * (n + 1), values[0]) % 103 !== check) continue;
    let set = startValue === 103 ? 'A' : startValue === 104 ? 'B' : 'C';
    let text = '';
    for (const v of values.slice(1)) {
      if (v === 99) set = 'C';
      else if (v === 100) set = 'B';
      else if (v === 101) set = 'A';
      else if (set === 'C') text += String(v).padStart(2, '0');
      else text += String.fromCharCode(v < 64 || set === 'B' ? v + 32 : v - 64);
    }
    return { text, quietLeft, quietRight: after.width / start.module };
  }
  return null;
}

/** Every row of the page that reads as a Code 128. */
function readCode128(pdf: Buffer, dpi: number) {
  const image = rasterise(pdf, dpi);
  const reads = [];
  for (let y = 0; y < image.height; y++) {
    const read = readCode128Row(image.pixels.subarray(y * image.width, (y + 1) * image.width));
    if (read) reads.push(read);
  }
  return { reads, rowHeightMm: 25.4 / dpi };
}

describe('the sticker', () => {
  it('is one 100 × 50 mm label with the radicado, the date and time of filing, clerk, sender, destination, subject, pages and annexes', async () => {
    const pdf = await pqrStickerPdf(samplePqr(), ctx);
    const info = pdfInfo(pdf);
    expect(info.pages).toBe(1);
    expect(info.width).toBeCloseTo(STICKER_LABEL_MM.width * MM, 0);
    expect(info.height).toBeCloseTo(STICKER_LABEL_MM.height * MM, 0);
    expect(STICKER_LABEL_MM).toEqual({ width: 100, height: 50 });
    const text = pdfWords(pdf);
    expect(text).toContain('RADICADO');
    expect(text).toContain('2026-GAR-P-000123');
    expect(text).toContain('20/11/2026 10:35'); // in Bogotá, not UTC
    expect(text).toContain('Laura Méndez');
    expect(text).toContain('ANA LUCÍA GÓMEZ PARDO');
    expect(text).toContain('Área de facturación');
    expect(text).toContain('Cobro excesivo en la factura de octubre');
    expect(text).toContain('Folios: 3 · Anexos: 2');
    expect(text).toContain('RECLAMO');
  });

  it('its Code 128, printed at 203 dpi, reads back as the radicado with a quiet zone of at least 10 modules and bars over 8 mm tall', async () => {
    const pdf = await pqrStickerPdf(samplePqr(), ctx);
    const { reads, rowHeightMm } = readCode128(pdf, 203);
    expect(reads.length).toBeGreaterThan(0);
    expect(new Set(reads.map((r) => r.text))).toEqual(new Set(['2026-GAR-P-000123']));
    for (const r of reads) expect(Math.min(r.quietLeft, r.quietRight)).toBeGreaterThanOrEqual(10);
    expect(reads.length * rowHeightMm).toBeGreaterThan(8);
  });

  it.runIf(ZBARIMG_RUNS)('zbarimg decodes the sticker barcode to the radicado', async () => {
    const pdf = await pqrStickerPdf(samplePqr(), ctx);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-zbar-'));
    try {
      fs.writeFileSync(path.join(dir, 'sticker.pdf'), pdf);
      execFileSync('pdftoppm', ['-r', '300', '-png', '-singlefile', path.join(dir, 'sticker.pdf'), path.join(dir, 'sticker')]);
      const out = zbarimg(['--quiet', '--raw', path.join(dir, 'sticker.png')]);
      expect(out.trim()).toBe('2026-GAR-P-000123');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  if (!ZBARIMG_RUNS) it.skip(`zbarimg decodes the sticker barcode (${ZBARIMG_MISSING}; the built-in reader above checks the bars)`, () => {});

  it('cuts long texts with … and stays on one label', async () => {
    const long = 'Solicito la revisión del cobro de alcantarillado y aseo de los periodos de enero a octubre porque el predio estuvo desocupado '.repeat(2);
    const pdf = await pqrStickerPdf(
      samplePqr({
        subject: long.slice(0, 200),
        destination: 'Subgerencia comercial, área de facturación y cartera, grupo de atención de peticiones quejas y reclamos',
        petitioner: { ...samplePqr().petitioner, name: 'MARÍA DE LOS ÁNGELES RODRÍGUEZ VILLAMIZAR DE LA TORRE Y SOTOMAYOR HERNÁNDEZ DE CASTRO' },
      }),
      ctx,
    );
    const info = pdfInfo(pdf);
    expect(info.pages).toBe(1);
    expect(info.height).toBeCloseTo(50 * MM, 0);
    const text = pdfWords(pdf);
    expect(text).toContain('Solicito la revisión del cobro');
    expect(text).not.toContain(long.slice(0, 200)); // the whole subject does not fit
    expect(text).toMatch(/…/);
    expect(text).toContain('Folios: 3 · Anexos: 2'); // the last line is still there
    // the barcode still reads with everything else crowded
    expect(readCode128(pdf, 203).reads.map((r) => r.text)).toContain('2026-GAR-P-000123');
  });
});

describe('the constancia de radicación', () => {
  it('shows the radicado, date and time, type, channel, petitioner, account, invoice, attachments and the due date with its legal basis', async () => {
    const pdf = await pqrConstanciaPdf(samplePqr(), ctx);
    const info = pdfInfo(pdf);
    expect(info.width).toBeCloseTo(612, 0);
    expect(info.height).toBeCloseTo(792, 0);
    const text = pdfWords(pdf);
    expect(text).toContain('CONSTANCIA DE RADICACIÓN');
    expect(text).toContain('2026-GAR-P-000123');
    expect(text).toContain('20/11/2026 10:35');
    expect(text).toContain('Reclamo');
    expect(text).toContain('Ventanilla (presencial)');
    expect(text).toContain('F-120 Cobro por promedio');
    expect(text).toContain('100234');
    expect(text).toContain('FV-2026-0042');
    expect(text).toContain('Cédula de ciudadanía No. 52123456');
    expect(text).toContain('factura-octubre.pdf');
    expect(text).toContain('SHA-256 9f86d081884c7d65');
    expect(text).toContain('15 días hábiles (Ley 142 de 1994, art. 158)');
    expect(text).toContain('Fecha máxima de respuesta: 14 de diciembre de 2026');
    expect(text).toContain('Silencio administrativo positivo');
    expect(text).toContain('art. 154');
    expect(readCode128(pdf, 300).reads.map((r) => r.text)).toContain('2026-GAR-P-000123');
  });

  it('a petition does not promise silencio positivo; a paused one says the clock is stopped instead of a date', async () => {
    const peticion = pdfWords(await pqrConstanciaPdf(samplePqr({ type: 'peticion', typeName: 'Petición' }), ctx));
    expect(peticion).not.toContain('Silencio administrativo positivo');
    expect(peticion).toContain('Ley 1755 de 2015, art. 14');

    const paused = pdfWords(
      await pqrConstanciaPdf(samplePqr({ dueDate: null, paused: { reason: 'pruebas', since: '2026-11-25', remainingBusinessDays: 12 } }), ctx),
    );
    expect(paused).toContain('El término está suspendido desde el 25 de noviembre de 2026 por práctica de pruebas');
    expect(paused).toContain('Quedan 12 días hábiles');
    expect(paused).not.toContain('Fecha máxima de respuesta');
  });

  it('follows the catalog and the country: the basis given is printed, and outside Colombia no Colombian law is cited', async () => {
    const ecuador = pdfWords(
      await pqrConstanciaPdf(samplePqr({ termBusinessDays: 30 }), { ...ctx, country: 'EC', term: { basis: 'Código Orgánico Administrativo, art. 207', silencioPositivo: false } }),
    );
    expect(ecuador).toContain('30 días hábiles (Código Orgánico Administrativo, art. 207)');
    expect(ecuador).not.toMatch(/Ley 142|Ley 1755|Silencio administrativo/);
  });

  it('ten attachments and long texts continue on a second page, numbered, with the signature of the clerk', async () => {
    const attachment = samplePqr().attachments[0];
    const many = Array.from({ length: 10 }, (_, i) => ({ ...attachment, id: i + 1, fileName: `soporte-${i + 1}.pdf` }));
    const pdf = await pqrConstanciaPdf(samplePqr({ attachments: many, subject: 'Revisión del cobro '.repeat(10).trim() }), ctx);
    expect(pdfInfo(pdf).pages).toBe(2);
    const text = pdfWords(pdf);
    expect(text).toContain('soporte-10.pdf');
    expect(text).toContain('Página 2 de 2');
    expect(text).toContain('Funcionario(a) que radica');
  });

  it('an annulled radicado carries ANULADO', async () => {
    const text = pdfWords(await pqrConstanciaPdf(samplePqr({ state: 'anulada', annulled: { reason: 'Radicado por error', at: '2026-11-20T16:00:00.000Z', by: 'Laura Méndez' } }), ctx));
    expect(text).toContain('ANULADO');
  });
});

describe('the extension letter', () => {
  const extended = samplePqr({
    dueDate: '2027-01-12',
    extension: {
      newDueDate: '2027-01-12',
      reasons: 'Se requiere una visita técnica al predio para verificar el medidor.',
      at: '2026-12-10T14:00:00.000Z',
    },
  });

  it('names the petitioner, the radicado, the law, the reasons and the new date, and is signed by the office coordinator', async () => {
    const pdf = await pqrExtensionLetterPdf(extended, ctx);
    expect(pdfInfo(pdf).pages).toBe(1);
    const text = pdfWords(pdf);
    expect(text).toContain('Garzón, 10 de diciembre de 2026');
    expect(text).toContain('ANA LUCÍA GÓMEZ PARDO');
    expect(text).toContain('Calle 5 # 4-21, Garzón');
    expect(text).toContain('ana.gomez@example.com');
    expect(text).toContain('Referencia: Radicado No. 2026-GAR-P-000123');
    expect(text).toContain('Ley 1755 de 2015');
    expect(text).toContain('Se requiere una visita técnica al predio para verificar el medidor.');
    expect(text).toContain('a más tardar el 12 de enero de 2027');
    expect(text).toContain('14 de diciembre de 2026'); // the original term
    expect(text).toContain('Coordinador(a) de la oficina Centro');
  });

  it('prints the signer when one is given, and refuses a PQR that was not extended', async () => {
    const text = pdfWords(await pqrExtensionLetterPdf(extended, { ...ctx, signer: { name: 'Pedro Ruiz', title: 'Coordinador comercial' } }));
    expect(text).toContain('Pedro Ruiz');
    expect(text).toContain('Coordinador comercial');
    await expect(pqrExtensionLetterPdf(samplePqr(), ctx)).rejects.toThrow('no tiene prórroga');
  });
});
