/**
 * Campañas (issue 15, item 2): the office's campaigns, active first, with their accounts, debt and
 * what is still waiting; «Nueva campaña» builds one from criteria with its preview.
 */
import { useState } from 'react';
import { Badge, Button, SegmentedControl, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { CampaignRow } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { DataTable } from '../../app/DataTable';
import { PageTitle } from '../../app/PageTitle';
import { LoadError } from '../../app/Status';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';

type StateFilter = 'activa' | 'cerrada' | 'todas';

export function CampaignsPage() {
  const t = useT();
  const { money, dateTime } = useSession();
  const [state, setState] = useState<StateFilter>('activa');
  const list = useLoad(() => send('collections.campaigns', state === 'todas' ? {} : { state }), [state]);
  return (
    <>
      <PageTitle
        title={t('collections.campaigns.title')}
        description={t('collections.campaigns.description')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={() => navigate(paths.campaignNew)} data-testid="campaign-new">
            {t('collections.campaigns.new')}
          </Button>
        }
      />
      <Stack gap="sm">
        <SegmentedControl
          aria-label={t('collections.campaigns.state')}
          w="fit-content"
          value={state}
          onChange={(v) => setState(v as StateFilter)}
          data={[
            { value: 'activa', label: t('collections.campaigns.active') },
            { value: 'cerrada', label: t('collections.campaigns.closed') },
            { value: 'todas', label: t('collections.campaigns.all') },
          ]}
        />
        {list.error && <LoadError error={list.error} retry={() => void list.reload()} />}
        <DataTable<CampaignRow>
          label={t('collections.campaigns.table')}
          records={list.data ?? []}
          idOf={(c) => c.id}
          fetching={list.loading}
          empty={t('collections.campaigns.empty')}
          onRowClick={(c) => navigate(paths.campaign(c.id))}
          rowTestId={(c) => `campaign-${c.id}`}
          rowAttributes={(c) => ({ tabIndex: 0, onKeyDown: (e: React.KeyboardEvent) => e.key === 'Enter' && navigate(paths.campaign(c.id)) })}
          columns={[
            { key: 'name', title: t('collections.campaigns.name'), sortable: true },
            { key: 'state', title: t('collections.campaigns.state'), render: (c) => <Badge color={c.state === 'activa' ? 'teal' : 'gray'}>{c.state === 'activa' ? t('collections.campaigns.activeOne') : t('collections.campaigns.closedOne')}</Badge> },
            { key: 'officeCode', title: t('collections.col.office'), noWrap: true },
            { key: 'accounts', title: t('collections.campaigns.accounts'), textAlign: 'right', sortable: true },
            { key: 'pending', title: t('collections.campaigns.pending'), textAlign: 'right', sortable: true },
            { key: 'debt', title: t('collections.campaigns.debt'), textAlign: 'right', noWrap: true, sortable: true, render: (c) => money(c.debt) },
            { key: 'createdAt', title: t('collections.campaigns.created'), sortable: true, render: (c) => `${dateTime(c.createdAt)} · ${c.createdBy}` },
          ]}
        />
      </Stack>
    </>
  );
}
