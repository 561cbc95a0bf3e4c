// README, Drafts: "Make a draft from this" reads the credential "from the tenant when it answers, from
// its last inventory when it does not". The tenant goes down after an inventory read; the draft is
// made from what was kept, also after a restart of the app, and says where it came from.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { JobView } from '../../src-shared/jobs';
import { startFakeTenant } from '../fake-tenant/server';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { failure } from '../support/app-error';
import { addApiTokenProfile, startServices, type TestServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk draft offline ${randomUUID()}`);
const running: TestServices[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.services.dispose();
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});
const start = (dataDir?: string) => {
  const app = startServices(secrets, dataDir ? { dataDir } : {});
  running.push(app);
  return app;
};

async function finished(app: TestServices, jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(app.seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 20_000 });
  return app.seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

describe('"Make a draft from this" while the tenant is down', () => {
  it('makes the draft from the last inventory, before and after a restart, and says so', async () => {
    const tenant = await startFakeTenant({ builtInConfigs: false });
    const credential = await createCredential(tenant, {
      name: 'Support Anthropic',
      creds_type: 'API_KEY',
      api_key: `sk-ant-${randomUUID()}`,
    });
    await createConfig(tenant, {
      name: 'Sonnet for support',
      provider: 'anthropic',
      llm_credentials_id: credential,
      model_name: 'claude-sonnet-4-5-20250929',
    });
    await createConfig(tenant, {
      name: 'claude-3-5-haiku-20241022',
      provider: 'anthropic',
      llm_credentials_id: credential,
      model_name: 'claude-3-5-haiku-20241022',
    });
    const app = start();
    const profile = await addApiTokenProfile(app.handlers, 'Acme', tenant);
    expect((await finished(app, (await app.handlers.startInventoryRefresh({ tenantIds: [profile.id] })).id)).status).toBe('succeeded');
    await tenant.stop();

    const expected = {
      title: 'Support Anthropic from Acme',
      providerId: 'anthropic',
      values: { name: 'Support Anthropic' },
      models: [
        { modelId: 'claude-sonnet-4-5-20250929', name: 'Sonnet for support' },
        { modelId: 'claude-3-5-haiku-20241022', name: '' },
      ],
      secrets: { api_key: 'missing' },
    };
    const made = await app.handlers.makeDraftFromCredential({ tenantId: profile.id, credentialId: credential });
    expect(made).toMatchObject({ source: 'cache', draft: expected });

    // A new start with the tenant still down: the inventory kept on disk is enough.
    await running.pop()!.services.dispose();
    const again = start(app.dataDir);
    expect(await again.handlers.makeDraftFromCredential({ tenantId: profile.id, credentialId: credential })).toMatchObject({
      source: 'cache',
      draft: expected,
    });
    expect((await again.handlers.listDrafts(undefined)).map((d) => d.title)).toEqual([expected.title, expected.title]);
  });

  it('says there is nothing to make it from when the tenant is down and was never read', async () => {
    const tenant = await startFakeTenant({ builtInConfigs: false });
    const app = start();
    const profile = await addApiTokenProfile(app.handlers, 'Never read', tenant);
    await tenant.stop();
    const e = await failure(Promise.resolve(app.handlers.makeDraftFromCredential({ tenantId: profile.id, credentialId: randomUUID() })));
    expect(e.code).toBe('network');
    expect(e.message).toBe(
      '“Never read” cannot be reached and has no inventory kept yet, so there is nothing to make a draft from. Try again when it answers.',
    );
    expect(await app.handlers.listDrafts(undefined)).toEqual([]);
  });
});
