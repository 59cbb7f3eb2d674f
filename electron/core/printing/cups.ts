/**
 * The CUPS adapter (Linux and macOS): `lpstat` lists the queues, `lp` prints. Both run through
 * execFile (never a shell) with LC_ALL=C, so their English messages can be read whatever the
 * machine's language. A printer name is used only if it is in `lpstat -e`'s list.
 */
import { execFile } from 'node:child_process';
import type { PaperSize, SystemPrinter, SystemPrinters } from '../../../shared/contract';
import { PrintError, type PrintAdapter, type PrintRequest } from './adapter';

/** lpstat answers at once; lp may wait while a busy scheduler spools a big file (VENTANILLA_PRINT_TIMEOUT_MS changes it) */
const LPSTAT_TIMEOUT_MS = 10_000;
const lpTimeoutMs = () => Number(process.env.VENTANILLA_PRINT_TIMEOUT_MS) || 60_000;

/** the media names CUPS understands (PWG names; the custom sizes for roll and label) */
export const CUPS_MEDIA: Record<PaperSize, string> = {
  roll80: 'Custom.80x297mm',
  letter: 'na_letter_8.5x11in',
  halfLetter: 'na_invoice_5.5x8.5in',
  label100x50: 'Custom.100x50mm',
};

const NO_CUPS = 'No se encontró el sistema de impresión de este equipo (los programas lp y lpstat de CUPS). Pida al administrador que instale CUPS.';
const NO_SCHEDULER = 'El servicio de impresión del equipo (CUPS) no está funcionando. Pida al administrador que lo inicie y reintente.';
const TIMEOUT = 'El sistema de impresión no respondió a tiempo. Revise la impresora y reintente.';

interface RunResult {
  stdout: string;
  stderr: string;
  /** the exit code (0 when it succeeded) */
  code: number;
}

/** Runs a CUPS program; a missing program or a timeout becomes a PrintError, a non-zero exit does not. */
function run(program: string, args: string[], timeout: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      { timeout, env: { ...process.env, LC_ALL: 'C', LANG: 'C', LANGUAGE: 'C' }, maxBuffer: 4 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr, code: 0 });
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        if (e.code === 'ENOENT') return reject(new PrintError(NO_CUPS));
        if (e.killed) return reject(new PrintError(TIMEOUT));
        resolve({ stdout, stderr, code: typeof e.code === 'number' ? e.code : 1 });
      },
    );
  });
}

/** `lpstat -e`: one queue name per line */
export function parseQueueNames(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/\s/.test(line));
}

/** `lpstat -d`: "system default destination: X" (or "no system default destination") */
export function parseDefault(stdout: string): string | null {
  const match = /system default destination:\s*(\S+)/.exec(stdout);
  return match ? match[1] : null;
}

interface QueueStatus {
  state: SystemPrinter['state'];
  accepting: boolean;
  reason: string;
}

/**
 * `lpstat -p -a` (LC_ALL=C): "printer X is idle.  enabled since …", "printer X now printing X-3.
 * enabled since …", "printer X disabled since … -" followed by a tab-indented reason; "X accepting
 * requests since …" or "X not accepting requests since … -" and its reason.
 */
export function parseStatus(stdout: string): Map<string, QueueStatus> {
  const status = new Map<string, QueueStatus>();
  const of = (name: string) => {
    let s = status.get(name);
    if (!s) {
      s = { state: 'desconocido', accepting: true, reason: '' };
      status.set(name, s);
    }
    return s;
  };
  let last: QueueStatus | null = null;
  for (const line of stdout.split('\n')) {
    if (/^\s+\S/.test(line)) {
      // the reason of the line before
      const reason = line.trim();
      if (last && reason && !/^(Description|Location|Alerts|Connection|Interface|On fault|After fault|Users allowed|Forms allowed|Banner required|Charset sets|Default pitch|Default page size|Default port settings)\b/.test(reason)) {
        if (!last.reason.includes(reason)) last.reason = last.reason ? `${last.reason}; ${reason}` : reason;
      }
      continue;
    }
    let match = /^printer (\S+) (is idle|now printing|disabled)/.exec(line);
    if (match) {
      last = of(match[1]);
      last.state = match[2] === 'disabled' ? 'detenida' : match[2] === 'now printing' ? 'imprimiendo' : 'inactiva';
      continue;
    }
    match = /^(\S+) (not )?accepting requests/.exec(line);
    if (match) {
      last = of(match[1]);
      last.accepting = !match[2];
      continue;
    }
    last = null;
  }
  return status;
}

function schedulerDown(text: string): boolean {
  return /scheduler is not running|Unable to connect to server|server-error-service-unavailable/i.test(text);
}

async function listPrinters(): Promise<SystemPrinters> {
  const base = { system: 'cups' as const, printers: [] };
  let names: RunResult, defaults: RunResult, details: RunResult;
  try {
    // three short questions at once: the names, the default, and the state of each queue
    [names, defaults, details] = await Promise.all([run('lpstat', ['-e'], LPSTAT_TIMEOUT_MS), run('lpstat', ['-d'], LPSTAT_TIMEOUT_MS), run('lpstat', ['-p', '-a'], LPSTAT_TIMEOUT_MS)]);
  } catch (error) {
    return { ...base, available: false, message: (error as Error).message };
  }
  if (schedulerDown(names.stderr)) return { ...base, available: false, message: NO_SCHEDULER };
  const queues = parseQueueNames(names.stdout);
  if (queues.length === 0) return { ...base, available: true, message: 'El sistema no tiene impresoras instaladas.' };
  const defaultName = parseDefault(defaults.stdout);
  const status = parseStatus(details.stdout);
  const printers = queues.map((name) => {
    const s = status.get(name) ?? { state: 'desconocido' as const, accepting: true, reason: '' };
    return { name, isDefault: name === defaultName, state: s.state, accepting: s.accepting, reason: s.reason };
  });
  return { ...base, available: true, message: '', printers };
}

/** "request id is VentanillaPDF-12 (1 file(s))" → "VentanillaPDF-12" */
export function parseRequestId(stdout: string): string {
  return /request id is (\S+)/.exec(stdout)?.[1] ?? '';
}

/** lp's refusals, said for the counter */
export function lpErrorMessage(printer: string, stderr: string): string {
  const text = stderr.trim();
  if (schedulerDown(text)) return NO_SCHEDULER;
  if (/not accepting jobs/i.test(text)) return `La cola de la impresora «${printer}» no está recibiendo trabajos. Pida al administrador que la habilite y reintente.`;
  if (/does not exist|not found|Unknown destination/i.test(text)) return `La impresora «${printer}» ya no existe en el sistema. Elija otra en Administración › Impresoras.`;
  if (/Unable to access|No such file|Permission denied/i.test(text)) return 'El sistema de impresión no pudo leer el documento guardado.';
  return `El sistema de impresión rechazó el trabajo${text ? `: ${text.replace(/^lp:\s*/, '')}` : ''}.`;
}

async function print(request: PrintRequest): Promise<{ systemJobId: string }> {
  const list = await listPrinters();
  if (!list.available) throw new PrintError(list.message);
  const printer = list.printers.find((p) => p.name === request.printer);
  if (!printer) throw new PrintError(`La impresora «${request.printer}» no está en la lista del sistema: puede estar desconectada, retirada o con otro nombre. Elija otra en Administración › Impresoras.`);
  const why = printer.reason ? ` (${printer.reason})` : '';
  if (printer.state === 'detenida') throw new PrintError(`La impresora «${printer.name}» está detenida en el sistema${why}. Enciéndala o reactívela y reintente.`);
  if (!printer.accepting) throw new PrintError(`La cola de la impresora «${printer.name}» no está recibiendo trabajos${why}. Pida al administrador que la habilite y reintente.`);
  const args = ['-d', printer.name, '-n', String(request.copies), '-o', `media=${CUPS_MEDIA[request.paper]}`, '-t', request.title, '--', request.filePath];
  const result = await run('lp', args, lpTimeoutMs());
  if (result.code !== 0) throw new PrintError(lpErrorMessage(printer.name, result.stderr || result.stdout));
  return { systemJobId: parseRequestId(result.stdout) };
}

export function cupsAdapter(): PrintAdapter {
  return { system: 'cups', listPrinters, print };
}
