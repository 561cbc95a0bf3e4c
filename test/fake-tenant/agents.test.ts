// Agents: /ai/api/v1/config/agent, each naming its LLM config by id.
import { describe, expect, it } from 'vitest';
import type { FakeTenant } from './server';
import { AGENTS, CONFIGS, GUIDE_CREDENTIALS, UUID_RE, api, createConfig, createCredential, fakeTenantPerTest } from './test-helpers';

const start = fakeTenantPerTest();
const MISSING = '00000000-0000-4000-8000-00000000dead';

async function chatConfig(t: FakeTenant, name = 'GPT-4o here'): Promise<string> {
  const cred = await createCredential(t, GUIDE_CREDENTIALS.openai);
  return createConfig(t, { name, provider: 'openai', llm_credentials_id: cred, model_name: 'gpt-4o' });
}

describe('POST, GET, PATCH, DELETE /config/agent', () => {
  it('creates an agent that names its LLM config, and reads it back', async () => {
    const t = await start();
    const llm = await chatConfig(t);
    const body = { name: 'Sales helper', description: 'Finds sales tables', prompt: 'Be brief.', llm_config_id: llm };
    const created = await api(t, 'POST', AGENTS, body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID_RE),
      name: 'Sales helper',
      description: 'Finds sales tables',
      prompt: 'Be brief.',
      llm_config_id: llm,
      tool_config_ids: [],
      mcp_server_config_ids: [],
      input_json_schema: expect.any(Object),
      created_at: expect.any(String),
      updated_at: created.body.created_at,
    });
    expect((await api(t, 'GET', `${AGENTS}/${created.body.id as string}`)).body).toEqual(created.body);
    expect(t.state().agents.map((a) => a.name)).toEqual(['Sales helper']);
  });

  it('patches any of the agent fields and moves it to another config, built-ins included', async () => {
    const t = await start();
    const llm = await chatConfig(t);
    const gpt5 = t.state().configs.find((c) => c.name === 'GPT-5')!.id;
    const agent = t.addAgent({ name: 'Old', llm_config_id: llm });
    const tool = '11111111-1111-4111-8111-111111111111';
    const r = await api(t, 'PATCH', `${AGENTS}/${agent.id}`, {
      name: 'New',
      description: 'd',
      prompt: 'p',
      llm_config_id: gpt5,
      tool_config_ids: [tool],
      mcp_server_config_ids: [tool],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: 'New',
      description: 'd',
      prompt: 'p',
      llm_config_id: gpt5,
      tool_config_ids: [tool],
      mcp_server_config_ids: [tool],
    });
    expect(Date.parse(r.body.updated_at as string)).toBeGreaterThan(Date.parse(agent.updated_at));
    const only = await api(t, 'PATCH', `${AGENTS}/${agent.id}`, { llm_config_id: llm });
    expect(only.body).toMatchObject({ name: 'New', llm_config_id: llm });
  });

  it('refuses an llm_config_id that names no config (400), and malformed bodies (422)', async () => {
    const t = await start();
    const llm = await chatConfig(t);
    const agent = t.addAgent({ name: 'A', llm_config_id: llm });
    const missing = await api(t, 'PATCH', `${AGENTS}/${agent.id}`, { llm_config_id: MISSING });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toMatch(/llm_config_id.*does not exist/);
    expect((await api(t, 'POST', AGENTS, { name: 'B', llm_config_id: MISSING })).status).toBe(400);
    expect((await api(t, 'POST', AGENTS, { llm_config_id: llm })).status).toBe(422);
    expect((await api(t, 'PATCH', `${AGENTS}/${agent.id}`, { tool_config_ids: 'x' })).status).toBe(422);
    expect(t.state().agents[0]!.llm_config_id).toBe(llm);
  });

  it('deletes an agent; unknown ids answer 404, malformed ones 422', async () => {
    const t = await start();
    const agent = t.addAgent({ name: 'A', llm_config_id: null });
    expect((await api(t, 'DELETE', `${AGENTS}/${agent.id}`)).status).toBe(204);
    expect((await api(t, 'GET', `${AGENTS}/${agent.id}`)).status).toBe(404);
    expect((await api(t, 'DELETE', `${AGENTS}/${agent.id}`)).status).toBe(404);
    expect((await api(t, 'GET', `${AGENTS}/not-a-uuid`)).status).toBe(422);
    expect(t.state().agents).toEqual([]);
  });

  it('deleting a config leaves its agents pointing at a missing id', async () => {
    const t = await start();
    const llm = await chatConfig(t);
    t.addAgent({ name: 'Stranded', llm_config_id: llm });
    expect((await api(t, 'DELETE', `${CONFIGS}/${llm}`)).status).toBe(204);
    const [agent] = (await api(t, 'GET', AGENTS)).body.data as { llm_config_id: string }[];
    expect(agent!.llm_config_id).toBe(llm);
    expect(t.state().configs.some((c) => c.id === llm)).toBe(false);
  });

  it('needs a token like every AI API route', async () => {
    const t = await start();
    expect((await api(t, 'GET', AGENTS, undefined, { token: null })).status).toBe(401);
  });
});

describe('listing', () => {
  it('pages with limit and offset, in the tenant list shape', async () => {
    const t = await start({ seedCredentials: 2, seedConfigs: 4, seedAgents: 5, listShape: 'results' });
    const first = await api(t, 'GET', `${AGENTS}?limit=2&offset=0`);
    expect(first.body.count).toBe(5);
    expect(first.body.results.map((a: { name: string }) => a.name)).toEqual(['Seed agent 1', 'Seed agent 2']);
    const last = await api(t, 'GET', `${AGENTS}?limit=2&offset=4&visibility_labels=x`);
    expect(last.body.results.map((a: { name: string }) => a.name)).toEqual(['Seed agent 5']);
  });

  it('seeds agents spread over the seeded completion configs, and keeps them across reset()', async () => {
    const t = await start({ seedCredentials: 2, seedConfigs: 4, seedAgents: 6 });
    const chat = t
      .state()
      .configs.filter((c) => !c.is_builtin && !c.is_embedding)
      .map((c) => c.id);
    const used = t.state().agents.map((a) => a.llm_config_id);
    expect(used).toHaveLength(6);
    expect(new Set(used)).toEqual(new Set(chat));
    const ids = t.state().agents.map((a) => a.id);
    t.mutate((s) => void s.agents.splice(0, 1));
    t.reset();
    expect(t.state().agents.map((a) => a.id)).toEqual(ids);
  });

  it('agentRoutes: false answers 404 like a tenant without the endpoint', async () => {
    const t = await start({ agentRoutes: false });
    const calls = [
      ['GET', AGENTS],
      ['POST', AGENTS],
      ['GET', `${AGENTS}/${MISSING}`],
      ['PATCH', `${AGENTS}/${MISSING}`],
    ] as const;
    for (const [method, path] of calls) {
      const r = await api(t, method, path, method === 'GET' ? undefined : {});
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: 'Not Found' });
    }
  });

  it('seedAgents needs seeded configs', async () => {
    await expect(start({ seedAgents: 1 })).rejects.toThrow(/seedAgents needs at least one seed config/);
  });
});
