import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { closeBackOffice, databaseFromEnvironment, openBackOffice } from '../backoffice';
import { PG_BACKUPS } from '../modules/backups/service';
import { defaultDbFile } from '../paths';
import * as commands from './commands';
import * as papers from './papers';
import * as pqr from './pqr';
import * as pqrReports from './pqr-reports';
import * as pettyCash from './petty-cash';
import * as invoicing from './invoicing';
import * as notices from './notices';
import * as printing from './printing';
import * as exchange from './exchange';
import { CliError, processIo, usage, type CliIo } from './output';
import { ACT_KINDS } from '../../../shared/contract';

type CommandSpec = (
  | { run: (ctx: commands.CommandContext) => Promise<void> }
  /** works on the file without opening (and migrating) it first */
  | { runOnFile: (ctx: commands.FileCommandContext) => Promise<void> }
) & {
  /** options this command accepts besides --db, --json and --help */
  options: string[];
  /** positional arguments after the command */
  args: number;
  /** may create a new database file (the others need an existing one) */
  createsDb?: boolean;
  /** only reads: the database is opened read-only, never migrated or created */
  readOnly?: boolean;
};

const COMMANDS: Record<string, CommandSpec> = {
  migrate: { run: commands.migrate, options: [], args: 0, createsDb: true },
  'seed-demo': { run: commands.seedDemo, options: ['accounts'], args: 0, createsDb: true },
  'import-accounts': { run: commands.importAccounts, options: ['dry-run'], args: 1 },
  'import-invoices': { run: commands.importInvoices, options: ['dry-run'], args: 1 },
  'import-bank': { run: commands.importBank, options: ['dry-run', 'office'], args: 1 },
  'users list': { run: commands.usersList, options: [], args: 0, readOnly: true },
  'users add': { run: commands.usersAdd, options: ['username', 'name', 'role', 'office', 'password'], args: 0 },
  'users reset-password': { run: commands.usersResetPassword, options: ['username', 'password'], args: 0 },
  backup: { run: commands.backup, options: ['out'], args: 0 },
  restore: { runOnFile: commands.restore, options: ['dry-run', 'accept-broken-chain'], args: 1, createsDb: true },
  'audit verify': { run: commands.auditVerify, options: [], args: 0, readOnly: true },
  'audit reconcile': { run: commands.auditReconcile, options: [], args: 0, readOnly: true },
  'paz-y-salvo': { run: papers.pazYSalvo, options: ['out'], args: 1 },
  'report recaudo': { run: papers.reportRecaudo, options: ['from', 'to', 'office', 'out'], args: 0 },
  'pqr due-date': { run: pqr.pqrDueDate, options: ['type', 'filed', 'office'], args: 0 },
  'report sui-formato-a': { run: pqrReports.suiFormatoA, options: ['month', 'office', 'out', 'header'], args: 0 },
  'petty-cash status': { run: pettyCash.status, options: ['office'], args: 0 },
  'petty-cash reimbursement-report': { run: pettyCash.reimbursementReport, options: ['fund', 'out'], args: 0 },
  'print-invoices': { run: invoicing.printInvoices, options: ['period', 'cycle', 'route', 'out', 'half-letter'], args: 0 },
  'notices generate': { run: notices.generate, options: ['kind', 'min-periods', 'min-debt', 'cycle', 'route', 'out'], args: 0 },
  'printers list': { run: printing.printersList, options: [], args: 0 },
  'export recaudo': { run: exchange.exportRecaudoCommand, options: ['date', 'office', 'format', 'out', 'reason'], args: 0 },
  ...Object.fromEntries(ACT_KINDS.map((kind) => [`export ${kind}`, { run: exchange.exportActCommand(kind), options: ['date', 'office', 'out'], args: 0 }])),
};

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  accounts: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'accept-broken-chain': { type: 'boolean' },
  username: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  office: { type: 'string' },
  password: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  type: { type: 'string' },
  filed: { type: 'string' },
  month: { type: 'string' },
  fund: { type: 'string' },
  period: { type: 'string' },
  cycle: { type: 'string' },
  route: { type: 'string' },
  'half-letter': { type: 'boolean' },
  header: { type: 'boolean' },
  kind: { type: 'string' },
  'min-periods': { type: 'string' },
  'min-debt': { type: 'string' },
  date: { type: 'string' },
  format: { type: 'string' },
  reason: { type: 'string' },
} as const;

export function helpText(): string {
  return `Ventanilla: herramienta de administración

Uso: npm run cli -- <comando> [opciones]

Comandos:
  migrate                          Crea la base de datos o la actualiza (copia de seguridad antes)
  seed-demo [--accounts N]         Carga una empresa de demostración con N cuentas (300 si no se indica)
  import-accounts <archivo.csv>    Importa cuentas del sistema de facturación
  import-invoices <archivo.csv>    Importa facturas del sistema de facturación
      --dry-run                    Solo valida el archivo: no guarda nada
  import-bank <archivo> [--office CÓDIGO]
                                   Importa un archivo de recaudo del banco (Asobancaria 2001): aplica
                                   los pagos que reconoce y deja los demás por identificar
                                   (--dry-run solo lo revisa; --office: oficina de los pagos)
  users list                       Lista los usuarios
  users add --username U --name "Nombre Apellido" --role ROL --office CÓDIGO [--password P]
                                   Crea un usuario; sin --password genera una y la muestra una sola vez
  users reset-password --username U [--password P]
                                   Restablece la contraseña (se pide cambiarla al ingresar)
  backup [--out <archivo>]         Copia de seguridad ahora, sin detener la aplicación
                                   (en la carpeta backups/ junto a la base de datos si no se da --out)
  restore <archivo>                Reemplaza la base de datos por una copia (una ruta, o el nombre de
                                   una copia de backups/): la revisa antes (también su auditoría),
                                   guarda la actual aparte, adelanta los consecutivos para no repetir
                                   ninguno y lista los números emitidos después de la copia
      --dry-run                    Solo dice qué pasaría: la revisión y los números que se perderían
      --accept-broken-chain        Restaura aunque la auditoría de la copia esté rota (administrador)
  audit verify                     Revisa la cadena de la auditoría contra sus anclas fuera del archivo
                                   (copias, cierres de caja, informes, archivo de anclas) y concilia
                                   saldos y cajas; nombra cada diferencia (solo lectura)
  audit reconcile                  Solo la conciliación: saldos de facturas y cobros, pagos, cajas y
                                   archivos del banco contra la auditoría (solo lectura)
  paz-y-salvo <cuenta> [--out <archivo.pdf>]
                                   Expide el certificado de paz y salvo de una cuenta sin deuda
                                   (si debe, dice cuánto y en qué, y no expide nada)
  report recaudo --from AAAA-MM-DD --to AAAA-MM-DD [--office CÓDIGO] --out <archivo.pdf|archivo.csv>
                                   Informe de recaudo por día, oficina, cajero y forma de pago
  pqr due-date --type TIPO --filed AAAA-MM-DD [--office CÓDIGO]
                                   Fecha de vencimiento de una PQR radicada ese día (en días hábiles
                                   del calendario de la oficina; la primera oficina si no se indica)
  report sui-formato-a --month AAAA-MM [--office CÓDIGO] [--header] --out <archivo.csv>
                                   Formato A del SUI (SSPD) del mes: lo radicado o respondido en el
                                   mes y lo que sigue pendiente
  petty-cash status --office CÓDIGO
                                   Estado de la caja menor abierta de la oficina
  petty-cash reimbursement-report --fund ID --out <archivo.pdf>
                                   Relación de gastos del reembolso pendiente (o del último) del fondo
  print-invoices --period AAAA-MM [--cycle C] [--route R] [--half-letter] --out <archivo.pdf>
                                   Facturas del periodo en orden de ruta (avance en la salida de errores)
  notices generate --kind suspension|persuasivo|prejuridico|juridico [--min-periods N] [--min-debt V]
                   [--cycle C] [--route R] --out <archivo.pdf>
                                   Genera avisos numerados para las cuentas que cumplen los criterios
  printers list                    Impresoras del sistema operativo
  export recaudo --date AAAA-MM-DD [--office CÓDIGO] --format asobancaria|csv|json --out <archivo>
                 [--reason "motivo"]
                                   Los pagos del día para el sistema comercial, una sola vez: numerados
                                   y registrados; repetido sin pagos nuevos, los mismos bytes; con pagos
                                   llegados después, un archivo complementario con el siguiente
                                   modificador (--reason: el motivo si quedan cajas abiertas del día)
  export novedades|acuerdos|ordenes|cobros|contactos|pqr-ajustes --date AAAA-MM-DD [--office CÓDIGO]
         --out <archivo.csv>
                                   Los demás actos del día en CSV (formatos en resources/samples/):
                                   reversos de pagos ya exportados, acuerdos y sus cuotas, resultados
                                   de órdenes, cobros, datos de contacto, ajustes por PQR; una sola vez

Opciones generales:
  --db <archivo>   Base de datos: un archivo SQLite o postgres://usuario:clave@servidor:5432/base
                   (si no se indica: VENTANILLA_DATABASE_URL, o la conexión guardada en
                   Administración › Base de datos, o ${defaultDbFile()})
  --json           Resultado en JSON por la salida estándar
  -h, --help       Muestra esta ayuda

Roles: cajero, auxiliar, gestor, coordinador, administrador.
Salida: 0 si todo salió bien; 1 con «Error: …» si la operación falló; 2 si el comando o una opción no existen.
`;
}

/** Node's parseArgs errors, in Spanish. */
function parseError(error: unknown): CliError {
  const code = (error as { code?: string }).code;
  const option = /'(-{1,2}[^' ]+)/.exec(error instanceof Error ? error.message : '')?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return usage(`Opción desconocida: ${option}`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return usage(`La opción ${option} necesita un valor`);
  return usage('Línea de comandos inválida');
}

function resolve(positionals: string[]): { name: string; spec: CommandSpec; args: string[] } {
  const [first, second, ...rest] = positionals;
  const groups: Record<string, string> = {
    users: 'Indique qué hacer con los usuarios: list, add o reset-password',
    audit: 'Indique qué hacer con la auditoría: verify o reconcile',
    report: 'Indique qué informe: recaudo o sui-formato-a',
    pqr: 'Indique qué hacer con las PQR: due-date',
    'petty-cash': 'Indique qué hacer con la caja menor: status o reimbursement-report',
    notices: 'Indique qué hacer con los avisos: generate',
    printers: 'Indique qué hacer con las impresoras: list',
    export: `Indique qué exportar: recaudo, ${ACT_KINDS.join(', ')}`,
  };
  if (groups[first]) {
    if (!second) throw usage(groups[first]);
    const name = `${first} ${second}`;
    if (!COMMANDS[name]) throw usage(`Comando desconocido: ${name}`);
    return { name, spec: COMMANDS[name], args: rest };
  }
  if (!COMMANDS[first]) throw usage(`Comando desconocido: ${first}`);
  return { name: first, spec: COMMANDS[first], args: positionals.slice(1) };
}

/** Runs one command line and returns the process exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw parseError(error);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.out(helpText());
      return 0;
    }
    if (positionals.length === 0) {
      io.err(helpText());
      return 2;
    }
    const { name, spec, args } = resolve(positionals);
    for (const [option, value] of Object.entries(values)) {
      if (value !== undefined && !['db', 'json'].includes(option) && !spec.options.includes(option)) {
        throw usage(`La opción --${option} no aplica a «${name}»`);
      }
    }
    if (args.length > spec.args) throw usage(`Sobra «${args[spec.args]}» en «${name}»`);

    const database = databaseFromEnvironment(values.db, defaultDbFile);
    const json = values.json === true;
    if (database.databaseUrl !== undefined) {
      if ('runOnFile' in spec) throw new CliError(`«${name}» trabaja sobre un archivo SQLite. ${PG_BACKUPS}`);
      const app = await openBackOffice({ ...database, readOnly: spec.readOnly });
      try {
        await spec.run({ app, io, json, options: values, args });
      } finally {
        await closeBackOffice(app);
      }
      return 0;
    }
    const { dbFile } = database;
    if (!spec.createsDb && !fs.existsSync(dbFile)) {
      throw new CliError(`No existe la base de datos ${dbFile}. Créela con «migrate» o «seed-demo», o indique otra con --db.`);
    }
    if ('runOnFile' in spec) {
      await spec.runOnFile({ dbFile, io, json, options: values, args });
      return 0;
    }
    const app = await openBackOffice({ dbFile, readOnly: spec.readOnly });
    try {
      await spec.run({ app, io, json, options: values, args });
    } finally {
      await closeBackOffice(app);
    }
    return 0;
  } catch (error) {
    const exitCode = error instanceof CliError ? error.exitCode : 1;
    const message = error instanceof Error ? error.message : String(error);
    io.err(`Error: ${message}\n`);
    return exitCode;
  }
}
