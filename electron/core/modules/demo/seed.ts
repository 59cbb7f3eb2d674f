/**
 * Demonstration data: a believable utility in Tunja with two offices, one user per role, Colombian
 * holidays, subscribers and six months of invoices, some in arrears. Offered by the first-start
 * wizard ("cargar datos de demostración") and by `npm run cli -- seed-demo`.
 */
import type { Knex } from 'knex';
import type { AccountStatus, DemoCredentials, Use } from '../../../../shared/contract';
import { addDays, todayIn, type IsoDate } from '../../../../shared/dates';
import { gs1CheckDigit, nitCheckDigit } from '../../../../shared/nit';
import type { Role } from '../../../../shared/roles';
import { normalizeForSearch } from '../../../../shared/text';
import { nowTimestamp } from '../../db/connection';
import { SYSTEM_ACTOR, writeAudit, type Actor } from '../../db/audit';
import { conflict, invalid } from '../../errors';
import { generatePassword } from '../auth/password';
import { seedNationalHolidays } from '../calendar/service';
import { insertOffice } from '../offices/service';
import { initialize } from '../setup/service';
import { insertUser } from '../users/service';
import { seedCashierSetup } from './cashier';
import { lateInterestLine, previousBalanceLine, serviceCharges, type ChargeLine } from './charges';
import { address, email, meterNumber, NEIGHBORHOODS, organisation, person, phone, type Neighborhood } from './people';
import { Random } from './random';

export const DEMO_TIME_ZONE = 'America/Bogota';
export const DEMO_SEED = 20_260_715;
export const DEMO_PERIODS = 6;
export const MAX_DEMO_ACCOUNTS = 50_000;

export interface DemoOptions {
  accounts: number;
  /** the same seed builds the same subscribers and invoices (passwords are always random) */
  seed?: number;
  /** "today" in Bogotá; the six periods end the month before */
  today?: IsoDate;
}

const NIT_BASE = '900734512';
const GLN_BASE = '770999812345';
const CITY = { city: 'Tunja', cityDane: '15001' };

const COMPANY = {
  name: 'Aguas del Altiplano S.A. E.S.P. (demostración)',
  nit: `${NIT_BASE}-${nitCheckDigit(NIT_BASE)}`,
  gln: `${GLN_BASE}${gs1CheckDigit(GLN_BASE)}`,
  country: 'CO' as const,
  currency: 'COP' as const,
  timeZone: DEMO_TIME_ZONE,
  logoDataUrl: '',
};

const OFFICES = [
  { code: 'CEN', name: 'Oficina Centro', ...CITY, address: 'Calle 19 # 9-35', phone: '6087423100', saturdayIsBusinessDay: false },
  { code: 'NOR', name: 'Oficina Norte', ...CITY, address: 'Avenida Norte # 49-60 Local 3', phone: '6087441820', saturdayIsBusinessDay: true },
];

const USERS: { username: string; fullName: string; role: Role; office: 'CEN' | 'NOR' }[] = [
  { username: 'admin', fullName: 'Claudia Patricia Rojas Niño', role: 'administrador', office: 'CEN' },
  { username: 'coordinador', fullName: 'Jorge Enrique Camargo Vargas', role: 'coordinador', office: 'CEN' },
  { username: 'auxiliar', fullName: 'Diana Marcela Pinzón Suárez', role: 'auxiliar', office: 'CEN' },
  { username: 'cajero', fullName: 'Andrés Felipe Becerra Ochoa', role: 'cajero', office: 'CEN' },
];

const USE_WEIGHTS: readonly (readonly [Use, number])[] = [
  ['residencial', 88],
  ['comercial', 8],
  ['industrial', 1],
  ['oficial', 2],
  ['especial', 1],
];

/** average m3 a month */
const MEAN_M3_BY_ESTRATO = [0, 9, 11, 13, 15, 18, 24];
const MEAN_M3_BY_USE: Record<Exclude<Use, 'residencial'>, number> = { comercial: 22, industrial: 140, oficial: 70, especial: 16 };

/** a row of a table, by column */
type DbRow = Record<string, string | number | null>;

interface AccountPlan {
  index: number;
  number: string;
  row: DbRow;
  use: Use;
  estrato: number | null;
  status: AccountStatus;
  cycle: number;
  /** trailing periods left unpaid: 0, or 2-4 for accounts in arrears */
  unpaid: number;
  meanM3: number;
  firstReading: number;
}

interface InvoicePlan {
  number: string;
  row: DbRow;
  lines: ChargeLine[];
}

/** 'YYYY-MM' moved by whole months */
function addMonths(period: string, months: number): string {
  const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function* planAccounts(r: Random, count: number, now: string): Generator<AccountPlan> {
  const nextSequence = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const hoodIndex = Math.floor(r.next() * NEIGHBORHOODS.length);
    const hood: Neighborhood = NEIGHBORHOODS[hoodIndex];
    const use = r.weighted(USE_WEIGHTS);
    const estrato = use === 'residencial' ? r.pick(hood.estratos) : null;
    const holder = use === 'residencial' ? person(r) : organisation(r, use, hood);
    const status = r.weighted<AccountStatus>([
      ['activo', 92],
      ['suspendido', 5],
      ['cortado', 3],
    ]);
    // Ley 142 art. 140: suspension after three unpaid monthly periods; a cut-off comes later
    const unpaid = status === 'cortado' ? 4 : status === 'suspendido' ? 3 : r.chance(0.06) ? 2 : 0;
    const cycle = String(hood.cycle).padStart(2, '0');
    const route = `${cycle}${String(hoodIndex + 1).padStart(2, '0')}`;
    const sequence = (nextSequence.get(route) ?? 0) + 10; // gaps of 10 leave room for new connections
    nextSequence.set(route, sequence);
    const addressText = address(r, hood, use);
    const number = String(1_000_001 + i);
    yield {
      index: i,
      number,
      use,
      estrato,
      status,
      cycle: hood.cycle,
      unpaid,
      meanM3: estrato ? MEAN_M3_BY_ESTRATO[estrato] : MEAN_M3_BY_USE[use as Exclude<Use, 'residencial'>],
      firstReading: r.int(150, 6_000),
      row: {
        number,
        holder_name: holder.holderName,
        id_type: holder.idType,
        id_number: holder.idNumber,
        address: addressText,
        neighborhood: hood.name,
        city_dane: CITY.cityDane,
        estrato,
        use,
        status,
        cycle,
        route,
        route_sequence: sequence,
        meter_number: meterNumber(r),
        phone: phone(r),
        email: email(r, holder),
        notice_address: '',
        credit_balance: 0,
        search_name: normalizeForSearch(holder.holderName),
        search_address: normalizeForSearch(addressText),
        created_at: now,
        updated_at: now,
      },
    };
  }
}

/**
 * Six monthly invoices per account, oldest first. Period P is read in P and issued early the next
 * month by cycle, due 18 days later. Paid invoices have balance 0; an account in arrears leaves its
 * last 2-4 invoices unpaid (balance = total), each later one charging interest on the earlier ones.
 * Each open invoice stands alone (a payment pays the oldest first), so "saldo anterior" appears only
 * where the bill before the arrears was paid in part and its remainder carried forward.
 */
function planInvoices(r: Random, account: AccountPlan, periods: string[], today: IsoDate, now: string): InvoicePlan[] {
  const invoices: InvoicePlan[] = [];
  let reading = account.firstReading;
  let overdue = 0;
  let lastTotal = 0;
  periods.forEach((period, k) => {
    const fromEnd = periods.length - k; // 1 for the last period
    const unpaid = fromEnd <= account.unpaid;
    const idle = (account.status === 'cortado' && fromEnd <= 2) || (account.status === 'suspendido' && fromEnd === 1);
    const consumption = idle ? 0 : Math.max(0, Math.round(account.meanM3 * (0.7 + 0.6 * r.next())));
    const lines = serviceCharges(account.use, account.estrato, consumption);
    if (unpaid && overdue > 0) lines.push(lateInterestLine(overdue));
    if (unpaid && fromEnd === account.unpaid && account.status !== 'activo' && lastTotal > 0 && r.chance(0.6)) {
      lines.push(previousBalanceLine(Math.round((lastTotal * r.int(20, 60)) / 100 / 100) * 100));
    }
    const total = lines.reduce((sum, l) => sum + l.amount, 0);

    const scheduled = addDays(`${addMonths(period, 1)}-01`, 1 + 2 * (account.cycle - 1));
    const issue = scheduled < today ? scheduled : today; // the current month's bills may not all be out yet
    const due = addDays(issue, 18);
    const paid = unpaid ? false : fromEnd > 1 ? true : r.chance(due >= today ? 0.35 : 0.88);
    if (unpaid) overdue += total;
    lastTotal = total;

    const number = `${period.replace('-', '')}${String(account.index + 1).padStart(6, '0')}`;
    invoices.push({
      number,
      lines,
      row: {
        number,
        period,
        issue_date: issue,
        due_date: due,
        suspension_date: addDays(due, 8),
        previous_reading: reading,
        current_reading: reading + consumption,
        consumption_m3: consumption,
        payment_reference: number,
        total,
        balance: paid ? 0 : total,
        // paid before the back office: what it owed when it came in (the reconciliation's base)
        opening_balance: paid ? 0 : total,
        created_at: now,
        updated_at: now,
      },
    });
    reading += consumption;
  });
  return invoices;
}

/** SQLite allows 32,766 host parameters per statement in this build; stay well under. */
const MAX_PARAMETERS = 30_000;

/**
 * One multi-row `INSERT … VALUES (…), (…)` per batch: knex's SQLite builder writes `UNION ALL SELECT`
 * blocks instead, which SQLite caps at 500 rows. Plain VALUES lists work on PostgreSQL as well.
 */
async function insertMany(trx: Knex.Transaction, table: string, rows: DbRow[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const perBatch = Math.floor(MAX_PARAMETERS / columns.length);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    const bindings: Knex.RawBinding[] = [];
    for (const row of batch) for (const column of columns) bindings.push(row[column]);
    const sql = `insert into ?? (${columns.map(() => '??').join(', ')}) values ${batch.map(() => tuple).join(', ')}`;
    await trx.raw(sql, [table, ...columns, ...bindings]);
  }
}

/** number → id of the rows just inserted (found by their numbers, which works on any database) */
async function idsByNumber(trx: Knex.Transaction, table: 'accounts' | 'invoices', numbers: string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < numbers.length; i += 5_000) {
    const rows: { id: number; number: string }[] = await trx(table).whereIn('number', numbers.slice(i, i + 5_000)).select('id', 'number');
    for (const r of rows) ids.set(r.number, r.id);
  }
  return ids;
}

/** Subscribers are planned and written this many at a time, so memory stays small for any size. */
const ACCOUNTS_PER_BATCH = 1_000;

/**
 * Writes the subscribers and their invoices. Accounts and invoices draw from two random streams, so
 * the data depends only on the seed, not on the batch size.
 */
async function insertAccountsAndInvoices(
  trx: Knex.Transaction,
  options: { accounts: number; seed: number; periods: string[]; today: IsoDate },
): Promise<{ invoices: number; lines: number }> {
  const now = nowTimestamp();
  const planner = planAccounts(new Random(options.seed), options.accounts, now);
  const invoiceRandom = new Random(options.seed ^ 0x5bd1e995);
  let invoices = 0;
  let lines = 0;
  for (;;) {
    const batch: AccountPlan[] = [];
    for (let next = planner.next(); !next.done; next = planner.next()) {
      batch.push(next.value);
      if (batch.length === ACCOUNTS_PER_BATCH) break;
    }
    if (batch.length === 0) break;
    await insertMany(trx, 'accounts', batch.map((a) => a.row));
    const accountIds = await idsByNumber(trx, 'accounts', batch.map((a) => a.number));
    const planned = batch.map((a) => ({ accountId: accountIds.get(a.number) as number, invoices: planInvoices(invoiceRandom, a, options.periods, options.today, now) }));
    const invoiceRows: DbRow[] = planned.flatMap((p) => p.invoices.map((inv) => ({ account_id: p.accountId, ...inv.row })));
    await insertMany(trx, 'invoices', invoiceRows);
    const invoiceIds = await idsByNumber(trx, 'invoices', planned.flatMap((p) => p.invoices.map((inv) => inv.number)));
    const lineRows: DbRow[] = planned.flatMap((p) =>
      p.invoices.flatMap((inv) =>
        inv.lines.map((l, n) => ({
          invoice_id: invoiceIds.get(inv.number) as number,
          line_no: n + 1,
          concept: l.concept,
          quantity: l.quantity,
          unit_value: l.unitValue,
          amount: l.amount,
        })),
      ),
    );
    await insertMany(trx, 'invoice_lines', lineRows);
    invoices += invoiceRows.length;
    lines += lineRows.length;
  }
  return { invoices, lines };
}

/**
 * Builds the demonstration company in one transaction and returns the users' passwords, which are
 * shown once and never stored in clear. Refused once a company exists.
 */
export async function seedDemo(db: Knex, options: DemoOptions): Promise<DemoCredentials> {
  const { accounts, seed = DEMO_SEED } = options;
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > MAX_DEMO_ACCOUNTS) {
    throw invalid(`El número de cuentas de demostración debe estar entre 1 y ${MAX_DEMO_ACCOUNTS.toLocaleString('es-CO')}`);
  }
  if (await db('company').first('id')) throw conflict('La empresa ya está configurada');

  const today = options.today ?? todayIn(DEMO_TIME_ZONE);
  const lastPeriod = addMonths(today.slice(0, 7), -1);
  const periods = Array.from({ length: DEMO_PERIODS }, (_, k) => addMonths(lastPeriod, k - DEMO_PERIODS + 1));
  const users = USERS.map((u) => ({ ...u, password: generatePassword() }));
  const actor: Actor = { ...SYSTEM_ACTOR, name: 'datos de demostración' };

  await db.transaction(async (trx) => {
    const [admin, ...others] = users;
    const { officeId: centro } = await initialize(trx, {
      company: COMPANY,
      office: OFFICES[0],
      admin: { username: admin.username, fullName: admin.fullName, password: admin.password },
    });
    const norte = await insertOffice(trx, actor, OFFICES[1]);
    const officeIds = { CEN: centro, NOR: norte.id };
    for (const u of others) {
      await insertUser(trx, actor, { username: u.username, fullName: u.fullName, role: u.role, password: u.password, officeId: officeIds[u.office] });
    }
    const year = Number(today.slice(0, 4));
    await seedNationalHolidays(trx, COMPANY.country, year - 1, year + 2);
    const written = await insertAccountsAndInvoices(trx, { accounts, seed, periods, today });
    const cashier = await seedCashierSetup(trx, [centro, norte.id]);
    await writeAudit(trx, actor, { action: 'demo.seed', entity: 'company', entityId: 1, after: { seed, accounts, periods, ...written, ...cashier } });
  });

  return { users: users.map(({ username, password, role, fullName }) => ({ username, password, role, fullName })) };
}
