// Built-in (system-provided, read-only) LLM configs: listed, marked, undeletable, usable as defaults.
import { describe, expect, it } from 'vitest';
import { startFakeTenant, type FakeTenant } from './server';
import {
  CONFIGS,
  GUIDE_CREDENTIALS,
  OVERRIDES,
  PREF,
  UUID_RE,
  api,
  createConfig,
  createCredential,
  fakeTenantPerTest,
} from './test-helpers';

const start = fakeTenantPerTest();

type Cfg = Record<string, any>;
async function listAll(t: FakeTenant, query = ''): Promise<Cfg[]> {
  const r = await api(t, 'GET', `${CONFIGS}?limit=1000${query}`);
  expect(r.status).toBe(200);
  return r.body.data as Cfg[];
}
const byName = (list: Cfg[], name: string): Cfg => {
  const c = list.find((x) => x.name === name);
  if (!c) throw new Error(`no config named ${name}`);
  return c;
};

describe('built-in configs are on by default', () => {
  it('lists them first, with no credential and is_builtin: true', async () => {
    const t = await start();
    const list = await listAll(t);
    expect(list.length).toBeGreaterThanOrEqual(3);
    for (const c of list) {
      expect(c).toMatchObject({ is_builtin: true, llm_credentials_id: null, is_default: false, llm_extra_config: null });
      expect(c.id).toMatch(UUID_RE);
    }
    expect(byName(list, 'GPT-5')).toMatchObject({ provider: 'openai', model_name: 'gpt-5-2025-08-07', is_embedding: false });
    expect(byName(list, 'Claude Sonnet 4.5 US West 2')).toMatchObject({
      provider: 'bedrock_us-west-2',
      model_name: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    });
    expect(list.filter((c) => c.provider.startsWith('bedrock_')).map((c) => c.provider)).toEqual(
      expect.arrayContaining(['bedrock_us-east-1', 'bedrock_eu-central-1', 'bedrock_ap-northeast-1']),
    );
    expect(list.filter((c) => c.is_embedding)).toEqual([expect.objectContaining({ provider: 'openai', embedding_dimensions: 3072 })]);

    // the tenant's own configs come after them, marked is_builtin: false
    const cred = await createCredential(t, GUIDE_CREDENTIALS.openai);
    const own = await createConfig(t, { name: 'Mine', provider: 'openai', llm_credentials_id: cred, model_name: 'gpt-4o' });
    const after = await listAll(t);
    expect(after).toHaveLength(list.length + 1);
    expect(after.at(-1)).toMatchObject({ id: own, is_builtin: false, llm_credentials_id: cred });
    expect(after.slice(0, -1).map((c) => c.id)).toEqual(list.map((c) => c.id));
  });

  it('appear in state().configs and keep their ids across reset()', async () => {
    const t = await start();
    const ids = t
      .state()
      .configs.filter((c) => c.is_builtin)
      .map((c) => c.id);
    expect(ids.length).toBeGreaterThan(0);
    const cred = await createCredential(t, GUIDE_CREDENTIALS.openai);
    await createConfig(t, { name: 'Mine', provider: 'openai', llm_credentials_id: cred, model_name: 'gpt-4o' });
    t.reset();
    expect(t.state().configs.map((c) => c.id)).toEqual(ids);
    expect((await listAll(t)).map((c) => c.id)).toEqual(ids);
  });

  it('differ between two tenants (ids are per instance)', async () => {
    const t = await start();
    const other = await startFakeTenant();
    try {
      const a = byName(await listAll(t), 'GPT-5').id;
      const b = byName(await listAll(other), 'GPT-5').id;
      expect(a).not.toBe(b);
    } finally {
      await other.stop();
    }
  });

  it('follow the list filters: none for a credential filter, the embedding one for is_embedding=true', async () => {
    const t = await start();
    const cred = await createCredential(t, GUIDE_CREDENTIALS.openai);
    expect((await api(t, 'GET', `${CONFIGS}?llm_credentials_id=${cred}`)).body).toEqual({ data: [], total: 0 });
    const emb = await listAll(t, '&is_embedding=true');
    expect(emb.map((c) => c.is_builtin)).toEqual([true]);
  });

  it('answer GET by id like a list item', async () => {
    const t = await start();
    const gpt5 = byName(await listAll(t), 'GPT-5');
    const r = await api(t, 'GET', `${CONFIGS}/${gpt5.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(gpt5);
  });
});

describe('built-in configs are read-only', () => {
  it('DELETE answers 403 with a detail and changes nothing', async () => {
    const t = await start();
    const before = t.state().configs;
    const gpt5 = byName(await listAll(t), 'GPT-5');
    const r = await api(t, 'DELETE', `${CONFIGS}/${gpt5.id}`);
    expect(r.status).toBe(403);
    expect(r.body.detail).toMatch(/built-in/);
    expect(t.state().configs).toEqual(before);
  });

  it('PATCH answers 403, even with nothing to change', async () => {
    const t = await start();
    const gpt5 = byName(await listAll(t), 'GPT-5');
    for (const body of [{ name: 'My GPT-5' }, { model_name: 'gpt-5' }, {}]) {
      const r = await api(t, 'PATCH', `${CONFIGS}/${gpt5.id}`, body);
      expect(r.status).toBe(403);
      expect(r.body.detail).toMatch(/read-only/);
    }
    expect(byName(await listAll(t), 'GPT-5')).toEqual(gpt5);
  });
});

describe('built-in configs can be used', () => {
  it('as the tenant default LLM and embedding config', async () => {
    const t = await start();
    const list = await listAll(t);
    const chat = byName(list, 'GPT-5');
    const emb = list.find((c) => c.is_embedding)!;
    const put = await api(t, 'PUT', PREF, { default_llm_config_id: chat.id, default_embedding_config_id: emb.id });
    expect(put.status).toBe(200);
    expect((await api(t, 'GET', PREF)).body).toMatchObject({ default_llm_config_id: chat.id, default_embedding_config_id: emb.id });
    // hide_default_models hides them from agents, not from the list
    await api(t, 'PUT', PREF, { hide_default_models: true });
    expect(await listAll(t)).toHaveLength(list.length);
  });

  it('by feature overrides (completion ones only)', async () => {
    const t = await start();
    const list = await listAll(t);
    const sonnet = byName(list, 'Claude Sonnet 4.5 EU Central 1');
    const put = await api(t, 'PUT', OVERRIDES, { feature_type: 'PRODUCT_AREA', feature_key: 'catalog_chat', llm_config_id: sonnet.id });
    expect(put.status).toBe(200);
    expect((await api(t, 'GET', OVERRIDES)).body.data).toEqual([expect.objectContaining({ llm_config_id: sonnet.id })]);
    const emb = list.find((c) => c.is_embedding)!;
    const bad = await api(t, 'PUT', OVERRIDES, { feature_type: 'PRODUCT_AREA', feature_key: 'catalog_chat', llm_config_id: emb.id });
    expect(bad.status).toBe(400);
  });
});

describe('options', () => {
  it('builtInConfigs: false leaves them out', async () => {
    const t = await start({ builtInConfigs: false });
    expect((await api(t, 'GET', CONFIGS)).body).toEqual({ data: [], total: 0 });
    expect(t.state().configs).toEqual([]);
  });

  it('markBuiltIns: false leaves out the flag: llm_credentials_id null is the only tell', async () => {
    const t = await start({ markBuiltIns: false });
    const cred = await createCredential(t, GUIDE_CREDENTIALS.openai);
    const created = await api(t, 'POST', CONFIGS, { name: 'Mine', provider: 'openai', llm_credentials_id: cred, model_name: 'gpt-4o' });
    expect(created.body).not.toHaveProperty('is_builtin');
    const list = await listAll(t);
    for (const c of list) expect(c).not.toHaveProperty('is_builtin');
    expect(list.filter((c) => c.llm_credentials_id === null).length).toBe(list.length - 1);
    // still read-only
    expect((await api(t, 'DELETE', `${CONFIGS}/${list[0]!.id}`)).status).toBe(403);
  });
});
