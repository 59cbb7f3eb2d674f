import type { Knex } from 'knex';
import { DEFAULT_SETTINGS, settingsFields, type Settings } from '../../../../shared/contract';
import { writeAudit, type Actor } from '../../db/audit';
import { forgetConfiguration, keptConfiguration } from '../../db/configCache';

/** The administrator's settings, with defaults for those never set; outside a transaction, kept for a few seconds per process (db/configCache.ts). */
export function getSettings(db: Knex): Promise<Settings> {
  return keptConfiguration(db, 'settings', readSettings);
}

async function readSettings(db: Knex): Promise<Settings> {
  const rows: { key: string; value_json: string }[] = await db('settings').select('key', 'value_json');
  // other modules keep their own keys in the same table (letters, noticePolicy…): only ours here
  const stored = Object.fromEntries(rows.filter((r) => r.key in settingsFields.shape).map((r) => [r.key, JSON.parse(r.value_json)]));
  const merged = { ...DEFAULT_SETTINGS, ...stored };
  const parsed = settingsFields.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export async function updateSettings(db: Knex, actor: Actor, next: Settings): Promise<Settings> {
  return db.transaction(async (trx) => {
    const before = await getSettings(trx);
    forgetConfiguration(trx);
    for (const [key, value] of Object.entries(next)) {
      await trx('settings').insert({ key, value_json: JSON.stringify(value) }).onConflict('key').merge();
    }
    await writeAudit(trx, actor, { action: 'settings.update', entity: 'settings', entityId: null, before, after: next });
    return next;
  });
}
