/** The company's settings for the exchange files (settings key 'exchange'), with defaults for those never set. */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { DEFAULT_EXCHANGE_SETTINGS, exchangeSettingsFields, type ExchangeSettings } from '../../../../shared/contract';
import { writeAudit, type Actor } from '../../db/audit';
import { invalid } from '../../errors';

const KEY = 'exchange';

export async function getExchangeSettings(db: Knex): Promise<ExchangeSettings> {
  const row: { value_json: string } | undefined = await db('settings').where({ key: KEY }).first('value_json');
  if (!row) return DEFAULT_EXCHANGE_SETTINGS;
  const parsed = exchangeSettingsFields.safeParse({ ...DEFAULT_EXCHANGE_SETTINGS, ...JSON.parse(row.value_json) });
  return parsed.success ? parsed.data : DEFAULT_EXCHANGE_SETTINGS;
}

/** Why a folder cannot take the files, in Spanish; null when it can (checked on save and on each delivery). */
export function folderProblem(folder: string): string | null {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(folder);
  } catch {
    return `La carpeta de entrega ${folder} no existe o no está disponible (¿la unidad de red está conectada?).`;
  }
  if (!stats.isDirectory()) return `${folder} es un archivo, no una carpeta de entrega.`;
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    return `No se puede escribir en la carpeta de entrega ${folder}: es de solo lectura o falta el permiso.`;
  }
  return null;
}

/**
 * What the schema cannot see: every office named exists (or is TODAS, for a folder), once per list,
 * and every folder exists and takes files. The first problem is refused, with its field.
 */
async function checkSettings(db: Knex, next: ExchangeSettings): Promise<void> {
  const codes = new Set(((await db('offices').select('code')) as { code: string }[]).map((o) => o.code.toUpperCase()));
  const lists = [
    { name: 'folders', rows: next.folders, all: true },
    { name: 'branches', rows: next.branches, all: false },
  ] as const;
  for (const { name, rows, all } of lists) {
    const seen = new Set<string>();
    for (const [i, row] of rows.entries()) {
      const code = row.officeCode.toUpperCase();
      if (!codes.has(code) && !(all && code === ALL_OFFICES)) throw invalid(`No hay una oficina con el código ${row.officeCode}.`, { [`${name}.${i}.officeCode`]: 'Oficina desconocida' });
      if (seen.has(code)) throw invalid(`La oficina ${row.officeCode} aparece dos veces.`, { [`${name}.${i}.officeCode`]: 'Repetida' });
      seen.add(code);
    }
  }
  for (const [i, { folder }] of next.folders.entries()) {
    if (!path.isAbsolute(folder)) throw invalid(`La carpeta de entrega ${folder} debe ser una ruta completa (p. ej. \\\\servidor\\recaudo o /mnt/recaudo).`, { [`folders.${i}.folder`]: 'Ruta completa' });
    const problem = folderProblem(folder);
    if (problem) throw invalid(problem, { [`folders.${i}.folder`]: 'No disponible' });
  }
}

export async function saveExchangeSettings(db: Knex, actor: Actor, next: ExchangeSettings): Promise<ExchangeSettings> {
  await checkSettings(db, next);
  return db.transaction(async (trx) => {
    const before = await getExchangeSettings(trx);
    await trx('settings').insert({ key: KEY, value_json: JSON.stringify(next) }).onConflict('key').merge();
    await writeAudit(trx, actor, { action: 'exchange.settings', entity: 'settings', entityId: KEY, before, after: next });
    return next;
  });
}

/** the office code whose folder takes the files of every office */
export const ALL_OFFICES = 'TODAS';

/** The delivery columns of a new export: 'pendiente' to its office's folder, or 'no_aplica' without one. */
export async function deliveryColumns(db: Knex, officeCode: string | null): Promise<{ delivery_state: string; delivery_path: string }> {
  const { folders } = await getExchangeSettings(db);
  const wanted = (officeCode ?? ALL_OFFICES).toUpperCase();
  const folder = folders.find((f) => f.officeCode.toUpperCase() === wanted)?.folder ?? '';
  return folder ? { delivery_state: 'pendiente', delivery_path: folder } : { delivery_state: 'no_aplica', delivery_path: '' };
}
