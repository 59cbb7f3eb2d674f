/**
 * Caja › Turnos: the sessions of the user (coordinators and administrators: of the office) by date,
 * each one's report and PDF; coordinators also see the sessions still open, to force-close one
 * that was forgotten.
 */
import { useState } from 'react';
import { Badge, Button, Card, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconDownload, IconFilter } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { CashSession } from '../../../../shared/contract';
import { addDays, todayIn } from '../../../../shared/dates';
import { useT } from '../../i18n';
import { notifyError } from '../../app/forms';
import { formatDate, parseDisplayDate } from '../../app/format';
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
  const [fromText, setFromText] = useState(formatDate(addDays(today, -30)));
  const [toText, setToText] = useState(formatDate(today));
  const [range, setRange] = useState({ from: addDays(today, -30), to: today });
  const [rangeError, setRangeError] = useState<string | null>(null);
  const { data, error, loading, reload } = useLoad(() => send('cashier.sessions', range), [range.from, range.to]);
  const [openId, setOpenId] = useState<number | null>(null);

  const filter = (event: React.FormEvent) => {
    event.preventDefault();
    const from = parseDisplayDate(fromText);
    const to = parseDisplayDate(toText);
    if (!from || !to) return setRangeError(t('common.dateInvalid'));
    if (from > to) return setRangeError(t('cashier.sessions.rangeInvalid'));
    setRangeError(null);
    setRange({ from, to });
  };

  return (
    <Stack>
      <PageTitle title={t('cashier.sessions.title')} description={t('cashier.sessions.description')} />
      {can(COORDINATORS) && <OpenSessions onClosed={() => void reload()} />}
      <form onSubmit={filter}>
        <Group align="flex-end" gap="xs">
          <TextInput label={t('cashier.sessions.from')} placeholder={t('common.datePlaceholder')} value={fromText} onChange={(e) => setFromText(e.currentTarget.value)} w={150} />
          <TextInput label={t('cashier.sessions.to')} placeholder={t('common.datePlaceholder')} value={toText} onChange={(e) => setToText(e.currentTarget.value)} w={150} />
          <Button type="submit" variant="light" leftSection={<IconFilter size={16} />}>
            {t('cashier.sessions.filter')}
          </Button>
          {rangeError && <Text c="red">{rangeError}</Text>}
        </Group>
      </form>
      {loading && !data ? (
        <Loading />
      ) : error || !data ? (
        error && <LoadError error={error} retry={() => void reload()} />
      ) : data.length === 0 ? (
        <Text c="dimmed">{t('cashier.sessions.none')}</Text>
      ) : (
        <SessionsTable sessions={data} onOpen={setOpenId} label={t('cashier.sessions.title')} />
      )}
      <ReportModal sessionId={openId} onClose={() => setOpenId(null)} />
    </Stack>
  );
}

function SessionsTable({ sessions, onOpen, label, action }: { sessions: CashSession[]; onOpen?: (id: number) => void; label: string; action?: (s: CashSession) => React.ReactNode }) {
  const t = useT();
  const { money, dateTime } = useSession();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('cashier.report.date')}</Table.Th>
            <Table.Th>{t('cashier.bar.till')}</Table.Th>
            <Table.Th>{t('cashier.bar.cashier')}</Table.Th>
            <Table.Th>{t('cashier.bar.openedAt')}</Table.Th>
            <Table.Th>{t('cashier.report.closedAt')}</Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('cashier.bar.receipts')}</Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('cashier.bar.collected')}</Table.Th>
            <Table.Th>{t('cashier.close.difference')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sessions.map((s) => (
            <Table.Tr
              key={s.id}
              className={onOpen ? 'row-selectable' : undefined}
              tabIndex={onOpen ? 0 : undefined}
              onClick={onOpen ? () => onOpen(s.id) : undefined}
              onKeyDown={onOpen ? (e) => e.key === 'Enter' && onOpen(s.id) : undefined}
            >
              <Table.Td>{formatDate(s.businessDate)}</Table.Td>
              <Table.Td>{s.tillName}</Table.Td>
              <Table.Td>{s.cashierName}</Table.Td>
              <Table.Td>{dateTime(s.openedAt)}</Table.Td>
              <Table.Td>{s.closedAt ? dateTime(s.closedAt) : '—'}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{s.paymentCount}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(s.collected)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {s.status === 'abierta' ? (
                  <Badge color="teal" variant="light">
                    {t('cashier.sessions.open')}
                  </Badge>
                ) : s.difference !== null ? (
                  <Group gap={4}>
                    <DifferenceBadge difference={s.difference} />
                    {s.forced && <Badge color="orange">{t('cashier.sessions.forced')}</Badge>}
                  </Group>
                ) : null}
              </Table.Td>
              <Table.Td>{action?.(s)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ReportModal({ sessionId, onClose }: { sessionId: number | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal opened={sessionId !== null} onClose={onClose} title={t('cashier.report.title')} size="80rem">
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

function OpenSessions({ onClosed }: { onClosed: () => void }) {
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
        onClosed={() => {
          void reload();
          onClosed();
        }}
      />
    </Card>
  );
}
