/** The company's settings for the exchange files (settings key 'exchange'), with defaults for those never set. */
import type { Knex } from 'knex';
import { DEFAULT_EXCHANGE_SETTINGS, exchangeSettingsFields, type ExchangeSettings } from '../../../../shared/contract';
import { writeAudit, type Actor } from '../../db/audit';

const KEY = 'exchange';

export async function getExchangeSettings(db: Knex): Promise<ExchangeSettings> {
  const row: { value_json: string } | undefined = await db('settings').where({ key: KEY }).first('value_json');
  if (!row) return DEFAULT_EXCHANGE_SETTINGS;
  const parsed = exchangeSettingsFields.safeParse({ ...DEFAULT_EXCHANGE_SETTINGS, ...JSON.parse(row.value_json) });
  return parsed.success ? parsed.data : DEFAULT_EXCHANGE_SETTINGS;
}

export async function saveExchangeSettings(db: Knex, actor: Actor, next: ExchangeSettings): Promise<ExchangeSettings> {
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
