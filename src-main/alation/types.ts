// Shapes of the Alation AI API. Answers are parsed loosely: a tenant may add fields, and only what
// the app relies on is required. Request bodies are checked before they leave.
import { z } from 'zod';
import { llmExtraConfigSchema } from '../../src-shared/providers/extra-config';
import type { CredsType } from '../../src-shared/providers/catalog';

const optText = z.string().nullish();
/** A flag that may be missing or null on some tenants; false then. */
const flag = z
  .boolean()
  .nullish()
  .transform((v) => v ?? false);
const nullableId = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

// ------------------------------------------------------------------------------- credentials

export const llmCredentialSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  creds_type: z.string(),
  base_url: optText,
  aws_region: optText,
  azure_endpoint: optText,
  api_version: optText,
  azure_client_id: optText,
  azure_token_url: optText,
  gcp_project: optText,
  gcp_location: optText,
  created_at: optText,
  updated_at: optText,
});
export type LlmCredential = z.output<typeof llmCredentialSchema>;

/** The provider catalog builds the rest (api_key, aws_*, azure_*, gcp_*...) per provider. */
export const createCredentialBodySchema = z.looseObject({
  name: z.string().trim().min(1),
  creds_type: z.string().min(1),
});
export type CreateCredentialBody = { name: string; creds_type: CredsType | (string & {}); [field: string]: unknown };

export const validateRequestSchema = z.object({
  provider: z.string().min(1),
  model_name: z.string().min(1).optional(),
  is_embedding: z.boolean().optional(),
});
export type ValidateRequest = z.input<typeof validateRequestSchema>;

/** A model id, also when a tenant lists models as objects. */
const modelId = z.union([
  z.string(),
  z.looseObject({ id: z.string() }).transform((m) => m.id),
  z.looseObject({ name: z.string() }).transform((m) => m.name),
]);

export const validationResultSchema = z.looseObject({
  valid: z.boolean().nullable(),
  models: z
    .array(modelId)
    .nullish()
    .transform((v) => v ?? []),
  error: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
});
export interface ValidationResult {
  /** null: the provider cannot list models; validate a specific model_name instead. */
  valid: boolean | null;
  models: string[];
  error: string | null;
  /** The provider's HTTP status (401, 403) when the tenant passed the provider's refusal through. */
  providerStatus?: number;
}

// ------------------------------------------------------------------------------- LLM configs

export const llmConfigSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  provider: z.string(),
  llm_credentials_id: optText,
  model_name: optText,
  is_embedding: flag,
  embedding_dimensions: z.number().nullish(),
  is_default: flag,
  /** Not documented: a tenant may mark its system-provided configs; see `isBuiltInConfig`. */
  is_builtin: z.boolean().nullish(),
  is_system: z.boolean().nullish(),
  created_at: optText,
  updated_at: optText,
});
export type LlmConfig = z.output<typeof llmConfigSchema>;

/**
 * The one rule for a built-in (system-provided, read-only) config: marked so, or tied to no
 * credential of the tenant's. Built-ins are never BYOM, never offered for deletion.
 */
export function isBuiltInConfig(config: Pick<LlmConfig, 'llm_credentials_id' | 'is_builtin' | 'is_system'>): boolean {
  return config.is_builtin === true || config.is_system === true || !config.llm_credentials_id;
}

export const createLlmConfigBodySchema = z.object({
  name: z.string().trim().min(1),
  /** `openai`, `anthropic`, `azure_openai`, `google`, or `bedrock_<region>` (not plain `bedrock`). */
  provider: z.string().min(1),
  llm_credentials_id: z.string().min(1),
  model_name: z.string().min(1),
  is_embedding: z.boolean().optional(),
  embedding_dimensions: z.number().int().positive().nullable().optional(),
  /** Per-config tuning (`openai_config`, `bedrock_config`): see src-shared/providers/extra-config.ts. */
  llm_extra_config: llmExtraConfigSchema.nullable().optional(),
});
export type CreateLlmConfigBody = z.input<typeof createLlmConfigBodySchema>;

export interface LlmConfigFilter {
  llmCredentialsId?: string;
  isEmbedding?: boolean;
}

// ------------------------------------------------------------------------------- preference

export const llmPreferenceSchema = z.looseObject({
  default_llm_config_id: nullableId,
  default_embedding_config_id: nullableId,
  hide_default_models: flag,
});
export type LlmPreference = z.output<typeof llmPreferenceSchema>;

/** Fields left out stay as they are; null resets a default. Changing the embedding default drops search indexes. */
export const llmPreferenceUpdateSchema = z.object({
  default_llm_config_id: z.string().min(1).nullable().optional(),
  default_embedding_config_id: z.string().min(1).nullable().optional(),
  hide_default_models: z.boolean().optional(),
});
export type LlmPreferenceUpdate = z.input<typeof llmPreferenceUpdateSchema>;

// ------------------------------------------------------------------------------- feature overrides

export const FEATURE_TYPES = ['DEFAULT_AGENT', 'PRODUCT_AREA'] as const;
export type FeatureType = (typeof FEATURE_TYPES)[number];

export const featureOverrideSchema = z.looseObject({
  feature_type: z.string(),
  feature_key: z.string(),
  llm_config_id: z.string(),
  updated_at: optText,
});
export type FeatureOverride = z.output<typeof featureOverrideSchema>;

export const featureOverrideInputSchema = z.object({
  feature_type: z.enum(FEATURE_TYPES),
  feature_key: z.string().min(1),
  llm_config_id: z.string().min(1),
});
export type FeatureOverrideInput = z.input<typeof featureOverrideInputSchema>;

// ------------------------------------------------------------------------------- agents

/**
 * An agent config (`GET /ai/api/v1/config/agent`, Alation's CLI `cli/clients/config.py`). An agent
 * names its LLM config by id; tolerant of every other field, and of ids given as numbers.
 */
export const agentSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  name: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  description: optText,
  llm_config_id: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v == null || v === '' ? null : String(v))),
  tool_config_ids: z.array(z.union([z.string(), z.number()]).transform(String)).nullish(),
  mcp_server_config_ids: z.array(z.union([z.string(), z.number()]).transform(String)).nullish(),
  created_at: optText,
  updated_at: optText,
});
export type Agent = z.output<typeof agentSchema>;

/** The one change BYOM Desk makes to an agent: which LLM config it uses. */
export const agentLlmUpdateSchema = z.strictObject({ llm_config_id: z.string().min(1) });
export type AgentLlmUpdate = z.input<typeof agentLlmUpdateSchema>;

// ------------------------------------------------------------------------------- tokens

export const oauthTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().nullish(),
  expires_in: z.coerce.number().positive().nullish(),
  /** A refresh_token grant may rotate it: the new one replaces the old. */
  refresh_token: z.string().nullish(),
});

export const apiAccessTokenSchema = z.looseObject({
  api_access_token: z.string().min(1),
  user_id: z.union([z.number(), z.string()]).nullish(),
  created_at: optText,
  token_expires_at: optText,
  token_status: optText,
});
