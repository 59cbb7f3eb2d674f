/**
 * Bandeja: the PQRs of the person ("Mis PQR"), of the office and those nobody has yet (both for
 * coordinators), sorted by due date with the traffic light. One box finds a radicado (typed or
 * scanned + Enter opens it) or searches by account, petitioner, id or words, with filters.
 */
import { useState } from 'react';
import { Alert, Anchor, Button, Group, Select, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { IconFilter, IconMailForward, IconSearch, IconX } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { PQR_STATES, PQR_TYPES, type Input, type PqrListItem, type PqrState, type PqrType } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { text } from '../../app/forms';
import { formatDate, parseDisplayDate } from '../../app/format';
import { PageTitle } from '../../app/PageTitle';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { DaysLeft, LegalDueLine, LightBadge, LIGHTS, SilencioBadge, StateBadge, STATES } from './PqrBadges';

type Scope = 'mine' | 'office' | 'unassigned';
type Light = 'a_tiempo' | 'por_vencer' | 'vencida';
const COORDINATION = ['coordinador', 'administrador'] as const;

/** as printed on the sticker: 2026-CEN-P-000123 */
export function looksLikeRadicado(value: string): boolean {
  return /^\d{4}-[A-Z0-9]+-[A-Z0-9-]+$/i.test(value.trim());
}

export function PqrTrayPage() {
  const t = useT();
  const { can } = useSession();
  const coordinator = can(COORDINATION);
  const [scope, setScope] = useState<Scope>('mine');
  const [searching, setSearching] = useState<Input<'pqr.search'> | null>(null);

  return (
    <>
      <PageTitle
        title={t('pqr.tray.title')}
        description={t('pqr.tray.description')}
        actions={
          <Button leftSection={<IconMailForward size={18} />} onClick={() => navigate(paths.pqrFile)}>
            {t('pqr.tray.file')}
          </Button>
        }
      />
      <Stack gap="md">
        <SearchBar onSearch={setSearching} onClear={() => setSearching(null)} active={searching !== null} />
        {searching ? (
          <SearchResults query={searching} />
        ) : (
          <Tabs value={scope} onChange={(v) => v && setScope(v as Scope)} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="mine">{t('pqr.tray.mine')}</Tabs.Tab>
              {coordinator && <Tabs.Tab value="office">{t('pqr.tray.office')}</Tabs.Tab>}
              {coordinator && <Tabs.Tab value="unassigned">{t('pqr.tray.unassigned')}</Tabs.Tab>}
            </Tabs.List>
            {(['mine', 'office', 'unassigned'] as const).map((s) => (
              <Tabs.Panel key={s} value={s} pt="md">
                <Tray scope={s} />
              </Tabs.Panel>
            ))}
          </Tabs>
        )}
      </Stack>
    </>
  );
}

function Tray({ scope }: { scope: Scope }) {
  const t = useT();
  const { data, error, loading, reload } = useLoad(() => send('pqr.tray', { scope }), [scope]);
  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
  if (data.length === 0) return <Text c="dimmed">{t(`pqr.tray.empty.${scope}`)}</Text>;
  return <PqrTable items={data} label={t(`pqr.tray.${scope}`)} />;
}

function SearchResults({ query }: { query: Input<'pqr.search'> }) {
  const t = useT();
  const { data, error, loading, reload } = useLoad(() => send('pqr.search', query), [query]);
  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
  return (
    <Stack gap="xs">
      <Text fw={600} data-testid="pqr-search-count">
        {t(data.length === 1 ? 'pqr.search.one' : 'pqr.search.many', { n: data.length })}
      </Text>
      {data.length > 0 && <PqrTable items={data} label={t('pqr.search.results')} />}
    </Stack>
  );
}

interface Filters {
  text: string;
  type: PqrType | null;
  state: PqrState | null;
  light: Light | null;
  from: string;
  to: string;
}

function SearchBar({ onSearch, onClear, active }: { onSearch: (q: Input<'pqr.search'>) => void; onClear: () => void; active: boolean }) {
  const t = useT();
  const [f, setF] = useState<Filters>({ text: '', type: null, state: null, light: null, from: '', to: '' });
  const [showFilters, setShowFilters] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = <K extends keyof Filters>(key: K, value: Filters[K]) => {
    setProblem(null);
    setF((v) => ({ ...v, [key]: value }));
  };

  const run = async () => {
    setProblem(null);
    const words = f.text.trim();
    if (looksLikeRadicado(words)) {
      setBusy(true);
      const found = await call('pqr.findByRadicado', { radicado: words });
      setBusy(false);
      if (found.ok) return navigate(paths.pqrDetail(found.data.id));
      return setProblem(found.error.code === 'NOT_FOUND' ? t('pqr.search.noRadicado', { radicado: words.toUpperCase() }) : found.error.message);
    }
    const filedFrom = f.from.trim() ? parseDisplayDate(f.from) : undefined;
    const filedTo = f.to.trim() ? parseDisplayDate(f.to) : undefined;
    if (filedFrom === null || filedTo === null) return setProblem(t('common.dateInvalid'));
    if (!words && !f.type && !f.state && !f.light && !filedFrom && !filedTo) return setProblem(t('pqr.search.nothing'));
    onSearch({
      text: words,
      ...(f.type ? { type: f.type } : {}),
      ...(f.state ? { state: f.state } : {}),
      ...(f.light ? { light: f.light } : {}),
      ...(filedFrom ? { filedFrom } : {}),
      ...(filedTo ? { filedTo } : {}),
    });
  };

  return (
    <Stack gap="xs">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('pqr.search.label')}
            placeholder={t('pqr.search.placeholder')}
            leftSection={<IconSearch size={16} />}
            value={f.text}
            onChange={text((v) => change('text', v))}
            style={{ flex: 1 }}
            maxLength={120}
            data-autofocus
          />
          <Button type="submit" loading={busy}>
            {t('pqr.search.button')}
          </Button>
          <Button variant="default" leftSection={<IconFilter size={16} />} onClick={() => setShowFilters((s) => !s)} aria-expanded={showFilters}>
            {t('pqr.search.filters')}
          </Button>
          {active && (
            <Button variant="subtle" color="gray" leftSection={<IconX size={16} />} onClick={onClear}>
              {t('pqr.search.clear')}
            </Button>
          )}
        </Group>
        {showFilters && (
          <Group mt="xs" gap="sm" align="flex-end">
            <Select label={t('pqr.search.type')} data={PQR_TYPES.map((v) => ({ value: v, label: t(`pqr.type.${v}`) }))} value={f.type} onChange={(v) => change('type', v as PqrType | null)} clearable w={220} />
            <Select label={t('pqr.search.state')} data={PQR_STATES.map((v) => ({ value: v, label: t(STATES[v].label) }))} value={f.state} onChange={(v) => change('state', v as PqrState | null)} clearable w={160} />
            <Select
              label={t('pqr.search.light')}
              data={(['a_tiempo', 'por_vencer', 'vencida'] as const).map((v) => ({ value: v, label: t(LIGHTS[v].label) }))}
              value={f.light}
              onChange={(v) => change('light', v as Light | null)}
              clearable
              w={160}
            />
            <TextInput label={t('pqr.search.from')} placeholder={t('common.datePlaceholder')} value={f.from} onChange={text((v) => change('from', v))} w={130} />
            <TextInput label={t('pqr.search.to')} placeholder={t('common.datePlaceholder')} value={f.to} onChange={text((v) => change('to', v))} w={130} />
          </Group>
        )}
      </form>
      {problem && (
        <Alert color="red" role="alert" data-testid="pqr-search-problem">
          {problem}
        </Alert>
      )}
    </Stack>
  );
}

export function PqrTable({ items, label }: { items: PqrListItem[]; label: string }) {
  const t = useT();
  const { dateTime } = useSession();
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table striped highlightOnHover aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('pqr.col.light')}</Table.Th>
            <Table.Th>{t('pqr.col.radicado')}</Table.Th>
            <Table.Th>{t('pqr.col.type')}</Table.Th>
            <Table.Th>{t('pqr.col.petitioner')}</Table.Th>
            <Table.Th>{t('pqr.col.account')}</Table.Th>
            <Table.Th>{t('pqr.col.filed')}</Table.Th>
            <Table.Th>{t('pqr.col.due')}</Table.Th>
            <Table.Th>{t('pqr.col.daysLeft')}</Table.Th>
            <Table.Th>{t('pqr.col.assigned')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((p) => (
            <Table.Tr key={p.id} data-testid={`pqr-row-${p.radicado}`} style={{ cursor: 'pointer' }} onClick={() => navigate(paths.pqrDetail(p.id))}>
              <Table.Td style={{ minWidth: 132 }}>
                <Stack gap={4} align="flex-start">
                  <LightBadge light={p.light} state={p.state} />
                  <SilencioBadge silencio={p.silencio} />
                </Stack>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Anchor
                  ff="monospace"
                  fw={600}
                  href={`#${paths.pqrDetail(p.id)}`}
                  onClick={(e) => e.stopPropagation()}
                >
                  {p.radicado}
                </Anchor>
                <div>
                  <StateBadge state={p.state} />
                </div>
              </Table.Td>
              <Table.Td>{p.typeName}</Table.Td>
              <Table.Td maw={320}>
                <Text size="sm" fw={500}>
                  {p.petitionerName}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {p.subject}
                </Text>
              </Table.Td>
              <Table.Td>{p.accountNumber ?? '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {dateTime(p.filedAt)}
                {p.enteredLate && (
                  <Text size="xs" c="orange" fw={600} data-testid="pqr-entered-late">
                    {t('pqr.legal.receivedOn', { date: formatDate(p.receivedDate) })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td fw={600} style={{ whiteSpace: 'nowrap' }} data-testid="pqr-due">
                {p.dueDate ? formatDate(p.dueDate) : '—'}
              </Table.Td>
              <Table.Td>
                <DaysLeft item={p} />
                <LegalDueLine due={p.legalDue} />
              </Table.Td>
              <Table.Td>{p.assignedTo ?? <Text size="sm" c="dimmed">{t('pqr.unassigned')}</Text>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
