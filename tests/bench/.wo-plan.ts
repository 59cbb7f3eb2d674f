import knexLib from 'knex';
import { board } from '../../electron/core/modules/workorders/board';
const file = process.argv[2];
const db = knexLib({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true });
const seen: { sql: string; bindings: unknown[] }[] = [];
db.on('query', (q: { sql: string; bindings: unknown[] }) => seen.push(q));
const filters = [{ open: true }, { state: 'asignada', crewId: 1 }, { type: 'reconexion' }, { route: '07' }, { state: 'ejecutada', type: 'suspension', offset: 400 }, {}, { text: '5000005' }];
for (const f of filters) {
  seen.length = 0;
  const t0 = performance.now();
  await board(db, 1, { text: '', limit: 100, offset: 0, ...f } as never);
  const t1 = performance.now();
  await board(db, 1, { text: '', limit: 100, offset: 0, ...f } as never);
  console.log(`\n=== ${JSON.stringify(f)} ${(performance.now() - t1).toFixed(1)} ms (first ${(t1 - t0).toFixed(1)})`);
  const queries = [...seen];
  for (const q of queries.slice(0, queries.length / 2)) {
    const s = performance.now();
    await db.raw(q.sql, q.bindings as never);
    const el = performance.now() - s;
    const plan = (await db.raw(`EXPLAIN QUERY PLAN ${q.sql}`, q.bindings as never)) as { detail: string }[];
    console.log(`-- ${el.toFixed(1)} ms: ${q.sql.slice(0, 260)}`);
    for (const p of plan) console.log('   ', p.detail);
  }
}
await db.destroy();
