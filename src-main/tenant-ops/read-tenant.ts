// The one reader of a tenant's BYOM state, for plan, apply, rotation and the inventory: credentials,
// LLM configs (built-ins told apart by the views), the preference, the feature overrides and the
// agents, each list page by page, all at once. A tenant without an endpoint (an older one: no
// preference, no overrides, no agents) reads as having none of them, never as unreadable.
import { AppError } from '../../src-shared/errors';
import {
  credentialDetailKeys,
  isMaskedValue,
  type InventoryAgent,
  type InventoryConfig,
  type InventoryCredential,
  type TenantInventory,
} from '../../src-shared/inventory';
import type { AlationClient, CallOptions } from '../alation/client';
import {
  isBuiltInConfig,
  type Agent,
  type FeatureOverride,
  type LlmConfig,
  type LlmCredential,
  type LlmPreference,
} from '../alation/types';

/** A tenant as read, in the API's own shapes (a plan compares masked fields; the inventory shows views of them). */
export interface TenantSnapshot {
  credentials: LlmCredential[];
  configs: LlmConfig[];
  /** null: the tenant has no preference endpoint (404 or 405). */
  preference: LlmPreference | null;
  /** null: no feature-override endpoint. */
  overrides: FeatureOverride[] | null;
  /** null: no agent endpoint. */
  agents: InventoryAgent[] | null;
}

export interface ReadTenantOptions {
  signal?: AbortSignal;
  /** Every list page read, across the tenant's lists. */
  onPage?: (pagesRead: number) => void;
}

export async function readTenant(client: AlationClient, options: ReadTenantOptions = {}): Promise<TenantSnapshot> {
  let pages = 0;
  const calls: CallOptions = { ...(options.signal ? { signal: options.signal } : {}), onPage: () => options.onPage?.(++pages) };
  const [credentials, configs, preference, overrides, agents] = await Promise.all([
    client.listCredentials(calls),
    client.listLlmConfigs({}, calls),
    orNull(client.getLlmPreference(calls)),
    orNull(client.listFeatureOverrides(calls)),
    readAgents(client, calls),
  ]);
  return { credentials, configs, preference, overrides, agents };
}

/** The inventory's view of a snapshot: never a secret (a masked value only as the listing masks it). */
export function inventoryOf(snapshot: TenantSnapshot, tenantId: string, readAt: Date): TenantInventory {
  const preference = snapshot.preference;
  return {
    tenantId,
    readAt: readAt.toISOString(),
    credentials: snapshot.credentials.map(credentialView),
    configs: snapshot.configs.map(configView),
    preference: {
      defaultLlmConfigId: preference?.default_llm_config_id ?? null,
      defaultEmbeddingConfigId: preference?.default_embedding_config_id ?? null,
      hideDefaultModels: preference?.hide_default_models ?? false,
    },
    overrides: (snapshot.overrides ?? []).map((o) => ({
      featureType: o.feature_type,
      featureKey: o.feature_key,
      configId: o.llm_config_id,
    })),
    agents: snapshot.agents,
  };
}

/** Every agent of the tenant, or null when the tenant has no agent API (404 or 405). */
export async function readAgents(client: AlationClient, calls: CallOptions): Promise<InventoryAgent[] | null> {
  const agents = await orNull(client.listAgents(calls));
  return agents ? agents.map(agentView) : null;
}

export function agentView(a: Agent): InventoryAgent {
  return { id: a.id, name: a.name, configId: a.llm_config_id };
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
  return {
    id: c.id,
    name: c.name,
    credsType: c.creds_type,
    details,
    masked,
    createdAt: c.created_at ?? null,
    updatedAt: c.updated_at ?? null,
  };
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

/** An endpoint an older tenant lacks (404 or 405) reads as none; any other failure is thrown. */
async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'not_found' || error.code === 'unsupported')) return null;
    throw error;
  }
}
