/** Cuentas: a search box and a results table moved through with the arrow keys; Enter opens. */
import { useEffect, useRef, useState } from 'react';
import { Alert, Group, Kbd, Loader, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { call } from '../../api/client';
import type { AccountSummary } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { PageTitle } from '../../app/PageTitle';
import { StatusBadge } from './StatusBadge';

/** The last search, kept while the app is open so that "back" finds the same results. */
let lastQuery = '';

export function AccountSearchPage() {
  const t = useT();
  const { money } = useSession();
  const [query, setQuery] = useState(lastQuery);
  const [debounced] = useDebouncedValue(query.trim(), 150);
  const [results, setResults] = useState<{ query: string; accounts: AccountSummary[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);

  useEffect(() => {
    lastQuery = query;
  }, [query]);

  useEffect(() => {
    if (!debounced) {
      setResults(null);
      setError(null);
      return;
    }
    let live = true;
    void call('accounts.search', { query: debounced, limit: 50 }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setResults({ query: debounced, accounts: result.data });
        setError(null);
      } else {
        setResults(null);
        setError(result.error.message);
      }
      setSelected(0);
    });
    return () => {
      live = false;
    };
  }, [debounced]);

  const accounts = results?.accounts ?? [];
  const open = (account: AccountSummary | undefined) => account && navigate(paths.account(account.id));
  const move = (index: number, focusRow: boolean) => {
    const next = Math.max(0, Math.min(accounts.length - 1, index));
    setSelected(next);
    if (focusRow) rows.current[next]?.focus();
    else rows.current[next]?.scrollIntoView({ block: 'nearest' });
  };

  const onInputKey = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown' && accounts.length) {
      event.preventDefault();
      move(selected, true);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      open(accounts[selected]);
    }
  };
  const onRowKey = (event: React.KeyboardEvent, index: number) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      move(index + 1, true);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (index === 0) document.getElementById('account-search')?.focus();
      else move(index - 1, true);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      open(accounts[index]);
    }
  };

  const searching = debounced !== query.trim() || (debounced !== '' && results?.query !== debounced && !error);

  return (
    <>
      <PageTitle title={t('accounts.title')} description={t('accounts.description')} />
      <TextInput
        id="account-search"
        size="md"
        placeholder={t('spotlight.placeholder')}
        aria-label={t('spotlight.placeholder')}
        leftSection={searching && query.trim() ? <Loader size={18} /> : <IconSearch size={18} />}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={onInputKey}
        autoFocus
        mb="md"
      />
      {error && <Alert color="red">{error}</Alert>}
      {!query.trim() && (
        <Group gap={6}>
          <Text c="dimmed" size="sm">
            {t('accounts.tip')}
          </Text>
          <Kbd>Ctrl+K</Kbd>
        </Group>
      )}
      {results && accounts.length === 0 && <Text c="dimmed">{t('spotlight.nothing', { query: results.query })}</Text>}
      {accounts.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table highlightOnHover aria-label={t('accounts.results')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('account.number')}</Table.Th>
                <Table.Th>{t('account.holder')}</Table.Th>
                <Table.Th>{t('account.idNumber')}</Table.Th>
                <Table.Th>{t('account.address')}</Table.Th>
                <Table.Th>{t('account.meter')}</Table.Th>
                <Table.Th>{t('account.statusLabel')}</Table.Th>
                <Table.Th ta="right">{t('account.debt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {accounts.map((account, index) => (
                <Table.Tr
                  key={account.id}
                  ref={(el) => {
                    rows.current[index] = el;
                  }}
                  className="row-selectable"
                  data-selected={index === selected}
                  tabIndex={0}
                  onFocus={() => setSelected(index)}
                  onClick={() => open(account)}
                  onKeyDown={(e) => onRowKey(e, index)}
                >
                  <Table.Td fw={600}>{account.number}</Table.Td>
                  <Table.Td>{account.holderName}</Table.Td>
                  <Table.Td className="nowrap">
                    {account.idType} {account.idNumber}
                  </Table.Td>
                  <Table.Td>{account.address}</Table.Td>
                  <Table.Td className="nowrap">{account.meterNumber}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={account.status} size="sm" />
                  </Table.Td>
                  <Table.Td ta="right" className="nowrap" c={account.balance > 0 ? 'red' : undefined}>
                    {money(account.balance)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
