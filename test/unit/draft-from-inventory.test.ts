// "Make a draft from this": a credential and its configs as the tenant lists them, turned into a
// draft to apply elsewhere, and the model IDs a draft written offline is offered. What is copied
// decides what a plan later creates on every target tenant.
import { describe, expect, it } from 'vitest';
import { draftFromCredential, modelSuggestions, variantOfCredential } from '../../src-shared/draft-from-inventory';
import { knownModels } from '../../src-shared/providers/known-models';
import { acme, beta, config, credential, inventory, state } from './drift-fixtures';

const groq = credential('c-groq', 'Groq team', 'API_KEY', { base_url: 'https://api.groq.com/openai/v1' });
const other = credential('c-other', 'Claude key', 'API_KEY');
const acmeInventory = inventory(
  acme,
  [
    // A completion config can still list the dimensions it had as an embedding one: the draft must not send them.
    config('g-1', 'llama-3.3-70b', 'openai', 'llama-3.3-70b', { credentialId: 'c-groq', dimensions: 1536 }),
    config('g-2', 'Fast answers', 'openai', 'llama-3.1-8b', {
      credentialId: 'c-groq',
      extraConfig: { extra_config_type: 'openai_config', reasoning_effort: 'low' },
    }),
    config('g-3', 'Embeddings', 'openai', 'nomic-embed-text', { credentialId: 'c-groq', isEmbedding: true, dimensions: 768 }),
    config('g-4', 'Odd one', 'openai', 'qwen-2', {
      credentialId: 'c-groq',
      extraConfig: { extra_config_type: 'bedrock_config', cache_messages: true },
    }),
    config('g-5', 'No model', 'openai', null, { credentialId: 'c-groq' }),
    config('o-1', 'Claude', 'anthropic', 'claude-sonnet-4-5-20250929', { credentialId: 'c-other' }),
    config('b-1', 'GPT-5', 'openai', 'gpt-5', { credentialId: null, builtIn: true }),
  ],
  {
    credentials: [other, groq],
    preference: { defaultLlmConfigId: 'g-2', defaultEmbeddingConfigId: 'o-1', hideDefaultModels: false },
  },
);

describe('a draft made from a credential on a tenant', () => {
  it('copies the credential’s settings and its own configs, never a secret, with the defaults it holds', () => {
    expect(draftFromCredential(acmeInventory, 'c-groq', 'Acme')).toEqual({
      title: 'Groq team from Acme',
      providerId: 'openai_compatible',
      values: { name: 'Groq team', base_url: 'https://api.groq.com/openai/v1' },
      models: [
        // A config named after its model keeps the model's name (blank: the default display name).
        { modelId: 'llama-3.3-70b', name: '', isEmbedding: false, dimensions: null, extraConfig: null },
        {
          modelId: 'llama-3.1-8b',
          name: 'Fast answers',
          isEmbedding: false,
          dimensions: null,
          extraConfig: { extra_config_type: 'openai_config', reasoning_effort: 'low' },
        },
        { modelId: 'nomic-embed-text', name: 'Embeddings', isEmbedding: true, dimensions: 768, extraConfig: null },
        // An extra config of another provider's type is not carried over.
        { modelId: 'qwen-2', name: 'Odd one', isEmbedding: false, dimensions: null, extraConfig: null },
      ],
      // The default embedding is another credential's config: not this draft's to set.
      defaults: { llmModelId: 'llama-3.1-8b', embeddingModelId: null },
      expiresAt: null,
      notes:
        'Made from “Groq team” on Acme, as read 2026-03-02T09:15:00.000Z. ' +
        'Its secrets are not returned by the tenant: enter them before applying.',
    });
  });

  it('refuses a credential that is not in the inventory', () => {
    expect(() => draftFromCredential(acmeInventory, 'c-gone', 'Acme')).toThrow('no credential c-gone');
  });
});

describe('which catalog variant a listed credential is', () => {
  it('goes by the type and details, then the configs’ providers, and by the name only when nothing else tells', () => {
    expect(variantOfCredential(credential('x', 'Claude team', 'API_KEY'), [])).toBe('anthropic');
    expect(variantOfCredential(credential('x', 'Claude team', 'API_KEY'), ['openai'])).toBe('openai');
    expect(variantOfCredential(credential('x', 'Team key', 'API_KEY'), ['anthropic'])).toBe('anthropic');
    expect(variantOfCredential(credential('x', 'Team key', 'API_KEY'), [])).toBe('openai');
    expect(variantOfCredential(credential('x', 'Azure', 'azure', { azure_client_id: 'app-1' }), [])).toBe('azure_service_principal');
    expect(variantOfCredential(credential('x', 'Vertex', 'GCP', { gcp_project: 'acme-ai' }), [])).toBe('vertex');
  });
});

describe('model IDs offered to a draft written offline', () => {
  it('offers what tenants run with a key of that provider, then what its sweep listed, then the known models, each once', () => {
    const sweep = {
      tenantId: beta.id,
      sweptAt: '2026-03-02T10:00:00.000Z',
      credentials: [
        // Beta's Anthropic key, swept too: its models are not offered for OpenAI.
        {
          credentialId: 'c-beta-claude',
          status: 'ok' as const,
          provider: 'anthropic',
          providerAssumed: false,
          modelCount: 1,
          missingModels: [],
          listedModels: ['claude-opus-4-1'],
          message: null,
          advice: null,
        },
        {
          credentialId: 'c-beta',
          status: 'ok' as const,
          provider: 'openai',
          providerAssumed: false,
          modelCount: 3,
          missingModels: [],
          listedModels: ['gpt-4.1', 'gpt-4o', 'text-embedding-3-large'],
          message: null,
          advice: null,
        },
      ],
    };
    const states = [
      state(acmeInventory),
      { tenantId: 'unread', status: 'error' as const, stale: false },
      state(
        inventory(beta, [config('bt-1', 'GPT-4o', 'openai', 'gpt-4o', { credentialId: 'c-beta' })], {
          credentials: [credential('c-beta-claude', 'Claude', 'API_KEY'), credential('c-beta', 'OpenAI', 'API_KEY')],
        }),
        { sweep },
      ),
    ];
    const suggestions = modelSuggestions('openai', states);
    // Acme's keys are Groq's (OpenAI-compatible) and Anthropic's: none of theirs is offered for OpenAI.
    expect(suggestions.slice(0, 4)).toEqual([
      { modelId: 'gpt-4o', source: 'inventory', isEmbedding: false },
      { modelId: 'gpt-4.1', source: 'sweep', isEmbedding: false },
      { modelId: 'text-embedding-3-large', source: 'sweep', isEmbedding: true },
      {
        modelId: knownModels.openai.find((m) => !['gpt-4o', 'gpt-4.1', 'text-embedding-3-large'].includes(m)),
        source: 'catalog',
        isEmbedding: false,
      },
    ]);
    expect(suggestions.map((s) => s.modelId)).toEqual([...new Set(suggestions.map((s) => s.modelId))]);
    expect(suggestions.filter((s) => s.source === 'catalog').map((s) => s.modelId)).toEqual(
      knownModels.openai.filter((m) => !['gpt-4o', 'gpt-4.1', 'text-embedding-3-large'].includes(m)),
    );
    expect(
      modelSuggestions('openai_compatible', states)
        .filter((s) => s.source === 'inventory')
        .map((s) => s.modelId),
    ).toEqual(['llama-3.3-70b', 'llama-3.1-8b', 'nomic-embed-text', 'qwen-2']);
    // Acme was never swept: nothing is offered as a sweep's listing.
    expect(modelSuggestions('openai_compatible', states).filter((s) => s.source === 'sweep')).toEqual([]);
  });
});
