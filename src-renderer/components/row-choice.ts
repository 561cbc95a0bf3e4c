// Which rows of a list are chosen (plan targets, rotation matches): a headless TanStack Table's row
// selection, so every such list chooses, counts and "selects all" the same way. Only the rows the list
// is given count: a row hidden by a filter stays chosen for when it shows again, but is never a target.
import { useState } from 'react';
import { rowSelectionFeature, tableFeatures, useTable, type RowData, type RowSelectionState } from '@tanstack/react-table';

const features = tableFeatures({ rowSelectionFeature });

export interface RowChoice<T> {
  isChosen(id: string): boolean;
  /** Chooses the row, or not. */
  set(id: string, on: boolean): void;
  /** Every row given is chosen (and there is one). */
  allChosen: boolean;
  /** Some, not all, of the rows given are chosen: the "all" box shows a dash. */
  someChosen: boolean;
  /** Chooses every row given, or none of them. */
  setAll(on: boolean): void;
  /** Exactly these rows chosen, whether given now or not (a new source's strong matches, a label's tenants). */
  chooseOnly(ids: readonly string[]): void;
  /** The chosen rows among those given, in their order. */
  chosen: T[];
}

export function useRowChoice<T extends RowData>(rows: T[], idOf: (row: T) => string): RowChoice<T> {
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const table = useTable({
    features,
    columns: [],
    data: rows,
    getRowId: idOf,
    state: { rowSelection },
    onRowSelectionChange: setRowSelection,
  });
  const chosen = table.getSelectedRowModel().rows.map((r) => r.original as T);
  return {
    isChosen: (id) => rowSelection[id] === true,
    set: (id, on) =>
      setRowSelection((s) => {
        // The state holds chosen rows only.
        const { [id]: _dropped, ...rest } = s;
        return on ? { ...rest, [id]: true } : rest;
      }),
    allChosen: rows.length > 0 && chosen.length === rows.length,
    someChosen: chosen.length > 0 && chosen.length < rows.length,
    setAll: (on) => table.toggleAllRowsSelected(on),
    chooseOnly: (ids) => setRowSelection(Object.fromEntries(ids.map((id) => [id, true as const]))),
    chosen,
  };
}
