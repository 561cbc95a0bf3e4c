// The inventory's groups: what group a row is in (the key TanStack's grouped row model groups by,
// in inventory-rows-table.ts, and the header it shows), and the list drawn from the rows the search
// kept: a header before each group, with the count of its rows shown.
import { credentialDetailsText, type InventoryRow } from '../../../src-shared/inventory-rows';
import { normalizeConfigProvider } from '../../../src-shared/providers/catalog';
import type { Grouping } from './view-state';

export type DisplayItem =
  { type: 'group'; key: string; label: string; count: number; collapsed: boolean } | { type: 'row'; row: InventoryRow };

export interface InventoryGroup {
  key: string;
  label: string;
}

export function groupOf(row: InventoryRow, group: Exclude<Grouping, 'none'>): InventoryGroup {
  if (group === 'tenant') return { key: `t:${row.tenant.id}`, label: row.tenant.name };
  if (group === 'credential') {
    if (!row.credential) return { key: `c:${row.tenant.id}:builtin`, label: `${row.tenant.name} · built-in configs` };
    const details = credentialDetailsText(row.credential);
    return {
      key: `c:${row.tenant.id}:${row.credential.id}`,
      label: `${row.tenant.name} · ${row.credential.name}${details ? ` (${details})` : ''}`,
    };
  }
  if (!row.config) return { key: 'm:unused', label: 'Credentials no config uses' };
  const provider = normalizeConfigProvider(row.config.provider);
  return { key: `m:${provider}:${row.config.modelName ?? ''}`, label: `${row.config.modelName ?? '(no model)'} · ${provider}` };
}

/**
 * Rows with a header before each group, the groups in the order their first rows come (the rows come
 * grouped, from the table); collapsed groups hide their rows. `groups` gives each row's group, by
 * row key; none: no grouping.
 */
export function groupRows(
  rows: readonly InventoryRow[],
  groups: ReadonlyMap<string, InventoryGroup> | null,
  collapsed: ReadonlySet<string>,
): DisplayItem[] {
  if (!groups) return rows.map((row) => ({ type: 'row', row }));
  const shown = new Map<string, { label: string; rows: InventoryRow[] }>();
  for (const row of rows) {
    const { key, label } = groups.get(row.key)!;
    let g = shown.get(key);
    if (!g) shown.set(key, (g = { label, rows: [] }));
    g.rows.push(row);
  }
  const items: DisplayItem[] = [];
  for (const [key, g] of shown) {
    const isCollapsed = collapsed.has(key);
    items.push({ type: 'group', key, label: g.label, count: g.rows.length, collapsed: isCollapsed });
    if (!isCollapsed) for (const row of g.rows) items.push({ type: 'row', row });
  }
  return items;
}
