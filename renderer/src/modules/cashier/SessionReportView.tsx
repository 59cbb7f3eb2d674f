/** A session's report on screen: the closing figures, receipts, voids and cash movements. */
import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { SessionReport } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { formatDate } from '../../app/format';
import { useSession } from '../../app/session';
import { ClosingFigures } from './ClosingFigures';
import { KIND_LABELS, METHOD_LABELS, REASON_LABELS } from './labels';

export function SessionReportView({ report }: { report: SessionReport }) {
  const t = useT();
  const { money, dateTime } = useSession();
  const { session } = report;
  return (
    <Stack gap="md">
      <Group gap="xl">
        <Text>
          <b>{t('cashier.bar.till')}:</b> {session.tillName}
        </Text>
        <Text>
          <b>{t('cashier.bar.cashier')}:</b> {session.cashierName}
        </Text>
        <Text>
          <b>{t('cashier.report.date')}:</b> {formatDate(session.businessDate)}
        </Text>
        <Text>
          <b>{t('cashier.bar.openedAt')}:</b> {dateTime(session.openedAt)}
        </Text>
        {session.closedAt && (
          <Text>
            <b>{t('cashier.report.closedAt')}:</b> {dateTime(session.closedAt)}
          </Text>
        )}
        <Badge color={session.status === 'abierta' ? 'teal' : 'gray'}>{t(session.status === 'abierta' ? 'cashier.sessions.open' : 'cashier.sessions.closed')}</Badge>
        {session.forced && <Badge color="orange">{t('cashier.sessions.forced')}</Badge>}
      </Group>
      <ClosingFigures summary={report.summary} />
      {report.approvedBy && <Text size="sm">{t('cashier.report.approvedBy', { name: report.approvedBy })}</Text>}
      {report.closeNote && <Text size="sm">{t('cashier.report.note', { note: report.closeNote })}</Text>}

      <Title order={4}>{t('cashier.report.receipts', { count: report.receipts.length })}</Title>
      {report.receipts.length > 0 && (
        <Table aria-label={t('cashier.receipts.title')} verticalSpacing={2} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cashier.receipts.number')}</Table.Th>
              <Table.Th>{t('cashier.receipts.time')}</Table.Th>
              <Table.Th>{t('cashier.receipts.account')}</Table.Th>
              <Table.Th>{t('cashier.receipts.methods')}</Table.Th>
              <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('cashier.receipts.amount')}</Table.Th>
              <Table.Th>{t('cashier.receipts.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.receipts.map((r) => (
              <Table.Tr key={r.paymentId} c={r.status === 'anulado' ? 'dimmed' : undefined}>
                <Table.Td>{r.receiptLabel}</Table.Td>
                <Table.Td>{dateTime(r.postedAt)}</Table.Td>
                <Table.Td>
                  {r.accountNumber} · {r.holderName}
                </Table.Td>
                <Table.Td>{r.methods.map((m) => t(METHOD_LABELS[m])).join(', ')}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(r.amount)}</Table.Td>
                <Table.Td>{t(r.status === 'anulado' ? 'cashier.receipts.voided' : 'cashier.receipts.live')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      {report.voids.length > 0 && (
        <>
          <Title order={4}>{t('cashier.report.voids')}</Title>
          <Table aria-label={t('cashier.report.voids')} verticalSpacing={2} fz="sm">
            <Table.Tbody>
              {report.voids.map((v) => (
                <Table.Tr key={v.paymentId}>
                  <Table.Td>{v.receiptLabel}</Table.Td>
                  <Table.Td>{dateTime(v.at)}</Table.Td>
                  <Table.Td>{v.reason}</Table.Td>
                  <Table.Td>{t('cashier.report.approvedBy', { name: v.approvedBy })}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(v.amount)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {v.refundMethod === 'transferencia' ? t('cashier.report.refundTransfer', { reference: v.refundReference }) : t('cashier.report.cashBack', { amount: money(v.cashReturned) })}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}

      {report.movements.length > 0 && (
        <>
          <Title order={4}>{t('cashier.report.movements')}</Title>
          <Table aria-label={t('cashier.report.movements')} verticalSpacing={2} fz="sm">
            <Table.Tbody>
              {report.movements.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{dateTime(m.createdAt)}</Table.Td>
                  <Table.Td>{t(KIND_LABELS[m.kind])}</Table.Td>
                  <Table.Td>
                    {t(REASON_LABELS[m.reason])}
                    {m.note ? ` · ${m.note}` : ''}
                  </Table.Td>
                  <Table.Td>{m.userName}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(m.amount)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
