// Drift between tenants: which models each tenant has (coverage), and how each tenant is set up
// (defaults, hide_default_models, overrides), side by side, each compared with a baseline tenant.
// Configs are compared by what they run (provider and model id), never by id: ids differ per tenant.
import type { InventoryConfig, TenantInventory, TenantInventoryState } from './inventory';
import type { InventoryTenant } from './inventory-rows';
import { plural } from './plural';
import { normalizeConfigProvider } from './providers/catalog';

export interface CoverageModel {
  key: string;
  provider: string;
  modelName: string;
  isEmbedding: boolean;
}

export interface CoverageCell {
  present: boolean;
  /** The display names the tenant gives this model (one config each). */
  names: string[];
}

export interface CoverageMatrix {
  /** Tenants with an inventory, in the order given. */
  tenants: InventoryTenant[];
  models: CoverageModel[];
  cells: Record<string, Record<string, CoverageCell>>;
}

export function modelKey(config: Pick<InventoryConfig, 'provider' | 'modelName'>): string {
  // Stryker disable next-line StringLiteral: what stands for no model id is compared only with itself; any text does
  const model = config.modelName ?? '';
  return `${normalizeConfigProvider(config.provider)}:${model}`;
}

/** Each model any tenant has (its own configs; built-ins are the same everywhere) against each tenant. */
export function coverageMatrix(states: readonly TenantInventoryState[], tenants: readonly InventoryTenant[]): CoverageMatrix {
  const inventories = new Map(states.filter((s) => s.inventory).map((s) => [s.tenantId, s.inventory!]));
  const read = tenants.filter((t) => inventories.has(t.id));
  const models = new Map<string, CoverageModel>();
  const cells: CoverageMatrix['cells'] = {};
  for (const tenant of read) {
    for (const config of inventories.get(tenant.id)!.configs) {
      if (config.builtIn || !config.modelName) continue;
      const key = modelKey(config);
      if (!models.has(key))
        models.set(key, {
          key,
          provider: normalizeConfigProvider(config.provider),
          modelName: config.modelName,
          isEmbedding: config.isEmbedding,
        });
      const row = (cells[key] ??= {});
      const cell = (row[tenant.id] ??= { present: true, names: [] });
      cell.names.push(config.name);
    }
  }
  for (const key of models.keys()) for (const tenant of read) cells[key]![tenant.id] ??= { present: false, names: [] };
  const sorted = [...models.values()].sort((a, b) => a.provider.localeCompare(b.provider) || a.modelName.localeCompare(b.modelName));
  return { tenants: read, models: sorted, cells };
}

/** The cell's presence is not the baseline tenant's. */
export function coverageDiffers(matrix: CoverageMatrix, key: string, tenantId: string, baselineId: string | null): boolean {
  // With no baseline, a tenant is compared with itself: nothing differs.
  // Stryker disable next-line LogicalOperator: `null && tenantId` is null, and no cell is kept under it: nothing differs either
  const base = matrix.cells[key]?.[baselineId ?? tenantId];
  const cell = matrix.cells[key]?.[tenantId];
  return base !== undefined && cell !== undefined && base.present !== cell.present;
}

export interface SettingValue {
  /** What the cell shows. */
  text: string;
  /** What is compared across tenants: provider and model for a config, the value otherwise. */
  compare: string;
}

export interface SettingsRow {
  key: string;
  label: string;
  values: Record<string, SettingValue>;
}

function configValue(inventory: TenantInventory, configId: string | null): SettingValue {
  if (configId === null) return { text: 'Alation’s default', compare: 'none' };
  const config = inventory.configs.find((c) => c.id === configId);
  if (!config) return { text: `a config not in the inventory (${configId})`, compare: `missing:${configId}` };
  // A built-in config runs on Alation's key, a BYOM one on the tenant's: the same model, not the same setting.
  return {
    text: `${config.name} (${config.modelName ?? config.provider}${config.builtIn ? ', built-in' : ''})`,
    compare: config.builtIn ? `${modelKey(config)}:built-in` : modelKey(config),
  };
}

/** Each tenant's default LLM, default embedding, hide_default_models and every override, side by side. */
export function settingsMatrix(
  states: readonly TenantInventoryState[],
  tenants: readonly InventoryTenant[],
): { tenants: InventoryTenant[]; rows: SettingsRow[] } {
  const inventories = new Map(states.filter((s) => s.inventory).map((s) => [s.tenantId, s.inventory!]));
  const read = tenants.filter((t) => inventories.has(t.id));
  const rows: SettingsRow[] = [
    { key: 'defaultLlm', label: 'Default LLM', values: {} },
    { key: 'defaultEmbedding', label: 'Default embedding', values: {} },
    { key: 'hideDefaultModels', label: 'Hide built-in models', values: {} },
    { key: 'agents', label: 'Agents', values: {} },
  ];
  const overrideKeys = new Set<string>();
  for (const t of read) for (const o of inventories.get(t.id)!.overrides) overrideKeys.add(`${o.featureType}/${o.featureKey}`);
  const overrideRows = [...overrideKeys]
    .sort()
    .map((key) => ({ key: `override:${key}`, label: `Override ${key}`, values: {} as Record<string, SettingValue> }));
  for (const t of read) {
    const inv = inventories.get(t.id)!;
    rows[0]!.values[t.id] = configValue(inv, inv.preference.defaultLlmConfigId);
    rows[1]!.values[t.id] = configValue(inv, inv.preference.defaultEmbeddingConfigId);
    rows[2]!.values[t.id] = { text: inv.preference.hideDefaultModels ? 'yes' : 'no', compare: String(inv.preference.hideDefaultModels) };
    rows[3]!.values[t.id] = agentsValue(inv);
    for (const row of overrideRows) {
      const o = inv.overrides.find((x) => `override:${x.featureType}/${x.featureKey}` === row.key);
      row.values[t.id] = o ? configValue(inv, o.configId) : { text: 'not set', compare: 'none' };
    }
  }
  return { tenants: read, rows: [...rows, ...overrideRows] };
}

/**
 * How many agents the tenant has, and how many of them name a config it no longer has. Each
 * tenant's agents are its own: a count is shown, never compared with the baseline's.
 */
function agentsValue(inventory: TenantInventory): SettingValue {
  const agents = inventory.agents;
  if (agents === undefined) return { text: 'not read yet: refresh', compare: 'agents' };
  if (agents === null) return { text: 'not listed (the tenant has no agent API)', compare: 'agents' };
  const ids = new Set(inventory.configs.map((c) => c.id));
  const stranded = agents.filter((a) => a.configId !== null && !ids.has(a.configId)).length;
  return { text: `${plural(agents.length, 'agent')}${stranded ? `, ${stranded} on a config that is gone` : ''}`, compare: 'agents' };
}

export function settingDiffers(row: SettingsRow, tenantId: string, baselineId: string | null): boolean {
  // With no baseline, a tenant is compared with itself: nothing differs.
  // Stryker disable next-line LogicalOperator: `null && tenantId` is null, and no value is kept under it: nothing differs either
  const base = row.values[baselineId ?? tenantId];
  const value = row.values[tenantId];
  return base !== undefined && value !== undefined && base.compare !== value.compare;
}

/** What deleting these configs would change on their tenant: defaults that fall back, overrides dropped. */
export function deletionImpact(inventory: TenantInventory, configIds: ReadonlySet<string>): { defaults: string[]; overrides: string[] } {
  const defaults: string[] = [];
  if (inventory.preference.defaultLlmConfigId && configIds.has(inventory.preference.defaultLlmConfigId)) defaults.push('default LLM');
  if (inventory.preference.defaultEmbeddingConfigId && configIds.has(inventory.preference.defaultEmbeddingConfigId))
    defaults.push('default embedding');
  const overrides = inventory.overrides.filter((o) => configIds.has(o.configId)).map((o) => `${o.featureType}/${o.featureKey}`);
  return { defaults, overrides };
}
