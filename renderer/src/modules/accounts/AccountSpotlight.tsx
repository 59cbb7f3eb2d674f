/**
 * Ctrl+K from anywhere: find an account as you type (number, cédula/NIT, holder, address, meter);
 * Enter opens the highlighted result, or the first one.
 */
import { useEffect, useRef, useState } from 'react';
import { Badge, Group, Loader, Stack, Text } from '@mantine/core';
import { Spotlight, createSpotlight } from '@mantine/spotlight';
import { IconCash, IconSearch } from '@tabler/icons-react';
import type { AccountSummary } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { StatusBadge } from './StatusBadge';
import { useAccountSearch } from './useAccountSearch';
import { useOpenTill } from '../cashier/useOpenTill';

export const [accountSpotlightStore, accountSpotlight] = createSpotlight();

export function AccountSpotlight() {
  const t = useT();
  const { money } = useSession();
  const [query, setQuery] = useState('');
  const { found, current } = useAccountSearch(query);
  const pendingEnter = useRef(false);
  const arrowsUsed = useRef(false);
  const till = useOpenTill();

  const open = (account: AccountSummary) => {
    pendingEnter.current = false;
    accountSpotlight.close();
    navigate(paths.account(account.id));
  };
  /** with a till open: Caja with the account loaded */
  const pay = (account: AccountSummary) => {
    pendingEnter.current = false;
    accountSpotlight.close();
    navigate(paths.cashierFor(account.id));
  };

  // Enter pressed before the results of what was typed arrived: open the first when they do.
  useEffect(() => {
    if (pendingEnter.current && current && found.accounts[0]) open(found.accounts[0]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [found]);

  const searching = query.trim() !== '' && !current;

  return (
    <Spotlight.Root
      store={accountSpotlightStore}
      query={query}
      onQueryChange={(q) => {
        setQuery(q);
        arrowsUsed.current = false;
      }}
      shortcut="mod + K"
      tagsToIgnore={[]}
      triggerOnContentEditable
      scrollable
      maxHeight={480}
      size={720}
      transitionProps={{ duration: 0 }}
      onSpotlightOpen={till.refresh}
      onSpotlightClose={() => {
        pendingEnter.current = false;
      }}
    >
      <Spotlight.Search
        placeholder={t('spotlight.placeholder')}
        aria-label={t('spotlight.placeholder')}
        leftSection={searching ? <Loader size={18} /> : <IconSearch size={20} stroke={1.5} />}
        onKeyDown={(event: React.KeyboardEvent<HTMLInputElement>) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') arrowsUsed.current = true;
          if (event.key !== 'Enter' || arrowsUsed.current) return;
          if (current && found.accounts[0]) open(found.accounts[0]);
          else if (query.trim()) pendingEnter.current = true;
        }}
      />
      <Spotlight.ActionsList>
        {current &&
          found.accounts.map((account) => (
            <Group key={account.id} gap={4} wrap="nowrap" align="stretch">
            <Spotlight.Action onClick={() => open(account)} style={{ flex: 1, minWidth: 0 }}>
              <Group wrap="nowrap" w="100%" justify="space-between" gap="sm">
                <Stack gap={0} miw={0}>
                  <Text fw={600} truncate="end">
                    {account.number} · {account.holderName}
                  </Text>
                  <Text size="xs" c="dimmed" truncate="end">
                    {account.address} · {account.idType} {account.idNumber}
                    {account.meterNumber ? ` · ${t('account.meter')} ${account.meterNumber}` : ''}
                  </Text>
                </Stack>
                <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
                  <StatusBadge status={account.status} size="xs" />
                  <Text size="xs" c={account.balance > 0 ? 'red' : 'dimmed'}>
                    {money(account.balance)}
                  </Text>
                </Stack>
              </Group>
            </Spotlight.Action>
            {till.open && (
              <Spotlight.Action onClick={() => pay(account)} aria-label={t('cashier.goPayAccount', { number: account.number })} w="auto" style={{ flexShrink: 0 }}>
                <Badge size="lg" variant="filled" leftSection={<IconCash size={16} />} style={{ cursor: 'pointer' }}>
                  {t('cashier.goPay')}
                </Badge>
              </Spotlight.Action>
            )}
            </Group>
          ))}
        {current && found.error && <Spotlight.Empty>{found.error}</Spotlight.Empty>}
        {current && !found.error && found.accounts.length === 0 && (
          <Spotlight.Empty>{t('spotlight.nothing', { query: found.query })}</Spotlight.Empty>
        )}
        {!query.trim() && <Spotlight.Empty>{t('spotlight.hint')}</Spotlight.Empty>}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
