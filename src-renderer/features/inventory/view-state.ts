// What the Inventory screen shows (tab, filters, sort, grouping, baseline), kept in the address's
// hash so a reload, or a link, keeps it. Parsed defensively: a hand-edited address never breaks
// the screen, it just falls back to the defaults.
import { create } from 'zustand';
import { emptyFilters, type InventoryFilters, type KindFilter } from '../../../src-shared/inventory-rows';
import { addressQuery, writeAddress } from '../../app/address';

export const inventoryTabs = ['configs', 'coverage', 'settings'] as const;
export type InventoryTab = (typeof inventoryTabs)[number];

export const sortColumns = [
  'tenant',
  'credential',
  'credsType',
  'config',
  'provider',
  'model',
  'kind',
  'dimensions',
  'default',
  'overrides',
  'agents',
  'health',
  'expiry',
] as const;
export type SortColumn = (typeof sortColumns)[number];

export const groupings = ['none', 'tenant', 'credential', 'model'] as const;
export type Grouping = (typeof groupings)[number];

export interface InventoryView {
  tab: InventoryTab;
  filters: InventoryFilters;
  sort: { column: SortColumn; descending: boolean };
  group: Grouping;
  /** The tenant the drift matrices compare against. */
  baseline: string | null;
  /** The row whose details panel is open (its key), or none. */
  row: string | null;
  /** The table's columns as chosen: shown ones in order, and widths; null keeps the defaults for the window's width. */
  columns: ColumnChoice | null;
}

/** Kept in the address with the filters, so a reload or a shared link shows the same table. */
export interface ColumnChoice {
  shown: string[];
  widths: Record<string, number>;
}

export const defaultView: InventoryView = {
  tab: 'configs',
  filters: emptyFilters,
  sort: { column: 'tenant', descending: false },
  group: 'none',
  baseline: null,
  row: null,
  columns: null,
};

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);
const oneOf = <T extends string>(values: readonly T[], v: string | null, fallback: T): T => (values.includes(v as T) ? (v as T) : fallback);

export function parseView(query: string): InventoryView {
  const p = new URLSearchParams(query);
  return {
    tab: oneOf(inventoryTabs, p.get('tab'), defaultView.tab),
    filters: {
      query: p.get('q') ?? '',
      tenantIds: list(p.get('tenants')),
      // One `label=` each: a label is free text and may hold a comma.
      labels: [...new Set(p.getAll('label').map((l) => l.trim()))].filter(Boolean),
      environments: list(p.get('env')),
      providers: list(p.get('provider')),
      kind: oneOf<KindFilter>(['all', 'completion', 'embedding'], p.get('kind'), 'all'),
      credsTypes: list(p.get('creds')),
      unusedOnly: p.get('unused') === '1',
      defaultOnly: p.get('default') === '1',
      overrideOnly: p.get('override') === '1',
      showBuiltIns: p.get('builtins') === '1',
      problemsOnly: p.get('problems') === '1',
      expiringOnly: p.get('expiring') === '1',
    },
    sort: { column: oneOf(sortColumns, p.get('sort'), defaultView.sort.column), descending: p.get('desc') === '1' },
    group: oneOf(groupings, p.get('group'), 'none'),
    baseline: p.get('baseline') || null,
    row: p.get('row') || null,
    columns: parseColumns(p.get('cols'), p.get('widths')),
  };
}

/** `cols=tenant,config` and `widths=tenant.120,config.180`: unknown names dropped, widths kept in 40..800 px. */
function parseColumns(cols: string | null, widths: string | null): ColumnChoice | null {
  if (cols === null && widths === null) return null;
  const shown = list(cols).filter((c) => (sortColumns as readonly string[]).includes(c));
  const sizes: Record<string, number> = {};
  for (const pair of list(widths)) {
    const [id, px] = pair.split('.');
    const n = Number(px);
    if (id && (sortColumns as readonly string[]).includes(id) && Number.isInteger(n) && n >= 40 && n <= 800) sizes[id] = n;
  }
  return { shown, widths: sizes };
}

export function serializeView(view: InventoryView): string {
  const p = new URLSearchParams();
  const f = view.filters;
  if (view.tab !== defaultView.tab) p.set('tab', view.tab);
  if (f.query) p.set('q', f.query);
  if (f.tenantIds.length) p.set('tenants', f.tenantIds.join(','));
  for (const label of f.labels) p.append('label', label);
  if (f.environments.length) p.set('env', f.environments.join(','));
  if (f.providers.length) p.set('provider', f.providers.join(','));
  if (f.kind !== 'all') p.set('kind', f.kind);
  if (f.credsTypes.length) p.set('creds', f.credsTypes.join(','));
  for (const [key, on] of [
    ['unused', f.unusedOnly],
    ['default', f.defaultOnly],
    ['override', f.overrideOnly],
    ['builtins', f.showBuiltIns],
    ['problems', f.problemsOnly],
    ['expiring', f.expiringOnly],
  ] as const) {
    if (on) p.set(key, '1');
  }
  if (view.sort.column !== defaultView.sort.column) p.set('sort', view.sort.column);
  if (view.sort.descending) p.set('desc', '1');
  if (view.group !== 'none') p.set('group', view.group);
  if (view.baseline) p.set('baseline', view.baseline);
  if (view.row) p.set('row', view.row);
  if (view.columns) {
    p.set('cols', view.columns.shown.join(','));
    const widths = Object.entries(view.columns.widths).map(([id, px]) => `${id}.${Math.round(px)}`);
    if (widths.length) p.set('widths', widths.join(','));
  }
  return p.toString();
}

interface ViewStore extends InventoryView {
  update(change: Partial<InventoryView>): void;
  setFilters(change: Partial<InventoryFilters>): void;
}

export function viewFromAddress(): InventoryView {
  const query = addressQuery('inventory');
  return query === null ? defaultView : parseView(query);
}

export const useInventoryView = create<ViewStore>((set, get) => ({
  ...viewFromAddress(),
  update(change) {
    set(change);
    writeAddress('inventory', serializeView(get()));
  },
  setFilters(change) {
    set((s) => ({ filters: { ...s.filters, ...change } }));
    writeAddress('inventory', serializeView(get()));
  },
}));
