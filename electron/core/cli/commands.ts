import fs from 'node:fs';
import path from 'node:path';
import type { BankFileSummary, HandlerName, ImportKind, ImportResult, Input, LostNumbers, Output, UserRow } from '../../../shared/contract';
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/roles';
import { formatDate, formatDateTime } from '../../../shared/dates';
import { formatMoney } from '../../../shared/money';
import { AppError } from '../errors';
import type { BackOffice } from '../context';
import type { MigrateResult } from '../db/migrate';
import { SYSTEM_ACTOR } from '../db/audit';
import { backupsDir } from '../db/backup';
import { dispatch } from '../dispatch';
import { generatePassword } from '../modules/auth/password';
import { PG_BACKUPS, createManualBackup, previewFileRestore, restoreDatabaseFile } from '../modules/backups/service';
import { lostLines } from '../modules/backups/numbers';
import { auditTargetOf, checkAudit } from '../modules/audit/verify';
import { reconcile } from '../modules/audit/reconcile';
import { CliError, count, table, type CliIo } from './output';

/** A command that works on the database file itself, without opening the back office (restore). */
export interface FileCommandContext {
  dbFile: string;
  io: CliIo;
  json: boolean;
  options: Record<string, string | boolean | undefined>;
  args: string[];
}

export interface CommandContext {
  app: BackOffice & { migration: MigrateResult };
  io: CliIo;
  json: boolean;
  /** option values by name (strings; booleans for flags) */
  options: Record<string, string | boolean | undefined>;
  /** what follows the command (and its subcommand) */
  args: string[];
}

/** Calls a handler through the one dispatcher, as the CLI door (administrator, audit actor 'cli'). */
export async function call<N extends HandlerName>(app: BackOffice, name: N, args: Input<N>): Promise<Output<N>> {
  const result = await dispatch<N>(app, name, args, { door: 'cli' });
  if (!result.ok) throw new CliError(result.error.message);
  return result.data;
}

export function print(ctx: CommandContext, data: unknown, human: string): void {
  ctx.io.out(ctx.json ? JSON.stringify(data, null, 2) : human);
}

export function required(ctx: CommandContext, name: string): string {
  const value = ctx.options[name];
  if (typeof value !== 'string' || value.trim() === '') throw new CliError(`Falta la opción --${name}`, 2);
  return value.trim();
}

export const optional = (ctx: CommandContext, name: string): string | undefined => {
  const value = ctx.options[name];
  return typeof value === 'string' ? value : undefined;
};

export async function migrate(ctx: CommandContext): Promise<void> {
  const { applied, backupFile, schemaVersion } = ctx.app.migration;
  const lines = [`Base de datos: ${ctx.app.dbFile ?? 'PostgreSQL'}`];
  if (applied.length === 0) lines.push(`Ya estaba al día (versión ${schemaVersion}).`);
  else lines.push(`Migraciones aplicadas: ${applied.join(', ')}`, `Versión del esquema: ${schemaVersion}`);
  if (backupFile) lines.push(`Copia de seguridad previa: ${backupFile}`);
  print(ctx, { dbFile: ctx.app.dbFile, applied, backupFile, schemaVersion }, lines.join('\n'));
}

export async function seedDemo(ctx: CommandContext): Promise<void> {
  const text = optional(ctx, 'accounts') ?? '300';
  if (!/^\d+$/.test(text)) throw new CliError(`--accounts debe ser un número entero: «${text}»`, 2);
  const { users } = await call(ctx.app, 'setup.loadDemo', { accounts: Number(text) });
  const [accounts, invoices] = await Promise.all(
    ['accounts', 'invoices'].map(async (t) => Number((await ctx.app.db(t).count<{ n: number }[]>({ n: '*' }))[0].n)),
  );
  const human = [
    `Datos de demostración cargados en ${ctx.app.dbFile ?? 'PostgreSQL'}: ${count(accounts)} cuentas y ${count(invoices)} facturas.`,
    '',
    'Usuarios. Anote las contraseñas: no se volverán a mostrar.',
    table(
      ['Usuario', 'Rol', 'Nombre', 'Contraseña'],
      users.map((u) => [u.username, ROLE_LABELS[u.role as Role] ?? u.role, u.fullName, u.password]),
    ),
  ].join('\n');
  print(ctx, { users, accounts, invoices }, human);
}

function summary(result: ImportResult, dryRun: boolean): string {
  const lines = [
    `Archivo: ${result.fileName} (${result.encoding}, separador «${result.separator}»)`,
    `Filas leídas: ${count(result.rows)}`,
    `Nuevas: ${count(result.newCount)} · Modificadas: ${count(result.changedCount)} · Sin cambios: ${count(result.unchangedCount)} · Rechazadas: ${count(result.rejectedCount)}`,
  ];
  for (const e of result.errors.slice(0, 50)) {
    lines.push(`  Línea ${e.line}${e.column ? `, columna «${e.column}»` : ''}: ${e.message}`);
  }
  const more = result.rejectedCount - Math.min(result.errors.length, 50);
  if (more > 0) lines.push(`  … y ${count(more)} errores más.`);
  if (result.committed) lines.push(result.batchId === null ? 'No había cambios: no se guardó nada.' : `Importación guardada (lote ${result.batchId}).`);
  else if (dryRun && result.acceptable) lines.push('Prueba sin guardar (--dry-run): el archivo se puede importar.');
  return lines.join('\n');
}

function importCommand(kind: ImportKind) {
  return async (ctx: CommandContext): Promise<void> => {
    const [file] = ctx.args;
    if (!file) throw new CliError('Indique el archivo CSV a importar', 2);
    const filePath = path.resolve(file);
    if (!fs.existsSync(filePath) || !fs.statSync(filePath).isFile()) throw new CliError(`No se encuentra el archivo ${filePath}`);
    const dryRun = ctx.options['dry-run'] === true;
    let lastReport = Date.now();
    const onProgress = (rowsRead: number) => {
      if (Date.now() - lastReport < 1000) return;
      lastReport = Date.now();
      ctx.io.err(ctx.io.errIsTty ? `\r${count(rowsRead)} filas leídas…` : `${count(rowsRead)} filas leídas…\n`);
    };
    const { importFile } = await import('../modules/imports/service'); // loaded only by the import commands
    const result = await importFile(ctx.app, { ...SYSTEM_ACTOR, name: 'cli' }, kind, filePath, { commit: !dryRun, onProgress });
    if (ctx.io.errIsTty) ctx.io.err('\r\x1b[K');
    print(ctx, result, summary(result, dryRun));
    if (result.fileError) throw new CliError(result.fileError);
    if (!result.acceptable) {
      const rows = result.rejectedCount === 1 ? 'una fila rechazada' : `${count(result.rejectedCount)} filas rechazadas`;
      throw new CliError(`El archivo tiene ${rows}; no se importó nada.`);
    }
  };
}

export const importAccounts = importCommand('accounts');
export const importInvoices = importCommand('invoices');

function bankFileSummary(s: BankFileSummary): string {
  const lines = [
    `Archivo: ${s.fileName} — ${s.bankName} (${s.bankCode}), cuenta ${s.accountNumber}`,
    `Recaudo del ${formatDate(s.collectionDate)} (archivo del ${formatDate(s.fileDate)} ${s.fileTime}, modificador ${s.modifier})`,
    `Lotes: ${count(s.lots)} · Pagos: ${count(s.records)} · Total: ${formatMoney(s.total, s.currency)}`,
    `Aplicados a cuentas: ${count(s.matchedCount)} (${formatMoney(s.matchedAmount, s.currency)}) · Por identificar: ${count(s.unidentifiedCount)} (${formatMoney(s.unidentifiedAmount, s.currency)})`,
  ];
  if (s.billerNitMatches === false) {
    lines.push(`El NIT del recaudador en el archivo (${s.billerNit}) no es el de la empresa: ningún pago se aplica, todos quedan por identificar.`);
  }
  return lines.join('\n');
}

/** `import-bank <archivo> [--dry-run] [--office COD]`: a bank collection file (Asobancaria 2001). */
export async function importBank(ctx: CommandContext): Promise<void> {
  const [file] = ctx.args;
  if (!file) throw new CliError('Indique el archivo del banco (Asobancaria 2001) a importar', 2);
  const filePath = path.resolve(file);
  if (!fs.existsSync(filePath) || !fs.statSync(filePath).isFile()) throw new CliError(`No se encuentra el archivo ${filePath}`);
  const { commitBankFile, previewBankFile } = await import('../modules/bankfiles/service'); // loaded only by this command
  if (ctx.options['dry-run'] === true) {
    const preview = await previewBankFile(ctx.app, filePath);
    if (!preview.ok) {
      const reason = `Línea ${preview.problem.line}: ${preview.problem.message}. El archivo no se puede importar.`;
      if (ctx.json) ctx.io.out(JSON.stringify(preview, null, 2));
      throw new CliError(reason);
    }
    const { summary } = preview;
    print(ctx, preview, `${bankFileSummary(summary)}\n${summary.duplicate ? 'Este archivo ya fue importado: no se aplicaría de nuevo.' : 'Prueba sin guardar (--dry-run): el archivo se puede importar.'}`);
    if (summary.duplicate) throw new CliError('Este archivo ya fue importado.');
    return;
  }
  try {
    const result = await commitBankFile(ctx.app, CLI_ACTOR, filePath, { officeCode: optional(ctx, 'office') });
    print(ctx, result, `${bankFileSummary(result.summary)}\nArchivo aplicado (n.º ${result.bankFileId}).`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (ctx.json) ctx.io.out(JSON.stringify({ ok: false, error: error.toApiError() }, null, 2));
    throw new CliError(error.message);
  }
}

async function findUser(app: BackOffice, username: string): Promise<UserRow> {
  const user = (await call(app, 'users.list', {})).find((u) => u.username === username.toLowerCase());
  if (!user) throw new CliError(`No existe el usuario «${username}»`);
  return user;
}

const passwordNotice = 'Anótela: no se volverá a mostrar. Deberá cambiarla al ingresar.';

export async function usersList(ctx: CommandContext): Promise<void> {
  const users = await call(ctx.app, 'users.list', {});
  const { timeZone } = await call(ctx.app, 'company.get', {});
  const human =
    users.length === 0
      ? 'No hay usuarios.'
      : table(
          ['Usuario', 'Nombre', 'Rol', 'Oficina', 'Activo', 'Último ingreso'],
          users.map((u) => [u.username, u.fullName, ROLE_LABELS[u.role], u.officeName, u.active ? 'sí' : 'no', u.lastLoginAt ? formatDateTime(u.lastLoginAt, timeZone) : '—']),
        );
  print(ctx, users, human);
}

export async function usersAdd(ctx: CommandContext): Promise<void> {
  const username = required(ctx, 'username');
  const fullName = required(ctx, 'name');
  const role = required(ctx, 'role').toLowerCase();
  const officeCode = required(ctx, 'office').toUpperCase();
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new CliError(`Rol desconocido «${role}»: use ${ROLES.slice(0, -1).join(', ')} o ${ROLES[ROLES.length - 1]}`);
  }
  const offices = await call(ctx.app, 'offices.list', {});
  const office = offices.find((o) => o.code === officeCode);
  if (!office) {
    const known = offices.map((o) => o.code).join(', ');
    throw new CliError(`No existe la oficina «${officeCode}»${known ? `. Oficinas: ${known}` : ''}`);
  }
  const given = optional(ctx, 'password');
  const password = given ?? generatePassword();
  const user = await call(ctx.app, 'users.create', { username, fullName, role: role as Role, officeId: office.id, password });
  const human = [`Usuario creado: ${user.username} (${ROLE_LABELS[user.role]}, ${user.officeName}).`];
  if (!given) human.push(`Contraseña: ${password}`, passwordNotice);
  print(ctx, given ? { user } : { user, password }, human.join('\n'));
}

export async function usersResetPassword(ctx: CommandContext): Promise<void> {
  const user = await findUser(ctx.app, required(ctx, 'username'));
  const given = optional(ctx, 'password');
  const password = given ?? generatePassword();
  await call(ctx.app, 'users.resetPassword', { userId: user.id, newPassword: password });
  const human = [`Contraseña de ${user.username} restablecida.`];
  if (!given) human.push(`Contraseña nueva: ${password}`);
  human.push(given ? 'Deberá cambiarla al ingresar.' : passwordNotice);
  print(ctx, given ? { username: user.username, reset: true } : { username: user.username, reset: true, password }, human.join('\n'));
}

const CLI_ACTOR = { ...SYSTEM_ACTOR, name: 'cli' };

/** "868 kB", "12,3 MB" */
function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${count(Math.max(1, Math.round(bytes / 1024)))} kB`;
  return `${(bytes / 1024 / 1024).toLocaleString('es-CO', { maximumFractionDigits: 1 })} MB`;
}

/** "350 ms", "2,4 s" */
function duration(ms: number): string {
  return ms < 1000 ? `${count(Math.round(ms))} ms` : `${(ms / 1000).toLocaleString('es-CO', { maximumFractionDigits: 1 })} s`;
}

export async function backup(ctx: CommandContext): Promise<void> {
  if (ctx.app.dbFile === null) throw new CliError(PG_BACKUPS);
  const dbFile = ctx.app.dbFile;
  const out = optional(ctx, 'out');
  const started = Date.now();
  let file: string;
  if (out) {
    file = path.resolve(out);
    await createManualBackup(ctx.app, CLI_ACTOR, file);
  } else {
    file = path.join(backupsDir(dbFile), (await call(ctx.app, 'backups.create', {})).file);
  }
  const bytes = fs.statSync(file).size;
  const ms = Date.now() - started;
  print(ctx, { file, bytes, ms }, `Copia de seguridad hecha: ${file} (${size(bytes)}, en ${duration(ms)}).`);
}

export async function restore(ctx: FileCommandContext): Promise<void> {
  const [given] = ctx.args;
  if (!given) throw new CliError('Indique el archivo de la copia a restaurar', 2);
  // a path, or the name of a copy in the backups folder
  let source = path.resolve(given);
  const inFolder = path.join(backupsDir(ctx.dbFile), given);
  if (!fs.existsSync(source) && path.basename(given) === given && fs.existsSync(inFolder)) source = inFolder;
  if (ctx.options['dry-run'] === true) {
    const preview = await previewFileRestore(ctx.dbFile, source);
    const lines = [
      `Revisión de ${preview.file}:`,
      ...preview.chain.summary,
      ...preview.chain.problems.map((p) => `PROBLEMA: ${p}`),
      ...numbersLines(preview.lost),
      'No se restauró nada (--dry-run).',
    ];
    ctx.io.out(ctx.json ? JSON.stringify(preview, null, 2) : lines.join('\n'));
    return;
  }
  const result = await restoreDatabaseFile(ctx.dbFile, source, CLI_ACTOR, { acceptBrokenChain: ctx.options['accept-broken-chain'] === true });
  const lines = [
    `Copia restaurada: ${result.restored}`,
    result.fromVersion === result.schemaVersion
      ? `Versión del esquema: ${result.schemaVersion}.`
      : `La copia tenía el esquema ${result.fromVersion}; quedó actualizada al ${result.schemaVersion}.`,
    result.keptAside ? `La base de datos anterior quedó en ${path.join(backupsDir(ctx.dbFile), result.keptAside)}` : 'No había base de datos anterior.',
    ...(result.brokenChainAccepted ? ['La auditoría de la copia estaba rota y se restauró porque se indicó --accept-broken-chain.'] : []),
    ...numbersLines(result.lost),
    'Si la aplicación estaba abierta, ciérrela y ábrala de nuevo: todos deben ingresar otra vez.',
  ];
  ctx.io.out(ctx.json ? JSON.stringify({ dbFile: ctx.dbFile, ...result }, null, 2) : lines.join('\n'));
}

/** the numbers issued after the copy, by kind; they stay used (the counters go on after them) */
function numbersLines(lost: LostNumbers[]): string[] {
  if (lost.length === 0) return ['Ningún consecutivo se emitió después de la copia.'];
  return [
    'Números emitidos después de la copia, que ya no están en la base de datos (regístrelos de nuevo; no se volverán a emitir):',
    ...lostLines(lost).map((line) => `  ${line}`),
  ];
}

export async function auditVerify(ctx: CommandContext): Promise<void> {
  const result = await checkAudit(auditTargetOf(ctx.app));
  ctx.io.out(ctx.json ? JSON.stringify(result, null, 2) : result.summary.join('\n'));
  if (!result.ok) throw new CliError(result.problems.join('\n'));
}

export async function auditReconcile(ctx: CommandContext): Promise<void> {
  const result = await reconcile(ctx.app.db);
  const { invoices, charges, payments, sessions, movements, bankFiles } = result.checked;
  const checked = `${count(invoices)} facturas, ${count(charges)} cobros, ${count(payments)} pagos, ${count(sessions)} turnos de caja, ${count(movements)} movimientos de efectivo y ${count(bankFiles)} archivos del banco`;
  ctx.io.out(ctx.json ? JSON.stringify(result, null, 2) : result.ok ? `Conciliación: ${checked} cuadran con sus pagos y con la auditoría.` : `Conciliación de ${checked}:`);
  if (!result.ok) throw new CliError([...result.issues.map((i) => i.message), ...(result.more > 0 ? [`…y ${count(result.more)} diferencias más.`] : [])].join('\n'));
}
