// In-memory data of the fake tenant, its public views, and the seed data.
import { randomUUID } from 'node:crypto';
import type { CredsType } from '../../src-shared/providers/catalog';
import { bedrockGeographies } from './catalog';

// The tenant's credential types are the app's: one definition, in the provider catalog.
export type { CredsType };

/** A stored credential. `secrets` never leaves the server except through `tenant.state()`. */
export interface StoredCredential {
  id: string;
  name: string;
  creds_type: CredsType;
  base_url: string | null;
  aws_region: string | null;
  azure_endpoint: string | null;
  api_version: string | null;
  azure_client_id: string | null;
  azure_token_url: string | null;
  gcp_project: string | null;
  gcp_location: string | null;
  created_at: string;
  updated_at: string;
  secrets: {
    api_key?: string;
    aws_access_key_id?: string;
    aws_secret_access_key?: string;
    aws_session_token?: string;
    azure_client_secret?: string;
    gcp_service_account?: Record<string, unknown>;
  };
}

/** The secret fields of a credential, in the order answers list them. */
export const SECRET_FIELDS = [
  'api_key',
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'azure_client_secret',
  'gcp_service_account',
] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

/**
 * What GET/POST/PATCH answer for a credential: every non-secret field (null when not applicable) and,
 * with `maskedSecretsInListings` (default), every secret field masked (`"****abcd"`) or null.
 */
export type PublicCredential = Omit<StoredCredential, 'secrets'> & Partial<Record<SecretField, string | null>>;

/** `llm_extra_config` of an OpenAI (or Azure OpenAI) config. */
export interface OpenAiExtraConfig {
  extra_config_type: 'openai_config';
  reasoning_effort?: 'minimal' | 'low' | 'medium' | 'high' | null;
}

/** `llm_extra_config` of a Bedrock config. */
export interface BedrockExtraConfig {
  extra_config_type: 'bedrock_config';
  thinking?: { type: 'enabled'; budget_tokens: number } | null;
  guardrail?: { guardrail_identifier: string; guardrail_version: string; trace?: 'enabled' | 'disabled' | 'enabled_full' | null } | null;
  cache_instructions?: boolean | null;
  cache_tool_definitions?: boolean | null;
  cache_messages?: boolean | null;
}

export type LlmExtraConfig = OpenAiExtraConfig | BedrockExtraConfig;

export interface LlmConfig {
  id: string;
  name: string;
  provider: string;
  /** null for built-in configs (system-provided, no credential of the tenant's). */
  llm_credentials_id: string | null;
  model_name: string;
  is_embedding: boolean;
  embedding_dimensions: number | null;
  is_default: boolean;
  /** Built-in (read-only, system-provided) config. Answers omit it when `markBuiltIns` is false. */
  is_builtin: boolean;
  llm_extra_config: LlmExtraConfig | null;
  created_at: string;
  updated_at: string;
}

export interface LlmPreference {
  default_llm_config_id: string | null;
  default_embedding_config_id: string | null;
  hide_default_models: boolean;
}

export type FeatureType = 'DEFAULT_AGENT' | 'PRODUCT_AREA';

export interface FeatureOverride {
  feature_type: FeatureType;
  feature_key: string;
  llm_config_id: string;
  updated_at: string;
}

/** An Agent Studio agent: it names its LLM config by id (null: the tenant default, fake's choice). */
export interface Agent {
  id: string;
  name: string;
  description: string;
  prompt: string;
  llm_config_id: string | null;
  tool_config_ids: string[];
  mcp_server_config_ids: string[];
  input_json_schema: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
}

export interface TenantState {
  credentials: StoredCredential[];
  configs: LlmConfig[];
  preference: LlmPreference;
  featureOverrides: FeatureOverride[];
  agents: Agent[];
  /** How many times the default embedding config changed (the real tenant drops search indexes then). */
  embeddingIndexResets: number;
}

/** Valid feature keys per feature type (invented but fixed; see README). */
export const FEATURE_KEYS: Readonly<Record<FeatureType, readonly string[]>> = {
  DEFAULT_AGENT: ['catalog_search_agent', 'sql_query_agent', 'data_product_query_agent', 'deep_research_agent', 'curation_agent'],
  PRODUCT_AREA: ['catalog_chat', 'description_generation', 'compose_sql_assistant', 'search_summaries', 'data_quality_rules'],
};

export function emptyState(): TenantState {
  return {
    credentials: [],
    configs: [],
    preference: { default_llm_config_id: null, default_embedding_config_id: null, hide_default_models: false },
    featureOverrides: [],
    agents: [],
    embeddingIndexResets: 0,
  };
}

/**
 * A secret as listings show it: `****` plus its last 4 characters (fake's choice of prefix; Alation's
 * notes only say "truncated to the last 4 characters"). Secrets shorter than 8 characters show `****`
 * alone, so a listing never reveals half of a short secret.
 */
export function maskSecret(value: string): string {
  return value.length < 8 ? '****' : `****${value.slice(-4)}`;
}

/** True for a value that looks like a masked secret (what a form must never send back). */
export function isMaskedSecret(value: string): boolean {
  return value.startsWith('****');
}

/** The service account as listings show it: the masked `private_key_id` (the key's identity), as a string. */
function maskServiceAccount(sa: Record<string, unknown>): string {
  const keyId = sa.private_key_id;
  return typeof keyId === 'string' ? maskSecret(keyId) : '****';
}

/** The public view of a credential; `masked` adds the secret fields, masked (null when not set). */
export function publicCredential(c: StoredCredential, masked = false): PublicCredential {
  const { secrets, ...rest } = c;
  if (!masked) return { ...rest };
  const out: PublicCredential = { ...rest };
  for (const field of SECRET_FIELDS) {
    const v = secrets[field];
    out[field] = v === undefined ? null : typeof v === 'string' ? maskSecret(v) : maskServiceAccount(v);
  }
  return out;
}

/** The public view of a config; without `marked` the built-in flag is left out (llm_credentials_id null is then the only tell). */
export function publicConfig(c: LlmConfig, marked = true): Record<string, unknown> {
  const { is_builtin, ...rest } = structuredClone(c);
  return marked ? { ...rest, is_builtin } : rest;
}

/** An ISO time strictly after `previous` (two calls in the same millisecond still order). */
export function laterIso(previous: string): string {
  const now = Date.now();
  const prev = Date.parse(previous);
  return new Date(Number.isNaN(prev) || now > prev ? now : prev + 1).toISOString();
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** The eight credential variants of the guide, as request bodies (fake secrets). */
export function guideCredentialBodies(tag = ''): Record<string, unknown>[] {
  return [
    { name: `My OpenAI Account${tag}`, creds_type: 'API_KEY', api_key: 'sk-proj-seedseedseedseedseed' },
    { name: `Anthropic${tag}`, creds_type: 'API_KEY', api_key: 'sk-ant-api03-seedseedseedseed' },
    { name: `Groq${tag}`, creds_type: 'API_KEY', api_key: 'gsk_seedseedseedseedseed', base_url: 'https://api.groq.com/openai/v1' },
    {
      name: `AWS Bedrock US West${tag}`,
      creds_type: 'AWS',
      aws_access_key_id: 'AKIASEEDSEEDSEEDSEED',
      aws_secret_access_key: 'seedSeedSeedSeedSeedSeedSeedSeedSeedSeed',
      aws_region: 'us-west-2',
    },
    {
      name: `Azure OpenAI${tag}`,
      creds_type: 'AZURE',
      azure_endpoint: 'https://myresource.openai.azure.com/',
      api_version: '2024-10-21',
      api_key: 'seedazurekey0123456789abcdef',
    },
    {
      name: `Azure OpenAI SP${tag}`,
      creds_type: 'AZURE',
      azure_endpoint: 'https://myresource.openai.azure.com/',
      api_version: '2024-10-21',
      azure_client_id: '00000000-0000-4000-8000-0000000000c1',
      azure_client_secret: 'seed~azure~client~secret',
      azure_token_url: 'https://login.microsoftonline.com/00000000-0000-4000-8000-00000000000t/oauth2/v2.0/token',
    },
    { name: `Gemini${tag}`, creds_type: 'GCP', api_key: 'AIzaSeedSeedSeedSeedSeedSeedSeed' },
    {
      name: `Vertex AI${tag}`,
      creds_type: 'GCP',
      gcp_project: 'my-project-id',
      gcp_location: 'us-central1',
      gcp_service_account: {
        type: 'service_account',
        project_id: 'my-project-id',
        private_key_id: 'seed0000',
        private_key: '-----BEGIN PRIVATE KEY-----\nseed\n-----END PRIVATE KEY-----\n',
        client_email: 'byom@my-project-id.iam.gserviceaccount.com',
        client_id: '100000000000000000000',
        token_uri: 'https://oauth2.googleapis.com/token',
      },
    },
  ];
}

type SeedModel = readonly [model: string, dimensions?: number];

/** AWS regions of seeded Bedrock credentials, one per round of eight (round 1 keeps the guide's us-west-2). */
export const SEED_AWS_REGIONS = ['us-west-2', 'us-east-1', 'eu-central-1', 'ap-northeast-1'] as const;

/**
 * Models seeded configs cycle through, per credential variant: mostly ids the catalog lists, plus
 * one it no longer lists (`gpt-4-turbo`, `claude-3-opus-20240229`, ...) so a drift check finds some.
 */
const SEED_MODELS: Record<
  'openai' | 'anthropic' | 'compatible' | 'bedrock' | 'azure' | 'google',
  { chat: SeedModel[]; embedding: SeedModel[] }
> = {
  openai: {
    chat: [['gpt-4o'], ['gpt-4.1'], ['gpt-5'], ['o3'], ['gpt-4o-mini'], ['gpt-4-turbo']],
    embedding: [
      ['text-embedding-3-small', 1536],
      ['text-embedding-3-large', 3072],
      ['text-embedding-ada-002', 1536],
    ],
  },
  anthropic: {
    chat: [['claude-sonnet-4-5-20250929'], ['claude-haiku-4-5-20251001'], ['claude-opus-4-1-20250805'], ['claude-3-opus-20240229']],
    embedding: [],
  },
  compatible: {
    chat: [['llama-3.3-70b-versatile'], ['openai/gpt-oss-120b'], ['qwen/qwen3-32b'], ['mixtral-8x7b-32768']],
    embedding: [],
  },
  bedrock: {
    chat: [
      ['anthropic.claude-sonnet-4-5-20250929-v1:0'],
      ['{geo}.anthropic.claude-sonnet-4-5-20250929-v1:0'],
      ['amazon.nova-pro-v1:0'],
      ['anthropic.claude-haiku-4-5-20251001-v1:0'],
      ['anthropic.claude-v2:1'],
    ],
    embedding: [
      ['amazon.titan-embed-text-v2:0', 1024],
      ['cohere.embed-english-v3', 1024],
    ],
  },
  azure: {
    chat: [['gpt-4o'], ['gpt-4.1'], ['gpt-4o-prod'], ['o3-mini'], ['gpt-35-turbo']],
    embedding: [
      ['text-embedding-3-large', 3072],
      ['text-embedding-3-small', 1536],
    ],
  },
  google: {
    chat: [['gemini-2.5-flash'], ['gemini-2.5-pro'], ['gemini-2.0-flash'], ['gemini-1.5-pro']],
    embedding: [
      ['gemini-embedding-001', 3072],
      ['text-embedding-004', 768],
    ],
  },
};

function seedVariant(c: StoredCredential): keyof typeof SEED_MODELS {
  switch (c.creds_type) {
    case 'API_KEY':
      if (c.base_url) return 'compatible';
      return c.secrets.api_key?.startsWith('sk-ant-') ? 'anthropic' : 'openai';
    case 'AWS':
      return 'bedrock';
    case 'AZURE':
      return 'azure';
    case 'GCP':
      return 'google';
  }
}

/** Config provider per variant; Bedrock's is `bedrock_<the credential's region>`. */
const SEED_PROVIDER: Record<Exclude<keyof typeof SEED_MODELS, 'bedrock'>, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  compatible: 'openai',
  azure: 'azure_openai',
  google: 'google',
};

/**
 * A config body for seeded config number `index` (0-based), the `nth` seeded config of credential
 * `c`, which is seeded credential number `credIndex`. Every fourth config of a credential is an
 * embedding config when its variant has embedding models, staggered by `credIndex` so small seeds
 * get some too. Names are unique (`Seed config 17`); models cycle through the variant's list.
 */
export function seedConfigFor(c: StoredCredential, index: number, nth: number, credIndex: number): Record<string, unknown> {
  const variant = seedVariant(c);
  const models = SEED_MODELS[variant];
  const slot = nth + credIndex;
  const embedding = slot % 4 === 3 && models.embedding.length > 0;
  const list = embedding ? models.embedding : models.chat;
  const [model, dimensions] = list[(embedding ? Math.floor(slot / 4) : nth) % list.length]!;
  const region = c.aws_region ?? 'us-west-2';
  const provider = variant === 'bedrock' ? `bedrock_${region}` : SEED_PROVIDER[variant];
  return {
    name: `Seed config ${index + 1}`,
    provider,
    llm_credentials_id: c.id,
    // an inference profile of the credential's own geography (us., eu., jp., ...)
    model_name: model.replace('{geo}', bedrockGeographies(region)[0] ?? 'global'),
    is_embedding: embedding,
    embedding_dimensions: embedding ? (dimensions ?? null) : null,
  };
}

// ---------------------------------------------------------------- built-in configs

/** When the built-ins "were made" (fixed: they come with the tenant, before anything of the admin's). */
const BUILTIN_CREATED_AT = '2025-09-01T00:00:00.000Z';

const sonnet45 = (label: string, region: string, geo: string): [string, string, string] => [
  `Claude Sonnet 4.5 ${label}`,
  `bedrock_${region}`,
  `${geo}.anthropic.claude-sonnet-4-5-20250929-v1:0`,
];

/**
 * The system-provided configs every tenant has (names and ids from Alation's public client notes,
 * `default-llms.md`; the embedding one is the fake's guess).
 */
const BUILTIN_CONFIGS: readonly [name: string, provider: string, model: string, embeddingDimensions?: number][] = [
  ['GPT-5', 'openai', 'gpt-5-2025-08-07'],
  ['GPT-4.1', 'openai', 'gpt-4.1'],
  ['GPT-4o', 'openai', 'gpt-4o'],
  ['O3', 'openai', 'o3'],
  sonnet45('US East 1', 'us-east-1', 'us'),
  sonnet45('US East 2', 'us-east-2', 'us'),
  sonnet45('US West 1', 'us-west-1', 'us'),
  sonnet45('US West 2', 'us-west-2', 'us'),
  sonnet45('EU Central 1', 'eu-central-1', 'eu'),
  sonnet45('EU West 1', 'eu-west-1', 'eu'),
  sonnet45('Tokyo', 'ap-northeast-1', 'jp'),
  sonnet45('Sydney', 'ap-southeast-2', 'au'),
  ['OpenAI Text Embedding 3 Large', 'openai', 'text-embedding-3-large', 3072],
];

/** Fresh built-in configs with new ids (made once per fake instance; reset() keeps them). */
export function builtInConfigs(): LlmConfig[] {
  return BUILTIN_CONFIGS.map(([name, provider, model, dims]) => ({
    id: newId(),
    name,
    provider,
    llm_credentials_id: null,
    model_name: model,
    is_embedding: dims !== undefined,
    embedding_dimensions: dims ?? null,
    is_default: false,
    is_builtin: true,
    llm_extra_config: null,
    created_at: BUILTIN_CREATED_AT,
    updated_at: BUILTIN_CREATED_AT,
  }));
}

export function newId(): string {
  return randomUUID();
}
