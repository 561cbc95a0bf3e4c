// A POST whose answer is lost may have landed: the tenant is looked at by name before a failure is
// reported, what landed is adopted, and no retry makes a duplicate. The fake tenant's `phase:
// 'after'` faults do the work and then lose the answer, as a proxy failing late would.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAlationClient, type AlationClient } from '../../src-main/alation/client';
import { createCredentialSafely, createLlmConfigSafely } from '../../src-main/alation/safe-writes';
import { SecretRedactor } from '../../src-main/log/logger';
import { ProviderSetup } from '../../src-main/setup/provider-setup';
import { startFakeTenant, type FakeTenant, type FaultKind } from '../fake-tenant/server';
import { failure } from '../support/app-error';
import { memoryLogger } from '../support/memory-logger';

let tenant: FakeTenant;
let client: AlationClient;
const credentialPath = '/ai/api/v1/llm_credentials';
const configPath = '/ai/api/v1/config/llm';

beforeAll(async () => {
  tenant = await startFakeTenant({ builtInConfigs: false });
  client = createAlationClient({
    baseUrl: tenant.baseUrl,
    auth: { method: 'apiToken', token: tenant.apiAccessToken },
    requestTimeoutMs: 1_000,
    retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
  });
});
afterAll(async () => {
  await client.close();
  await tenant.stop();
});
beforeEach(() => tenant.reset());

const openai = (name = 'Team OpenAI') => ({ name, creds_type: 'API_KEY', api_key: `sk-proj-${randomUUID()}` });
const posts = (path: string) => tenant.requests().filter((r) => r.method === 'POST' && r.path === path).length;

describe('orphan-safe writes', () => {
  it.each<[FaultKind, string]>([
    ['reset', 'the connection reset after the tenant did the work'],
    ['500', 'a 500 from a proxy after the tenant did the work'],
    ['truncated', 'an answer cut in half'],
    ['hang', 'no answer at all (timeout)'],
  ])('adopts a credential that landed when its answer was lost: %s (%s)', async (kind) => {
    tenant.setFaults([{ kind, path: credentialPath, method: 'POST', phase: 'after', times: 1 }]);
    const { value, adopted } = await createCredentialSafely(client, openai());
    expect(adopted).toBe(true);
    const onTenant = tenant.state().credentials;
    expect(onTenant.map((c) => c.id)).toEqual([value.id]);
    expect(posts(credentialPath)).toBe(1);
  });

  it('adopts a landed Bedrock credential, whose access key ID the listing masks like a secret', async () => {
    tenant.setFaults([{ kind: 'reset', path: credentialPath, method: 'POST', phase: 'after', times: 1 }]);
    const body = {
      name: 'Bedrock EU',
      creds_type: 'AWS',
      aws_access_key_id: 'AKIAEXAMPLE9876WXYZ',
      aws_secret_access_key: `secret-${randomUUID()}`,
      aws_region: 'eu-west-1',
    };
    const { value, adopted } = await createCredentialSafely(client, body);
    expect(adopted).toBe(true);
    expect(tenant.state().credentials.map((c) => c.id)).toEqual([value.id]);
    expect((value as Record<string, unknown>).aws_access_key_id).toBe('****WXYZ');
  });

  it('does not adopt a same-named credential that was there before: the failure stands', async () => {
    const before = await client.createCredential(openai());
    // A 502 from a proxy in front: the tenant is looked at, but what it has by that name was there already.
    tenant.setFaults([{ kind: '502', path: credentialPath, method: 'POST', phase: 'before', times: 1 }]);
    const e = await failure(createCredentialSafely(client, openai()));
    expect(e.code).toBe('server');
    expect(tenant.state().credentials.map((c) => c.id)).toEqual([before.id]);
    expect(tenant.requests().filter((r) => r.method === 'GET' && r.path === credentialPath)).toHaveLength(2);
  });

  it('reports a create whose answer was lost and whose lookup failed too as unconfirmed, for a later look', async () => {
    tenant.setFaults([
      { kind: 'reset', path: credentialPath, method: 'POST', phase: 'after', times: 1 },
      { kind: '503', path: credentialPath, method: 'GET', times: 5 },
    ]);
    const e = await failure(createCredentialSafely(client, openai(), { knownIds: [] }));
    expect(e.code).toBe('network');
    expect(e.message).toMatch(/may have been created anyway/);
    const unconfirmed = e.details?.unconfirmed as {
      fingerprint: { name: string; identity: object; tails: Record<string, string> };
      knownIds: string[];
    };
    expect(unconfirmed).toMatchObject({ fingerprint: { name: 'Team OpenAI', identity: { creds_type: 'API_KEY' } }, knownIds: [] });
    // The fingerprint keeps the last characters of the key, as a listing shows them, never the key.
    expect(Object.values(unconfirmed.fingerprint.tails).every((t) => t.length === 4)).toBe(true);
  });

  it('adopts a config that landed when its answer was lost, and a retry makes no second one', async () => {
    const credential = await client.createCredential(openai());
    const body = { name: 'GPT-4o', provider: 'openai', llm_credentials_id: credential.id, model_name: 'gpt-4o' };
    tenant.setFaults([{ kind: 'reset', path: configPath, method: 'POST', phase: 'after', times: 1 }]);
    const first = await createLlmConfigSafely(client, body);
    const again = await createLlmConfigSafely(client, body);
    expect(first.adopted).toBe(true);
    expect(again).toEqual({ value: first.value, adopted: true });
    expect(tenant.state().configs.map((c) => c.id)).toEqual([first.value.id]);
    expect(posts(configPath)).toBe(1);
  });

  it('setup: a credential whose answer was lost is adopted, and a config retried after a lost answer is not made twice', async () => {
    const setup = new ProviderSetup({ withClient: (_id, work) => work(client), log: memoryLogger(), redactor: new SecretRedactor() });
    tenant.setFaults([{ kind: '500', path: credentialPath, method: 'POST', phase: 'after', times: 1 }]);
    const run = await setup.start({
      tenantId: randomUUID(),
      providerId: 'openai',
      values: { name: 'Lost answer', api_key: 'sk-proj-lost-answer-1' },
    });
    expect(run).toMatchObject({ status: 'valid', credentialId: tenant.state().credentials[0]!.id });

    tenant.setFaults([{ kind: 'truncated', path: configPath, method: 'POST', phase: 'after', times: 1 }]);
    const config = await setup.createConfig({ runId: run.runId, modelName: 'gpt-4o', name: 'GPT-4o mine', isEmbedding: false });
    const retried = await setup.createConfig({ runId: run.runId, modelName: 'gpt-4o', name: 'GPT-4o mine', isEmbedding: false });
    expect(retried.id).toBe(config.id);
    expect(tenant.state().credentials).toHaveLength(1);
    expect(tenant.state().configs).toHaveLength(1);

    // Cancelling deletes it all, once.
    const cancelled = await setup.cancel({ runId: run.runId, deleteCreated: true });
    expect(cancelled).toMatchObject({ kind: 'setup', outcome: 'cancelled', leftOnTenant: [] });
    expect(cancelled.steps.filter((s) => s.step === 'rollback').map((s) => [s.label, s.status])).toEqual([
      ['Deleted config “GPT-4o mine”', 'done'],
      ['Deleted the credential this run created, “Lost answer”', 'done'],
    ]);
    expect(tenant.state()).toMatchObject({ credentials: [], configs: [] });
  });

  it('setup: a credential left unconfirmed is removed before the next attempt, so it is neither duplicated nor orphaned', async () => {
    // The answer to the create is lost, and so is the lookup right after it: the tenant makes the
    // credential and holds its answer until the client gives up; only then is the list refused too.
    const setup = new ProviderSetup({ withClient: (_id, work) => work(client), log: memoryLogger(), redactor: new SecretRedactor() });
    tenant.setFaults([{ kind: 'hang', path: credentialPath, method: 'POST', phase: 'after', times: 1 }]);
    const held = vi.waitFor(() => {
      if (!tenant.requests().some((r) => r.method === 'POST' && r.fault === 'hang')) throw new Error('the create has not arrived yet');
      tenant.addFault({ kind: '503', path: credentialPath, method: 'GET', times: 1 });
    });
    const tenantId = randomUUID();
    const lost = await setup.start({ tenantId, providerId: 'openai', values: { name: 'Unsure', api_key: 'sk-proj-unsure-1' } });
    await held;
    expect(tenant.faults().map((f) => [f.rule.kind, f.fired])).toEqual([
      ['hang', 1],
      ['503', 1],
    ]);
    expect(lost).toMatchObject({
      status: 'invalid',
      credentialId: null,
      failure: { stage: 'create', cause: 'unreachable', message: expect.stringMatching(/may have been created anyway/) },
    });
    expect(tenant.state().credentials).toHaveLength(1);
    // Meanwhile another admin makes a credential of the same name, with another key, in Alation's UI.
    const theirs = await client.createCredential({ name: 'Unsure', creds_type: 'API_KEY', api_key: 'sk-proj-theirs-9' });
    const retried = await setup.start({
      tenantId,
      providerId: 'openai',
      values: { name: 'Unsure', api_key: 'sk-proj-unsure-2' },
      runId: lost.runId,
    });
    expect(retried.status).toBe('valid');
    // Ours (the one that landed unconfirmed) is gone; theirs stays; the retry made exactly one.
    expect(
      tenant
        .state()
        .credentials.map((c) => c.id)
        .sort(),
    ).toEqual([retried.credentialId, theirs.id].sort());
    await setup.cancel({ runId: retried.runId, deleteCreated: true });
    expect(tenant.state().credentials.map((c) => c.id)).toEqual([theirs.id]);
  });
});
