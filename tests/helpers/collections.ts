/**
 * A telecobro office for the collections tests: the clock on a Monday morning in Bogotá, a coordinator
 * and two gestores, and accounts that owe with a chosen age, written straight to the database.
 *
 *   const w = await telecobroOffice();                  // Monday 9 March 2026, 10:00 in Bogotá
 *   const a = await debtor(w, '100001', [{ due: '2026-02-20', total: 80_000 }], { phone: '3104528871' });
 *
 * Dates (checked on a printed calendar): Monday 9 March 2026; Monday 23 March is San José (moved).
 * The clock is Vitest's fake Date, so "today" follows it; `at(…)` moves it (sessions idle up to 30 days here).
 */
import { randomUUID } from 'node:crypto';
import { vi } from 'vitest';
import type { Input, Output } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { zonedInstant } from '../../shared/contactRules';
import { SessionStore } from '../../electron/core/modules/auth/sessions';
import { ADMIN, createInitializedBackOffice, loginAs, type TestBackOffice } from './backoffice';
import { insertAccount, insertInvoice } from './accounts';

export type Office = TestBackOffice & { adminToken: string; officeId: number };

export const MONDAY = '2026-03-09';

/** moves the clock to a local time of Bogotá ('2026-03-09 10:00') */
export function at(local: string): void {
  vi.setSystemTime(new Date(zonedInstant(local.slice(0, 10), local.slice(11, 16), 'America/Bogota')));
}

export interface Telecobro extends Office {
  coordinator: string;
  gestorA: string;
  gestorB: string;
  gestorAId: number;
  gestorBId: number;
  coordinatorId: number;
}

export async function telecobroOffice(options: { contractAuthorises?: boolean } = {}): Promise<Telecobro> {
  vi.useFakeTimers({ toFake: ['Date'] });
  at(`${MONDAY} 10:00`);
  const t = await createInitializedBackOffice();
  // the tests move the clock by days: sessions that outlive a 12-hour idle (a week of telecobro)
  t.app.sessions = new SessionStore(30 * 24 * 60 * 60 * 1000);
  // nor the server's idle lock (the company's setting, at most 240 minutes, is re-read at every login)
  t.app.sessions.setIdleLockMinutes(30 * 24 * 60);
  t.app.sessions.setIdleLockMinutes = () => undefined;
  t.adminToken = (await t.ok('auth.login', { username: ADMIN.username, password: ADMIN.password })).token;
  const coordinator = await loginAs(t, 'coordinador', 'coordinadora');
  const gestorA = await loginAs(t, 'gestor', 'gestora.ana');
  const gestorB = await loginAs(t, 'gestor', 'gestor.beto');
  const ids = async (username: string) => Number((await t.app.db('users').where({ username }).first('id')).id);
  if (options.contractAuthorises !== false) {
    const settings = await t.ok('collections.settings', {}, t.adminToken);
    await t.ok('collections.savePolicy', { ...settings.policy, contractDataAuthorised: true }, t.adminToken);
  }
  return Object.assign(t, { coordinator, gestorA, gestorB, gestorAId: await ids('gestora.ana'), gestorBId: await ids('gestor.beto'), coordinatorId: await ids('coordinadora') });
}

export interface DebtorOptions {
  phone?: string;
  email?: string;
  cycle?: string;
  route?: string;
  use?: string;
  estrato?: number | null;
  holderName?: string;
}

/** an account with one invoice per item (balance = total unless given), due on the dates given */
export async function debtor(t: TestBackOffice, number: string, invoices: { due: string; total: number; balance?: number }[], options: DebtorOptions = {}): Promise<{ accountId: number; invoiceIds: number[] }> {
  const accountId = await insertAccount(t.app.db, { number, holderName: options.holderName ?? `TITULAR ${number}` });
  await t.app.db('accounts')
    .where({ id: accountId })
    .update({
      phone: options.phone ?? '',
      email: options.email ?? '',
      cycle: options.cycle ?? '1',
      route: options.route ?? '01',
      use: options.use ?? 'residencial',
      estrato: options.estrato === undefined ? 2 : options.estrato,
    });
  const invoiceIds: number[] = [];
  for (const [i, inv] of invoices.entries()) {
    invoiceIds.push(await insertInvoice(t.app.db, accountId, { number: `${number}-${i + 1}`, period: inv.due.slice(0, 7), dueDate: inv.due, total: inv.total, balance: inv.balance }));
  }
  return { accountId, invoiceIds };
}

export function key(): string {
  return randomUUID().replace(/-/g, '');
}

/** a refusal's code and Spanish message (never only ok === false) */
export function refusal<T>(result: Result<T>): { code: string; message: string } {
  if (result.ok) throw new Error(`se esperaba un rechazo y se obtuvo ${JSON.stringify(result.data).slice(0, 200)}`);
  return { code: result.error.code, message: result.error.message };
}

/** a campaign of these criteria for these gestores, launched by the coordinator */
export async function launch(w: Telecobro, criteria: Input<'collections.launchCampaign'>['criteria'], gestorIds: number[], name = 'Campaña de prueba', distribution: 'deuda' | 'ruta' = 'deuda'): Promise<Output<'collections.launchCampaign'>> {
  return w.ok('collections.launchCampaign', { idempotencyKey: key(), name, criteria, gestorIds, distribution }, w.coordinator);
}

/** the commercial system's phone of an account, as the desk offers it (no id yet) */
export async function contractPhone(w: TestBackOffice, token: string, accountId: number): Promise<string> {
  const desk = await w.ok('collections.desk', { accountId }, token);
  const phone = desk.contactPoints.find((p) => p.kind === 'telefono' && p.id === null);
  if (!phone) throw new Error('la cuenta no tiene teléfono del sistema comercial');
  return phone.value;
}

/** an outgoing call to the account's commercial phone with an outcome */
export async function call(w: TestBackOffice, token: string, accountId: number, outcome: string, extra: Partial<Input<'collections.recordContact'>> = {}): Promise<Output<'collections.recordContact'>> {
  return w.ok(
    'collections.recordContact',
    { idempotencyKey: key(), accountId, channel: 'llamada', direction: 'saliente', address: await contractPhone(w, token, accountId), outcome, notes: `Llamada: ${outcome}`, ...extra },
    token,
  );
}

/** row counts of the collections tables (a refusal writes nothing) */
export async function collectionCounts(t: TestBackOffice): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['collection_campaigns', 'collection_assignments', 'collection_contacts', 'collection_callbacks', 'collection_promises', 'collection_contact_points', 'collection_handoffs', 'collection_liquidations', 'audit_log']) {
    const [row] = await t.app.db(table).count<{ n: number | string }[]>({ n: '*' });
    counts[table] = Number(row.n);
  }
  return counts;
}
