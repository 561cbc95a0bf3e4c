// Three tenants and the builders the drift tests share: a config, a tenant's inventory, and the
// state the inventory store holds for it.
import type { InventoryConfig, InventoryCredential, TenantInventory, TenantInventoryState } from '../../src-shared/inventory';
import type { InventoryTenant } from '../../src-shared/inventory-rows';

export const acme: InventoryTenant = {
  id: '1f0c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7',
  name: 'Acme',
  environment: { label: 'production', color: '#cf222e' },
};
export const beta: InventoryTenant = {
  id: '2a1b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  name: 'Beta',
  environment: { label: 'staging', color: '#9a6700' },
};
export const gamma: InventoryTenant = {
  id: '3b2c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  name: 'Gamma',
  environment: { label: 'dev', color: '#1a7f37' },
};

export function config(
  id: string,
  name: string,
  provider: string,
  modelName: string | null,
  more: Partial<InventoryConfig> = {},
): InventoryConfig {
  return {
    id,
    name,
    provider,
    modelName,
    credentialId: `cred-${id}`,
    isEmbedding: false,
    dimensions: null,
    builtIn: false,
    extraConfig: null,
    ...more,
  };
}

/** A listed credential whose API key the listing masks (`****wxyz`). */
export const credential = (
  id: string,
  name: string,
  credsType: string,
  details: InventoryCredential['details'] = {},
): InventoryCredential => ({
  id,
  name,
  credsType,
  details,
  masked: { api_key: '****wxyz' },
  createdAt: null,
  updatedAt: null,
});

export function inventory(tenant: InventoryTenant, configs: InventoryConfig[], more: Partial<TenantInventory> = {}): TenantInventory {
  return {
    tenantId: tenant.id,
    readAt: '2026-03-02T09:15:00.000Z',
    credentials: [],
    configs,
    preference: { defaultLlmConfigId: null, defaultEmbeddingConfigId: null, hideDefaultModels: false },
    overrides: [],
    ...more,
  };
}

export function state(inv: TenantInventory, more: Partial<TenantInventoryState> = {}): TenantInventoryState {
  return { tenantId: inv.tenantId, status: 'ok', stale: false, inventory: inv, ...more };
}
