/**
 * The company's SMTP settings. The password is sealed with the program's secret boxes (secrets.ts:
 * the operating system's key store in the desktop app, the key file of the data folder elsewhere) and
 * only the sealed value is stored; it never comes back to the screen.
 */
import type { Knex } from 'knex';
import type { Input, MailSecurity, MailSettingsView } from '../../../../shared/contract';
import type { BackOffice } from '../../context';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { retryingTransaction } from '../../db/dialect';
import { rule } from '../../errors';
import { runtimeOf } from '../../runtime';
import { describeSealer, openSecret, sealSecret, type SealedSecret } from '../../secrets';
import type { SmtpSettings } from './smtp';

interface SettingsRow {
  host: string;
  port: number;
  security: MailSecurity;
  username: string;
  password_sealed: string | null;
  from_address: string;
  from_name: string;
  ca_pem: string;
  updated_at: string;
}

async function settingsRow(db: Knex): Promise<SettingsRow | undefined> {
  return db('mail_settings').where({ id: 1 }).first();
}

function sealedOf(row: SettingsRow): SealedSecret | null {
  return row.password_sealed ? (JSON.parse(row.password_sealed) as SealedSecret) : null;
}

/** the saved password, opened; throws a Spanish error when this program cannot open it */
function openPassword(app: BackOffice, row: SettingsRow): string {
  const sealed = sealedOf(row);
  if (!sealed) return '';
  try {
    return openSecret(runtimeOf(app).secrets, sealed, 'la clave del correo');
  } catch {
    const by = Object.keys(sealed).map(describeSealer).join(' y ');
    throw rule(`Este equipo no puede abrir la clave del correo (está cifrada con ${by}): escríbala de nuevo en Administración › Correo.`);
  }
}

export async function getMailSettings(app: BackOffice): Promise<MailSettingsView> {
  const row = await settingsRow(app.db);
  const boxes = runtimeOf(app).secrets;
  const keptIn = boxes[0]?.description ?? '';
  if (!row) {
    return { configured: false, host: '', port: 587, security: 'starttls', username: '', hasPassword: false, passwordKeptIn: keptIn, passwordProblem: '', fromAddress: '', fromName: '', caPem: '', updatedAt: null };
  }
  let passwordProblem = '';
  try {
    openPassword(app, row);
  } catch (error) {
    passwordProblem = error instanceof Error ? error.message : String(error);
  }
  return {
    configured: true,
    host: row.host,
    port: Number(row.port),
    security: row.security,
    username: row.username,
    hasPassword: row.password_sealed !== null,
    passwordKeptIn: keptIn,
    passwordProblem,
    fromAddress: row.from_address,
    fromName: row.from_name,
    caPem: row.ca_pem,
    updatedAt: row.updated_at,
  };
}

export async function saveMailSettings(app: BackOffice, actor: Actor, input: Input<'mail.saveSettings'>): Promise<MailSettingsView> {
  const before = await settingsRow(app.db);
  let passwordSealed = before?.password_sealed ?? null;
  if (input.password !== undefined) passwordSealed = input.password === '' ? null : JSON.stringify(sealSecret(runtimeOf(app).secrets, input.password));
  const values = {
    host: input.host,
    port: input.port,
    security: input.security,
    username: input.username,
    password_sealed: passwordSealed,
    from_address: input.fromAddress,
    from_name: input.fromName,
    ca_pem: input.caPem,
    updated_by: actor.userId,
    updated_at: nowTimestamp(),
  };
  await retryingTransaction(app.db, async (trx) => {
    if (before) await trx('mail_settings').where({ id: 1 }).update(values);
    else await trx('mail_settings').insert({ id: 1, ...values });
    const shown = (r: Partial<SettingsRow> | undefined) =>
      r ? { host: r.host, port: Number(r.port), security: r.security, username: r.username, fromAddress: r.from_address, fromName: r.from_name, hasPassword: Boolean(r.password_sealed), hasCa: Boolean(r.ca_pem) } : null;
    await writeAudit(trx, actor, {
      action: 'mail.settings',
      entity: 'mail_settings',
      entityId: 1,
      before: shown(before),
      // the password is never audited, only whether it changed
      after: { ...shown(values as Partial<SettingsRow>), passwordChanged: input.password !== undefined },
    });
  });
  return getMailSettings(app);
}

/** the settings to send with, the password opened; a Spanish refusal when there are none */
export async function smtpSettings(app: BackOffice): Promise<SmtpSettings> {
  const row = await settingsRow(app.db);
  if (!row) throw rule('El correo saliente no está configurado: el administrador lo configura en Administración › Correo.');
  return {
    host: row.host,
    port: Number(row.port),
    security: row.security,
    username: row.username,
    password: openPassword(app, row),
    fromAddress: row.from_address,
    fromName: row.from_name,
    caPem: row.ca_pem,
  };
}
