// A setup is one long operation, Validate & Continue to Complete, with the user between its steps.
// What it has made reaches the inventory at each step's end, not only once the setup is complete:
// the credential it validated is listed while the user is still picking models, and one it took
// back (refused by the provider) is gone again. The extra reads this makes may end out of order:
// the newer read's answer is the one kept.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { Services } from '../../src-main/services';
import { startFakeTenant } from '../fake-tenant/server';
import { addApiTokenProfile, startServices } from '../support/node-services';
import { finished } from './server-faults-flows';

const secrets = createKeyringSecretStore(`BYOM Desk setup inventory test ${randomUUID()}`);
const running: Services[] = [];
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.dispose()));
  await Promise.all(stops.splice(0).map((stop) => stop()));
});
afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

/** A fake tenant "Acme" in the running services, read once; its inventory and credential names. */
async function acmeRead(options: { rejectedSecrets?: string[] } = {}) {
  const tenant = await startFakeTenant({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 1, ...options });
  stops.push(() => tenant.stop());
  const app = startServices(secrets);
  running.push(app.services);
  const { handlers } = app;
  const acme = await addApiTokenProfile(handlers, 'Acme', tenant);
  await finished(app, (await handlers.startInventoryRefresh({ tenantIds: [acme.id] })).id);
  const inventory = async () => (await handlers.getInventory({ tenantIds: [acme.id] }))[0]?.inventory;
  const names = async () => ((await inventory())?.credentials ?? []).map((c) => c.name).sort();
  return { tenant, app, handlers, acme, inventory, names };
}

it('lists the credential a setup validated while the setup is still open, and not one it took back', async () => {
  const { handlers, acme, inventory, names } = await acmeRead({ rejectedSecrets: ['sk-proj-refused'] });
  const before = await names();

  const run = await handlers.startProviderSetup({
    tenantId: acme.id,
    providerId: 'openai',
    values: { name: 'Live key', api_key: 'sk-proj-live' },
  });
  expect(run.status).toBe('valid');
  // No model picked, no Complete: the inventory has read the tenant again on its own.
  await vi.waitFor(async () => expect(await names()).toEqual([...before, 'Live key'].sort()), { timeout: 15_000 });

  // A key the provider refuses is taken back: the inventory, read again after that attempt, does not have it.
  const readAt = (await inventory())!.readAt;
  const refused = await handlers.startProviderSetup({
    tenantId: acme.id,
    providerId: 'openai',
    values: { name: 'Refused key', api_key: 'sk-proj-refused' },
  });
  expect(refused).toMatchObject({ status: 'invalid', keptFailedCredential: false });
  await vi.waitFor(async () => expect((await inventory())!.readAt > readAt).toBe(true), { timeout: 15_000 });
  expect(await names()).toEqual([...before, 'Live key'].sort());
  handlers.finishProviderSetup({ runId: run.runId });
  handlers.finishProviderSetup({ runId: refused.runId });
});

it('keeps the newer of two reads of a tenant that end out of order', async () => {
  const { tenant, app, handlers, acme, names } = await acmeRead();

  // The older read has its credential list, then its agents answer "busy, retry in a second"...
  tenant.addFault({ kind: '503', method: 'GET', path: '/ai/api/v1/config/agent', times: 1, retryAfter: 1 });
  const older = await handlers.startInventoryRefresh({ tenantIds: [acme.id] });
  await vi.waitFor(() => expect(tenant.faults()[0]!.fired).toBe(1), { timeout: 10_000 });
  // ...while the tenant gains a credential...
  tenant.mutate(
    (data) => void data.credentials.push({ ...structuredClone(data.credentials[0]!), id: 'newer-credential', name: 'Made meanwhile' }),
  );
  // ...and a newer read, asked after, ends first and sees it.
  await finished(app, (await handlers.startInventoryRefresh({ tenantIds: [acme.id] })).id);
  expect(await names()).toContain('Made meanwhile');
  await finished(app, older.id);
  expect(await names()).toContain('Made meanwhile');
});
