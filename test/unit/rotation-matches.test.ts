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

function state(tenantId: string, credentials: InventoryCredential[]): TenantInventoryState {
  return {
    tenantId,
    status: 'ok',
    stale: false,
    inventory: {
      tenantId,
      readAt: '2026-12-01T10:00:00.000Z',
      credentials,
      configs: credentials.map((c) => ({
        id: `cfg-${c.id}`,
        name: `Config of ${c.id}`,
        provider: c.credsType === 'AWS' ? 'bedrock_us-east-1' : 'openai',
        modelName: 'm',
        credentialId: c.id,
        isEmbedding: false,
        dimensions: null,
        builtIn: false,
        extraConfig: null,
      })),
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
        state('t-two', [credential('b', 'AWS', { aws_access_key_id: 'AKIAEXAMPLEWXYZ' })]),
      ],
      tenants,
    );
    expect(strengths(matches)).toEqual([['t-one', 'a', 'source']]);
  });
});
