/**
 * The Windows adapter: pdf-to-printer, which prints through its SumatraPDF executable. In the
 * packaged app that executable lives inside app.asar, where Windows cannot run it, so
 * electron-builder unpacks it (asarUnpack in electron-builder.yml) and we pass its unpacked path
 * explicitly.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PaperSize, SystemPrinters } from '../../../shared/contract';
import { PrintError, type PrintAdapter, type PrintRequest } from './adapter';

/** SumatraPDF's paper names; the roll and the label keep the printer's own paper */
const SUMATRA_PAPER: Record<PaperSize, string | undefined> = {
  roll80: undefined,
  letter: 'letter',
  halfLetter: 'statement',
  label100x50: undefined,
};

const PRINT_TIMEOUT_MS = 60_000;

type PdfToPrinter = typeof import('pdf-to-printer');

/**
 * The folder of pdf-to-printer's SumatraPDF: in the packaged app
 * `<resources>/app.asar.unpacked/node_modules/pdf-to-printer/dist`, in development the package's own.
 */
export function sumatraFolder(resourcesPath: string | undefined = (process as { resourcesPath?: string }).resourcesPath): string {
  if (resourcesPath) {
    const unpacked = path.join(resourcesPath, 'app.asar.unpacked', 'node_modules', 'pdf-to-printer', 'dist');
    if (fs.existsSync(unpacked)) return unpacked;
  }
  const resolved = path.dirname(createRequire(import.meta.url).resolve('pdf-to-printer'));
  return resolved.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
}

/** The SumatraPDF executable pdf-to-printer ships (its name carries the version). */
export function sumatraPdfPath(folder = sumatraFolder()): string {
  const exe = fs.existsSync(folder) ? fs.readdirSync(folder).find((f) => /^SumatraPDF.*\.exe$/i.test(f)) : undefined;
  if (!exe) throw new PrintError('No se encontró el programa de impresión de PDF (SumatraPDF) de la aplicación. Reinstale Ventanilla.');
  return path.join(folder, exe);
}

async function library(): Promise<PdfToPrinter> {
  return import('pdf-to-printer');
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new PrintError('La impresora no respondió a tiempo. Revise que esté encendida y reintente.')), PRINT_TIMEOUT_MS);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

async function listPrinters(): Promise<SystemPrinters> {
  const base = { system: 'windows' as const, printers: [] };
  try {
    const lib = await library();
    const [printers, fallback] = await Promise.all([lib.getPrinters(), lib.getDefaultPrinter()]);
    return {
      ...base,
      available: true,
      message: printers.length === 0 ? 'El sistema no tiene impresoras instaladas.' : '',
      printers: printers.map((p) => ({ name: p.name, isDefault: p.name === fallback?.name, state: 'desconocido' as const, accepting: true, reason: '' })),
    };
  } catch (error) {
    return { ...base, available: false, message: `No se pudo consultar las impresoras de Windows: ${(error as Error).message}` };
  }
}

async function print(request: PrintRequest): Promise<{ systemJobId: string }> {
  const list = await listPrinters();
  if (!list.available) throw new PrintError(list.message);
  if (!list.printers.some((p) => p.name === request.printer)) {
    throw new PrintError(`La impresora «${request.printer}» no está en la lista del sistema: puede estar desconectada, retirada o con otro nombre. Elija otra en Administración › Impresoras.`);
  }
  const lib = await library();
  try {
    await withTimeout(
      lib.print(request.filePath, {
        printer: request.printer,
        copies: request.copies,
        paperSize: SUMATRA_PAPER[request.paper],
        silent: true,
        sumatraPdfPath: sumatraPdfPath(),
      }),
    );
  } catch (error) {
    if (error instanceof PrintError) throw error;
    throw new PrintError(`Windows no pudo imprimir en «${request.printer}»: ${(error as Error).message}`);
  }
  return { systemJobId: '' };
}

export function windowsAdapter(): PrintAdapter {
  return { system: 'windows', listPrinters, print };
}
