/**
 * What the customer pays and how: the amount (the picked debts, the whole balance or a typed
 * amount), the live allocation preview, the methods (cash received → change; cards, transfer,
 * cheque with their references), and the confirmation that posts the payment. The back office's
 * limits (cards, transfers and cheques never above what is being paid, the maximum per receipt, a
 * coordinator above the threshold) are checked here first and shown next to the field; a refusal
 * of the back office with a field lands next to that field too.
 */
import { useEffect, useId, useState } from 'react';
import { ActionIcon, Box, Button, Card, Divider, Group, Menu, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconCash, IconPlus, IconTrash } from '@tabler/icons-react';
import { send } from '../../api/client';
import { apiErrorOf, type FieldErrors } from '../../app/forms';
import { useLoad } from '../../app/useLoad';
import { ApprovalFields, NO_APPROVAL, type Approval } from './ApprovalFields';
import type { PayableAccount, Receipt } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { formatPeriod } from '../../app/format';
import { useSession } from '../../app/session';
import { ConfirmModal } from '../../app/ConfirmModal';
import { MoneyInput } from '../../app/MoneyInput';
import { METHOD_LABELS } from './labels';
import {
  amountToPay,
  chargesTotal,
  effectivePicks,
  payableFor,
  pickedTotal,
  planTenders,
  previewAllocation,
  type AmountMode,
  type DebtRef,
  type DraftCharge,
  type DraftTender,
  type OtherMethod,
} from './payment';

const OTHER_METHODS: OtherMethod[] = ['tarjeta_debito', 'tarjeta_credito', 'transferencia', 'cheque'];
const REFERENCE_LABELS: Record<OtherMethod, MessageKey> = {
  tarjeta_debito: 'cashier.tender.voucher',
  tarjeta_credito: 'cashier.tender.voucher',
  transferencia: 'cashier.tender.transferReference',
  cheque: 'cashier.tender.chequeNumber',
};

export function PaymentPanel({
  payable,
  picked,
  charges,
  idempotencyKey,
  onPaid,
}: {
  payable: PayableAccount;
  picked: DebtRef[];
  charges: DraftCharge[];
  /** made once for this payment by the desk; the same on every retry */
  idempotencyKey: string;
  onPaid: (receipt: Receipt) => void;
}) {
  const t = useT();
  const { money } = useSession();
  const ids = useId();
  const [mode, setMode] = useState<AmountMode>(picked.length > 0 ? 'picked' : 'all');
  const [partial, setPartial] = useState<number | null>(null);
  const [partialInvalid, setPartialInvalid] = useState(false);
  const [cash, setCash] = useState<number | null>(null);
  const [cashInvalid, setCashInvalid] = useState(false);
  const [others, setOthers] = useState<DraftTender[]>([]);
  /** after the first Cobrar the problems show next to their fields, and follow what is typed */
  const [asked, setAsked] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [approval, setApproval] = useState<Approval>(NO_APPROVAL);
  /** the back office's refusal, by field (the field's id), and its message */
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [serverProblem, setServerProblem] = useState<string | null>(null);
  const [approvalAsked, setApprovalAsked] = useState(false);
  const { data: settings } = useLoad(() => send('settings.get', {}), []);

  // picking a debt means paying what was picked; unpicking everything goes back to the whole balance
  const hasPicked = picked.length > 0;
  useEffect(() => {
    setMode((m) => (hasPicked && m === 'all' ? 'picked' : !hasPicked && m === 'picked' && charges.length === 0 ? 'all' : m));
  }, [hasPicked, charges.length]);

  const effectivePicked = effectivePicks(mode, payable, picked);
  const amount = partialInvalid && mode === 'partial' ? null : amountToPay(mode, payable, effectivePicked, charges, partial);
  const preview = amount ? previewAllocation(amount, payable, effectivePicked, charges) : null;
  const limits = settings
    ? { payable: payableFor(mode, payable, effectivePicked, charges), maxReceipt: settings.maxReceiptAmount, approvalThreshold: settings.nonCashApprovalThreshold }
    : undefined;
  const plan = planTenders(amount ?? 0, cash, others, cashInvalid, limits);
  const showApproval = plan.needsApproval || approvalAsked;
  const { account } = payable;

  /**
   * What was typed changed: the last refusal no longer applies. Called from the change handlers, so
   * it renders with the change itself (one render per key: the scanner's burst detector needs the
   * screen to keep up with the keys).
   */
  const edited = () => {
    if (serverProblem !== null) setServerProblem(null);
    if (Object.keys(serverErrors).length > 0) setServerErrors({});
  };

  const describe = (kind: 'invoice' | 'charge', id: number) => {
    if (kind === 'invoice') {
      const invoice = account.openInvoices.find((i) => i.id === id);
      return invoice ? t('cashier.preview.invoice', { number: invoice.number, period: formatPeriod(invoice.period) }) : `#${id}`;
    }
    return payable.openCharges.find((c) => c.id === id)?.concept ?? `#${id}`;
  };

  /**
   * The first problem and the field it belongs to (the field's id, for the focus): the text goes
   * next to that field; a problem of no field ("nothing to pay") goes above Cobrar.
   */
  const problemOf = (): { text: string; field: string | null } | null => {
    if (!amount) {
      if (mode === 'partial') return { text: t('cashier.pay.amountInvalid'), field: `${ids}-partial` };
      return { text: t('cashier.pay.nothingToPay'), field: null };
    }
    const p = plan.problem;
    if (!p) return null;
    const method = p.method ? t(METHOD_LABELS[p.method]) : t('cashier.method.efectivo');
    const other = p.index !== undefined ? others[p.index] : undefined;
    switch (p.key) {
      case 'amountInvalid':
        return { text: t('cashier.tender.amountInvalid', { method }), field: other ? `${ids}-${other.key}-amount` : `${ids}-cash` };
      case 'referenceMissing':
        return { text: t('cashier.tender.referenceMissing', { method, field: t(REFERENCE_LABELS[p.method ?? 'transferencia']) }), field: other ? `${ids}-${other.key}-reference` : null };
      case 'bankMissing':
        return { text: t('cashier.tender.bankMissing'), field: other ? `${ids}-${other.key}-bank` : null };
      case 'tooMuch':
        return { text: t('cashier.tender.tooMuch'), field: others.length > 0 ? `${ids}-${others[others.length - 1].key}-amount` : null };
      case 'cashNotNeeded':
        return { text: t('cashier.tender.cashNotNeeded'), field: `${ids}-cash` };
      case 'missing':
        return { text: t('cashier.tender.missing', { amount: money(plan.remaining) }), field: `${ids}-cash` };
      case 'nonCashOverDebt':
        return { text: t('cashier.tender.nonCashOverDebt', { amount: money(plan.nonCash), payable: money(limits?.payable ?? 0) }), field: other ? `${ids}-${other.key}-amount` : null };
      case 'overMaximum':
        return { text: t('cashier.tender.overMaximum', { amount: money(amount), max: money(limits?.maxReceipt ?? 0) }), field: mode === 'partial' ? `${ids}-partial` : null };
    }
  };
  const problem = asked ? problemOf() : null;
  /** the error next to each field: the screen's own check first, then the back office's */
  const errorOf = (field: string): string | undefined => (problem?.field === field ? problem.text : serverErrors[field]);
  /** above Cobrar: the screen's problem of no field, or the back office's refusal that no field shows */
  const banner = problem ? (problem.field === null ? problem.text : null) : serverProblem !== null && !Object.values(serverErrors).includes(serverProblem) ? serverProblem : null;

  /** the back office's field paths (tenders.<i>.amount) → this screen's fields (their ids) */
  const spreadServerErrors = (fields: Record<string, string>) => {
    const spread: FieldErrors = {};
    for (const [path, message] of Object.entries(fields)) {
      const m = /^tenders\.(\d+)\.(\w+)$/.exec(path);
      const source = m ? plan.sources[Number(m[1])] : undefined;
      if (source === 'cash') spread[`${ids}-cash`] = message;
      else if (source !== undefined && m) spread[`${ids}-${source}-${m[2] === 'received' ? 'amount' : m[2]}`] = message;
      else spread[path] = message;
    }
    setServerErrors(spread);
  };

  const ask = (event?: React.FormEvent) => {
    event?.preventDefault();
    setAsked(true);
    const found = problemOf();
    if (!found) return setConfirming(true);
    // the person's eyes go to the field that needs them
    const field = found.field ? document.getElementById(found.field) : null;
    field?.focus();
    field?.scrollIntoView({ block: 'center' });
  };

  // F9 = Cobrar (shown on the button)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F9' && !confirming) {
        e.preventDefault();
        ask();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const setOther = (key: number, patch: Partial<DraftTender>) => {
    edited();
    setOthers((list) => list.map((o) => (o.key === key ? { ...o, ...patch } : o)));
  };
  const addOther = (method: OtherMethod) => {
    const covered = plan.tenders.filter((x) => x.method !== 'efectivo').reduce((s, x) => s + x.amount, 0);
    const rest = Math.max(0, (amount ?? 0) - covered);
    edited();
    setOthers((list) => [...list, { key: Date.now(), method, amount: rest > 0 ? rest : null, reference: '', bank: '' }]);
  };

  return (
    <>
      <form onSubmit={ask}>
        <Card withBorder component="section" aria-label={t('cashier.pay.label')} style={{ overflow: 'visible' }}>
          <Stack gap="sm">
            <Title order={4}>{t('cashier.pay.what')}</Title>
            <Radio.Group
              value={mode}
              onChange={(v) => {
                edited();
                setMode(v as AmountMode);
              }}
              aria-label={t('cashier.pay.what')}
            >
              <Stack gap={6}>
                <Radio value="picked" disabled={!hasPicked && charges.length === 0} label={t('cashier.pay.modePicked', { amount: money(pickedTotal(payable, picked) + chargesTotal(charges)) })} />
                <Radio value="all" label={t('cashier.pay.modeAll', { amount: money(payable.totalDue + chargesTotal(charges)) })} />
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Radio value="partial" label={t('cashier.pay.modePartial')} mt={6} />
                  <MoneyInput
                    id={`${ids}-partial`}
                    size="xs"
                    aria-label={t('cashier.pay.partialAmount')}
                    value={partial}
                    error={errorOf(`${ids}-partial`)}
                    onFocus={() => setMode('partial')}
                    onChange={(v, invalid) => {
                      edited();
                      setPartial(v);
                      setPartialInvalid(invalid !== null);
                      setMode('partial');
                    }}
                  />
                </Group>
              </Stack>
            </Radio.Group>

            <Group justify="space-between">
              <Text fw={600}>{t('cashier.pay.total')}</Text>
              <Text size="28px" fw={800} data-testid="pay-total">
                {amount ? money(amount) : '—'}
              </Text>
            </Group>

            <Divider />
            <Title order={4}>{t('cashier.tender.title')}</Title>
            <MoneyInput
              id={`${ids}-cash`}
              size="lg"
              label={t('cashier.tender.cashReceived')}
              leftSection={<Group gap={4} wrap="nowrap"><IconCash size={20} />$</Group>}
              leftSectionWidth={56}
              value={cash}
              error={errorOf(`${ids}-cash`)}
              autoFocus
              onChange={(v, invalid) => {
                edited();
                setCash(v);
                setCashInvalid(invalid !== null);
              }}
            />
            {others.map((o) => (
              <Card key={o.key} withBorder padding="xs" aria-label={t(METHOD_LABELS[o.method])}>
                <Group justify="space-between" mb={4}>
                  <Text fw={600}>{t(METHOD_LABELS[o.method])}</Text>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('cashier.tender.remove', { method: t(METHOD_LABELS[o.method]) })}
                    onClick={() => {
                      edited();
                      setOthers((l) => l.filter((x) => x.key !== o.key));
                    }}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
                <Group grow align="flex-start" gap="xs">
                  <MoneyInput
                    id={`${ids}-${o.key}-amount`}
                    size="sm"
                    label={t('cashier.tender.amount')}
                    value={o.amount}
                    error={errorOf(`${ids}-${o.key}-amount`)}
                    onChange={(v) => setOther(o.key, { amount: v })}
                  />
                  <TextInput
                    id={`${ids}-${o.key}-reference`}
                    size="sm"
                    label={t(REFERENCE_LABELS[o.method])}
                    value={o.reference}
                    error={errorOf(`${ids}-${o.key}-reference`)}
                    onChange={(e) => setOther(o.key, { reference: e.currentTarget.value })}
                  />
                  {o.method === 'cheque' && (
                    <TextInput
                      id={`${ids}-${o.key}-bank`}
                      size="sm"
                      label={t('cashier.tender.bank')}
                      value={o.bank}
                      error={errorOf(`${ids}-${o.key}-bank`)}
                      onChange={(e) => setOther(o.key, { bank: e.currentTarget.value })}
                    />
                  )}
                </Group>
              </Card>
            ))}
            <Menu position="bottom-start">
              <Menu.Target>
                <Button variant="subtle" size="compact-sm" w="fit-content" leftSection={<IconPlus size={16} />}>
                  {t('cashier.tender.addOther')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {OTHER_METHODS.map((m) => (
                  <Menu.Item key={m} onClick={() => addOther(m)}>
                    {t(METHOD_LABELS[m])}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>

            {/* the change never wraps: "$" and its figures on one line at 1366 px */}
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={0}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  {t('cashier.tender.remaining')}
                </Text>
                <Text size="xl" fw={700} c={plan.remaining > 0 ? 'orange' : 'dimmed'} data-testid="pay-remaining">
                  {money(amount ? plan.remaining : 0)}
                </Text>
              </Stack>
              <Stack gap={0} align="flex-end">
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  {t('cashier.tender.change')}
                </Text>
                <Text size="36px" fw={800} c={plan.change > 0 ? 'blue' : 'dimmed'} style={{ whiteSpace: 'nowrap' }} data-testid="pay-change">
                  {money(plan.change)}
                </Text>
              </Stack>
            </Group>
            {/* how the amount is spread over the debts: after the money, it is what the cashier reads last */}
            {preview && (
              <Table aria-label={t('cashier.preview.label')} verticalSpacing={2} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('cashier.preview.debt')}</Table.Th>
                    <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('cashier.preview.applied')}</Table.Th>
                    <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('cashier.preview.after')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.toNewCharges > 0 && (
                    <Table.Tr>
                      <Table.Td>{t('cashier.preview.newCharges')}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(preview.toNewCharges)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(chargesTotal(charges) - preview.toNewCharges)}</Table.Td>
                    </Table.Tr>
                  )}
                  {preview.plan.allocations.map((a) => (
                    <Table.Tr key={`${a.kind}${a.id}`}>
                      <Table.Td>{describe(a.kind, a.id)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(a.amount)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(a.balanceAfter)}</Table.Td>
                    </Table.Tr>
                  ))}
                  {preview.plan.credit > 0 && (
                    <Table.Tr c="teal">
                      <Table.Td>{t('cashier.preview.credit')}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(preview.plan.credit)}</Table.Td>
                      <Table.Td />
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            )}

            {/* Cobrar stays on screen however long the panel grows (1366×768), with the problem that has no field of its own */}
            <Box className="sticky-action">
              {banner && (
                <Text c="red" size="sm" role="alert" mb={6} data-testid="pay-problem">
                  {banner}
                </Text>
              )}
              <Button type="submit" size="lg" fullWidth>
                {t('cashier.pay.submit')}
              </Button>
            </Box>
          </Stack>
        </Card>
      </form>
      <ConfirmModal
        opened={confirming}
        title={t('cashier.pay.confirmTitle')}
        confirmLabel={t('cashier.pay.confirm')}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          // above the threshold the coordinator types their credentials here, in the confirmation
          if (showApproval && (!approval.username.trim() || !approval.password)) throw new Error(t('cashier.pay.approvalMissing'));
          try {
            const receipt = await send('cashier.pay', {
              idempotencyKey,
              accountId: account.id,
              picked: effectivePicked.length > 0 ? effectivePicked : undefined,
              newCharges: charges.map((c) => ({ chargeItemId: c.chargeItemId, quantity: c.quantity })),
              tenders: plan.tenders,
              approval: showApproval ? approval : undefined,
            });
            onPaid(receipt);
          } catch (e) {
            const error = apiErrorOf(e);
            setApproval((a) => ({ ...a, password: '' }));
            // the back office asks for the coordinator: the fields appear here, the modal stays open
            if (error.fields?.approval) setApprovalAsked(true);
            if (!error.fields || error.fields.approval) throw e;
            // a refusal about a field: back to the form, the message next to that field
            spreadServerErrors(error.fields);
            setServerProblem(error.message);
          }
        }}
      >
        <Text size="lg">
          {plan.change > 0
            ? t('cashier.pay.confirmTextChange', { amount: money(amount ?? 0), number: account.number, change: money(plan.change) })
            : t('cashier.pay.confirmText', { amount: money(amount ?? 0), number: account.number })}
        </Text>
        {plan.tenders.length > 1 && (
          <Text size="sm" c="dimmed">
            {plan.tenders.map((x) => `${t(METHOD_LABELS[x.method])} ${money(x.amount)}`).join(' · ')}
          </Text>
        )}
        {showApproval && (
          <ApprovalFields
            value={approval}
            onChange={setApproval}
            why={t('cashier.pay.approvalWhy', { amount: money(plan.nonCash), threshold: money(settings?.nonCashApprovalThreshold ?? 0) })}
            autoFocus
          />
        )}
      </ConfirmModal>
    </>
  );
}
