/**
 * Recording an answer (issue 19): a short form reached from the account at the counter ("Encuesta")
 * or from the telecobro desk and a campaign's sample ("Encuesta por teléfono"). Keyboard-first: the
 * first question has the focus, a 0–10 answer is typed, yes/no and choices are picked by typing their
 * first letters, Tab moves on, Enter records, Esc goes back. The back office checks every question and
 * one answer per account; its refusal is shown on the question it names.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Group, NumberInput, SegmentedControl, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconArrowLeft, IconHeadset, IconBuildingStore, IconMail } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { RESPONSE_CHANNELS, type ResponseChannel, type Survey, type SurveyQuestion } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { FormActions, FormError } from '../../app/FormParts';
import { notifySuccess } from '../../app/forms';
import { navigate, paths } from '../../app/router';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';

type Given = { score?: number; yes?: boolean; choice?: string; text?: string };

export function SurveyAnswerPage({ accountId, byPhone, pqrId }: { accountId: number; byPhone: boolean; pqrId?: number }) {
  const t = useT();
  // the answer came by phone, at the counter, or in the customer's reply to the e-mailed invitation
  const [channel, setChannel] = useState<ResponseChannel>(byPhone ? 'telefono' : 'ventanilla');
  const data = useLoad(async () => {
    const [account, surveys] = await Promise.all([send('accounts.get', { accountId }), send('surveys.list', {})]);
    // about a closed PQR only the surveys of closed PQRs; from the account or the desk, the others
    return { account, surveys: surveys.filter((s) => s.state === 'activa' && (s.use === 'pqr_cerrada') === (pqrId !== undefined)) };
  }, [accountId, pqrId]);
  const back = () => (window.history.length > 1 ? window.history.back() : navigate(pqrId !== undefined ? paths.pqrDetail(pqrId) : byPhone ? paths.collectionsDesk : paths.account(accountId)));
  if (data.loading && !data.data) return <Loading />;
  if (data.error || !data.data) return data.error ? <LoadError error={data.error} retry={() => void data.reload()} /> : null;
  const { account, surveys } = data.data;
  return (
    <Stack gap="sm" maw={900}>
      <Button variant="subtle" size="compact-sm" leftSection={<IconArrowLeft size={16} />} onClick={back} w="fit-content">
        {t('surveys.answer.back')}
      </Button>
      <Group gap="sm">
        <Title order={2}>{t('surveys.answer.title', { number: account.number })}</Title>
        <Badge leftSection={channel === 'telefono' ? <IconHeadset size={12} /> : channel === 'correo' ? <IconMail size={12} /> : <IconBuildingStore size={12} />} variant="light" data-testid="answer-channel">
          {t(`surveys.channel.${channel}`)}
        </Badge>
      </Group>
      <SegmentedControl
        aria-label={t('surveys.answer.channel')}
        data={RESPONSE_CHANNELS.map((c) => ({ value: c, label: t(`surveys.channel.${c}`) }))}
        value={channel}
        onChange={(v) => setChannel(v as ResponseChannel)}
        w="fit-content"
      />
      <Text size="lg">{account.holderName}</Text>
      {surveys.length === 0 ? <Alert color="gray">{t('surveys.answer.none')}</Alert> : <AnswerForm accountId={accountId} byPhone={byPhone} pqrId={pqrId} channel={channel} surveys={surveys} onDone={back} />}
    </Stack>
  );
}

function preferred(surveys: Survey[], byPhone: boolean): Survey {
  const want = byPhone ? 'campana' : 'atencion_caja';
  return surveys.find((s) => s.use === want) ?? surveys[0];
}

function AnswerForm({ accountId, byPhone, pqrId, channel, surveys, onDone }: { accountId: number; byPhone: boolean; pqrId?: number; channel: ResponseChannel; surveys: Survey[]; onDone: () => void }) {
  const t = useT();
  const [surveyId, setSurveyId] = useState(() => preferred(surveys, byPhone).id);
  const survey = useMemo(() => surveys.find((s) => s.id === surveyId) ?? surveys[0], [surveys, surveyId]);
  const [given, setGiven] = useState<Record<number, Given>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setGiven({});
    setErrors({});
  }, [surveyId]);
  const put = (q: SurveyQuestion, value: Given) => {
    setGiven((g) => ({ ...g, [q.id]: value }));
    setErrors((e) => {
      const next = { ...e };
      delete next[`answers.${q.id}`];
      return next;
    });
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const answers = survey.questions.map((q) => ({ questionId: q.id, ...(given[q.id] ?? {}), ...(q.kind === 'texto' ? { text: given[q.id]?.text ?? '' } : {}) }));
    setBusy(true);
    const r = await call('surveys.answer', { surveyId: survey.id, accountId, pqrId, channel, answers });
    setBusy(false);
    if (!r.ok) return setErrors({ ...(r.error.fields ?? {}), _: r.error.message });
    notifySuccess(t('surveys.answer.saved', { channel: t(`surveys.channel.${channel}`) }));
    onDone();
  };
  return (
    <form onSubmit={submit} noValidate onKeyDown={(e) => e.key === 'Escape' && onDone()}>
      <Card withBorder>
        <Stack gap="sm">
          {surveys.length > 1 && (
            <Select label={t('surveys.answer.survey')} data={surveys.map((s) => ({ value: String(s.id), label: s.name }))} value={String(survey.id)} onChange={(v) => v && setSurveyId(Number(v))} allowDeselect={false} w={420} />
          )}
          {surveys.length === 1 && (
            <Text fw={600} data-testid="answer-survey">
              {survey.name}
            </Text>
          )}
          <FormError message={errors._} />
          {survey.questions.map((q, i) => (
            <Question key={`${survey.id}-${q.id}`} question={q} value={given[q.id]} error={errors[`answers.${q.id}`]} onChange={(v) => put(q, v)} autoFocus={i === 0} />
          ))}
          <FormActions busy={busy} onCancel={onDone} submitLabel={t('surveys.answer.save')} />
        </Stack>
      </Card>
    </form>
  );
}

function Question({ question: q, value, error, onChange, autoFocus }: { question: SurveyQuestion; value: Given | undefined; error?: string; onChange: (v: Given) => void; autoFocus: boolean }) {
  const t = useT();
  const label = `${q.position}. ${q.text}`;
  const testId = `answer-q${q.position}`;
  switch (q.kind) {
    case 'escala':
      return (
        <NumberInput
          label={label}
          description={t('surveys.answer.scoreHelp')}
          value={value?.score ?? ''}
          onChange={(v) => onChange({ score: typeof v === 'number' ? v : undefined })}
          min={0}
          max={10}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="strict"
          w={560}
          error={error}
          autoFocus={autoFocus}
          data-testid={testId}
        />
      );
    case 'si_no':
      return (
        <Select
          label={label}
          data={[
            { value: 'si', label: t('common.yes') },
            { value: 'no', label: t('common.no') },
          ]}
          value={value?.yes === undefined ? null : value.yes ? 'si' : 'no'}
          onChange={(v) => onChange({ yes: v === null ? undefined : v === 'si' })}
          searchable
          selectFirstOptionOnChange
          w={560}
          error={error}
          autoFocus={autoFocus}
          data-testid={testId}
        />
      );
    case 'opcion':
      return (
        <Select label={label} data={q.options} value={value?.choice ?? null} onChange={(v) => onChange({ choice: v ?? undefined })} searchable selectFirstOptionOnChange w={560} error={error} autoFocus={autoFocus} data-testid={testId} />
      );
    default:
      return <Textarea label={label} value={value?.text ?? ''} onChange={(e) => onChange({ text: e.currentTarget.value })} autosize minRows={2} maxRows={4} maxLength={2000} error={error} autoFocus={autoFocus} data-testid={testId} />;
  }
}
