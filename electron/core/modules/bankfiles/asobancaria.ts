/**
 * Reads and checks a bank collection file in the Asobancaria 2001 format (see ../shared/DOMAIN.md):
 * fixed-width records of 162 characters, 01 file header, lots (05 header, 06 details, 08 control),
 * 09 file control. Pure: the lines come in one by one (`AsobancariaParser.line`), the details go
 * out one by one (`onDetail`), so a file of any size is read in constant memory.
 *
 * The first problem stops the reading: the whole file is refused with the line and what differs,
 * in Spanish. Positions in messages count from 1, as the format's documentation does.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { isIsoDate } from '../../../../shared/dates';
import { CURRENCIES, type CurrencyCode } from '../../../../shared/money';

export const RECORD_LENGTH = 162;

export interface AsobancariaHeader {
  /** as in the file: 10 digits, zero-padded */
  billerNit: string;
  /** YYYY-MM-DD */
  collectionDate: string;
  bankCode: string;
  accountNumber: string;
  fileDate: string;
  /** HH:MM */
  fileTime: string;
  modifier: string;
  accountType: string;
}

export interface AsobancariaDetail {
  /** 1-based line of the file */
  line: number;
  lot: string;
  /** the user reference, spaces around it removed (leading zeros kept) */
  reference: string;
  /** in the company currency's minor units */
  amount: number;
  procedencia: string;
  medium: string;
  operation: string;
  authorization: string;
  bankCode: string;
  branch: string;
  sequence: string;
  /** '' when the bank left it blank */
  returnCause: string;
}

export interface AsobancariaTotals {
  lots: number;
  records: number;
  /** minor units */
  total: number;
}

export interface AsobancariaFile {
  header: AsobancariaHeader;
  totals: AsobancariaTotals;
  /**
   * SHA-256 of the records as read (each padded to 162 characters, one '\n' after each): the same
   * file saved again with other line ends or with its trailing spaces cut has the same content
   */
  contentSha256: string;
}

/** Why a file is refused: its line (1-based) and what differs, in Spanish, without the "Línea N:" */
export class AsobancariaProblem extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`Línea ${line}: ${detail}`);
    this.name = 'AsobancariaProblem';
  }
}

export interface ParserOptions {
  currency: CurrencyCode;
  onDetail?: (detail: AsobancariaDetail) => void;
}

type State = 'start' | 'afterHeader' | 'inLot' | 'afterLot' | 'done';

interface OpenLot {
  number: string;
  line: number;
  records: number;
  /** in the file's units: hundredths of the currency */
  sum: bigint;
}

const DIGITS = /^\d+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Record types and the name a clerk reads for each. */
const RECORD_NAMES: Record<string, string> = {
  '01': 'el encabezado del archivo (01)',
  '05': 'un encabezado de lote (05)',
  '06': 'un registro de detalle (06)',
  '08': 'un control de lote (08)',
  '09': 'el control del archivo (09)',
};

const plural = (n: number | bigint, one: string, many: string) => `${n.toLocaleString('es-CO')} ${n === 1 || n === 1n ? one : many}`;

export class AsobancariaParser {
  private state: State = 'start';
  private header: AsobancariaHeader | null = null;
  private lot: OpenLot | null = null;
  private readonly lotsSeen = new Map<string, number>();
  private records = 0;
  private sum = 0n;
  private lastLine = 0;
  private readonly decimals: number;
  private readonly content = createHash('sha256');

  constructor(private readonly options: ParserOptions) {
    this.decimals = CURRENCIES[options.currency].decimals;
  }

  /** One line of the file, without its line end ('\r' before '\n' already removed or not). */
  line(raw: string, lineNo: number): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = text.replace(/ +$/, '');
    if (trimmed === '') {
      if (this.state === 'done') return;
      if (this.state === 'start' && lineNo === 1) {
        throw new AsobancariaProblem(1, 'no es un archivo Asobancaria 2001: la primera línea está en blanco y debe ser el encabezado del archivo (registro 01)');
      }
      throw new AsobancariaProblem(lineNo, `la línea está en blanco; se esperaba ${this.expected()}`);
    }
    this.lastLine = lineNo;
    if (this.state === 'start') this.checkLooksLikeAsobancaria(trimmed, lineNo);
    if (this.state === 'done') throw new AsobancariaProblem(lineNo, 'hay datos después del control del archivo (registro 09): el archivo debe terminar ahí');
    if (!PRINTABLE_ASCII.test(trimmed)) {
      const at = [...trimmed].findIndex((c) => !PRINTABLE_ASCII.test(c));
      throw new AsobancariaProblem(lineNo, `hay un carácter no permitido en la posición ${at + 1} (un archivo Asobancaria solo lleva letras y números sin tildes y espacios)`);
    }
    if (trimmed.length > RECORD_LENGTH) {
      throw new AsobancariaProblem(lineNo, `el registro tiene ${trimmed.length} caracteres y un registro Asobancaria tiene ${RECORD_LENGTH}`);
    }
    const record = trimmed.padEnd(RECORD_LENGTH, ' ');
    this.content.update(record).update('\n');
    const type = record.slice(0, 2);
    switch (type) {
      case '01':
        return this.fileHeader(record, lineNo);
      case '05':
        return this.lotHeader(record, lineNo);
      case '06':
        return this.detail(record, lineNo);
      case '08':
        return this.lotControl(record, lineNo);
      case '09':
        return this.fileControl(record, lineNo);
      default:
        throw new AsobancariaProblem(lineNo, `el tipo de registro «${type}» no existe (deben ser 01, 05, 06, 08 o 09); se esperaba ${this.expected()}`);
    }
  }

  /** End of the file: it must have ended with its 09 control. */
  end(): AsobancariaFile {
    if (this.state === 'start') throw new AsobancariaProblem(1, 'el archivo está vacío: no es un archivo Asobancaria 2001');
    if (this.state !== 'done') {
      const missing =
        this.state === 'inLot' && this.lot
          ? `sin el control del lote ${this.lot.number} (registro 08) ni el control del archivo (registro 09): faltan registros`
          : 'sin el control del archivo (registro 09): faltan registros';
      throw new AsobancariaProblem(Math.max(1, this.lastLine), `el archivo termina en esta línea ${missing}`);
    }
    if (!this.header) throw new AsobancariaProblem(1, 'falta el encabezado del archivo (registro 01)');
    return {
      header: this.header,
      totals: { lots: this.lotsSeen.size, records: this.records, total: this.toMinor(this.sum) },
      contentSha256: this.content.digest('hex'),
    };
  }

  private expected(): string {
    switch (this.state) {
      case 'start':
        return RECORD_NAMES['01'];
      case 'afterHeader':
        return RECORD_NAMES['05'];
      case 'inLot':
        return `${RECORD_NAMES['06']} o ${RECORD_NAMES['08']} del lote ${this.lot?.number ?? ''}`;
      case 'afterLot':
        return `${RECORD_NAMES['05']} o ${RECORD_NAMES['09']}`;
      case 'done':
        return 'el fin del archivo';
    }
  }

  private outOfOrder(type: string, lineNo: number): never {
    let why = '';
    if (type === '06' && (this.state === 'afterHeader' || this.state === 'afterLot')) why = ': un detalle debe ir dentro de un lote, después de su encabezado 05';
    else if (type === '05' && this.state === 'inLot') why = `: el lote ${this.lot?.number ?? ''} no se cerró con su control 08`;
    else if (type === '09' && this.state === 'inLot') why = `: el lote ${this.lot?.number ?? ''} no tiene su control 08`;
    else if (type === '01') why = ': el encabezado 01 solo puede ir en la primera línea';
    throw new AsobancariaProblem(lineNo, `se encontró ${RECORD_NAMES[type]} y se esperaba ${this.expected()}${why}`);
  }

  private checkLooksLikeAsobancaria(text: string, lineNo: number): void {
    if (text.startsWith('01')) return;
    let hint = '';
    if (text.startsWith('%PDF')) hint = ' (parece un documento PDF)';
    else if (text.startsWith('PK')) hint = ' (parece un archivo comprimido o de Excel)';
    else if (/^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)/.test(text) || text.includes('\x00')) hint = ' (parece un archivo de texto con otra codificación)';
    else if (/[;,\t]/.test(text)) hint = ' (parece un archivo CSV u hoja de cálculo)';
    throw new AsobancariaProblem(
      lineNo,
      `no es un archivo Asobancaria 2001${hint}: la primera línea debe ser el encabezado del archivo (registro 01) y empieza por «${text.slice(0, 12)}»`,
    );
  }

  private fileHeader(r: string, lineNo: number): void {
    if (this.state !== 'start') this.outOfOrder('01', lineNo);
    const f = new Fields(r, lineNo, 'encabezado del archivo');
    const billerNit = f.digits(3, 12, 'el NIT del recaudador');
    const collectionDate = f.date(13, 20, 'la fecha de recaudo');
    const bankCode = f.digits(21, 23, 'el código del banco');
    const accountNumber = f.text(24, 40, 'la cuenta del recaudador').trim();
    const fileDate = f.date(41, 48, 'la fecha del archivo');
    const time = f.digits(49, 52, 'la hora del archivo');
    if (Number(time.slice(0, 2)) > 23 || Number(time.slice(2)) > 59) f.fail(49, 52, `la hora del archivo «${time}» no es una hora válida (HHMM)`);
    const modifier = f.text(53, 53, 'el modificador');
    if (!/^[A-Z0-9]$/.test(modifier)) f.fail(53, 53, `el modificador del archivo «${modifier}» debe ser una letra mayúscula o un número`);
    const accountType = f.digits(54, 55, 'el tipo de cuenta');
    if (accountNumber === '') f.fail(24, 40, 'falta la cuenta del recaudador');
    this.header = { billerNit, collectionDate, bankCode, accountNumber, fileDate, fileTime: `${time.slice(0, 2)}:${time.slice(2)}`, modifier, accountType };
    this.state = 'afterHeader';
  }

  private lotHeader(r: string, lineNo: number): void {
    if (this.state !== 'afterHeader' && this.state !== 'afterLot') this.outOfOrder('05', lineNo);
    const f = new Fields(r, lineNo, 'encabezado de lote');
    f.digits(3, 15, 'el código del servicio');
    const number = f.digits(16, 19, 'el número de lote');
    const first = this.lotsSeen.get(number);
    if (first !== undefined) throw new AsobancariaProblem(lineNo, `el lote ${number} ya apareció en la línea ${first}: cada lote debe tener su propio número`);
    this.lotsSeen.set(number, lineNo);
    this.lot = { number, line: lineNo, records: 0, sum: 0n };
    this.state = 'inLot';
  }

  private detail(r: string, lineNo: number): void {
    if (this.state !== 'inLot' || !this.lot) this.outOfOrder('06', lineNo);
    const f = new Fields(r, lineNo, 'detalle');
    const reference = f.text(3, 50, 'la referencia').trim();
    if (reference === '') f.fail(3, 50, 'falta la referencia del usuario');
    const raw = f.amount(51, 64, 'el valor del pago');
    if (raw === 0n) f.fail(51, 64, 'el valor del pago es cero');
    const amount = this.toMinor(raw, lineNo);
    const procedencia = f.digits(65, 66, 'la procedencia del pago');
    const medium = f.digits(67, 68, 'el medio de pago');
    const operation = f.optionalDigits(69, 74, 'el número de operación');
    const authorization = f.optionalDigits(75, 80, 'el número de autorización');
    const bankCode = f.digits(81, 83, 'el código de la entidad financiera');
    const branch = f.digits(84, 87, 'el código de la oficina');
    const sequence = f.digits(88, 94, 'la secuencia');
    const returnCause = f.text(95, 97, 'la causal de devolución').trim();
    if (returnCause !== '' && !/^[A-Z0-9]{1,3}$/.test(returnCause)) f.fail(95, 97, `la causal de devolución «${returnCause}» no es válida`);
    this.lot.records++;
    this.lot.sum += raw;
    this.records++;
    this.sum += raw;
    this.options.onDetail?.({
      line: lineNo,
      lot: this.lot.number,
      reference,
      amount: Number(amount),
      procedencia,
      medium,
      operation,
      authorization,
      bankCode,
      branch,
      sequence,
      returnCause: returnCause === '000' ? '' : returnCause,
    });
  }

  private lotControl(r: string, lineNo: number): void {
    if (this.state !== 'inLot' || !this.lot) this.outOfOrder('08', lineNo);
    const lot = this.lot;
    const f = new Fields(r, lineNo, 'control de lote');
    const count = Number(f.digits(3, 11, 'el número de registros del lote'));
    const total = f.amount(12, 29, 'el total del lote');
    const number = f.digits(30, 33, 'el número de lote');
    if (number !== lot.number) {
      throw new AsobancariaProblem(lineNo, `el control dice que es del lote ${number} y cierra el lote ${lot.number} (abierto en la línea ${lot.line})`);
    }
    if (lot.records === 0) throw new AsobancariaProblem(lineNo, `el lote ${lot.number} no tiene ningún registro de detalle (06)`);
    if (count !== lot.records) {
      throw new AsobancariaProblem(lineNo, `el control del lote ${lot.number} dice ${plural(count, 'registro', 'registros')} y el lote tiene ${lot.records.toLocaleString('es-CO')}`);
    }
    if (total !== lot.sum) {
      throw new AsobancariaProblem(lineNo, `el control del lote ${lot.number} dice un total de ${this.money(total)} y sus registros suman ${this.money(lot.sum)}`);
    }
    this.lot = null;
    this.state = 'afterLot';
  }

  private fileControl(r: string, lineNo: number): void {
    if (this.state !== 'afterLot') {
      if (this.state === 'afterHeader') throw new AsobancariaProblem(lineNo, 'el archivo no tiene ningún lote (registro 05) antes de su control 09');
      this.outOfOrder('09', lineNo);
    }
    const f = new Fields(r, lineNo, 'control del archivo');
    const count = Number(f.digits(3, 11, 'el número de registros del archivo'));
    const total = f.amount(12, 29, 'el total del archivo');
    if (count !== this.records) {
      throw new AsobancariaProblem(lineNo, `el control del archivo dice ${plural(count, 'registro', 'registros')} de detalle y el archivo tiene ${this.records.toLocaleString('es-CO')}`);
    }
    if (total !== this.sum) {
      throw new AsobancariaProblem(lineNo, `el control del archivo dice un total de ${this.money(total)} y los registros de detalle suman ${this.money(this.sum)}`);
    }
    if (this.sum > MAX_SAFE) throw new AsobancariaProblem(lineNo, 'el total del archivo es demasiado grande para registrarlo');
    this.state = 'done';
  }

  /** hundredths (as in the file) → the currency's minor units; refuses cents a 0-decimal currency cannot hold */
  private toMinor(hundredths: bigint, lineNo?: number): number {
    if (this.decimals === 2) return Number(hundredths);
    if (hundredths % 100n !== 0n) {
      throw new AsobancariaProblem(lineNo ?? this.lastLine, `el valor ${this.money(hundredths)} tiene centavos y la moneda ${this.options.currency} no los usa`);
    }
    return Number(hundredths / 100n);
  }

  /** an amount of the file (hundredths) for a message */
  private money(hundredths: bigint): string {
    const { symbol } = CURRENCIES[this.options.currency];
    const whole = (hundredths / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    const cents = hundredths % 100n;
    // exact always: a 0-decimal currency shows cents only when the file has them
    return this.decimals === 0 && cents === 0n ? `${symbol} ${whole}` : `${symbol} ${whole},${cents.toString().padStart(2, '0')}`;
  }
}

/** The fields of one padded record, by 1-based inclusive positions. */
class Fields {
  constructor(
    private readonly record: string,
    private readonly lineNo: number,
    private readonly what: string,
  ) {}

  fail(from: number, to: number, message: string): never {
    throw new AsobancariaProblem(this.lineNo, `${message} (${this.what}, posiciones ${from}-${to})`);
  }

  text(from: number, to: number, _name: string): string {
    return this.record.slice(from - 1, to);
  }

  digits(from: number, to: number, name: string): string {
    const value = this.text(from, to, name);
    if (!DIGITS.test(value)) this.fail(from, to, value.trim() === '' ? `falta ${name}` : `${name} «${value}» debe ser numérico`);
    return value;
  }

  /** digits, or all blank ('' then) */
  optionalDigits(from: number, to: number, name: string): string {
    const value = this.text(from, to, name);
    if (value.trim() === '') return '';
    return this.digits(from, to, name);
  }

  amount(from: number, to: number, name: string): bigint {
    return BigInt(this.digits(from, to, name));
  }

  date(from: number, to: number, name: string): string {
    const value = this.digits(from, to, name);
    const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
    if (!isIsoDate(iso)) this.fail(from, to, `${name} «${value}» no es una fecha válida (AAAAMMDD)`);
    return iso;
  }
}

/** A line longer than this without a line end cannot be a record: refused without reading on. */
const MAX_PENDING_LINE = 64 * 1024;

/**
 * Reads a file from disk in chunks through the parser. Lines end at '\n' (an '\r' before it is
 * removed); bytes are read as Latin-1, so a position is a byte and any non-ASCII byte is refused.
 * Returns the file's summary; throws AsobancariaProblem.
 */
export async function readAsobancariaFile(
  filePath: string,
  options: ParserOptions & { afterChunk?: () => Promise<void> },
): Promise<AsobancariaFile> {
  const parser = new AsobancariaParser(options);
  let pending = '';
  let lineNo = 0;
  const stream = fs.createReadStream(filePath, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = pending + chunk.toString('latin1');
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        parser.line(text.slice(start, end), ++lineNo);
        start = end + 1;
      }
      pending = text.slice(start);
      if (pending.length > MAX_PENDING_LINE) {
        throw new AsobancariaProblem(lineNo + 1, `el registro tiene más de ${MAX_PENDING_LINE.toLocaleString('es-CO')} caracteres y un registro Asobancaria tiene ${RECORD_LENGTH}`);
      }
      if (options.afterChunk) await options.afterChunk();
    }
  } finally {
    stream.destroy();
  }
  if (pending !== '') parser.line(pending, ++lineNo);
  return parser.end();
}

/** The same reading for bytes in memory (tests, small files). */
export function parseAsobancaria(bytes: Buffer, options: ParserOptions): AsobancariaFile {
  const parser = new AsobancariaParser(options);
  const text = bytes.toString('latin1');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => parser.line(line, i + 1));
  return parser.end();
}
