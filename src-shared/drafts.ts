// Drafts: one provider setup written with no network, kept until it is planned and applied to
// tenants. Every process reads these shapes; the secrets of a draft never appear in them (main keeps
// them in the keychain, under the draft's own accounts), only whether each one is stored.
import { z } from 'zod';
import { providerIds, providerVariant, type ProviderId } from './providers/catalog';
import { credentialValuesSchema, isSecretField } from './providers/credential-schema';
import { extraConfigTypeFor, llmExtraConfigSchema } from './providers/extra-config';
import { configProviderFor } from './providers/catalog';

export const draftIdSchema = z.uuid('not a draft id');

export const draftModelSchema = z.strictObject({
  modelId: z.string().trim().min(1, 'enter a model ID').max(512),
  /** The config's display name; blank means the model ID. */
  name: z.string().trim().max(200),
  isEmbedding: z.boolean(),
  dimensions: z.number().int().min(1).max(65_536).nullable(),
  extraConfig: llmExtraConfigSchema.nullable(),
});
export type DraftModel = z.infer<typeof draftModelSchema>;

export const draftContentSchema = z.strictObject({
  /** What the admin calls this draft ("EU Bedrock rollout"); not sent to any tenant. */
  title: z.string().trim().min(1, 'give the draft a title').max(200),
  providerId: z.enum(providerIds),
  /** The provider form's non-secret values by request field name, the credential's name among them. */
  values: z.record(z.string().max(64), z.string().max(4096)),
  models: z.array(draftModelSchema).max(500),
  /** Model IDs (of `models`) to become the tenant's default LLM and default embedding. */
  defaults: z.strictObject({ llmModelId: z.string().max(512).nullable(), embeddingModelId: z.string().max(512).nullable() }),
  /** When the credential's secret stops working (an STS session token, an Azure client secret). */
  expiresAt: z.iso.datetime().nullable(),
  notes: z.string().max(4000),
});
export type DraftContent = z.infer<typeof draftContentSchema>;

export type DraftSecretState = 'stored' | 'missing';

/** A draft as the page sees it: the content, whether each secret is stored, and what is wrong with it. */
export interface DraftView extends DraftContent {
  id: string;
  createdAt: string;
  updatedAt: string;
  /** Goes up with every save: a plan made from an older revision is refused. */
  revision: number;
  secrets: Record<string, DraftSecretState>;
  problems: DraftProblem[];
}

export interface DraftProblem {
  /** `values.api_key`, `models.2.name`, `defaults.llmModelId`, or empty for the whole draft. */
  path: string;
  message: string;
  /** A secret not given yet: the draft can be saved, not applied. */
  missingSecret?: boolean;
}

export const saveDraftInputSchema = z.strictObject({
  /** Absent: a new draft. */
  id: draftIdSchema.optional(),
  /** The revision the page edited: a save over a newer one is refused, nothing is lost. */
  revision: z.number().int().min(0).optional(),
  content: draftContentSchema,
  /** New secret values by field key. Absent or blank keeps what is stored. */
  secrets: z.record(z.string().max(64), z.string().max(64 * 1024)),
  /** Secret fields to forget. */
  clearSecrets: z.array(z.string().max(64)).max(20),
});
export type SaveDraftInput = z.input<typeof saveDraftInputSchema>;

/** The values without any secret field: what may be stored in a file or exported. */
export function nonSecretValues(providerId: ProviderId, values: Record<string, string>): Record<string, string> {
  const fields = providerVariant(providerId).fields;
  const out: Record<string, string> = {};
  for (const f of fields) if (!isSecretField(f) && typeof values[f.key] === 'string') out[f.key] = values[f.key]!;
  return out;
}

/** The config's display name: the model ID when left blank. */
export const draftModelName = (m: Pick<DraftModel, 'modelId' | 'name'>) => m.name.trim() || m.modelId.trim();

/**
 * What is wrong with a draft, checked with no network: the provider's own schema (the catalog's),
 * missing secrets, models named twice, defaults that are not among the models or of the wrong
 * kind, extra config that does not fit the provider. An empty list means it can be planned.
 */
export function checkDraft(content: DraftContent, secrets: Record<string, DraftSecretState>): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const variant = providerVariant(content.providerId);
  // Stored secrets stand in as placeholders: their format was checked when they were saved.
  const values: Record<string, string> = { ...nonSecretValues(content.providerId, content.values) };
  for (const f of variant.fields) {
    if (!isSecretField(f)) continue;
    if (secrets[f.key] === 'stored')
      values[f.key] = f.kind === 'service-account-json' ? placeholderServiceAccount : 'stored-secret-placeholder';
    else if (f.required) problems.push({ path: `values.${f.key}`, message: `${f.label} is not given yet`, missingSecret: true });
  }
  const parsed = credentialValuesSchema(content.providerId).safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const field = variant.fields.find((f) => f.key === key);
      if (field && isSecretField(field) && secrets[key] !== 'stored') continue;
      problems.push({ path: `values.${key}`, message: issue.message });
    }
  }

  if (content.models.length === 0) problems.push({ path: 'models', message: 'Add at least one model' });
  const configProvider = configProviderFor(variant, values);
  const extraType = extraConfigTypeFor(configProvider);
  const names = new Map<string, number>();
  const ids = new Map<string, number>();
  content.models.forEach((m, i) => {
    // One config per model ID: the plan, the journal and the defaults all know a model by its ID.
    if (ids.has(m.modelId))
      problems.push({
        path: `models.${i}.modelId`,
        message:
          `${m.modelId} is model ${ids.get(m.modelId)! + 1} too: a draft makes ` +
          `one config per model ID (make a second draft for another setting)`,
      });
    else ids.set(m.modelId, i);
    const name = draftModelName(m).toLowerCase();
    if (names.has(name))
      problems.push({
        path: `models.${i}.name`,
        message: `“${draftModelName(m)}” is the display name of model ${names.get(name)! + 1} too`,
      });
    else names.set(name, i);
    if (m.extraConfig && m.extraConfig.extra_config_type !== extraType) {
      problems.push({
        path: `models.${i}.extraConfig`,
        message: extraType
          ? `${variant.label} configs take ${extraType}, not ${m.extraConfig.extra_config_type}`
          : `${variant.label} configs take no extra config`,
      });
    }
    if (m.isEmbedding && m.extraConfig)
      problems.push({ path: `models.${i}.extraConfig`, message: 'Embedding models take no extra config' });
  });
  const byId = (id: string | null) => (id === null ? undefined : content.models.find((m) => m.modelId === id));
  if (content.defaults.llmModelId !== null) {
    const m = byId(content.defaults.llmModelId);
    if (!m)
      problems.push({
        path: 'defaults.llmModelId',
        message: `The default LLM ${content.defaults.llmModelId} is not one of the draft’s models`,
      });
    else if (m.isEmbedding)
      problems.push({ path: 'defaults.llmModelId', message: `${m.modelId} is an embedding model: it cannot be the default LLM` });
  }
  if (content.defaults.embeddingModelId !== null) {
    const m = byId(content.defaults.embeddingModelId);
    if (!m)
      problems.push({
        path: 'defaults.embeddingModelId',
        message: `The default embedding ${content.defaults.embeddingModelId} is not one of the draft’s models`,
      });
    else if (!m.isEmbedding)
      problems.push({
        path: 'defaults.embeddingModelId',
        message: `${m.modelId} is not an embedding model: it cannot be the default embedding`,
      });
  }
  return problems;
}

const placeholderServiceAccount = JSON.stringify({
  type: 'service_account',
  project_id: 'placeholder',
  private_key: 'placeholder',
  client_email: 'placeholder@placeholder.iam.gserviceaccount.com',
  token_uri: 'https://oauth2.googleapis.com/token',
});

// ------------------------------------------------------------------------------ export / import

/** The file a draft is exported as: versioned, schema-checked, never a secret. */
export const draftFileFormat = 'byom-desk-draft';
export const draftFileVersion = 1;

export const draftFileSchema = z.strictObject({
  format: z.literal(draftFileFormat, `not a BYOM Desk draft file (its "format" must be "${draftFileFormat}")`),
  version: z.number().int().min(1),
  exportedAt: z.iso.datetime(),
  draft: draftContentSchema,
});
export type DraftFile = z.infer<typeof draftFileSchema>;

export function draftFileOf(content: DraftContent, exportedAt: string): DraftFile {
  return {
    format: draftFileFormat,
    version: draftFileVersion,
    exportedAt,
    draft: { ...content, values: nonSecretValues(content.providerId, content.values) },
  };
}

export const importDraftInputSchema = z.strictObject({
  /** The file's text, as read by the page. */
  text: z.string().max(2 * 1024 * 1024, 'the file is larger than 2 MB: it is not a draft'),
  /** Secrets to store with it now; any left out are marked missing. */
  secrets: z.record(z.string().max(64), z.string().max(64 * 1024)),
});

export const makeDraftInputSchema = z.strictObject({
  tenantId: z.uuid(),
  credentialId: z.string().min(1).max(200),
});
