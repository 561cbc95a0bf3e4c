// The inventory as one virtual table: only the rows in view are in the page, so 25 tenants x
// 1,000 configs scroll like 25. An ARIA table of divs (a real <table> cannot be windowed), its
// columns a TanStack Table model: hidden, reordered and resized as the user chooses (kept in the address).
import { memo, useMemo, useRef } from 'react';
import {
  columnOrderingFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
} from '@tanstack/react-table';
import type { ExpiryClock, InventoryRow } from '../../../src-shared/inventory-rows';
import { WindowedRows } from '../../components/WindowedRows';
import { columnSpecs, defaultShownColumns, type CellContext } from './inventory-columns';
import { openRowMenu, RowMenu, type RowAction } from './RowMenu';
import { selectableKey } from './inventory-rows-table';
import type { DisplayItem } from './sort-group';
import type { ColumnChoice, SortColumn } from './view-state';

const features = tableFeatures({ columnVisibilityFeature, columnOrderingFeature, columnSizingFeature, columnResizingFeature });
const selectWidth = 28;
const actionsWidth = 92;

/** The shown columns and widths: the user's choice, or the defaults for this window's width. */
export function effectiveColumns(choice: ColumnChoice | null): ColumnChoice {
  return choice ?? { shown: defaultShownColumns(typeof window === 'undefined' ? 1280 : window.innerWidth), widths: {} };
}

interface Props {
  items: DisplayItem[];
  sort: { column: SortColumn; descending: boolean };
  selected: ReadonlySet<string>;
  columns: ColumnChoice | null;
  /** The row whose details are open. */
  current: string | null;
  onColumns(choice: ColumnChoice): void;
  onCurrent(key: string | null): void;
  onSort(column: SortColumn): void;
  onSelect(row: InventoryRow, on: boolean): void;
  onToggleGroup(key: string): void;
  onRotate(row: InventoryRow): void;
  actionsFor(row: InventoryRow): RowAction[];
  onExpiry(row: InventoryRow): void;
  clock: ExpiryClock;
}

/**
 * Memoised: the screen passes handlers that keep their identity, so a render of the screen that
 * changes none of the table's inputs (a keystroke before the filtered rows arrive) skips it.
 */
export const InventoryTable = memo(function InventoryTable(props: Props) {
  const { items, sort, selected, current, onSort, onSelect, onToggleGroup, onCurrent } = props;
  const latest = useRef(props);
  latest.current = props;
  const choice = effectiveColumns(props.columns);
  const columns = useMemo(
    (): ColumnDef<typeof features, DisplayItem>[] =>
      columnSpecs.map((spec) => ({
        id: spec.id,
        header: spec.label,
        size: spec.size,
        minSize: 60,
        cell: (info) => {
          const item = info.row.original;
          const context: CellContext = { clock: latest.current.clock, onExpiry: (row) => latest.current.onExpiry(row) };
          return item.type === 'row' ? spec.render(item.row, context) : null;
        },
      })),
    [],
  );
  const allIds = columnSpecs.map((c) => c.id as string);
  const table = useTable({
    features,
    columns,
    data: items,
    getRowId: (item) => (item.type === 'row' ? item.row.key : item.key),
    columnResizeMode: 'onEnd',
    state: {
      columnOrder: [...choice.shown, ...allIds.filter((id) => !choice.shown.includes(id))],
      columnVisibility: Object.fromEntries(allIds.map((id) => [id, choice.shown.includes(id)])),
      columnSizing: choice.widths,
    },
    onColumnSizingChange: (updater) => {
      const widths = typeof updater === 'function' ? updater(choice.widths) : updater;
      props.onColumns({ ...choice, widths: Object.fromEntries(Object.entries(widths).map(([k, v]) => [k, Math.round(v)])) });
    },
  });
  const headers = table.getFlatHeaders().filter((h) => h.column.getIsVisible());
  const template = [`${selectWidth}px`, ...headers.map((h) => `${h.getSize()}px`), `${actionsWidth}px`].join(' ');
  const width = selectWidth + actionsWidth + headers.reduce((sum, h) => sum + h.getSize(), 0);
  const rowItems = items.filter((i): i is Extract<DisplayItem, { type: 'row' }> => i.type === 'row');
  const rowKeys = rowItems.map((i) => i.row.key);

  const focusRow = (key: string) =>
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`.inventory-table [data-row="${CSS.escape(key)}"]`)?.focus());
  // The keyboard over the body: arrows move the selection (the details follow), Enter or the menu key
  // opens the row's actions, Escape closes the details.
  const onKeyDown = (e: React.KeyboardEvent) => {
    const target = e.target as HTMLElement;
    const onRow = target.getAttribute('role') === 'row' || target.getAttribute('role') === 'rowgroup';
    if (!onRow) return;
    const at = current ? rowKeys.indexOf(current) : -1;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = rowKeys[Math.max(0, Math.min(rowKeys.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) {
        onCurrent(next);
        focusRow(next);
      }
    } else if (current && (e.key === 'Enter' || e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey))) {
      e.preventDefault();
      openRowMenu(current);
    } else if (e.key === 'Escape' && current) {
      e.preventDefault();
      onCurrent(null);
    }
  };

  return (
    <div
      className="inventory-table"
      role="table"
      aria-label="Inventory"
      aria-rowcount={rowItems.length + 1}
      onKeyDown={onKeyDown}
      style={{ ['--inv-columns' as string]: template }}
    >
      <div className="inv-row inv-head" role="row" style={{ minWidth: width }}>
        <span role="columnheader" className="inv-cell inv-select">
          <span className="visually-hidden">Select</span>
        </span>
        {headers.map((h) => {
          const id = h.column.id as SortColumn;
          const label = columnSpecs.find((c) => c.id === id)!.label;
          return (
            <span
              key={h.id}
              role="columnheader"
              className={`inv-cell inv-${id}`}
              aria-sort={sort.column === id ? (sort.descending ? 'descending' : 'ascending') : 'none'}
            >
              <button type="button" className="sort-button" onClick={() => onSort(id)}>
                {label}
                <span aria-hidden="true">{sort.column === id ? (sort.descending ? ' ▾' : ' ▴') : ''}</span>
              </button>
              {/* Pointer resizing; the column chooser sets widths from the keyboard. */}
              <span className="col-resizer" aria-hidden="true" onMouseDown={h.getResizeHandler()} />
            </span>
          );
        })}
        <span role="columnheader" className="inv-cell inv-actions">
          <span className="visually-hidden">Actions</span>
        </span>
      </div>
      <WindowedRows
        count={items.length}
        label="Inventory rows"
        row={(index, top) => {
          const item = items[index]!;
          if (item.type === 'group') {
            return (
              <div key={item.key} className="inv-row inv-group" role="row" style={{ ...top, minWidth: width }}>
                <span role="cell" className="inv-cell inv-group-cell">
                  <button type="button" className="group-toggle" aria-expanded={!item.collapsed} onClick={() => onToggleGroup(item.key)}>
                    <span aria-hidden="true">{item.collapsed ? '▸' : '▾'}</span> {item.label}
                  </button>
                  <span className="muted"> {item.count}</span>
                </span>
              </div>
            );
          }
          const row = item.row;
          const tableRow = table.getRow(row.key);
          const what = row.config ? `config ${row.config.name}` : `credential ${row.credential?.name ?? ''}`;
          const isCurrent = current === row.key;
          return (
            <div
              key={row.key}
              className={`inv-row ${row.stale ? 'stale' : ''} ${selected.has(row.key) ? 'selected' : ''} ${isCurrent ? 'current' : ''}`}
              role="row"
              aria-selected={isCurrent}
              tabIndex={isCurrent ? 0 : -1}
              style={{ ...top, minWidth: width }}
              data-row={row.key}
              onClick={(e) => {
                if (!(e.target as HTMLElement).closest('button, input, a, [popover]')) onCurrent(row.key);
              }}
            >
              <span role="cell" className="inv-cell inv-select">
                {selectableKey(row) !== null && (
                  <input
                    type="checkbox"
                    checked={selected.has(row.key)}
                    aria-label={`Select ${what} on ${row.tenant.name}`}
                    onChange={(e) => onSelect(row, e.target.checked)}
                  />
                )}
              </span>
              {tableRow.getVisibleCells().map((cell) => (
                <span key={cell.id} role="cell" className={`inv-cell inv-${cell.column.id}`}>
                  <table.FlexRender cell={cell} />
                </span>
              ))}
              <span role="cell" className="inv-cell inv-actions">
                {row.credential && (
                  <button
                    type="button"
                    className="button subtle row-rotate"
                    onClick={() => props.onRotate(row)}
                    aria-label={`Rotate ${row.credential.name} on ${row.tenant.name}`}
                  >
                    Rotate
                  </button>
                )}
                <RowMenu rowKey={row.key} label={`${what} on ${row.tenant.name}`} actions={props.actionsFor(row)} />
              </span>
            </div>
          );
        }}
      />
    </div>
  );
});
