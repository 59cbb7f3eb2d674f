/** A receipt on screen, as it prints: number, lines, methods, change, new balance, verification code. */
import { Badge, Card, Divider, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { Receipt } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { useSession } from '../../app/session';
import { METHOD_LABELS } from './labels';

export function ReceiptView({ receipt }: { receipt: Receipt }) {
  const t = useT();
  const { money } = useSession();
  return (
    <Card withBorder maw={560} w="100%" component="article" aria-label={t('cashier.receipt.label', { label: receipt.receiptLabel })}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Stack gap={0}>
            <Text size="sm" c="dimmed">
              {receipt.company.name} · {receipt.office.name}
            </Text>
            <Title order={3} data-testid="receipt-number">
              {t('cashier.receipt.title', { label: receipt.receiptLabel })}
            </Title>
            <Text size="sm">
              {receipt.postedAtText} · {receipt.tillName} · {receipt.cashierName}
            </Text>
          </Stack>
          {receipt.status === 'anulado' && (
            <Badge color="red" size="lg">
              {t('cashier.receipt.voided')}
            </Badge>
          )}
        </Group>
        <Text>
          <b>{t('cashier.receipt.account', { number: receipt.account.number })}</b> · {receipt.account.holderName}
        </Text>
        <Table verticalSpacing={2} aria-label={t('cashier.receipt.lines')}>
          <Table.Tbody>
            {receipt.lines.map((line) => (
              <Table.Tr key={`${line.kind}${line.id}`}>
                <Table.Td>{line.description}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(line.amount)}</Table.Td>
              </Table.Tr>
            ))}
            {receipt.creditAdded > 0 && (
              <Table.Tr>
                <Table.Td>{t('cashier.receipt.credit')}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(receipt.creditAdded)}</Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
        <Group justify="space-between">
          <Text fw={700}>{t('cashier.receipt.total')}</Text>
          <Text fw={700} size="xl" data-testid="receipt-total">
            {money(receipt.amount)}
          </Text>
        </Group>
        <Divider />
        {receipt.tenders.map((tender, i) => (
          <Group key={i} justify="space-between">
            <Text size="sm">
              {t(METHOD_LABELS[tender.method])}
              {tender.reference ? ` · ${tender.reference}` : ''}
              {tender.bank ? ` · ${tender.bank}` : ''}
            </Text>
            <Text size="sm">{money(tender.method === 'efectivo' && receipt.cashReceived > 0 ? receipt.cashReceived : tender.amount)}</Text>
          </Group>
        ))}
        <Group justify="space-between">
          <Text fw={700}>{t('cashier.receipt.change')}</Text>
          <Text fw={800} size="28px" c="blue" data-testid="receipt-change">
            {money(receipt.change)}
          </Text>
        </Group>
        <Divider />
        <Group justify="space-between">
          <Text size="sm">{t('cashier.receipt.balanceAfter')}</Text>
          <Text size="sm" fw={600}>
            {money(receipt.balanceAfter)}
          </Text>
        </Group>
        {receipt.reconnection && (
          <Text size="sm" fw={600} c="teal" data-testid="receipt-reconnection">
            {t('cashier.receipt.reconnection', { number: receipt.reconnection.number, due: receipt.reconnection.dueAtText })}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('cashier.receipt.verification', { code: receipt.verificationCode })}
        </Text>
        {receipt.void && (
          <Text size="sm" c="red">
            {t('cashier.receipt.voidLine', { reason: receipt.void.reason, by: receipt.void.approvedBy })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
