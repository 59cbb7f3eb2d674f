/**
 * A campaign (issue 15, item 2): its criteria, the accounts left out and why, and each gestor's
 * progress (accounts, debt, worked, waiting, contacts, effective); the coordinator closes it with a
 * note (the accounts still waiting leave the queues). Below, the campaign's own accounts (CampaignAccounts).
 */
import { useState } from 'react';
import { Badge, Button, Card, Progress, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { IconArrowLeft, IconLock } from '@tabler/icons-react';
import { ApiCallError, call, send } from '../../api/client';
import type { CampaignGestorStats } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { DataTable } from '../../app/DataTable';
import { PageTitle } from '../../app/PageTitle';
import { LoadError, Loading } from '../../app/Status';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { CampaignAccounts } from './CampaignAccounts';
import { Exclusions, Figure } from './parts';

export function CampaignPage({ campaignId }: { campaignId: number }) {
  const t = useT();
  const { money, dateTime, can } = useSession();
  const campaign = useLoad(() => send('collections.campaign', { campaignId }), [campaignId]);
  const [closing, setClosing] = useState(false);
  const [note, setNote] = useState('');

  if (campaign.error) return <LoadError error={campaign.error} retry={() => void campaign.reload()} />;
  const c = campaign.data;
  if (!c) return <Loading />;
  const worked = c.accounts - c.pending;
  const coordination = can(['coordinador', 'administrador']);

  const close = async () => {
    const r = await call('collections.closeCampaign', { campaignId, note: note.trim() });
    if (!r.ok) throw new ApiCallError(r.error);
    campaign.setData(r.data);
  };

  return (
    <>
      <PageTitle
        title={c.name}
        description={t('collections.campaign.description', { by: c.createdBy, at: dateTime(c.createdAt), office: c.officeCode })}
        actions={
          <>
            <Button variant="default" leftSection={<IconArrowLeft size={18} />} onClick={() => navigate(paths.campaigns)}>
              {t('collections.campaign.back')}
            </Button>
            {coordination && c.state === 'activa' && (
              <Button color="red" variant="light" leftSection={<IconLock size={18} />} onClick={() => setClosing(true)} data-testid="campaign-close">
                {t('collections.campaign.close')}
              </Button>
            )}
          </>
        }
      />
      <Stack gap="sm">
        <SimpleGrid cols={4}>
          <Figure
            label={t('collections.campaigns.state')}
            value={
              <Badge size="lg" mt={4} color={c.state === 'activa' ? 'teal' : 'gray'} data-testid="campaign-state">
                {c.state === 'activa' ? t('collections.campaigns.activeOne') : t('collections.campaigns.closedOne')}
              </Badge>
            }
          />
          <Figure label={t('collections.campaigns.accounts')} value={c.accounts.toLocaleString('es-CO')} testId="campaign-accounts" />
          <Figure label={t('collections.campaigns.debt')} value={money(c.debt)} testId="campaign-debt" />
          <Figure
            label={t('collections.campaign.progress')}
            value={t('collections.campaign.progressText', { worked: worked.toLocaleString('es-CO'), total: c.accounts.toLocaleString('es-CO') })}
            testId="campaign-progress"
            sub={<Progress value={c.accounts > 0 ? (worked * 100) / c.accounts : 0} size="sm" mt={4} aria-label={t('collections.campaign.progress')} />}
          />
        </SimpleGrid>
        <DataTable<CampaignGestorStats>
          label={t('collections.campaign.gestores')}
          records={c.gestores}
          idOf={(g) => g.gestorId}
          compact
          rowTestId={(g) => `campaign-gestor-${g.gestorId}`}
          columns={[
            { key: 'fullName', title: t('collections.col.gestor'), sortable: true, noWrap: true },
            { key: 'accounts', title: t('collections.campaigns.accounts'), textAlign: 'right', sortable: true },
            { key: 'debt', title: t('collections.campaigns.debt'), textAlign: 'right', noWrap: true, sortable: true, render: (g) => money(g.debt) },
            { key: 'pending', title: t('collections.campaigns.pending'), textAlign: 'right' },
            { key: 'waiting', title: t('collections.campaign.waiting'), textAlign: 'right' },
            { key: 'worked', title: t('collections.campaign.worked'), textAlign: 'right' },
            { key: 'contacts', title: t('collections.campaign.contacts'), textAlign: 'right' },
            { key: 'effective', title: t('collections.campaign.effective'), textAlign: 'right' },
            {
              key: 'bar',
              title: t('collections.campaign.progress'),
              width: 100,
              render: (g) => <Progress value={g.accounts > 0 ? ((g.accounts - g.pending) * 100) / g.accounts : 0} size="sm" aria-label={g.fullName} />,
            },
          ]}
        />
        <SimpleGrid cols={2}>
          <Card withBorder padding="sm">
            <Text fw={700} size="sm">
              {t('collections.campaign.criteria')}
            </Text>
            <Stack gap={2} mt={4}>
              {c.criteriaText.map((line) => (
                <Text size="sm" key={line}>
                  · {line}
                </Text>
              ))}
              <Text size="sm">· {t('collections.newCampaign.distribution')}: {t(`collections.distribution.${c.distribution}`).toLowerCase()}</Text>
            </Stack>
          </Card>
          <Card withBorder padding="sm">
            <Exclusions excluded={c.excluded} />
            {c.state === 'cerrada' && (
              <>
                <Text fw={700} size="sm" mt="sm">
                  {t('collections.campaign.closedOn', { at: dateTime(c.closedAt) })}
                </Text>
                <Text size="sm" data-testid="campaign-close-note">
                  {c.closeNote}
                </Text>
              </>
            )}
          </Card>
        </SimpleGrid>
        <CampaignAccounts campaignId={campaignId} gestores={c.gestores} />
      </Stack>
      <ConfirmModal
        opened={closing}
        title={t('collections.campaign.closeTitle', { name: c.name })}
        confirmLabel={t('collections.campaign.close')}
        color="red"
        onConfirm={close}
        onClose={() => setClosing(false)}
      >
        <Text size="sm">{t('collections.campaign.closeText', { n: c.pending.toLocaleString('es-CO') })}</Text>
        <Textarea label={t('collections.campaign.closeNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={300} required autosize minRows={2} data-autofocus data-testid="campaign-close-input" />
      </ConfirmModal>
    </>
  );
}
