/**
 * Counting the drawer by denomination (opening float, closing count, forced close): one row per bill
 * and coin, the quantity typed, its subtotal and the live total. Tab goes down the quantities.
 */
import { Table, Text, TextInput } from '@mantine/core';
import type { Denomination, DenominationCount as CountLine } from '../../../shared/denominations';
import { useT } from '../i18n';
import { useSession } from './session';

/** quantities as typed, one per denomination (same order) */
export type CountDraft = string[];

export function emptyDraft(denominations: readonly Denomination[]): CountDraft {
  return denominations.map(() => '');
}

function quantityOf(text: string): number | null {
  const value = text.trim();
  if (value === '') return 0;
  return /^\d{1,6}$/.test(value) ? Number(value) : null;
}

/** The count to send, or null when a quantity is not a whole number. */
export function countOf(denominations: readonly Denomination[], draft: CountDraft): CountLine[] | null {
  const lines: CountLine[] = [];
  for (const [i, d] of denominations.entries()) {
    const quantity = quantityOf(draft[i] ?? '');
    if (quantity === null) return null;
    lines.push({ kind: d.kind, value: d.value, quantity });
  }
  return lines;
}

export function draftTotal(denominations: readonly Denomination[], draft: CountDraft): number {
  return denominations.reduce((sum, d, i) => sum + d.value * (quantityOf(draft[i] ?? '') ?? 0), 0);
}

export function DenominationCount({
  denominations,
  draft,
  onChange,
  label,
  autoFocus = false,
}: {
  denominations: readonly Denomination[];
  draft: CountDraft;
  onChange: (draft: CountDraft) => void;
  /** names the table for screen readers and tests */
  label: string;
  autoFocus?: boolean;
}) {
  const t = useT();
  const { money } = useSession();
  const total = draftTotal(denominations, draft);
  return (
    <Table aria-label={label} verticalSpacing={2} withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('cashier.count.denomination')}</Table.Th>
          <Table.Th w={120}>{t('cashier.count.quantity')}</Table.Th>
          <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('cashier.count.subtotal')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {denominations.map((d, i) => {
          const name = t(d.kind === 'billete' ? 'cashier.count.bill' : 'cashier.count.coin', { value: money(d.value) });
          const quantity = quantityOf(draft[i] ?? '');
          return (
            <Table.Tr key={`${d.kind}-${d.value}`}>
              <Table.Td>{name}</Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  inputMode="numeric"
                  aria-label={t('cashier.count.quantityOf', { name })}
                  value={draft[i] ?? ''}
                  error={quantity === null ? t('cashier.count.invalid') : undefined}
                  autoFocus={autoFocus && i === 0}
                  onFocus={(e) => e.currentTarget.select()}
                  onChange={(e) => {
                    const next = [...draft];
                    next[i] = e.currentTarget.value;
                    onChange(next);
                  }}
                />
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{quantity ? money(d.value * quantity) : '—'}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr>
          <Table.Th colSpan={2}>{t('cashier.count.total')}</Table.Th>
          <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
            <Text fw={700} size="lg" data-testid="count-total">
              {money(total)}
            </Text>
          </Table.Th>
        </Table.Tr>
      </Table.Tfoot>
    </Table>
  );
}
