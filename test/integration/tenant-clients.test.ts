// One API client per tenant, for as long as its connection: what an edit keeps (the client and its
// OAuth token) and what it replaces, a draft test that must not mint a second token, and secrets
// that are forgotten when their owner ends.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlationClient } from '../../src-main/alation/client';
import { createEventHub } from '../../src-main/ipc/events';
import { CancellableOperations } from '../../src-main/ipc/operations';
import { SecretRedactor } from '../../src-main/log/logger';
import { TenantClients } from '../../src-main/profiles/tenant-clients';
import { TenantProfiles } from '../../src-main/profiles/tenant-profiles';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { createServices, type Services } from '../../src-main/services';
import { ProviderSetup } from '../../src-main/setup/provider-setup';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import { tenantProfileInputSchema, type TenantProfileInput } from '../../src-shared/tenant-profile';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { memoryLogger } from '../support/memory-logger';

const secrets = createKeyringSecretStore(`BYOM Desk clients test ${randomUUID()}`);
let acme: FakeTenant;
let other: FakeTenant;

beforeAll(async () => {
  [acme, other] = await Promise.all([startFakeTenant({ builtInConfigs: false }), startFakeTenant({ builtInConfigs: false })]);
});
afterAll(async () => {
  await Promise.all([acme.stop(), other.stop()]);
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

const oauthTokens = (t: FakeTenant) => t.tokens().filter((x) => x.kind === 'oauth');
const input = (
  t: FakeTenant,
  change: Partial<TenantProfileInput> = {},
  secret: string | undefined = t.clientSecret,
): TenantProfileInput => ({
  name: 'Acme',
  baseUrl: t.baseUrl,
  environment: { label: 'production', color: '#cf222e' },
  auth: { method: 'oauth', clientId: t.clientId, clientSecret: secret },
  ...change,
});

function parts() {
  const redactor = new SecretRedactor();
  const profiles = new TenantProfiles({
    files: confDocumentFiles(mkdtempSync(join(tmpdir(), 'byom-clients-'))),
    secrets,
    log: memoryLogger(),
  });
  return { redactor, profiles, clients: new TenantClients(profiles, { redactor, log: memoryLogger() }) };
}

describe('tenant clients', () => {
  it('keep the client and its OAuth token through a rename, a new environment and new labels', async () => {
    const { profiles, clients } = parts();
    const { id } = await profiles.create(tenantProfileInputSchema.parse(input(acme)));
    const client = await clients.withClient(id, async (c) => (await c.listCredentials(), c));
    const tokensBefore = oauthTokens(acme).length;

    await profiles.update(
      id,
      tenantProfileInputSchema.parse(
        input(acme, { name: 'Acme EU', environment: { label: 'staging', color: '#bf8700' }, labels: ['emea'] }, undefined),
      ),
    );
    clients.settle(id);
    expect(await clients.withClient(id, async (c) => (await c.listLlmConfigs(), c))).toBe(client);
    expect(oauthTokens(acme)).toHaveLength(tokensBefore);
    expect(oauthTokens(acme).at(-1)!.status).toBe('active');
  });

  it('replace the client when the address changes, letting operations under way finish on the old one first', async () => {
    const { profiles, clients } = parts();
    const { id } = await profiles.create(tenantProfileInputSchema.parse(input(acme)));
    // An operation of several calls, with a pause between them in which nothing is in flight
    // (a connection test's DNS and TLS steps): the edit lands in that pause.
    let resume!: () => void;
    const paused = new Promise<void>((r) => (resume = r));
    let old: AlationClient | undefined;
    const underWay = clients.withClient(id, async (c) => {
      old = c;
      await c.authenticate();
      await paused;
      return c.listCredentials();
    });
    await vi.waitFor(() => expect(old).toBeDefined());

    await profiles.update(id, tenantProfileInputSchema.parse(input(other)));
    clients.settle(id);
    const replacement = await clients.withClient(id, async (c) => c);
    expect(replacement).not.toBe(old);
    expect(replacement.baseUrl).toBe(other.baseUrl);
    resume();
    // The operation that began before the edit finishes on its client, not cut off half-way.
    await expect(underWay).resolves.toEqual([]);
    // Then the old client is closed.
    await vi.waitFor(() => expect(old!.listCredentials()).rejects.toMatchObject({ code: 'cancelled' }));
    await expect(clients.withClient(id, (c) => c.listCredentials())).resolves.toEqual([]);
  });

  it('a client that cannot be built (no secret) is not kept, and the next call builds it again', async () => {
    const { profiles, clients } = parts();
    const { id } = await profiles.create(tenantProfileInputSchema.parse(input(acme)));
    await secrets.delete(`profile/${id}/clientSecret`);
    await expect(clients.withClient(id, (c) => c.listCredentials())).rejects.toMatchObject({ code: 'unauthorized' });
    expect(clients.size).toBe(0);
    await secrets.set(`profile/${id}/clientSecret`, acme.clientSecret);
    await expect(clients.withClient(id, (c) => c.listCredentials())).resolves.toEqual([]);
  });

  it('release their secrets and tokens when closed, and a setup run its keys when it ends: nothing piles up', async () => {
    const { redactor, profiles, clients } = parts();
    const { id } = await profiles.create(tenantProfileInputSchema.parse(input(acme)));
    const setup = new ProviderSetup({ withClient: (t, work) => clients.withClient(t, work), log: memoryLogger(), redactor });
    for (let i = 0; i < 20; i++) {
      const run = await setup.start({
        tenantId: id,
        providerId: 'openai',
        values: { name: `Run ${i}`, api_key: `sk-proj-${randomUUID()}` },
      });
      await setup.cancel({ runId: run.runId, deleteCreated: true });
    }
    // The client holds its client secret and its current token; the runs hold nothing any more.
    expect(setup.size).toBe(0);
    expect(redactor.size).toBe(2);
    // Twenty token refreshes later, still just one token held.
    await clients.withClient(id, async (client) => {
      for (let i = 0; i < 20; i++) await client.authenticate();
    });
    expect(redactor.size).toBe(2);
    await clients.closeAll();
    expect(redactor.size).toBe(0);
  });
});

describe('testing the edit form of a saved OAuth tenant', () => {
  let services: Services;
  afterEach(() => services?.dispose());

  it('uses the saved client when the form describes the saved connection, so no second token invalidates the first', async () => {
    const log = memoryLogger();
    services = createServices({
      shell: 'web-harness',
      appName: 'BYOM Desk',
      appVersion: 'test',
      dataDir: '/data',
      secrets,
      files: confDocumentFiles(mkdtempSync(join(tmpdir(), 'byom-clients-'))),
      log,
      redactor: new SecretRedactor(),
      events: createEventHub(log),
      openExternal: async () => false,
    });
    const { handlers } = services;
    const profile = await handlers.createTenantProfile(input(acme) as never);
    await handlers.listTenantConfigs({ tenantId: profile.id });
    const tokens = oauthTokens(acme).length;

    // The form as it opens for editing: secret blank (keep), everything else as saved; or retyped the same.
    for (const secret of [undefined, acme.clientSecret]) {
      const report = await handlers.testTenantConnection({
        draft: tenantProfileInputSchema.parse(input(acme, { name: 'Acme (edited)' }, secret)),
        id: profile.id,
      });
      expect(report.ok).toBe(true);
    }
    expect(oauthTokens(acme)).toHaveLength(tokens);
    // The shared token is still the live one: the next call needs no refresh.
    acme.clearRequests();
    await handlers.listTenantConfigs({ tenantId: profile.id });
    expect(acme.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /ai/api/v1/config/llm 200']);
  });
});

describe('cancellable operations', () => {
  it('refuse a second operation with an id already running, and cancel only the one named', async () => {
    const operations = new CancellableOperations();
    let aborted = false;
    let finish!: () => void;
    const first = operations.run('op-1', (signal) => {
      signal?.addEventListener('abort', () => (aborted = true));
      return new Promise<string>((resolve) => (finish = () => resolve('done')));
    });
    await expect(operations.run('op-1', async () => 'again')).rejects.toMatchObject({ code: 'conflict' });
    expect(aborted).toBe(false);
    expect(operations.cancel('op-2')).toBe(false);
    finish();
    await expect(first).resolves.toBe('done');
    // Once it ended, the id can be used again.
    await expect(operations.run('op-1', async () => 'reused')).resolves.toBe('reused');
  });
});
