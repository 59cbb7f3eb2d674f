/**
 * Comprobante de egreso, built for speed: payee (a NIT's check digit is verified while it is typed,
 * a cédula takes digits only), concept, rubro, amount, withholdings, date, support. Before saving,
 * the back office's checks run (pettyCash.checkExpense): a refusal stops here with its reason, a
 * split-purchase warning goes into the confirmation, which states amount and payee. After saving,
 * the voucher PDF downloads for the payee's signature. Enter submits, Esc closes.
 */
import { useState } from 'react';
import { Alert, Grid, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { send } from '../../api/client';
import { PAYEE_ID_TYPES, pettyCashSchemas, type Input, type PayeeIdType, type PettyCashExpense, type PettyCashStatus } from '../../../../shared/contract';
import { todayIn, type IsoDate } from '../../../../shared/dates';
import { formatNit, isValidNit, nitCheckDigit } from '../../../../shared/nit';
import { DateField } from '../../app/DateField';
import { useT, type Translate } from '../../i18n';
import { apiErrorOf, check, text, type FieldErrors } from '../../app/forms';
import { formatDate } from '../../app/format';
import { downloadDocument } from '../../app/download';
import { ConfirmModal } from '../../app/ConfirmModal';
import { FormActions, FormError } from '../../app/FormParts';
import { useSession } from '../../app/session';
import { MoneyInput } from '../../app/MoneyInput';
import { ID_TYPE_LABELS, newUuid } from './labels';
import { SupportPicker, uploadSupport, type PendingSupport } from './SupportPicker';

export interface PayeeDraft {
  idType: PayeeIdType;
  idNumber: string;
  name: string;
}

/** What is wrong with the id as typed so far (null while it looks right), and the hint under the field. */
export function payeeIdFeedback(t: Translate, idType: PayeeIdType, idNumber: string): { error: string | null; hint: string } {
  const value = idNumber.trim();
  if (idType === 'NIT') {
    if (value === '') return { error: null, hint: t('pettyCash.payee.nitHint') };
    const clean = value.replace(/[.\s]/g, '');
    const m = /^(\d{6,15})-?(\d)$/.exec(clean);
    if (!m) return { error: /[^\d.\s-]/.test(value) ? t('pettyCash.payee.nitDigits') : null, hint: t('pettyCash.payee.nitHint') };
    if (isValidNit(clean)) return { error: null, hint: t('pettyCash.payee.nitOk', { nit: formatNit(clean) ?? clean }) };
    return { error: t('pettyCash.payee.nitWrong', { digit: nitCheckDigit(m[1]) }), hint: '' };
  }
  if (idType === 'CC') {
    if (value !== '' && !/^\d+$/.test(value)) return { error: t('pettyCash.payee.ccDigits'), hint: '' };
    if (value.length > 10) return { error: t('pettyCash.payee.ccLength'), hint: '' };
    return { error: null, hint: t('pettyCash.payee.ccHint') };
  }
  return { error: null, hint: '' };
}

/** the id as it is sent: a NIT in its one spelling "900123456-7" */
export function payeeIdNumber(idType: PayeeIdType, idNumber: string): string {
  const value = idNumber.trim();
  return idType === 'NIT' ? (formatNit(value) ?? value) : value;
}

export function PayeeFields({ value, onChange, errors, autoFocus }: { value: PayeeDraft; onChange: (v: PayeeDraft) => void; errors: FieldErrors; autoFocus?: boolean }) {
  const t = useT();
  const feedback = payeeIdFeedback(t, value.idType, value.idNumber);
  return (
    <Grid>
      <Grid.Col span={{ base: 12, sm: 4 }}>
        <Select
          label={t('pettyCash.payee.idType')}
          data={PAYEE_ID_TYPES.map((x) => ({ value: x, label: t(ID_TYPE_LABELS[x]) }))}
          value={value.idType}
          onChange={(v) => v && onChange({ ...value, idType: v as PayeeIdType })}
          allowDeselect={false}
          required
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 8 }}>
        <TextInput
          label={t('pettyCash.payee.idNumber')}
          description={feedback.hint || undefined}
          value={value.idNumber}
          onChange={text((v) => onChange({ ...value, idNumber: v }))}
          error={feedback.error ?? errors['payee.idNumber']}
          maxLength={20}
          inputMode={value.idType === 'CC' || value.idType === 'NIT' ? 'numeric' : undefined}
          required
          data-autofocus={autoFocus || undefined}
        />
      </Grid.Col>
      <Grid.Col span={12}>
        <TextInput label={t('pettyCash.payee.name')} value={value.name} onChange={text((v) => onChange({ ...value, name: v }))} error={errors['payee.name']} maxLength={120} required />
      </Grid.Col>
    </Grid>
  );
}

interface Confirming {
  input: Input<'pettyCash.checkExpense'>;
  warnings: string[];
  key: string;
}

export function ExpenseForm({ status, opened, onClose, onSaved }: { status: PettyCashStatus; opened: boolean; onClose: () => void; onSaved: (expense: PettyCashExpense) => void }) {
  const t = useT();
  const { money, company } = useSession();
  const today = todayIn(company.timeZone);
  const [payee, setPayee] = useState<PayeeDraft>({ idType: 'NIT', idNumber: '', name: '' });
  const [concept, setConcept] = useState('');
  const [lineId, setLineId] = useState<string | null>(status.budgetLines.length === 1 ? String(status.budgetLines[0].id) : null);
  const [amount, setAmount] = useState<number | null>(null);
  const [withholdings, setWithholdings] = useState<number | null>(0);
  const [date, setDate] = useState<IsoDate | null>(today);
  const [support, setSupport] = useState<PendingSupport | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<Confirming | null>(null);

  const line = status.budgetLines.find((l) => String(l.id) === lineId) ?? null;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    const isoDate = date;
    const input = {
      fundId: status.fund.id,
      date: isoDate ?? '',
      payee: { idType: payee.idType, idNumber: payeeIdNumber(payee.idType, payee.idNumber), name: payee.name },
      concept,
      budgetLineId: lineId ? Number(lineId) : Number.NaN,
      amount: amount ?? Number.NaN,
      withholdings: withholdings ?? 0,
    };
    const checked = check(pettyCashSchemas['pettyCash.checkExpense'], input);
    const found: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (!isoDate) found.date = t('common.dateInvalid');
    else if (isoDate > today) found.date = t('pettyCash.expense.future');
    else if (status.fund.closedThrough && isoDate < status.fund.closedThrough) found.date = t('pettyCash.expense.closedPeriod', { date: formatDate(status.fund.closedThrough) });
    if (!lineId) found.budgetLineId = t('pettyCash.expense.lineRequired');
    if (amount === null) found.amount = t('common.required');
    const idProblem = payeeIdFeedback(t, payee.idType, payee.idNumber).error;
    if (idProblem) found['payee.idNumber'] = idProblem;
    else if (payee.idType === 'NIT' && !isValidNit(payee.idNumber)) found['payee.idNumber'] = t('pettyCash.payee.nitIncomplete');
    if (amount !== null && (withholdings ?? 0) >= amount) found.withholdings = t('pettyCash.expense.withholdingsTooBig');
    if (!checked.ok || Object.keys(found).length > 0) {
      setErrors({ ...found, _: t('pettyCash.expense.fix') });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const result = await send('pettyCash.checkExpense', checked.data);
      if (result.refusal) {
        setRefusal(result.refusal);
        return;
      }
      setConfirming({ input: checked.data, warnings: result.warnings, key: newUuid() });
    } catch (e) {
      const error = apiErrorOf(e);
      setErrors({ ...(error.fields ?? {}), _: error.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Modal opened={opened && !confirming} onClose={onClose} title={t('pettyCash.expense.title')} size="lg">
        <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('pettyCash.expense.title')}>
          <Stack gap="sm">
            <PayeeFields value={payee} onChange={(v) => { setPayee(v); setRefusal(null); }} errors={errors} autoFocus />
            <TextInput label={t('pettyCash.expense.concept')} value={concept} onChange={text((v) => { setConcept(v); setRefusal(null); })} error={errors.concept} maxLength={200} required />
            <Grid>
              <Grid.Col span={{ base: 12, sm: 7 }}>
                <Select
                  label={t('pettyCash.expense.line')}
                  data={status.budgetLines.map((l) => ({ value: String(l.id), label: `${l.code} · ${l.name}` }))}
                  value={lineId}
                  onChange={(v) => { setLineId(v); setRefusal(null); }}
                  error={errors.budgetLineId}
                  description={line ? t('pettyCash.expense.lineAvailable', { amount: money(line.available) }) : undefined}
                  required
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 5 }}>
                <DateField label={t('pettyCash.expense.date')} value={date} onChange={setDate} error={errors.date} required />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <MoneyInput
                  label={t('pettyCash.expense.amount')}
                  description={t('pettyCash.expense.amountHelp', { max: money(status.fund.maxPerExpense) })}
                  value={amount}
                  onChange={(v) => { setAmount(v); setRefusal(null); }}
                  error={errors.amount}
                  required
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <MoneyInput
                  label={t('pettyCash.expense.withholdings')}
                  description={amount ? t('pettyCash.expense.net', { amount: money(Math.max(0, amount - (withholdings ?? 0))) }) : t('pettyCash.expense.withholdingsHelp')}
                  value={withholdings}
                  onChange={setWithholdings}
                  error={errors.withholdings}
                />
              </Grid.Col>
            </Grid>
            <SupportPicker value={support} onChange={setSupport} />
            {refusal && (
              <Alert color="red" role="alert" title={t('pettyCash.expense.refused')} data-testid="petty-expense-refusal">
                {refusal}
              </Alert>
            )}
            <FormError message={errors._} />
            <FormActions onCancel={onClose} busy={busy} submitLabel={t('pettyCash.expense.submit')} />
          </Stack>
        </form>
      </Modal>
      {confirming && (
        <ConfirmModal
          opened
          title={t('pettyCash.expense.confirmTitle')}
          confirmLabel={t('pettyCash.expense.confirmButton')}
          onClose={() => setConfirming(null)}
          onConfirm={async () => {
            const result = await send('pettyCash.recordExpense', { ...confirming.input, support: await uploadSupport(support), idempotencyKey: confirming.key });
            downloadDocument(result.voucher);
            onSaved(result.expense);
          }}
        >
          <Text fw={600} size="lg" data-testid="petty-expense-confirm">
            {t('pettyCash.expense.confirmText', { amount: money(confirming.input.amount), payee: confirming.input.payee.name.trim() })}
          </Text>
          <Text size="sm">
            {t('pettyCash.expense.confirmDetail', {
              id: `${confirming.input.payee.idType} ${confirming.input.payee.idNumber}`,
              concept: confirming.input.concept.trim(),
              line: line ? `${line.code} · ${line.name}` : '',
            })}
          </Text>
          {(confirming.input.withholdings ?? 0) > 0 && (
            <Text size="sm">{t('pettyCash.expense.confirmNet', { withholdings: money(confirming.input.withholdings ?? 0), net: money(confirming.input.amount - (confirming.input.withholdings ?? 0)) })}</Text>
          )}
          {support ? (
            <Text size="sm">{t('pettyCash.expense.confirmSupport', { file: support.fileName })}</Text>
          ) : (
            <Alert color="orange" p="xs">
              {t('pettyCash.expense.confirmNoSupport')}
            </Alert>
          )}
          {confirming.warnings.map((w) => (
            <Alert key={w} color="yellow" icon={<IconAlertTriangle />} p="xs" data-testid="petty-expense-warning">
              {w}
            </Alert>
          ))}
        </ConfirmModal>
      )}
    </>
  );
}
