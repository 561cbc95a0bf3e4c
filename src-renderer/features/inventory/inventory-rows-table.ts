// The inventory's rows as headless TanStack Tables: a table's sorted row model puts them in the
// order the user chose, its row selection holds the rows chosen for a bulk delete, and a second
// table's grouped row model groups the sorted rows (groups in the order their first rows come, each
// group's rows in the sorted order). Both are kept while the rows, the sort and the grouping are the
// same: a keystroke in the search box filters the rows they give (filterRows, with its cached texts)
// and never sorts or groups them again. (One table cannot do both: TanStack groups before it sorts.)
//
// Speed at 25,000 rows (README, Architecture): each column's sort keys are made once per set of
// rows, in one pass, and the comparator reads them by the row's index. A comparator that asked each
// row for its value (`getValue`, and TanStack's check for undefined values, `sortUndefined`, which
// asks twice a comparison) took 2 to 4 times as long as the keyed sort this replaces.
import { useMemo, useState } from 'react';
import {
  columnGroupingFeature,
  createGroupedRowModel,
  createSortedRowModel,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type Row,
  type RowSelectionState,
} from '@tanstack/react-table';
import type { InventoryRow } from '../../../src-shared/inventory-rows';
import { normalizeConfigProvider } from '../../../src-shared/providers/catalog';
import { groupOf, type InventoryGroup } from './sort-group';
import { sortColumns, type Grouping, type SortColumn } from './view-state';

const features = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel(), rowSelectionFeature });
const groupFeatures = tableFeatures({ columnGroupingFeature, groupedRowModel: createGroupedRowModel() });
type GroupColumn = Exclude<Grouping, 'none'>;
const groupColumns: ColumnDef<typeof groupFeatures, InventoryRow>[] = (['tenant', 'credential', 'model'] as const).map((id) => ({
  id,
  accessorFn: (row: InventoryRow) => groupOf(row, id).key,
}));
const noRows: InventoryRow[] = [];

/** Rows equal on the sorted column keep tenant, then config (or credential) name order, whichever way it sorts. */
const tieColumn = 'tie';
type KeyColumn = SortColumn | typeof tieColumn;

function sortKey(row: InventoryRow, column: KeyColumn): string | number {
  switch (column) {
    case 'tenant':
      return row.tenant.name.toLowerCase();
    case 'credential':
      return (row.credential?.name ?? '').toLowerCase();
    case 'credsType':
      return row.credential?.credsType ?? '';
    case 'config':
      return (row.config?.name ?? '').toLowerCase();
    case 'provider':
      return row.config ? normalizeConfigProvider(row.config.provider) : '';
    case 'model':
      return (row.config?.modelName ?? '').toLowerCase();
    case 'kind':
      return row.config ? (row.config.isEmbedding ? 'embedding' : 'completion') : 'unused';
    case 'dimensions':
      return row.config?.dimensions ?? -1;
    case 'default':
      return row.defaultFor.length ? `0${row.defaultFor.join()}` : '1';
    case 'overrides':
      return -row.overrides.length;
    case 'agents':
      // Most agents first; a config whose agents are not known after one that has none.
      return row.agents ? -row.agents.length : 1;
    case 'health':
      return row.health ? ['rejected', 'forbidden', 'error', 'unlisted', 'ok'].indexOf(row.health.status) : 9;
    case 'expiry':
      // Soonest first; a credential with no expiry after every one that has.
      return row.expiresAt ? Date.parse(row.expiresAt) : Number.MAX_SAFE_INTEGER;
    case tieColumn:
      return `${row.tenant.name}\u0000${row.config?.name ?? row.credential?.name ?? ''}`;
  }
}

/** Each column's keys for one set of rows, made the first time that column sorts them. */
function sortKeysOf(rows: readonly InventoryRow[]): (column: KeyColumn) => (string | number)[] {
  const made = new Map<KeyColumn, (string | number)[]>();
  return (column) => {
    let keys = made.get(column);
    if (!keys) made.set(column, (keys = rows.map((row) => sortKey(row, column))));
    return keys;
  };
}

function columnsFor(keysOf: ReturnType<typeof sortKeysOf>): ColumnDef<typeof features, InventoryRow>[] {
  const compare = (a: Row<typeof features, InventoryRow>, b: Row<typeof features, InventoryRow>, column: string) => {
    const keys = keysOf(column as KeyColumn);
    const x = keys[a.index]!;
    const y = keys[b.index]!;
    return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
  };
  return [...sortColumns, tieColumn].map((id) => ({
    id,
    // Sorting needs a column with values; the comparator reads the keys made above instead.
    accessorFn: (row: InventoryRow) => row.key,
    sortFn: compare,
    sortUndefined: false,
  }));
}

/** What a row's checkbox selects: its config, or (an unused credential's row) its credential. Built-ins never. */
export function selectableKey(row: InventoryRow): string | null {
  if (row.config) return row.config.builtIn ? null : row.key;
  return row.credential ? row.key : null;
}

export interface InventoryRowsTable {
  /** Every row, in the order chosen, group by group when grouped. */
  ordered: InventoryRow[];
  /** Each row's group, by row key; null when not grouped. */
  groups: ReadonlyMap<string, InventoryGroup> | null;
  /** The keys of the rows chosen for a bulk delete (hidden ones too, until the choice is cleared). */
  selected: ReadonlySet<string>;
  select(row: InventoryRow, on: boolean): void;
  clearSelection(): void;
}

export function useInventoryRowsTable(
  rows: InventoryRow[],
  sort: { column: SortColumn; descending: boolean },
  group: Grouping,
): InventoryRowsTable {
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const columns = useMemo(() => columnsFor(sortKeysOf(rows)), [rows]);
  const sorting = useMemo(
    () => [
      { id: sort.column, desc: sort.descending },
      { id: tieColumn, desc: false },
    ],
    [sort.column, sort.descending],
  );
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.key,
    state: { sorting, rowSelection },
    onRowSelectionChange: setRowSelection,
    enableRowSelection: (row) => selectableKey(row.original) !== null,
  });
  const model = table.getSortedRowModel();
  const sorted = useMemo(() => model.rows.map((row) => row.original), [model]);
  const grouping = useMemo(() => (group === 'none' ? [] : [group]), [group]);
  const groupTable = useTable({
    features: groupFeatures,
    columns: groupColumns,
    // Not grouped: no rows, rather than 25,000 rows made for nothing.
    data: group === 'none' ? noRows : sorted,
    getRowId: (row) => row.key,
    state: { grouping },
  });
  const grouped = groupTable.getGroupedRowModel();
  // One array per sorted (and grouped) model: the search's text cache and the memos below it key on it.
  const { ordered, groups } = useMemo(() => {
    if (group === 'none') return { ordered: sorted, groups: null };
    const inOrder: InventoryRow[] = [];
    const of = new Map<string, InventoryGroup>();
    for (const groupRow of grouped.rows) {
      // A group row's `original` is its first row: the header names the group from it.
      const info = groupOf(groupRow.original, group as GroupColumn);
      for (const leaf of groupRow.subRows) {
        inOrder.push(leaf.original);
        of.set(leaf.original.key, info);
      }
    }
    return { ordered: inOrder, groups: of as ReadonlyMap<string, InventoryGroup> };
  }, [group, sorted, grouped]);
  const selected = useMemo(() => new Set(Object.keys(rowSelection)), [rowSelection]);
  return {
    ordered,
    groups,
    selected,
    // Through the table's own row, so `enableRowSelection` is the one rule of what can be chosen; a
    // row no longer in the inventory (a refresh landed since it was drawn) is simply not chosen.
    select: (row, on) => table.getCoreRowModel().rowsById[row.key]?.toggleSelected(on),
    clearSelection: () => setRowSelection({}),
  };
}
