/**
 * The one data table for every list of records (mantine-datatable): columns sort by a click on
 * their title, long lists page (50 rows a page by default; measured: a page of 50 of 10,000
 * records renders and re-sorts in a few tens of milliseconds, all 10,000 at once take seconds —
 * see tests/bench/datatable), rows can be selected with checkboxes, and an empty list says so.
 *
 * Data that the back office already pages (a search with a limit) is shown as it comes; sorting
 * and paging here are for what the screen has in hand.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Text } from '@mantine/core';
import { DataTable as MantineDataTable, type DataTableColumn, type DataTableProps as MantineDataTableProps, type DataTableSortStatus } from 'mantine-datatable';
import { IconArrowsSort, IconSortAscending } from '@tabler/icons-react';
import { useT } from '../i18n';

export interface Column<T> {
  /** unique; also the accessor when `value` is absent */
  key: string;
  title: ReactNode;
  /** what the cell shows (default: the record's field named `key`) */
  render?: (record: T, index: number) => ReactNode;
  /** the value sorted by; a column without it (and without a plain field) does not sort */
  sortValue?: (record: T) => string | number | null | undefined;
  sortable?: boolean;
  textAlign?: 'left' | 'center' | 'right';
  width?: number | string;
  /** numbers, codes and badges stay on one line */
  noWrap?: boolean;
  /** hide under this width (e.g. 'md' hides on narrow screens) */
  visibleFrom?: 'sm' | 'md' | 'lg' | 'xl';
  /** the cell's testid, for a test that reads it */
  testId?: string;
}

export interface Selection<T> {
  selected: T[];
  onChange: (selected: T[]) => void;
  /** rows that cannot be chosen */
  isSelectable?: (record: T) => boolean;
}

export interface DataTableProps<T> {
  /** the table's accessible name (tests and screen readers find it by this) */
  label: string;
  records: readonly T[];
  columns: Column<T>[];
  /** the record's stable id */
  idOf: (record: T) => string | number;
  /** what an empty list says */
  empty?: ReactNode;
  /** first sort: a column key and its direction */
  initialSort?: { key: string; direction: 'asc' | 'desc' };
  /** rows per page; lists shorter than this show no pager */
  pageSize?: number;
  onRowClick?: (record: T) => void;
  selection?: Selection<T>;
  /** a row's testid */
  rowTestId?: (record: T) => string;
  /** more attributes of a row (keyboard handling: tabIndex, onKeyDown, data-selected…) */
  rowAttributes?: (record: T, index: number) => Record<string, unknown>;
  /** a row's color (e.g. red for annulled) */
  rowColor?: (record: T) => string | undefined;
  /** the table scrolls inside this height instead of growing the page */
  maxHeight?: number;
  striped?: boolean;
  fetching?: boolean;
  /** small tables inside cards */
  compact?: boolean;
  /** minimum width before the table scrolls sideways */
  minWidth?: number;
  /** the last column (a row's action) stays in view while the table scrolls sideways at 1366 px */
  pinLastColumn?: boolean;
}

/** one collator: String.localeCompare with options builds one per call (10,000 rows took seconds) */
const collator = new Intl.Collator('es', { numeric: true, sensitivity: 'base' });

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** Sorts records by a column; stable, empty values last. Exported for the measurement. */
export function sortRecords<T>(records: readonly T[], column: Column<T> | undefined, direction: 'asc' | 'desc'): T[] {
  if (!column) return [...records];
  const value = column.sortValue ?? ((r: T) => (r as Record<string, unknown>)[column.key] as string | number | null);
  const keyed = records.map((r, i) => ({ r, i, v: value(r) }));
  keyed.sort((x, y) => {
    const empties = (x.v === null || x.v === undefined || x.v === '' ? 1 : 0) - (y.v === null || y.v === undefined || y.v === '' ? 1 : 0);
    if (empties !== 0) return empties;
    const c = compare(x.v, y.v);
    return (direction === 'asc' ? c : -c) || x.i - y.i;
  });
  return keyed.map((k) => k.r);
}

export function DataTable<T>({
  label,
  records,
  columns,
  idOf,
  empty,
  initialSort,
  pageSize = 50,
  onRowClick,
  selection,
  rowTestId,
  rowColor,
  rowAttributes,
  maxHeight,
  striped = true,
  fetching,
  compact = false,
  minWidth,
  pinLastColumn = false,
}: DataTableProps<T>) {
  const t = useT();
  const [sort, setSort] = useState<DataTableSortStatus<T> | undefined>(
    initialSort ? { columnAccessor: initialSort.key, direction: initialSort.direction } : undefined,
  );
  const [page, setPage] = useState(1);

  // screens pass their columns inline: sort again only when the records or the order change
  const columnsRef = useRef(columns);
  columnsRef.current = columns;
  const sorted = useMemo(() => {
    if (!sort) return records as T[];
    return sortRecords(
      records,
      columnsRef.current.find((c) => c.key === sort.columnAccessor),
      sort.direction,
    );
  }, [records, sort]);

  const paged = sorted.length > pageSize;
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const current = Math.min(page, pages);
  const shown = paged ? sorted.slice((current - 1) * pageSize, current * pageSize) : sorted;

  const mantineColumns: DataTableColumn<T>[] = columns.map((c) => ({
    accessor: c.key,
    title: c.title,
    render: c.render ? (record: T, index: number) => c.render!(record, index) : undefined,
    sortable: c.sortable ?? Boolean(c.sortValue),
    textAlign: c.textAlign,
    width: c.width,
    noWrap: c.noWrap,
    visibleMediaQuery: c.visibleFrom ? (theme) => `(min-width: ${theme.breakpoints[c.visibleFrom!]})` : undefined,
    cellsClassName: c.noWrap ? 'nowrap' : undefined,
    customCellAttributes: c.testId ? () => ({ 'data-testid': c.testId }) : undefined,
  }));

  const pagination = paged
    ? {
        totalRecords: sorted.length,
        recordsPerPage: pageSize,
        page: current,
        onPageChange: setPage,
        paginationText: ({ from, to, totalRecords }: { from: number; to: number; totalRecords: number }) =>
          t('table.pagination', { from: from.toLocaleString('es-CO'), to: to.toLocaleString('es-CO'), total: totalRecords.toLocaleString('es-CO') }),
        paginationSize: 'sm' as const,
        getPaginationControlProps: (control: string) => ({ 'aria-label': t(control === 'previous' ? 'table.previousPage' : control === 'next' ? 'table.nextPage' : control === 'first' ? 'table.firstPage' : 'table.lastPage') }),
      }
    : {};

  // mantine-datatable names its sort icons in English: name them in the user's language
  const tableRef = useRef<HTMLTableElement>(null);
  useEffect(() => {
    tableRef.current?.querySelectorAll('[class*="mantine-datatable-header-cell-sortable"][role="img"]').forEach((icon) => {
      const unsorted = icon.className.includes('unsorted');
      const descending = icon.getAttribute('aria-label')?.includes('descending');
      icon.setAttribute('aria-label', t(unsorted ? 'table.unsorted' : descending ? 'table.sortedDesc' : 'table.sortedAsc'));
    });
  });

  const props = {
    tableRef,
    'aria-label': label,
    withTableBorder: true,
    borderRadius: 'sm',
    striped,
    highlightOnHover: true,
    verticalSpacing: compact ? 4 : 'xs',
    fz: compact ? 'sm' : undefined,
    minHeight: shown.length === 0 ? 140 : undefined,
    maxHeight,
    style: minWidth ? { minWidth } : undefined,
    pinLastColumn,
    records: shown,
    columns: mantineColumns,
    idAccessor: (r: T) => idOf(r),
    fetching,
    noRecordsText: typeof empty === 'string' ? empty : t('table.empty'),
    emptyState: empty && typeof empty !== 'string' ? <Text c="dimmed">{empty}</Text> : undefined,
    sortStatus: sort ?? { columnAccessor: '', direction: 'asc' },
    onSortStatusChange: (s: DataTableSortStatus<T>) => {
      setSort(s);
      setPage(1);
    },
    sortIcons: { sorted: <IconSortAscending size={14} />, unsorted: <IconArrowsSort size={14} /> },
    onRowClick: onRowClick ? ({ record }: { record: T }) => onRowClick(record) : undefined,
    rowClassName: onRowClick ? () => 'row-selectable' : undefined,
    rowColor: rowColor ? (r: T) => rowColor(r) : undefined,
    customRowAttributes:
      rowTestId || rowAttributes ? (r: T, index: number) => ({ ...(rowTestId ? { 'data-testid': rowTestId(r) } : {}), ...(rowAttributes ? rowAttributes(r, index) : {}) }) : undefined,
    ...(selection
      ? {
          selectedRecords: selection.selected,
          onSelectedRecordsChange: (selected: T[]) => selection.onChange(selected),
          isRecordSelectable: selection.isSelectable ? (r: T) => selection.isSelectable!(r) : undefined,
          allRecordsSelectionCheckboxProps: { 'aria-label': t('table.selectAll') },
          selectionCheckboxProps: { 'aria-label': t('table.selectRow') },
        }
      : {}),
    ...pagination,
  } as unknown as MantineDataTableProps<T>;
  return <MantineDataTable<T> {...props} />;
}
