// What the page asks of the inventory: deletions, defaults and overrides. Inputs are zod schemas
// of the contract; answers are plain types.
import { z } from 'zod';
import type { AppErrorShape } from './errors';
import { profileIdSchema } from './tenant-profile';

const objectId = z.string().trim().min(1).max(200);

export const deletionItemSchema = z.strictObject({
  tenantId: profileIdSchema,
  kind: z.enum(['config', 'credential']),
  id: objectId,
});
export type DeletionItem = z.infer<typeof deletionItemSchema>;

export const startDeletionInputSchema = z.strictObject({
  items: z.array(deletionItemSchema).min(1, 'choose something to delete').max(5000),
  /** Production tenants: the tenant's name as the user typed it, by tenant id. */
  confirmations: z.record(profileIdSchema, z.string().max(200)),
});

export interface DeletionOutcome extends DeletionItem {
  name: string;
  /** `gone`: it was not there any more, which is what was asked for. */
  status: 'deleted' | 'gone' | 'failed';
  error?: AppErrorShape;
}

export const preferenceChangeSchema = z
  .strictObject({
    tenantId: profileIdSchema,
    /** null: back to Alation's default. */
    defaultLlmConfigId: objectId.nullable().optional(),
    defaultEmbeddingConfigId: objectId.nullable().optional(),
    hideDefaultModels: z.boolean().optional(),
  })
  .refine((c) => c.defaultLlmConfigId !== undefined || c.defaultEmbeddingConfigId !== undefined || c.hideDefaultModels !== undefined, 'nothing to change');
export type PreferenceChange = z.infer<typeof preferenceChangeSchema>;

export const featureTypes = ['DEFAULT_AGENT', 'PRODUCT_AREA'] as const;

export const featureOverrideChangeSchema = z.strictObject({
  tenantId: profileIdSchema,
  featureType: z.enum(featureTypes),
  featureKey: z.string().trim().min(1, 'enter the feature key').max(200),
});
export type FeatureOverrideChange = z.infer<typeof featureOverrideChangeSchema>;

export const setFeatureOverrideInputSchema = featureOverrideChangeSchema.extend({ configId: objectId });
