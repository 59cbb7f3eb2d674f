/**
 * A batch of payments at one counter, for tests/integration/crash-payments.test.ts: logs in as the
 * cashier (whose cash session is already open in the database) and posts `--count` cash payments
 * with the idempotency keys `lote-<prefix>-0000`, `lote-<prefix>-0001`… (for each of the comma-separated prefixes), round-robin over the given accounts, one
 * after another through the dispatcher. The test kills it with SIGKILL somewhere in the middle, and
 * later runs it again with the same keys, as a counter resending after a crash would.
 *   node --import tsx tests/helpers/payment-batch-worker.ts --db <file> --user cajero1 --password … \
 *     --accounts 3,4,5 --prefix r7 --count 20
 */
import { parseArgs } from 'node:util';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, accounts: { type: 'string' }, prefix: { type: 'string' }, count: { type: 'string' } },
  });
  const app = await openBackOffice({ dbFile: values.db ?? '' });
  try {
    const login = await dispatch(app, 'auth.login', { username: values.user ?? '', password: values.password ?? '' }, { door: 'test' });
    if (!login.ok) throw new Error(login.error.message);
    const accounts = (values.accounts ?? '').split(',').map(Number);
    const count = Number(values.count ?? 20);
    // the test times its kill from here: the start-up is behind
    process.stdout.write('listo\n');
    for (const prefix of (values.prefix ?? 'p').split(',')) {
      for (let i = 0; i < count; i++) {
        const amount = 7_000 + ((i * 7_919) % 40) * 1_000;
        const paid = await dispatch(
          app,
          'cashier.pay',
          { idempotencyKey: `lote-${prefix}-${String(i).padStart(4, '0')}`, accountId: accounts[i % accounts.length], tenders: [{ method: 'efectivo', amount, received: amount + 1_000 }] },
          { door: 'test', token: login.data.token },
        );
        if (!paid.ok) throw new Error(`pago ${prefix}-${i}: ${paid.error.message}`);
      }
    }
  } finally {
    await closeBackOffice(app);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
