// GET by id and PATCH of credentials and configs; tenants without PATCH; changes behind the app's back.
import { describe, expect, it } from 'vitest';
import { type FakeTenant, type FakeTenantOptions } from './server';
import { CONFIGS, CREDS, GUIDE_CREDENTIALS, OVERRIDES, PREF, api, createConfig, createCredential, fakeTenantPerTest } from './test-helpers';

const start = fakeTenantPerTest();

const UNKNOWN = '7b0e8d7e-3f7a-4a43-9d54-3b8f0f1f2a11';

const stored = (t: FakeTenant, id: string) => t.state().credentials.find((c) => c.id === id)!;

describe('GET by id', () => {
  it('answers a credential like its list item; 404 unknown, 422 malformed', async () => {
    const t = await start();
    const id = await createCredential(t, GUIDE_CREDENTIALS.azureKey);
    const one = await api(t, 'GET', `${CREDS}/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual((await api(t, 'GET', CREDS)).body.data[0]);
    expect((await api(t, 'GET', `${CREDS}/${id.toUpperCase()}`)).body.id).toBe(id);
    const unknown = await api(t, 'GET', `${CREDS}/${UNKNOWN}`);
    expect(unknown.status).toBe(404);
    expect(typeof unknown.body.detail).toBe('string');
    const bad = await api(t, 'GET', `${CREDS}/nope`);
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({ loc: ['path', 'credentials_id'], type: 'uuid_parsing' });
  });

  it('answers a config like its list item; 404 unknown, 422 malformed', async () => {
    const t = await start({ builtInConfigs: false });
    const cred = await createCredential(t, GUIDE_CREDENTIALS.openai);
    const id = await createConfig(t, { name: 'Chat', provider: 'openai', llm_credentials_id: cred, model_name: 'gpt-4o' });
    const one = await api(t, 'GET', `${CONFIGS}/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual((await api(t, 'GET', CONFIGS)).body.data[0]);
    expect((await api(t, 'GET', `${CONFIGS}/${UNKNOWN}`)).status).toBe(404);
    const bad = await api(t, 'GET', `${CONFIGS}/12`);
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({ loc: ['path', 'config_id'], type: 'uuid_parsing' });
  });
});

describe('PATCH /llm_credentials/{id}', () => {
  it('rotates a key: only the given fields change, the new secret is stored and validated', async () => {
    const t = await start();
    const id = await createCredential(t, GUIDE_CREDENTIALS.openai);
    const before = (await api(t, 'GET', `${CREDS}/${id}`)).body;
    const r = await api(t, 'PATCH', `${CREDS}/${id}`, { api_key: 'sk-proj-invalid-new-key-0001' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ...before, api_key: '****0001', updated_at: expect.any(String) });
    expect(Date.parse(r.body.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
    expect(r.body.created_at).toBe(before.created_at);
    expect(stored(t, id).secrets.api_key).toBe('sk-proj-invalid-new-key-0001');
    // validation uses the new secret: the key convention now applies to it
    expect((await api(t, 'POST', `${CREDS}/${id}/validate`, { provider: 'openai' })).status).toBe(401);
    await api(t, 'PATCH', `${CREDS}/${id}`, { api_key: 'sk-proj-good-again-0002' });
    expect((await api(t, 'POST', `${CREDS}/${id}/validate`, { provider: 'openai' })).body.valid).toBe(true);
  });

  it('renames, and rotates AWS keys with or without a session token (null clears it)', async () => {
    const t = await start();
    const id = await createCredential(t, { ...GUIDE_CREDENTIALS.bedrock, aws_session_token: 'session-token-one-1111' });
    const renamed = await api(t, 'PATCH', `${CREDS}/${id}`, { name: 'Bedrock (rotated)' });
    expect(renamed.body).toMatchObject({ name: 'Bedrock (rotated)', aws_region: 'us-west-2' });
    const rotated = await api(t, 'PATCH', `${CREDS}/${id}`, {
      aws_access_key_id: 'AKIANEWNEWNEWNEW2222',
      aws_secret_access_key: 'new-secret-access-key-3333',
      aws_session_token: null,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ aws_access_key_id: '****2222', aws_session_token: null });
    expect(stored(t, id).secrets).toEqual({
      aws_access_key_id: 'AKIANEWNEWNEWNEW2222',
      aws_secret_access_key: 'new-secret-access-key-3333',
    });
  });

  it('keeps the variant rules after the merge (400), and changes nothing then', async () => {
    const t = await start();
    const key = await createCredential(t, GUIDE_CREDENTIALS.openai);
    const azureKey = await createCredential(t, GUIDE_CREDENTIALS.azureKey);
    const azureSp = await createCredential(t, GUIDE_CREDENTIALS.azureSp);
    const vertex = await createCredential(t, GUIDE_CREDENTIALS.vertex);
    const before = t.state();
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [key, { api_key: '  ' }, /^api_key is required for API_KEY creds type$/],
      [key, { api_key: null }, /^api_key is required/],
      [key, { creds_type: 'AWS' }, /creds_type cannot be changed/],
      [key, { base_url: 'not a url' }, /base_url must be a valid http\(s\) URL/],
      [
        azureKey,
        { azure_client_id: 'c', azure_client_secret: 's', azure_token_url: 'https://login.microsoftonline.com/t/oauth2/v2.0/token' },
        /not both/,
      ],
      [
        azureKey,
        {
          api_key: null,
          azure_client_id: 'c',
          azure_client_secret: 's',
          azure_token_url: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
        },
        /cannot be changed/,
      ],
      [azureSp, { api_key: 'k' }, /not both/],
      [azureKey, { azure_endpoint: '' }, /azure_endpoint and api_version are required/],
      [vertex, { gcp_service_account: '****beef' }, /service account key JSON/],
    ];
    for (const [id, body, message] of cases) {
      const r = await api(t, 'PATCH', `${CREDS}/${id}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.detail).toMatch(message);
    }
    expect(t.state()).toEqual(before);
    // creds_type may be sent unchanged
    expect((await api(t, 'PATCH', `${CREDS}/${key}`, { creds_type: 'API_KEY', name: 'Same type' })).status).toBe(200);
  });

  it('refuses a change that configs of the credential would no longer fit', async () => {
    const t = await start();
    const id = await createCredential(t, GUIDE_CREDENTIALS.bedrock);
    const cfg = await createConfig(t, {
      name: 'Sonnet',
      provider: 'bedrock_us-west-2',
      llm_credentials_id: id,
      model_name: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    });
    const r = await api(t, 'PATCH', `${CREDS}/${id}`, { aws_region: 'eu-central-1' });
    expect(r.status).toBe(400);
    expect(r.body.llm_config_ids).toEqual([cfg]);
    expect(stored(t, id).aws_region).toBe('us-west-2');
    await api(t, 'DELETE', `${CONFIGS}/${cfg}`);
    expect((await api(t, 'PATCH', `${CREDS}/${id}`, { aws_region: 'eu-central-1' })).body.aws_region).toBe('eu-central-1');
  });

  it('stores an echoed masked value as given, and the provider then refuses it', async () => {
    const t = await start();
    const id = await createCredential(t, GUIDE_CREDENTIALS.openai);
    const masked = (await api(t, 'GET', `${CREDS}/${id}`)).body.api_key as string;
    expect((await api(t, 'PATCH', `${CREDS}/${id}`, { name: 'Edited in a form', api_key: masked })).status).toBe(200);
    expect(stored(t, id).secrets.api_key).toBe(masked);
    const v = await api(t, 'POST', `${CREDS}/${id}/validate`, { provider: 'openai' });
    expect(v.status).toBe(401);
    expect(v.body.valid).toBe(false);
  });

  it('answers 422 for malformed bodies and ids, 404 for unknown ids', async () => {
    const t = await start();
    const id = await createCredential(t, GUIDE_CREDENTIALS.openai);
    const bad = await api(t, 'PATCH', `${CREDS}/${id}`, { name: '', api_key: 42 });
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d: { loc: string[] }) => d.loc.join('.')).sort()).toEqual(['body.api_key', 'body.name']);
    expect(bad.text).not.toContain('42');
    expect((await api(t, 'PATCH', `${CREDS}/${id}`, '[1]')).status).toBe(422);
    expect((await api(t, 'PATCH', `${CREDS}/x`, { name: 'n' })).status).toBe(422);
    expect((await api(t, 'PATCH', `${CREDS}/${UNKNOWN}`, { name: 'n' })).status).toBe(404);
  });
});

describe('PATCH /config/llm/{id}', () => {
  async function setup(
    options: FakeTenantOptions = {},
  ): Promise<{ t: FakeTenant; cred: string; chat: string; emb: string; aws: string; sonnet: string }> {
    const t = await start({ builtInConfigs: false, ...options });
    const cred = await createCredential(t, GUIDE_CREDENTIALS.openai);
    const chat = await createConfig(t, { name: 'tmp-1', provider: 'openai', llm_credentials_id: cred, model_name: 'gpt-4o' });
    const emb = await createConfig(t, {
      name: 'Emb',
      provider: 'openai',
      llm_credentials_id: cred,
      model_name: 'text-embedding-3-small',
      is_embedding: true,
      embedding_dimensions: 1536,
    });
    const aws = await createCredential(t, GUIDE_CREDENTIALS.bedrock);
    const sonnet = await createConfig(t, {
      name: 'Sonnet',
      provider: 'bedrock_us-west-2',
      llm_credentials_id: aws,
      model_name: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    });
    return { t, cred, chat, emb, aws, sonnet };
  }

  it('renames and changes the model; other fields stay', async () => {
    const { t, chat, cred } = await setup();
    const before = (await api(t, 'GET', `${CONFIGS}/${chat}`)).body;
    const r = await api(t, 'PATCH', `${CONFIGS}/${chat}`, { name: 'My GPT-4.1', model_name: 'gpt-4.1' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ...before, name: 'My GPT-4.1', model_name: 'gpt-4.1', updated_at: r.body.updated_at });
    expect(Date.parse(r.body.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
    expect((await api(t, 'GET', `${CONFIGS}/${chat}`)).body).toEqual(r.body);
    // provider and credential may be sent unchanged
    expect((await api(t, 'PATCH', `${CONFIGS}/${chat}`, { provider: 'openai', llm_credentials_id: cred.toUpperCase() })).status).toBe(200);
  });

  it('refuses to change provider or credential (400), and built-ins (403)', async () => {
    const { t, chat, aws } = await setup();
    const provider = await api(t, 'PATCH', `${CONFIGS}/${chat}`, { provider: 'anthropic' });
    expect(provider.status).toBe(400);
    expect(provider.body.detail).toMatch(/provider cannot be changed/);
    const cred = await api(t, 'PATCH', `${CONFIGS}/${chat}`, { llm_credentials_id: aws });
    expect(cred.status).toBe(400);
    expect(cred.body.detail).toMatch(/llm_credentials_id cannot be changed/);
    expect((await api(t, 'GET', `${CONFIGS}/${chat}`)).body).toMatchObject({ provider: 'openai', name: 'tmp-1' });
  });

  it('keeps the embedding rules, and does not flip a config that a default or override uses', async () => {
    const { t, chat, emb } = await setup();
    const dims = await api(t, 'PATCH', `${CONFIGS}/${chat}`, { embedding_dimensions: 1536 });
    expect(dims.status).toBe(400);
    // flipping to completion needs the dimensions cleared too
    expect((await api(t, 'PATCH', `${CONFIGS}/${emb}`, { is_embedding: false })).status).toBe(400);
    const resized = await api(t, 'PATCH', `${CONFIGS}/${emb}`, { model_name: 'text-embedding-3-large', embedding_dimensions: 3072 });
    expect(resized.body).toMatchObject({ is_embedding: true, embedding_dimensions: 3072 });

    await api(t, 'PUT', PREF, { default_llm_config_id: chat, default_embedding_config_id: emb });
    expect((await api(t, 'PATCH', `${CONFIGS}/${chat}`, { is_embedding: true })).status).toBe(400);
    expect((await api(t, 'PATCH', `${CONFIGS}/${emb}`, { is_embedding: false, embedding_dimensions: null })).status).toBe(400);
    await api(t, 'PUT', PREF, { default_llm_config_id: null });
    await api(t, 'PUT', OVERRIDES, { feature_type: 'PRODUCT_AREA', feature_key: 'catalog_chat', llm_config_id: chat });
    expect((await api(t, 'PATCH', `${CONFIGS}/${chat}`, { is_embedding: true })).status).toBe(400);
    await api(t, 'DELETE', `${OVERRIDES}/PRODUCT_AREA/catalog_chat`);
    expect(
      (await api(t, 'PATCH', `${CONFIGS}/${chat}`, { is_embedding: true, model_name: 'text-embedding-3-small' })).body.is_embedding,
    ).toBe(true);
  });

  it('renameConfigs: false refuses a new name but takes the other changes', async () => {
    const { t, chat } = await setup({ renameConfigs: false });
    const r = await api(t, 'PATCH', `${CONFIGS}/${chat}`, { name: 'GPT-4o' });
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/renam/);
    expect((await api(t, 'GET', `${CONFIGS}/${chat}`)).body.name).toBe('tmp-1');
    // the same name is no rename
    expect((await api(t, 'PATCH', `${CONFIGS}/${chat}`, { name: 'tmp-1', model_name: 'gpt-4.1' })).body).toMatchObject({
      name: 'tmp-1',
      model_name: 'gpt-4.1',
    });
  });

  it('answers 422 for malformed bodies, 404 for unknown ids', async () => {
    const { t, chat } = await setup();
    const bad = await api(t, 'PATCH', `${CONFIGS}/${chat}`, { name: null, is_embedding: 'yes' });
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d: { loc: string[] }) => d.loc.join('.')).sort()).toEqual(['body.is_embedding', 'body.name']);
    expect((await api(t, 'PATCH', `${CONFIGS}/${UNKNOWN}`, { name: 'x' })).status).toBe(404);
  });
});

describe('a tenant without PATCH', () => {
  it.each([
    ['405', 405, 'Method Not Allowed'],
    ['404', 404, 'Not Found'],
  ] as const)(
    'patchRoutes %s: both PATCH routes answer %s, even unauthenticated; the rest still works',
    async (patchRoutes, status, message) => {
      const t = await start({ patchRoutes, builtInConfigs: false });
      const cred = await createCredential(t, GUIDE_CREDENTIALS.openai);
      const cfg = await createConfig(t, { name: 'c', provider: 'openai', llm_credentials_id: cred, model_name: 'gpt-4o' });
      const before = t.state();
      for (const [path, body] of [
        [`${CREDS}/${cred}`, { api_key: 'sk-proj-new-key-0003' }],
        [`${CONFIGS}/${cfg}`, { name: 'renamed' }],
      ] as const) {
        const r = await api(t, 'PATCH', path, body);
        expect(r.status).toBe(status);
        expect(r.body).toEqual({ detail: message });
        expect((await api(t, 'PATCH', path, body, { token: null })).status).toBe(status);
      }
      expect(t.state()).toEqual(before);
      expect((await api(t, 'GET', `${CREDS}/${cred}`)).status).toBe(200);
      expect((await api(t, 'DELETE', `${CONFIGS}/${cfg}`)).status).toBe(204);
    },
  );

  it('--no-patch is patchRoutes 405', async () => {
    const { parseCliArgs } = await import('./cli-args');
    expect(parseCliArgs(['--no-patch']).options).toEqual({ patchRoutes: '405' });
    expect(parseCliArgs(['--patch-routes', '404']).options).toEqual({ patchRoutes: '404' });
    expect(() => parseCliArgs(['--patch-routes', '418'])).toThrow();
  });
});

describe('mutate(): changes behind the app’s back', () => {
  it('applies a function to the live state, visible to the next request', async () => {
    const t = await start({ seedCredentials: 1, seedConfigs: 1, builtInConfigs: false });
    const credId = t.state().credentials[0]!.id;
    const name = t.mutate((s) => {
      const cfg = s.configs[0]!;
      cfg.name = 'Renamed elsewhere';
      s.credentials[0]!.secrets.api_key = 'sk-proj-rotated-by-someone-else-forbidden';
      return cfg.name;
    });
    expect(name).toBe('Renamed elsewhere');
    expect((await api(t, 'GET', CONFIGS)).body.data[0].name).toBe('Renamed elsewhere');
    expect((await api(t, 'POST', `${CREDS}/${credId}/validate`, { provider: 'openai' })).status).toBe(403);
    t.reset();
    expect(t.state().configs[0]!.name).toBe('Seed config 1');
    expect(t.state().credentials[0]!.id).toBe(credId);
  });
});
