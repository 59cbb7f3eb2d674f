/**
 * What every import must answer for any file, however broken: the checks shared by all importers
 * under fuzzing (CSV accounts and invoices today, the Asobancaria bank file later).
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/** The part of an import's answer the properties look at (ImportResult has it; a bank-file result should too). */
export interface ImportOutcome {
  committed: boolean;
  acceptable: boolean;
  fileError: string | null;
  errors: { line: number; column: string; message: string }[];
  rejectedCount: number;
  newCount: number;
  changedCount: number;
  unchangedCount: number;
}

const SPANISH_WORD =
  /[áéíóúñ¿¡]|\b(el|la|los|las|de|del|en|no|es|un|una|que|falta|línea|valor|debe|archivo|columna|cuenta|factura|tiene|parece|está|fecha|máximo|total)\b/i;
/** words a message in English or a leaked exception would carry */
const NOT_SPANISH =
  /\b(the|is|are|of|with|invalid|expected|received|cannot|undefined|NaN|failed|unexpected|constraint|SQLITE_\w+|TypeError|RangeError|Error:)\b|\[object |\.ts:\d+|\bat \w+ \(/;

/** Values quoted from the file («…») may hold anything: they are left out of the language check. */
const withoutQuotedValues = (message: string) => message.replace(/«[^»]*»/g, '«»');

/** Why a message is not one a clerk can read (empty, English, a leaked exception), or null. */
export function messageProblem(message: unknown): string | null {
  if (typeof message !== 'string' || message.trim() === '') return `mensaje vacío o no es texto: ${JSON.stringify(message)}`;
  const text = withoutQuotedValues(message);
  if (NOT_SPANISH.test(text)) return `mensaje que no parece español: «${message.slice(0, 160)}»`;
  if (!SPANISH_WORD.test(text)) return `mensaje sin ninguna palabra en español: «${message.slice(0, 160)}»`;
  return null;
}

/** Physical lines of a file as the importers count them (lines end at '\n'). */
export function physicalLines(bytes: Buffer): number {
  let n = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** The problems with an outcome that hold whatever the file was; [] when it is sound. */
export function outcomeProblems(outcome: ImportOutcome, bytes: Buffer): string[] {
  const problems: string[] = [];
  const lines = physicalLines(bytes);
  if (outcome.fileError !== null) {
    const p = messageProblem(outcome.fileError);
    if (p) problems.push(`fileError: ${p}`);
    const named = /\blínea (\d+)/.exec(outcome.fileError);
    if (named && (Number(named[1]) < 1 || Number(named[1]) > lines)) problems.push(`fileError nombra la línea ${named[1]} de ${lines}`);
  }
  let previous = 0;
  for (const e of outcome.errors) {
    if (!Number.isInteger(e.line) || e.line < 1 || e.line > lines) problems.push(`error en una línea imposible ${e.line} (el archivo tiene ${lines}): ${e.message}`);
    if (e.line < previous) problems.push(`errores fuera de orden: línea ${e.line} después de ${previous}`);
    previous = e.line;
    const p = messageProblem(e.message);
    if (p) problems.push(`línea ${e.line}: ${p}`);
    if (typeof e.column !== 'string') problems.push(`línea ${e.line}: columna que no es texto`);
  }
  const clean = outcome.fileError === null && outcome.errors.length === 0 && outcome.rejectedCount === 0;
  if (outcome.acceptable !== clean) problems.push(`acceptable=${outcome.acceptable} con ${outcome.errors.length} errores, ${outcome.rejectedCount} rechazados, fileError=${outcome.fileError}`);
  if (!outcome.acceptable && outcome.fileError === null && outcome.errors.length === 0) problems.push('rechazado sin decir por qué ni en qué línea');
  if (outcome.committed && !outcome.acceptable) problems.push('aplicado aunque no era aceptable');
  if (outcome.rejectedCount > 0 && outcome.errors.length === 0) problems.push(`${outcome.rejectedCount} rechazados sin ningún error listado`);
  for (const [name, value] of Object.entries({ new: outcome.newCount, changed: outcome.changedCount, unchanged: outcome.unchangedCount, rejected: outcome.rejectedCount })) {
    if (!Number.isInteger(value) || value < 0) problems.push(`conteo ${name} imposible: ${value}`);
  }
  return problems;
}

/** Rows of a table in a stable order, as one SHA-256 and a count. */
export async function tableFingerprint(db: Knex, table: string): Promise<string> {
  const rows = await db(table).orderBy('id');
  return `${rows.length}:${createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)}`;
}

/** Fingerprints of the tables an import may write: equal before and after means nothing was written. */
export async function fingerprint(db: Knex, tables: readonly string[]): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of tables) result[table] = await tableFingerprint(db, table);
  return result;
}
