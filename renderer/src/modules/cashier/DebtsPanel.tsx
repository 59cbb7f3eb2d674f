/**
 * The account being paid: who, where, credit in favour, its open invoices and charges with a
 * checkbox each (the order of the clicks is the order of payment; none picked = oldest first),
 * and the charges added now from the price list.
 */
import { useState } from 'react';
import { ActionIcon, Badge, Button, Card, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ChargeItem, PayableAccount } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { formatDate, formatPeriod } from '../../app/format';
import { useSession } from '../../app/session';
import { isHeld, sameDebt, type DebtRef, type DraftCharge } from './payment';

export function DebtsPanel({
  payable,
  picked,
  onPick,
  charges,
  onCharges,
  chargeItems,
}: {
  payable: PayableAccount;
  picked: DebtRef[];
  onPick: (picked: DebtRef[]) => void;
  charges: DraftCharge[];
  onCharges: (charges: DraftCharge[]) => void;
  chargeItems: ChargeItem[];
}) {
  const t = useT();
  const { money } = useSession();
  const { account, openCharges } = payable;
  const toggle = (ref: DebtRef) => onPick(picked.some((p) => sameDebt(p, ref)) ? picked.filter((p) => !sameDebt(p, ref)) : [...picked, ref]);
  const order = (ref: DebtRef) => picked.findIndex((p) => sameDebt(p, ref)) + 1;
  const nothingOpen = account.openInvoices.length === 0 && openCharges.length === 0;
  const held = payable.heldByAgreement;
  /** a debt the waiting agreement finances: shown, not payable until its down payment is taken */
  const heldBadge = (ref: DebtRef) =>
    held && isHeld(payable, ref) ? (
      <Badge color="grape" size="sm" variant="light">
        {t('cashier.account.heldBadge', { number: held.agreementNumber })}
      </Badge>
    ) : null;

  return (
    <Card withBorder component="section" aria-label={t('cashier.account.label')}>
      <Group justify="space-between" align="flex-start" mb="sm">
        <Stack gap={2}>
          <Title order={3} data-testid="pay-account">
            {t('cashier.account.title', { number: account.number })}
          </Title>
          <Text fw={500}>{account.holderName}</Text>
          <Text size="sm" c="dimmed">
            {account.address} · {account.idType} {account.idNumber}
          </Text>
        </Stack>
        <Stack gap={2} align="flex-end">
          <Text size="sm" c="dimmed">
            {t('cashier.account.totalDue')}
          </Text>
          <Text size="xl" fw={700} c={payable.totalDue > 0 ? 'red' : undefined}>
            {money(payable.totalDue)}
          </Text>
          {held && held.total > 0 && (
            <Text size="sm" c="grape" data-testid="pay-held">
              {t('cashier.account.heldTotal', { number: held.agreementNumber, amount: money(held.total) })}
            </Text>
          )}
          {account.creditBalance > 0 && (
            <Badge color="teal" variant="light">
              {t('cashier.account.credit', { amount: money(account.creditBalance) })}
            </Badge>
          )}
        </Stack>
      </Group>

      {nothingOpen ? (
        <Text c="dimmed">{t('cashier.account.nothingDue')}</Text>
      ) : (
        <Table aria-label={t('cashier.account.debts')} highlightOnHover verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40} />
              <Table.Th>{t('cashier.account.debt')}</Table.Th>
              <Table.Th>{t('cashier.account.period')}</Table.Th>
              <Table.Th>{t('cashier.account.dueDate')}</Table.Th>
              <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('cashier.account.balance')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {account.openInvoices.map((invoice) => {
              const ref: DebtRef = { kind: 'invoice', id: invoice.id };
              const n = order(ref);
              return (
                <Table.Tr key={`i${invoice.id}`} c={invoice.overdue ? 'red' : undefined} data-overdue={invoice.overdue || undefined}>
                  <Table.Td>
                    <Checkbox aria-label={t('cashier.account.pickInvoice', { number: invoice.number })} checked={n > 0} disabled={isHeld(payable, ref)} onChange={() => toggle(ref)} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      <Text fw={600}>{t('cashier.account.invoice', { number: invoice.number })}</Text>
                      {heldBadge(ref)}
                      {n > 0 && (
                        <Badge size="sm" circle>
                          {n}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{formatPeriod(invoice.period)}</Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      {formatDate(invoice.dueDate)}
                      {invoice.overdue && (
                        <Badge color="red" size="sm" variant="light">
                          {t('cashier.account.overdue')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} fw={600}>
                    {money(invoice.balance)}
                  </Table.Td>
                </Table.Tr>
              );
            })}
            {openCharges.map((charge) => {
              const ref: DebtRef = { kind: 'charge', id: charge.id };
              const n = order(ref);
              return (
                <Table.Tr key={`c${charge.id}`}>
                  <Table.Td>
                    <Checkbox aria-label={t('cashier.account.pickCharge', { concept: charge.concept })} checked={n > 0} disabled={isHeld(payable, ref)} onChange={() => toggle(ref)} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      <Text fw={600}>{charge.concept}</Text>
                      {charge.quantity > 1 && <Text c="dimmed">× {charge.quantity}</Text>}
                      {heldBadge(ref)}
                      {n > 0 && (
                        <Badge size="sm" circle>
                          {n}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{t('cashier.account.chargeKind')}</Table.Td>
                  <Table.Td>{formatDate(charge.businessDate)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} fw={600}>
                    {money(charge.balance)}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <Text size="xs" c="dimmed" mt={4}>
        {picked.length > 0 ? t('cashier.account.pickedHint') : t('cashier.account.oldestHint')}
      </Text>
      {held && held.total > 0 && (
        <Text size="xs" c="grape">
          {t('cashier.account.heldHint', { number: held.agreementNumber })}
        </Text>
      )}

      <NewCharges charges={charges} onCharges={onCharges} chargeItems={chargeItems} />
    </Card>
  );
}

function NewCharges({ charges, onCharges, chargeItems }: { charges: DraftCharge[]; onCharges: (charges: DraftCharge[]) => void; chargeItems: ChargeItem[] }) {
  const t = useT();
  const { money } = useSession();
  const [adding, setAdding] = useState(false);
  const [itemId, setItemId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState('1');
  const active = chargeItems.filter((c) => c.active);
  const qty = /^\d{1,2}$/.test(quantity.trim()) ? Number(quantity.trim()) : 0;

  const add = () => {
    const item = active.find((c) => String(c.id) === itemId);
    if (!item || qty < 1) return;
    onCharges([...charges, { chargeItemId: item.id, name: item.name, unitAmount: item.amount, quantity: qty }]);
    setAdding(false);
    setItemId(null);
    setQuantity('1');
  };

  return (
    <Stack gap="xs" mt="sm">
      {charges.length > 0 && (
        <Table aria-label={t('cashier.charge.added')} verticalSpacing={2}>
          <Table.Tbody>
            {charges.map((c, i) => (
              <Table.Tr key={`${c.chargeItemId}-${i}`}>
                <Table.Td>
                  <Badge variant="light">{t('cashier.charge.new')}</Badge>
                </Table.Td>
                <Table.Td fw={600}>
                  {c.name} {c.quantity > 1 ? `× ${c.quantity}` : ''}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} fw={600}>
                  {money(c.unitAmount * c.quantity)}
                </Table.Td>
                <Table.Td w={40}>
                  <ActionIcon variant="subtle" color="red" aria-label={t('cashier.charge.remove', { name: c.name })} onClick={() => onCharges(charges.filter((_, j) => j !== i))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {adding ? (
        <Group align="flex-end" gap="xs">
          <Select
            label={t('cashier.charge.item')}
            data={active.map((c) => ({ value: String(c.id), label: `${c.name} — ${money(c.amount)}` }))}
            value={itemId}
            onChange={setItemId}
            searchable
            autoFocus
            style={{ flex: 1 }}
          />
          <TextInput label={t('cashier.charge.quantity')} w={90} value={quantity} onChange={(e) => setQuantity(e.currentTarget.value)} />
          <Button onClick={add} disabled={!itemId || qty < 1}>
            {t('common.add')}
          </Button>
          <Button variant="default" onClick={() => setAdding(false)}>
            {t('common.cancel')}
          </Button>
        </Group>
      ) : (
        <Button variant="subtle" size="compact-sm" w="fit-content" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} disabled={active.length === 0}>
          {t('cashier.charge.add')}
        </Button>
      )}
    </Stack>
  );
}
