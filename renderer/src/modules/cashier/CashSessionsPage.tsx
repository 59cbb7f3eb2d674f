/**
 * Caja › Turnos: the sessions of the user (coordinators and administrators: of the office) by date,
 * each one's report and PDF; coordinators also see the sessions still open, to force-close one
 * that was forgotten — and get its closing report right after, as the normal close gives it.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconFilter } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { CashSession, SessionReport } from '../../../../shared/contract';
import { addDays, todayIn } from '../../../../shared/dates';
import { useT } from '../../i18n';
import { notifyError } from '../../app/forms';
import { formatDate } from '../../app/format';
import { DataTable } from '../../app/DataTable';
import { DateRangeField, type DateRange } from '../../app/DateField';
import { downloadDocument } from '../../app/download';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { PrintButton } from '../../app/PrintButton';
import { SessionReportView } from './SessionReportView';
import { DifferenceBadge } from './ClosingFigures';
import { ForceCloseModal } from './ForceCloseModal';

const COORDINATORS = ['coordinador', 'administrador'] as const;

export function CashSessionsPage() {
  const t = useT();
  const { company, can } = useSession();
  const today = todayIn(company.timeZone);
  const [typed, setTyped] = useState<DateRange>({ from: addDays(today, -30), to: today });
  const [range, setRange] = useState({ from: addDays(today, -30), to: today });
  const [rangeError, setRangeError] = useState<string | null>(null);
  const { data, error, loading, reload } = useLoad(() => send('cashier.sessions', range), [range.from, range.to]);
  const [openId, setOpenId] = useState<number | null>(null);
  /** a session just closed by force: its report opens with a word saying so */
  const [forced, setForced] = useState<SessionReport | null>(null);

  const filter = (event: React.FormEvent) => {
    event.preventDefault();
    if (!typed.from || !typed.to) return setRangeError(t('date.invalid'));
    if (typed.from > typed.to) return setRangeError(t('cashier.sessions.rangeInvalid'));
    setRangeError(null);
    setRange({ from: typed.from, to: typed.to });
  };

  return (
    <Stack>
      <PageTitle title={t('cashier.sessions.title')} description={t('cashier.sessions.description')} />
      {can(COORDINATORS) && (
        <OpenSessions
          onClosed={(report) => {
            void reload();
            setForced(report);
            setOpenId(report.session.id);
          }}
        />
      )}
      <form onSubmit={filter}>
        <Group align="flex-start" gap="xs">
          <DateRangeField value={typed} onChange={setTyped} fromLabel={t('cashier.sessions.from')} toLabel={t('cashier.sessions.to')} error={rangeError} required />
          <Button type="submit" variant="light" leftSection={<IconFilter size={16} />} mt={25}>
            {t('cashier.sessions.filter')}
          </Button>
        </Group>
      </form>
      {loading && !data ? (
        <Loading />
      ) : error || !data ? (
        error && <LoadError error={error} retry={() => void reload()} />
      ) : (
        <SessionsTable sessions={data} onOpen={setOpenId} label={t('cashier.sessions.title')} empty={t('cashier.sessions.none')} />
      )}
      <ReportModal
        sessionId={openId}
        forced={forced !== null && forced.session.id === openId ? forced : null}
        onClose={() => {
          setOpenId(null);
          setForced(null);
        }}
      />
    </Stack>
  );
}

function SessionsTable({
  sessions,
  onOpen,
  label,
  action,
  empty,
}: {
  sessions: CashSession[];
  onOpen?: (id: number) => void;
  label: string;
  action?: (s: CashSession) => React.ReactNode;
  empty?: string;
}) {
  const t = useT();
  const { money, dateTime } = useSession();
  return (
    <DataTable<CashSession>
      label={label}
      records={sessions}
      idOf={(s) => s.id}
      empty={empty}
      minWidth={900}
      onRowClick={onOpen ? (s) => onOpen(s.id) : undefined}
      rowAttributes={onOpen ? (s) => ({ tabIndex: 0, onKeyDown: (e: React.KeyboardEvent) => e.key === 'Enter' && onOpen(s.id) }) : undefined}
      columns={[
        { key: 'businessDate', title: t('cashier.report.date'), sortable: true, noWrap: true, render: (s) => formatDate(s.businessDate) },
        { key: 'tillName', title: t('cashier.bar.till'), sortable: true },
        { key: 'cashierName', title: t('cashier.bar.cashier'), sortable: true },
        { key: 'openedAt', title: t('cashier.bar.openedAt'), sortable: true, noWrap: true, render: (s) => dateTime(s.openedAt) },
        { key: 'closedAt', title: t('cashier.report.closedAt'), sortable: true, noWrap: true, render: (s) => (s.closedAt ? dateTime(s.closedAt) : '—') },
        { key: 'paymentCount', title: t('cashier.bar.receipts'), sortable: true, textAlign: 'right', noWrap: true },
        { key: 'collected', title: t('cashier.bar.collected'), sortable: true, textAlign: 'right', noWrap: true, render: (s) => money(s.collected) },
        {
          key: 'difference',
          title: t('cashier.close.difference'),
          sortable: true,
          noWrap: true,
          render: (s) =>
            s.status === 'abierta' ? (
              <Badge color="teal" variant="light">
                {t('cashier.sessions.open')}
              </Badge>
            ) : s.difference !== null ? (
              <Group gap={4} wrap="nowrap">
                <DifferenceBadge difference={s.difference} />
                {s.forced && <Badge color="orange">{t('cashier.sessions.forced')}</Badge>}
              </Group>
            ) : null,
        },
        ...(action ? [{ key: 'action', title: '', render: (s: CashSession) => action(s) }] : []),
      ]}
    />
  );
}

function ReportModal({ sessionId, forced, onClose }: { sessionId: number | null; forced: SessionReport | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal opened={sessionId !== null} onClose={onClose} title={t('cashier.report.title')} size="80rem">
      {forced && (
        <Alert color="orange" mb="sm" data-testid="forced-report">
          {t('cashier.force.reportReady', { till: forced.session.tillName, name: forced.session.cashierName })}
        </Alert>
      )}
      {sessionId !== null && <ReportBody sessionId={sessionId} />}
    </Modal>
  );
}

function ReportBody({ sessionId }: { sessionId: number }) {
  const t = useT();
  const { data, error, loading, reload } = useLoad(() => send('cashier.sessionReport', { sessionId }), [sessionId]);
  const download = async () => {
    try {
      downloadDocument(await send('cashier.sessionReportPdf', { sessionId }));
    } catch (e) {
      notifyError(e);
    }
  };
  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
  return (
    <Stack>
      <Group justify="flex-end">
        <Button leftSection={<IconDownload size={18} />} onClick={() => void download()}>
          {t('cashier.report.download')}
        </Button>
        <PrintButton kind="report" title={`Informe de cierre ${data.session.tillName}`} load={() => send('cashier.sessionReportPdf', { sessionId })} />
      </Group>
      <SessionReportView report={data} />
    </Stack>
  );
}

function OpenSessions({ onClosed }: { onClosed: (report: SessionReport) => void }) {
  const t = useT();
  const { data, error, reload } = useLoad(async () => ({ sessions: await send('cashier.openSessions', {}), setup: await send('cashier.denominations', {}) }), []);
  const [forcing, setForcing] = useState<CashSession | null>(null);
  if (error) return <LoadError error={error} retry={() => void reload()} />;
  if (!data) return null;
  return (
    <Card withBorder>
      <Title order={4} mb="xs">
        {t('cashier.sessions.openTitle')}
      </Title>
      {data.sessions.length === 0 ? (
        <Text c="dimmed">{t('cashier.sessions.noneOpen')}</Text>
      ) : (
        <SessionsTable
          sessions={data.sessions}
          label={t('cashier.sessions.openTitle')}
          action={(s) => (
            <Button size="compact-sm" color="orange" variant="light" onClick={() => setForcing(s)}>
              {t('cashier.force.button')}
            </Button>
          )}
        />
      )}
      <ForceCloseModal
        session={forcing}
        denominations={data.setup.denominations}
        onClose={() => setForcing(null)}
        onClosed={(report) => {
          void reload();
          onClosed(report);
        }}
      />
    </Card>
  );
}
