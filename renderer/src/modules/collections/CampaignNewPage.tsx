/**
 * Nueva campaña (issue 15, item 2): the coordinator chooses the criteria (age buckets, minimum debt,
 * cycle and route, use, estrato, notice stage, a phone or e-mail on record) and sees, before
 * launching, how many accounts match, how many qualify and why the others are left out; then names
 * the campaign, picks the gestores who share it (evenly by debt or by route) and launches it after a
 * confirmation that states what will happen. A change in the criteria asks for the preview again.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Chip, Grid, Group, Loader, Progress, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconEye, IconRocket } from '@tabler/icons-react';
import { ApiCallError, call, send } from '../../api/client';
import {
  AGE_BUCKETS,
  AGE_BUCKET_LABELS,
  CHANNEL_CRITERIA,
  NOTICE_STAGE_CRITERIA,
  USES,
  type AgeBucket,
  type CampaignCandidate,
  type CampaignCriteria,
  type CampaignDistribution,
  type CampaignPreview,
} from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { DataTable } from '../../app/DataTable';
import { MoneyInput } from '../../app/MoneyInput';
import { PageTitle } from '../../app/PageTitle';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { Exclusions, Figure } from './parts';

interface Criteria {
  buckets: AgeBucket[];
  minDebt: number | null;
  cycle: string;
  route: string;
  use: string | null;
  estrato: string | null;
  noticeStage: (typeof NOTICE_STAGE_CRITERIA)[number];
  channel: (typeof CHANNEL_CRITERIA)[number];
}

const EMPTY: Criteria = { buckets: [], minDebt: null, cycle: '', route: '', use: null, estrato: null, noticeStage: 'cualquiera', channel: 'cualquiera' };

/** what the back office is asked (empty fields left out) */
function toCriteria(c: Criteria): CampaignCriteria {
  return {
    buckets: c.buckets,
    ...(c.minDebt !== null ? { minDebt: c.minDebt } : {}),
    ...(c.cycle.trim() ? { cycle: c.cycle.trim() } : {}),
    ...(c.route.trim() ? { route: c.route.trim() } : {}),
    ...(c.use ? { use: c.use as CampaignCriteria['use'] } : {}),
    ...(c.estrato !== null ? { estrato: Number(c.estrato) } : {}),
    noticeStage: c.noticeStage,
    channel: c.channel,
  };
}

function newKey(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

export function CampaignNewPage() {
  const t = useT();
  const { money } = useSession();
  const [criteria, setCriteria] = useState<Criteria>(EMPTY);
  const [preview, setPreview] = useState<{ of: string; data: CampaignPreview } | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [gestorIds, setGestorIds] = useState<string[]>([]);
  const [distribution, setDistribution] = useState<CampaignDistribution>('deuda');
  const [confirming, setConfirming] = useState(false);
  const [launching, setLaunching] = useState(false);
  const [key] = useState(newKey);
  const gestores = useLoad(() => send('collections.gestores', {}), []);

  const asked = useMemo(() => toCriteria(criteria), [criteria]);
  const fresh = preview !== null && preview.of === JSON.stringify(asked);
  const set = <K extends keyof Criteria>(k: K, v: Criteria[K]) => setCriteria((c) => ({ ...c, [k]: v }));

  const runPreview = async (event?: React.FormEvent) => {
    event?.preventDefault();
    setPreviewing(true);
    setError(null);
    const r = await call('collections.campaignPreview', { criteria: asked });
    setPreviewing(false);
    if (!r.ok) return setError(r.error.message);
    setPreview({ of: JSON.stringify(asked), data: r.data });
  };

  const problems: string[] = [];
  if (!fresh) problems.push(t('collections.newCampaign.needPreview'));
  else if (preview.data.qualifying === 0) problems.push(t('collections.newCampaign.noAccounts'));
  if (!name.trim()) problems.push(t('collections.newCampaign.needName'));
  if (gestorIds.length === 0) problems.push(t('collections.newCampaign.needGestor'));

  const launch = async () => {
    setLaunching(true);
    const r = await call('collections.launchCampaign', { idempotencyKey: key, name: name.trim(), criteria: asked, gestorIds: gestorIds.map(Number), distribution });
    setLaunching(false);
    if (!r.ok) throw new ApiCallError(r.error);
    navigate(paths.campaign(r.data.id));
  };

  return (
    <>
      <PageTitle
        title={t('collections.newCampaign.title')}
        description={t('collections.newCampaign.description')}
        actions={
          <>
            <Button variant="default" onClick={() => navigate(paths.campaigns)}>
              {t('common.cancel')}
            </Button>
            <Button leftSection={<IconRocket size={18} />} disabled={problems.length > 0} onClick={() => setConfirming(true)} data-testid="campaign-launch" title={problems.join(' ')}>
              {t('collections.newCampaign.launch')}
            </Button>
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={4}>
          <Card withBorder padding="sm">
            <form onSubmit={(e) => void runPreview(e)} noValidate>
              <Stack gap="xs">
                <Text fw={700}>{t('collections.newCampaign.criteria')}</Text>
                <div>
                  <Text size="sm" fw={500} mb={4}>
                    {t('collections.newCampaign.buckets')}
                  </Text>
                  <Chip.Group multiple value={criteria.buckets} onChange={(v) => set('buckets', v as AgeBucket[])}>
                    <Group gap={4}>
                      {AGE_BUCKETS.filter((b) => b !== 'al_dia').map((b) => (
                        <Chip key={b} value={b} size="xs">
                          {AGE_BUCKET_LABELS[b]}
                        </Chip>
                      ))}
                    </Group>
                  </Chip.Group>
                  <Text size="xs" c="dimmed">
                    {t('collections.newCampaign.bucketsHint')}
                  </Text>
                </div>
                <MoneyInput label={t('collections.newCampaign.minDebt')} value={criteria.minDebt} onChange={(v) => set('minDebt', v)} data-testid="campaign-min-debt" />
                <Group grow>
                  <TextInput label={t('collections.newCampaign.cycle')} value={criteria.cycle} onChange={(e) => set('cycle', e.currentTarget.value)} maxLength={10} />
                  <TextInput label={t('collections.newCampaign.route')} value={criteria.route} onChange={(e) => set('route', e.currentTarget.value)} maxLength={10} />
                </Group>
                <Group grow>
                  <Select
                    label={t('collections.col.use')}
                    placeholder={t('collections.any')}
                    clearable
                    data={USES.map((u) => ({ value: u, label: t(`account.use.${u}` as MessageKey) }))}
                    value={criteria.use}
                    onChange={(v) => set('use', v)}
                  />
                  <Select
                    label={t('collections.col.estrato')}
                    placeholder={t('collections.any')}
                    clearable
                    data={['0', '1', '2', '3', '4', '5', '6']}
                    value={criteria.estrato}
                    onChange={(v) => set('estrato', v)}
                  />
                </Group>
                <Select
                  label={t('collections.newCampaign.noticeStage')}
                  allowDeselect={false}
                  data={NOTICE_STAGE_CRITERIA.map((s) => ({ value: s, label: t(`collections.noticeStage.${s}` as MessageKey) }))}
                  value={criteria.noticeStage}
                  onChange={(v) => v && set('noticeStage', v as Criteria['noticeStage'])}
                />
                <Select
                  label={t('collections.newCampaign.channel')}
                  allowDeselect={false}
                  data={CHANNEL_CRITERIA.map((s) => ({ value: s, label: t(`collections.channelCriterion.${s}` as MessageKey) }))}
                  value={criteria.channel}
                  onChange={(v) => v && set('channel', v as Criteria['channel'])}
                />
                <Button type="submit" variant={fresh ? 'light' : 'filled'} leftSection={<IconEye size={18} />} loading={previewing} data-testid="campaign-preview">
                  {t('collections.newCampaign.preview')}
                </Button>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
        <Grid.Col span={8}>
          <Stack gap="sm">
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            {!preview && !previewing && <Alert color="gray">{t('collections.newCampaign.previewFirst')}</Alert>}
            {previewing && !preview && <Loader size="sm" />}
            {preview && <PreviewView preview={preview.data} stale={!fresh} />}
            <Card withBorder padding="sm">
              <Stack gap="xs">
                <Title order={5}>{t('collections.newCampaign.launchTitle')}</Title>
                <Group grow align="flex-start">
                  <TextInput label={t('collections.newCampaign.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={80} required data-testid="campaign-name" />
                  <div>
                    <Text size="sm" fw={500} mb={6}>
                      {t('collections.newCampaign.distribution')}
                    </Text>
                    <SegmentedControl
                      aria-label={t('collections.newCampaign.distribution')}
                      value={distribution}
                      onChange={(v) => setDistribution(v as CampaignDistribution)}
                      data={[
                        { value: 'deuda', label: t('collections.distribution.deuda') },
                        { value: 'ruta', label: t('collections.distribution.ruta') },
                      ]}
                    />
                  </div>
                </Group>
                <Checkbox.Group label={t('collections.newCampaign.gestores')} value={gestorIds} onChange={setGestorIds}>
                  <Group gap="md" mt={4}>
                    {(gestores.data ?? []).map((g) => (
                      <Checkbox key={g.id} value={String(g.id)} label={t('collections.newCampaign.gestorLabel', { name: g.fullName, n: g.pending })} />
                    ))}
                    {gestores.data?.length === 0 && (
                      <Text size="sm" c="dimmed">
                        {t('collections.newCampaign.noGestores')}
                      </Text>
                    )}
                  </Group>
                </Checkbox.Group>
                {problems.length > 0 && (
                  <Text size="xs" c="dimmed" data-testid="campaign-missing">
                    {problems.join(' ')}
                  </Text>
                )}
              </Stack>
            </Card>
            {preview && <Samples preview={preview.data} />}
          </Stack>
        </Grid.Col>
      </Grid>
      <ConfirmModal
        opened={confirming}
        title={t('collections.newCampaign.confirmTitle')}
        confirmLabel={t('collections.newCampaign.launch')}
        onConfirm={launch}
        onClose={() => setConfirming(false)}
      >
        {fresh && (
          <Stack gap="xs">
            <Text data-testid="campaign-confirm-text">
              {t('collections.newCampaign.confirmText', {
                name: name.trim(),
                n: preview.data.qualifying.toLocaleString('es-CO'),
                debt: money(preview.data.qualifyingDebt),
                gestores: gestorIds.length,
                how: t(`collections.distribution.${distribution}`).toLowerCase(),
              })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('collections.newCampaign.confirmAfter')}
            </Text>
            {launching && (
              <Stack gap={4} data-testid="campaign-launching">
                <Progress value={100} animated striped size="sm" aria-label={t('collections.newCampaign.launching')} />
                <Text size="sm">{t('collections.newCampaign.launching')}</Text>
              </Stack>
            )}
          </Stack>
        )}
      </ConfirmModal>
    </>
  );
}

/** the preview: matching, qualifying and the exclusions with their reasons */
function PreviewView({ preview, stale }: { preview: CampaignPreview; stale: boolean }) {
  const t = useT();
  const { money } = useSession();
  return (
    <Card withBorder padding="sm" style={stale ? { opacity: 0.55 } : undefined} data-testid="campaign-preview-card">
      <Stack gap="xs">
        {stale && (
          <Text size="sm" c="orange" fw={600}>
            {t('collections.newCampaign.stale')}
          </Text>
        )}
        <SimpleGrid cols={3}>
          <Figure label={t('collections.newCampaign.matching')} value={preview.matching.toLocaleString('es-CO')} testId="preview-matching" />
          <Figure label={t('collections.newCampaign.qualifying')} value={preview.qualifying.toLocaleString('es-CO')} testId="preview-qualifying" strong />
          <Figure label={t('collections.newCampaign.qualifyingDebt')} value={money(preview.qualifyingDebt)} testId="preview-debt" />
        </SimpleGrid>
        <Exclusions excluded={preview.excluded} />
      </Stack>
    </Card>
  );
}

/** the first accounts that qualify, and the first left out with why */
function Samples({ preview }: { preview: CampaignPreview }) {
  const t = useT();
  const { money } = useSession();
  const [list, setList] = useState<'qualifying' | 'excluded'>('qualifying');
  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <SegmentedControl
          size="xs"
          w="fit-content"
          value={list}
          onChange={(v) => setList(v as 'qualifying' | 'excluded')}
          data={[
            { value: 'qualifying', label: t('collections.newCampaign.sampleQualifying') },
            { value: 'excluded', label: t('collections.newCampaign.sampleExcluded') },
          ]}
        />
        <DataTable<CampaignCandidate>
          label={list === 'qualifying' ? t('collections.newCampaign.sampleQualifying') : t('collections.newCampaign.sampleExcluded')}
          records={list === 'qualifying' ? preview.sample : preview.excludedSample}
          idOf={(c) => c.accountId}
          compact
          maxHeight={260}
          pageSize={200}
          columns={[
            { key: 'accountNumber', title: t('collections.col.account'), noWrap: true },
            { key: 'holderName', title: t('collections.col.holder') },
            { key: 'daysPastDue', title: t('collections.col.days'), textAlign: 'right' },
            { key: 'debt', title: t('collections.col.debt'), textAlign: 'right', noWrap: true, render: (c) => money(c.debt) },
            ...(list === 'excluded' ? [{ key: 'reasonText', title: t('collections.newCampaign.reason') }] : []),
          ]}
        />
      </Stack>
    </Card>
  );
}

