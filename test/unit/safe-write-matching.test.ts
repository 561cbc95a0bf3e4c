// What a write that lost its answer adopts: the one credential or config on the tenant that is the
// one it sent, never another admin's of the same name, and never one that was there before.
import { describe, expect, it } from 'vitest';
import type { AlationClient } from '../../src-main/alation/client';
import {
  configMatches,
  createCredentialSafely,
  createLlmConfigSafely,
  fingerprintOf,
  llmConfigBody,
  matchesFingerprint,
} from '../../src-main/alation/safe-writes';
import type { LlmConfig, LlmCredential } from '../../src-main/alation/types';
import { AppError } from '../../src-shared/errors';

const groqBody = { name: 'Groq', creds_type: 'API_KEY', base_url: ' https://api.groq.com/openai/v1 ', api_key: 'gsk_live_abcd1234' };
const listedCredential = (more: Record<string, unknown> = {}) =>
  ({
    id: 'c-new',
    name: 'Groq',
    creds_type: 'API_KEY',
    base_url: 'https://api.groq.com/openai/v1',
    api_key: '****1234',
    ...more,
  }) as LlmCredential;
const lost = () => new AppError('timeout', 'The tenant did not answer in time.', { phase: 'request' });

describe('the fingerprint of a credential sent', () => {
  it('holds its name, its non-secret fields as trimmed, and the last 4 characters of each secret long enough to mask', () => {
    expect(fingerprintOf({ ...groqBody, aws_session_token: 'short' })).toEqual({
      name: 'Groq',
      identity: { creds_type: 'API_KEY', base_url: 'https://api.groq.com/openai/v1' },
      tails: { api_key: '1234' },
    });
    expect(fingerprintOf({ name: 'Eight', creds_type: 'API_KEY', api_key: '12345678' }).tails).toEqual({ api_key: '5678' });
    expect(fingerprintOf({ name: 'Seven', creds_type: 'API_KEY', api_key: '1234567' }).tails).toEqual({});
  });

  it('matches the listed credential only with the same name, fields and visible end', () => {
    const fp = fingerprintOf(groqBody);
    expect(matchesFingerprint(listedCredential(), fp)).toBe(true);
    expect(matchesFingerprint(listedCredential({ base_url: '  https://api.groq.com/openai/v1  ' }), fp)).toBe(true);
    expect(matchesFingerprint(listedCredential({ name: 'Groq 2' }), fp)).toBe(false);
    expect(matchesFingerprint(listedCredential({ base_url: 'https://api.together.xyz/v1' }), fp)).toBe(false);
    expect(matchesFingerprint(listedCredential({ api_key: '****9999' }), fp)).toBe(false);
    // A listing that does not show a field that was sent is another credential's.
    expect(matchesFingerprint(listedCredential({ base_url: undefined }), fp)).toBe(false);
    // A listing that does not mask the secret at all cannot tell: the name and fields decide.
    expect(matchesFingerprint(listedCredential({ api_key: undefined }), fp)).toBe(true);
    // A non-secret field shown masked (an access key ID) fits by its visible end.
    const aws = fingerprintOf({ name: 'AWS', creds_type: 'AWS', aws_access_key_id: 'AKIAEXAMPLEWXYZ', aws_region: 'us-east-1' });
    const listedAws = { id: 'a', name: 'AWS', creds_type: 'AWS', aws_region: 'us-east-1' } as LlmCredential;
    expect(matchesFingerprint({ ...listedAws, aws_access_key_id: '****WXYZ' } as LlmCredential, aws)).toBe(true);
    expect(matchesFingerprint({ ...listedAws, aws_access_key_id: '****0000' } as LlmCredential, aws)).toBe(false);
  });
});

describe('a config sent', () => {
  it('has the embedding fields only for an embedding model, and its extra config only when it has one', () => {
    const base = { name: 'GPT', provider: 'openai', credentialId: 'c1', modelName: 'gpt-4o' };
    expect(llmConfigBody({ ...base, isEmbedding: false, dimensions: 1536 })).toEqual({
      name: 'GPT',
      provider: 'openai',
      llm_credentials_id: 'c1',
      model_name: 'gpt-4o',
    });
    expect(llmConfigBody({ ...base, isEmbedding: true, dimensions: 1536 })).toMatchObject({
      is_embedding: true,
      embedding_dimensions: 1536,
    });
    expect('embedding_dimensions' in llmConfigBody({ ...base, isEmbedding: true, dimensions: null })).toBe(false);
    const extra = { extra_config_type: 'openai_config' as const, reasoning_effort: 'low' as const };
    expect(llmConfigBody({ ...base, isEmbedding: false, extraConfig: extra }).llm_extra_config).toEqual(extra);
  });

  it('is the listed config with the same name, model, credential and kind', () => {
    const body = llmConfigBody({ name: 'GPT', provider: 'openai', credentialId: 'c1', modelName: 'gpt-4o', isEmbedding: false });
    const listed = { id: 'k1', name: 'GPT', provider: 'openai', model_name: 'gpt-4o', llm_credentials_id: 'c1' } as LlmConfig;
    expect(configMatches(listed, body)).toBe(true);
    for (const other of [
      { name: 'GPT 2' },
      { model_name: 'gpt-4.1' },
      { llm_credentials_id: 'c2' },
      { llm_credentials_id: null },
      { is_embedding: true },
    ])
      expect(configMatches({ ...listed, ...other } as LlmConfig, body), JSON.stringify(other)).toBe(false);
  });
});

describe('a create whose answer is lost', () => {
  function tenantWith(listings: LlmCredential[][], create: () => Promise<LlmCredential>) {
    const calls: string[] = [];
    const client = {
      listCredentials: async () => {
        calls.push('list');
        return listings.shift() ?? [];
      },
      createCredential: async () => {
        calls.push('create');
        return create();
      },
    } as unknown as AlationClient;
    return { client, calls };
  }

  it('adopts the new credential it finds, and never one that was there before it', async () => {
    const before = listedCredential({ id: 'c-old' });
    const t = tenantWith([[before], [before, listedCredential()]], () => Promise.reject(lost()));
    expect(await createCredentialSafely(t.client, groqBody)).toEqual({ value: listedCredential(), adopted: true });
    expect(t.calls).toEqual(['list', 'create', 'list']);
    const nothingNew = tenantWith([[before], [before]], () => Promise.reject(lost()));
    await expect(createCredentialSafely(nothingNew.client, groqBody)).rejects.toMatchObject({ code: 'timeout' });
  });

  it('makes it once when the tenant answers, and does not look when the tenant refused', async () => {
    const made = tenantWith([[]], async () => listedCredential());
    expect(await createCredentialSafely(made.client, groqBody)).toEqual({ value: listedCredential(), adopted: false });
    const refused = tenantWith([[]], () => Promise.reject(new AppError('validation', 'Bad key')));
    await expect(createCredentialSafely(refused.client, groqBody)).rejects.toMatchObject({ code: 'validation' });
    expect(refused.calls).toEqual(['list', 'create']);
  });

  it('says the credential may have landed when even the look fails, with what to look for', async () => {
    const calls: string[] = [];
    const client = {
      listCredentials: async () => {
        calls.push('list');
        if (calls.length > 1) throw new AppError('network', 'unreachable');
        return [listedCredential({ id: 'c-old' }), listedCredential({ id: 'c-other', name: 'Groq EU' })];
      },
      createCredential: () => Promise.reject(lost()),
    } as unknown as AlationClient;
    const error = (await createCredentialSafely(client, groqBody).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('timeout');
    expect(error.message).toBe(
      'The tenant did not answer in time. The credential “Groq” may have been created anyway; ' +
        'BYOM Desk will look for it before trying again.',
    );
    expect(error.details).toMatchObject({ phase: 'request', unconfirmed: { fingerprint: fingerprintOf(groqBody), knownIds: ['c-old'] } });
  });

  it('adopts a config that landed, or one that was there already, and reads the credential’s configs only', async () => {
    const body = llmConfigBody({ name: 'GPT', provider: 'openai', credentialId: 'c1', modelName: 'gpt-4o', isEmbedding: false });
    const landed = { id: 'k1', name: 'GPT', provider: 'openai', model_name: 'gpt-4o', llm_credentials_id: 'c1' } as LlmConfig;
    const filters: unknown[] = [];
    let listing: LlmConfig[] = [];
    const client = {
      listLlmConfigs: async (filter: unknown) => {
        filters.push(filter);
        return listing;
      },
      createLlmConfig: async () => {
        listing = [landed];
        throw lost();
      },
    } as unknown as AlationClient;
    expect(await createLlmConfigSafely(client, body)).toEqual({ value: landed, adopted: true });
    expect(filters).toEqual([{ llmCredentialsId: 'c1' }, { llmCredentialsId: 'c1' }]);
    expect(await createLlmConfigSafely(client, body, { existing: [landed] })).toEqual({ value: landed, adopted: true });
    listing = [];
    const made = { ...client, createLlmConfig: async () => landed } as unknown as AlationClient;
    expect(await createLlmConfigSafely(made, body, { existing: [] })).toEqual({ value: landed, adopted: false });
    filters.length = 0;
    const refused = { ...client, createLlmConfig: () => Promise.reject(new AppError('validation', 'no')) } as unknown as AlationClient;
    await expect(createLlmConfigSafely(refused, body, { existing: [] })).rejects.toMatchObject({ code: 'validation' });
    // The tenant said no: nothing landed, so it does not look.
    expect(filters).toEqual([]);
    const lostAndGone = { ...client, createLlmConfig: () => Promise.reject(lost()) } as unknown as AlationClient;
    await expect(createLlmConfigSafely(lostAndGone, body, { existing: [] })).rejects.toMatchObject({ code: 'timeout' });
    // A look that fails too leaves the write's own error.
    const lostUnseen = {
      listLlmConfigs: () => Promise.reject(new AppError('network', 'unreachable')),
      createLlmConfig: () => Promise.reject(lost()),
    } as unknown as AlationClient;
    await expect(createLlmConfigSafely(lostUnseen, body, { existing: [] })).rejects.toMatchObject({ code: 'timeout' });
  });
});
