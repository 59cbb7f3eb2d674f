/**
 * Encuestas (issue 19): the surveys on the left; the chosen one on the right with its report (NPS,
 * NSU, CSAT, response rate and margin achieved, by office and estrato, with charts and the numbered
 * PDF), its campaign (the sample size computed as the margin is typed, the strata and their shares,
 * the draw after a confirmation, the sample list with who answered, the e-mail reminders) and its
 * questions. The administrator defines and draws; a coordinator reads their office's part.
 */
import { Badge, Button, Card, Grid, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { send } from '../../api/client';
import { SURVEY_USE_LABELS, type Survey } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { DataTable } from '../../app/DataTable';
import { PageTitle } from '../../app/PageTitle';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { CampaignPanel } from './CampaignPanel';
import { SurveyReportPanel } from './SurveyReportPanel';

export function SurveysPage({ surveyId }: { surveyId: number | null }) {
  const t = useT();
  const { can } = useSession();
  const isAdmin = can(['administrador']);
  const list = useLoad(() => send('surveys.list', {}), []);
  if (list.loading && !list.data) return <Loading />;
  if (list.error || !list.data) return list.error ? <LoadError error={list.error} retry={() => void list.reload()} /> : null;
  const chosen = list.data.find((s) => s.id === surveyId) ?? null;
  return (
    <>
      <PageTitle
        title={t('surveys.title')}
        description={t('surveys.description')}
        actions={
          isAdmin && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => navigate(paths.surveyNew)} data-testid="survey-new">
              {t('surveys.new')}
            </Button>
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={3}>
          <DataTable<Survey>
            label={t('surveys.title')}
            records={list.data}
            idOf={(s) => s.id}
            empty={t('surveys.empty')}
            onRowClick={(s) => navigate(paths.survey(s.id))}
            rowColor={(s) => (s.id === surveyId ? 'blue' : undefined)}
            rowTestId={(s) => `survey-row-${s.id}`}
            compact
            columns={[
              {
                key: 'name',
                title: t('surveys.col.name'),
                render: (s) => (
                  <Stack gap={0}>
                    <Text size="sm" fw={s.id === surveyId ? 700 : 400}>
                      {s.name}
                    </Text>
                    <Badge size="xs" variant="light">
                      {t(`surveys.useShort.${s.use}` as MessageKey)}
                    </Badge>
                  </Stack>
                ),
              },
              { key: 'responses', title: t('surveys.col.responses'), textAlign: 'right' },
            ]}
          />
        </Grid.Col>
        <Grid.Col span={9}>{chosen ? <SurveyDetail key={chosen.id} survey={chosen} onChanged={() => void list.reload()} /> : <Text c="dimmed">{t('surveys.pick')}</Text>}</Grid.Col>
      </Grid>
    </>
  );
}

function SurveyDetail({ survey, onChanged }: { survey: Survey; onChanged: () => void }) {
  const t = useT();
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={3} data-testid="survey-name">
          {survey.name}
        </Title>
        <Text size="sm" c="dimmed">
          {SURVEY_USE_LABELS[survey.use]}
        </Text>
      </Group>
      <Tabs defaultValue="report" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="report">{t('surveys.tab.report')}</Tabs.Tab>
          {survey.use === 'campana' && <Tabs.Tab value="sample">{t('surveys.tab.sample')}</Tabs.Tab>}
          <Tabs.Tab value="questions">{t('surveys.tab.questions')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="report" pt="sm">
          <SurveyReportPanel survey={survey} />
        </Tabs.Panel>
        {survey.use === 'campana' && (
          <Tabs.Panel value="sample" pt="sm">
            <CampaignPanel survey={survey} onDrawn={onChanged} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="questions" pt="sm">
          <Card withBorder>
            <Stack gap={6}>
              {survey.questions.map((q) => (
                <Text size="sm" key={q.id}>
                  {q.position}. {q.text}{' '}
                  <Text span size="xs" c="dimmed">
                    ({t(`surveys.kind.${q.kind}` as MessageKey)}
                    {q.options.length > 0 ? `: ${q.options.join(' / ')}` : ''}
                    {q.indicator ? ` · ${q.indicator.toUpperCase()}` : ''})
                  </Text>
                </Text>
              ))}
            </Stack>
          </Card>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
