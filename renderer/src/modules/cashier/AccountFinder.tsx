/**
 * Finding the account to pay: as you type (number, cédula/NIT, holder, address, meter); Enter opens
 * the highlighted result (arrows move it) or the first. A payment barcode typed or pasted here
 * is read as a scan.
 */
import { useEffect, useRef, useState } from 'react';
import { Group, Loader, Paper, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconBarcode, IconSearch } from '@tabler/icons-react';
import type { AccountSummary } from '../../../../shared/contract';
import { looksLikePaymentBarcode } from '../../../../shared/gs1';
import { useT } from '../../i18n';
import { useSession } from '../../app/session';
import { useAccountSearch } from '../accounts/useAccountSearch';

export function AccountFinder({ onOpen, onCode }: { onOpen: (account: AccountSummary) => void; onCode: (code: string) => void }) {
  const t = useT();
  const { money } = useSession();
  const [query, setQuery] = useState('');
  const { found, current, clear } = useAccountSearch(query, { limit: 8, skip: looksLikePaymentBarcode });
  const [active, setActive] = useState(0);
  const pendingEnter = useRef(false);
  const isCode = looksLikePaymentBarcode(query);

  const open = (account: AccountSummary) => {
    pendingEnter.current = false;
    setQuery('');
    clear();
    onOpen(account);
  };

  useEffect(() => {
    setActive(0);
    if (pendingEnter.current && current && found.accounts[0]) open(found.accounts[0]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [found]);

  return (
    <Stack gap={4} pos="relative">
      <TextInput
        size="md"
        label={t('cashier.find.label')}
        placeholder={t('cashier.find.placeholder')}
        leftSection={isCode ? <IconBarcode size={20} /> : <IconSearch size={20} />}
        rightSection={query.trim() && !current && !isCode ? <Loader size={16} /> : null}
        value={query}
        autoFocus
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          pendingEnter.current = false;
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const n = found.accounts.length;
            if (n) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
          } else if (e.key === 'Escape') {
            setQuery('');
          } else if (e.key === 'Enter') {
            e.preventDefault();
            if (isCode) {
              onCode(query);
              setQuery('');
            } else if (current && found.accounts[active]) open(found.accounts[active]);
            else if (query.trim()) pendingEnter.current = true;
          }
        }}
      />
      {current && (
        <Paper withBorder shadow="md" role="listbox" aria-label={t('cashier.find.results')}>
          {found.error && (
            <Text p="sm" c="red">
              {found.error}
            </Text>
          )}
          {!found.error && found.accounts.length === 0 && (
            <Text p="sm" c="dimmed">
              {t('cashier.find.nothing', { query: found.query })}
            </Text>
          )}
          {found.accounts.map((account, i) => (
            <UnstyledButton
              key={account.id}
              role="option"
              aria-selected={i === active}
              tabIndex={-1}
              onMouseEnter={() => setActive(i)}
              onClick={() => open(account)}
              display="block"
              w="100%"
              p="xs"
              bg={i === active ? 'var(--mantine-color-blue-light)' : undefined}
            >
              <Group justify="space-between" wrap="nowrap">
                <Stack gap={0} miw={0}>
                  <Text fw={600} truncate="end">
                    {account.number} · {account.holderName}
                  </Text>
                  <Text size="xs" c="dimmed" truncate="end">
                    {account.address} · {account.idType} {account.idNumber}
                  </Text>
                </Stack>
                <Text size="sm" c={account.balance > 0 ? 'red' : 'dimmed'} style={{ flexShrink: 0 }}>
                  {money(account.balance)}
                </Text>
              </Group>
            </UnstyledButton>
          ))}
        </Paper>
      )}
    </Stack>
  );
}
