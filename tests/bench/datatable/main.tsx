/**
 * The data table of renderer/src/app at 10,000 records, for tests/bench/datatable-bench.ts: the
 * page renders ?rows=N records with ?pageSize=P rows a page (P ≥ N: everything at once) and exposes
 * the times it measures on window.bench.
 */
import '@mantine/core/styles.css';
import 'mantine-datatable/styles.css';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { I18nProvider } from '../../../renderer/src/i18n';
import { DataTable, sortRecords, type Column } from '../../../renderer/src/app/DataTable';

interface Row {
  id: number;
  radicado: string;
  petitioner: string;
  subject: string;
  filed: string;
  due: string;
  amount: number;
}

const params = new URLSearchParams(location.search);
const rows = Number(params.get('rows') ?? 10000);
const pageSize = Number(params.get('pageSize') ?? 50);
const records: Row[] = Array.from({ length: rows }, (_, i) => ({
  id: i + 1,
  radicado: `2026-CEN-P-${String(i + 1).padStart(6, '0')}`,
  petitioner: `Peticionario ${(i * 7919 + 13) % rows} Gómez`,
  subject: `Reclamo por facturación del periodo ${1 + (i % 12)}/2026`,
  filed: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
  due: `2026-${String(1 + ((i + 1) % 12)).padStart(2, '0')}-${String(1 + ((i * 3) % 28)).padStart(2, '0')}`,
  amount: (i * 104729) % 5_000_000,
}));
const columns: Column<Row>[] = [
  { key: 'radicado', title: 'Radicado', sortable: true, noWrap: true },
  { key: 'petitioner', title: 'Peticionario', sortable: true },
  { key: 'subject', title: 'Asunto' },
  { key: 'filed', title: 'Radicada', sortable: true, noWrap: true },
  { key: 'due', title: 'Vence', sortable: true, noWrap: true },
  { key: 'amount', title: 'Valor', sortable: true, textAlign: 'right', render: (r) => `$ ${r.amount.toLocaleString('es-CO')}` },
];

const frames = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

/** time from an act until the first body row changes and two frames have painted */
async function timed(act: () => void): Promise<number> {
  const body = document.querySelector('tbody')!;
  const before = body.querySelector('tr')?.textContent;
  const start = performance.now();
  act();
  for (;;) {
    await new Promise((r) => setTimeout(r, 0));
    if (body.querySelector('tr')?.textContent !== before) break;
    if (performance.now() - start > 60_000) throw new Error('la tabla no cambió');
  }
  await frames();
  return performance.now() - start;
}

const w = window as unknown as { bench: Record<string, unknown> };
w.bench = { ready: false };
const start = performance.now();
createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <MantineProvider>
      <DataTable label="Bandeja" records={records} columns={columns} idOf={(r) => r.id} pageSize={pageSize} />
    </MantineProvider>
  </I18nProvider>,
);
void (async () => {
  while (!document.querySelector('tbody tr')) await new Promise((r) => setTimeout(r, 0));
  await frames();
  w.bench.renderMs = performance.now() - start;
  w.bench.domRows = document.querySelectorAll('tbody tr').length;
  const header = (name: string) => [...document.querySelectorAll('th')].find((th) => th.textContent?.includes(name)) as HTMLElement;
  const t0 = performance.now();
  sortRecords(records, columns[1], 'asc');
  w.bench.sortOnlyMs = performance.now() - t0;
  w.bench.sortMs = await timed(() => header('Peticionario').click());
  w.bench.sortAgainMs = await timed(() => header('Valor').click());
  const next = [...document.querySelectorAll<HTMLButtonElement>('.mantine-Pagination-control')].at(-1);
  w.bench.pageMs = next ? await timed(() => next.click()) : null;
  w.bench.ready = true;
})().catch((e: unknown) => {
  w.bench.error = String(e);
  w.bench.ready = true;
});
