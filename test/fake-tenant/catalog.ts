// Built-in model catalog of the fake tenant: what "the provider" lists when a credential is validated.
// Ids are realistic; they are not a promise about what a given provider serves today.

export interface CatalogModel {
  id: string;
  embedding: boolean;
}

const chat = (...ids: string[]): CatalogModel[] => ids.map((id) => ({ id, embedding: false }));
const embed = (...ids: string[]): CatalogModel[] => ids.map((id) => ({ id, embedding: true }));

export const OPENAI_MODELS: readonly CatalogModel[] = [
  ...chat(
    'gpt-4o',
    'gpt-4o-mini',
    'gpt-4.1',
    'gpt-4.1-mini',
    'gpt-4.1-nano',
    'gpt-5',
    'gpt-5-mini',
    'gpt-5-nano',
    'gpt-5.4',
    'o3',
    'o3-mini',
    'o4-mini',
  ),
  ...embed('text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002'),
];

export const ANTHROPIC_MODELS: readonly CatalogModel[] = chat(
  'claude-opus-4-1-20250805',
  'claude-opus-4-20250514',
  'claude-sonnet-4-5-20250929',
  'claude-sonnet-4-20250514',
  'claude-3-7-sonnet-20250219',
  'claude-haiku-4-5-20251001',
  'claude-3-5-haiku-20241022',
);

const BEDROCK_FOUNDATION: readonly CatalogModel[] = [
  ...chat(
    'anthropic.claude-sonnet-4-5-20250929-v1:0',
    'anthropic.claude-sonnet-4-20250514-v1:0',
    'anthropic.claude-opus-4-1-20250805-v1:0',
    'anthropic.claude-3-7-sonnet-20250219-v1:0',
    'anthropic.claude-haiku-4-5-20251001-v1:0',
    'anthropic.claude-3-5-haiku-20241022-v1:0',
    'amazon.nova-pro-v1:0',
    'amazon.nova-lite-v1:0',
    'amazon.nova-micro-v1:0',
    'meta.llama3-3-70b-instruct-v1:0',
    'mistral.mistral-large-2407-v1:0',
  ),
  ...embed('amazon.titan-embed-text-v2:0', 'cohere.embed-english-v3', 'cohere.embed-multilingual-v3'),
];

/** Foundation models that also exist as cross-region inference profiles (`us.`, `eu.`, ...). */
const BEDROCK_PROFILED = [
  'anthropic.claude-sonnet-4-5-20250929-v1:0',
  'anthropic.claude-sonnet-4-20250514-v1:0',
  'anthropic.claude-opus-4-1-20250805-v1:0',
  'anthropic.claude-3-7-sonnet-20250219-v1:0',
  'anthropic.claude-haiku-4-5-20251001-v1:0',
  'amazon.nova-pro-v1:0',
  'amazon.nova-lite-v1:0',
];
const BEDROCK_GLOBAL = ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-haiku-4-5-20251001-v1:0'];

/** Inference-profile geography prefixes for an AWS region. */
export function bedrockGeographies(region: string): string[] {
  if (region.startsWith('us-gov-')) return ['us-gov'];
  if (region.startsWith('us-') || region.startsWith('ca-')) return ['us'];
  if (region.startsWith('eu-')) return ['eu'];
  if (region === 'ap-northeast-1' || region === 'ap-northeast-3') return ['jp', 'apac'];
  if (region.startsWith('ap-')) return ['apac'];
  return [];
}

export function bedrockModels(region: string): CatalogModel[] {
  const out: CatalogModel[] = [...BEDROCK_FOUNDATION];
  for (const geo of bedrockGeographies(region)) {
    out.push(...chat(...BEDROCK_PROFILED.map((id) => `${geo}.${id}`)));
  }
  out.push(...chat(...BEDROCK_GLOBAL.map((id) => `global.${id}`)));
  return out;
}

/** Azure OpenAI lists deployments; these are typical deployment names. */
export const AZURE_DEPLOYMENTS: readonly CatalogModel[] = [
  ...chat('gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'o3-mini', 'gpt-4o-prod'),
  ...embed('text-embedding-3-large', 'text-embedding-3-small', 'text-embedding-ada-002'),
];

export const GOOGLE_MODELS: readonly CatalogModel[] = [
  ...chat('gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-2.0-flash', 'gemini-2.0-flash-lite'),
  ...embed('gemini-embedding-001', 'text-embedding-004'),
];

/** Listing catalogs of OpenAI-compatible providers, by host. */
export const COMPATIBLE_BY_HOST: Readonly<Record<string, readonly CatalogModel[]>> = {
  'api.openai.com': OPENAI_MODELS,
  'api.deepseek.com': chat('deepseek-chat', 'deepseek-reasoner'),
  'api.groq.com': chat(
    'llama-3.3-70b-versatile',
    'llama-3.1-8b-instant',
    'openai/gpt-oss-120b',
    'openai/gpt-oss-20b',
    'qwen/qwen3-32b',
    'moonshotai/kimi-k2-instruct',
  ),
  'api.together.xyz': [
    ...chat(
      'meta-llama/Llama-3.3-70B-Instruct-Turbo',
      'deepseek-ai/DeepSeek-V3',
      'Qwen/Qwen2.5-72B-Instruct-Turbo',
      'mistralai/Mixtral-8x7B-Instruct-v0.1',
    ),
    ...embed('BAAI/bge-large-en-v1.5', 'togethercomputer/m2-bert-80M-8k-retrieval'),
  ],
  'api.fireworks.ai': [
    ...chat(
      'accounts/fireworks/models/llama-v3p3-70b-instruct',
      'accounts/fireworks/models/deepseek-v3',
      'accounts/fireworks/models/qwen2p5-72b-instruct',
    ),
    ...embed('nomic-ai/nomic-embed-text-v1.5'),
  ],
  'api.sambanova.ai': [
    ...chat('Meta-Llama-3.3-70B-Instruct', 'DeepSeek-V3-0324', 'Llama-4-Maverick-17B-128E-Instruct'),
    ...embed('E5-Mistral-7B-Instruct'),
  ],
  'api.cerebras.ai': chat('llama-3.3-70b', 'llama3.1-8b', 'qwen-3-32b', 'gpt-oss-120b'),
};

/** What any other listing OpenAI-compatible base URL lists. */
export const GENERIC_COMPATIBLE_MODELS: readonly CatalogModel[] = [
  ...chat('llama-3.1-8b-instruct', 'mistral-7b-instruct', 'qwen2.5-7b-instruct'),
  ...embed('bge-small-en-v1.5'),
];

/** Default known models of non-listing (self-hosted) base URLs: used for model-specific validation. */
export const DEFAULT_SELF_HOSTED_MODELS = ['meta-llama/Llama-3.1-8B-Instruct', 'Qwen/Qwen2.5-7B-Instruct', 'llama3.1:8b', 'mistral:7b'];
export const DEFAULT_SELF_HOSTED_EMBEDDING_MODELS = ['nomic-embed-text', 'BAAI/bge-m3'];

/** Base URLs (prefixes) or hosts (`host` or `host:port`) whose model listing is not supported. */
export const DEFAULT_NON_LISTING_BASE_URLS = [
  'http://llm-service:8000',
  'localhost',
  '127.0.0.1',
  'host.docker.internal',
  'ollama',
  'vllm',
];

function normalizeUrl(url: string): string {
  return url.trim().toLowerCase().replace(/\/+$/, '');
}

/** True when `baseUrl` is covered by one of `entries` (URL prefixes or hosts). */
export function isNonListing(baseUrl: string, entries: readonly string[]): boolean {
  const url = normalizeUrl(baseUrl);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  for (const raw of entries) {
    const entry = normalizeUrl(raw);
    if (entry === '') continue;
    if (entry.includes('://')) {
      if (url === entry || url.startsWith(`${entry}/`)) return true;
      continue;
    }
    if (!parsed) continue;
    const hostname = parsed.hostname.replace(/^\[|\]$/g, '');
    if (entry.includes(':') && !entry.includes('::')) {
      if (parsed.host === entry) return true;
    } else if (hostname === entry.replace(/^\[|\]$/g, '')) {
      return true;
    }
  }
  return false;
}

export function hostOf(baseUrl: string): string | undefined {
  try {
    return new URL(baseUrl.trim()).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Synthetic model ids appended to a list by the large-catalog option. */
export function syntheticModels(style: SyntheticStyle, count: number): CatalogModel[] {
  const out: CatalogModel[] = new Array<CatalogModel>(count);
  const width = Math.max(5, String(count).length);
  for (let i = 0; i < count; i++) {
    const n = String(i + 1).padStart(width, '0');
    out[i] = { id: SYNTHETIC_FORMAT[style](n), embedding: false };
  }
  return out;
}

export type SyntheticStyle = 'openai' | 'anthropic' | 'bedrock' | 'azure' | 'google' | 'compatible';
const SYNTHETIC_FORMAT: Record<SyntheticStyle, (n: string) => string> = {
  openai: (n) => `ft:gpt-4o-mini-2024-07-18:acme::synth${n}`,
  anthropic: (n) => `claude-synthetic-${n}`,
  bedrock: (n) => `anthropic.claude-synthetic-${n}-v1:0`,
  azure: (n) => `deployment-synthetic-${n}`,
  google: (n) => `gemini-synthetic-${n}`,
  compatible: (n) => `org/model-synthetic-${n}`,
};
