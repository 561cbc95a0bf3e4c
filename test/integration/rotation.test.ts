// Rotating a key through the real services: the credentials that hold it on every tenant are found
// from the inventory, patched in place and validated again; a tenant that refuses the new key is
// said plainly and no other is touched; a tenant without PATCH goes through the fallback, its
// default and override moved, nothing orphaned. Every change is in the audit log.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { Services } from '../../src-main/services';
import type { JobView } from '../../src-shared/jobs';
import { findRotationMatches, type CredentialRotationReport } from '../../src-shared/rotation';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { addApiTokenProfile, startServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk rotation test ${randomUUID()}`);
const oldKey = `sk-old-${randomUUID().slice(0, 8)}a1b2`;
const newKey = `sk-new-${randomUUID().slice(0, 8)}c3d4`;
const baseUrl = 'https://api.groq.com/openai/v1';
const fakes: FakeTenant[] = [];
const running: Services[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.dispose()));
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});
afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

async function tenantWithKey(options: Parameters<typeof startFakeTenant>[0] = {}) {
  const f = await startFakeTenant({ builtInConfigs: false, ...options });
  fakes.push(f);
  const credentialId = await createCredential(f, { name: 'Groq team', creds_type: 'API_KEY', api_key: oldKey, base_url: baseUrl });
  const configs = [
    await createConfig(f, { name: 'Llama', provider: 'openai', llm_credentials_id: credentialId, model_name: 'llama-3.3-70b-versatile' }),
    await createConfig(f, { name: 'Qwen', provider: 'openai', llm_credentials_id: credentialId, model_name: 'qwen/qwen3-32b' }),
  ];
  return { fake: f, credentialId, configs };
}

async function finished(seen: { jobs: JobView[] }, jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 20_000 });
  return seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

async function setUp(tenants: Awaited<ReturnType<typeof tenantWithKey>>[]) {
  const started = startServices(secrets);
  running.push(started.services);
  const ids: string[] = [];
  for (const [i, t] of tenants.entries()) ids.push((await addApiTokenProfile(started.handlers, `Tenant ${i + 1}`, t.fake)).id);
  await finished(started.seen, (await started.handlers.startInventoryRefresh({ tenantIds: ids })).id);
  const states = await started.handlers.getInventory({ tenantIds: ids });
  const profiles = (await started.handlers.listTenantProfiles(undefined)).profiles;
  const matches = findRotationMatches({ tenantId: ids[0]!, credentialId: tenants[0]!.credentialId }, states, profiles.map((p) => ({ id: p.id, name: p.name, environment: p.environment })));
  return { ...started, ids, matches };
}

const reportsOf = (job: JobView, tenantId: string) => job.tenants[tenantId]!.result as CredentialRotationReport[];

describe('rotating a key', () => {
  it('finds the key on every tenant, patches it in place, validates again and leaves the configs alone', async () => {
    const tenants = [await tenantWithKey(), await tenantWithKey(), await tenantWithKey()];
    // Another key of the same provider on the first tenant is not the same key.
    await createCredential(tenants[0]!.fake, { name: 'Groq other', creds_type: 'API_KEY', api_key: 'sk-another-key-zz99', base_url: baseUrl });
    const { handlers, seen, ids, matches } = await setUp(tenants);
    expect(matches.map((m) => [m.tenantId, m.strength])).toEqual([
      [ids[0], 'source'],
      [ids[1], 'same-key'],
      [ids[2], 'same-key'],
    ]);
    expect(matches[1]!.reasons).toEqual([`same Base URL ${baseUrl}`, 'API Key ends a1b2']);
    const configsBefore = tenants.map((t) => t.fake.state().configs);
    for (const t of tenants) t.fake.clearRequests();

    const job = await finished(seen, (await handlers.startRotation({ providerId: 'openai_compatible', values: { api_key: newKey }, targets: matches.map(({ tenantId, credentialId }) => ({ tenantId, credentialId })), confirmations: {}, fallback: false })).id);
    for (const [i, t] of tenants.entries()) {
      expect(job.tenants[ids[i]!]!.status).toBe('ok');
      expect(reportsOf(job, ids[i]!)).toMatchObject([{ outcome: 'rotated', modelsNotListed: [] }]);
      const credential = t.fake.state().credentials.find((c) => c.id === t.credentialId)!;
      expect(credential.secrets.api_key).toBe(newKey);
      expect(t.fake.state().configs).toEqual(configsBefore[i]);
      // The new key went in first, then it was validated.
      const calls = t.fake.requests().filter((r) => r.path.startsWith(`/ai/api/v1/llm_credentials/${t.credentialId}`)).map((r) => `${r.method} ${r.path.endsWith('/validate') ? 'validate' : 'credential'}`);
      expect(calls.slice(0, 2)).toEqual(['PATCH credential', 'POST validate']);
    }
    expect(tenants[0]!.fake.state().credentials.find((c) => c.name === 'Groq other')!.secrets.api_key).toBe('sk-another-key-zz99');
    const { entries } = await handlers.listAuditEntries({ actions: ['credential.rotate'] });
    expect(entries.map((e) => e.tenantId).sort()).toEqual([...ids].sort());
    expect(JSON.stringify(entries)).not.toContain(newKey);
  });

  it('says plainly when one tenant refuses the new key, and touches no other', async () => {
    const tenants = [await tenantWithKey(), await tenantWithKey({ rejectedSecrets: [newKey] })];
    const { handlers, seen, ids, matches } = await setUp(tenants);
    const job = await finished(seen, (await handlers.startRotation({ providerId: 'openai_compatible', values: { api_key: newKey }, targets: matches.map(({ tenantId, credentialId }) => ({ tenantId, credentialId })), confirmations: {}, fallback: false })).id);
    expect(reportsOf(job, ids[0]!)[0]!.outcome).toBe('rotated');
    expect(job.tenants[ids[1]!]).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('The old key is no longer on this tenant') } });
    expect(reportsOf(job, ids[1]!)[0]).toMatchObject({ outcome: 'rejected', oldSecretGone: true, advice: { cause: 'Invalid API key or credentials' } });
    expect(tenants[0]!.fake.state().credentials[0]!.secrets.api_key).toBe(newKey);
  });

  it('replaces the credential where the tenant has no PATCH: successor, configs recreated, default and override moved, nothing orphaned', async () => {
    const t = await tenantWithKey({ patchRoutes: '405' });
    const [llama, qwen] = t.configs;
    t.fake.mutate((s) => {
      s.preference.default_llm_config_id = llama!;
      s.featureOverrides.push({ feature_type: 'DEFAULT_AGENT', feature_key: 'sql_query_agent', llm_config_id: qwen! } as never);
    });
    const { handlers, seen, ids, matches } = await setUp([t]);
    const targets = matches.map(({ tenantId, credentialId }) => ({ tenantId, credentialId }));
    const tried = await finished(seen, (await handlers.startRotation({ providerId: 'openai_compatible', values: { api_key: newKey }, targets, confirmations: {}, fallback: false })).id);
    expect(reportsOf(tried, ids[0]!)[0]!.outcome).toBe('no-patch');
    expect(t.fake.state().credentials[0]!.secrets.api_key).toBe(oldKey);

    const replaced = await finished(seen, (await handlers.startRotation({ providerId: 'openai_compatible', values: { api_key: newKey }, targets, confirmations: {}, fallback: true })).id);
    const report = reportsOf(replaced, ids[0]!)[0]!;
    expect(report.outcome).toBe('replaced');
    const state = t.fake.state();
    expect(state.credentials).toHaveLength(1);
    expect(state.credentials[0]).toMatchObject({ id: report.successorId, base_url: baseUrl, secrets: { api_key: newKey } });
    // The tenant cannot rename either (no PATCH at all): the new configs keep their temporary names.
    expect(state.configs.map((c) => [c.name, c.model_name, c.llm_credentials_id]).sort()).toEqual([
      ['Llama (new)', 'llama-3.3-70b-versatile', report.successorId],
      ['Qwen (new)', 'qwen/qwen3-32b', report.successorId],
    ]);
    expect(report.temporaryNames).toEqual(['Llama (new)', 'Qwen (new)']);
    const byName = (n: string) => state.configs.find((c) => c.name === n)!.id;
    expect(state.preference.default_llm_config_id).toBe(byName('Llama (new)'));
    expect(state.featureOverrides).toEqual([expect.objectContaining({ feature_key: 'sql_query_agent', llm_config_id: byName('Qwen (new)') })]);
    const { entries } = await handlers.listAuditEntries({ tenantIds: [ids[0]!] });
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['credential.create', 'config.create', 'preference.set', 'override.set', 'config.delete', 'credential.delete']));
  });
});
