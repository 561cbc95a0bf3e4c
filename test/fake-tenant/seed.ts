// The start data of a fake tenant: built-in configs, seeded credentials, configs, agents and defaults.
import type { ResolvedOptions } from './options';
import { seedAgents } from './routes-agents';
import { configFromBody } from './routes-configs';
import { credentialFromBody } from './routes-credentials';
import {
  emptyState,
  guideCredentialBodies,
  nowIso,
  SEED_AWS_REGIONS,
  seedConfigFor,
  type FeatureOverride,
  type LlmConfig,
  type TenantState,
} from './state';

/**
 * The start data: built-in configs (first: they come with the tenant), seeded credentials cycling
 * through the guide's eight variants, seeded configs spread over them, seeded agents over those, and
 * with `seedPreference` defaults and two feature overrides.
 */
export function seedState(opts: ResolvedOptions, builtIns: readonly LlmConfig[]): TenantState {
  const data = emptyState();
  data.configs.push(...structuredClone(builtIns));
  for (let i = 0; i < opts.seedCredentials; i++) {
    const round = Math.floor(i / 8);
    const body = guideCredentialBodies(` #${round + 1}`)[i % 8]!;
    // Later rounds put their Bedrock credentials in other regions, for region-qualified providers to differ.
    if (body.creds_type === 'AWS') body.aws_region = SEED_AWS_REGIONS[round % SEED_AWS_REGIONS.length];
    const r = credentialFromBody(body);
    if (!r.ok) throw new Error(`seed credential ${i} rejected: ${r.reply.body ?? ''}`);
    data.credentials.push(r.credential);
  }
  const n = data.credentials.length;
  const seeded: LlmConfig[] = [];
  for (let i = 0; i < opts.seedConfigs; i++) {
    const cred = data.credentials[i % n]!;
    const r = configFromBody(data, seedConfigFor(cred, i, Math.floor(i / n), i % n));
    if (!r.ok) throw new Error(`seed config ${i} rejected: ${r.reply.body ?? ''}`);
    seeded.push(r.config);
  }
  data.configs.push(...seeded);
  data.agents.push(...seedAgents(opts.seedAgents, seeded));
  if (opts.seedPreference) seedDefaults(data, seeded);
  return data;
}

/** Default LLM / embedding from the seeded configs, and overrides on two features with other ones. */
function seedDefaults(data: TenantState, seeded: readonly LlmConfig[]): void {
  const chat = seeded.filter((c) => !c.is_embedding);
  const embedding = seeded.find((c) => c.is_embedding);
  data.preference.default_llm_config_id = chat[0]?.id ?? null;
  data.preference.default_embedding_config_id = embedding?.id ?? null;
  const at = nowIso();
  const overrides: [FeatureOverride['feature_type'], string, LlmConfig | undefined][] = [
    ['DEFAULT_AGENT', 'sql_query_agent', chat[1] ?? chat[0]],
    ['PRODUCT_AREA', 'catalog_chat', chat[2] ?? chat[0]],
  ];
  for (const [feature_type, feature_key, cfg] of overrides) {
    if (cfg) data.featureOverrides.push({ feature_type, feature_key, llm_config_id: cfg.id, updated_at: at });
  }
}
