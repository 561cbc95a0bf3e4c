// A tenant profile removed while a job still works on it: when the job ends, nothing of that tenant
// is written again. Its inventory file and its connection-test entry stay gone.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { Services } from '../../src-main/services';
import type { JobView } from '../../src-shared/jobs';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { startLatchedProxy, type LatchedProxy } from '../support/latched-proxy';
import { addApiTokenProfile, startServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk removed profile test ${randomUUID()}`);
let tenant: FakeTenant;
beforeAll(async () => {
  tenant = await startFakeTenant({ seedCredentials: 1, seedConfigs: 2 });
});
afterAll(async () => {
  await tenant.stop();
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

const running: Services[] = [];
const proxies: LatchedProxy[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.dispose()));
  await Promise.all(proxies.splice(0).map((p) => p.stop()));
});

async function finished(seen: { jobs: JobView[] }, jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 15_000 });
  return seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

/** A profile whose tenant answers through a proxy of its own, which holds what the test says. */
async function profileBehindAProxy() {
  const proxy = await startLatchedProxy(tenant.baseUrl);
  proxies.push(proxy);
  const started = startServices(secrets);
  running.push(started.services);
  const p = await addApiTokenProfile(started.handlers, 'Going away', { baseUrl: proxy.baseUrl, apiAccessToken: tenant.apiAccessToken });
  return { ...started, proxy, tenantId: p.id };
}

describe('a job that outlives its tenant profile', () => {
  it('a connection test that ends after the profile is removed writes no connection-test entry', async () => {
    const { handlers, seen, dataDir, tenantId, proxy } = await profileBehindAProxy();
    const latch = proxy.hold({ method: 'GET', path: '/ai/api/v1/config/llm*' });
    const job = await handlers.startConnectionTests({ tenantIds: [tenantId] });
    await latch.arrived();

    await handlers.deleteTenantProfile({ id: tenantId });
    latch.release();
    await finished(seen, job.id);

    expect(await handlers.listConnectionTests(undefined)).not.toHaveProperty(tenantId);
    const file = join(dataDir, 'connection-tests.json');
    if (existsSync(file)) expect(readFileSync(file, 'utf8')).not.toContain(tenantId);
  });

  it('an inventory read that ends after the profile is removed writes no inventory file', async () => {
    const { handlers, seen, dataDir, tenantId, proxy } = await profileBehindAProxy();
    const latch = proxy.hold({ method: 'GET', path: '/ai/api/v1/config/llm*' });
    const job = await handlers.startInventoryRefresh({ tenantIds: [tenantId] });
    await latch.arrived();

    await handlers.deleteTenantProfile({ id: tenantId });
    latch.release();
    await finished(seen, job.id);

    expect(existsSync(join(dataDir, `inventory-${tenantId}.json`))).toBe(false);
  });
});
