/** Where the CLI writes: results to `out`, progress and errors to `err`. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** true when `err` is a terminal (progress may then rewrite its line) */
  errIsTty: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text),
  errIsTty: Boolean(process.stderr.isTTY),
};

/** A failure the CLI reports as `Error: <message>`; exit code 1, or 2 for a wrong command line. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usage = (message: string) => new CliError(`${message}. Use --help para ver los comandos.`, 2);

/** "1.234.567" */
export const count = (n: number) => n.toLocaleString('es-CO');

/** A plain text table with a header row; columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
