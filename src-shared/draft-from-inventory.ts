// From what a tenant has to a draft: which catalog variant a listed credential is, a draft made
// from a credential and its configs ("Make a draft from this"), and the model IDs to suggest while
// a draft is written offline (the last inventory, the sweep's model lists, the known catalogs).
// A tenant never returns a secret, so a draft made here has every secret missing.
import type { DraftContent, DraftModel } from './drafts';
import type { InventoryConfig, InventoryCredential, TenantInventory, TenantInventoryState } from './inventory';
import { normalizeConfigProvider, providerVariant, type ProviderId } from './providers/catalog';
import { isSecretField } from './providers/credential-schema';
import { extraConfigTypeFor, llmExtraConfigSchema } from './providers/extra-config';
import { knownModels } from './providers/known-models';
import { looksLikeEmbeddingModel } from './providers/embeddings';

/** The catalog variant of a credential as a tenant lists it (its type, details and configs' providers). */
export function variantOfCredential(
  credential: Pick<InventoryCredential, 'credsType' | 'details' | 'name'>,
  configProviders: readonly string[],
): ProviderId {
  const type = credential.credsType.toUpperCase();
  if (type === 'AWS') return 'bedrock';
  if (type === 'AZURE') return credential.details.azure_client_id ? 'azure_service_principal' : 'azure_api_key';
  if (type === 'GCP') return credential.details.gcp_project ? 'vertex' : 'gemini';
  if (credential.details.base_url) return 'openai_compatible';
  const families = configProviders.map(normalizeConfigProvider);
  if (families.includes('anthropic')) return 'anthropic';
  if (families.length === 0 && /anthropic|claude/i.test(credential.name)) return 'anthropic';
  return 'openai';
}

/** A draft of the credential and its configs, as they are on the tenant; the secrets are left to fill in. */
export function draftFromCredential(inventory: TenantInventory, credentialId: string, tenantName: string): DraftContent {
  const credential = inventory.credentials.find((c) => c.id === credentialId);
  if (!credential) throw new Error(`no credential ${credentialId}`);
  const configs = inventory.configs.filter((c) => c.credentialId === credentialId && !c.builtIn);
  const providerId = variantOfCredential(
    credential,
    configs.map((c) => c.provider),
  );
  const variant = providerVariant(providerId);
  const values: Record<string, string> = { name: credential.name };
  for (const f of variant.fields) {
    const detail = credential.details[f.key as keyof InventoryCredential['details']];
    if (!isSecretField(f) && typeof detail === 'string') values[f.key] = detail;
  }
  const models: DraftModel[] = configs
    .filter((c): c is InventoryConfig & { modelName: string } => c.modelName !== null)
    .map((c) => ({
      modelId: c.modelName,
      name: c.name === c.modelName ? '' : c.name,
      isEmbedding: c.isEmbedding,
      dimensions: c.isEmbedding && c.dimensions ? c.dimensions : null,
      extraConfig: extraConfigOf(c),
    }));
  const modelOf = (configId: string | null) => configs.find((c) => c.id === configId)?.modelName ?? null;
  return {
    title: `${credential.name} from ${tenantName}`,
    providerId,
    values,
    models,
    defaults: {
      llmModelId: modelOf(inventory.preference.defaultLlmConfigId),
      embeddingModelId: modelOf(inventory.preference.defaultEmbeddingConfigId),
    },
    expiresAt: null,
    notes:
      `Made from “${credential.name}” on ${tenantName}, as read ${inventory.readAt}. ` +
      `Its secrets are not returned by the tenant: enter them before applying.`,
  };
}

function extraConfigOf(c: InventoryConfig): DraftModel['extraConfig'] {
  const parsed = llmExtraConfigSchema.safeParse(c.extraConfig);
  if (!parsed.success) return null;
  // Only an extra config that fits the config's provider is carried over.
  return parsed.data.extra_config_type === extraConfigTypeFor(c.provider) ? parsed.data : null;
}

export interface ModelSuggestion {
  modelId: string;
  /** Where it was seen: a tenant's config, a sweep's listing, or the known catalog. */
  source: 'inventory' | 'sweep' | 'catalog';
  isEmbedding: boolean;
}

/** Model IDs for a draft of this provider: what tenants run, what their providers listed, what is known. */
export function modelSuggestions(providerId: ProviderId, states: readonly TenantInventoryState[]): ModelSuggestion[] {
  const seen = new Map<string, ModelSuggestion>();
  const add = (modelId: string, source: ModelSuggestion['source'], isEmbedding = looksLikeEmbeddingModel(modelId)) => {
    if (!seen.has(modelId)) seen.set(modelId, { modelId, source, isEmbedding });
  };
  for (const state of states) {
    const inv = state.inventory;
    if (!inv) continue;
    for (const credential of inv.credentials) {
      const configs = inv.configs.filter((c) => c.credentialId === credential.id);
      if (
        variantOfCredential(
          credential,
          configs.map((c) => c.provider),
        ) !== providerId
      )
        continue;
      for (const c of configs) if (c.modelName) add(c.modelName, 'inventory', c.isEmbedding);
      const health = state.sweep?.credentials.find((h) => h.credentialId === credential.id);
      for (const m of health?.listedModels ?? []) add(m, 'sweep');
    }
  }
  for (const m of knownModels[providerId]) add(m, 'catalog');
  return [...seen.values()];
}
