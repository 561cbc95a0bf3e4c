// Seed data at scale, seeded defaults and overrides, and the command-line flags of the newer options.
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args';
import { startFakeTenant, type FakeTenant } from './server';
import { CONFIGS, CREDS, OVERRIDES, PREF, api } from './test-helpers';

let tenant: FakeTenant | undefined;
afterEach(async () => {
  await tenant?.stop();
  tenant = undefined;
});

type Cfg = Record<string, any>;

describe('seeding 1,000 configs', () => {
  it('starts well under a second, with unique names and varied models', async () => {
    const began = performance.now();
    tenant = await startFakeTenant({ seedCredentials: 40, seedConfigs: 1000 });
    expect(performance.now() - began).toBeLessThan(1000);
    const t = tenant;

    const list: Cfg[] = [];
    for (let offset = 0; ;) {
      const p = await api(t, 'GET', `${CONFIGS}?limit=1000&offset=${offset}`);
      list.push(...p.body.data);
      offset += p.body.data.length;
      if (p.body.data.length === 0 || offset >= p.body.total) break;
    }
    const seeded = list.filter((c) => !c.is_builtin);
    expect(seeded).toHaveLength(1000);
    expect(new Set(seeded.map((c) => c.name)).size).toBe(1000);
    expect(seeded[16]?.name).toBe('Seed config 17');
    expect(new Set(seeded.map((c) => c.llm_credentials_id)).size).toBe(40);
    expect(new Set(seeded.map((c) => c.model_name)).size).toBeGreaterThanOrEqual(25);
    expect(seeded.filter((c) => c.is_embedding).length).toBeGreaterThan(100);
    for (const c of seeded.filter((x) => x.is_embedding)) expect(c.embedding_dimensions).toBeGreaterThan(0);

    // Bedrock credentials of later rounds are in other regions, with profiles of their own geography
    const bedrock = seeded.filter((c) => c.provider.startsWith('bedrock_'));
    expect(new Set(bedrock.map((c) => c.provider))).toEqual(
      new Set(['bedrock_us-west-2', 'bedrock_us-east-1', 'bedrock_eu-central-1', 'bedrock_ap-northeast-1']),
    );
    expect(bedrock.filter((c) => c.provider === 'bedrock_eu-central-1').map((c) => c.model_name)).toContain(
      'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
    );
  });

  it('gives each credential models its provider lists and one it no longer lists', async () => {
    tenant = await startFakeTenant({ seedCredentials: 8, seedConfigs: 64 });
    const t = tenant;
    const openai = t.state().credentials[0]!;
    const own = t.state().configs.filter((c) => c.llm_credentials_id === openai.id);
    const listed = (await api(t, 'POST', `${CREDS}/${openai.id}/validate`, { provider: 'openai' })).body.models as string[];
    const missing = own.filter((c) => !listed.includes(c.model_name)).map((c) => c.model_name);
    expect(missing).toContain('gpt-4-turbo');
    expect(missing.length).toBeLessThan(own.length / 2);
  });

  it('keeps the seeded ids across reset()', async () => {
    tenant = await startFakeTenant({ seedCredentials: 3, seedConfigs: 6 });
    const ids = tenant.state().configs.map((c) => c.id);
    await api(tenant, 'DELETE', `${CONFIGS}/${ids.at(-1)!}`);
    tenant.reset();
    expect(tenant.state().configs.map((c) => c.id)).toEqual(ids);
  });
});

describe('seedPreference', () => {
  it('sets defaults and two feature overrides from the seeded configs', async () => {
    tenant = await startFakeTenant({ seedCredentials: 8, seedConfigs: 16, seedPreference: true });
    const t = tenant;
    const byId = new Map(t.state().configs.map((c) => [c.id, c]));
    const pref = (await api(t, 'GET', PREF)).body;
    expect(byId.get(pref.default_llm_config_id)).toMatchObject({ is_builtin: false, is_embedding: false });
    expect(byId.get(pref.default_embedding_config_id)).toMatchObject({ is_builtin: false, is_embedding: true });
    const overrides = (await api(t, 'GET', OVERRIDES)).body;
    expect(overrides.total).toBe(2);
    for (const o of overrides.data) expect(byId.get(o.llm_config_id)).toMatchObject({ is_builtin: false, is_embedding: false });
    expect(new Set(overrides.data.map((o: { llm_config_id: string }) => o.llm_config_id)).size).toBe(2);
    expect(t.state().embeddingIndexResets).toBe(0);
    // the defaults come back with reset()
    await api(t, 'PUT', PREF, { default_llm_config_id: null });
    t.reset();
    expect((await api(t, 'GET', PREF)).body).toEqual(pref);
  });

  it('is off by default and needs seeded configs', async () => {
    tenant = await startFakeTenant({ seedCredentials: 2, seedConfigs: 4 });
    expect((await api(tenant, 'GET', PREF)).body.default_llm_config_id).toBeNull();
    expect((await api(tenant, 'GET', OVERRIDES)).body.total).toBe(0);
    await expect(startFakeTenant({ seedPreference: true })).rejects.toThrow(/seedPreference/);
  });
});

describe('command line', () => {
  it('parses the flags of the newer options', () => {
    const { options } = parseCliArgs([
      '--seed-credentials',
      '40',
      '--seed-configs',
      '1000',
      '--seed-preference',
      '--no-built-in-configs',
      '--no-built-in-marker',
      '--no-masked-secrets',
      '--list-shape',
      'results',
      '--patch-routes=404',
      '--no-rename-configs',
    ]);
    expect(options).toEqual({
      seedCredentials: 40,
      seedConfigs: 1000,
      seedPreference: true,
      builtInConfigs: false,
      markBuiltIns: false,
      maskedSecretsInListings: false,
      listShape: 'results',
      patchRoutes: '404',
      renameConfigs: false,
    });
    expect(() => parseCliArgs(['--list-shape', 'items'])).toThrow();
    expect(() => parseCliArgs(['--seed-preference'])).toThrow(/seed config/);
  });
});

describe('command line of the sign-in, agent and refusal options', () => {
  it('parses their flags', () => {
    const { options } = parseCliArgs([
      '--ai-accepts-token-header',
      '--no-ai-legacy-tokens',
      '--no-discovery',
      '--oauth-app',
      'clientId=desk,redirectUris=http://127.0.0.1:18722/callback|http://localhost:18722/callback',
      '--oauth-app',
      '{"clientId":"srv","clientSecret":"s","redirectUris":["https://x.example/cb"],"pkceRequired":false}',
      '--user-token-ttl',
      '7200',
      '--user-refresh-token-ttl=259200',
      '--user-name',
      'Grace Hopper',
      '--forbidden-for-superseded',
      '--seed-credentials',
      '1',
      '--seed-configs',
      '1',
      '--seed-agents',
      '3',
      '--no-agent-routes',
      '--error-body-shape',
      'error-message',
      '--provider-refusal',
      'bare-401',
      '--create-token-fails',
    ]);
    expect(options).toEqual({
      aiAcceptsTokenHeader: true,
      aiAcceptsLegacyTokens: false,
      discovery: false,
      oauthApps: [
        { clientId: 'desk', redirectUris: ['http://127.0.0.1:18722/callback', 'http://localhost:18722/callback'] },
        { clientId: 'srv', clientSecret: 's', redirectUris: ['https://x.example/cb'], pkceRequired: false },
      ],
      userTokenTtlSeconds: 7200,
      userRefreshTokenTtlSeconds: 259200,
      userName: 'Grace Hopper',
      forbiddenForSupersededTokens: true,
      seedCredentials: 1,
      seedConfigs: 1,
      seedAgents: 3,
      agentRoutes: false,
      errorBodyShape: 'error-message',
      providerRefusal: 'bare-401',
      createTokenAnswersFailed: true,
    });
    expect(() => parseCliArgs(['--provider-refusal', 'loud'])).toThrow();
    expect(() => parseCliArgs(['--oauth-app', 'clientId=x,redirectUris=http://example.com/cb'])).toThrow(/localhost/);
  });
});
