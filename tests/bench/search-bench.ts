/**
 * Account search at size: p50 and p99 of `accounts.search` through the dispatcher (schema check,
 * queries and debt per result included) by account number, id number, name prefix, the name's words
 * in another order and a name nobody has (the last two answered by the words' index, migration 045).
 */
import type { BackOffice } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';

export interface BenchRow {
  name: string;
  value: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runSearchBench(app: BackOffice, token: string, samples = 500): Promise<BenchRow[]> {
  const total = Number((await app.db('accounts').count<{ n: number }[]>({ n: '*' }))[0].n);
  const picks: { number: string; id_number: string; search_name: string }[] = await app
    .db('accounts')
    .select('number', 'id_number', 'search_name')
    .whereIn(
      'id',
      Array.from({ length: samples }, (_, i) => 1 + Math.floor(((i + 0.5) / samples) * total)),
    );
  // exact kinds must find the account; a name prefix finds every holder whose name starts alike
  const kinds: [string, (p: (typeof picks)[number]) => string, boolean][] = [
    ['número de cuenta', (p) => p.number, true],
    ['cédula/NIT', (p) => p.id_number, true],
    ['prefijo del nombre', (p) => p.search_name.split(' ').slice(0, 2).join(' ').slice(0, 12), false],
    // what the prefixes do not fill, so the words' index answers (migration 045): the last two words
    // of the name first, and a name nobody has (a common word and one no name holds)
    ['palabras del nombre en otro orden', (p) => p.search_name.split(' ').slice(-2).reverse().join(' '), false],
    ['un nombre que nadie tiene', (p) => `${p.search_name.split(' ').at(-1)} QXWZ${p.number.slice(-3)}`, false],
  ];
  const rows: BenchRow[] = [{ name: 'búsqueda: cuentas en la base', value: total.toLocaleString('es-CO') }];
  for (const [label, queryOf, exact] of kinds) {
    // warm-up
    for (const p of picks.slice(0, 20)) await dispatch(app, 'accounts.search', { query: queryOf(p) }, { door: 'test', token });
    const times: number[] = [];
    let misses = 0;
    let results = 0;
    for (const p of picks) {
      const start = process.hrtime.bigint();
      const result = await dispatch(app, 'accounts.search', { query: queryOf(p) }, { door: 'test', token });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (!result.ok) throw new Error(result.error.message);
      results += result.data.length;
      if (exact && !result.data.some((a) => a.number === p.number)) misses++;
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
