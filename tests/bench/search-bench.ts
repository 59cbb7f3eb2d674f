/**
 * Account search at size: p50 and p99 of `accounts.search` through the dispatcher (schema check,
 * queries and debt per result included) by account number, id number, name prefix, the name's words
 * in another order, a name nobody has and one common word of the name (the last three answered by
 * the walk over the distinct names or the words' index, accounts/queries.ts and migration 045).
 *
 * Alone, on a kept database, reading only (`openDatabaseReadOnly`: nothing is written, so the kept
 * large databases can be measured as they are; the dispatcher is left out because its login writes a
 * session): the same kinds through `searchAccounts`, with the load and this process's CPU time:
 *
 *   npx tsx tests/bench/search-bench.ts --reuse /work/large/large.sqlite
 *   npx tsx tests/bench/search-bench.ts --pg postgres://server/postgres --reuse ventanilla_large
 *     (--samples N: searches per kind, 500)
 */
import type { Knex } from 'knex';
import type { BackOffice } from '../../electron/core/context';
import { openDatabaseReadOnly } from '../../electron/core/db/connection';
import { dispatch } from '../../electron/core/dispatch';
import { searchAccounts } from '../../electron/core/modules/accounts/queries';
import type { AccountSummary } from '../../shared/contract';
import { pgDatabaseUrl, withCpu } from './scale';
import { numberOption, runWhenMain, stringOption } from './standalone';

export interface BenchRow {
  name: string;
  value: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Sample {
  number: string;
  id_number: string;
  search_name: string;
}

/** `samples` accounts spread evenly over the ids, and each kind of search typed from one of them */
async function searchKinds(db: Knex, samples: number): Promise<{ total: number; picks: Sample[]; kinds: [string, (p: Sample) => string, boolean][] }> {
  const total = Number((await db('accounts').count<{ n: number }[]>({ n: '*' }))[0].n);
  const picks: Sample[] = await db('accounts')
    .select('number', 'id_number', 'search_name')
    .whereIn(
      'id',
      Array.from({ length: samples }, (_, i) => 1 + Math.floor(((i + 0.5) / samples) * total)),
    );
  // exact kinds must find the account; a name prefix finds every holder whose name starts alike
  const kinds: [string, (p: Sample) => string, boolean][] = [
    ['número de cuenta', (p) => p.number, true],
    ['cédula/NIT', (p) => p.id_number, true],
    ['prefijo del nombre', (p) => p.search_name.split(' ').slice(0, 2).join(' ').slice(0, 12), false],
    // what the prefixes do not fill, so the words' index answers (migration 045): the last two words
    // of the name first, and a name nobody has (a common word and one no name holds)
    ['palabras del nombre en otro orden', (p) => p.search_name.split(' ').slice(-2).reverse().join(' '), false],
    ['un nombre que nadie tiene', (p) => `${p.search_name.split(' ').at(-1)} QXWZ${p.number.slice(-3)}`, false],
    // one common word alone (the given name, which starts no name): the walk over the distinct names (words24)
    ['una palabra común del nombre', (p) => p.search_name.split(' ').at(-1) ?? '', false],
  ];
  return { total, picks, kinds };
}

/** times `search` over every kind: one row per kind (p50 / p99, results, misses) */
async function timeKinds(db: Knex, samples: number, search: (query: string) => Promise<AccountSummary[]>): Promise<BenchRow[]> {
  const { total, picks, kinds } = await searchKinds(db, samples);
  const rows: BenchRow[] = [{ name: 'búsqueda: cuentas en la base', value: total.toLocaleString('es-CO') }];
  for (const [label, queryOf, exact] of kinds) {
    // warm-up
    for (const p of picks.slice(0, 20)) await search(queryOf(p));
    const times: number[] = [];
    let misses = 0;
    let results = 0;
    for (const p of picks) {
      const start = process.hrtime.bigint();
      const found = await search(queryOf(p));
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      results += found.length;
      if (exact && !found.some((a) => a.number === p.number)) misses++;
    }
    times.sort((a, b) => a - b);
    rows.push({
      name: `búsqueda por ${label}: p50 / p99`,
      value:
        `${percentile(times, 50).toFixed(2)} ms / ${percentile(times, 99).toFixed(2)} ms ` +
        `(${picks.length} búsquedas, ${(results / picks.length).toFixed(1)} resultados en promedio` +
        `${exact ? `, ${misses} sin la cuenta buscada` : ''})`,
    });
  }
  return rows;
}

export async function runSearchBench(app: BackOffice, token: string, samples = 500): Promise<BenchRow[]> {
  return timeKinds(app.db, samples, async (query) => {
    const result = await dispatch(app, 'accounts.search', { query }, { door: 'test', token });
    if (!result.ok) throw new Error(result.error.message);
    return result.data;
  });
}

/** `--reuse NAME [--pg SERVER]`: the kinds on a kept database opened read-only, through `searchAccounts` (the dispatcher's limit, 20) */
async function main(): Promise<BenchRow[]> {
  const reuse = stringOption('reuse');
  if (!reuse) throw new Error('--reuse: falta la base que se mide (un archivo SQLite, o con --pg el nombre de una base)');
  const server = stringOption('pg');
  const db = openDatabaseReadOnly(server ? { url: pgDatabaseUrl(server, reuse) } : { filename: reuse });
  try {
    const { value: rows, note } = await withCpu(() => timeKinds(db, numberOption('samples', 500), (query) => searchAccounts(db, query, 20)));
    rows.push({ name: `búsqueda (medición, ${server ? 'PostgreSQL' : 'SQLite'}, solo lectura)`, value: note });
    return rows;
  } finally {
    await db.destroy();
  }
}

runWhenMain(import.meta.url, main);
