// What the page asks of the inventory: deletions, defaults and overrides. Inputs are zod schemas
// of the contract; answers are plain types.
import { z } from 'zod';
import type { InventoryConfig, TenantInventory } from './inventory';
import { profileIdSchema } from './tenant-profile';

const objectId = z.string().trim().min(1).max(200);

export const deletionItemSchema = z.strictObject({
  tenantId: profileIdSchema,
  kind: z.enum(['config', 'credential']),
  id: objectId,
});
export type DeletionItem = z.infer<typeof deletionItemSchema>;

/**
 * What becomes of the agents of one config being deleted: moved to another config of the same
 * tenant and kind (`moveTo`), or left on the deleted config, where they stop working (`null`).
 * Every config with agents needs one; the agents are those the tenant lists when the job runs.
 */
export const agentDecisionSchema = z.strictObject({
  tenantId: profileIdSchema,
  configId: objectId,
  moveTo: objectId.nullable(),
});
export type AgentDecision = z.infer<typeof agentDecisionSchema>;

export const startDeletionInputSchema = z.strictObject({
  items: z.array(deletionItemSchema).min(1, 'choose something to delete').max(5000),
  /** Production tenants: the tenant's name as the user typed it, by tenant id. */
  confirmations: z.record(profileIdSchema, z.string().max(200)),
  agents: z.array(agentDecisionSchema).max(5000).optional(),
});
export type StartDeletionInput = z.input<typeof startDeletionInputSchema>;

/**
 * The configs the agents of `configId` may be moved to: the same tenant's, of the same kind
 * (completion or embedding), not among those being deleted; a built-in one only while the tenant
 * shows built-ins to agents (`hide_default_models` off). Its own configs first, then by name.
 */
export function agentMoveTargets(
  inventory: Pick<TenantInventory, 'configs' | 'preference'>,
  configId: string,
  deleting: ReadonlySet<string>,
): InventoryConfig[] {
  const config = inventory.configs.find((c) => c.id === configId);
  if (!config) return [];
  const shownToAgents = (c: InventoryConfig) => !(c.builtIn && inventory.preference.hideDefaultModels);
  return inventory.configs
    .filter((c) => c.id !== configId && !deleting.has(c.id) && c.isEmbedding === config.isEmbedding && shownToAgents(c))
    .sort((a, b) => Number(a.builtIn) - Number(b.builtIn) || a.name.localeCompare(b.name));
}

/**
 * How one item of a deletion ended: its word in the report's `targets` (the report every operation
 * makes). `gone`: it was not there any more, which is what was asked for.
 */
export const deletionOutcomes = ['deleted', 'gone', 'failed'] as const;
export type DeletionOutcomeWord = (typeof deletionOutcomes)[number];

export const preferenceChangeSchema = z
  .strictObject({
    tenantId: profileIdSchema,
    /** null: back to Alation's default. */
    defaultLlmConfigId: objectId.nullable().optional(),
    defaultEmbeddingConfigId: objectId.nullable().optional(),
    hideDefaultModels: z.boolean().optional(),
  })
  .refine(
    (c) => c.defaultLlmConfigId !== undefined || c.defaultEmbeddingConfigId !== undefined || c.hideDefaultModels !== undefined,
    'nothing to change',
  );
export type PreferenceChange = z.infer<typeof preferenceChangeSchema>;

export const featureTypes = ['DEFAULT_AGENT', 'PRODUCT_AREA'] as const;

export const featureOverrideChangeSchema = z.strictObject({
  tenantId: profileIdSchema,
  featureType: z.enum(featureTypes),
  featureKey: z.string().trim().min(1, 'enter the feature key').max(200),
});
export type FeatureOverrideChange = z.infer<typeof featureOverrideChangeSchema>;

export const setFeatureOverrideInputSchema = featureOverrideChangeSchema.extend({ configId: objectId });
