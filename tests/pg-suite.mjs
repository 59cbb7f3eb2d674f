// `npm run test:pg`: the integration suite against PostgreSQL. VENTANILLA_PG_SERVER is a server URL
// (CI starts one); this script hands it to vitest as VENTANILLA_TEST_PG_URL, so that only this run,
// not the SQLite run of `npm test`, goes to PostgreSQL (each test back office creates and drops its
// own database there). With --optional (what `npm test` uses) a machine without the variable skips
// it with one line instead of failing.
import { spawnSync } from 'node:child_process';

const optional = process.argv.includes('--optional');
const server = process.env.VENTANILLA_PG_SERVER;
if (!server) {
  if (optional) {
    console.log('Sin VENTANILLA_PG_SERVER: se omiten las pruebas de integración en PostgreSQL (vea el README).');
    process.exit(0);
  }
  console.error('test:pg necesita VENTANILLA_PG_SERVER, p. ej. postgres://postgres@127.0.0.1:5432/postgres');
  process.exit(2);
}
const result = spawnSync('npx', ['vitest', 'run', 'tests/integration'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { ...process.env, VENTANILLA_TEST_PG_URL: server },
});
process.exit(result.status ?? 1);
