/**
 * Órdenes de trabajo (issue 17): the board, the suspension round from expired notices, and the
 * crew's results imported; a new order by hand and the office's crews from the title's actions.
 */
import { useState } from 'react';
import { Button, Group, Tabs } from '@mantine/core';
import { IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { useT } from '../../i18n';
import { PageTitle } from '../../app/PageTitle';
import { BoardPanel } from './BoardPanel';
import { CrewsModal } from './CrewsModal';
import { ImportResults } from './ImportResults';
import { NewOrderModal } from './NewOrderModal';
import { SuspensionRound } from './SuspensionRound';

export function WorkOrdersPage() {
  const t = useT();
  const [tab, setTab] = useState<string | null>('board');
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const [crews, setCrews] = useState(false);
  const changed = () => setVersion((v) => v + 1);
  return (
    <>
      <PageTitle
        title={t('wo.title')}
        description={t('wo.description')}
        actions={
          <Group gap="xs">
            <Button variant="default" leftSection={<IconUsersGroup size={16} />} onClick={() => setCrews(true)} data-testid="wo-crews">
              {t('wo.crews.title')}
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="wo-new">
              {t('wo.new.title')}
            </Button>
          </Group>
        }
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="board">{t('wo.tab.board')}</Tabs.Tab>
          <Tabs.Tab value="round">{t('wo.tab.round')}</Tabs.Tab>
          <Tabs.Tab value="import">{t('wo.tab.import')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="board">
          <BoardPanel version={version} changed={changed} />
        </Tabs.Panel>
        <Tabs.Panel value="round">
          <SuspensionRound changed={changed} />
        </Tabs.Panel>
        <Tabs.Panel value="import">
          <ImportResults changed={changed} />
        </Tabs.Panel>
      </Tabs>
      <NewOrderModal opened={creating} onClose={() => setCreating(false)} created={changed} />
      <CrewsModal opened={crews} onClose={() => setCrews(false)} changed={changed} />
    </>
  );
}
