/**
 * The board (issue 17, item 5): orders by state, type, route and crew, open ones by their due instant;
 * reconnections past their 24 hours in red with the hours elapsed; selected orders assigned to a
 * crew; a crew's route sheet (PDF, printed as every paper) and the assigned orders as CSV; the
 * indicators of the month as a row of figures. A row opens the order (result, photos, cancel).
 */
import { useState } from 'react';
import { Badge, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconFileTypeCsv, IconFileTypePdf, IconUsersGroup } from '@tabler/icons-react';
import { send } from '../../api/client';
import { WORK_ORDER_STATES, type WorkOrderRow, type WorkOrderState } from '../../../../shared/contract';
import { todayIn } from '../../../../shared/dates';
import { useT } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { DataTable } from '../../app/DataTable';
import { PdfPreviewModal } from '../../app/PdfPreview';
import { PrintButton } from '../../app/PrintButton';
import { notifySuccess } from '../../app/forms';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { LoadError } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { useDocumentFile } from '../collections/parts';
import { IndicatorsRow } from './IndicatorsRow';
import { OrderClock } from './OrderClock';
import { OrderModal } from './OrderModal';
import { STATE_COLORS, stateLabel } from './labels';

const PAGE = 100;
type View = 'abiertas' | 'todas' | WorkOrderState;

export function BoardPanel({ version, changed }: { version: number; changed: () => void }) {
  const t = useT();
  const { dateTime, company } = useSession();
  const [view, setView] = useState<View>('abiertas');
  const [type, setType] = useState<string | null>(null);
  const [route, setRoute] = useState('');
  const [crewId, setCrewId] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<WorkOrderRow[]>([]);
  const [assignTo, setAssignTo] = useState<string | null>(null);
  const [assigning, setAssigning] = useState(false);
  const [opened, setOpened] = useState<WorkOrderRow | null>(null);
  const files = useDocumentFile();

  const types = useLoad(() => send('workOrders.types', {}), []);
  const crews = useLoad(() => send('workOrders.crews', {}), [version]);
  const today = todayIn(company.timeZone);
  const indicators = useLoad(() => send('workOrders.indicators', { from: `${today.slice(0, 8)}01`, to: today }), [version, today]);
  const filter = {
    ...(view === 'abiertas' ? { open: true } : view === 'todas' ? {} : { state: view }),
    ...(type ? { type } : {}),
    ...(route.trim() ? { route: route.trim() } : {}),
    ...(crewId ? { crewId: Number(crewId) } : {}),
    text: text.trim(),
    limit: PAGE,
    offset,
  };
  const board = useLoad(() => send('workOrders.board', filter), [JSON.stringify(filter), version]);

  const refilter = <V,>(apply: (v: V) => void) => (v: V) => {
    apply(v);
    setOffset(0);
    setSelected([]);
  };
  const crewOptions = (crews.data ?? []).map((c) => ({ value: String(c.id), label: `${c.code} · ${c.name}` }));
  const crewLabel = (id: string | null) => crewOptions.find((c) => c.value === id)?.label ?? '';
  const rows = board.data?.rows ?? [];
  const total = board.data?.total ?? 0;

  const assign = async () => {
    const done = await send('workOrders.assign', { orderIds: selected.map((o) => o.id), crewId: Number(assignTo) });
    notifySuccess(t('wo.assign.done', { count: done.length, crew: crewLabel(assignTo) }));
    setSelected([]);
    changed();
  };

  return (
    <Stack gap="sm">
      {indicators.data && <IndicatorsRow data={indicators.data} />}
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Select
          label={t('wo.filter.state')}
          size="xs"
          w={120}
          value={view}
          allowDeselect={false}
          onChange={refilter((v: string | null) => setView((v ?? 'abiertas') as View))}
          data={[{ value: 'abiertas', label: t('wo.filter.open') }, ...WORK_ORDER_STATES.map((s) => ({ value: s, label: stateLabel(s) })), { value: 'todas', label: t('wo.filter.all') }]}
          data-testid="wo-filter-state"
        />
        <Select label={t('wo.filter.type')} size="xs" w={150} clearable placeholder={t('wo.filter.any')} value={type} onChange={refilter(setType)} data={(types.data ?? []).map((ty) => ({ value: ty.code, label: ty.label }))} data-testid="wo-filter-type" />
        <TextInput label={t('wo.filter.route')} size="xs" w={60} value={route} onChange={(e) => refilter(setRoute)(e.currentTarget.value)} maxLength={10} />
        <Select label={t('wo.filter.crew')} size="xs" w={140} clearable placeholder={t('wo.filter.any')} value={crewId} onChange={refilter(setCrewId)} data={crewOptions} data-testid="wo-filter-crew" />
        <TextInput label={t('wo.filter.text')} size="xs" w={140} value={text} onChange={(e) => refilter(setText)(e.currentTarget.value)} placeholder={t('wo.filter.textHint')} maxLength={40} />
        <Group gap={6} ml="auto" wrap="nowrap">
          <Button size="xs" leftSection={<IconUsersGroup size={16} />} disabled={selected.length === 0} onClick={() => setAssigning(true)} data-testid="wo-assign">
            {t('wo.assign.button', { count: selected.length })}
          </Button>
          <Button size="xs" variant="light" leftSection={<IconFileTypePdf size={16} />} disabled={!crewId} loading={files.busy === 'pdf'} onClick={() => void files.get('pdf', () => send('workOrders.routeSheet', { crewId: Number(crewId) }))} data-testid="wo-route-sheet">
            {t('wo.routeSheet')}
          </Button>
          <PrintButton size="xs" kind="report" disabled={!crewId} title={t('wo.routeSheetOf', { crew: crewLabel(crewId) })} load={() => send('workOrders.routeSheet', { crewId: Number(crewId) })} aria-label={t('wo.routeSheetPrint')} />
          <Button size="xs" variant="light" leftSection={<IconFileTypeCsv size={16} />} loading={files.busy === 'csv'} onClick={() => void files.get('csv', () => send('workOrders.exportAssigned', crewId ? { crewId: Number(crewId) } : {}))} data-testid="wo-csv">
            {t('wo.csv')}
          </Button>
        </Group>
      </Group>
      {board.error && <LoadError error={board.error} retry={() => void board.reload()} />}
      <DataTable<WorkOrderRow>
        label={t('wo.board.table')}
        records={rows}
        idOf={(o) => o.id}
        fetching={board.loading}
        empty={t('wo.board.empty')}
        rowTestId={(o) => `wo-${o.number}`}
        rowColor={(o) => (o.late && o.type === 'reconexion' ? 'red' : undefined)}
        onRowClick={setOpened}
        selection={{ selected, onChange: setSelected, isSelectable: (o) => o.state === 'pendiente' || o.state === 'asignada' }}
        pageSize={PAGE}
        maxHeight={400}
        compact
        pinLastColumn
        columns={[
          { key: 'number', title: t('wo.col.number'), noWrap: true, sortable: true, render: (o) => <Text ff="monospace" size="sm">{o.number}</Text> },
          { key: 'typeLabel', title: t('wo.col.type'), sortable: true, noWrap: true },
          { key: 'hours', title: t('wo.col.clock'), sortable: true, render: (o) => <OrderClock order={o} /> },
          {
            key: 'accountNumber',
            title: t('wo.col.account'),
            noWrap: true,
            render: (o) => (
              <Button variant="subtle" size="compact-sm" onClick={(e) => (e.stopPropagation(), navigate(paths.account(o.accountId)))}>
                {o.accountNumber}
              </Button>
            ),
          },
          { key: 'holderName', title: t('wo.col.holder'), sortable: true },
          { key: 'route', title: t('wo.col.route'), noWrap: true, sortValue: (o) => `${o.cycle}-${o.route}-${String(o.routeSequence).padStart(6, '0')}`, render: (o) => `${o.cycle}-${o.route}·${o.routeSequence}` },
          { key: 'crewName', title: t('wo.col.crew'), sortable: true, noWrap: true, render: (o) => o.crewName ?? '—' },
          { key: 'dueAt', title: t('wo.col.due'), sortable: true, noWrap: true, render: (o) => dateTime(o.dueAt) },
          {
            key: 'state',
            title: t('wo.col.state'),
            sortable: true,
            render: (o) => (
              <Badge color={STATE_COLORS[o.state]} variant="light" data-testid={`state-${o.number}`}>
                {stateLabel(o.state)}
              </Badge>
            ),
          },
        ]}
      />
      <Group justify="space-between">
        <Text size="sm" c="dimmed" data-testid="wo-count">
          {total === 0 ? '' : t(board.data?.totalCapped ? 'wo.board.countCapped' : 'wo.board.count', { from: offset + 1, to: offset + rows.length, total: total.toLocaleString('es-CO') })}
        </Text>
        <Group gap="xs">
          <Button size="compact-sm" variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {t('common.back')}
          </Button>
          <Button size="compact-sm" variant="default" disabled={offset + rows.length >= total} onClick={() => setOffset(offset + PAGE)}>
            {t('common.next')}
          </Button>
        </Group>
      </Group>
      <ConfirmModal
        opened={assigning}
        title={t('wo.assign.title', { count: selected.length })}
        confirmLabel={t('wo.assign.confirm')}
        onConfirm={assign}
        onClose={() => {
          setAssigning(false);
          setAssignTo(null);
        }}
      >
        <Text size="sm">{t('wo.assign.what', { numbers: selected.map((o) => o.number).join(', ') })}</Text>
        <Select label={t('wo.filter.crew')} data={crewOptions} value={assignTo} onChange={setAssignTo} required data-autofocus data-testid="wo-assign-crew" />
        {crewOptions.length === 0 && <Text size="sm" c="red">{t('wo.assign.noCrews')}</Text>}
      </ConfirmModal>
      <PdfPreviewModal file={files.preview} title={t('wo.routeSheetOf', { crew: crewLabel(crewId) })} onClose={files.close} />
      <OrderModal order={opened} onClose={() => setOpened(null)} changed={changed} />
    </Stack>
  );
}
