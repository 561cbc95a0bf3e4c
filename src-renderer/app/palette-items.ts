// What the command palette offers and how it ranks a query against it: every command, every tenant
// and every draft, fuzzy-matched (fuzzysort: the characters in order, not necessarily adjacent, with
// a bonus for word starts), so "rot" finds "Go to Rotate Keys" and "acp" finds "Acme Prod".
import fuzzysort from 'fuzzysort';
import type { PageCommand } from '../../src-shared/app-commands';
import type { TenantEnvironment } from '../../src-shared/tenant-profile';

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
