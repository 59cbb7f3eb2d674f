/**
 * A clerk in their own process (own connection) filing PQRs through the dispatcher, for the
 * concurrency test of radicado numbers. Prints the radicados as a JSON array on the last line.
 *   node --import tsx tests/helpers/pqr-worker.ts --db <file|postgres://…> --user aux --password clave --count 20
 */
import { parseArgs } from 'node:util';
import { closeBackOffice, databaseFromEnvironment, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import { DEFAULT_FILING } from './pqr';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, count: { type: 'string' } } });
  const app = await openBackOffice(databaseFromEnvironment(values.db, () => ''));
  const numbers: string[] = [];
  try {
    const login = await dispatch(app, 'auth.login', { username: values.user ?? '', password: values.password ?? '' }, { door: 'test' });
    if (!login.ok) throw new Error(login.error.message);
    for (let i = 0; i < Number(values.count ?? 10); i++) {
      const filed = await dispatch(app, 'pqr.file', { ...DEFAULT_FILING, subject: `Petición ${values.user} ${i}` }, { door: 'test', token: login.data.token });
      if (!filed.ok) throw new Error(filed.error.message);
      numbers.push(filed.data.pqr.radicado);
    }
  } finally {
    await closeBackOffice(app);
  }
  process.stdout.write(`${JSON.stringify(numbers)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
