/**
 * Collections (issue 15) at size, on the imported database of the foundation bench (200,000 accounts
 * and 1,200,000 invoices by default, every one still owed): the portfolio by age (p50 of 5), building
 * a campaign over the whole portfolio (preview, then launch shared among 10 gestores), the next account
 * of a gestor's queue (p99 of 500 calls), and the commitment monitor over 50,000 commitments.
 *   npx tsx tests/bench/collections-bench.ts [--accounts 200000 --invoices 1200000 --commitments 50000]
 *   npx tsx tests/bench/collections-bench.ts --keep /tmp/collections-200k.sqlite   # imports once, keeps the file; later runs bench a copy of it
 *   npx tsx tests/bench/collections-bench.ts --keep /tmp/collections-200k.sqlite --campaign-only   # only the preview and the launch
 *   npx tsx tests/bench/collections-bench.ts --accounts 20000 --invoices 120000 --commitments 5000 --pg postgres://…/empty_database
 * From tests/bench/run.ts: rows.push(...(await runCollectionsBench(app, token)))
 * Targets (issue 15): portfolio < 1 s, campaign < 2 s, next account p99 < 50 ms, monitor < 5 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackOffice } from '../../electron/core/context';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import { businessToday } from '../../electron/core/modules/accounts/service';
import { nowTimestamp } from '../../electron/core/db/connection';
import type { HandlerName, Input } from '../../shared/contract';
import { addDays } from '../../shared/dates';
import { ADMIN } from '../helpers/backoffice';
import { runImportBench } from './import-bench';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

const GESTORES = 10;

function percentile<T>(sorted: T[], p: number): T {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Wall time, and this process's CPU time (SQLite works in the driver's threads inside it; a
 * PostgreSQL server's work is not in it): on a machine shared with others the wall time grows with
 * the load, the CPU time much less, so a row gives both.
 */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, value };
}

const cpuText = (ms: number) => `CPU ${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms`;

/** `campaignOnly`: only the campaign (preview and launch), to compare a change of campaigns.ts / launch.ts on a kept database */
export async function runCollectionsBench(app: BackOffice, adminToken: string, commitments = 50_000, campaignOnly = false): Promise<BenchRow[]> {
  const call = async <N extends HandlerName>(name: N, args: Input<N>, token: string = adminToken) => {
    const r = await dispatch(app, name, args, { door: 'test', token });
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.data;
  };
  const rows: BenchRow[] = [];
  const settings = await call('collections.settings', {});
  await call('collections.savePolicy', { ...settings.policy, contractDataAuthorised: true });

  // 1. portfolio by age
  const times: { ms: number; cpuMs: number }[] = [];
  let accounts = 0;
  for (let i = 0; i < (campaignOnly ? 0 : 5); i++) {
    const { ms, cpuMs, value } = await timed(() => call('collections.portfolio', { dimension: 'total' }));
    times.push({ ms, cpuMs });
    accounts = value.accounts;
  }
  times.sort((a, b) => a.ms - b.ms);
  const median = percentile(times, 50);
  if (!campaignOnly) rows.push({ name: 'Cobranza: cartera por edades (p50 de 5)', value: `${median.ms.toFixed(0)} ms (${cpuText(median.cpuMs)}) para ${accounts.toLocaleString('es-CO')} cuentas (meta < 1 s)` });
  if (!campaignOnly) {
    const byRoute = await timed(() => call('collections.portfolio', { dimension: 'ruta' }));
    rows.push({ name: 'Cobranza: cartera por edades y ruta', value: `${byRoute.ms.toFixed(0)} ms (${cpuText(byRoute.cpuMs)}), ${byRoute.value.groups.length} rutas` });
  }

  // 2. a campaign over the whole portfolio, shared among 10 gestores
  const office: { id: number } = await app.db('offices').orderBy('id').first('id');
  const gestorTokens: string[] = [];
  const gestorIds: number[] = [];
  for (let g = 0; g < GESTORES; g++) {
    const username = `gestor.bench${g}`;
    const user = await call('users.create', { fullName: `Gestor de prueba ${g}`, username, officeId: Number(office.id), role: 'gestor', password: 'clave-temporal' });
    gestorIds.push(Number(user.id));
    // the first login: the administrator's password is temporary until the gestor changes it
    const { token } = await call('auth.login', { username, password: 'clave-temporal' });
    await call('auth.changePassword', { currentPassword: 'clave-temporal', newPassword: 'clave-de-prueba' }, token);
    gestorTokens.push(token);
  }
  const preview = await timed(() => call('collections.campaignPreview', { criteria: {} }));
  rows.push({ name: 'Cobranza: vista previa de campaña (toda la cartera)', value: `${preview.ms.toFixed(0)} ms (${cpuText(preview.cpuMs)}), ${preview.value.qualifying.toLocaleString('es-CO')} de ${preview.value.matching.toLocaleString('es-CO')} cuentas califican` });
  const launch = await timed(() =>
    call('collections.launchCampaign', { idempotencyKey: `bench${Date.now()}`, name: 'Toda la cartera', criteria: {}, gestorIds, distribution: 'deuda' }),
  );
  rows.push({ name: 'Cobranza: lanzar campaña (toda la cartera, 10 gestores)', value: `${launch.ms.toFixed(0)} ms (${cpuText(launch.cpuMs)}), ${launch.value.accounts.toLocaleString('es-CO')} cuentas repartidas (meta < 2 s)` });
  if (campaignOnly) return rows;

  // 3. the next account of a gestor's queue
  const next: number[] = [];
  let nextCpu = 0;
  for (let i = 0; i < 500; i++) {
    const t = await timed(() => call('collections.next', {}, gestorTokens[i % GESTORES]));
    next.push(t.ms);
    nextCpu += t.cpuMs;
  }
  next.sort((a, b) => a - b);
  rows.push({
    name: 'Cobranza: siguiente cuenta de la cola (p50 / p99 de 500)',
    value: `${percentile(next, 50).toFixed(1)} / ${percentile(next, 99).toFixed(1)} ms (${cpuText(nextCpu / 500)} de media; meta p99 < 50 ms)`,
  });

  // 4. the monitor over `commitments` commitments (written straight: a contact and a commitment per account)
  const today = await businessToday(app.db);
  const assignments: { id: number; account_id: number; campaign_id: number; gestor_id: number; office_id: number }[] = await app
    .db('collection_assignments')
    .where({ active: true })
    .orderBy('id')
    .limit(commitments)
    .select('id', 'account_id', 'campaign_id', 'gestor_id', 'office_id');
  const at = nowTimestamp();
  for (let i = 0; i < assignments.length; i += 500) {
    const chunk = assignments.slice(i, i + 500);
    const contactIds: { id: number }[] = await app
      .db('collection_contacts')
      .insert(
        chunk.map((x, j) => ({
          office_id: x.office_id,
          account_id: x.account_id,
          campaign_id: x.campaign_id,
          assignment_id: x.id,
          gestor_id: x.gestor_id,
          channel: 'llamada',
          direction: 'saliente',
          address: '',
          outcome: 'compromiso_de_pago',
          effective: true,
          notes: '',
          at,
          business_date: addDays(today, -10 - ((i + j) % 10)),
          debt: 100_000,
          days_past_due: 200,
          bucket: 'd181_360',
          idempotency_key: `bench-contact-${i + j}`,
        })),
      )
      .returning('id');
    await app.db('collection_promises').insert(
      chunk.map((x, j) => {
        const madeOn = addDays(today, -10 - ((i + j) % 10));
        const promised = addDays(madeOn, 3 + ((i + j) % 12));
        return {
          office_id: x.office_id,
          account_id: x.account_id,
          contact_id: Number(contactIds[j].id),
          assignment_id: x.id,
          campaign_id: x.campaign_id,
          gestor_id: x.gestor_id,
          amount: 50_000,
          made_on: madeOn,
          promised_date: promised,
          grace_days: 2,
          window_end: addDays(promised, 2),
          state: 'pendiente',
          paid_amount: 0,
          created_at: at,
        };
      }),
    );
    // as recordContact leaves them: waiting for the commitment
    await app.db('collection_assignments').whereIn('id', chunk.map((x) => x.id)).update({ state: 'compromiso' });
  }
  const monitor = await timed(() => call('collections.runMonitor', {}));
  rows.push({
    name: `Cobranza: monitor de ${assignments.length.toLocaleString('es-CO')} compromisos`,
    value: `${(monitor.ms / 1000).toFixed(2)} s (${cpuText(monitor.cpuMs)}): ${monitor.value.checked} revisados, ${monitor.value.broken} incumplidos, ${monitor.value.requeued} de vuelta a la cola (meta < 5 s)`,
  });
  const nextAfter: number[] = [];
  for (let i = 0; i < 200; i++) nextAfter.push((await timed(() => call('collections.next', {}, gestorTokens[i % GESTORES]))).ms);
  nextAfter.sort((a, b) => a - b);
  rows.push({ name: 'Cobranza: siguiente cuenta con compromisos incumplidos (p99 de 200)', value: `${percentile(nextAfter, 99).toFixed(1)} ms` });
  return rows;
}

/**
 * `keep` (SQLite only, `--keep FILE`): the imported database is copied to FILE after its import, and
 * when FILE exists the import is skipped and a copy of FILE is benched instead, so that a before /
 * after comparison runs on the same database without importing 1,200,000 invoices again.
 */
function keptCopy(keep: string | undefined, dbFile: string, after: 'restore' | 'save'): boolean {
  if (!keep) return false;
  if (after === 'restore') {
    if (!fs.existsSync(keep)) return false;
    fs.copyFileSync(keep, dbFile);
  } else if (!fs.existsSync(keep)) fs.copyFileSync(dbFile, keep);
  return true;
}

/** the bench on its own imported database (what running this file alone does): a SQLite file, or an EMPTY PostgreSQL database */
export async function runCollectionsBenchOnOwnDatabase(accounts: number, invoices: number, commitments: number, databaseUrl?: string, keep?: string, campaignOnly = false): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-collections-bench-'));
  const dbFile = path.join(dir, 'bench.sqlite');
  const sqliteKeep = databaseUrl ? undefined : keep;
  try {
    const rows: BenchRow[] = [];
    if (keptCopy(sqliteKeep, dbFile, 'restore')) rows.push({ name: 'Cobranza: base importada', value: `copia de ${sqliteKeep} (sin importar)` });
    else {
      const imported = await timed(() => runImportBench({ accounts, invoices, dir, databaseUrl }));
      rows.push({
        name: 'Cobranza: base importada',
        value: `${accounts.toLocaleString('es-CO')} cuentas, ${invoices.toLocaleString('es-CO')} facturas en ${(imported.ms / 1000).toFixed(0)} s (${databaseUrl ? 'PostgreSQL' : 'SQLite'})`,
      });
      keptCopy(sqliteKeep, dbFile, 'save');
    }
    rows.push({ name: 'Cobranza: carga (uptime, 1 / 5 / 15 min) al empezar', value: os.loadavg().map((l) => l.toFixed(2)).join(' / ') });
    const app = await openBackOffice(databaseUrl ? { databaseUrl, dataDir: dir } : { dbFile });
    try {
      const login = await dispatch(app, 'auth.login', { username: ADMIN.username, password: ADMIN.password }, { door: 'test' });
      if (!login.ok) throw new Error(login.error.message);
      rows.push(...(await runCollectionsBench(app, login.data.token, commitments, campaignOnly)));
    } finally {
      await closeBackOffice(app);
    }
    rows.push({ name: 'Cobranza: carga (uptime, 1 / 5 / 15 min) al terminar', value: os.loadavg().map((l) => l.toFixed(2)).join(' / ') });
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pgIndex = process.argv.indexOf('--pg');
const keepIndex = process.argv.indexOf('--keep');
runWhenMain(import.meta.url, () =>
  runCollectionsBenchOnOwnDatabase(numberOption('accounts', 200_000), numberOption('invoices', 1_200_000), numberOption('commitments', 50_000), pgIndex >= 0 ? process.argv[pgIndex + 1] : undefined,
    keepIndex >= 0 ? process.argv[keepIndex + 1] : undefined,
    process.argv.includes('--campaign-only'),
  ),
);
