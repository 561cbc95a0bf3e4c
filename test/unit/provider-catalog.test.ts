// The catalog is the one source of truth: these tests hold its payloads to the guide's API
// examples and its schemas, warnings and advice to the guide's tables.
import { describe, expect, it } from 'vitest';
import { adviceFor } from '../../src-shared/providers/advice';
import {
  configProviderFor,
  normalizeConfigProvider,
  providerCatalog,
  providerVariant,
  validateProviderFor,
  type ProviderId,
} from '../../src-shared/providers/catalog';
import { credentialPayload, credentialValuesSchema, parseServiceAccount } from '../../src-shared/providers/credential-schema';
import { knownEmbeddingDimensions, looksLikeEmbeddingModel } from '../../src-shared/providers/embeddings';
import { providerWarnings } from '../../src-shared/providers/warnings';

const serviceAccount = {
  type: 'service_account',
  project_id: 'my-project-id',
  private_key: 'k',
  client_email: 'a@b.c',
  token_uri: 'https://t',
};

/** Form values for each variant, and the request body the guide shows for it. */
const guideExamples: Record<ProviderId, { values: Record<string, string>; body: Record<string, unknown> }> = {
  openai: {
    values: { name: 'My OpenAI Account', api_key: 'sk-proj-1' },
    body: { name: 'My OpenAI Account', creds_type: 'API_KEY', api_key: 'sk-proj-1' },
  },
  anthropic: {
    values: { name: 'Anthropic', api_key: 'sk-ant-1' },
    body: { name: 'Anthropic', creds_type: 'API_KEY', api_key: 'sk-ant-1' },
  },
  openai_compatible: {
    values: { name: 'Groq', api_key: 'gsk_1', base_url: 'https://api.groq.com/openai/v1' },
    body: { name: 'Groq', creds_type: 'API_KEY', api_key: 'gsk_1', base_url: 'https://api.groq.com/openai/v1' },
  },
  bedrock: {
    values: {
      name: 'AWS Bedrock US West',
      aws_access_key_id: 'AKIA1',
      aws_secret_access_key: 's',
      aws_region: 'us-west-2',
      aws_session_token: '',
    },
    body: {
      name: 'AWS Bedrock US West',
      creds_type: 'AWS',
      aws_access_key_id: 'AKIA1',
      aws_secret_access_key: 's',
      aws_region: 'us-west-2',
    },
  },
  azure_api_key: {
    values: { name: 'Azure OpenAI', azure_endpoint: 'https://myresource.openai.azure.com/', api_version: '2024-10-21', api_key: 'k' },
    body: {
      name: 'Azure OpenAI',
      creds_type: 'AZURE',
      azure_endpoint: 'https://myresource.openai.azure.com/',
      api_version: '2024-10-21',
      api_key: 'k',
    },
  },
  azure_service_principal: {
    values: {
      name: 'Azure OpenAI SP',
      azure_endpoint: 'https://myresource.openai.azure.com/',
      api_version: '2024-10-21',
      azure_client_id: 'c',
      azure_client_secret: 's',
      azure_token_url: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
    },
    body: {
      name: 'Azure OpenAI SP',
      creds_type: 'AZURE',
      azure_endpoint: 'https://myresource.openai.azure.com/',
      api_version: '2024-10-21',
      azure_client_id: 'c',
      azure_client_secret: 's',
      azure_token_url: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
    },
  },
  gemini: { values: { name: 'Gemini', api_key: 'AIza1' }, body: { name: 'Gemini', creds_type: 'GCP', api_key: 'AIza1' } },
  vertex: {
    values: {
      name: 'Vertex AI',
      gcp_project: 'my-project-id',
      gcp_location: 'us-central1',
      gcp_service_account: JSON.stringify(serviceAccount),
    },
    body: {
      name: 'Vertex AI',
      creds_type: 'GCP',
      gcp_project: 'my-project-id',
      gcp_location: 'us-central1',
      gcp_service_account: serviceAccount,
    },
  },
};

describe('the provider catalog', () => {
  it('has the eight variants of the guide, each with a Name field first', () => {
    expect(providerCatalog.map((p) => p.id)).toEqual(Object.keys(guideExamples));
    for (const p of providerCatalog) expect(p.fields[0]).toMatchObject({ key: 'name', label: 'Name', required: true });
  });

  for (const [id, example] of Object.entries(guideExamples) as [ProviderId, (typeof guideExamples)[ProviderId]][]) {
    it(`${id}: the form values give the guide's request body`, () => {
      const variant = providerVariant(id);
      const parsed = credentialValuesSchema(id).parse(example.values);
      expect(credentialPayload(variant, parsed)).toEqual(example.body);
    });
  }

  it('marks the guide’s required fields, and only the Session Token optional', () => {
    const optional = providerCatalog.flatMap((p) => p.fields.filter((f) => !f.required).map((f) => `${p.id}.${f.key}`));
    expect(optional).toEqual(['bedrock.aws_session_token']);
    const errors = credentialValuesSchema('azure_service_principal')
      .safeParse({})
      .error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(errors).toContain('azure_token_url: Token URL is required');
    expect(errors).toContain('api_version: API Version is required');
  });

  it('gives the config provider: the validate value, or bedrock_<region> for Bedrock', () => {
    expect(configProviderFor(providerVariant('bedrock'), { aws_region: 'us-west-2' })).toBe('bedrock_us-west-2');
    expect(providerVariant('bedrock').validateProvider).toBe('bedrock');
    expect(configProviderFor(providerVariant('azure_api_key'), {})).toBe('azure_openai');
    expect(configProviderFor(providerVariant('openai_compatible'), {})).toBe('openai');
    expect(configProviderFor(providerVariant('vertex'), {})).toBe('google');
  });

  it('refuses malformed values with the field’s label in the message', () => {
    const issues = (id: ProviderId, values: Record<string, string>) =>
      credentialValuesSchema(id)
        .safeParse(values)
        .error?.issues.map((i) => i.message) ?? [];
    expect(issues('bedrock', { ...guideExamples.bedrock.values, aws_region: 'US West 2' })).toEqual(['Region must look like us-west-2']);
    expect(issues('openai', { name: 'x', api_key: 'sk- with space' })).toEqual(['API Key cannot contain spaces or line breaks']);
    expect(issues('openai_compatible', { name: 'x', api_key: 'k', base_url: 'api.groq.com' })).toEqual([
      'Base URL must be a full address starting with https://',
    ]);
    expect(issues('vertex', { ...guideExamples.vertex.values, gcp_service_account: '{"type":"user"}' })[0]).toMatch(/service_account/);
  });

  it('checks a service account key: type, and the keys a client cannot work without', () => {
    expect(parseServiceAccount('not json')).toMatchObject({ ok: false, message: expect.stringMatching(/not valid JSON/) });
    expect(parseServiceAccount(JSON.stringify({ ...serviceAccount, private_key: undefined, token_uri: '' }))).toEqual({
      ok: false,
      message: 'is missing private_key, token_uri',
    });
    expect(parseServiceAccount(JSON.stringify(serviceAccount))).toMatchObject({ ok: true, projectId: 'my-project-id' });
  });
});

describe('provider warnings', () => {
  const warn = (id: ProviderId, values: Record<string, string>) =>
    providerWarnings(providerVariant(id), values).map((w) => `${w.field}: ${w.message}`);

  it('flag key prefixes that do not fit, and admin keys', () => {
    expect(warn('openai', { api_key: 'sk-proj-ok' })).toEqual([]);
    expect(warn('openai', { api_key: 'abc' })[0]).toMatch(/^api_key: OpenAI keys usually start with sk-/);
    expect(warn('openai', { api_key: 'sk-admin-x' })[0]).toMatch(/admin key/);
    expect(warn('anthropic', { api_key: 'sk-proj-x' })[0]).toMatch(/Anthropic keys usually start with sk-ant-/);
    expect(warn('gemini', { api_key: 'AQ.newstyle' })).toEqual([]);
  });

  it('flag an ASIA key without a session token, and an unknown region', () => {
    expect(warn('bedrock', { aws_access_key_id: 'ASIAXYZ', aws_region: 'us-west-2' })).toEqual([
      'aws_session_token: ASIA… keys are temporary (STS) credentials and need their Session Token.',
    ]);
    expect(warn('bedrock', { aws_access_key_id: 'ASIAXYZ', aws_session_token: 't', aws_region: 'us-west-9' })).toEqual([
      'aws_region: AWS has no region called us-west-9; check the spelling (for example us-west-2).',
    ]);
  });

  it('flag a base URL the tenant cannot mean, and plain http', () => {
    const local = warn('openai_compatible', { api_key: 'k', base_url: 'http://localhost:11434/v1' });
    expect(local).toHaveLength(2);
    expect(local[0]).toMatch(/The tenant calls this URL, not this computer/);
    expect(warn('openai_compatible', { api_key: 'k', base_url: 'https://10.1.2.3/v1' })[0]).toMatch(/not this computer/);
    expect(warn('openai_compatible', { api_key: 'k', base_url: 'https://api.together.xyz/v1' })).toEqual([]);
  });

  it('flag an Azure endpoint that is not <resource>.openai.azure.com', () => {
    expect(warn('azure_api_key', { azure_endpoint: 'https://myresource.openai.azure.com/' })).toEqual([]);
    expect(warn('azure_api_key', { azure_endpoint: 'https://myresource.cognitiveservices.azure.com/' })[0]).toMatch(
      /<resource>\.openai\.azure\.com/,
    );
    const azureWarning = 'azure_endpoint: Azure OpenAI endpoints look like https://<resource>.openai.azure.com/.';
    for (const endpoint of [
      'http://myresource.openai.azure.com/',
      'https://myresource.openai.azure.com.evil.example/',
      'https://openai.azure.com/',
      'https://myresource.privatelink.openai.azure.com/',
    ])
      expect(warn('azure_service_principal', { azure_endpoint: endpoint }), endpoint).toEqual([azureWarning]);
    // Only Azure's endpoint field is checked, and only as an address.
    expect(warn('openai_compatible', { azure_endpoint: 'https://x.example.com/' })).toEqual([]);
    expect(warn('azure_api_key', { azure_endpoint: 'not an address' })).toEqual([]);
  });

  it('flag every address that means the tenant’s own network, and none on the internet', () => {
    const own = 'base_url: The tenant calls this URL, not this computer';
    const flagged = (host: string) =>
      warn('openai_compatible', { api_key: 'k', base_url: `https://${host}/v1` }).some((w) => w.startsWith(own));
    for (const host of [
      'localhost',
      'llm.localhost',
      '0.0.0.0',
      '127.0.0.1',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.1',
      '192.168.1.20',
      '169.254.169.254',
      '[fd12:3456::1]',
      '[fc00::1]',
      '[fe80::1]',
      '[::1]',
    ])
      expect(flagged(host), host).toBe(true);
    for (const host of ['172.15.0.1', '172.32.0.1', '192.169.1.1', '169.253.1.1', '11.0.0.1', '8.8.8.8', 'fd.example.com', '[2001:db8::1]'])
      expect(flagged(host), host).toBe(false);
    // A public address that shares one number with a private range; a name that starts like an address; an
    // IPv6 address with fd00 inside it, not at its start.
    for (const host of ['52.16.0.1', '34.168.0.1', '3.254.0.1', '10.0.0.1.example.com', '[2001:db8:fd00::1]'])
      expect(flagged(host), host).toBe(false);
    expect(warn('openai_compatible', { api_key: 'k', base_url: 'https://10.1.2.3/v1' })).toEqual([
      "base_url: The tenant calls this URL, not this computer: 10.1.2.3 means the tenant's own network, which is rarely what you want.",
    ]);
    expect(warn('openai_compatible', { api_key: 'k', base_url: 'http://llm.example.com/v1' })).toEqual([
      'base_url: This base URL uses plain http: the API key would travel unencrypted.',
    ]);
    // Another provider's form has no base URL to check.
    expect(warn('openai', { api_key: 'sk-x', base_url: 'http://10.0.0.1/v1' })).toEqual([]);
  });

  it('flag a Groq key that is not one, and an OpenAI key typed for another provider', () => {
    const groq = { base_url: 'https://api.groq.com/openai/v1' };
    expect(warn('openai_compatible', { ...groq, api_key: 'sk-proj-abc' })).toEqual(['api_key: Groq keys usually start with gsk_.']);
    expect(warn('openai_compatible', { ...groq, api_key: '  gsk_abc  ' })).toEqual([]);
    const openAiKey = 'api_key: This looks like an OpenAI key; check that it is for this provider.';
    expect(warn('azure_api_key', { api_key: 'sk-proj-abc' })).toEqual([openAiKey]);
    expect(warn('gemini', { api_key: 'sk-svcacct-abc' })).toEqual([openAiKey]);
    expect(warn('gemini', { api_key: 'xsk-proj-abc' })).toEqual([]);
    expect(warn('openai_compatible', { api_key: 'sk-proj-abc' })).toEqual([]);
    // Spaces around a pasted key are not part of it.
    expect(warn('anthropic', { api_key: '  sk-ant-api03-x ' })).toEqual([]);
    expect(warn('anthropic', { api_key: 'sk-ant-admin01-x' })).toEqual([
      'api_key: This looks like a Anthropic admin key (sk-ant-admin…); admin keys cannot run models.',
    ]);
  });

  it('check AWS keys and regions as typed, spaces aside, and only for AWS', () => {
    expect(warn('bedrock', { aws_access_key_id: ' ASIAXYZ ', aws_session_token: '  ', aws_region: ' us-west-2 ' })).toEqual([
      'aws_session_token: ASIA… keys are temporary (STS) credentials and need their Session Token.',
    ]);
    expect(warn('bedrock', { aws_access_key_id: 'AKIAXYZ', aws_region: 'us-west-2' })).toEqual([]);
    expect(warn('bedrock', {})).toEqual([]);
    expect(warn('azure_api_key', { aws_access_key_id: 'ASIAXYZ', aws_region: 'mars-1' })).toEqual([]);
  });
});

describe('the catalog’s rules', () => {
  it('reads every spelling of a config’s provider as one provider, keeping Bedrock’s region', () => {
    expect(['azure', ' Azure_OpenAI ', 'GEMINI', 'vertexai', 'vertex', 'google', 'bedrock_us-east-1'].map(normalizeConfigProvider)).toEqual(
      ['azure_openai', 'azure_openai', 'google', 'google', 'google', 'google', 'bedrock_us-east-1'],
    );
  });

  it('validates a credential with the provider its type and configs name', () => {
    expect(validateProviderFor('AWS', undefined)).toBe('bedrock');
    expect(validateProviderFor('AZURE', 'azure')).toBe('azure_openai');
    expect(validateProviderFor('GCP', undefined)).toBe('google');
    expect(validateProviderFor('API_KEY', 'anthropic')).toBe('anthropic');
    expect(validateProviderFor('API_KEY', 'OpenAI')).toBe('openai');
    // A plain key with no config, or configs of no known family, cannot be told apart: it is not guessed.
    expect(validateProviderFor('API_KEY', undefined)).toBeUndefined();
    expect(validateProviderFor('API_KEY', 'groq')).toBeUndefined();
    expect(validateProviderFor('SOMETHING_NEW', 'openai')).toBeUndefined();
  });

  it('names Bedrock configs after the region as typed, spaces aside, and refuses a variant it does not know', () => {
    expect(configProviderFor(providerVariant('bedrock'), { aws_region: ' eu-central-1 ' })).toBe('bedrock_eu-central-1');
    // A draft with no region yet names none, rather than a made-up one.
    expect(configProviderFor(providerVariant('bedrock'), {})).toBe('bedrock_');
    expect(() => providerVariant('mistral' as ProviderId)).toThrow('No provider variant mistral');
  });
});

describe('troubleshooting advice', () => {
  it('brings the guide’s table to each failure', () => {
    const openai = providerVariant('openai');
    expect(adviceFor(openai, { status: 401 })?.solution).toBe('Verify the key is correct and active.');
    expect(adviceFor(providerVariant('bedrock'), { status: 403 })?.solution).toMatch(/bedrock:InvokeModel/);
    expect(adviceFor(providerVariant('azure_api_key'), { status: 403 })?.solution).toMatch(/role assignments/);
    expect(adviceFor(openai, { message: 'Model not found' })?.cause).toMatch(/does not match/);
    expect(adviceFor(providerVariant('bedrock'), { message: 'aws_region is required' })?.solution).toBe('Provide the Region.');
    expect(adviceFor(openai, { message: 'api_key is required for API_KEY creds type' })?.solution).toBe('Enter the API Key.');
    expect(adviceFor(providerVariant('azure_api_key'), { message: 'azure_endpoint and api_version are required' })?.cause).toBe(
      'Missing Azure fields',
    );
    expect(adviceFor(openai, { message: 'something else' })).toBeNull();
  });
});

describe('embedding models', () => {
  it('are told apart by id, with known dimensions', () => {
    expect(
      ['text-embedding-3-small', 'amazon.titan-embed-text-v2:0', 'BAAI/bge-m3', 'gemini-embedding-001'].map(looksLikeEmbeddingModel),
    ).toEqual([true, true, true, true]);
    expect(['gpt-4o', 'claude-sonnet-4-5-20250929', 'meta-llama/Llama-3.1-8B-Instruct'].map(looksLikeEmbeddingModel)).toEqual([
      false,
      false,
      false,
    ]);
    expect(knownEmbeddingDimensions('text-embedding-3-large')).toBe(3072);
    expect(knownEmbeddingDimensions('text-embedding-ada-002')).toBe(1536);
    expect(knownEmbeddingDimensions('unknown-embed')).toBeUndefined();
  });
});
