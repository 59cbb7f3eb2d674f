/**
 * Setting up the fund of the office (coordinator or administrator): the resolution, the amount,
 * the custodian chosen among the office's users, the rubros with their limits, the reimbursement
 * threshold, the maximum per expense and the concepts that are refused. Confirmed, then opened.
 */
import { useState } from 'react';
import { ActionIcon, Button, Card, Grid, Group, NumberInput, Select, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { send } from '../../api/client';
import { pettyCashSchemas, type Input, type PettyCashStatus } from '../../../../shared/contract';
import { todayIn, type IsoDate } from '../../../../shared/dates';
import { DateField } from '../../app/DateField';
import { useT } from '../../i18n';
import { check, text, type FieldErrors } from '../../app/forms';
import { ConfirmModal } from '../../app/ConfirmModal';
import { FormError } from '../../app/FormParts';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { useSession } from '../../app/session';
import { MoneyInput } from '../../app/MoneyInput';

interface LineDraft {
  code: string;
  name: string;
  limit: number | null;
}

const DEFAULT_FORBIDDEN = ['préstamo', 'nómina', 'anticipo de salario', 'sueldo', 'propina'];

/** users of the office who may keep the fund: the administrator reads the user list, a coordinator the office's clerks */
export async function officeCustodians(role: string, officeId: number): Promise<{ value: string; label: string }[]> {
  if (role === 'administrador') {
    const users = await send('users.list', {});
    return users
      .filter((u) => u.active && u.officeId === officeId && u.role !== 'cajero')
      .map((u) => ({ value: String(u.id), label: u.fullName }));
  }
  const catalog = await send('pqr.catalog', {});
  return catalog.assignees.map((a) => ({ value: String(a.id), label: a.name }));
}

export function FundSetupForm({ onOpened }: { onOpened: (status: PettyCashStatus) => void }) {
  const t = useT();
  const { user, company, money } = useSession();
  const today = todayIn(company.timeZone);
  const custodians = useLoad(() => officeCustodians(user.role, user.officeId), [user.role, user.officeId]);
  const [year, setYear] = useState<number | string>(Number(today.slice(0, 4)));
  const [resolutionNumber, setResolutionNumber] = useState('');
  const [resolutionDate, setResolutionDate] = useState<IsoDate | null>(today);
  const [amount, setAmount] = useState<number | null>(null);
  const [custodianId, setCustodianId] = useState<string | null>(null);
  const [lines, setLines] = useState<LineDraft[]>([{ code: '', name: '', limit: null }]);
  const [threshold, setThreshold] = useState<number | string>(70);
  const [maxPerExpense, setMaxPerExpense] = useState<number | null>(null);
  const [forbidden, setForbidden] = useState<string[]>(DEFAULT_FORBIDDEN);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState<Input<'pettyCash.openFund'> | null>(null);

  const setLine = (i: number, patch: Partial<LineDraft>) => setLines((list) => list.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const linesTotal = lines.reduce((sum, l) => sum + (l.limit ?? 0), 0);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const date = resolutionDate;
    const input = {
      officeId: user.officeId,
      year: typeof year === 'number' ? year : Number.NaN,
      resolutionNumber,
      resolutionDate: date ?? '',
      amount: amount ?? Number.NaN,
      custodianId: custodianId ? Number(custodianId) : Number.NaN,
      thresholdPercent: typeof threshold === 'number' ? threshold : Number.NaN,
      maxPerExpense: maxPerExpense ?? Number.NaN,
      budgetLines: lines.map((l) => ({ code: l.code, name: l.name, limit: l.limit ?? Number.NaN })),
      forbiddenConcepts: forbidden,
    };
    const checked = check(pettyCashSchemas['pettyCash.openFund'], input);
    const found: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (!date) found.resolutionDate = t('common.dateInvalid');
    if (amount === null) found.amount = t('common.required');
    if (maxPerExpense === null) found.maxPerExpense = t('common.required');
    if (!custodianId) found.custodianId = t('pettyCash.setup.custodianRequired');
    if (amount !== null && maxPerExpense !== null && maxPerExpense > amount) found.maxPerExpense = t('pettyCash.setup.maxAboveFund');
    lines.forEach((l, i) => {
      if (l.limit === null) found[`budgetLines.${i}.limit`] = t('common.required');
      else if (amount !== null && l.limit > amount) found[`budgetLines.${i}.limit`] = t('pettyCash.setup.lineAboveFund');
    });
    const codes = lines.map((l) => l.code.trim().toUpperCase());
    codes.forEach((c, i) => {
      if (c && codes.indexOf(c) !== i) found[`budgetLines.${i}.code`] = t('pettyCash.setup.codeRepeated');
    });
    if (!checked.ok || Object.keys(found).length > 0) {
      setErrors({ ...found, _: found.budgetLines ?? t('pettyCash.setup.fix') });
      return;
    }
    setErrors({});
    setConfirming(checked.data);
  };

  if (custodians.loading && !custodians.data) return <Loading />;
  if (custodians.error) return <LoadError error={custodians.error} retry={() => void custodians.reload()} />;
  const custodianName = custodians.data?.find((c) => c.value === custodianId)?.label ?? '';

  return (
    <Card withBorder padding="lg" maw={1000}>
      <form onSubmit={submit} noValidate aria-label={t('pettyCash.setup.title')}>
        <Stack gap="md">
          <div>
            <Title order={3}>{t('pettyCash.setup.title')}</Title>
            <Text c="dimmed" size="sm">
              {t('pettyCash.setup.description', { office: `${user.officeCode} · ${user.officeName}` })}
            </Text>
          </div>
          <FormError message={errors._} />
          <Grid>
            <Grid.Col span={{ base: 12, sm: 3 }}>
              <NumberInput label={t('pettyCash.setup.year')} value={year} onChange={setYear} min={2000} max={2100} allowDecimal={false} error={errors.year} required />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <TextInput label={t('pettyCash.setup.resolutionNumber')} value={resolutionNumber} onChange={text(setResolutionNumber)} error={errors.resolutionNumber} maxLength={40} required data-autofocus autoFocus />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <DateField label={t('pettyCash.setup.resolutionDate')} value={resolutionDate} onChange={setResolutionDate} error={errors.resolutionDate} required />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <MoneyInput label={t('pettyCash.setup.amount')} value={amount} onChange={setAmount} error={errors.amount} required />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 8 }}>
              <Select
                label={t('pettyCash.setup.custodian')}
                description={t('pettyCash.setup.custodianHelp')}
                data={custodians.data ?? []}
                value={custodianId}
                onChange={setCustodianId}
                error={errors.custodianId}
                searchable
                required
                nothingFoundMessage={t('pettyCash.setup.noUsers')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <NumberInput label={t('pettyCash.setup.threshold')} description={t('pettyCash.setup.thresholdHelp')} value={threshold} onChange={setThreshold} min={1} max={100} suffix=" %" allowDecimal={false} error={errors.thresholdPercent} required />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <MoneyInput label={t('pettyCash.setup.maxPerExpense')} description={t('pettyCash.setup.maxPerExpenseHelp')} value={maxPerExpense} onChange={setMaxPerExpense} error={errors.maxPerExpense} required />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TagsInput label={t('pettyCash.setup.forbidden')} description={t('pettyCash.setup.forbiddenHelp')} value={forbidden} onChange={setForbidden} error={errors.forbiddenConcepts} clearable />
            </Grid.Col>
          </Grid>

          <Stack gap={4}>
            <Group justify="space-between">
              <Text fw={600}>{t('pettyCash.setup.lines')}</Text>
              <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setLines((l) => [...l, { code: '', name: '', limit: null }])} disabled={lines.length >= 30}>
                {t('pettyCash.setup.addLine')}
              </Button>
            </Group>
            <Table aria-label={t('pettyCash.setup.lines')} verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={140}>{t('pettyCash.line.code')}</Table.Th>
                  <Table.Th>{t('pettyCash.line.name')}</Table.Th>
                  <Table.Th w={200}>{t('pettyCash.line.limit')}</Table.Th>
                  <Table.Th w={40} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((l, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>
                      <TextInput size="xs" aria-label={t('pettyCash.setup.lineCode', { n: i + 1 })} value={l.code} onChange={text((v) => setLine(i, { code: v }))} error={errors[`budgetLines.${i}.code`]} maxLength={20} />
                    </Table.Td>
                    <Table.Td>
                      <TextInput size="xs" aria-label={t('pettyCash.setup.lineName', { n: i + 1 })} value={l.name} onChange={text((v) => setLine(i, { name: v }))} error={errors[`budgetLines.${i}.name`]} maxLength={120} />
                    </Table.Td>
                    <Table.Td>
                      <MoneyInput size="xs" aria-label={t('pettyCash.setup.lineLimit', { n: i + 1 })} value={l.limit} onChange={(v) => setLine(i, { limit: v })} error={errors[`budgetLines.${i}.limit`]} />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon variant="subtle" color="red" aria-label={t('pettyCash.setup.removeLine', { n: i + 1 })} onClick={() => setLines((list) => list.filter((_, j) => j !== i))} disabled={lines.length === 1}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed">
              {t('pettyCash.setup.linesHelp', { total: money(linesTotal) })}
            </Text>
          </Stack>
          <Group justify="flex-end">
            <Button type="submit" size="md">
              {t('pettyCash.setup.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      {confirming && (
        <ConfirmModal
          opened
          title={t('pettyCash.setup.confirmTitle')}
          confirmLabel={t('pettyCash.setup.submit')}
          onClose={() => setConfirming(null)}
          onConfirm={async () => {
            const status = await send('pettyCash.openFund', confirming);
            onOpened(status);
          }}
        >
          <Text fw={600} data-testid="petty-setup-confirm">
            {t('pettyCash.setup.confirmText', { amount: money(confirming.amount), year: confirming.year, custodian: custodianName })}
          </Text>
          <Text size="sm">{t('pettyCash.setup.confirmLines', { n: confirming.budgetLines.length, resolution: confirming.resolutionNumber })}</Text>
        </ConfirmModal>
      )}
    </Card>
  );
}
