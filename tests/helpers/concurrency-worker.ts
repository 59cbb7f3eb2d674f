/**
 * One of the processes of tests/integration/concurrency.test.ts: for `--ms` milliseconds, takes
 * consecutive numbers in transactions that also add 1 to a shared account's credit_balance and write
 * an audit row, the way a payment will. Prints `{ numbers, retries }` as JSON.
 *   node --import tsx tests/helpers/concurrency-worker.ts --db <file|postgres://…> --account <id> --ms 5000 --name caja1
 */
import { parseArgs } from 'node:util';
import { writeAudit } from '../../electron/core/db/audit';
import { isPostgresUrl, openDatabase } from '../../electron/core/db/connection';
import { nextNumber } from '../../electron/core/db/counters';
import { retryingTransaction } from '../../electron/core/db/dialect';

const CONCURRENCY_SEQUENCE = 'receipt:PRUEBA:2026';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string' }, account: { type: 'string' }, ms: { type: 'string' }, name: { type: 'string' } } });
  const target = values.db ?? '';
  const db = openDatabase(isPostgresUrl(target) ? { url: target } : { filename: target });
  const accountId = Number(values.account);
  const actor = { userId: null, name: values.name ?? 'caja', officeId: null };
  const numbers: number[] = [];
  let attempts = 0;
  const until = Date.now() + Number(values.ms ?? 5000);
  try {
    while (Date.now() < until) {
      const n = await retryingTransaction(db, async (trx) => {
        attempts += 1;
        const number = await nextNumber(trx, CONCURRENCY_SEQUENCE);
        await trx('accounts').where({ id: accountId }).increment('credit_balance', 1);
        await writeAudit(trx, actor, { action: 'prueba.recibo', entity: 'receipt', entityId: number, after: { number } });
        return number;
      });
      numbers.push(n);
    }
  } finally {
    await db.destroy();
  }
  process.stdout.write(JSON.stringify({ numbers, retries: attempts - numbers.length }));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
