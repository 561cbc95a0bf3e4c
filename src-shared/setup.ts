// The provider setup flow as the renderer sees it. Secrets go in with `startProviderSetup` and stay in
// main: a retry sends blank secret fields to mean "the ones I already gave in this run" (for the
// same provider: a change of provider drops them, except the guide's OpenAI tip, asked for by name).
import { z } from 'zod';
import type { Advice } from './providers/advice';
import { providerIds } from './providers/catalog';
import { llmExtraConfigSchema } from './providers/extra-config';
import { profileIdSchema } from './tenant-profile';

export const setupRunIdSchema = z.uuid('not a setup run id');

export const startProviderSetupInputSchema = z.strictObject({
  tenantId: profileIdSchema,
  providerId: z.enum(providerIds),
  /** Field values by request field name; checked against the provider's schema in main. */
  values: z.record(z.string(), z.string().max(64 * 1024)),
  /** Continue a run: blank secret fields reuse what that run was given, for the same provider only. */
  runId: setupRunIdSchema.optional(),
  /**
   * The guide's tip after an OpenAI failure, asked for by its one click: the run's OpenAI key goes on
   * to OpenAI-compatible with `https://api.openai.com/v1`. Any other change of provider drops the
   * secrets the run holds.
   */
  carryOpenAiKey: z.literal(true).optional(),
  /** Keep a credential that failed validation on the tenant (it is deleted otherwise). */
  keepFailedCredential: z.boolean().optional(),
});
export type StartProviderSetupInput = z.input<typeof startProviderSetupInputSchema>;

export interface ModelEntry {
  id: string;
  /** A guess from the id; the user can change it. */
  embedding: boolean;
  dimensions?: number;
}

export interface SetupFailure {
  message: string;
  advice: Advice | null;
  /** OpenAI only: the guide's tip, as one click. */
  offerOpenAiCompatible: boolean;
  /** Where it failed: creating the credential or validating it. */
  stage: 'create' | 'validate';
  /**
   * `refused`: the tenant (or the provider behind it) answered no. `unreachable`: the request did
   * not get through (network, timeout, TLS). `tenant-error`: the tenant failed to answer properly.
   */
  cause: 'refused' | 'unreachable' | 'tenant-error';
}

export interface SetupAttemptOutcome {
  runId: string;
  status: 'valid' | 'listing-unsupported' | 'invalid';
  /** The credential on the tenant, or null when none is left there. */
  credentialId: string | null;
  credentialName: string;
  /** True when a failed credential was kept on the tenant at the user's request. */
  keptFailedCredential: boolean;
  models: ModelEntry[];
  /** The `provider` value its configs get: `bedrock_<region>` for Bedrock. */
  configProvider: string;
  failure?: SetupFailure;
}

export const validateSetupModelInputSchema = z.strictObject({
  runId: setupRunIdSchema,
  modelName: z.string().trim().min(1, 'enter a model ID').max(512),
  isEmbedding: z.boolean(),
});

export interface ModelCheck {
  modelName: string;
  valid: boolean | null;
  message: string | null;
  advice: Advice | null;
}

export const createSetupConfigInputSchema = z.strictObject({
  runId: setupRunIdSchema,
  modelName: z.string().trim().min(1).max(512),
  /** Blank: the model id. */
  name: z.string().trim().max(200),
  isEmbedding: z.boolean(),
  embeddingDimensions: z.number().int().min(1).max(65_536).optional(),
  /** Sent as `llm_extra_config`; the tenant refuses a type that does not fit the run's provider (400). */
  extraConfig: llmExtraConfigSchema.nullable().optional(),
});
export type CreateSetupConfigInput = z.input<typeof createSetupConfigInputSchema>;

export interface CreatedConfig {
  id: string;
  name: string;
  modelName: string;
  provider: string;
}

/** What cancelling with delete would remove now: the page names it in the cancel dialog. */
export interface CancelPreview {
  configs: string[];
  credentials: string[];
  /** A credential whose create lost its answer: it is looked for and deleted too. */
  unconfirmed: string | null;
  /** Configs still being created: they are waited for, and deleted too. */
  creating: number;
}

export const cancelProviderSetupInputSchema = z.strictObject({ runId: setupRunIdSchema, deleteCreated: z.boolean() });

export interface TenantConfigSummary {
  id: string;
  name: string;
  provider: string;
  modelName: string | null;
  isEmbedding: boolean;
  /** System-provided: a name it shares is a warning (agents list both), not a clash. */
  builtIn: boolean;
}
