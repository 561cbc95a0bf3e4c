// Which credentials hold the same key, from the listings alone: the rule that decides what a
// rotation offers. A masked end that differs is another key; a different identity is another
// account; the credential the user chose is always offered, whatever its listing shows.
import { describe, expect, it } from 'vitest';
import type { InventoryCredential, TenantInventoryState } from '../../src-shared/inventory';
import { findRotationMatches } from '../../src-shared/rotation';

const tenants = [
  { id: 't-one', name: 'One', environment: { label: 'Development', color: '#2f7d32' } },
  { id: 't-two', name: 'Two', environment: { label: 'Production', color: '#c62828' } },
];

function credential(
  id: string,
  credsType: string,
  details: InventoryCredential['details'],
  masked: Record<string, string> = {},
): InventoryCredential {
  return { id, name: `Key ${id}`, credsType, details, masked, createdAt: null, updatedAt: null };
}

type Config = NonNullable<TenantInventoryState['inventory']>['configs'][number];

/** A config on a credential; by default the provider its creds type implies. */
function config(id: string, credentialId: string | null, provider: string, extra: Partial<Config> = {}): Config {
  return {
    id,
    name: `Config ${id}`,
    provider,
    modelName: 'm',
    credentialId,
    isEmbedding: false,
    dimensions: null,
    builtIn: false,
    extraConfig: null,
    ...extra,
  };
}

/** A tenant's inventory; each credential gets one config of its own unless `configs` are given. */
function state(tenantId: string, credentials: InventoryCredential[], configs?: Config[]): TenantInventoryState {
  return {
    tenantId,
    status: 'ok',
    stale: false,
    inventory: {
      tenantId,
      readAt: '2026-12-01T10:00:00.000Z',
      credentials,
      configs: configs ?? credentials.map((c) => config(`cfg-${c.id}`, c.id, c.credsType === 'AWS' ? 'bedrock_us-east-1' : 'openai')),
      preference: { defaultLlmConfigId: null, defaultEmbeddingConfigId: null, hideDefaultModels: false },
      overrides: [],
    },
  };
}

const strengths = (matches: ReturnType<typeof findRotationMatches>) => matches.map((m) => [m.tenantId, m.credentialId, m.strength]);

describe('findRotationMatches', () => {
  it('offers the same base URL with the same masked end as the same key, and never one whose end differs', () => {
    const base = { base_url: 'https://api.groq.com/openai/v1' };
    const states = [
      state('t-one', [credential('a', 'API_KEY', base, { api_key: '****a1b2' })]),
      state('t-two', [
        credential('b', 'API_KEY', { base_url: 'https://api.groq.com/openai/v1/' }, { api_key: '****a1b2' }),
        credential('c', 'API_KEY', base, { api_key: '****zz99' }),
        credential('d', 'API_KEY', { base_url: 'https://other.example.com/v1' }, { api_key: '****a1b2' }),
      ]),
    ];
    const matches = findRotationMatches({ tenantId: 't-one', credentialId: 'a' }, states, tenants);
    expect(strengths(matches)).toEqual([
      ['t-one', 'a', 'source'],
      ['t-two', 'b', 'same-key'],
    ]);
    expect(matches[1]!.reasons).toEqual(['same Base URL https://api.groq.com/openai/v1/', 'API Key ends a1b2']);
    // The chosen key's own row says what identifies it too.
    expect(matches[0]!.reasons).toEqual(['same Base URL https://api.groq.com/openai/v1', 'API Key ends a1b2']);
  });

  it('takes a credential with the chosen one’s ID on another tenant for another credential, offered only if it holds the key', () => {
    // Each tenant numbers its own credentials: ID 7 on one tenant and ID 7 on another are unrelated.
    const states = [
      state('t-one', [credential('7', 'API_KEY', { base_url: 'https://api.groq.com/openai/v1' }, { api_key: '****a1b2' })]),
      state('t-two', [credential('7', 'API_KEY', { base_url: 'https://api.together.xyz/v1' }, { api_key: '****0000' })]),
    ];
    expect(strengths(findRotationMatches({ tenantId: 't-one', credentialId: '7' }, states, tenants))).toEqual([['t-one', '7', 'source']]);
  });

  it('offers a plain API key with no mask as the same provider only, and an AWS key by its access key ID', () => {
    const plain = findRotationMatches(
      { tenantId: 't-one', credentialId: 'a' },
      [state('t-one', [credential('a', 'API_KEY', {})]), state('t-two', [credential('b', 'API_KEY', {})])],
      tenants,
    );
    expect(strengths(plain)).toEqual([
      ['t-one', 'a', 'source'],
      ['t-two', 'b', 'type-only'],
    ]);
    const aws = findRotationMatches(
      { tenantId: 't-one', credentialId: 'a' },
      [
        state('t-one', [credential('a', 'AWS', { aws_region: 'us-east-1' }, { aws_access_key_id: '****WXYZ' })]),
        state('t-two', [
          credential('b', 'AWS', { aws_region: 'eu-west-1', aws_access_key_id: 'AKIAEXAMPLEWXYZ' }),
          credential('c', 'AWS', { aws_access_key_id: 'AKIAEXAMPLE0000' }),
        ]),
      ],
      tenants,
    );
    expect(strengths(aws)).toEqual([
      ['t-one', 'a', 'source'],
      ['t-two', 'b', 'same-identity'],
    ]);
  });

  it('always offers the chosen credential, even when its listing shows no identity to compare', () => {
    // A Bedrock listing without the access key ID, in clear or masked.
    const matches = findRotationMatches(
      { tenantId: 't-one', credentialId: 'a' },
      [
        state('t-one', [credential('a', 'AWS', { aws_region: 'us-east-1' })]),
        // Neither shows an access key ID: nothing says they are one account, so b is not offered.
        state('t-two', [
          credential('b', 'AWS', { aws_access_key_id: 'AKIAEXAMPLEWXYZ' }),
          credential('c', 'AWS', { aws_region: 'us-east-1' }),
        ]),
      ],
      tenants,
    );
    expect(strengths(matches)).toEqual([['t-one', 'a', 'source']]);
    expect(matches[0]!.reasons).toEqual([]);
  });

  it('the source credential is found on whichever tenant holds it', () => {
    // The chosen key is the second credential of the second tenant; the first of each is another key.
    const states = [
      state('t-one', [
        credential('x', 'API_KEY', { base_url: 'https://api.together.xyz/v1' }, { api_key: '****0000' }),
        credential('y', 'API_KEY', { base_url: 'https://api.groq.com/openai/v1' }, { api_key: '****a1b2' }),
      ]),
      state('t-two', [
        credential('p', 'API_KEY', { base_url: 'https://api.together.xyz/v1' }, { api_key: '****0000' }),
        credential('q', 'API_KEY', { base_url: 'https://api.groq.com/openai/v1' }, { api_key: '****a1b2' }),
      ]),
    ];
    const matches = findRotationMatches({ tenantId: 't-two', credentialId: 'q' }, states, tenants);
    expect(strengths(matches)).toEqual([
      ['t-two', 'q', 'source'],
      ['t-one', 'y', 'same-key'],
    ]);
    expect(matches[0]!.key.details.base_url).toBe('https://api.groq.com/openai/v1');
    // A source that is not in the inventory (deleted since, or its tenant never read) offers nothing.
    expect(findRotationMatches({ tenantId: 't-two', credentialId: 'gone' }, states, tenants)).toEqual([]);
    expect(findRotationMatches({ tenantId: 't-three', credentialId: 'q' }, states, tenants)).toEqual([]);
  });

  it('base URLs match whatever their case and trailing slashes', () => {
    const states = [
      state('t-one', [credential('a', 'API_KEY', { base_url: 'https://api.groq.com/openai/v1' }, { api_key: '****a1b2' })]),
      state('t-two', [
        credential('b', 'API_KEY', { base_url: 'HTTPS://API.GROQ.COM/openai/v1//' }, { api_key: '****a1b2' }),
        credential('c', 'API_KEY', { base_url: ' https://api.groq.com/openai/v1 ' }, { api_key: '****a1b2' }),
        credential('d', 'API_KEY', { base_url: 'https://api.groq.com/openai/v2' }, { api_key: '****a1b2' }),
      ]),
    ];
    expect(strengths(findRotationMatches({ tenantId: 't-one', credentialId: 'a' }, states, tenants))).toEqual([
      ['t-one', 'a', 'source'],
      ['t-two', 'b', 'same-key'],
      ['t-two', 'c', 'same-key'],
    ]);
    // Case only: two hosts that capitals would spell alike (straße, strasse) are two hosts.
    const idn = [
      state('t-one', [credential('a', 'API_KEY', { base_url: 'https://llm.straße.example/v1' }, { api_key: '****a1b2' })]),
      state('t-two', [credential('b', 'API_KEY', { base_url: 'https://llm.strasse.example/v1' }, { api_key: '****a1b2' })]),
    ];
    expect(strengths(findRotationMatches({ tenantId: 't-one', credentialId: 'a' }, idn, tenants))).toEqual([['t-one', 'a', 'source']]);
  });

  it('only the credential\u2019s own configs decide its provider', () => {
    // Plain API keys with no mask: the provider of each comes from the configs that use it. Another
    // credential's Anthropic config on the same tenant says nothing about these OpenAI keys.
    const states = [
      state(
        't-one',
        [credential('a', 'API_KEY', {}), credential('z', 'API_KEY', {})],
        [config('c-a', 'a', 'openai'), config('c-z', 'z', 'anthropic')],
      ),
      state(
        't-two',
        [credential('b', 'API_KEY', {}), credential('c', 'API_KEY', {})],
        [config('c-b', 'b', 'anthropic'), config('c-c', 'c', 'openai'), config('c-c2', 'c', 'openai')],
      ),
    ];
    const matches = findRotationMatches({ tenantId: 't-one', credentialId: 'a' }, states, tenants);
    expect(strengths(matches)).toEqual([
      ['t-one', 'a', 'source'],
      ['t-two', 'c', 'type-only'],
    ]);
    expect(matches.every((m) => m.providerId === 'openai')).toBe(true);
    // Each offer lists the configs a new key reaches: the credential's own, never another's.
    expect(matches.map((m) => m.configs.map((c) => c.id))).toEqual([['c-a'], ['c-c', 'c-c2']]);
    expect(matches[1]!.configs[0]).toEqual({ id: 'c-c', name: 'Config c-c', modelName: 'm' });
    // The words say why: the same provider only, and the chosen one needs no reason.
    expect(matches[0]!.reasons).toEqual([]);
    expect(matches[1]!.reasons).toEqual(['same provider (OpenAI); the listing shows no part of the key to compare']);
  });

  it('offers the chosen key first, then the same key, then the same account with no end to compare', () => {
    const groq = { base_url: 'https://api.groq.com/openai/v1' };
    const states = [
      state('t-one', [credential('b', 'API_KEY', groq), credential('c', 'API_KEY', groq, { api_key: '****a1b2' })]),
      { tenantId: 't-three', status: 'error', stale: false, inventory: null } as unknown as TenantInventoryState,
      state('t-two', [credential('a', 'API_KEY', groq, { api_key: '****a1b2' })]),
    ];
    const three = [...tenants, { id: 't-three', name: 'Three', environment: { label: 'Test', color: '#555555' } }];
    const matches = findRotationMatches({ tenantId: 't-two', credentialId: 'a' }, states, [...three, { ...three[0]!, id: 't-unread' }]);
    // A tenant not read yet (no inventory) is passed over, not a failure.
    expect(strengths(matches)).toEqual([
      ['t-two', 'a', 'source'],
      ['t-one', 'c', 'same-key'],
      ['t-one', 'b', 'same-identity'],
    ]);
    expect(matches[2]!.reasons).toEqual(['same Base URL https://api.groq.com/openai/v1']);
  });

  it('offers an Azure key only at the same endpoint (and client ID), a Vertex key only in the same project', () => {
    const endpoint = { azure_endpoint: 'https://acme.openai.azure.com/' };
    const azure = [
      state('t-one', [credential('a', 'AZURE', endpoint, { api_key: '****k3y1' })]),
      state('t-two', [
        credential('b', 'AZURE', { azure_endpoint: 'https://acme.openai.azure.com' }, { api_key: '****k3y1' }),
        credential('c', 'AZURE', { azure_endpoint: 'https://other.openai.azure.com/' }, { api_key: '****k3y1' }),
      ]),
    ];
    expect(strengths(findRotationMatches({ tenantId: 't-one', credentialId: 'a' }, azure, tenants))).toEqual([
      ['t-one', 'a', 'source'],
      ['t-two', 'b', 'same-key'],
    ]);
    const principal = { ...endpoint, azure_client_id: 'client-1' };
    const principals = [
      state('t-one', [credential('a', 'AZURE', principal, { azure_client_secret: '****s3c1' })]),
      state('t-two', [
        credential('b', 'AZURE', principal, { azure_client_secret: '****s3c1' }),
        credential('c', 'AZURE', { ...endpoint, azure_client_id: 'client-2' }, { azure_client_secret: '****s3c1' }),
        credential(
          'd',
          'AZURE',
          { azure_endpoint: 'https://other.openai.azure.com/', azure_client_id: 'client-1' },
          { azure_client_secret: '****s3c1' },
        ),
      ]),
    ];
    expect(strengths(findRotationMatches({ tenantId: 't-one', credentialId: 'a' }, principals, tenants))).toEqual([
      ['t-one', 'a', 'source'],
      ['t-two', 'b', 'same-key'],
    ]);
    const vertex = [
      state('t-one', [credential('a', 'GCP', { gcp_project: 'acme-ai' })]),
      state('t-two', [credential('b', 'GCP', { gcp_project: 'acme-ai' }), credential('c', 'GCP', { gcp_project: 'acme-other' })]),
    ];
    expect(strengths(findRotationMatches({ tenantId: 't-one', credentialId: 'a' }, vertex, tenants))).toEqual([
      ['t-one', 'a', 'source'],
      ['t-two', 'b', 'same-identity'],
    ]);
  });

  it('offers Anthropic and Gemini keys whose listings show nothing as the same provider only', () => {
    const anthropic = [
      state('t-one', [credential('a', 'API_KEY', {})], [config('c-a', 'a', 'anthropic')]),
      state('t-two', [credential('b', 'API_KEY', {})], [config('c-b', 'b', 'anthropic')]),
    ];
    expect(strengths(findRotationMatches({ tenantId: 't-one', credentialId: 'a' }, anthropic, tenants))).toEqual([
      ['t-one', 'a', 'source'],
      ['t-two', 'b', 'type-only'],
    ]);
    const gemini = [state('t-one', [credential('a', 'GCP', {})]), state('t-two', [credential('b', 'GCP', {})])];
    expect(strengths(findRotationMatches({ tenantId: 't-one', credentialId: 'a' }, gemini, tenants))).toEqual([
      ['t-one', 'a', 'source'],
      ['t-two', 'b', 'type-only'],
    ]);
  });

  it('compares an access key ID shown masked on either side by its visible end, as the account and not as the key', () => {
    const source = credential('a', 'AWS', { aws_access_key_id: 'AKIAEXAMPLEWXYZ' }, { aws_secret_access_key: '****' });
    const states = [
      state('t-one', [source]),
      state('t-two', [
        credential('b', 'AWS', {}, { aws_access_key_id: '****WXYZ', aws_secret_access_key: '****' }),
        credential('c', 'AWS', {}, { aws_access_key_id: '****0000' }),
      ]),
    ];
    expect(strengths(findRotationMatches({ tenantId: 't-one', credentialId: 'a' }, states, tenants))).toEqual([
      ['t-one', 'a', 'source'],
      ['t-two', 'b', 'same-identity'],
    ]);
    const bothMasked = [
      state('t-one', [credential('a', 'AWS', {}, { aws_access_key_id: '****WXYZ' })]),
      state('t-two', [
        credential('b', 'AWS', {}, { aws_access_key_id: '****WXYZ' }),
        credential('c', 'AWS', {}, { aws_access_key_id: '****0000' }),
      ]),
    ];
    const matches = findRotationMatches({ tenantId: 't-one', credentialId: 'a' }, bothMasked, tenants);
    expect(strengths(matches)).toEqual([
      ['t-one', 'a', 'source'],
      ['t-two', 'b', 'same-identity'],
    ]);
    expect(matches[1]!.reasons).toEqual(['same Access Key ID ****WXYZ']);
    // Both masked, the visible ends must be the same: a listing that shows less is not taken for the same account.
    const shorterMask = [
      state('t-one', [credential('a', 'AWS', {}, { aws_access_key_id: '****XYZ' })]),
      state('t-two', [credential('b', 'AWS', {}, { aws_access_key_id: '****WXYZ' })]),
    ];
    expect(strengths(findRotationMatches({ tenantId: 't-one', credentialId: 'a' }, shorterMask, tenants))).toEqual([
      ['t-one', 'a', 'source'],
    ]);
  });
});
