/** Cuentas: a search box and a results table moved through with the arrow keys; Enter opens. */
import { useEffect, useState } from 'react';
import { Alert, Button, Group, Kbd, Loader, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCash, IconSearch } from '@tabler/icons-react';
import { call } from '../../api/client';
import type { AccountSummary } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { PageTitle } from '../../app/PageTitle';
import { StatusBadge } from './StatusBadge';
import { DataTable } from '../../app/DataTable';
import { useOpenTill } from '../cashier/useOpenTill';

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
  const till = useOpenTill();

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
    const row = document.querySelector<HTMLElement>(`[data-account-row="${next}"]`);
    if (focusRow) row?.focus();
    else row?.scrollIntoView({ block: 'nearest' });
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
        <DataTable<AccountSummary>
          label={t('accounts.results')}
          records={accounts}
          idOf={(a) => a.id}
          minWidth={760}
          striped={false}
          onRowClick={open}
          rowAttributes={(_account, index) => ({
            'data-account-row': index,
            'data-selected': index === selected,
            tabIndex: 0,
            onFocus: () => setSelected(index),
            onKeyDown: (e: React.KeyboardEvent) => onRowKey(e, index),
          })}
          columns={[
            { key: 'number', title: t('account.number'), noWrap: true, render: (a) => <Text fw={600} size="sm">{a.number}</Text> },
            { key: 'holderName', title: t('account.holder') },
            { key: 'idNumber', title: t('account.idNumber'), noWrap: true, render: (a) => `${a.idType} ${a.idNumber}` },
            { key: 'address', title: t('account.address') },
            { key: 'meterNumber', title: t('account.meter'), noWrap: true },
            { key: 'status', title: t('account.statusLabel'), render: (a) => <StatusBadge status={a.status} size="sm" /> },
            {
              key: 'balance',
              title: t('account.debt'),
              textAlign: 'right',
              noWrap: true,
              render: (a) => (
                <Text size="sm" c={a.balance > 0 ? 'red' : undefined}>
                  {money(a.balance)}
                </Text>
              ),
            },
            ...(till.open
              ? [
                  {
                    key: 'pay',
                    title: '',
                    render: (a: AccountSummary) => (
                      <Button
                        size="compact-sm"
                        leftSection={<IconCash size={14} />}
                        aria-label={t('cashier.goPayAccount', { number: a.number })}
                        onClick={(e) => {
                          e.stopPropagation();
                          navigate(paths.cashierFor(a.id));
                        }}
                      >
                        {t('cashier.goPay')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </>
  );
}
