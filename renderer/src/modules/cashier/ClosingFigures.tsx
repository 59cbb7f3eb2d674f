/** The closing arithmetic, line by line: what should be in the drawer, what is, and the difference. */
import { Badge, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { ClosingSummary } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { useSession } from '../../app/session';
import { absExact, signOf } from '../../../../shared/money';
import { METHOD_LABELS } from './labels';

/** the difference (counted − expected: a number, or the exact figure of a closing) as a badge */
export function DifferenceBadge({ difference }: { difference: number | string }) {
  const t = useT();
  const { money } = useSession();
  const sign = signOf(difference);
  if (sign === 0) return <Badge color="teal">{t('cashier.close.exact')}</Badge>;
  return (
    <Badge color={sign > 0 ? 'blue' : 'red'} size="lg" data-testid="difference">
      {t(sign > 0 ? 'cashier.close.sobrante' : 'cashier.close.faltante', { amount: money(absExact(difference)) })}
    </Badge>
  );
}

export function ClosingFigures({ summary }: { summary: ClosingSummary }) {
  const t = useT();
  const { money } = useSession();
  const lines: [string, number | string, string?][] = [
    [t('cashier.close.openingFloat'), summary.openingFloat],
    [t('cashier.close.cashReceived'), summary.cashReceived, '+'],
    [t('cashier.close.changeGiven'), summary.changeGiven, '−'],
    [t('cashier.close.cashIn'), summary.cashIn, '+'],
    [t('cashier.close.cashOut'), summary.cashOut, '−'],
    [t('cashier.close.voidsReturned'), summary.voidsCashReturned, '−'],
  ];
  const diffSign = signOf(summary.difference);
  const color = diffSign === 0 ? 'teal' : diffSign > 0 ? 'blue' : 'red';
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Table aria-label={t('cashier.close.figures')} verticalSpacing={3}>
        <Table.Tbody>
          {lines.map(([label, value, sign]) => (
            <Table.Tr key={label}>
              <Table.Td>{label}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {sign && signOf(value) !== 0 ? `${sign} ` : ''}
                {money(value)}
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr fw={700}>
            <Table.Td>{t('cashier.close.expected')}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="expected-cash">
              {money(summary.expectedCash)}
            </Table.Td>
          </Table.Tr>
          <Table.Tr fw={700}>
            <Table.Td>{t('cashier.close.counted')}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(summary.countedCash)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td fw={700}>{t('cashier.close.difference')}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              <Text fw={800} size="xl" c={color}>
                {money(summary.difference)}
              </Text>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Stack gap="xs">
        <Group justify="flex-end">
          <DifferenceBadge difference={summary.difference} />
        </Group>
        <Table aria-label={t('cashier.close.perMethod')} verticalSpacing={3}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cashier.close.method')}</Table.Th>
              <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('cashier.close.count')}</Table.Th>
              <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('cashier.close.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {summary.perMethod.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={3} c="dimmed">
                  {t('cashier.close.noPayments')}
                </Table.Td>
              </Table.Tr>
            ) : (
              summary.perMethod.map((m) => (
                <Table.Tr key={m.method}>
                  <Table.Td>{t(METHOD_LABELS[m.method])}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{m.count}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(m.amount)}</Table.Td>
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </Stack>
    </SimpleGrid>
  );
}
