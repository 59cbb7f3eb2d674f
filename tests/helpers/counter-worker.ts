/**
 * One counter of tests/integration/concurrency-payments.test.ts, in its own process with its own
 * connection: logs in as its cashier, opens its till, and for `--ms` milliseconds posts payments to
 * the shared accounts (amounts, oldest first or an invoice picked, drawn from `--seed`), now and then voids one
 * of its own receipts with the coordinator's credentials and, as the office's clerk (`--clerk`),
 * files a PQR (a radicado), all through the same dispatcher the doors use. Refusals the counter would see ("ya no tiene saldo", "otra caja acaba de pagar") are
 * counted, not failures. Prints `{ payments, voids, radicados, refused, errors }` as JSON.
 *   node --import tsx tests/helpers/counter-worker.ts --db <file|postgres://…> --user cajero1 --till 3 \
 *     --accounts 4,5,6 --coordinator coordinador1 --clerk auxiliar1 --password clave --ms 30000 --seed 1234
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Random } from '../../electron/core/modules/demo/random';
import { closeBackOffice, databaseFromEnvironment, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import type { HandlerName, Input, Output } from '../../shared/contract';
import { DEFAULT_FILING } from './pqr';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      user: { type: 'string' },
      till: { type: 'string' },
      accounts: { type: 'string' },
      coordinator: { type: 'string' },
      clerk: { type: 'string' },
      password: { type: 'string' },
      ms: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const app = await openBackOffice(databaseFromEnvironment(values.db, () => ''));
  const accounts = (values.accounts ?? '').split(',').map(Number);
  const password = values.password ?? '';
  const random = new Random(Number(values.seed ?? 1));
  let token: string | null = null;
  let clerkToken: string | null = null;
  const call = async <N extends HandlerName>(name: N, args: Input<N>, as: string | null = token): Promise<{ ok: true; data: Output<N> } | { ok: false; code: string; message: string }> => {
    const result = await dispatch(app, name, args, { door: 'test', token: as });
    return result.ok ? { ok: true, data: result.data } : { ok: false, code: result.error.code, message: result.error.message };
  };
  const must = async <N extends HandlerName>(name: N, args: Input<N>): Promise<Output<N>> => {
    const result = await call(name, args);
    if (!result.ok) throw new Error(`${name}: ${result.message}`);
    return result.data;
  };

  const counts = { payments: 0, voids: 0, radicados: 0, refused: 0, errors: [] as string[] };
  try {
    token = (await must('auth.login', { username: values.user ?? '', password })).token;
    clerkToken = (await must('auth.login', { username: values.clerk ?? '', password })).token;
    await must('cashier.open', { tillId: Number(values.till), count: [{ kind: 'billete', value: 100_000, quantity: 10 }] });
    const mine: number[] = [];
    const until = Date.now() + Number(values.ms ?? 5000);
    while (Date.now() < until) {
      if (random.chance(0.1)) {
        const filed = await call('pqr.file', { ...DEFAULT_FILING, subject: `Petición de ${values.user}` }, clerkToken);
        if (filed.ok) counts.radicados += 1;
        else counts.errors.push(`radicar: ${filed.code} ${filed.message}`);
        continue;
      }
      if (mine.length > 0 && random.chance(0.15)) {
        const paymentId = mine.splice(random.int(0, mine.length - 1), 1)[0];
        const voided = await call('cashier.void', { paymentId, reason: 'Prueba de concurrencia', approval: { username: values.coordinator ?? '', password } });
        if (voided.ok) counts.voids += 1;
        else if (voided.code === 'RULE' || voided.code === 'CONFLICT') counts.refused += 1;
        else counts.errors.push(`anular: ${voided.code} ${voided.message}`);
        continue;
      }
      const accountId = random.pick(accounts);
      const amount = 1_000 * random.int(1, 60);
      let picked: Input<'cashier.pay'>['picked'];
      if (random.chance(0.3)) {
        const detail = await must('cashier.account', { accountId });
        const open = detail.account.openInvoices;
        if (open.length > 0) picked = [{ kind: 'invoice', id: random.pick(open).id }];
      }
      const paid = await call('cashier.pay', {
        idempotencyKey: randomUUID().replaceAll('-', ''),
        accountId,
        picked,
        tenders: [{ method: 'efectivo', amount, received: amount + 500 }],
      });
      if (paid.ok) {
        counts.payments += 1;
        mine.push(paid.data.paymentId);
      } else if (paid.code === 'RULE' || paid.code === 'CONFLICT') counts.refused += 1;
      else counts.errors.push(`pagar: ${paid.code} ${paid.message}`);
    }
  } finally {
    await closeBackOffice(app);
  }
  process.stdout.write(JSON.stringify(counts));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
