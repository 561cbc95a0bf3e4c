// What BYOM Desk knows of each tenant's credentials, configs, defaults and overrides: read by an
// inventory job, kept on disk for offline use, shown side by side. One schema per shape: the cache
// file and the events are checked with these.
import { z } from 'zod';
import { appErrorShapeSchema } from './jobs';
import { profileIdSchema } from './tenant-profile';

/** The non-secret fields of a credential that say what it is (the catalog's non-secret fields). */
export const credentialDetailKeys = [
  'base_url',
  'aws_access_key_id',
  'aws_region',
  'azure_endpoint',
  'api_version',
  'azure_client_id',
  'azure_token_url',
  'gcp_project',
  'gcp_location',
] as const;
export type CredentialDetailKey = (typeof credentialDetailKeys)[number];

export const inventoryCredentialSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  credsType: z.string(),
  details: z.partialRecord(z.enum(credentialDetailKeys), z.string()),
  /**
   * What a listing shows of a secret field: its last characters behind asterisks (`****abcd`).
   * Shown as a hint, used to recognize a key on another tenant; never a secret, never sent back.
   */
  masked: z.record(z.string(), z.string()),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type InventoryCredential = z.infer<typeof inventoryCredentialSchema>;

export const inventoryConfigSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  provider: z.string(),
  modelName: z.string().nullable(),
  credentialId: z.string().nullable(),
  isEmbedding: z.boolean(),
  dimensions: z.number().nullable(),
  /** System-provided and read-only: never BYOM, never offered for deletion. */
  builtIn: z.boolean(),
  extraConfig: z.record(z.string(), z.unknown()).nullable(),
});
export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;

/**
 * An agent, as far as BYOM Desk needs it: which LLM config it names, by id (null: none). Its
 * prompt, tools and MCP servers are never read into the inventory.
 */
export const inventoryAgentSchema = z.object({ id: z.string().min(1), name: z.string(), configId: z.string().nullable() });
export type InventoryAgent = z.infer<typeof inventoryAgentSchema>;

export const featureOverrideViewSchema = z.object({ featureType: z.string(), featureKey: z.string(), configId: z.string() });
export type FeatureOverrideView = z.infer<typeof featureOverrideViewSchema>;

export const tenantPreferenceSchema = z.object({
  defaultLlmConfigId: z.string().nullable(),
  defaultEmbeddingConfigId: z.string().nullable(),
  hideDefaultModels: z.boolean(),
});
export type TenantPreference = z.infer<typeof tenantPreferenceSchema>;

export const tenantInventorySchema = z.object({
  tenantId: profileIdSchema,
  readAt: z.iso.datetime(),
  credentials: z.array(inventoryCredentialSchema),
  configs: z.array(inventoryConfigSchema),
  preference: tenantPreferenceSchema,
  overrides: z.array(featureOverrideViewSchema),
  /**
   * The tenant's agents. null: the tenant has no agent API (it answered 404 or 405), so which
   * agents use a config is not known; absent: read before BYOM Desk read agents (a cache file).
   */
  agents: z.array(inventoryAgentSchema).nullable().optional(),
});
export type TenantInventory = z.infer<typeof tenantInventorySchema>;

export const sweepStatuses = ['ok', 'rejected', 'forbidden', 'unlisted', 'error'] as const;
export type SweepStatus = (typeof sweepStatuses)[number];

export const credentialHealthSchema = z.object({
  credentialId: z.string(),
  status: z.enum(sweepStatuses),
  /** The `provider` it was validated with. */
  provider: z.string(),
  /** True when no config said which provider an API key is for, and this one was assumed. */
  providerAssumed: z.boolean(),
  modelCount: z.number().int().min(0).nullable(),
  /** Models its configs use that the provider no longer lists (only when it listed). */
  missingModels: z.array(z.string()),
  /** The models the provider listed (the first 2,000): suggestions for drafts, offline. */
  listedModels: z.array(z.string()).max(2000).default([]),
  message: z.string().nullable(),
  advice: z.object({ cause: z.string(), solution: z.string() }).nullable(),
});
export type CredentialHealth = z.infer<typeof credentialHealthSchema>;

export const tenantSweepSchema = z.object({
  tenantId: profileIdSchema,
  sweptAt: z.iso.datetime(),
  credentials: z.array(credentialHealthSchema),
});
export type TenantSweep = z.infer<typeof tenantSweepSchema>;

/**
 * One tenant in the inventory: its last good read (kept, and shown, when a refresh fails or the
 * app starts offline) and what is happening now.
 */
export const tenantInventoryStateSchema = z.object({
  tenantId: profileIdSchema,
  status: z.enum(['never', 'loading', 'ok', 'error']),
  /** While loading: the list pages read so far. */
  pagesRead: z.number().int().min(0).optional(),
  /** The data shown is not from a refresh made now: it was read at `inventory.readAt`. */
  stale: z.boolean(),
  error: appErrorShapeSchema.optional(),
  inventory: tenantInventorySchema.optional(),
  sweep: tenantSweepSchema.optional(),
});
export type TenantInventoryState = z.infer<typeof tenantInventoryStateSchema>;

/** The event: a tenant's state changed (without the data, which `getInventory` answers). */
export const inventoryChangedSchema = z.object({
  tenantId: profileIdSchema,
  status: tenantInventoryStateSchema.shape.status,
  pagesRead: z.number().int().min(0).optional(),
  readAt: z.iso.datetime().optional(),
  sweptAt: z.iso.datetime().optional(),
});
export type InventoryChanged = z.infer<typeof inventoryChangedSchema>;

/** A listing's masked secret, `****abcd` or `...abcd`: a hint, never a secret. */
export function isMaskedValue(value: unknown): value is string {
  return typeof value === 'string' && /^(\*{2,}|\.{3}|•{2,})[^*•]{0,6}$/.test(value);
}

/** The visible end of a masked value (`****abcd` → `abcd`). */
export const maskedTail = (masked: string) => masked.replace(/^(\*+|\.{3}|•+)/, '');

/**
 * A listing's masked value could be this value: its visible end is the value's end. Either may be
 * the shorter (a tail kept from an earlier send, a mask that shows fewer characters).
 */
export function maskedValueMatches(masked: string, value: string): boolean {
  const visible = maskedTail(masked);
  return visible === '' || value.endsWith(visible) || visible.endsWith(value);
}

/** The agents that name this config; undefined when the tenant's agents are not known. */
export function agentsOnConfig(inventory: Pick<TenantInventory, 'agents'>, configId: string): InventoryAgent[] | undefined {
  return inventory.agents ? inventory.agents.filter((a) => a.configId === configId) : undefined;
}
