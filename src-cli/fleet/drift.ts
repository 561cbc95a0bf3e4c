// Drift: what a tenant has that the fleet file does not say. A credential none of its drafts names,
// and a config (not built in) on a credential the file names, for a model and name none of its
// drafts has. Reported always; deleted only with --prune, and never a config agents use.
import type { TenantInventory } from '../../src-shared/inventory';
import { plural } from '../../src-shared/plural';
import type { DeletionItem } from '../../src-shared/inventory-actions';
import { configKey, type Managed } from './resolve';

export interface DriftItem {
  tenantId: string;
  kind: 'credential' | 'config';
  id: string;
  name: string;
  /** For a config: its model; for a credential: its creds type. */
  detail: string;
  /** The credential a config is on. */
  credential?: string;
  /** The configs a credential takes with it, deleted first. */
  configs: { id: string; name: string }[];
  /** The agents that use it (or its configs): it is kept, as --prune never leaves an agent on a deleted config. */
  agents: string[];
}

export function driftOf(tenantId: string, inventory: TenantInventory, managed: Managed): DriftItem[] {
  const items: DriftItem[] = [];
  const agentsOn = (configId: string) => (inventory.agents ?? []).filter((a) => a.configId === configId).map((a) => a.name);
  const own = inventory.configs.filter((c) => !c.builtIn);
  for (const credential of inventory.credentials) {
    const configs = own.filter((c) => c.credentialId === credential.id);
    const wanted = managed.get(credential.name.trim());
    if (!wanted) {
      items.push({
        tenantId,
        kind: 'credential',
        id: credential.id,
        name: credential.name,
        detail: credential.credsType,
        configs: configs.map((c) => ({ id: c.id, name: c.name })),
        agents: configs.flatMap((c) => agentsOn(c.id)),
      });
      continue;
    }
    for (const config of configs) {
      if (wanted.has(configKey(config.modelName, config.name))) continue;
      items.push({
        tenantId,
        kind: 'config',
        id: config.id,
        name: config.name,
        detail: config.modelName ?? '',
        credential: credential.name,
        configs: [],
        agents: agentsOn(config.id),
      });
    }
  }
  return items;
}

/** What --prune deletes of the drift: configs first, then credentials with theirs; nothing agents use. */
export function pruneItems(drift: readonly DriftItem[]): DeletionItem[] {
  const items: DeletionItem[] = [];
  for (const d of drift.filter((x) => x.agents.length === 0)) {
    for (const c of d.configs) items.push({ tenantId: d.tenantId, kind: 'config', id: c.id });
    items.push({ tenantId: d.tenantId, kind: d.kind, id: d.id });
  }
  return [...items.filter((i) => i.kind === 'config'), ...items.filter((i) => i.kind === 'credential')];
}

export function driftLine(d: DriftItem): string {
  const what =
    d.kind === 'credential'
      ? `credential “${d.name}” (${d.detail}${d.configs.length ? `, ${plural(d.configs.length, 'config')}` : ''})`
      : `config “${d.name}” ${d.detail} on “${d.credential}”`;
  return d.agents.length > 0 ? `${what}: agents use it (${d.agents.join(', ')}): kept even with --prune; move them first` : what;
}
