// Model IDs each provider is known to serve, to suggest while a draft is written with no network
// (listing a provider's models needs the tenant). Suggestions only: any ID can be typed, and the
// apply validates each one. The last inventory and health sweep add what tenants really have.
import type { ProviderId } from './catalog';

export const knownModels: Readonly<Record<ProviderId, readonly string[]>> = {
  openai: [
    'gpt-5',
    'gpt-5-mini',
    'gpt-4.1',
    'gpt-4.1-mini',
    'gpt-4o',
    'gpt-4o-mini',
    'o3',
    'o3-mini',
    'o4-mini',
    'text-embedding-3-small',
    'text-embedding-3-large',
  ],
  anthropic: ['claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805', 'claude-3-5-haiku-20241022'],
  openai_compatible: [
    'deepseek-chat',
    'deepseek-reasoner',
    'llama-3.3-70b-versatile',
    'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    'Qwen/Qwen2.5-72B-Instruct',
    'BAAI/bge-m3',
  ],
  bedrock: [
    'anthropic.claude-sonnet-4-5-20250929-v1:0',
    'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
    'anthropic.claude-3-5-haiku-20241022-v1:0',
    'meta.llama3-70b-instruct-v1:0',
    'amazon.titan-embed-text-v2:0',
    'cohere.embed-english-v3',
  ],
  azure_api_key: ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o3-mini', 'text-embedding-3-small', 'text-embedding-3-large'],
  azure_service_principal: ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o3-mini', 'text-embedding-3-small', 'text-embedding-3-large'],
  gemini: ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.0-flash', 'gemini-embedding-001'],
  vertex: ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.0-flash', 'text-embedding-005', 'gemini-embedding-001'],
};
