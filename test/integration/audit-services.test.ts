// The audit log through the real services, as the app runs them: a setup, an inventory delete, a
// default set and a health sweep each leave their entries (with the tenant, the objects, the job),
// the page hears of each, and a restart reads them all back.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { Services } from '../../src-main/services';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { addApiTokenProfile, startServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk audit test ${randomUUID()}`);
let tenant: FakeTenant;

beforeAll(async () => {
  tenant = await startFakeTenant({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 2 });
});
afterAll(async () => {
  await tenant.stop();
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

const running: Services[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.dispose()));
});

async function ended(handlers: Services['handlers'], jobId: string) {
  await vi.waitFor(async () => expect((await handlers.listJobs(undefined)).find((j) => j.id === jobId)?.status).not.toBe('running'), {
    timeout: 15_000,
  });
}

it('a setup, a delete, a default and a sweep each leave the right entries, sent live and read back after a restart', async () => {
  const started = startServices(secrets);
  running.push(started.services);
  const { handlers, seen } = started;
  const acme = await addApiTokenProfile(handlers, 'Acme', tenant);
  const seeded = tenant.state().configs[0]!;

  const run = await handlers.startProviderSetup({
    tenantId: acme.id,
    providerId: 'openai',
    values: { name: 'Audited key', api_key: 'sk-proj-audited' },
  });
  expect(run.status).toBe('valid');
  const config = await handlers.createSetupConfig({ runId: run.runId, modelName: 'gpt-4o', name: 'Audited GPT-4o', isEmbedding: false });
  handlers.finishProviderSetup({ runId: run.runId });

  await ended(handlers, (await handlers.startInventoryRefresh({ tenantIds: [acme.id] })).id);
  await ended(
    handlers,
    (await handlers.startInventoryDeletion({ items: [{ tenantId: acme.id, kind: 'config', id: seeded.id }], confirmations: {} })).id,
  );
  await handlers.setTenantPreference({ tenantId: acme.id, defaultLlmConfigId: config.id });
  const sweep = await handlers.startHealthSweep({ tenantIds: [acme.id] });
  await ended(handlers, sweep.id);

  const { entries, total, skippedLines } = await handlers.listAuditEntries({});
  expect(skippedLines).toEqual([]);
  const oldestFirst = [...entries].reverse();
  const sweeps = oldestFirst.filter((e) => e.action === 'sweep');
  expect(oldestFirst.filter((e) => e.action !== 'sweep')).toMatchObject([
    {
      action: 'credential.create',
      outcome: 'ok',
      source: 'setup',
      objects: [{ kind: 'credential', id: run.credentialId, name: 'Audited key' }],
    },
    { action: 'credential.validate', outcome: 'ok', source: 'setup' },
    { action: 'config.create', outcome: 'ok', source: 'setup', objects: [{ kind: 'config', id: config.id, name: 'Audited GPT-4o' }] },
    {
      action: 'config.delete',
      outcome: 'ok',
      source: 'inventory',
      jobId: expect.any(String),
      objects: [{ kind: 'config', id: seeded.id, name: seeded.name }],
    },
    {
      action: 'preference.set',
      outcome: 'ok',
      source: 'inventory',
      objects: [
        { kind: 'preference', name: 'default LLM' },
        { kind: 'config', id: config.id, name: 'Audited GPT-4o' },
      ],
      message: 'default LLM: “Audited GPT-4o”',
    },
  ]);
  // One entry per credential swept, with the sweep's job.
  expect(sweeps.map((e) => e.objects[0]!.id).sort()).toEqual(
    tenant
      .state()
      .credentials.map((c) => c.id)
      .sort(),
  );
  expect(sweeps.every((e) => e.source === 'sweep' && e.jobId === sweep.id && e.outcome === 'ok')).toBe(true);
  for (const entry of entries) expect(entry).toMatchObject({ tenantId: acme.id, tenantName: 'Acme', environment: 'staging' });
  expect(JSON.stringify(entries)).not.toContain('sk-proj-audited');
  // The page heard of every one as it was written.
  expect(seen.audits.map((e) => e.id).sort()).toEqual(entries.map((e) => e.id).sort());

  // A failed write is an entry too, with the tenant's error code.
  tenant.addFault({ kind: '500', method: 'PUT', path: '/ai/api/v1/config/llm_preference' });
  await expect(handlers.setTenantPreference({ tenantId: acme.id, hideDefaultModels: true })).rejects.toMatchObject({ code: 'server' });
  tenant.clearFaults();
  const failed = await handlers.listAuditEntries({ outcomes: ['failed'] });
  expect(failed).toMatchObject({
    total: 1,
    entries: [{ action: 'preference.set', errorCode: 'server', message: expect.stringContaining('500') }],
  });

  // The next start reads them all back.
  const again = startServices(secrets, { dataDir: started.dataDir });
  running.push(again.services);
  expect((await again.handlers.listAuditEntries({})).total).toBe(total + 1);
});
