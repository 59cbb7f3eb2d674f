/**
 * Impresión de facturas (coordinator): pick the period, the cycle and route (or all), the paper and
 * whether one PDF or one per route; the batch runs in the back office with a progress bar and
 * "Cancelar"; at the end the summary says what was printed, what was skipped and why, and the
 * files download (in pieces: a cycle's PDF is tens of megabytes).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Progress, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconDownload, IconPlayerStop, IconPrinter } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import type { BatchFileChunk, InvoiceBatchFile, InvoiceBatchSplit, InvoiceBatchStatus, InvoicePaper, RouteSummary, SkippedInvoice } from '../../../../shared/contract';
import { todayIn } from '../../../../shared/dates';
import { useT } from '../../i18n';
import { notifyError } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { showPrintResult } from '../../app/PrintButton';
import { PageTitle } from '../../app/PageTitle';
import { formatPeriod } from '../../app/format';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const ALL = '';

/** Fetches a finished batch file piece by piece and saves it through the browser's download. */
async function downloadBatchFile(batchId: number, fileIndex: number): Promise<void> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset: number | null = 0;
  let fileName = 'facturas.pdf';
  while (offset !== null) {
    const chunk: BatchFileChunk = await send('invoicing.batchFileChunk', { batchId, fileIndex, offset });
    parts.push(Uint8Array.from(atob(chunk.base64), (c) => c.charCodeAt(0)));
    fileName = chunk.fileName;
    offset = chunk.nextOffset;
  }
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const fileSize = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024).toLocaleString('es-CO')} KB` : `${(bytes / 1024 / 1024).toLocaleString('es-CO', { maximumFractionDigits: 1 })} MB`;

export function InvoicePrintingPage() {
  const t = useT();
  const { company } = useSession();
  const [period, setPeriod] = useState(() => todayIn(company.timeZone).slice(0, 7));
  const periods = useLoad(() => send('invoicing.periods', {}), []);
  // the newest period with invoices, once known
  useEffect(() => {
    if (periods.data?.[0]) setPeriod(periods.data[0].period);
  }, [periods.data]);
  const [cycle, setCycle] = useState(ALL);
  const [route, setRoute] = useState(ALL);
  const [paper, setPaper] = useState<InvoicePaper>('letter');
  const [split, setSplit] = useState<InvoiceBatchSplit>('single');
  const [batch, setBatch] = useState<InvoiceBatchStatus | null>(null);
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [downloading, setDownloading] = useState<number | null>(null);
  const [printing, setPrinting] = useState<number | null>(null);
  const validPeriod = PERIOD.test(period);
  const routes = useLoad(async () => (validPeriod ? send('invoicing.routes', { period }) : []), [period, validPeriod]);
  const poller = useRef<number | null>(null);

  const cycles = useMemo(() => [...new Set((routes.data ?? []).map((r) => r.cycle))], [routes.data]);
  const routesOfCycle = useMemo(() => (routes.data ?? []).filter((r) => cycle === ALL || r.cycle === cycle), [routes.data, cycle]);
  const chosen = routesOfCycle.filter((r) => route === ALL || r.route === route);
  const count = chosen.reduce((s, r) => s + r.invoices, 0);
  const skip = chosen.reduce((s, r) => s + r.toSkip, 0);
  const running = batch?.state === 'running';

  // follow a running batch until it ends
  useEffect(() => {
    if (!running || !batch) return;
    const id = batch.id;
    poller.current = window.setInterval(() => {
      void call('invoicing.batchStatus', { batchId: id }).then((r) => {
        if (r.ok) setBatch(r.data);
      });
    }, 400);
    return () => {
      if (poller.current !== null) window.clearInterval(poller.current);
    };
  }, [running, batch?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const start = async () => {
    setStarting(true);
    try {
      setBatch(await send('invoicing.startBatch', { period, cycle: cycle || undefined, route: route || undefined, paper, split }));
    } catch (e) {
      notifyError(e);
    } finally {
      setStarting(false);
    }
  };

  const cancel = async () => {
    if (!batch) return;
    setCancelling(true);
    try {
      setBatch(await send('invoicing.cancelBatch', { batchId: batch.id }));
    } catch (e) {
      notifyError(e);
    } finally {
      setCancelling(false);
    }
  };

  const download = async (fileIndex: number) => {
    if (!batch) return;
    setDownloading(fileIndex);
    try {
      await downloadBatchFile(batch.id, fileIndex);
    } catch (e) {
      notifyError(e);
    } finally {
      setDownloading(null);
    }
  };

  /** a finished file to the invoice printer of this machine (Administración › Impresoras) */
  const print = async (fileIndex: number) => {
    if (!batch) return;
    setPrinting(fileIndex);
    try {
      showPrintResult(t, await send('invoicing.printBatchFile', { batchId: batch.id, fileIndex }), null, { whenNotConfigured: 'offer' });
    } catch (e) {
      notifyError(e);
    } finally {
      setPrinting(null);
    }
  };

  const toPrint = batch ? batch.selected - batch.skipped : 0;
  const percent = batch && toPrint > 0 ? Math.min(100, (batch.printed / toPrint) * 100) : 0;

  return (
    <>
      <PageTitle title={t('invoicing.title')} description={t('invoicing.description')} />
      <Stack gap="md">
        <Card withBorder>
          <Stack>
            <Group align="flex-end">
              <Select
                label={t('invoicing.period')}
                data={(periods.data ?? []).map((p) => ({ value: p.period, label: t('invoicing.periodOption', { period: formatPeriod(p.period), invoices: p.invoices.toLocaleString('es-CO') }) }))}
                value={validPeriod ? period : null}
                onChange={(v) => {
                  if (!v) return;
                  setPeriod(v);
                  setCycle(ALL);
                  setRoute(ALL);
                }}
                allowDeselect={false}
                placeholder={t('invoicing.noPeriods')}
                w={260}
                disabled={running}
              />
              <Select
                label={t('invoicing.cycle')}
                data={[{ value: ALL, label: t('invoicing.all') }, ...cycles.map((c) => ({ value: c, label: c }))]}
                value={cycle}
                onChange={(v) => {
                  setCycle(v ?? ALL);
                  setRoute(ALL);
                }}
                allowDeselect={false}
                w={140}
                disabled={running}
              />
              <Select
                label={t('invoicing.route')}
                data={[{ value: ALL, label: t('invoicing.allRoutes') }, ...routesOfCycle.map((r) => ({ value: r.route, label: r.route }))]}
                value={route}
                onChange={(v) => setRoute(v ?? ALL)}
                allowDeselect={false}
                w={160}
                disabled={running}
              />
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {t('invoicing.paper')}
                </Text>
                <SegmentedControl
                  value={paper}
                  onChange={(v) => setPaper(v as InvoicePaper)}
                  data={[
                    { value: 'letter', label: t('invoicing.letter') },
                    { value: 'halfLetter', label: t('invoicing.halfLetter') },
                  ]}
                  disabled={running}
                />
              </Stack>
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {t('invoicing.split')}
                </Text>
                <SegmentedControl
                  value={split}
                  onChange={(v) => setSplit(v as InvoiceBatchSplit)}
                  data={[
                    { value: 'single', label: t('invoicing.single') },
                    { value: 'perRoute', label: t('invoicing.perRoute') },
                  ]}
                  disabled={running}
                />
              </Stack>
            </Group>
            <Group justify="space-between">
              <Text c="dimmed">{validPeriod && routes.data ? t('invoicing.selection', { count, skip }) : ''}</Text>
              <Button leftSection={<IconPrinter size={18} />} onClick={() => void start()} loading={starting} disabled={!validPeriod || count === 0 || running}>
                {t('invoicing.print')}
              </Button>
            </Group>
          </Stack>
        </Card>

        {batch && (
          <Card withBorder>
            <Stack>
              <Progress value={percent} size="xl" animated={running} aria-label={t('invoicing.progressLabel')} color={batch.state === 'done' ? 'teal' : batch.state === 'running' ? 'blue' : 'red'} />
              <Group justify="space-between">
                <Text data-testid="invoice-progress">{t('invoicing.progress', { printed: batch.printed, total: toPrint, speed: batch.pagesPerSecond })}</Text>
                {running && (
                  <Button color="red" variant="light" leftSection={<IconPlayerStop size={18} />} onClick={() => void cancel()} loading={cancelling}>
                    {t('invoicing.cancel')}
                  </Button>
                )}
              </Group>
              {batch.state === 'done' && (
                <Alert color="teal" data-testid="invoice-summary">
                  {t('invoicing.done', { printed: batch.printed, skipped: batch.skipped })}
                </Alert>
              )}
              {(batch.state === 'cancelled' || batch.state === 'failed') && (
                <Alert color="red" title={t(batch.state === 'cancelled' ? 'invoicing.cancelled' : 'invoicing.failed')}>
                  {batch.message}
                </Alert>
              )}
              {batch.state === 'done' && batch.files.length === 0 && <Text>{t('invoicing.noFiles')}</Text>}
              {batch.files.length > 0 && (
                <DataTable<InvoiceBatchFile>
                  label={t('invoicing.files')}
                  records={batch.files}
                  idOf={(f) => f.index}
                  striped={false}
                  columns={[
                    { key: 'fileName', title: t('invoicing.file'), sortable: true },
                    { key: 'pages', title: t('invoicing.pages'), sortable: true, textAlign: 'right', render: (f) => f.pages.toLocaleString('es-CO') },
                    { key: 'bytes', title: t('invoicing.size'), sortable: true, textAlign: 'right', noWrap: true, render: (f) => fileSize(f.bytes) },
                    {
                      key: 'actions',
                      title: '',
                      textAlign: 'right',
                      render: (f) => (
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="light" leftSection={<IconDownload size={16} />} loading={downloading === f.index} onClick={() => void download(f.index)}>
                            {t('invoicing.download')}
                          </Button>
                          <Button size="xs" variant="default" leftSection={<IconPrinter size={16} />} loading={printing === f.index} onClick={() => void print(f.index)}>
                            {t('printing.print')}
                          </Button>
                        </Group>
                      ),
                    },
                  ]}
                />
              )}
              {batch.skippedInvoices.length > 0 && (
                <Stack gap="xs">
                  <Text fw={600}>{t('invoicing.skippedTitle')}</Text>
                  <DataTable<SkippedInvoice>
                    label={t('invoicing.skippedTitle')}
                    records={batch.skippedInvoices}
                    idOf={(s) => s.invoiceNumber}
                    compact
                    columns={[
                      { key: 'accountNumber', title: t('invoicing.account'), sortable: true },
                      { key: 'invoiceNumber', title: t('invoicing.invoice'), sortable: true },
                      { key: 'route', title: t('invoicing.route'), sortValue: (s) => `${s.cycle} / ${s.route}`, render: (s) => `${s.cycle} / ${s.route}` },
                      {
                        key: 'reason',
                        title: t('invoicing.reason'),
                        sortable: true,
                        render: (s) => (
                          <Badge variant="light" color={s.reason === 'pagada' ? 'teal' : 'orange'}>
                            {s.reasonText}
                          </Badge>
                        ),
                      },
                    ]}
                  />
                </Stack>
              )}
            </Stack>
          </Card>
        )}

        {validPeriod && routes.data && (
          <Card withBorder>
            <Text fw={600} mb="xs">
              {t('invoicing.routesTitle')}
            </Text>
            <DataTable<RouteSummary>
              label={t('invoicing.routesTitle')}
              records={routes.data}
              idOf={(r) => `${r.cycle}/${r.route}`}
              empty={t('invoicing.routesEmpty')}
              compact
              columns={[
                { key: 'cycle', title: t('invoicing.cycle'), sortable: true },
                { key: 'route', title: t('invoicing.route'), sortable: true },
                { key: 'invoices', title: t('invoicing.invoices'), sortable: true, textAlign: 'right', render: (r) => r.invoices.toLocaleString('es-CO') },
                { key: 'toSkip', title: t('invoicing.toSkip'), sortable: true, textAlign: 'right', render: (r) => r.toSkip.toLocaleString('es-CO') },
              ]}
            />
          </Card>
        )}
      </Stack>
    </>
  );
}
