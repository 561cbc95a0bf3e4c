// Sorting and grouping the inventory's rows. Plain functions over the row array: 25,000 rows sort
// in a few milliseconds, and the virtual list renders whatever order they come in.
import { credentialDetailsText, type InventoryRow } from '../../../src-shared/inventory-rows';
import { normalizeConfigProvider } from '../../../src-shared/providers/catalog';
import type { Grouping, SortColumn } from './view-state';

function sortKey(row: InventoryRow, column: SortColumn): string | number {
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
  }
}

/** A stable sort: rows equal on the column keep tenant, then config name order. */
export function sortRows(rows: readonly InventoryRow[], column: SortColumn, descending: boolean): InventoryRow[] {
  const keyed = rows.map((row) => ({
    row,
    key: sortKey(row, column),
    tie: `${row.tenant.name}\u0000${row.config?.name ?? row.credential?.name ?? ''}`,
  }));
  keyed.sort((a, b) => {
    const c = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : String(a.key).localeCompare(String(b.key));
    if (c !== 0) return descending ? -c : c;
    return a.tie.localeCompare(b.tie);
  });
  return keyed.map((k) => k.row);
}

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
