/**
 * Bandeja: the PQRs of the person ("Mis PQR"), those nobody has yet ("Sin asignar", where a clerk
 * or the coordinator takes one) and the whole office's (coordinators), sorted by due date with the
 * traffic light. One box finds a radicado (typed or scanned + Enter opens it) or searches by
 * account, petitioner, id or words, with filters.
 */
import { useState } from 'react';
import { Alert, Anchor, Button, Group, Select, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { IconFilter, IconHandGrab, IconMailForward, IconSearch, IconX } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { PQR_STATES, PQR_TYPES, type Input, type PqrListItem, type PqrState, type PqrType } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { notifyError, notifySuccess, text } from '../../app/forms';
import { formatDate } from '../../app/format';
import { DataTable } from '../../app/DataTable';
import { DateRangeField, type DateRange } from '../../app/DateField';
import { PageTitle } from '../../app/PageTitle';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { AwaitingApprovalBadge, DaysLeft, LegalDueLine, LightBadge, LIGHTS, SilencioBadge, StateBadge, STATES } from './PqrBadges';

type Scope = 'mine' | 'office' | 'unassigned';
type Light = 'a_tiempo' | 'por_vencer' | 'vencida';
const COORDINATION = ['coordinador', 'administrador'] as const;
/** who may take an unassigned PQR of their office (pqr.take) */
const TAKERS = ['auxiliar', 'coordinador'] as const;

/** as printed on the sticker: 2026-CEN-P-000123 */
export function looksLikeRadicado(value: string): boolean {
  return /^\d{4}-[A-Z0-9]+-[A-Z0-9-]+$/i.test(value.trim());
}

export function PqrTrayPage() {
  const t = useT();
  const { can } = useSession();
  const coordinator = can(COORDINATION);
  const sees = { mine: true, unassigned: coordinator || can(TAKERS), office: coordinator };
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
              {sees.unassigned && <Tabs.Tab value="unassigned">{t('pqr.tray.unassigned')}</Tabs.Tab>}
              {sees.office && <Tabs.Tab value="office">{t('pqr.tray.office')}</Tabs.Tab>}
            </Tabs.List>
            {(['mine', 'unassigned', 'office'] as const).filter((s) => sees[s]).map((s) => (
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
  const { can } = useSession();
  const { data, error, loading, reload } = useLoad(() => send('pqr.tray', { scope }), [scope]);
  const [taking, setTaking] = useState<number | null>(null);
  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
  const take =
    scope === 'unassigned' && can(TAKERS)
      ? async (p: PqrListItem) => {
          setTaking(p.id);
          try {
            await send('pqr.take', { pqrId: p.id });
            notifySuccess(t('pqr.tray.taken', { radicado: p.radicado }));
            await reload();
          } catch (e) {
            notifyError(e);
          } finally {
            setTaking(null);
          }
        }
      : undefined;
  return <PqrTable items={data} label={t(`pqr.tray.${scope}`)} empty={t(`pqr.tray.empty.${scope}`)} onTake={take} taking={taking} />;
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
  filed: DateRange;
}

function SearchBar({ onSearch, onClear, active }: { onSearch: (q: Input<'pqr.search'>) => void; onClear: () => void; active: boolean }) {
  const t = useT();
  const [f, setF] = useState<Filters>({ text: '', type: null, state: null, light: null, filed: { from: null, to: null } });
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
    const filedFrom = f.filed.from ?? undefined;
    const filedTo = f.filed.to ?? undefined;
    if (filedFrom && filedTo && filedTo < filedFrom) return setProblem(t('date.rangeInverted'));
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
            <DateRangeField value={f.filed} onChange={(filed) => change('filed', filed)} fromLabel={t('pqr.search.from')} toLabel={t('pqr.search.to')} width={150} />
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

export function PqrTable({
  items,
  label,
  empty,
  onTake,
  taking = null,
}: {
  items: PqrListItem[];
  label: string;
  empty?: string;
  /** "Sin asignar": the button that takes the PQR */
  onTake?: (item: PqrListItem) => Promise<void>;
  taking?: number | null;
}) {
  const t = useT();
  const { dateTime } = useSession();
  return (
    <DataTable<PqrListItem>
      label={label}
      records={items}
      idOf={(p) => p.id}
      empty={empty}
      minWidth={1100}
      pinLastColumn={Boolean(onTake)}
      onRowClick={(p) => navigate(paths.pqrDetail(p.id))}
      rowTestId={(p) => `pqr-row-${p.radicado}`}
      columns={[
        {
          key: 'light',
          title: t('pqr.col.light'),
          sortValue: (p) => p.businessDaysLeft ?? Number.MAX_SAFE_INTEGER,
          render: (p) => (
            <Stack gap={4} align="flex-start">
              <LightBadge light={p.light} state={p.state} />
              <SilencioBadge silencio={p.silencio} />
            </Stack>
          ),
        },
        {
          key: 'radicado',
          title: t('pqr.col.radicado'),
          sortable: true,
          noWrap: true,
          render: (p) => (
            <Stack gap={4} align="flex-start">
              <Anchor ff="monospace" fw={600} href={`#${paths.pqrDetail(p.id)}`} onClick={(e) => e.stopPropagation()}>
                {p.radicado}
              </Anchor>
              <StateBadge state={p.state} />
              {p.answerState === 'borrador' && <AwaitingApprovalBadge />}
            </Stack>
          ),
        },
        { key: 'typeName', title: t('pqr.col.type'), sortable: true },
        {
          key: 'petitionerName',
          title: t('pqr.col.petitioner'),
          sortable: true,
          render: (p) => (
            <Stack gap={0} maw={320}>
              <Text size="sm" fw={500}>
                {p.petitionerName}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={1}>
                {p.subject}
              </Text>
            </Stack>
          ),
        },
        { key: 'accountNumber', title: t('pqr.col.account'), sortable: true, noWrap: true, render: (p) => p.accountNumber ?? '—' },
        {
          key: 'filedAt',
          title: t('pqr.col.filed'),
          sortable: true,
          noWrap: true,
          render: (p) => (
            <>
              {dateTime(p.filedAt)}
              {p.enteredLate && (
                <Text size="xs" c="orange" fw={600} data-testid="pqr-entered-late">
                  {t('pqr.legal.receivedOn', { date: formatDate(p.receivedDate) })}
                </Text>
              )}
            </>
          ),
        },
        {
          key: 'dueDate',
          title: t('pqr.col.due'),
          sortable: true,
          noWrap: true,
          testId: 'pqr-due',
          render: (p) => (
            <Text size="sm" fw={600}>
              {p.dueDate ? formatDate(p.dueDate) : '—'}
            </Text>
          ),
        },
        {
          key: 'businessDaysLeft',
          title: t('pqr.col.daysLeft'),
          sortable: true,
          render: (p) => (
            <>
              <DaysLeft item={p} />
              <LegalDueLine due={p.legalDue} />
            </>
          ),
        },
        {
          key: 'assignedTo',
          title: t('pqr.col.assigned'),
          sortable: true,
          render: (p) =>
            p.assignedTo ??
            (onTake ? (
              <Button
                size="compact-sm"
                leftSection={<IconHandGrab size={14} />}
                loading={taking === p.id}
                aria-label={t('pqr.tray.takeOne', { radicado: p.radicado })}
                onClick={(e) => {
                  e.stopPropagation();
                  void onTake(p);
                }}
              >
                {t('pqr.tray.take')}
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                {t('pqr.unassigned')}
              </Text>
            )),
        },
      ]}
    />
  );
}
