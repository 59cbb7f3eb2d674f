/**
 * Impresión › Registro: every print job with its result. A failed job is sent again from its stored
 * file with "Reintentar". Cashiers and clerks see their own jobs; coordinators and the administrator
 * everyone's.
 */
import { useState } from 'react';
import { Badge, Button, Checkbox, Group, Select, Stack, Text } from '@mantine/core';
import { IconDownload, IconFilter, IconRefresh } from '@tabler/icons-react';
import { send } from '../../api/client';
import { DOCUMENT_KINDS, PRINT_JOB_STATES, type DocumentKind, type PrintJob, type PrintJobState } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { notifyError } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { DateRangeField, type DateRange } from '../../app/DateField';
import { downloadDocument } from '../../app/download';
import { showPrintResult } from '../../app/PrintButton';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { JOB_STATE_COLORS, JOB_STATE_LABELS, KIND_LABELS } from './labels';

const READERS = ['coordinador', 'administrador'] as const;

interface Filters {
  state?: PrintJobState;
  kind?: DocumentKind;
  from?: string;
  to?: string;
  mine: boolean;
}

export function PrintLogPage() {
  const t = useT();
  const { can, dateTime } = useSession();
  const readsAll = can(READERS);
  const [state, setState] = useState<string>('');
  const [kind, setKind] = useState<string>('');
  const [range, setRange] = useState<DateRange>({ from: null, to: null });
  const [mine, setMine] = useState(false);
  const [filters, setFilters] = useState<Filters>({ mine: false });
  const { data, error, loading, reload } = useLoad(() => send('printing.jobs', { ...filters, limit: 200 }), [filters]);
  const [retrying, setRetrying] = useState<number | null>(null);

  const filter = (event: React.FormEvent) => {
    event.preventDefault();
    if (range.from && range.to && range.to < range.from) return;
    setFilters({ state: (state || undefined) as PrintJobState | undefined, kind: (kind || undefined) as DocumentKind | undefined, from: range.from ?? undefined, to: range.to ?? undefined, mine });
  };

  const retry = async (job: PrintJob) => {
    setRetrying(job.id);
    try {
      showPrintResult(t, await send('printing.retry', { jobId: job.id }), null, { whenNotConfigured: 'offer' });
      await reload();
    } catch (e) {
      notifyError(e);
    } finally {
      setRetrying(null);
    }
  };

  const download = async (job: PrintJob) => {
    try {
      downloadDocument(await send('printing.jobFile', { jobId: job.id }));
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <Stack>
      <PageTitle
        title={t('printLog.title')}
        description={t('printLog.description')}
        actions={
          <Button variant="default" leftSection={<IconRefresh size={18} />} loading={loading} onClick={() => void reload()}>
            {t('printers.refresh')}
          </Button>
        }
      />
      <form onSubmit={filter}>
        <Group align="flex-end" gap="xs">
          <Select
            label={t('printLog.state')}
            data={[{ value: '', label: t('printLog.allStates') }, ...PRINT_JOB_STATES.map((s) => ({ value: s, label: t(JOB_STATE_LABELS[s]) }))]}
            value={state}
            onChange={(v) => setState(v ?? '')}
            allowDeselect={false}
            w={170}
          />
          <Select
            label={t('printLog.kind')}
            data={[{ value: '', label: t('printLog.allKinds') }, ...DOCUMENT_KINDS.map((k) => ({ value: k, label: t(KIND_LABELS[k]) }))]}
            value={kind}
            onChange={(v) => setKind(v ?? '')}
            allowDeselect={false}
            w={210}
          />
          <DateRangeField value={range} onChange={setRange} fromLabel={t('printLog.from')} toLabel={t('printLog.to')} />
          {readsAll && <Checkbox label={t('printLog.mine')} checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} mb={8} />}
          <Button type="submit" variant="light" leftSection={<IconFilter size={16} />}>
            {t('printLog.filter')}
          </Button>
        </Group>
      </form>
      {loading && !data ? (
        <Loading />
      ) : error || !data ? (
        error && <LoadError error={error} retry={() => void reload()} />
      ) : (
        <DataTable<PrintJob>
          label={t('printLog.title')}
          records={data}
          idOf={(job) => job.id}
          empty={t('printLog.empty')}
          minWidth={1000}
          pinLastColumn
          rowTestId={(job) => `print-job-${job.id}`}
          columns={[
            { key: 'when', title: t('printLog.when'), noWrap: true, sortValue: (job) => job.lastAttemptAt ?? job.createdAt, render: (job) => dateTime(job.lastAttemptAt ?? job.createdAt) },
            {
              key: 'title',
              title: t('printLog.document'),
              sortable: true,
              render: (job) => (
                <>
                  <Text fw={600} size="sm">
                    {job.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t(KIND_LABELS[job.kind])}
                  </Text>
                </>
              ),
            },
            { key: 'userName', title: t('printLog.who'), sortable: true },
            {
              key: 'printerName',
              title: t('printLog.printer'),
              sortable: true,
              render: (job) => (
                <>
                  {job.printerName ?? '—'}
                  {job.systemJobId && (
                    <Text size="xs" c="dimmed">
                      {job.systemJobId}
                    </Text>
                  )}
                </>
              ),
            },
            { key: 'copies', title: t('printLog.copies'), sortable: true, textAlign: 'right' },
            { key: 'pages', title: t('printLog.pages'), sortable: true, textAlign: 'right' },
            {
              key: 'state',
              title: t('printLog.result'),
              sortable: true,
              render: (job) => (
                <>
                  <Group gap={6}>
                    <Badge color={JOB_STATE_COLORS[job.state]} variant="light">
                      {t(JOB_STATE_LABELS[job.state])}
                    </Badge>
                    {job.attempts > 1 && (
                      <Text size="xs" c="dimmed">
                        {t('printLog.attempts', { n: job.attempts })}
                      </Text>
                    )}
                  </Group>
                  {job.error && (
                    <Text size="sm" c="red.8">
                      {job.error}
                    </Text>
                  )}
                </>
              ),
            },
            {
              key: 'actions',
              title: '',
              render: (job) => (
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  {job.state !== 'enviado' && (
                    <Button
                      size="compact-sm"
                      variant="light"
                      leftSection={<IconRefresh size={14} />}
                      loading={retrying === job.id}
                      onClick={() => void retry(job)}
                      aria-label={t('printLog.retryOf', { title: job.title })}
                    >
                      {t('printLog.retry')}
                    </Button>
                  )}
                  <Button size="compact-sm" variant="subtle" leftSection={<IconDownload size={14} />} onClick={() => void download(job)} aria-label={t('printLog.fileOf', { title: job.title })}>
                    {t('printLog.file')}
                  </Button>
                </Group>
              ),
            },
          ]}
        />
      )}
    </Stack>
  );
}
