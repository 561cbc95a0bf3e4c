// Reads one tenant's whole BYOM state: credentials, LLM configs (built-ins told apart), the tenant
// preference, the feature overrides and the agents (which config each names), each list page by page.
import {
  credentialDetailKeys,
  type InventoryAgent,
  isMaskedValue,
  type InventoryConfig,
  type InventoryCredential,
  type TenantInventory,
} from '../../src-shared/inventory';
import type { AlationClient, CallOptions } from '../alation/client';
import { isBuiltInConfig, type Agent, type LlmConfig, type LlmCredential } from '../alation/types';
import { AppError } from '../../src-shared/errors';

export interface ReadOptions {
  signal: AbortSignal;
  /** Every list page read, across the tenant's lists. */
  onPage?: (pagesRead: number) => void;
  now?: () => Date;
}

export async function readTenantInventory(client: AlationClient, tenantId: string, options: ReadOptions): Promise<TenantInventory> {
  let pages = 0;
  const calls: CallOptions = { signal: options.signal, onPage: () => options.onPage?.(++pages) };
  const [credentials, configs, preference, overrides, agents] = await Promise.all([
    client.listCredentials(calls),
    client.listLlmConfigs({}, calls),
    // Older tenants may not have these: no defaults, no overrides, agents not known, rather than no inventory.
    orNothing(client.getLlmPreference(calls)),
    orNothing(client.listFeatureOverrides(calls)),
    readAgents(client, calls),
  ]);
  return {
    tenantId,
    readAt: (options.now ?? (() => new Date()))().toISOString(),
    credentials: credentials.map(credentialView),
    configs: configs.map(configView),
    preference: {
      defaultLlmConfigId: preference?.default_llm_config_id ?? null,
      defaultEmbeddingConfigId: preference?.default_embedding_config_id ?? null,
      hideDefaultModels: preference?.hide_default_models ?? false,
    },
    overrides: (overrides ?? []).map((o) => ({ featureType: o.feature_type, featureKey: o.feature_key, configId: o.llm_config_id })),
    agents,
  };
}

/** Every agent of the tenant, or null when the tenant has no agent API (404 or 405). */
export async function readAgents(client: AlationClient, calls: CallOptions): Promise<InventoryAgent[] | null> {
  const agents = await orNothing(client.listAgents(calls));
  return agents ? agents.map(agentView) : null;
}

export function agentView(a: Agent): InventoryAgent {
  return { id: a.id, name: a.name, configId: a.llm_config_id };
}

async function orNothing<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'not_found' || error.code === 'unsupported')) return undefined;
    throw error;
  }
}

export function credentialView(c: LlmCredential): InventoryCredential {
  const fields = c as Record<string, unknown>;
  const details: InventoryCredential['details'] = {};
  for (const key of credentialDetailKeys) {
    const value = fields[key];
    if (typeof value === 'string' && value.trim() !== '' && !isMaskedValue(value)) details[key] = value;
  }
  // Only values in the listing's masked form are kept: a tenant that returned a secret in full
  // (it must not) would not have it copied anywhere.
  const masked: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) if (isMaskedValue(value)) masked[key] = value;
  return { id: c.id, name: c.name, credsType: c.creds_type, details, masked, createdAt: c.created_at ?? null, updatedAt: c.updated_at ?? null };
}

export function configView(c: LlmConfig): InventoryConfig {
  const extra = (c as Record<string, unknown>).llm_extra_config;
  return {
    id: c.id,
    name: c.name,
    provider: c.provider,
    modelName: c.model_name ?? null,
    credentialId: c.llm_credentials_id ?? null,
    isEmbedding: Boolean(c.is_embedding),
    dimensions: c.embedding_dimensions ?? null,
    builtIn: isBuiltInConfig(c),
    extraConfig: typeof extra === 'object' && extra !== null && !Array.isArray(extra) ? (extra as Record<string, unknown>) : null,
  };
}
