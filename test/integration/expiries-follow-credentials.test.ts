// README, Expiry reminders: "a rotation whose fallback replaces the credential moves its expiry to the
// successor; deleting a credential from the Inventory removes its expiry", so a reminder never
// outlives its key. Through the services (the handlers the page calls), against fake tenants.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { JobView } from '../../src-shared/jobs';
import { keyOf } from '../../src-shared/rotation';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { addApiTokenProfile, startServices, type TestServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk expiries follow ${randomUUID()}`);
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

type Started = { tenant: FakeTenant; app: TestServices; tenantId: string };
async function started(options: Parameters<typeof startFakeTenant>[0]): Promise<Started> {
  const tenant = await startFakeTenant({ builtInConfigs: false, ...options });
  const app = startServices(secrets);
  cleanups.push(
    () => tenant.stop(),
    () => app.services.dispose(),
  );
  const { id } = await addApiTokenProfile(app.handlers, 'Acme', tenant);
  return { tenant, app, tenantId: id };
}

async function finished(app: TestServices, jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(app.seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 20_000 });
  return app.seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('an expiry follows its credential', () => {
  it('goes with the credential deleted from the Inventory; the others stay', async () => {
    const { tenant, app, tenantId } = await started({});
    const doomed = await createCredential(tenant, { name: 'Old key', creds_type: 'API_KEY', api_key: `sk-proj-${randomUUID()}` });
    const kept = await createCredential(tenant, { name: 'Kept key', creds_type: 'API_KEY', api_key: `sk-proj-${randomUUID()}` });
    await finished(app, (await app.handlers.startInventoryRefresh({ tenantIds: [tenantId] })).id);
    for (const [credentialId, credentialName] of [
      [doomed, 'Old key'],
      [kept, 'Kept key'],
    ] as const) {
      await app.handlers.setCredentialExpiry({ tenantId, credentialId, credentialName, expiresAt: inAnHour() });
    }
    // The read after the deletion fails: the deletion itself must let the reminder go.
    tenant.addFault({ kind: '500', path: '/ai/api/v1/llm_credentials', method: 'GET' });
    const deletion = await app.handlers.startInventoryDeletion({
      items: [{ tenantId, kind: 'credential', id: doomed }],
      confirmations: {},
    });
    const job = await finished(app, deletion.id);
    expect(job.tenants[tenantId]!.result).toMatchObject({ targets: [{ id: doomed, outcome: 'deleted' }] });
    expect(tenant.state().credentials.map((c) => c.id)).toEqual([kept]);
    const { expiries } = await app.handlers.listCredentialExpiries(undefined);
    expect(expiries.map((e) => [e.credentialId, e.credentialName])).toEqual([[kept, 'Kept key']]);
  });

  it('moves to the successor when a rotation replaces the credential (a tenant without PATCH), and the old one has none', async () => {
    const { tenant, app, tenantId } = await started({ patchRoutes: '405' });
    const old = await createCredential(tenant, { name: 'Team OpenAI', creds_type: 'API_KEY', api_key: `sk-proj-old-${randomUUID()}` });
    await createConfig(tenant, { name: 'GPT-4o', provider: 'openai', llm_credentials_id: old, model_name: 'gpt-4o' });
    await finished(app, (await app.handlers.startInventoryRefresh({ tenantIds: [tenantId] })).id);
    const expiresAt = inAnHour();
    await app.handlers.setCredentialExpiry({ tenantId, credentialId: old, credentialName: 'Team OpenAI', expiresAt });

    // No new expiry given: the credential keeps the one it had, on its successor.
    const [state] = await app.handlers.getInventory({ tenantIds: [tenantId] });
    const key = keyOf(state!.inventory!.credentials.find((c) => c.id === old)!);
    const rotation = await app.handlers.startRotation({
      providerId: 'openai',
      values: { api_key: `sk-proj-new-${randomUUID()}` },
      targets: [{ tenantId, credentialId: old, key }],
      confirmations: {},
      fallback: true,
    });
    const job = await finished(app, rotation.id);
    expect(job.tenants[tenantId]!.result).toMatchObject({ targets: [{ id: old, outcome: 'replaced' }] });
    const [successor] = tenant.state().credentials;
    expect(successor!.id).not.toBe(old);
    expect((await app.handlers.listCredentialExpiries(undefined)).expiries).toEqual([
      expect.objectContaining({ tenantId, credentialId: successor!.id, expiresAt }),
    ]);
  });
});
