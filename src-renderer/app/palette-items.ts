// What the command palette offers and how it ranks a query against it: every command, every tenant
// and every draft, fuzzy-matched (fuzzysort: the characters in order, not necessarily adjacent, with
// a bonus for word starts), so "rot" finds "Go to Rotate Keys" and "acp" finds "Acme Prod".
import fuzzysort from 'fuzzysort';
import type { PageCommand } from '../../src-shared/app-commands';
import type { BridgeApi } from '../../src-shared/contract';
import type { TenantEnvironment } from '../../src-shared/tenant-profile';
import { bridge } from '../bridge';

export type PaletteItem =
  | { kind: 'command'; id: string; title: string; command: PageCommand; shortcut?: string }
  | { kind: 'tenant'; id: string; title: string; tenantId: string; detail: string; environment: TenantEnvironment }
  | { kind: 'draft'; id: string; title: string; draftId: string; detail: string };

/** The text matched against the query: what the item says, with its kind so "draft" finds every draft. */
const searchText = (item: PaletteItem) =>
  item.kind === 'command' ? item.title : item.kind === 'tenant' ? `${item.title} ${item.detail} tenant` : `${item.title} draft`;

/** Every item in the palette's order when the query is empty; the best matches first otherwise. */
export function rankPaletteItems(items: readonly PaletteItem[], query: string, limit = 50): PaletteItem[] {
  const q = query.trim();
  if (!q) return items.slice(0, limit);
  const targets = items.map((item) => ({ item, text: searchText(item) }));
  return fuzzysort.go(q, targets, { key: 'text', limit, threshold: 0.2 }).map((r) => r.obj.item);
}

/**
 * Every tenant and draft as palette items, read when the palette opens (fresh, and without loading
 * their screens' code). A list that cannot be read is left out: the palette still offers the rest.
 */
export async function readPaletteRecords(api: () => BridgeApi = bridge): Promise<PaletteItem[]> {
  const [tenants, drafts] = await Promise.allSettled([api().listTenantProfiles(), api().listDrafts()]);
  return [
    ...(tenants.status === 'fulfilled' ? tenants.value.profiles : []).map((p): PaletteItem => ({
      kind: 'tenant',
      id: `tenant:${p.id}`,
      title: p.name,
      tenantId: p.id,
      detail: [p.baseUrl, ...p.labels].join(' · '),
      environment: p.environment,
    })),
    ...(drafts.status === 'fulfilled' ? drafts.value : []).map((d): PaletteItem => ({
      kind: 'draft',
      id: `draft:${d.id}`,
      title: d.title,
      draftId: d.id,
      detail: `${d.providerId} · ${d.models.length} ${d.models.length === 1 ? 'model' : 'models'}`,
    })),
  ];
}
