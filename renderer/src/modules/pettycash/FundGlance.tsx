/**
 * The fund at a glance: the cash that should be in the box in big letters, the fund amount, the
 * share used with a bar per rubro (limit, spent, available), the red alert when the threshold is
 * passed, the open advances with their age and the vouchers still waiting for their support.
 */
import type { ReactNode } from 'react';
import { Alert, Badge, Card, Group, List, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconPaperclip } from '@tabler/icons-react';
import type { PettyCashStatus } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { formatDate } from '../../app/format';
import { useSession } from '../../app/session';
import { percent } from './labels';

function barColor(used: number, threshold: number): string {
  if (used >= threshold) return 'red';
  if (used >= threshold * 0.8) return 'orange';
  return 'teal';
}

export function FundGlance({ status, actions }: { status: PettyCashStatus; actions?: ReactNode }) {
  const t = useT();
  const { money, dateTime } = useSession();
  const { fund } = status;
  return (
    <Stack gap="md">
      {status.thresholdPassed && (
        <Alert color="red" variant="filled" icon={<IconAlertTriangle />} role="alert" data-testid="petty-threshold-alert" title={t('pettyCash.glance.thresholdTitle', { percent: fund.thresholdPercent })}>
          {status.alerts.length > 0 ? (
            <List size="sm" c="white">
              {status.alerts.map((a) => (
                <List.Item key={a}>{a}</List.Item>
              ))}
            </List>
          ) : (
            t('pettyCash.glance.thresholdText')
          )}
        </Alert>
      )}
      {status.pendingReimbursement && (
        <Alert color="grape" data-testid="petty-pending-reimbursement">
          {t('pettyCash.glance.pendingReimbursement', { number: status.pendingReimbursement.number, amount: money(status.pendingReimbursement.total) })}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <Card withBorder padding="md">
          <Text size="sm" c="dimmed">
            {t('pettyCash.glance.available')}
          </Text>
          <Title order={1} data-testid="petty-available">
            {money(status.available)}
          </Title>
          <Text size="xs" c="dimmed">
            {t('pettyCash.glance.availableHelp')}
          </Text>
        </Card>
        <Card withBorder padding="md">
          <Text size="sm" c="dimmed">
            {t('pettyCash.glance.amount')}
          </Text>
          <Title order={3} data-testid="petty-amount">
            {money(fund.amount)}
          </Title>
          <Text size="xs" c="dimmed">
            {t('pettyCash.glance.maxPerExpense', { amount: money(fund.maxPerExpense) })}
          </Text>
        </Card>
        <Card withBorder padding="md">
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t('pettyCash.glance.used')}
            </Text>
            <Text fw={700} c={barColor(status.usedPercent, fund.thresholdPercent)} data-testid="petty-used">
              {percent(status.usedPercent)}
            </Text>
          </Group>
          <Progress
            mt="xs"
            size="lg"
            value={Math.min(100, status.usedPercent)}
            color={barColor(status.usedPercent, fund.thresholdPercent)}
            aria-label={t('pettyCash.glance.usedOfFund')}
          />
          <Text size="xs" c="dimmed" mt={4}>
            {t('pettyCash.glance.unreimbursed', { amount: money(status.unreimbursed), threshold: fund.thresholdPercent })}
          </Text>
        </Card>
        <Card withBorder padding="md">
          <Text size="sm" c="dimmed">
            {t('pettyCash.glance.papers')}
          </Text>
          <Stack gap={2} mt={4}>
            <Text fw={600} c={status.openAdvances.length > 0 ? 'orange.8' : 'dimmed'} data-testid="petty-open-advances">
              {t('pettyCash.glance.advancesBadge', { n: status.openAdvances.length })}
            </Text>
            <Group gap={4} wrap="nowrap">
              <IconPaperclip size={16} color={status.pendingSupportCount > 0 ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-dimmed)'} />
              <Text fw={600} c={status.pendingSupportCount > 0 ? 'red.7' : 'dimmed'} data-testid="petty-pending-support">
                {t('pettyCash.glance.pendingSupport', { n: status.pendingSupportCount })}
              </Text>
            </Group>
          </Stack>
          <Text size="xs" c="dimmed" mt={4}>
            {status.lastArqueo
              ? t('pettyCash.glance.lastArqueo', { at: dateTime(status.lastArqueo.at), by: status.lastArqueo.countedBy })
              : t('pettyCash.glance.noArqueo')}
          </Text>
          {status.lastArqueo && status.lastArqueo.difference !== 0 && (
            <Text size="xs" fw={700} c={status.lastArqueo.difference < 0 ? 'red.7' : 'blue.7'} data-testid="petty-last-arqueo-difference">
              {t(status.lastArqueo.difference < 0 ? 'pettyCash.arqueo.faltante' : 'pettyCash.arqueo.sobrante', { amount: money(Math.abs(status.lastArqueo.difference)) })}
            </Text>
          )}
        </Card>
      </SimpleGrid>
      {actions}
      <Card withBorder padding="md">
        <Text fw={600} mb="xs">
          {t('pettyCash.glance.lines')}
        </Text>
        <Table aria-label={t('pettyCash.glance.lines')} verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('pettyCash.line.name')}</Table.Th>
              <Table.Th ta="right">{t('pettyCash.line.limit')}</Table.Th>
              <Table.Th ta="right">{t('pettyCash.line.spent')}</Table.Th>
              <Table.Th ta="right">{t('pettyCash.line.available')}</Table.Th>
              <Table.Th w="30%">{t('pettyCash.line.used')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {status.budgetLines.map((line) => (
              <Table.Tr key={line.id} data-testid={`petty-line-${line.code}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {line.code} · {line.name}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{money(line.limit)}</Table.Td>
                <Table.Td ta="right">{money(line.spent)}</Table.Td>
                <Table.Td ta="right" fw={600}>
                  {money(line.available)}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Progress
                      style={{ flex: 1 }}
                      value={Math.min(100, line.usedPercent)}
                      color={barColor(line.usedPercent, fund.thresholdPercent)}
                      aria-label={t('pettyCash.glance.usedOfLine', { line: line.name })}
                    />
                    <Text size="sm" w={64} ta="right" c={line.thresholdPassed ? 'red' : undefined} fw={line.thresholdPassed ? 700 : undefined}>
                      {percent(line.usedPercent)}
                    </Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      {status.openAdvances.length > 0 && (
        <Card withBorder padding="md">
          <Text fw={600} mb="xs">
            {t('pettyCash.glance.openAdvances', { total: money(status.openAdvancesTotal) })}
          </Text>
          <Table aria-label={t('pettyCash.glance.openAdvancesLabel')} verticalSpacing={4}>
            <Table.Tbody>
              {status.openAdvances.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.number}</Table.Td>
                  <Table.Td>{formatDate(a.date)}</Table.Td>
                  <Table.Td>{a.payee.name}</Table.Td>
                  <Table.Td>{a.concept}</Table.Td>
                  <Table.Td ta="right">{money(a.amount)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={a.ageDays > 5 ? 'red' : 'orange'}>
                      {t('pettyCash.advance.age', { n: a.ageDays })}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
