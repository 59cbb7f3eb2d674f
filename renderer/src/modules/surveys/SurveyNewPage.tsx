/**
 * "Nueva encuesta" (administrator): the name, the use and the questions (0–10, yes/no, choice, text),
 * each marked for the indicator it feeds. Checked with the back office's own schema before it is sent,
 * so the messages are the same Spanish ones; Enter saves, Esc goes back.
 */
import { useState } from 'react';
import { ActionIcon, Button, Card, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { call } from '../../api/client';
import { INDICATORS, QUESTION_KINDS, SURVEY_USES, SURVEY_USE_LABELS, surveysSchemas, type Indicator, type QuestionKind, type SurveyUse } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { FormActions, FormError } from '../../app/FormParts';
import { check, notifySuccess, text, useForm } from '../../app/forms';
import { PageTitle } from '../../app/PageTitle';
import { navigate, paths } from '../../app/router';

interface DraftQuestion {
  kind: QuestionKind;
  text: string;
  /** one choice per line */
  options: string;
  indicator: Indicator;
}

const blank = (kind: QuestionKind = 'escala', indicator: Indicator = ''): DraftQuestion => ({ kind, text: '', options: '', indicator });

export function SurveyNewPage() {
  const t = useT();
  const { values, set, errors, setErrors } = useForm<{ name: string; use: SurveyUse; questions: DraftQuestion[] }>({ name: '', use: 'campana', questions: [blank('escala', 'nps'), blank('escala', 'nsu')] });
  const [busy, setBusy] = useState(false);
  const setQuestion = (i: number, patch: Partial<DraftQuestion>) => {
    set(
      'questions',
      values.questions.map((q, j) => (j === i ? { ...q, ...patch } : q)),
    );
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith(`questions.${i}.`))));
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = {
      name: values.name,
      use: values.use,
      questions: values.questions.map((q) => ({
        kind: q.kind,
        text: q.text,
        options: q.kind === 'opcion' ? q.options.split('\n').map((o) => o.trim()).filter(Boolean) : [],
        indicator: q.indicator,
      })),
    };
    const checked = check(surveysSchemas['surveys.create'], input);
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    const r = await call('surveys.create', checked.data);
    setBusy(false);
    if (!r.ok) return setErrors({ ...(r.error.fields ?? {}), _: r.error.message });
    notifySuccess(t('surveys.created', { name: r.data.name }));
    navigate(paths.survey(r.data.id));
  };
  return (
    <form onSubmit={submit} noValidate onKeyDown={(e) => e.key === 'Escape' && navigate(paths.surveys)}>
      <PageTitle title={t('surveys.newTitle')} description={t('surveys.newDescription')} />
      <Stack gap="sm" maw={1000}>
        <FormError message={errors._} />
        <Group grow align="flex-start">
          <TextInput label={t('surveys.name')} value={values.name} onChange={text((v) => set('name', v))} error={errors.name} autoFocus data-testid="survey-name-input" />
          <Select
            label={t('surveys.use')}
            data={SURVEY_USES.map((u) => ({ value: u, label: SURVEY_USE_LABELS[u] }))}
            value={values.use}
            onChange={(v) => v && set('use', v as SurveyUse)}
            allowDeselect={false}
            error={errors.use}
          />
        </Group>
        {errors.questions && <FormError message={errors.questions} />}
        {values.questions.map((q, i) => (
          <Card withBorder padding="xs" key={i} data-testid={`question-${i + 1}`}>
            <Group align="flex-start" gap="xs" wrap="nowrap">
              <Text fw={600} size="sm" mt={28} w={24}>
                {i + 1}.
              </Text>
              <TextInput label={t('surveys.questionText')} value={q.text} onChange={text((v) => setQuestion(i, { text: v }))} error={errors[`questions.${i}.text`]} style={{ flex: 1 }} />
              <Select
                label={t('surveys.questionKind')}
                data={QUESTION_KINDS.map((k) => ({ value: k, label: t(`surveys.kind.${k}` as MessageKey) }))}
                value={q.kind}
                onChange={(v) => v && setQuestion(i, { kind: v as QuestionKind, indicator: v === 'escala' || v === 'si_no' ? q.indicator : '' })}
                allowDeselect={false}
                w={140}
              />
              <Select
                label={t('surveys.questionIndicator')}
                data={INDICATORS.map((k) => ({ value: k, label: t(k === '' ? 'surveys.indicator.none' : (`surveys.indicator.${k}` as MessageKey)) }))}
                value={q.indicator}
                onChange={(v) => setQuestion(i, { indicator: (v ?? '') as Indicator })}
                allowDeselect={false}
                error={errors[`questions.${i}.indicator`]}
                w={200}
              />
              <ActionIcon variant="subtle" color="red" mt={26} aria-label={t('surveys.removeQuestion', { n: i + 1 })} disabled={values.questions.length === 1} onClick={() => set('questions', values.questions.filter((_, j) => j !== i))}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
            {q.kind === 'opcion' && (
              <Textarea label={t('surveys.options')} value={q.options} onChange={text((v) => setQuestion(i, { options: v }))} error={errors[`questions.${i}.options`]} autosize minRows={2} maxRows={5} ml={32} mt={4} />
            )}
          </Card>
        ))}
        <Group justify="space-between">
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => set('questions', [...values.questions, blank()])} disabled={values.questions.length >= 30}>
            {t('surveys.addQuestion')}
          </Button>
          <FormActions busy={busy} onCancel={() => navigate(paths.surveys)} />
        </Group>
      </Stack>
    </form>
  );
}
