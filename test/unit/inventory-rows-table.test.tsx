// @vitest-environment jsdom
// The Inventory's order, groups and bulk-delete selection, as the headless TanStack tables keep
// them: rows in the order of the column the user sorts by (what the column shows, read as that
// column reads), ties always in tenant then config order; groups in the order their first rows come,
// each group's rows in that same order; and a selection that only ever holds rows that can be deleted.
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { inventoryRows, type InventoryRow } from '../../src-shared/inventory-rows';
import { useInventoryRowsTable } from '../../src-renderer/features/inventory/inventory-rows-table';
import { groupRows } from '../../src-renderer/features/inventory/sort-group';
import type { Grouping, SortColumn } from '../../src-renderer/features/inventory/view-state';
import { fixtures } from '../bench/filter-scaling';

const { states, tenants } = fixtures(4, 30);
const rows = inventoryRows(states, tenants, []);
const tie = (r: InventoryRow) => `${r.tenant.name}\u0000${r.config?.name ?? r.credential?.name ?? ''}`;

/** What each column shows, as the user reads its order. */
const shown: Partial<Record<SortColumn, (r: InventoryRow) => string | number>> = {
  tenant: (r) => r.tenant.name.toLowerCase(),
  model: (r) => (r.config?.modelName ?? '').toLowerCase(),
  config: (r) => (r.config?.name ?? '').toLowerCase(),
  kind: (r) => (r.config ? (r.config.isEmbedding ? 'embedding' : 'completion') : 'unused'),
  dimensions: (r) => r.config?.dimensions ?? -1,
};
const compare = (x: string | number, y: string | number) =>
  typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));

function render(column: SortColumn, descending: boolean) {
  return renderHook(({ sort }) => useInventoryRowsTable(rows, sort, 'none'), { initialProps: { sort: { column, descending } } });
}

describe('the Inventory’s rows table', () => {
  it.each(Object.keys(shown).flatMap((column) => [false, true].map((descending) => [column as SortColumn, descending] as const)))(
    'orders every row by %s (descending: %s), ties in tenant then config order either way',
    (column, descending) => {
      const { result } = render(column, descending);
      const ordered = result.current.ordered;
      expect(new Set(ordered)).toEqual(new Set(rows));
      const key = shown[column]!;
      for (let i = 1; i < ordered.length; i++) {
        const [a, b] = [ordered[i - 1]!, ordered[i]!];
        const c = compare(key(a), key(b));
        expect(descending ? c >= 0 : c <= 0, `${column} at ${i}`).toBe(true);
        if (c === 0) expect(tie(a).localeCompare(tie(b)), `tie at ${i}`).toBeLessThanOrEqual(0);
      }
    },
  );

  it('keeps the same ordered rows until the rows or the sort change, so typing in the search never sorts again', () => {
    const { result, rerender } = render('model', false);
    const first = result.current.ordered;
    rerender({ sort: { column: 'model', descending: false } });
    expect(result.current.ordered).toBe(first);
    rerender({ sort: { column: 'model', descending: true } });
    expect(result.current.ordered).not.toBe(first);
  });

  it('selects only rows that can be deleted, keeps the choice across a new sort, and clears it', () => {
    const builtIn: InventoryRow = { ...rows[0]!, key: 'built-in-row', config: { ...rows[0]!.config!, builtIn: true } };
    const withBuiltIn = [builtIn, ...rows];
    const { result, rerender } = renderHook(({ sort }) => useInventoryRowsTable(withBuiltIn, sort, 'none'), {
      initialProps: { sort: { column: 'tenant' as SortColumn, descending: false } },
    });
    act(() => result.current.select(builtIn, true));
    expect(result.current.selected.size).toBe(0);
    act(() => {
      result.current.select(rows[1]!, true);
      result.current.select(rows[2]!, true);
    });
    expect([...result.current.selected].sort()).toEqual([rows[1]!.key, rows[2]!.key].sort());
    act(() => result.current.select(rows[2]!, false));
    rerender({ sort: { column: 'model', descending: true } });
    expect([...result.current.selected]).toEqual([rows[1]!.key]);
    act(() => result.current.clearSelection());
    expect(result.current.selected.size).toBe(0);
  });

  it.each(['tenant', 'credential', 'model'] as const)(
    'groups by %s: each group’s rows together in the sorted order, groups where their first rows come, a header counting the rows shown',
    (group) => {
      const sort = { column: 'model' as SortColumn, descending: true };
      const flat = renderHook(() => useInventoryRowsTable(rows, sort, 'none')).result.current.ordered;
      const { result, rerender } = renderHook(({ g }) => useInventoryRowsTable(rows, sort, g), { initialProps: { g: group as Grouping } });
      const { ordered, groups } = result.current;
      expect(new Set(ordered)).toEqual(new Set(rows));
      const groupKey = (r: InventoryRow) => groups!.get(r.key)!.key;
      const firstSeen = [...new Set(flat.map(groupKey))];
      expect([...new Set(ordered.map(groupKey))]).toEqual(firstSeen);
      for (const key of firstSeen) {
        expect(ordered.filter((r) => groupKey(r) === key)).toEqual(flat.filter((r) => groupKey(r) === key));
      }
      if (group === 'tenant') expect(new Set([...groups!.values()].map((g) => g.label))).toEqual(new Set(tenants.map((t) => t.name)));

      // What the search kept, under a header per group with its count; a collapsed group keeps its header.
      const kept = ordered.filter((_, i) => i % 3 === 0);
      const collapsed = new Set([firstSeen[0]!]);
      const items = groupRows(kept, groups, collapsed);
      const headers = items.filter((i) => i.type === 'group');
      expect(headers.map((h) => h.key)).toEqual(firstSeen.filter((k) => kept.some((r) => groupKey(r) === k)));
      for (const h of headers) expect(h.count).toBe(kept.filter((r) => groupKey(r) === h.key).length);
      expect(items.some((i) => i.type === 'row' && groupKey(i.row) === firstSeen[0])).toBe(false);
      expect(items.filter((i) => i.type === 'row')).toHaveLength(kept.filter((r) => groupKey(r) !== firstSeen[0]).length);

      rerender({ g: 'none' });
      expect(result.current.groups).toBeNull();
      expect(result.current.ordered).toEqual(flat);
    },
  );
});
