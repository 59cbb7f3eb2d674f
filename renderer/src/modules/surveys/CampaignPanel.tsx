/**
 * A campaign's sample. Before the draw (administrator): the margin of error and the confidence, the
 * size computed as they are typed (surveys.planSample, Cochran with the finite-population correction)
 * and the strata (office × use × estrato) with their shares; "Sacar la muestra" asks first. After it:
 * the sample with who answered and how, a button to answer by phone, and the e-mail reminders.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, NumberInput, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconBellRinging, IconDice } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import type { SamplePlan, SampleRow, StratumPlan, Survey } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { DataTable } from '../../app/DataTable';
import { notifyError, notifySuccess } from '../../app/forms';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';

const one = new Intl.NumberFormat('es-CO', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function CampaignPanel({ survey, onDrawn }: { survey: Survey; onDrawn: () => void }) {
  const { can } = useSession();
  const [drawn, setDrawn] = useState(survey.sampleSize > 0);
  if (!drawn) {
    if (!can(['administrador'])) return <SampleList survey={survey} />;
    return (
      <PlanForm
        survey={survey}
        onDrawn={() => {
          setDrawn(true);
          onDrawn();
        }}
      />
    );
  }
  return <SampleList survey={survey} />;
}

function PlanForm({ survey, onDrawn }: { survey: Survey; onDrawn: () => void }) {
  const t = useT();
  const [margin, setMargin] = useState<number | string>(5);
  const [confidence, setConfidence] = useState<'90' | '95' | '99'>('95');
  const [plan, setPlan] = useState<SamplePlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const marginBp = typeof margin === 'number' ? Math.round(margin * 100) : Number.NaN;

  // the size as the margin is typed: a short pause, then the back office's plan
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      void call('surveys.planSample', { marginBp, confidence: Number(confidence) as 90 | 95 | 99 }).then((r) => {
        if (stale) return;
        if (r.ok) {
          setPlan(r.data);
          setError(null);
        } else {
          setPlan(null);
          setError(r.error.fields?.marginBp ?? r.error.message);
        }
      });
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [marginBp, confidence]);

  return (
    <Stack gap="sm">
      <Card withBorder padding="sm">
        <Title order={5} mb="xs">
          {t('surveys.plan.title')}
        </Title>
        <Group align="flex-end">
          <NumberInput
            label={t('surveys.plan.margin')}
            value={margin}
            onChange={setMargin}
            min={1}
            max={20}
            step={0.5}
            decimalScale={2}
            decimalSeparator=","
            w={190}
            error={error}
            autoFocus
            data-testid="plan-margin"
          />
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              {t('surveys.plan.confidence')}
            </Text>
            <SegmentedControl value={confidence} onChange={(v) => setConfidence(v as typeof confidence)} data={['90', '95', '99'].map((c) => ({ value: c, label: `${c} %` }))} />
          </Stack>
          {plan && (
            <Text fw={700} size="lg" data-testid="plan-size">
              {t('surveys.plan.size', { size: plan.sampleSize.toLocaleString('es-CO'), population: plan.population.toLocaleString('es-CO') })}
            </Text>
          )}
          <Button leftSection={<IconDice size={16} />} disabled={!plan || plan.sampleSize === 0} onClick={() => setAsking(true)} ml="auto" data-testid="plan-draw">
            {t('surveys.plan.draw')}
          </Button>
        </Group>
      </Card>
      {plan && <Strata plan={plan} />}
      {plan && (
        <ConfirmModal
          opened={asking}
          title={t('surveys.plan.drawTitle', { name: survey.name })}
          confirmLabel={t('surveys.plan.draw')}
          onClose={() => setAsking(false)}
          onConfirm={async () => {
            const drawn = await send('surveys.drawSample', { surveyId: survey.id, marginBp: plan.marginBp, confidence: plan.confidence });
            notifySuccess(t('surveys.plan.drawn', { size: drawn.sampleSize }));
            onDrawn();
          }}
        >
          <Text>{t('surveys.plan.drawText', { size: plan.sampleSize, population: plan.population, margin: one.format(plan.marginBp / 100), confidence: plan.confidence })}</Text>
        </ConfirmModal>
      )}
    </Stack>
  );
}

function Strata({ plan }: { plan: SamplePlan }) {
  const t = useT();
  return (
    <DataTable<StratumPlan>
      label={t('surveys.plan.strata')}
      records={plan.strata}
      idOf={(s) => `${s.officeId}-${s.use}-${s.estrato}`}
      maxHeight={330}
      compact
      columns={[
        { key: 'officeName', title: t('surveys.plan.col.office') },
        { key: 'use', title: t('surveys.plan.col.use') },
        { key: 'estrato', title: t('surveys.plan.col.estrato'), textAlign: 'right', render: (s) => s.estrato ?? '—' },
        { key: 'population', title: t('surveys.plan.col.population'), textAlign: 'right', render: (s) => s.population.toLocaleString('es-CO') },
        { key: 'share', title: t('surveys.plan.col.share'), textAlign: 'right', sortValue: (s) => s.population, render: (s) => `${one.format(plan.population ? (s.population * 100) / plan.population : 0)} %` },
        { key: 'sample', title: t('surveys.plan.col.sample'), textAlign: 'right', testId: 'stratum-sample' },
      ]}
    />
  );
}

function SampleList({ survey }: { survey: Survey }) {
  const t = useT();
  const session = useSession();
  const rows = useLoad(() => send('surveys.sample', { surveyId: survey.id }), [survey.id]);
  if (rows.loading && !rows.data) return <Loading />;
  if (rows.error || !rows.data) return rows.error ? <LoadError error={rows.error} retry={() => void rows.reload()} /> : null;
  return (
    <Stack gap="sm">
      <Reminders surveyId={survey.id} onSent={() => void rows.reload()} />
      <DataTable<SampleRow>
        label={t('surveys.sample.title', { n: rows.data.length })}
        records={rows.data}
        idOf={(r) => r.accountId}
        maxHeight={360}
        compact
        rowTestId={(r) => `sample-${r.accountNumber}`}
        pinLastColumn
        columns={[
          {
            key: 'accountNumber',
            title: t('surveys.sample.col.account'),
            render: (r) => (
              <Stack gap={0}>
                <Text size="sm" fw={600}>
                  {r.accountNumber}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {r.holderName} · {r.officeName}
                </Text>
              </Stack>
            ),
          },
          { key: 'estrato', title: t('surveys.plan.col.estrato'), textAlign: 'right', render: (r) => r.estrato ?? '—' },
          { key: 'answeredAt', title: t('surveys.sample.col.answered'), render: (r) => (r.answeredAt ? `${session.dateTime(r.answeredAt)} · ${t(`surveys.channel.${r.channel}` as MessageKey)}` : '—') },
          {
            key: 'invitedAt',
            title: t('surveys.sample.col.invited'),
            render: (r) => (r.invitedAt ? `${session.dateTime(r.invitedAt)}${r.remindedAt ? ` · ${t('surveys.sample.col.reminded')} ${session.dateTime(r.remindedAt)}` : ''}` : '—'),
          },
          {
            key: 'answer',
            title: '',
            render: (r) =>
              r.answeredAt ? null : (
                <Button size="compact-xs" variant="light" onClick={() => navigate(paths.surveyAnswer(r.accountId, true))}>
                  {t('surveys.sample.answer')}
                </Button>
              ),
          },
        ]}
      />
    </Stack>
  );
}

function Reminders({ surveyId, onSent }: { surveyId: number; onSent: () => void }) {
  const t = useT();
  const { can } = useSession();
  const settings = useLoad(() => send('surveys.getSettings', {}), []);
  const [days, setDays] = useState<number | string>('');
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (settings.data) setDays(settings.data.reminderDays);
  }, [settings.data]);
  const save = async () => {
    const r = await call('surveys.saveSettings', { reminderDays: typeof days === 'number' ? days : Number.NaN });
    if (!r.ok) return notifyError({ code: r.error.code, message: r.error.fields?.reminderDays ?? r.error.message });
    notifySuccess(t('surveys.reminders.saved', { days: r.data.reminderDays }));
  };
  const run = async () => {
    setBusy(true);
    try {
      const r = await send('surveys.sendReminders', { surveyId });
      setResult(t('surveys.reminders.result', { queued: r.queued, sent: r.sent, withoutConsent: r.withoutConsent }));
      onSent();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder padding="xs">
      <Group align="flex-end" gap="sm">
        <Stack gap={0} style={{ flex: 1 }}>
          <Text fw={600} size="sm">
            {t('surveys.reminders.title')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('surveys.reminders.help')}
          </Text>
        </Stack>
        <NumberInput label={t('surveys.reminders.days')} value={days} onChange={setDays} min={1} max={60} allowDecimal={false} w={150} disabled={!can(['administrador'])} size="xs" />
        {can(['administrador']) && (
          <Button size="xs" variant="default" onClick={() => void save()}>
            {t('surveys.reminders.save')}
          </Button>
        )}
        <Button size="xs" leftSection={<IconBellRinging size={14} />} loading={busy} onClick={() => void run()}>
          {t('surveys.reminders.send')}
        </Button>
      </Group>
      {result && (
        <Alert color="teal" mt="xs" p="xs" role="status">
          {result}
        </Alert>
      )}
    </Card>
  );
}
