/**
 * Simular y firmar un acuerdo de pago (issue 16): the account's open debts (the overdue ones chosen
 * first), the down payment as a percentage or an amount (the policy's minimum shown), the number of
 * installments (the policy's maximum), the first due date and the day of each month. Every change asks
 * the back office for the simulation: the schedule (principal, interest, total per installment and the
 * totals), a date moved off a holiday and any warning, or the refusal, in Spanish, before anything is
 * saved. Saving asks for confirmation (ConfirmModal) and, when the policy asks for it, the coordinator's
 * approval on the spot (the same fields as a void). Enter submits the form, as in every form.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Grid, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconDeviceFloppy, IconInfoCircle } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { agreementsSchemas, SIGNER_RELATIONS, type AgreementCandidates, type CandidateDebt, type Simulation, type SignerRelation } from '../../../../shared/contract';
import { addMonths } from '../../../../shared/dates';
import { useT, type MessageKey } from '../../i18n';
import { PageTitle } from '../../app/PageTitle';
import { DataTable } from '../../app/DataTable';
import { DateField } from '../../app/DateField';
import { MoneyInput } from '../../app/MoneyInput';
import { ConfirmModal } from '../../app/ConfirmModal';
import { check, notifySuccess, type FieldErrors } from '../../app/forms';
import { formatDate } from '../../app/format';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { ApprovalFields, NO_APPROVAL, type Approval } from '../cashier/ApprovalFields';
import { ScheduleTable } from './ScheduleTable';
import { stateKey } from './labels';

const debtKey = (d: Pick<CandidateDebt, 'kind' | 'id'>) => `${d.kind}:${d.id}`;
const newKey = () => crypto.randomUUID().replace(/-/g, '');
const percentText = (bp: number) => (bp / 100).toLocaleString('es-CO', { maximumFractionDigits: 2 });

export function AgreementSimulatorPage({ accountId, byPhone }: { accountId: number; byPhone: boolean }) {
  const { data, error, loading, reload } = useLoad(() => send('agreements.candidates', { accountId }), [accountId]);
  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
  return <Simulator candidates={data} byPhone={byPhone} />;
}

interface Terms {
  selected: CandidateDebt[];
  downKind: 'percent' | 'amount';
  percent: number | string;
  amount: number | null;
  installments: number | string;
  firstDueDate: string | null;
  dayOfMonth: number | string;
}

function Simulator({ candidates, byPhone }: { candidates: AgreementCandidates; byPhone: boolean }) {
  const t = useT();
  const { money } = useSession();
  const firstOverdue = candidates.debts.filter((d) => d.overdue);
  const nextMonth15 = `${addMonths(candidates.today, 1).slice(0, 8)}15`;
  const [terms, setTerms] = useState<Terms>({
    selected: firstOverdue,
    downKind: 'percent',
    percent: candidates.minDownPaymentBp / 100,
    amount: null,
    installments: Math.min(3, candidates.maxInstallments),
    firstDueDate: nextMonth15,
    dayOfMonth: 15,
  });
  const [signer, setSigner] = useState({ channel: byPhone ? 'telefono' : 'presencial', signerName: candidates.holderName, signerIdNumber: '', signerRelation: 'titular' as SignerRelation, authorisation: '', reclamoConsent: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [simulation, setSimulation] = useState<Simulation | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [approval, setApproval] = useState<Approval>(NO_APPROVAL);
  const [idempotencyKey] = useState(newKey);
  const asked = useRef(0);

  const input = useMemo(() => {
    const installments = Number(terms.installments);
    const dayOfMonth = Number(terms.dayOfMonth);
    if (terms.selected.length === 0 || !terms.firstDueDate || !Number.isInteger(installments) || installments < 1 || !Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31) return null;
    const down = terms.downKind === 'percent' ? (terms.percent === '' ? null : { downPaymentBp: Math.round(Number(terms.percent) * 100) }) : terms.amount === null ? null : { downPaymentAmount: terms.amount };
    if (!down) return null;
    return { accountId: candidates.accountId, debts: terms.selected.map((d) => ({ kind: d.kind, id: d.id })), installments, firstDueDate: terms.firstDueDate, dayOfMonth, ...down };
  }, [terms, candidates.accountId]);

  // every change asks for the simulation (a short pause while typing); an older answer never replaces a newer one
  useEffect(() => {
    if (!input) {
      setSimulation(null);
      setRefusal(null);
      return;
    }
    const mine = ++asked.current;
    const timer = setTimeout(() => {
      void call('agreements.simulate', input).then((r) => {
        if (mine !== asked.current) return;
        if (r.ok) {
          setSimulation(r.data);
          setRefusal(null);
        } else {
          setSimulation(null);
          setRefusal(r.error.message);
        }
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [input]);

  const set = <K extends keyof Terms>(key: K, value: Terms[K]) => setTerms((v) => ({ ...v, [key]: value }));
  const underReclamo = terms.selected.some((d) => d.underReclamo);
  const ready = simulation !== null && input !== null && refusal === null;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!ready || !input) return;
    const checked = check(agreementsSchemas['agreements.create'], { ...input, ...signer, idempotencyKey });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setApproval(NO_APPROVAL);
    setConfirming(true);
  };

  const save = async () => {
    if (!input) return;
    const created = await send('agreements.create', {
      ...input,
      ...signer,
      channel: signer.channel as 'presencial' | 'telefono',
      idempotencyKey,
      approval: simulation?.needsApproval ? approval : undefined,
    });
    notifySuccess(t('agreements.simulator.saved', { number: created.number }));
    navigate(paths.agreement(created.id));
  };

  return (
    <form onSubmit={submit} noValidate>
      <PageTitle
        title={t('agreements.simulator.title', { number: candidates.accountNumber })}
        description={t('agreements.simulator.description', { holder: candidates.holderName })}
        actions={
          <>
            <Button variant="default" leftSection={<IconArrowLeft size={18} />} onClick={() => navigate(paths.account(candidates.accountId))}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" leftSection={<IconDeviceFloppy size={18} />} disabled={!ready || candidates.live !== null} data-testid="agreement-save">
              {t('agreements.simulator.save')}
            </Button>
          </>
        }
      />
      {candidates.live && (
        <Alert color="red" mb="sm" data-testid="agreement-live">
          <Group justify="space-between">
            <Text size="sm">{t('agreements.simulator.live', { number: candidates.live.number, state: t(stateKey(candidates.live.state, 'al_dia')) })}</Text>
            <Button size="xs" variant="white" color="red" onClick={() => navigate(paths.agreement(candidates.live!.id))}>
              {t('agreements.simulator.openLive')}
            </Button>
          </Group>
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={5}>
          <Stack gap="sm">
            <Card withBorder padding="sm">
              <Title order={4} mb="xs">
                {t('agreements.simulator.debts')}
              </Title>
              <DataTable<CandidateDebt>
                label={t('agreements.simulator.debts')}
                records={candidates.debts}
                idOf={debtKey}
                empty={t('agreements.simulator.noDebts')}
                compact
                maxHeight={200}
                selection={{ selected: terms.selected, onChange: (selected) => set('selected', selected) }}
                rowTestId={(d) => `agreement-debt-${debtKey(d)}`}
                columns={[
                  {
                    key: 'label',
                    title: t('agreements.col.debt'),
                    render: (d) => (
                      <Group gap={4} wrap="nowrap">
                        <Text size="sm">{d.label}</Text>
                        {d.underReclamo && (
                          <Badge size="xs" color="orange">
                            {t('agreements.simulator.reclamo')}
                          </Badge>
                        )}
                      </Group>
                    ),
                  },
                  { key: 'dueDate', title: t('agreements.col.dueDate'), noWrap: true, render: (d) => <Text size="sm" c={d.overdue ? 'red' : undefined}>{formatDate(d.dueDate)}</Text> },
                  { key: 'balance', title: t('agreements.col.amount'), textAlign: 'right', noWrap: true, render: (d) => money(d.balance) },
                ]}
              />
            </Card>
            <Card withBorder padding="sm">
              <Title order={4} mb="xs">
                {t('agreements.simulator.terms')}
              </Title>
              <Stack gap="xs">
                <Group grow align="flex-end">
                  <SegmentedControl
                    aria-label={t('agreements.simulator.downKind')}
                    value={terms.downKind}
                    onChange={(v) => set('downKind', v as Terms['downKind'])}
                    data={[
                      { value: 'percent', label: t('agreements.simulator.downPercent') },
                      { value: 'amount', label: t('agreements.simulator.downAmount') },
                    ]}
                  />
                  {terms.downKind === 'percent' ? (
                    <NumberInput
                      label={t('agreements.simulator.percent')}
                      description={t('agreements.simulator.minimum', { percent: percentText(candidates.minDownPaymentBp) })}
                      value={terms.percent}
                      onChange={(v) => set('percent', v)}
                      min={0}
                      max={100}
                      decimalScale={2}
                      decimalSeparator=","
                      hideControls
                      data-testid="agreement-percent"
                      data-autofocus
                    />
                  ) : (
                    <MoneyInput
                      label={t('agreements.simulator.amount')}
                      description={t('agreements.simulator.minimum', { percent: percentText(candidates.minDownPaymentBp) })}
                      value={terms.amount}
                      onChange={(v) => set('amount', v)}
                      data-testid="agreement-amount"
                    />
                  )}
                </Group>
                <Group grow align="flex-start">
                  <NumberInput
                    label={t('agreements.simulator.installments', { max: candidates.maxInstallments })}
                    value={terms.installments}
                    onChange={(v) => set('installments', v)}
                    min={1}
                    max={60}
                    allowDecimal={false}
                    data-testid="agreement-installments"
                  />
                  <NumberInput label={t('agreements.simulator.dayOfMonth')} value={terms.dayOfMonth} onChange={(v) => set('dayOfMonth', v)} min={1} max={31} allowDecimal={false} data-testid="agreement-day" />
                </Group>
                <DateField label={t('agreements.simulator.firstDue')} value={terms.firstDueDate} onChange={(v) => set('firstDueDate', v)} minDate={candidates.today} data-testid="agreement-first-due" />
                <Text size="sm" c="dimmed">
                  {t('agreements.simulator.rate', { rate: percentText(candidates.annualRateBp) })}
                </Text>
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={7}>
          <Stack gap="sm">
            <SimulationView simulation={simulation} refusal={refusal} hasDebts={terms.selected.length > 0} candidates={candidates} />
            <Card withBorder padding="sm">
              <Title order={4} mb="xs">
                {t('agreements.simulator.signer')}
              </Title>
              <Stack gap="xs">
                <Group grow align="flex-start">
                  <Select
                    label={t('agreements.simulator.channel')}
                    data={(['presencial', 'telefono'] as const).map((c) => ({ value: c, label: t(`agreements.channel.${c}`) }))}
                    value={signer.channel}
                    onChange={(v) => v && setSigner({ ...signer, channel: v })}
                    allowDeselect={false}
                    data-testid="agreement-channel"
                  />
                  <Select
                    label={t('agreements.simulator.relation')}
                    data={SIGNER_RELATIONS.map((r) => ({ value: r, label: t(`agreements.relation.${r}`) }))}
                    value={signer.signerRelation}
                    onChange={(v) => v && setSigner({ ...signer, signerRelation: v as SignerRelation })}
                    allowDeselect={false}
                  />
                </Group>
                <Group grow align="flex-start">
                  <TextInput label={t('agreements.simulator.signerName')} value={signer.signerName} onChange={(e) => setSigner({ ...signer, signerName: e.currentTarget.value })} error={errors.signerName} maxLength={120} required data-testid="agreement-signer" />
                  <TextInput label={t('agreements.simulator.signerId')} value={signer.signerIdNumber} onChange={(e) => setSigner({ ...signer, signerIdNumber: e.currentTarget.value })} error={errors.signerIdNumber} maxLength={20} required data-testid="agreement-signer-id" />
                </Group>
                {signer.signerRelation === 'arrendatario' && (
                  <TextInput label={t('agreements.simulator.authorisation')} value={signer.authorisation} onChange={(e) => setSigner({ ...signer, authorisation: e.currentTarget.value })} error={errors.authorisation} maxLength={300} />
                )}
                {underReclamo && (
                  <TextInput label={t('agreements.simulator.reclamoConsent')} value={signer.reclamoConsent} onChange={(e) => setSigner({ ...signer, reclamoConsent: e.currentTarget.value })} error={errors.reclamoConsent} maxLength={300} />
                )}
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
      <ConfirmModal
        opened={confirming && simulation !== null}
        title={t('agreements.simulator.confirmTitle')}
        confirmLabel={t('agreements.simulator.confirmButton')}
        onClose={() => setConfirming(false)}
        onConfirm={save}
      >
        {simulation && (
          <>
            <Text fw={600}>
              {t('agreements.simulator.confirmText', {
                debt: money(simulation.debtTotal),
                number: simulation.accountNumber,
                down: money(simulation.downPayment),
                deadline: formatDate(simulation.downPaymentDeadline),
                n: simulation.installments,
                first: formatDate(simulation.firstDueDate),
                total: money(simulation.total),
              })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('agreements.simulator.confirmNote')}
            </Text>
            {simulation.needsApproval && <ApprovalFields value={approval} onChange={setApproval} why={t('agreements.simulator.approvalWhy')} autoFocus />}
          </>
        )}
      </ConfirmModal>
    </form>
  );
}

function SimulationView({ simulation, refusal, hasDebts, candidates }: { simulation: Simulation | null; refusal: string | null; hasDebts: boolean; candidates: AgreementCandidates }) {
  const t = useT();
  const { money } = useSession();
  if (refusal)
    return (
      <Alert color="red" role="alert" icon={<IconAlertTriangle />} data-testid="agreement-refusal">
        {refusal}
      </Alert>
    );
  if (!simulation) return <Alert color="gray">{hasDebts ? t('common.loading') : t('agreements.simulator.choose')}</Alert>;
  return (
    <Card withBorder padding="sm">
      <Title order={4} mb="xs">
        {t('agreements.simulator.plan')}
      </Title>
      <Stack gap="xs">
        <Figures simulation={simulation} />
        {simulation.warnings.length > 0 && (
          <Alert color="yellow" icon={<IconInfoCircle />} p="xs" data-testid="agreement-warnings">
            {simulation.warnings.map((w) => (
              <Text key={w} size="sm">
                {w}
              </Text>
            ))}
          </Alert>
        )}
        {simulation.needsApproval && (
          <Alert color="blue" p="xs" data-testid="agreement-needs-approval">
            <Text size="sm">{t('agreements.simulator.needsApproval', { amount: money(candidates.approvalAboveAmount), installments: candidates.approvalAboveInstallments })}</Text>
          </Alert>
        )}
        <ScheduleTable lines={simulation.lines} maxHeight={200} />
      </Stack>
    </Card>
  );
}

/** the agreement's amounts in one row of figures */
export function Figures({ simulation }: { simulation: Pick<Simulation, 'debtTotal' | 'downPayment' | 'financed' | 'totalInterest' | 'total' | 'downPaymentDeadline'> }) {
  const t = useT();
  const { money } = useSession();
  const items: [MessageKey, string, string][] = [
    ['agreements.fig.debt', money(simulation.debtTotal), 'debt'],
    ['agreements.fig.down', money(simulation.downPayment), 'down'],
    ['agreements.fig.financed', money(simulation.financed), 'financed'],
    ['agreements.fig.interest', money(simulation.totalInterest), 'interest'],
    ['agreements.fig.total', money(simulation.total), 'total'],
    ['agreements.fig.deadline', formatDate(simulation.downPaymentDeadline), 'deadline'],
  ];
  return (
    <SimpleGrid cols={6} spacing="xs">
      {items.map(([label, value, id]) => (
        <div key={id}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t(label)}
          </Text>
          <Text fw={700} data-testid={`agreement-fig-${id}`}>
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
