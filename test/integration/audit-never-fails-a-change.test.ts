// The audit log records a change; it never undoes the caller's knowledge of it. A config whose name
// is longer than an entry may hold is still deleted, reported and recorded (its name shortened);
// an audit log the disk refuses is logged and said on the Audit screen, and the change still ends
// with its report.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { Services } from '../../src-main/services';
import type { JobView } from '../../src-shared/jobs';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { addApiTokenProfile, startServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk audit names test ${randomUUID()}`);
let tenant: FakeTenant;
beforeAll(async () => {
  tenant = await startFakeTenant({ builtInConfigs: false });
});
afterAll(async () => {
  await tenant.stop();
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

const running: Services[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.dispose()));
  tenant.reset();
});

async function finished(seen: { jobs: JobView[] }, jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 15_000 });
  return seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

/** The tenant's report, whatever its shape: it must be there, and name the config. */
const reportOf = (job: JobView, tenantId: string) => JSON.stringify(job.tenants[tenantId]?.result ?? null);

/** A tenant with one credential and a config named `name`, read into the inventory. */
async function oneConfigNamed(name: string) {
  const started = startServices(secrets);
  running.push(started.services);
  const { handlers, seen } = started;
  const credentialId = await createCredential(tenant, { name: 'Key', creds_type: 'API_KEY', api_key: `sk-proj-${randomUUID()}` });
  const configId = await createConfig(tenant, { name, provider: 'openai', llm_credentials_id: credentialId, model_name: 'gpt-4o' });
  const p = await addApiTokenProfile(handlers, 'Acme', tenant);
  await finished(seen, (await handlers.startInventoryRefresh({ tenantIds: [p.id] })).id);
  return { ...started, tenantId: p.id, configId };
}

describe('an audit entry never fails the change it records', () => {
  it('a config named with 600 characters is deleted, reported, and recorded with its name shortened', async () => {
    const longName = `Quarterly ${'forecast '.repeat(66)}`.slice(0, 600);
    expect(longName).toHaveLength(600);
    const { handlers, seen, tenantId, configId } = await oneConfigNamed(longName);

    const job = await handlers.startInventoryDeletion({ items: [{ tenantId, kind: 'config', id: configId }], confirmations: {} });
    const final = await finished(seen, job.id);
    expect(tenant.state().configs).toEqual([]);
    expect(final.tenants[tenantId]).toMatchObject({ status: 'ok' });
    expect(reportOf(final, tenantId)).toContain(configId);

    const [entry] = (await handlers.listAuditEntries({ actions: ['config.delete'] })).entries;
    expect(entry).toMatchObject({ outcome: 'ok', objects: [{ kind: 'config', id: configId }] });
    const recorded = entry!.objects[0]!.name!;
    expect(recorded.length).toBeLessThanOrEqual(500);
    expect(recorded.endsWith('…')).toBe(true);
    expect(longName.startsWith(recorded.slice(0, -1))).toBe(true);
  });

  it('an audit log the disk refuses: the delete still ends with its report, and the Audit screen says what was not written', async () => {
    const { handlers, seen, tenantId, configId, dataDir } = await oneConfigNamed('Plain name');
    // The Audit screen was open (the log is read), then the disk breaks: a folder where the file
    // should be refuses every append (EISDIR).
    await handlers.listAuditEntries({});
    mkdirSync(join(dataDir, 'audit-log.jsonl'));

    const job = await handlers.startInventoryDeletion({ items: [{ tenantId, kind: 'config', id: configId }], confirmations: {} });
    const final = await finished(seen, job.id);
    expect(tenant.state().configs).toEqual([]);
    expect(final.tenants[tenantId]).toMatchObject({ status: 'ok' });
    expect(reportOf(final, tenantId)).toContain(configId);

    const listed = await handlers.listAuditEntries({});
    expect(listed.unwritten).toMatchObject({ count: 1, message: expect.stringMatching(/could not be written.*audit-log\.jsonl.*EISDIR/) });
    expect(listed.entries).toMatchObject([{ action: 'config.delete', objects: [{ id: configId }] }]);
  });
});
