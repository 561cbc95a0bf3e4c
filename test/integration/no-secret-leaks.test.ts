// A unique canary secret for every auth method, every tenant operation (the failing ones too), then a
// search of the data dir, the log and every IPC answer for any canary or any token the tenant issued.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { TenantProfileInput } from '../../src-shared/tenant-profile';
import { composeNodeServices, type NodeServices } from '../../tools/harness/compose';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';

const sender = 'http://127.0.0.1:9';
const keychainService = `BYOM Desk leak test ${randomUUID()}`;
const canary = (what: string) => `canary-${what}-${randomUUID()}`;
const canaries = {
  oauth: canary('oauth-secret'),
  apiToken: canary('api-token'),
  refreshToken: canary('refresh-token'),
  wrongSecret: canary('wrong-secret'),
  draftSecret: canary('draft-secret'),
  providerKey: `sk-proj-${canary('provider-key')}`,
  badProviderKey: `sk-proj-invalid-${canary('bad-provider-key')}`,
  /** The fake tenant quotes this one back in full in its validation error, as some providers do. */
  echoedProviderKey: `sk-proj-invalid-echo-${canary('echoed-provider-key')}`,
  awsSecret: canary('aws-secret'),
  serviceAccountKey: canary('sa-private-key'),
};

let dataDir: string;
let services: NodeServices;
let oauthTenant: FakeTenant;
let tokenTenant: FakeTenant;
let refreshTenant: FakeTenant;
const answers: string[] = [];

async function call(channel: string, input?: unknown) {
  const result = await services.dispatcher.dispatch(channel, input, sender);
  answers.push(JSON.stringify(result));
  return result;
}

beforeAll(async () => {
  process.env.BYOM_DESK_KEYCHAIN_SERVICE = keychainService;
  dataDir = mkdtempSync(join(tmpdir(), 'byom-leaks-'));
  services = composeNodeServices(dataDir, [{ protocol: 'http:', host: '127.0.0.1:9' }], '0.0.0-test');
  oauthTenant = await startFakeTenant({ clientSecret: canaries.oauth });
  tokenTenant = await startFakeTenant({ apiAccessToken: canaries.apiToken, tls: true });
  refreshTenant = await startFakeTenant({ refreshToken: canaries.refreshToken });
});

afterAll(async () => {
  await Promise.all([oauthTenant, tokenTenant, refreshTenant].map((t) => t?.stop()));
  const store = createKeyringSecretStore(keychainService);
  for (const account of await store.listAccounts()) await store.delete(account);
  delete process.env.BYOM_DESK_KEYCHAIN_SERVICE;
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('no secret leaks', () => {
  it('keeps every secret and token out of files, logs and IPC answers, through every operation', async () => {
    const base = { environment: { label: 'production', color: '#cf222e' } };
    const inputs: TenantProfileInput[] = [
      { ...base, name: 'OAuth', baseUrl: oauthTenant.baseUrl, auth: { method: 'oauth', clientId: oauthTenant.clientId, clientSecret: canaries.oauth } },
      { ...base, name: 'Token', baseUrl: tokenTenant.baseUrl, auth: { method: 'apiToken', apiToken: canaries.apiToken }, caPem: tokenTenant.caPem! },
      { ...base, name: 'Refresh', baseUrl: refreshTenant.baseUrl, auth: { method: 'refreshToken', userId: String(refreshTenant.userId), refreshToken: canaries.refreshToken } },
    ];
    const ids: string[] = [];
    for (const input of inputs) {
      const created = await call('createTenantProfile', input);
      expect(created.ok, JSON.stringify(created)).toBe(true);
      if (created.ok) ids.push((created.value as { id: string }).id);
    }
    await call('listTenantProfiles');
    for (const id of ids) expect((await call('testTenantConnection', { id })).ok).toBe(true);
    // Token expiry and refresh: the tenant expires the token the app holds; the app gets a new one.
    const held = oauthTenant.tokens().filter((t) => t.kind === 'oauth' && t.status === 'active');
    expect(held).toHaveLength(1);
    for (const t of held) oauthTenant.expireToken(t.token);
    expect((await call('testTenantConnection', { id: ids[0] })).ok).toBe(true);
    expect(oauthTenant.tokens().filter((t) => t.kind === 'oauth')).toHaveLength(2);

    // Failing operations, each with a secret in play.
    const [oauthInput, tokenInput] = inputs as [TenantProfileInput, TenantProfileInput];
    await call('createTenantProfile', { ...oauthInput, name: 'Bad URL', baseUrl: 'ftp://nowhere' });
    await call('createTenantProfile', { ...oauthInput, name: 'OAuth' }); // duplicate name
    await call('createTenantProfile', { ...oauthInput, name: 'Bad CA', caPem: '-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----' });
    await call('testTenantConnection', { draft: { ...oauthInput, auth: { method: 'oauth', clientId: oauthTenant.clientId, clientSecret: canaries.draftSecret } } });
    await call('testTenantConnection', { draft: { ...tokenInput, caPem: null } }); // self-signed without its CA
    await call('testTenantConnection', { draft: { ...oauthInput, baseUrl: 'http://127.0.0.1:1' } }); // nothing listening
    await call('updateTenantProfile', { id: ids[0], profile: { ...oauthInput, auth: { method: 'oauth', clientId: oauthTenant.clientId, clientSecret: canaries.wrongSecret } } });
    const failed = await call('testTenantConnection', { id: ids[0] });
    expect(failed.ok && (failed.value as { ok: boolean }).ok).toBe(false);
    await call('updateTenantProfile', { id: ids[1], profile: { ...tokenInput, auth: { method: 'oauth', clientId: 'x' } } }); // method change without secret
    await call('createTenantProfile', { ...tokenInput, name: 'Spaces', auth: { method: 'apiToken', apiToken: `${canaries.apiToken} with spaces` } });
    // Provider setup on the refresh-token tenant: secrets of every shape, failing and succeeding.
    const tenantId = ids[2];
    const bad = await call('startProviderSetup', { tenantId, providerId: 'openai', values: { name: 'Bad', api_key: canaries.badProviderKey } });
    expect(bad.ok && (bad.value as { status: string }).status).toBe('invalid');
    const runId = bad.ok ? (bad.value as { runId: string }).runId : '';
    // The tenant quotes the key in its error: what reaches the page says [redacted] instead.
    const echoed = await call('startProviderSetup', { tenantId, providerId: 'openai', values: { name: 'Echo', api_key: canaries.echoedProviderKey }, runId });
    expect(echoed.ok && (echoed.value as { failure: { message: string } }).failure.message).toMatch(/Incorrect API key provided: \[redacted\]/);
    const good = await call('startProviderSetup', { tenantId, providerId: 'openai', values: { name: 'Good', api_key: canaries.providerKey }, runId });
    expect(good.ok && (good.value as { status: string }).status).toBe('valid');
    await call('validateSetupModel', { runId, modelName: 'gpt-4o', isEmbedding: false });
    await call('createSetupConfig', { runId, modelName: 'gpt-4o', name: '', isEmbedding: false });
    await call('createSetupConfig', { runId, modelName: 'gpt-4o', name: 'x'.repeat(500), isEmbedding: false });
    await call('listTenantConfigs', { tenantId });
    await call('cancelProviderSetup', { runId, deleteCreated: true });
    await call('startProviderSetup', {
      tenantId,
      providerId: 'bedrock',
      values: { name: 'AWS', aws_access_key_id: 'AKIAX', aws_secret_access_key: canaries.awsSecret, aws_region: 'nowhere' },
    });
    const sa = JSON.stringify({ type: 'service_account', project_id: 'p', private_key: canaries.serviceAccountKey, client_email: 'a@b', token_uri: 'https://t' });
    const vertex = await call('startProviderSetup', { tenantId, providerId: 'vertex', values: { name: 'V', gcp_project: 'p', gcp_location: 'us-central1', gcp_service_account: sa } });
    if (vertex.ok) await call('cancelProviderSetup', { runId: (vertex.value as { runId: string }).runId, deleteCreated: true });

    for (const id of ids) await call('deleteTenantProfile', { id });
    await call('deleteTenantProfile', { id: ids[0] });

    const issuedTokens = [oauthTenant, tokenTenant, refreshTenant].flatMap((t) => t.tokens().map((r) => r.token));
    expect(issuedTokens.length).toBeGreaterThan(3);
    const needles = [...Object.values(canaries), ...issuedTokens];
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('main.log'))).toBe(true);
    expect(files.some((f) => f.endsWith('tenant-profiles.json'))).toBe(true);
    const haystacks = [...files.map((f) => ({ where: f, text: readFileSync(f, 'utf8') })), ...answers.map((text, i) => ({ where: `answer ${i}`, text }))];
    for (const { where, text } of haystacks) {
      for (const needle of needles) expect(text.includes(needle), `${where} contains a secret`).toBe(false);
    }
    expect(answers.length).toBeGreaterThan(15);
  });
});
