/**
 * The rules of an open fund, changed by a coordinator: another custodian (when the person leaves or
 * goes on holiday), the reimbursement threshold, the maximum per expense, the forbidden concepts.
 * The amount and the rubros come from the resolution and are not changed here.
 */
import { useState } from 'react';
import { Modal, NumberInput, Select, Stack, TagsInput } from '@mantine/core';
import { send } from '../../api/client';
import { pettyCashSchemas, type PettyCashStatus } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { apiErrorOf, check, notifySuccess, type FieldErrors } from '../../app/forms';
import { FormActions, FormError } from '../../app/FormParts';
import { useLoad } from '../../app/useLoad';
import { useSession } from '../../app/session';
import { MoneyInput } from '../../app/MoneyInput';
import { officeCustodians } from './FundSetupForm';

export function FundRulesModal({ status, onClose, onSaved }: { status: PettyCashStatus; onClose: () => void; onSaved: () => Promise<void> }) {
  const t = useT();
  const { user } = useSession();
  const { fund } = status;
  const custodians = useLoad(() => officeCustodians(user.role, fund.officeId), [user.role, fund.officeId]);
  const [custodianId, setCustodianId] = useState<string | null>(String(fund.custodian.id));
  const [threshold, setThreshold] = useState<number | string>(fund.thresholdPercent);
  const [maxPerExpense, setMaxPerExpense] = useState<number | null>(fund.maxPerExpense);
  const [forbidden, setForbidden] = useState<string[]>(fund.forbiddenConcepts);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  /** the current custodian stays choosable even if the list leaves them out */
  const options = [...(custodians.data ?? [])];
  if (!options.some((o) => o.value === String(fund.custodian.id))) options.unshift({ value: String(fund.custodian.id), label: fund.custodian.name });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = {
      fundId: fund.id,
      custodianId: custodianId ? Number(custodianId) : Number.NaN,
      thresholdPercent: typeof threshold === 'number' ? threshold : Number.NaN,
      maxPerExpense: maxPerExpense ?? Number.NaN,
      forbiddenConcepts: forbidden,
    };
    const checked = check(pettyCashSchemas['pettyCash.updateFund'], input);
    const found: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (!custodianId) found.custodianId = t('pettyCash.setup.custodianRequired');
    if (maxPerExpense === null) found.maxPerExpense = t('common.required');
    else if (maxPerExpense > fund.amount) found.maxPerExpense = t('pettyCash.setup.maxAboveFund');
    if (!checked.ok || Object.keys(found).length > 0) return setErrors({ ...found, _: t('pettyCash.setup.fix') });
    setErrors({});
    setBusy(true);
    try {
      await send('pettyCash.updateFund', checked.data);
      notifySuccess(t('pettyCash.rules.saved'));
      await onSaved();
      onClose();
    } catch (e) {
      const error = apiErrorOf(e);
      setErrors({ ...(error.fields ?? {}), _: error.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('pettyCash.rules.title')} size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Select
            label={t('pettyCash.setup.custodian')}
            description={t('pettyCash.rules.custodianHelp')}
            data={options}
            value={custodianId}
            onChange={setCustodianId}
            error={errors.custodianId}
            searchable
            required
            data-autofocus
          />
          <NumberInput label={t('pettyCash.setup.threshold')} description={t('pettyCash.setup.thresholdHelp')} value={threshold} onChange={setThreshold} min={1} max={100} suffix=" %" allowDecimal={false} error={errors.thresholdPercent} required />
          <MoneyInput label={t('pettyCash.setup.maxPerExpense')} value={maxPerExpense} onChange={setMaxPerExpense} error={errors.maxPerExpense} required />
          <TagsInput label={t('pettyCash.setup.forbidden')} description={t('pettyCash.setup.forbiddenHelp')} value={forbidden} onChange={setForbidden} error={errors.forbiddenConcepts} clearable />
          <FormError message={errors._} />
          <FormActions onCancel={onClose} busy={busy} />
        </Stack>
      </form>
    </Modal>
  );
}
