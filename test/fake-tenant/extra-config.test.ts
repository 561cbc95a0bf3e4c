// llm_extra_config on configs: openai_config and bedrock_config, validated, stored and answered.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTenant, type FakeTenant } from './server';
import { CONFIGS, GUIDE_CREDENTIALS, api, createCredential } from './test-helpers';

let tenant: FakeTenant;
let openai: string;
let bedrock: string;
let azure: string;
let gemini: string;
beforeEach(async () => {
  tenant = await startFakeTenant({ builtInConfigs: false });
  openai = await createCredential(tenant, GUIDE_CREDENTIALS.openai);
  bedrock = await createCredential(tenant, GUIDE_CREDENTIALS.bedrock);
  azure = await createCredential(tenant, GUIDE_CREDENTIALS.azureKey);
  gemini = await createCredential(tenant, GUIDE_CREDENTIALS.gemini);
});
afterEach(async () => {
  await tenant.stop();
});

const o3 = (extra: unknown): Record<string, unknown> => ({
  name: 'O3',
  provider: 'openai',
  llm_credentials_id: openai,
  model_name: 'o3',
  llm_extra_config: extra,
});
const sonnet = (extra: unknown): Record<string, unknown> => ({
  name: 'Sonnet',
  provider: 'bedrock_us-west-2',
  llm_credentials_id: bedrock,
  model_name: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  llm_extra_config: extra,
});

const BEDROCK_FULL = {
  extra_config_type: 'bedrock_config',
  thinking: { type: 'enabled', budget_tokens: 8192 },
  guardrail: { guardrail_identifier: 'abc123', guardrail_version: '1', trace: 'enabled' },
  cache_instructions: true,
  cache_tool_definitions: true,
  cache_messages: false,
};

describe('accepted, stored and answered', () => {
  it('openai_config with reasoning_effort, on openai and azure_openai', async () => {
    for (const effort of ['minimal', 'low', 'medium', 'high']) {
      const r = await api(tenant, 'POST', CONFIGS, o3({ extra_config_type: 'openai_config', reasoning_effort: effort }));
      expect(r.status).toBe(201);
      expect(r.body.llm_extra_config).toEqual({ extra_config_type: 'openai_config', reasoning_effort: effort });
    }
    const az = await api(tenant, 'POST', CONFIGS, {
      name: 'Azure o3-mini',
      provider: 'azure_openai',
      llm_credentials_id: azure,
      model_name: 'o3-mini',
      llm_extra_config: { extra_config_type: 'openai_config', reasoning_effort: 'low' },
    });
    expect(az.status).toBe(201);
  });

  it('bedrock_config with thinking, guardrail and caching, as listed and by id', async () => {
    const r = await api(tenant, 'POST', CONFIGS, sonnet(BEDROCK_FULL));
    expect(r.status).toBe(201);
    expect(r.body.llm_extra_config).toEqual(BEDROCK_FULL);
    expect((await api(tenant, 'GET', `${CONFIGS}/${r.body.id}`)).body.llm_extra_config).toEqual(BEDROCK_FULL);
    expect((await api(tenant, 'GET', CONFIGS)).body.data[0].llm_extra_config).toEqual(BEDROCK_FULL);
    expect(tenant.state().configs[0]!.llm_extra_config).toEqual(BEDROCK_FULL);
    // a partial one is stored as sent
    const partial = await api(tenant, 'POST', CONFIGS, sonnet({ extra_config_type: 'bedrock_config', cache_messages: true }));
    expect(partial.body.llm_extra_config).toEqual({ extra_config_type: 'bedrock_config', cache_messages: true });
  });

  it('is null when absent or sent as null', async () => {
    expect((await api(tenant, 'POST', CONFIGS, o3(undefined))).body.llm_extra_config).toBeNull();
    expect((await api(tenant, 'POST', CONFIGS, o3(null))).body.llm_extra_config).toBeNull();
  });

  it('PATCH sets, replaces and clears it', async () => {
    const id = (await api(tenant, 'POST', CONFIGS, sonnet(undefined))).body.id as string;
    const set = await api(tenant, 'PATCH', `${CONFIGS}/${id}`, { llm_extra_config: BEDROCK_FULL });
    expect(set.body.llm_extra_config).toEqual(BEDROCK_FULL);
    const replaced = await api(tenant, 'PATCH', `${CONFIGS}/${id}`, {
      llm_extra_config: { extra_config_type: 'bedrock_config', thinking: { type: 'enabled', budget_tokens: 1024 } },
    });
    expect(replaced.body.llm_extra_config).toEqual({
      extra_config_type: 'bedrock_config',
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    // a patch without the field leaves it alone
    expect((await api(tenant, 'PATCH', `${CONFIGS}/${id}`, { name: 'Sonnet 2' })).body.llm_extra_config).toEqual(
      replaced.body.llm_extra_config,
    );
    expect((await api(tenant, 'PATCH', `${CONFIGS}/${id}`, { llm_extra_config: null })).body.llm_extra_config).toBeNull();
    const wrong = await api(tenant, 'PATCH', `${CONFIGS}/${id}`, {
      llm_extra_config: { extra_config_type: 'openai_config', reasoning_effort: 'high' },
    });
    expect(wrong.status).toBe(400);
  });
});

describe('malformed extra configs answer 422 (FastAPI style)', () => {
  const cases: [string, () => Record<string, unknown>, string, string][] = [
    [
      'unknown reasoning_effort',
      () => o3({ extra_config_type: 'openai_config', reasoning_effort: 'max' }),
      'body.llm_extra_config.reasoning_effort',
      'literal_error',
    ],
    [
      'budget_tokens under 1024',
      () => sonnet({ extra_config_type: 'bedrock_config', thinking: { type: 'enabled', budget_tokens: 1023 } }),
      'body.llm_extra_config.thinking.budget_tokens',
      'greater_than_equal',
    ],
    [
      'thinking type not "enabled"',
      () => sonnet({ extra_config_type: 'bedrock_config', thinking: { type: 'on', budget_tokens: 2048 } }),
      'body.llm_extra_config.thinking.type',
      'literal_error',
    ],
    [
      'guardrail without a version',
      () => sonnet({ extra_config_type: 'bedrock_config', guardrail: { guardrail_identifier: 'g' } }),
      'body.llm_extra_config.guardrail.guardrail_version',
      'missing',
    ],
    [
      'a cache flag that is not a boolean',
      () => sonnet({ extra_config_type: 'bedrock_config', cache_messages: 'yes' }),
      'body.llm_extra_config.cache_messages',
      'bool_type',
    ],
    [
      'a misspelt option',
      () => o3({ extra_config_type: 'openai_config', reasoningEffort: 'high' }),
      'body.llm_extra_config',
      'extra_forbidden',
    ],
    ['no extra_config_type', () => o3({ reasoning_effort: 'high' }), 'body.llm_extra_config', 'union_tag_not_found'],
    ['an unknown extra_config_type', () => o3({ extra_config_type: 'anthropic_config' }), 'body.llm_extra_config', 'union_tag_invalid'],
    ['not an object', () => o3('high'), 'body.llm_extra_config', 'dict_type'],
  ];
  it.each(cases)('%s', async (_label, body, loc, type) => {
    const r = await api(tenant, 'POST', CONFIGS, body());
    expect(r.status).toBe(422);
    expect(r.body.detail).toEqual([expect.objectContaining({ loc: loc.split('.'), type, msg: expect.any(String) })]);
    expect(tenant.state().configs).toEqual([]);
  });
});

describe('an extra config that does not fit the provider answers 400', () => {
  it.each([
    ['bedrock_config on openai', () => o3({ extra_config_type: 'bedrock_config', cache_messages: true }), /use openai_config/],
    ['openai_config on bedrock', () => sonnet({ extra_config_type: 'openai_config', reasoning_effort: 'high' }), /use bedrock_config/],
    [
      'any on google',
      () => ({
        name: 'G',
        provider: 'google',
        llm_credentials_id: gemini,
        model_name: 'gemini-2.5-pro',
        llm_extra_config: { extra_config_type: 'openai_config' },
      }),
      /takes no llm_extra_config/,
    ],
  ] as const)('%s', async (_label, body, message) => {
    const r = await api(tenant, 'POST', CONFIGS, body());
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(message);
    expect(tenant.state().configs).toEqual([]);
  });
});
