// The Tenants table's sorting, as a headless TanStack Table: each column sorts with its comparator
// from tenant-list.ts (ties in name order), a new column ascending first, the same column flipping.
import { useState } from 'react';
import { createSortedRowModel, rowSortingFeature, tableFeatures, useTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { compareTenants, type TenantListEntry, type TenantSortColumn } from './tenant-list';

export const tenantColumns: { id: TenantSortColumn; label: string }[] = [
  { id: 'name', label: 'Tenant' },
  { id: 'address', label: 'Address' },
  { id: 'auth', label: 'Authentication' },
  { id: 'secret', label: 'Secret' },
  { id: 'lastTest', label: 'Last test' },
];

const features = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel() });

const columnDefs: ColumnDef<typeof features, TenantListEntry>[] = tenantColumns.map((c) => ({
  id: c.id,
  header: c.label,
  // Sorting asks for a value to exist; the comparator reads the whole entry.
  accessorFn: (entry) => entry.profile.id,
  sortFn: (a, b) => compareTenants(a.original, b.original, c.id),
  sortDescFirst: false,
}));

export interface TenantHeader {
  id: TenantSortColumn;
  label: string;
  sorted: 'ascending' | 'descending' | undefined;
  toggle(): void;
}

/** The entries in the order the user chose (the saved order until a header is clicked), and the headers. */
export function useSortedTenants<T extends TenantListEntry>(entries: T[]): { rows: T[]; headers: TenantHeader[] } {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useTable({
    features,
    columns: columnDefs,
    data: entries,
    getRowId: (entry) => entry.profile.id,
    state: { sorting },
    onSortingChange: setSorting,
    enableSortingRemoval: false,
    enableMultiSort: false,
  });
  const headers = tenantColumns.map(({ id, label }): TenantHeader => {
    const column = table.getColumn(id)!;
    const sorted = column.getIsSorted();
    return {
      id,
      label,
      sorted: sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined,
      toggle: () => column.toggleSorting(undefined, false),
    };
  });
  return { rows: table.getRowModel().rows.map((row) => row.original as T), headers };
}
