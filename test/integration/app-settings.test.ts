// The Settings screen's settings in main: kept across a restart, saved all or nothing, sent to every
// window, and obeyed: the environments that need a typed name (main refuses a change without it),
// and each tenant's request cap, applied at once, to connections already made and requests queued.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import pLimit from 'p-limit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SecretRedactor } from '../../src-main/log/logger';
import { TenantClients } from '../../src-main/profiles/tenant-clients';
import { TenantProfiles } from '../../src-main/profiles/tenant-profiles';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import { defaultAppSettings, type AppSettings } from '../../src-shared/app-settings';
import { startFakeTenant } from '../fake-tenant/server';
import { failure } from '../support/app-error';
import { memoryLogger } from '../support/memory-logger';
import { addApiTokenProfile, startServices, type TestServices } from '../support/node-services';
import { API_TOKEN, sendJson, startScriptedServer } from '../unit/alation-test-server';
import { finished } from './server-faults-flows';

const secrets = createKeyringSecretStore(`BYOM Desk settings test ${randomUUID()}`);
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});
afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

function services(dataDir?: string): TestServices {
  const started = startServices(secrets, dataDir ? { dataDir } : {});
  cleanups.push(() => started.services.dispose());
  return started;
}

describe('the app settings', () => {
  it('are the defaults at first, kept across a restart, and sent to every window when they change', async () => {
    const first = services();
    expect(await first.handlers.getAppSettings(undefined)).toEqual(defaultAppSettings);
    const sent: AppSettings[] = [];
    first.events.subscribe((name, payload) => {
      if (name === 'settings.changed') sent.push(payload as AppSettings);
    });
    const saved = await first.handlers.updateAppSettings({ theme: 'dark', healthSweep: { everyHours: 12, labels: ['emea'] } });
    expect(saved).toEqual({ ...defaultAppSettings, theme: 'dark', healthSweep: { everyHours: 12, labels: ['emea'] } });
    expect(sent).toEqual([saved]);
    await first.services.dispose();

    const again = services(first.dataDir);
    expect(await again.handlers.getAppSettings(undefined)).toEqual(saved);
    // On disk as a versioned document, with nothing but the settings in it.
    expect(JSON.parse(readFileSync(join(first.dataDir, 'settings.json'), 'utf8'))).toEqual({ schemaVersion: 1, data: saved });
  });

  it('saves nothing of a change with one bad value, and names the field', async () => {
    const { handlers } = services();
    const refused = await failure(Promise.resolve().then(() => handlers.updateAppSettings({ theme: 'light', tenantRequestCap: 40 })));
    expect(refused).toMatchObject({ code: 'validation', details: { fields: [{ path: 'tenantRequestCap', message: 'at most 16' }] } });
    expect(await handlers.getAppSettings(undefined)).toEqual(defaultAppSettings);
  });

  it('make main ask a typed name of the environments they name, and no longer of production when it is not among them', async () => {
    const tenant = await startFakeTenant({ seedCredentials: 1, seedConfigs: 1, builtInConfigs: false });
    cleanups.push(() => tenant.stop());
    const app = services();
    const { handlers } = app;
    const staging = await addApiTokenProfile(handlers, 'Acme Staging', tenant, 'Staging');
    await finished(app, (await handlers.startInventoryRefresh({ tenantIds: [staging.id] })).id);
    const config = tenant.state().configs[0]!;
    const deletion = { items: [{ tenantId: staging.id, kind: 'config' as const, id: config.id }], confirmations: {} };

    await handlers.updateAppSettings({ typedNameEnvironments: ['production', 'staging'] });
    expect(await failure(Promise.resolve().then(() => handlers.startInventoryDeletion(deletion)))).toMatchObject({
      code: 'validation',
      message: '“Acme Staging” is a staging tenant: type its name to confirm the deletion.',
    });
    expect(tenant.state().configs.map((c) => c.id)).toContain(config.id);

    await handlers.updateAppSettings({ typedNameEnvironments: ['production'] });
    await expect(handlers.startInventoryDeletion(deletion)).resolves.toMatchObject({ status: 'running' });
  });
});

describe("a tenant's request cap", () => {
  it("is the setting's: at most that many requests in flight to the tenant; a change applies to requests already queued", async () => {
    const held: ServerResponse[] = [];
    const server = await startScriptedServer((_req, res) => void held.push(res));
    cleanups.push(() => server.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'byom-cap-'));
    const log = memoryLogger();
    const profiles = new TenantProfiles({ files: confDocumentFiles(dataDir), secrets, log });
    const profile = await profiles.create({
      name: 'Held',
      baseUrl: server.baseUrl,
      environment: { label: 'sandbox', color: '#1a7f37' },
      labels: [],
      auth: { method: 'bearer', bearerToken: API_TOKEN },
    });
    // A cap across all tenants far above the tenant's, to count the calls that got past the tenant's own.
    const all = pLimit(100);
    let cap = 2;
    const clients = new TenantClients(profiles, { redactor: new SecretRedactor(), log, globalLimit: all, tenantCap: () => cap });
    cleanups.push(() => clients.closeAll());

    const calls = clients.withClient(profile.id, (client) =>
      Promise.all(Array.from({ length: 6 }, (_, i) => client.getCredential(`cred-${i}`))),
    );
    await server.waitForRequests(2);
    expect(all.activeCount + all.pendingCount).toBe(2);
    // Still 2 while the setting is 2: an answer lets exactly one more in.
    sendJson(held.shift()!, 200, { id: 'cred', name: 'Credential', creds_type: 'API_KEY' });
    await server.waitForRequests(3);
    expect(all.activeCount + all.pendingCount).toBe(2);
    // Raised to 5 while four wait: the next answer lets every one of them in (1 + 4 = 5 in flight).
    cap = 5;
    sendJson(held.shift()!, 200, { id: 'cred', name: 'Credential', creds_type: 'API_KEY' });
    await server.waitForRequests(6);
    expect(all.activeCount + all.pendingCount).toBe(4);
    for (const res of held.splice(0)) sendJson(res, 200, { id: 'cred', name: 'Credential', creds_type: 'API_KEY' });
    await expect(calls).resolves.toHaveLength(6);
  });
});
