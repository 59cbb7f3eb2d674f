/**
 * The audit check at size (issue 12, item 9): a database of N accounts with two invoices each, a
 * bank file of R payments, P counter payments and a close, and an audit log grown to A rows. Measures
 * `audit verify` (chain + anchors + reconciliation) and its parts, an anchor taken (what each closing
 * act and recaudo report adds), and a copy with and without its manifest (the SHA-256 and the
 * copy's head read back).
 *
 *   npx tsx tests/bench/audit-bench.ts [--accounts 50000] [--records 50000] [--payments 500] [--audit-rows 100000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { verifyAuditChain, writeAudit, SYSTEM_ACTOR } from '../../electron/core/db/audit';
import { takeAnchor, writeCopyManifest } from '../../electron/core/db/anchors';
import { onlineBackup } from '../../electron/core/db/backup';
import { dispatch } from '../../electron/core/dispatch';
import { commitBankFile } from '../../electron/core/modules/bankfiles/service';
import { auditTargetOf, checkAudit } from '../../electron/core/modules/audit/verify';
import { reconcile } from '../../electron/core/modules/audit/reconcile';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import { copCount } from '../helpers/cashier';
import { seedDebts, writeBankFile } from './bankfile-bench';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function must<T>(result: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

export async function runAuditBench(options: { accounts: number; records: number; payments: number; auditRows: number; dir: string }): Promise<BenchRow[]> {
  fs.mkdirSync(options.dir, { recursive: true });
  const dbFile = path.join(options.dir, 'audit-bench.sqlite');
  const app = await openBackOffice({ dbFile });
  const rows: BenchRow[] = [];
  try {
    const call = <T>(name: string, args: unknown, token: string | null = null) =>
      must(dispatch(app, name as never, args as never, { door: 'test', token }) as Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>);
    const { officeId } = await call<{ officeId: number }>('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
    await seedDebts(app.db, options.accounts);
    const bankFile = path.join(options.dir, 'RECAUDO.TXT');
    await writeBankFile(bankFile, options.records, options.accounts);
    await commitBankFile(app, { userId: null, name: 'bench', officeId: null }, bankFile);

    const admin = (await call<{ token: string }>('auth.login', { username: ADMIN.username, password: ADMIN.password })).token;
    const till = await call<{ id: number }>('tills.save', { officeId, code: 'B1', name: 'Caja B1', receiptLayout: 'termica80', active: true }, admin);
    await call('users.create', { fullName: 'Cajero de medición', username: 'cajerob1', officeId, role: 'cajero', password: 'clave-de-medicion' }, admin);
    const cashier = (await call<{ token: string }>('auth.login', { username: 'cajerob1', password: 'clave-de-medicion' })).token;
    await call('cashier.open', { tillId: till.id, count: copCount(500_000) }, cashier);
    const open: { account_id: number }[] = await app.db('invoices').where('balance', '>', 0).orderBy('id', 'desc').limit(options.payments).select('account_id');
    for (const [i, inv] of open.entries()) {
      await call('cashier.pay', { idempotencyKey: `audit-bench-${i}`, accountId: inv.account_id, tenders: [{ method: 'efectivo', amount: 1_000, received: 1_000 }] }, cashier);
    }
    const close = await timed(() => call('cashier.close', { count: copCount(500_000 + 1_000 * open.length), note: '' }, cashier));

    // the audit log grown to its size, a thousand rows per transaction
    for (let written = Number((await app.db('audit_log').count<{ n: number }[]>({ n: '*' }))[0].n); written < options.auditRows; ) {
      await app.db.transaction(async (trx) => {
        for (let i = 0; i < 1000 && written < options.auditRows; i++, written++) {
          await writeAudit(trx, SYSTEM_ACTOR, { action: 'bench.row', entity: 'bench', entityId: written, after: { receipt: `R-${written}`, amount: 154_300 } });
        }
      });
    }
    const copy = path.join(options.dir, 'copia.sqlite');
    const backup = await timed(() => onlineBackup(app.db, copy));
    const manifest = await timed(() => writeCopyManifest(app.db, copy));

    const anchorTimes: number[] = [];
    for (let i = 0; i < 200; i++) anchorTimes.push((await timed(() => takeAnchor(app.db, 'recaudo', 'bench'))).ms);
    anchorTimes.sort((a, b) => a - b);

    const chain = await timed(() => verifyAuditChain(app.db));
    const reconciliation = await timed(() => reconcile(app.db));
    const whole = await timed(() => checkAudit(auditTargetOf(app)));
    if (!whole.value.ok) throw new Error(`la revisión encontró problemas: ${whole.value.problems.slice(0, 3).join(' | ')}`);
    const c = reconciliation.value.checked;
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    rows.push(
      {
        name: 'audit check: database',
        value: `${c.invoices.toLocaleString('en-US')} invoices, ${c.payments.toLocaleString('en-US')} payments (${open.length} at the counter), ${whole.value.chain.rows.toLocaleString('en-US')} audit rows, ${(fs.statSync(dbFile).size / 1024 / 1024).toFixed(0)} MB`,
      },
      { name: 'audit verify (chain + anchors + reconciliation)', value: s(whole.ms) },
      { name: '  chain alone', value: s(chain.ms) },
      { name: '  reconciliation alone', value: s(reconciliation.ms) },
      { name: 'anchor taken (head + counters), p50 / max', value: `${anchorTimes[100].toFixed(2)} ms / ${anchorTimes[199].toFixed(2)} ms` },
      { name: 'cash close with its anchor', value: `${close.ms.toFixed(0)} ms` },
      { name: 'copy (online backup, manifest included)', value: s(backup.ms) },
      { name: '  manifest alone (SHA-256 + head read back)', value: s(manifest.ms) },
    );
  } finally {
    await closeBackOffice(app);
  }
  return rows;
}

runWhenMain(import.meta.url, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-audit-bench-'));
  try {
    return await runAuditBench({
      accounts: numberOption('accounts', 50_000),
      records: numberOption('records', 50_000),
      payments: numberOption('payments', 500),
      auditRows: numberOption('audit-rows', 100_000),
      dir,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
