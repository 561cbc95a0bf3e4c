// What applying a draft would do to one tenant, from the tenant's state as read: pure, so the
// matching rules are tested without a network. A credential "exists and matches" when the tenant
// has one of the same name, type and non-secret fields; a config when it has one of the same name
// and model on that credential. The same name with other settings is a conflict: the plan says
// so and nothing is written to that tenant.
import { createHash } from 'node:crypto';
import type { PlannedAgents, PlannedConfig, PlannedCredential, PlannedDefault, TenantPlan } from '../../src-shared/apply';
import { credentialDetailKeys, isMaskedValue, maskedValueMatches, type InventoryAgent } from '../../src-shared/inventory';
import { draftModelName, nonSecretValues, type DraftContent } from '../../src-shared/drafts';
import { configProviderFor, normalizeConfigProvider, providerVariant } from '../../src-shared/providers/catalog';
import { isSecretField } from '../../src-shared/providers/credential-schema';
import { describeExtraConfig, sameExtraConfig } from '../../src-shared/providers/extra-config';
import { isBuiltInConfig, type LlmCredential } from '../alation/types';
import type { TenantSnapshot } from '../tenant-ops/read-tenant';

/** What a plan reads of a tenant (the one reader's snapshot); agents are shown with it, never part of its digest. */
export type TenantState = Pick<TenantSnapshot, 'credentials' | 'configs' | 'preference'> & { agents?: InventoryAgent[] | null };

// A listed field as text: null and absent are empty; a number or object as the listing gives it.
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v == null ? '' : JSON.stringify(v));
/** A value in a difference the plan shows: "none" where it is empty. */
const orNone = (v: string) => v || 'none';

/**
 * A digest of what a plan depends on: every credential (name, type, non-secret and masked fields),
 * every config (name, model, credential, provider, kind, extra config) and the preference. Any
 * change to them behind the app's back changes it. Order does not matter.
 */
export function stateFingerprint(state: TenantState): string {
  // Only what a plan reads: a field a tenant updates on its own (last used...) must not make every plan stale.
  const credentials = state.credentials.map((c) => {
    const fields = c as Record<string, unknown>;
    const masked = Object.entries(fields)
      .filter(([, v]) => isMaskedValue(v))
      .sort(([a], [b]) => a.localeCompare(b));
    return [c.id, c.name, c.creds_type, ...credentialDetailKeys.map((k) => fields[k] ?? null), masked];
  });
  const configs = state.configs.map((c) => [
    c.id,
    c.name,
    c.model_name ?? null,
    c.llm_credentials_id ?? null,
    c.provider,
    Boolean(c.is_embedding),
    c.embedding_dimensions ?? null,
    c.llm_extra_config ?? null,
  ]);
  const preference = [
    state.preference?.default_llm_config_id ?? null,
    state.preference?.default_embedding_config_id ?? null,
    Boolean(state.preference?.hide_default_models),
  ];
  const canonical = JSON.stringify({
    credentials: credentials.map((c) => JSON.stringify(c)).sort(),
    configs: configs.map((c) => JSON.stringify(c)).sort(),
    preference,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** The non-secret fields a credential of the draft's provider is recognized by, with their labels. */
function identityOf(draft: DraftContent): { key: string; label: string; value: string }[] {
  const values = nonSecretValues(draft.providerId, draft.values);
  const nonSecret = providerVariant(draft.providerId).fields.filter((f) => !isSecretField(f));
  // Stryker disable next-line MethodExpression,ConditionalExpression,StringLiteral: a compared credential's name is the draft's already
  const identity = nonSecret.filter((f) => f.key !== 'name');
  // Stryker disable next-line StringLiteral: only a checked draft is planned, and it has every non-secret field (all are required)
  return identity.map((f) => ({ key: f.key, label: f.label, value: (values[f.key] ?? '').trim() }));
}

export function planCredential(draft: DraftContent, credentials: readonly LlmCredential[]): PlannedCredential {
  // Stryker disable next-line StringLiteral: only a checked draft is planned, and a checked draft has a name
  const name = (draft.values.name ?? '').trim();
  const variant = providerVariant(draft.providerId);
  const sameName = credentials.filter((c) => c.name.trim() === name);
  const knownIds = sameName.map((c) => c.id);
  // Stryker disable next-line ArrayDeclaration: only a conflict's differences are shown (the plan screen, the apply's refusal)
  if (sameName.length === 0) return { action: 'create', name, existingId: null, knownIds, differences: [] };
  const differencesOf = (c: LlmCredential) => {
    const fields = c as Record<string, unknown>;
    const out: string[] = [];
    if (text(fields.creds_type).toUpperCase() !== variant.credsType)
      out.push(`Type: ${orNone(text(fields.creds_type))} on the tenant, ${variant.credsType} in the draft`);
    for (const f of identityOf(draft)) {
      const onTenant = text(fields[f.key]);
      // A listing may mask a non-secret field too (the AWS access key ID): its visible end must fit.
      if (isMaskedValue(onTenant) && f.value && maskedValueMatches(onTenant, f.value)) continue;
      if (onTenant !== f.value) out.push(`${f.label}: ${orNone(onTenant)} on the tenant, ${orNone(f.value)} in the draft`);
    }
    return out;
  };
  const match = sameName.find((c) => differencesOf(c).length === 0);
  if (match) return { action: 'exists', name, existingId: match.id, knownIds, differences: [] };
  return { action: 'conflict', name, existingId: sameName[0]!.id, knownIds, differences: differencesOf(sameName[0]!) };
}

export function planTenant(draft: DraftContent, state: TenantState, meta: { tenantId: string; readAt: string }): TenantPlan {
  const variant = providerVariant(draft.providerId);
  const configProvider = configProviderFor(variant, draft.values);
  const credential = planCredential(draft, state.credentials);
  const warnings: string[] = [];
  const credentialName = (id: string | null | undefined) => state.credentials.find((c) => c.id === id)?.name ?? 'another credential';

  const configs: PlannedConfig[] = draft.models.map((m) => {
    const name = draftModelName(m);
    const base = { modelId: m.modelId, name, isEmbedding: m.isEmbedding, extraConfig: describeExtraConfig(m.extraConfig) };
    const named = state.configs.filter((c) => c.name.trim().toLowerCase() === name.toLowerCase());
    const own = named.filter((c) => !isBuiltInConfig(c));
    const builtInTwin = named.some((c) => isBuiltInConfig(c));
    const warning = builtInTwin ? `A built-in config is also named “${name}”: agents will list both.` : null;
    if (own.length === 0) return { ...base, action: 'create', existingId: null, message: warning };
    const twin =
      credential.existingId && credential.action === 'exists'
        ? own.find(
            (c) =>
              c.llm_credentials_id === credential.existingId && c.model_name === m.modelId && Boolean(c.is_embedding) === m.isEmbedding,
          )
        : undefined;
    if (twin) {
      const sameProvider = normalizeConfigProvider(twin.provider) === normalizeConfigProvider(configProvider);
      if (!sameProvider)
        return {
          ...base,
          action: 'conflict',
          existingId: twin.id,
          message: `“${name}” on the tenant runs on provider ${twin.provider}, the draft on ${configProvider}`,
        };
      if (!sameExtraConfig(twin.llm_extra_config ?? null, m.extraConfig)) {
        const onTenant = orNone(describeExtraConfig(twin.llm_extra_config));
        return {
          ...base,
          action: 'update',
          existingId: twin.id,
          message: `Its extra config changes from “${onTenant}” to “${orNone(base.extraConfig)}”`,
        };
      }
      return { ...base, action: 'exists', existingId: twin.id, message: null };
    }
    const other = own[0]!;
    const what =
      other.model_name === m.modelId
        ? `on ${credentialName(other.llm_credentials_id)}`
        : `for model ${other.model_name ?? 'unknown'} on ${credentialName(other.llm_credentials_id)}`;
    return { ...base, action: 'conflict', existingId: other.id, message: `The name “${name}” is taken by a config ${what}` };
  });

  const defaults: PlannedDefault[] = [];
  const current = (id: string | null | undefined) => {
    if (!id) return null;
    const c = state.configs.find((x) => x.id === id);
    return { id, name: c?.name ?? id };
  };
  for (const [kind, modelId, currentId] of [
    ['llm', draft.defaults.llmModelId, state.preference?.default_llm_config_id],
    ['embedding', draft.defaults.embeddingModelId, state.preference?.default_embedding_config_id],
  ] as const) {
    if (!modelId) continue;
    const planned = configs.find((c) => c.modelId === modelId);
    const unchanged =
      // Stryker disable next-line OptionalChaining: a checked draft's defaults are among its models, so a planned config is always found
      planned?.existingId && (planned.action === 'exists' || planned.action === 'update') && planned.existingId === currentId;
    defaults.push({ kind, modelId, action: unchanged ? 'unchanged' : 'set', from: current(currentId) });
    if (kind === 'embedding' && !unchanged)
      warnings.push('Changing the default embedding model deletes and rebuilds the tenant’s search indexes.');
  }

  const agents = plannedAgents(state.agents, configs);
  for (const c of configs) {
    const on = c.action === 'update' && c.existingId ? (agents?.onConfigs[c.existingId] ?? []) : [];
    if (on.length === 0) continue;
    const its = `its ${on.length === 1 ? 'agent' : `${on.length} agents`} (${on.map((n) => `“${n}”`).join(', ')})`;
    warnings.push(`“${c.name}” changes in place: ${its} ${on.length === 1 ? 'runs' : 'run'} with the new extra config.`);
  }
  const conflict = credential.action === 'conflict' || configs.some((c) => c.action === 'conflict');
  // Stryker disable next-line ConditionalExpression: a config exists only on an adopted credential, and a checked draft has a model
  const adopted = credential.action === 'exists';
  const inSync = adopted && configs.every((c) => c.action === 'exists') && defaults.every((d) => d.action === 'unchanged');
  for (const c of configs) if (c.message && c.action === 'create') warnings.push(c.message);
  return {
    tenantId: meta.tenantId,
    readAt: meta.readAt,
    fingerprint: stateFingerprint(state),
    status: conflict ? 'conflict' : inSync ? 'in-sync' : 'changes',
    credential,
    configs,
    defaults,
    warnings,
    ...(agents !== undefined ? { agents } : {}),
  };
}

/** How many agents the tenant has, and which of them use the configs the plan finds on it. */
function plannedAgents(agents: TenantState['agents'], configs: readonly PlannedConfig[]): PlannedAgents | null | undefined {
  if (!agents) return agents;
  const onConfigs: Record<string, string[]> = {};
  for (const c of configs) {
    // Stryker disable next-line ConditionalExpression: the screen and the in-place warning look agents up by existing ID only
    if (!c.existingId) continue;
    const names = agents.filter((a) => a.configId === c.existingId).map((a) => a.name);
    if (names.length) onConfigs[c.existingId] = names;
  }
  return { total: agents.length, onConfigs };
}
