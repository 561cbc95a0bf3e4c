// Grouping the inventory's rows: a header before each group, over the rows as sorted (by the
// TanStack table in inventory-rows-table.ts) and filtered. Grouping comes after the search, on the
// rows it kept, so that a keystroke never sorts again (README, Architecture).
import { credentialDetailsText, type InventoryRow } from '../../../src-shared/inventory-rows';
import { normalizeConfigProvider } from '../../../src-shared/providers/catalog';
import type { Grouping } from './view-state';

export type DisplayItem =
  { type: 'group'; key: string; label: string; count: number; collapsed: boolean } | { type: 'row'; row: InventoryRow };

function groupOf(row: InventoryRow, group: Exclude<Grouping, 'none'>): { key: string; label: string } {
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

/** Rows with a header before each group, in the order the groups first appear; collapsed groups hide their rows. */
export function groupRows(rows: readonly InventoryRow[], group: Grouping, collapsed: ReadonlySet<string>): DisplayItem[] {
  if (group === 'none') return rows.map((row) => ({ type: 'row', row }));
  const groups = new Map<string, { label: string; rows: InventoryRow[] }>();
  for (const row of rows) {
    const { key, label } = groupOf(row, group);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { label, rows: [] }));
    g.rows.push(row);
  }
  const items: DisplayItem[] = [];
  for (const [key, g] of groups) {
    const isCollapsed = collapsed.has(key);
    items.push({ type: 'group', key, label: g.label, count: g.rows.length, collapsed: isCollapsed });
    if (!isCollapsed) for (const row of g.rows) items.push({ type: 'row', row });
  }
  return items;
}
