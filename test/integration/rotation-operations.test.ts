// A rotation is an operation on tenants: each move of the fallback is journaled with its undo before
// it is sent (defect 2.5: a feature override whose PUT lost its answer, or was cut by a cancel, is
// put back by the take-back, never dropped with the config it pointed at); each target is checked
// in main against the credential as the tenant lists it now (defect 2.9); and a fallback cut short
// by a quit is offered on the next start, Resume finishing it and Roll back taking it back, with
// the tenant whole either way; one in place is offered too, its Resume checking the key it set.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { JobView } from '../../src-shared/jobs';
import { findRotationMatches, type RotationMatch } from '../../src-shared/rotation';
import type { TenantOperationReport } from '../../src-shared/tenant-operation';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { createConfig, createCredential, OVERRIDES } from '../fake-tenant/test-helpers';
import { addApiTokenProfile, startServices, type TestServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk rotation operations test ${randomUUID()}`);
const oldKey = `sk-old-${randomUUID().slice(0, 8)}a1b2`;
const newKey = `sk-new-${randomUUID().slice(0, 8)}c3d4`;
const baseUrl = 'https://api.groq.com/openai/v1';
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});
afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

/** A tenant without PATCH: one Groq key, two configs on it, the default on the first, an override and an agent on the second. */
async function tenantWithKey(options: Parameters<typeof startFakeTenant>[0] = {}) {
  const fake = await startFakeTenant({ builtInConfigs: false, patchRoutes: '405', ...options });
  cleanups.push(() => fake.stop());
  const credentialId = await createCredential(fake, { name: 'Groq team', creds_type: 'API_KEY', api_key: oldKey, base_url: baseUrl });
  const on = { provider: 'openai', llm_credentials_id: credentialId };
  const llama = await createConfig(fake, { ...on, name: 'Llama', model_name: 'llama-3.3-70b-versatile' });
  const qwen = await createConfig(fake, { ...on, name: 'Qwen', model_name: 'qwen/qwen3-32b' });
  fake.mutate((s) => {
    s.preference.default_llm_config_id = llama;
    s.featureOverrides.push({ feature_type: 'DEFAULT_AGENT', feature_key: 'sql_query_agent', llm_config_id: qwen } as never);
  });
  fake.addAgent({ name: 'Ticket triage', llm_config_id: qwen });
  return { fake, credentialId, llama, qwen };
}

function open(dataDir?: string): TestServices {
  const app = startServices(secrets, dataDir ? { dataDir } : {});
  cleanups.push(() => app.services.dispose());
  return app;
}

async function finished(app: TestServices, jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(app.seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 20_000 });
  return app.seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

async function matchesOn(app: TestServices, fakes: FakeTenant[], source: string): Promise<{ ids: string[]; matches: RotationMatch[] }> {
  const ids: string[] = [];
  for (const [i, fake] of fakes.entries()) ids.push((await addApiTokenProfile(app.handlers, `Tenant ${i + 1}`, fake)).id);
  await finished(app, (await app.handlers.startInventoryRefresh({ tenantIds: ids })).id);
  const states = await app.handlers.getInventory({ tenantIds: ids });
  const tenants = (await app.handlers.listTenantProfiles(undefined)).profiles.map((p) => ({
    id: p.id,
    name: p.name,
    environment: p.environment,
  }));
  return { ids, matches: findRotationMatches({ tenantId: ids[0]!, credentialId: source }, states, tenants) };
}

const rotate = (app: TestServices, matches: RotationMatch[], fallback: boolean) =>
  app.handlers.startRotation({
    providerId: 'openai_compatible',
    values: { api_key: newKey },
    targets: matches.map(({ tenantId, credentialId, key }) => ({ tenantId, credentialId, key })),
    confirmations: {},
    fallback,
  });

const reportOf = (job: JobView, tenantId: string) => job.tenants[tenantId]!.result as TenantOperationReport;

/** Which config each feature override names (a PUT stamps its time). */
const overrides = (s: ReturnType<FakeTenant['state']>) => s.featureOverrides.map((o) => [o.feature_type, o.feature_key, o.llm_config_id]);

/** Which config each agent uses (a move stamps its time). */
const agents = (s: ReturnType<FakeTenant['state']>) => s.agents.map((a) => [a.name, a.llm_config_id]);

/** Every default, override and agent names a config that exists, and every config a credential that does. */
function expectWhole(fake: FakeTenant) {
  const s = fake.state();
  const configs = new Set(s.configs.map((c) => c.id));
  const credentials = new Set(s.credentials.map((c) => c.id));
  for (const id of [s.preference.default_llm_config_id, s.preference.default_embedding_config_id]) if (id) expect(configs).toContain(id);
  for (const o of s.featureOverrides) expect(configs).toContain(o.llm_config_id);
  for (const a of s.agents) if (a.llm_config_id) expect(configs).toContain(a.llm_config_id);
  for (const c of s.configs) expect(credentials).toContain(c.llm_credentials_id);
}

describe('a feature override moved by the fallback (defect 2.5)', () => {
  it('is put back by the take-back when its PUT landed but the answer was lost', async () => {
    const t = await tenantWithKey();
    const app = open();
    const { ids, matches } = await matchesOn(app, [t.fake], t.credentialId);
    const before = t.fake.state();
    // The tenant moves the override, then answers 500: the move may or may not have landed.
    t.fake.setFaults([{ kind: '500', path: OVERRIDES, method: 'PUT', phase: 'after', times: 1 }]);
    const job = await finished(app, (await rotate(app, matches, true)).id);
    expect(reportOf(job, ids[0]!).targets).toMatchObject([{ outcome: 'failed' }]);
    const after = t.fake.state();
    expect(overrides(after)).toEqual(overrides(before));
    expect(after.configs).toEqual(before.configs);
    expect(after.credentials).toEqual(before.credentials);
    expect(after.preference).toEqual(before.preference);
    expectWhole(t.fake);
  });

  it('is put back when the rotation is cancelled while its PUT is on the wire', async () => {
    const t = await tenantWithKey();
    const app = open();
    const { ids, matches } = await matchesOn(app, [t.fake], t.credentialId);
    const before = t.fake.state();
    // The tenant moves the override and holds its answer until the request is given up.
    t.fake.setFaults([{ kind: 'hang', path: OVERRIDES, method: 'PUT', phase: 'after', times: 1 }]);
    const started = await rotate(app, matches, true);
    await vi.waitFor(
      () => expect(t.fake.requests().some((r) => r.method === 'PUT' && r.path === OVERRIDES && r.status === null)).toBe(true),
      { timeout: 20_000 },
    );
    expect(t.fake.state().featureOverrides[0]!.llm_config_id).not.toBe(t.qwen);
    await app.handlers.cancelJob({ jobId: started.id });
    const job = await finished(app, started.id);
    expect(job.status).toBe('cancelled');
    expect(reportOf(job, ids[0]!).leftOnTenant).toEqual([]);
    expect(overrides(t.fake.state())).toEqual(overrides(before));
    expect(t.fake.state().configs).toEqual(before.configs);
    expect(agents(t.fake.state())).toEqual(agents(before));
    expectWhole(t.fake);
  });
});

describe('each target re-checked in main (defect 2.9)', () => {
  it('skips, with the reason, a credential that holds another key now than the page matched, and rotates the rest', async () => {
    const a = await tenantWithKey({ patchRoutes: undefined });
    const b = await tenantWithKey({ patchRoutes: undefined });
    const c = await tenantWithKey({ patchRoutes: undefined });
    const app = open();
    const { ids, matches } = await matchesOn(app, [a.fake, b.fake, c.fake], a.credentialId);
    expect(matches.map((m) => m.strength)).toEqual(['source', 'same-key', 'same-key']);
    // Since the inventory was read: B's key was rotated elsewhere, and C's credential now points at another account.
    b.fake.mutate((s) => void (s.credentials[0]!.secrets.api_key = 'sk-rotated-elsewhere-zz99'));
    c.fake.mutate((s) => void Object.assign(s.credentials[0]!, { base_url: 'https://api.together.xyz/v1' }));
    for (const t of [a, b, c]) t.fake.clearRequests();
    const job = await finished(app, (await rotate(app, matches, false)).id);

    expect(reportOf(job, ids[0]!).targets).toMatchObject([{ outcome: 'rotated' }]);
    expect(a.fake.state().credentials[0]!.secrets.api_key).toBe(newKey);
    const [skippedB] = reportOf(job, ids[1]!).targets!;
    expect(skippedB).toMatchObject({ outcome: 'skipped', message: expect.stringContaining('its API Key ends zz99 now, not a1b2') });
    const [skippedC] = reportOf(job, ids[2]!).targets!;
    expect(skippedC).toMatchObject({
      outcome: 'skipped',
      message: expect.stringContaining('its Base URL is https://api.together.xyz/v1 now'),
    });
    expect(job.tenants[ids[1]!]).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('“Groq team” was skipped') },
    });
    // Nothing was sent to the tenants whose credential is not this key any more.
    expect(b.fake.state().credentials[0]!.secrets.api_key).toBe('sk-rotated-elsewhere-zz99');
    expect(c.fake.state().credentials[0]!.secrets.api_key).toBe(oldKey);
    for (const t of [b, c]) expect(t.fake.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('skips a credential of another provider given as a target, whatever the page says it holds', async () => {
    const t = await tenantWithKey({ patchRoutes: undefined });
    const other = await createCredential(t.fake, { name: 'Team OpenAI', creds_type: 'API_KEY', api_key: `sk-proj-${randomUUID()}a1b2` });
    const app = open();
    const { ids, matches } = await matchesOn(app, [t.fake], t.credentialId);
    const forged = [{ ...matches[0]!, credentialId: other }];
    const job = await finished(app, (await rotate(app, forged, false)).id);
    expect(reportOf(job, ids[0]!).targets).toMatchObject([
      { outcome: 'skipped', message: expect.stringContaining('it is a OpenAI key now, not Custom (OpenAI-Compatible)') },
    ]);
    expect(t.fake.requests().filter((r) => r.method === 'PATCH')).toEqual([]);
  });
});

describe('a fallback cut short by a quit', () => {
  /** Quits while the override's PUT is on the wire (it landed); the next start of the same data folder. */
  async function quitMidFallback() {
    const t = await tenantWithKey();
    const first = open();
    const { ids, matches } = await matchesOn(first, [t.fake], t.credentialId);
    const before = t.fake.state();
    t.fake.setFaults([{ kind: 'hang', path: OVERRIDES, method: 'PUT', phase: 'after', times: 1 }]);
    await rotate(first, matches, true);
    await vi.waitFor(
      () => expect(t.fake.requests().some((r) => r.method === 'PUT' && r.path === OVERRIDES && r.status === null)).toBe(true),
      { timeout: 20_000 },
    );
    await first.services.dispose();
    const next = open(first.dataDir);
    const [offer] = await next.handlers.listUnfinishedOperations(undefined);
    return { t, next, offer: offer!, tenantId: ids[0]!, before };
  }

  it('is offered on the next start, and Resume finishes it: the old key and configs gone, everything on the new ones', async () => {
    const { t, next, offer, tenantId } = await quitMidFallback();
    expect(offer).toMatchObject({ kind: 'rotation-fallback', resume: { available: true }, tenants: [{ tenantId, unsure: false }] });
    expect(offer.tenants[0]!.made).toEqual(
      expect.arrayContaining([
        'credential “Groq team (rotated ' + new Date().toISOString().slice(0, 10) + ')”',
        'config “Llama (new)”',
        'config “Qwen (new)”',
      ]),
    );
    const job = await finished(next, (await next.handlers.resumeOperation({ operationId: offer.id })).jobId);
    expect(job.tenants[tenantId]).toMatchObject({ status: 'ok', result: { targets: [{ outcome: 'replaced' }] } });
    const s = t.fake.state();
    expect(s.credentials.map((c) => c.secrets.api_key)).toEqual([newKey]);
    expect(s.configs.map((c) => c.name).sort()).toEqual(['Llama (new)', 'Qwen (new)']);
    const idOf = (n: string) => s.configs.find((c) => c.name === n)!.id;
    expect(s.preference.default_llm_config_id).toBe(idOf('Llama (new)'));
    expect(s.featureOverrides.map((o) => o.llm_config_id)).toEqual([idOf('Qwen (new)')]);
    expect(s.agents.map((a) => a.llm_config_id)).toEqual([idOf('Qwen (new)')]);
    expectWhole(t.fake);
    expect(await next.handlers.listUnfinishedOperations(undefined)).toEqual([]);
  });

  it('is offered on the next start, and Roll back leaves the tenant as it was', async () => {
    const { t, next, offer, tenantId, before } = await quitMidFallback();
    const job = await finished(next, (await next.handlers.rollBackOperation({ operationId: offer.id })).jobId);
    expect(job.tenants[tenantId]!.status).toBe('ok');
    const s = t.fake.state();
    expect(s.credentials).toEqual(before.credentials);
    expect(s.configs).toEqual(before.configs);
    expect(s.preference).toEqual(before.preference);
    expect(overrides(s)).toEqual(overrides(before));
    expect(agents(s)).toEqual(agents(before));
    expect(await next.handlers.listUnfinishedOperations(undefined)).toEqual([]);
  });
});

describe('a rotation in place cut short by a quit', () => {
  it('is offered on the next start, and its Resume checks the key the cut-short PATCH set', async () => {
    const t = await tenantWithKey({ patchRoutes: undefined });
    const first = open();
    const { ids, matches } = await matchesOn(first, [t.fake], t.credentialId);
    // The tenant takes the new key, then never answers: BYOM Desk quits with the PATCH on the wire.
    const path = `/ai/api/v1/llm_credentials/${t.credentialId}`;
    t.fake.setFaults([{ kind: 'hang', path, method: 'PATCH', phase: 'after', times: 1 }]);
    await rotate(first, matches, false);
    await vi.waitFor(() => expect(t.fake.requests().some((r) => r.method === 'PATCH' && r.status === null)).toBe(true), {
      timeout: 20_000,
    });
    await first.services.dispose();

    const next = open(first.dataDir);
    const [offer] = await next.handlers.listUnfinishedOperations(undefined);
    expect(offer).toMatchObject({
      kind: 'rotation',
      resume: { label: 'Check the new keys', available: true },
      tenants: [{ tenantId: ids[0] }],
    });
    const job = await finished(next, (await next.handlers.resumeOperation({ operationId: offer!.id })).jobId);
    expect(job.tenants[ids[0]!]).toMatchObject({ status: 'ok', result: { targets: [{ outcome: 'rotated' }] } });
    expect(t.fake.state().credentials[0]!.secrets.api_key).toBe(newKey);
    expect(await next.handlers.listUnfinishedOperations(undefined)).toEqual([]);
  });
});
