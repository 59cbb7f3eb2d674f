/** Finds an account (number, id/NIT, name, address or meter) and hands back the one chosen. */
import { useState } from 'react';
import { Alert, Button, Loader, ScrollArea, Table, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { AccountSummary } from '../../../shared/contract';
import { useT } from '../i18n';
import { useSession } from './session';
import { useAccountSearch } from '../modules/accounts/useAccountSearch';

export function AccountPicker({ onPick }: { onPick: (account: AccountSummary) => void }) {
  const t = useT();
  const { money } = useSession();
  const [query, setQuery] = useState('');
  const { found, current } = useAccountSearch(query, { delayMs: 200 });
  return (
    <>
      <TextInput
        label={t('picker.label')}
        placeholder={t('picker.placeholder')}
        leftSection={<IconSearch size={16} />}
        rightSection={query.trim() && !current ? <Loader size="xs" /> : null}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            if (current && found.accounts.length === 1) onPick(found.accounts[0]);
          }
        }}
        data-autofocus
      />
      {current && found.error && <Alert color="red">{found.error}</Alert>}
      {current && !found.error && found.accounts.length === 0 && <Alert color="gray">{t('picker.none')}</Alert>}
      {current && found.accounts.length > 0 && (
        <ScrollArea.Autosize mah={300}>
          <Table highlightOnHover aria-label={t('picker.results')}>
            <Table.Tbody>
              {found.accounts.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td fw={600}>{a.number}</Table.Td>
                  <Table.Td>
                    {a.holderName}
                    <br />
                    <span style={{ fontSize: 'var(--mantine-font-size-xs)', color: 'var(--mantine-color-dimmed)' }}>{a.address}</span>
                  </Table.Td>
                  <Table.Td ta="right">{money(a.balance)}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" onClick={() => onPick(a)} aria-label={t('picker.choose', { account: a.number })}>
                      {t('picker.chooseShort')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </>
  );
}
