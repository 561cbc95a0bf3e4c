// In-memory data of the fake tenant, its public views, and the seed data.
import { randomUUID } from 'node:crypto';

export type CredsType = 'API_KEY' | 'AWS' | 'AZURE' | 'GCP';

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

/** What GET/POST answer for a credential: every non-secret field (null when not applicable). */
export type PublicCredential = Omit<StoredCredential, 'secrets'>;

export interface LlmConfig {
  id: string;
  name: string;
  provider: string;
  llm_credentials_id: string;
  model_name: string;
  is_embedding: boolean;
  embedding_dimensions: number | null;
  is_default: boolean;
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

export interface TenantState {
  credentials: StoredCredential[];
  configs: LlmConfig[];
  preference: LlmPreference;
  featureOverrides: FeatureOverride[];
  /** How many times the default embedding config changed (the real tenant drops search indexes then). */
  embeddingIndexResets: number;
}

/** Valid feature keys per feature type (invented but fixed; see README). */
export const FEATURE_KEYS: Readonly<Record<FeatureType, readonly string[]>> = {
  DEFAULT_AGENT: [
    'catalog_search_agent',
    'sql_query_agent',
    'data_product_query_agent',
    'deep_research_agent',
    'curation_agent',
  ],
  PRODUCT_AREA: [
    'catalog_chat',
    'description_generation',
    'compose_sql_assistant',
    'search_summaries',
    'data_quality_rules',
  ],
};

export function emptyState(): TenantState {
  return {
    credentials: [],
    configs: [],
    preference: { default_llm_config_id: null, default_embedding_config_id: null, hide_default_models: false },
    featureOverrides: [],
    embeddingIndexResets: 0,
  };
}

export function publicCredential(c: StoredCredential): PublicCredential {
  const { secrets: _secrets, ...rest } = c;
  return { ...rest };
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

/** Provider and a model id that fit a credential, for seeded configs. */
export function seedConfigFor(c: StoredCredential, index: number): Omit<LlmConfig, 'id' | 'created_at' | 'updated_at' | 'is_default'> {
  const embedding = index % 4 === 3;
  const base = { name: `Seed config ${index + 1}`, llm_credentials_id: c.id, is_embedding: embedding, embedding_dimensions: null };
  switch (c.creds_type) {
    case 'API_KEY':
      if (c.base_url) return { ...base, provider: 'openai', model_name: 'llama-3.3-70b-versatile', is_embedding: false };
      if (c.name.startsWith('Anthropic')) return { ...base, provider: 'anthropic', model_name: 'claude-sonnet-4-5-20250929', is_embedding: false };
      return embedding
        ? { ...base, provider: 'openai', model_name: 'text-embedding-3-small', embedding_dimensions: 1536 }
        : { ...base, provider: 'openai', model_name: 'gpt-4o' };
    case 'AWS':
      return embedding
        ? { ...base, provider: `bedrock_${c.aws_region ?? 'us-west-2'}`, model_name: 'amazon.titan-embed-text-v2:0' }
        : { ...base, provider: `bedrock_${c.aws_region ?? 'us-west-2'}`, model_name: 'anthropic.claude-sonnet-4-5-20250929-v1:0' };
    case 'AZURE':
      return embedding
        ? { ...base, provider: 'azure_openai', model_name: 'text-embedding-3-large', embedding_dimensions: 3072 }
        : { ...base, provider: 'azure_openai', model_name: 'gpt-4o' };
    case 'GCP':
      return embedding
        ? { ...base, provider: 'google', model_name: 'gemini-embedding-001' }
        : { ...base, provider: 'google', model_name: 'gemini-2.5-flash' };
  }
}

export function newId(): string {
  return randomUUID();
}
