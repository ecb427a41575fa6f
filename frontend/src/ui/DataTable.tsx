import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import {
  columnOrderingFeature,
  columnVisibilityFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowSelectionState,
  type SortingState,
  type Updater,
  type RowData,
  type ColumnVisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import './dataTable.css';

const features = tableFeatures({
  rowSortingFeature,
  columnVisibilityFeature,
  columnOrderingFeature,
  rowSelectionFeature,
});

/** Lists longer than this render only the rows in view. */
export const VIRTUALIZE_FROM = 200;
const ROW_HEIGHT = 45;

/** One column of a DataTable. */
export interface DataColumn<T extends RowData> {
  id: string;
  /** Header text; also its name in the column settings. */
  label: string;
  cell: (row: T) => ReactNode;
  /** The server can sort by it. */
  sortable?: boolean;
  /** Cannot be hidden (e.g. the name). */
  alwaysVisible?: boolean;
  className?: string;
}

/** A sort as the server reads it; null is the server's default order. */
export interface SortBy {
  id: string;
  desc: boolean;
}

/** Which columns show, in which order. */
export interface ColumnLayout {
  order: string[];
  hidden: string[];
}

/** The rows chosen: listed ids, or every row the current filter matches. */
export interface Selection {
  ids: string[];
  allMatching: boolean;
}

export const NO_SELECTION: Selection = { ids: [], allMatching: false };

/** The next sort when a header is clicked: ascending first, then it flips. */
export function nextSort(current: SortBy | null, id: string): SortBy {
  return current?.id === id ? { id, desc: !current.desc } : { id, desc: false };
}

/** Sort as the server's parameter: "field" or "-field". */
export function sortParam(sort: SortBy | null): string | undefined {
  return sort ? `${sort.desc ? '-' : ''}${sort.id}` : undefined;
}

/** Columns in layout order, followed by any the layout does not know yet (new attributes). */
export function orderedColumns<T extends RowData>(columns: DataColumn<T>[], layout: ColumnLayout): DataColumn<T>[] {
  const byId = new Map(columns.map((c) => [c.id, c]));
  const known = layout.order.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  return [...known, ...columns.filter((c) => !layout.order.includes(c.id))];
}

interface DataTableProps<T extends RowData> {
  rows: T[];
  columns: DataColumn<T>[];
  getRowId: (row: T) => string;
  /** Accessible name of the table. */
  label: string;
  sort: SortBy | null;
  onSortChange: (sort: SortBy) => void;
  layout: ColumnLayout;
  /** Rows can be selected (a checkbox column); omit for a read-only table. */
  selection?: Selection;
  onSelectionChange?: (selection: Selection) => void;
  /** Text for "select all matching": how many the filter matches, when known. */
  rowName?: (row: T) => string;
  /** The "…" menu at the end of each row. */
  rowMenu?: (row: T) => ReactNode;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  testId?: string;
  rowTestId?: (row: T) => string;
}

const noop = () => {};

/**
 * The app's data table on TanStack Table: server-side sort with aria-sort
 * headers, column visibility and order from a layout, row selection with
 * "select all matching the filter", keyset "load more" (also on scrolling to
 * the end), and virtual rows for long lists.
 */
export function DataTable<T extends RowData>({
  rows,
  columns,
  getRowId,
  label,
  sort,
  onSortChange,
  layout,
  selection,
  onSelectionChange,
  rowName,
  rowMenu,
  hasMore,
  loadingMore,
  onLoadMore,
  testId,
  rowTestId,
}: DataTableProps<T>) {
  const { t } = useTranslation();
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);
  const defs = useMemo<ColumnDef<typeof features, T>[]>(
    () =>
      columns.map((c) => ({
        id: c.id,
        header: c.label,
        accessorFn: (row: T) => getRowId(row),
        enableSorting: !!c.sortable,
        enableHiding: !c.alwaysVisible,
      })),
    [columns, getRowId],
  );
  const sorting = useMemo<SortingState>(() => (sort ? [sort] : []), [sort]);
  const columnVisibility = useMemo<ColumnVisibilityState>(
    () => Object.fromEntries(layout.hidden.map((id) => [id, false])),
    [layout.hidden],
  );
  const columnOrder = useMemo(() => orderedColumns(columns, layout).map((c) => c.id), [columns, layout]);
  const rowSelection = useMemo<RowSelectionState>(() => {
    if (!selection) return {};
    const ids = selection.allMatching ? rows.map(getRowId) : selection.ids;
    return Object.fromEntries(ids.map((id) => [id, true as const]));
  }, [selection, rows, getRowId]);

  const table = useTable({
    features,
    columns: defs,
    data: rows,
    getRowId: (row) => getRowId(row),
    manualSorting: true,
    enableRowSelection: !!selection,
    state: { sorting, columnVisibility, columnOrder, rowSelection },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      if (next[0]) onSortChange(next[0]);
    },
    onColumnVisibilityChange: noop,
    onColumnOrderChange: noop,
    onRowSelectionChange: (updater: Updater<RowSelectionState>) => {
      const next = typeof updater === 'function' ? updater(rowSelection) : updater;
      onSelectionChange?.({ ids: Object.keys(next), allMatching: false });
    },
  });

  const modelRows = table.getRowModel().rows;
  const visible = table.getVisibleLeafColumns();
  const scrollRef = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const virtual = modelRows.length > VIRTUALIZE_FROM;
  const virtualizer = useVirtualizer({
    count: modelRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    enabled: virtual,
  });
  const items = virtual ? virtualizer.getVirtualItems() : [];
  const lastIndex = items.at(-1)?.index ?? -1;

  // Keyset pages: scrolling near the end asks for the next one.
  useEffect(() => {
    if (virtual && hasMore && !loadingMore && lastIndex >= modelRows.length - 20) onLoadMore();
  }, [virtual, hasMore, loadingMore, lastIndex, modelRows.length, onLoadMore]);
  useEffect(() => {
    const el = sentinel.current;
    if (virtual || !el || !hasMore || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loadingMore) onLoadMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [virtual, hasMore, loadingMore, onLoadMore]);

  const selectable = !!selection && !!onSelectionChange;
  const allLoadedSelected = selectable && rows.length > 0 && rows.every((r) => rowSelection[getRowId(r)]);
  const someSelected = selectable && Object.keys(rowSelection).length > 0;
  const colSpan = visible.length + (selectable ? 1 : 0) + (rowMenu ? 1 : 0);
  const shownRows = virtual ? items.map((i) => modelRows[i.index]!) : modelRows;
  const padTop = virtual ? (items[0]?.start ?? 0) : 0;
  const padBottom = virtual ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;

  return (
    <div className="data-table">
      {selectable && allLoadedSelected && (hasMore || selection.allMatching) && (
        <div className="data-table-selectbar" role="status" data-testid="select-all-bar">
          {selection.allMatching ? (
            <>
              <span>{t('dataTable.allMatchingSelected')}</span>
              <button
                type="button"
                className="button button-small button-ghost"
                onClick={() => onSelectionChange(NO_SELECTION)}
              >
                {t('dataTable.clearSelection')}
              </button>
            </>
          ) : (
            <>
              <span>{t('dataTable.loadedSelected', { count: rows.length })}</span>
              <button
                type="button"
                className="button button-small button-ghost"
                data-testid="select-all-matching"
                onClick={() => onSelectionChange({ ids: [], allMatching: true })}
              >
                {t('dataTable.selectAllMatching')}
              </button>
            </>
          )}
        </div>
      )}
      <div className="table-wrap data-table-scroll" ref={scrollRef}>
        <table className="table" aria-label={label} aria-rowcount={hasMore ? -1 : rows.length + 1} data-testid={testId}>
          <thead>
            <tr>
              {selectable && (
                <th scope="col" className="data-table-check">
                  <input
                    type="checkbox"
                    aria-label={t('dataTable.selectLoaded')}
                    data-testid="select-all"
                    checked={allLoadedSelected}
                    ref={(el) => {
                      if (el) el.indeterminate = someSelected && !allLoadedSelected;
                    }}
                    onChange={() => table.toggleAllRowsSelected(!allLoadedSelected)}
                  />
                </th>
              )}
              {table.getHeaderGroups()[0]?.headers.map((header) => {
                const column = header.column;
                const def = byId.get(column.id)!;
                const sorted = column.getIsSorted();
                const ariaSort = sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={column.getCanSort() ? (ariaSort ?? 'none') : undefined}
                    className={def.className}
                    data-column={column.id}
                  >
                    {column.getCanSort() ? (
                      <button
                        type="button"
                        className="data-table-sort"
                        data-testid={`sort-${column.id}`}
                        onClick={() => onSortChange(nextSort(sort, column.id))}
                      >
                        {def.label}
                        {sorted === 'asc' ? (
                          <ArrowUp size={14} aria-hidden="true" />
                        ) : sorted === 'desc' ? (
                          <ArrowDown size={14} aria-hidden="true" />
                        ) : (
                          <ArrowUpDown size={14} aria-hidden="true" className="data-table-sort-idle" />
                        )}
                      </button>
                    ) : (
                      def.label
                    )}
                  </th>
                );
              })}
              {rowMenu && (
                <th scope="col" className="data-table-menu">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {padTop > 0 && (
              <tr aria-hidden="true">
                <td colSpan={colSpan} style={{ height: padTop, padding: 0 }} />
              </tr>
            )}
            {shownRows.map((row) => {
              const original = row.original;
              const selected = row.getIsSelected();
              return (
                <tr
                  key={row.id}
                  className={selected ? 'data-table-selected' : undefined}
                  aria-selected={selectable ? selected : undefined}
                  data-testid={rowTestId?.(original)}
                  style={virtual ? { height: ROW_HEIGHT } : undefined}
                >
                  {selectable && (
                    <td className="data-table-check">
                      <input
                        type="checkbox"
                        aria-label={t('dataTable.selectRow', { name: rowName?.(original) ?? row.id })}
                        data-testid="select-row"
                        checked={selected}
                        onChange={() => row.toggleSelected(!selected)}
                      />
                    </td>
                  )}
                  {row.getVisibleCells().map((cell) => {
                    const def = byId.get(cell.column.id)!;
                    return (
                      <td key={cell.id} className={def.className} data-column={cell.column.id}>
                        {def.cell(original)}
                      </td>
                    );
                  })}
                  {rowMenu && <td className="cell-actions data-table-menu">{rowMenu(original)}</td>}
                </tr>
              );
            })}
            {padBottom > 0 && (
              <tr aria-hidden="true">
                <td colSpan={colSpan} style={{ height: padBottom, padding: 0 }} />
              </tr>
            )}
          </tbody>
        </table>
        <div ref={sentinel} className="data-table-sentinel" aria-hidden="true" />
      </div>
      {hasMore && (
        <div className="data-table-more">
          <button
            type="button"
            className="button button-small"
            disabled={loadingMore}
            data-testid="load-more"
            onClick={onLoadMore}
          >
            {loadingMore ? t('app.loading') : t('common.loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}
