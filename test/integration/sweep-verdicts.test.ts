// README, Inventory: the health sweep classifies each credential as "OK with its model count, key
// rejected (401), forbidden (403), models unlisted (`valid: null`), or error, each with the guide's
// advice". The 403 and `valid: null` verdicts, through the services, against a fake tenant, and as
// the audit log records them.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { CredentialHealth } from '../../src-shared/inventory';
import type { JobView } from '../../src-shared/jobs';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { addApiTokenProfile, startServices, type TestServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk sweep verdicts ${randomUUID()}`);
let tenant: FakeTenant;
let app: TestServices;

beforeAll(async () => {
  tenant = await startFakeTenant({ builtInConfigs: false });
  app = startServices(secrets);
});
afterAll(async () => {
  await app.services.dispose();
  await tenant.stop();
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

async function finished(jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(app.seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 20_000 });
  return app.seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

describe('the health sweep', () => {
  it('says forbidden (403) and models unlisted (valid: null), each with what to do, and records both', async () => {
    // A key the provider answers 403 for (the fake's "forbidden" convention), and a self-hosted
    // OpenAI-compatible server that cannot list its models.
    const forbiddenKey = `sk-proj-forbidden-${randomUUID()}`;
    const forbidden = await createCredential(tenant, { name: 'No permission', creds_type: 'API_KEY', api_key: forbiddenKey });
    const selfHosted = await createCredential(tenant, {
      name: 'vLLM in house',
      creds_type: 'API_KEY',
      api_key: `sk-${randomUUID()}`,
      base_url: 'http://llm-service:8000/v1',
    });
    await createConfig(tenant, {
      name: 'Llama',
      provider: 'openai',
      llm_credentials_id: selfHosted,
      model_name: 'meta-llama/Llama-3.1-8B-Instruct',
    });
    const good = await createCredential(tenant, { name: 'Works', creds_type: 'API_KEY', api_key: `sk-proj-${randomUUID()}` });
    const profile = await addApiTokenProfile(app.handlers, 'Acme', tenant);
    tenant.clearRequests();

    const job = await finished((await app.handlers.startHealthSweep({ tenantIds: [profile.id] })).id);
    expect(job.tenants[profile.id]).toMatchObject({ status: 'ok', message: '1 of 3 credentials need attention' });
    const [state] = await app.handlers.getInventory({ tenantIds: [profile.id] });
    const verdict = (id: string) => state!.sweep!.credentials.find((c) => c.credentialId === id) as CredentialHealth;

    const advice = { cause: expect.any(String), solution: expect.any(String) };
    expect(verdict(forbidden)).toMatchObject({ status: 'forbidden', modelCount: null, message: expect.any(String), advice });
    expect(verdict(selfHosted)).toMatchObject({
      status: 'unlisted',
      modelCount: null,
      // Not listing is not "no longer listed": its config's model is not flagged.
      missingModels: [],
      message: expect.stringMatching(/does not support model listing/),
      advice: { solution: expect.stringMatching(/specific model/) },
    });
    expect(verdict(good)).toMatchObject({ status: 'ok', modelCount: expect.any(Number) });
    // Listing mode only: no model_name, so no billed inference call.
    const validations = tenant.requests().filter((r) => r.path.endsWith('/validate'));
    expect(validations).toHaveLength(3);
    for (const v of validations) expect(v.body).not.toHaveProperty('model_name');

    // The audit log: 403 is a failure with its verdict as the code; unlisted is not a failure.
    const { entries } = await app.handlers.listAuditEntries({});
    const sweepOf = (id: string) => entries.find((e) => e.action === 'sweep' && e.objects[0]!.id === id);
    expect(sweepOf(forbidden)).toMatchObject({ outcome: 'failed', errorCode: 'forbidden', source: 'sweep', jobId: job.id });
    expect(sweepOf(selfHosted)).toMatchObject({ outcome: 'ok', message: expect.stringMatching(/does not support model listing/) });
    expect(sweepOf(selfHosted)).not.toHaveProperty('errorCode');
  });
});
