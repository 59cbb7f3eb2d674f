/**
 * Anticipos: money handed out before the invoice exists (custodian), listed with their age, and
 * settled later with the invoice: the expense is the invoice's amount and the change comes back.
 */
import { useState } from 'react';
import { Badge, Button, Grid, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { send } from '../../api/client';
import { pettyCashSchemas, type PettyCashAdvance, type PettyCashStatus } from '../../../../shared/contract';
import { todayIn, type IsoDate } from '../../../../shared/dates';
import { isValidNit } from '../../../../shared/nit';
import { DateField } from '../../app/DateField';
import { DataTable } from '../../app/DataTable';
import { useT } from '../../i18n';
import { check, notifySuccess, text, type FieldErrors } from '../../app/forms';
import { formatDate } from '../../app/format';
import { downloadDocument } from '../../app/download';
import { ConfirmModal } from '../../app/ConfirmModal';
import { FormActions, FormError } from '../../app/FormParts';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { useSession } from '../../app/session';
import { MoneyInput } from '../../app/MoneyInput';
import { PayeeFields, payeeIdFeedback, payeeIdNumber, type PayeeDraft } from './ExpenseForm';
import { SupportPicker, uploadSupport, type PendingSupport } from './SupportPicker';

export function AdvancesPanel({ status, isCustodian, readOnly, version, onChanged }: { status: PettyCashStatus; isCustodian: boolean; readOnly: boolean; version: number; onChanged: () => Promise<void> }) {
  const t = useT();
  const { money } = useSession();
  const list = useLoad(() => send('pettyCash.advances', { fundId: status.fund.id, openOnly: false }), [status.fund.id, version]);
  const [giving, setGiving] = useState(false);
  const [settling, setSettling] = useState<PettyCashAdvance | null>(null);
  const lineName = (id: number) => status.budgetLines.find((l) => l.id === id)?.code ?? '';
  const canAct = isCustodian && !readOnly;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('pettyCash.advance.help')}
        </Text>
        {canAct && (
          <Button leftSection={<IconPlus size={16} />} variant="light" onClick={() => setGiving(true)}>
            {t('pettyCash.advance.give')}
          </Button>
        )}
      </Group>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <LoadError error={list.error} retry={() => void list.reload()} />
      ) : (
        <DataTable<PettyCashAdvance>
          label={t('pettyCash.advance.title')}
          records={list.data ?? []}
          idOf={(a) => a.id}
          empty={t('pettyCash.advance.none')}
          minWidth={860}
          pinLastColumn
          striped={false}
          columns={[
            { key: 'number', title: t('pettyCash.expenses.number'), sortable: true, noWrap: true },
            { key: 'date', title: t('pettyCash.expenses.date'), sortable: true, noWrap: true, render: (a) => formatDate(a.date) },
            { key: 'payee', title: t('pettyCash.expenses.payee'), sortValue: (a) => a.payee.name, render: (a) => a.payee.name },
            { key: 'concept', title: t('pettyCash.expenses.concept'), sortable: true },
            { key: 'line', title: t('pettyCash.expenses.line'), sortValue: (a) => lineName(a.budgetLineId), render: (a) => lineName(a.budgetLineId) },
            { key: 'amount', title: t('pettyCash.expenses.amount'), sortable: true, textAlign: 'right', noWrap: true, render: (a) => money(a.amount) },
            {
              key: 'state',
              title: t('pettyCash.expenses.state'),
              sortValue: (a) => (a.state === 'abierto' ? -a.ageDays : 1),
              render: (a) =>
                a.state === 'abierto' ? (
                  <Badge color={a.ageDays > 5 ? 'red' : 'orange'} variant="light">
                    {t('pettyCash.advance.openAge', { n: a.ageDays })}
                  </Badge>
                ) : (
                  <Badge color="teal" variant="light">
                    {t('pettyCash.advance.settled')}
                  </Badge>
                ),
            },
            {
              key: 'actions',
              title: '',
              render: (a) =>
                a.state === 'abierto' &&
                canAct && (
                  <Button size="compact-xs" variant="light" onClick={() => setSettling(a)}>
                    {t('pettyCash.advance.settle')}
                  </Button>
                ),
            },
          ]}
        />
      )}
      {giving && <GiveAdvance status={status} onClose={() => setGiving(false)} onDone={onChanged} />}
      {settling && <SettleAdvance advance={settling} onClose={() => setSettling(null)} onDone={onChanged} />}
    </Stack>
  );
}

function GiveAdvance({ status, onClose, onDone }: { status: PettyCashStatus; onClose: () => void; onDone: () => Promise<void> }) {
  const t = useT();
  const { money, company } = useSession();
  const [payee, setPayee] = useState<PayeeDraft>({ idType: 'CC', idNumber: '', name: '' });
  const [concept, setConcept] = useState('');
  const [lineId, setLineId] = useState<string | null>(null);
  const [amount, setAmount] = useState<number | null>(null);
  const [date, setDate] = useState<IsoDate | null>(todayIn(company.timeZone));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState<null | ReturnType<typeof buildInput>>(null);

  function buildInput() {
    return {
      fundId: status.fund.id,
      date: date ?? '',
      payee: { idType: payee.idType, idNumber: payeeIdNumber(payee.idType, payee.idNumber), name: payee.name },
      concept,
      budgetLineId: lineId ? Number(lineId) : Number.NaN,
      amount: amount ?? Number.NaN,
    };
  }
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const input = buildInput();
    const checked = check(pettyCashSchemas['pettyCash.giveAdvance'], input);
    const found: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (!input.date) found.date = t('common.dateInvalid');
    else if (status.fund.closedThrough && input.date < status.fund.closedThrough) found.date = t('pettyCash.expense.closedPeriod', { date: formatDate(status.fund.closedThrough) });
    if (!lineId) found.budgetLineId = t('pettyCash.expense.lineRequired');
    if (amount === null) found.amount = t('common.required');
    const idProblem = payeeIdFeedback(t, payee.idType, payee.idNumber).error;
    if (idProblem) found['payee.idNumber'] = idProblem;
    else if (payee.idType === 'NIT' && !isValidNit(payee.idNumber)) found['payee.idNumber'] = t('pettyCash.payee.nitIncomplete');
    if (!checked.ok || Object.keys(found).length > 0) return setErrors({ ...found, _: t('pettyCash.expense.fix') });
    setErrors({});
    setConfirming(input);
  };
  return (
    <>
      <Modal opened={!confirming} onClose={onClose} title={t('pettyCash.advance.give')} size="lg">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <PayeeFields value={payee} onChange={setPayee} errors={errors} autoFocus />
            <TextInput label={t('pettyCash.expense.concept')} value={concept} onChange={text(setConcept)} error={errors.concept} maxLength={200} required />
            <Grid>
              <Grid.Col span={{ base: 12, sm: 5 }}>
                <Select label={t('pettyCash.expense.line')} data={status.budgetLines.map((l) => ({ value: String(l.id), label: `${l.code} · ${l.name}` }))} value={lineId} onChange={setLineId} error={errors.budgetLineId} required />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <MoneyInput label={t('pettyCash.expense.amount')} value={amount} onChange={setAmount} error={errors.amount} required />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 3 }}>
                <DateField label={t('pettyCash.expense.date')} value={date} onChange={setDate} error={errors.date} required />
              </Grid.Col>
            </Grid>
            <FormError message={errors._} />
            <FormActions onCancel={onClose} busy={false} submitLabel={t('pettyCash.advance.give')} />
          </Stack>
        </form>
      </Modal>
      {confirming && (
        <ConfirmModal
          opened
          title={t('pettyCash.advance.give')}
          confirmLabel={t('pettyCash.advance.give')}
          onClose={() => setConfirming(null)}
          onConfirm={async () => {
            const result = await send('pettyCash.giveAdvance', confirming);
            downloadDocument(result.voucher);
            notifySuccess(t('pettyCash.advance.given', { number: result.advance.number }));
            await onDone();
            onClose();
          }}
        >
          <Text fw={600}>{t('pettyCash.advance.confirmText', { amount: money(confirming.amount), payee: confirming.payee.name.trim() })}</Text>
        </ConfirmModal>
      )}
    </>
  );
}

function SettleAdvance({ advance, onClose, onDone }: { advance: PettyCashAdvance; onClose: () => void; onDone: () => Promise<void> }) {
  const t = useT();
  const { money, company } = useSession();
  const [invoiceAmount, setInvoiceAmount] = useState<number | null>(null);
  const [withholdings, setWithholdings] = useState<number | null>(0);
  const [date, setDate] = useState<IsoDate | null>(todayIn(company.timeZone));
  const [support, setSupport] = useState<PendingSupport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const returned = invoiceAmount === null ? 0 : Math.max(0, advance.amount - invoiceAmount);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!date) return setError(t('common.dateInvalid'));
    if (invoiceAmount === null || invoiceAmount <= 0) return setError(t('pettyCash.advance.invoiceMissing'));
    setError(null);
    setConfirming(true);
  };
  return (
    <>
      <Modal opened={!confirming} onClose={onClose} title={t('pettyCash.advance.settleTitle', { number: advance.number })}>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm">{t('pettyCash.advance.settleHelp', { amount: money(advance.amount), payee: advance.payee.name })}</Text>
            <MoneyInput label={t('pettyCash.advance.invoiceAmount')} value={invoiceAmount} onChange={setInvoiceAmount} required data-autofocus />
            <MoneyInput label={t('pettyCash.expense.withholdings')} value={withholdings} onChange={setWithholdings} />
            <DateField label={t('pettyCash.expense.date')} value={date} onChange={setDate} required />
            <Text fw={600} data-testid="petty-advance-returned">
              {t('pettyCash.advance.returned', { amount: money(returned) })}
            </Text>
            <SupportPicker value={support} onChange={setSupport} />
            <FormError message={error} />
            <FormActions onCancel={onClose} busy={false} submitLabel={t('pettyCash.advance.settle')} />
          </Stack>
        </form>
      </Modal>
      <ConfirmModal
        opened={confirming}
        title={t('pettyCash.advance.settle')}
        confirmLabel={t('pettyCash.advance.settle')}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          const result = await send('pettyCash.settleAdvance', {
            advanceId: advance.id,
            date: date ?? '',
            invoiceAmount: invoiceAmount ?? 0,
            withholdings: withholdings ?? 0,
            returnedCash: returned,
            support: await uploadSupport(support),
          });
          downloadDocument(result.voucher);
          notifySuccess(t('pettyCash.advance.settledAs', { number: result.expense.number }));
          await onDone();
          onClose();
        }}
      >
        <Text fw={600}>{t('pettyCash.advance.settleConfirm', { number: advance.number, invoice: money(invoiceAmount ?? 0), returned: money(returned) })}</Text>
      </ConfirmModal>
    </>
  );
}
