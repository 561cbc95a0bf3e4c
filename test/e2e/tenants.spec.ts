// Tenant profiles end to end: the real renderer in Chromium, the real main services behind the
// harness, the real keychain, and fake Alation tenants on loopback.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { FakeTenant } from '../fake-tenant/server';
import { startHarnessProcess } from '../support/harness-process';
import { expect, leaveAndStop, test } from './fixtures';
import { latchedProxies } from './latched-tenants';
import { expectAccessible, fakeTenants, resetProfiles } from './setup-helpers';

type Auth =
  | { method: 'OAuth client credentials'; clientId: string; clientSecret: string }
  | { method: 'API access token'; token: string }
  | { method: 'Refresh token and user ID'; refreshToken: string; userId: string };

interface TenantFields {
  name: string;
  address: string;
  environment?: string;
  auth: Auth;
  caFile?: string;
}

async function fillTenantForm(page: Page, t: TenantFields) {
  const form = page.getByRole('form', { name: /Add a tenant|Edit / });
  await form.getByLabel('Name', { exact: true }).fill(t.name);
  await form.getByLabel('Tenant address', { exact: true }).fill(t.address);
  if (t.environment) await form.getByLabel('Environment', { exact: true }).selectOption(t.environment);
  await form.getByRole('radio', { name: t.auth.method }).check();
  if ('clientId' in t.auth) {
    await form.getByLabel('Client ID', { exact: true }).fill(t.auth.clientId);
    await form.getByLabel('Client secret', { exact: true }).fill(t.auth.clientSecret);
  } else if ('token' in t.auth) {
    // The method's radio button has the same label as the token field.
    await form.getByLabel('API access token', { exact: true }).and(form.locator('input:not([type=radio])')).fill(t.auth.token);
  } else {
    await form.getByLabel('Refresh token', { exact: true }).fill(t.auth.refreshToken);
    await form.getByLabel('User ID', { exact: true }).fill(t.auth.userId);
  }
  if (t.caFile) await form.getByLabel('CA certificate file', { exact: true }).setInputFiles(t.caFile);
  return form;
}

async function addTenant(page: Page, t: TenantFields) {
  await page.getByRole('button', { name: 'Add tenant' }).first().click();
  const form = await fillTenantForm(page, t);
  await form.getByRole('button', { name: 'Add tenant' }).click();
  await expect(page.getByRole('row', { name: new RegExp(t.name) })).toBeVisible();
}

/** Runs the row's connection test and answers its report, once the report is this test's (not an older one). */
async function testConnection(page: Page, name: string, options: { timeout?: number } = {}) {
  const report = page.getByRole('status', { name: `Connection test result for ${name}`, exact: true });
  const before = (await report.count()) > 0 ? await report.locator('time').getAttribute('datetime') : null;
  await page.getByRole('button', { name: `Test connection to ${name}` }).click();
  await expect(report).toBeVisible(options);
  if (before !== null) await expect(report.locator('time')).not.toHaveAttribute('datetime', before);
  await expect(page.getByRole('button', { name: `Test connection to ${name}` })).toBeVisible();
  return report;
}

const oauthOf = (t: FakeTenant, secret = t.clientSecret): Auth => ({
  method: 'OAuth client credentials',
  clientId: t.clientId,
  clientSecret: secret,
});

/** A TCP server that takes connections and never says a word: a TLS handshake with it never ends. */
async function silentServer(): Promise<{ port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  silentServers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { port: (server.address() as { port: number }).port };
}
const silentServers: (() => Promise<unknown>)[] = [];
test.afterEach(async () => {
  for (const stop of silentServers.splice(0)) await stop();
});

/**
 * A port nothing listens on, that no other test can take: port 1 (TCPMUX, unused in practice) on
 * 127.0.0.1. A port just freed by closing a server is not safe: the OS hands it out again to the
 * next `listen(0)` (a fake tenant, a harness, another spec's server) while the test runs. Port 1 is
 * below every OS's ephemeral range, so `listen(0)` never picks it, and binding it needs privileges
 * no test asks for. Checked first, so a machine that does serve it fails here with the reason.
 */
async function portNothingListensOn(): Promise<number> {
  const port = 1;
  const refused = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
  expect(refused, `something accepts connections at 127.0.0.1:${port}; this test needs that port closed`).toBe(true);
  return port;
}

const fake = fakeTenants();
const latched = latchedProxies();

test('adds a tenant with each auth method, one over TLS with its CA, and each connection test passes', async ({ page, harness }) => {
  const plain = await fake();
  const tls = await fake({ tls: true });
  const legacy = await fake();
  await page.goto(harness.url);
  await resetProfiles(page);
  await expect(page.getByText('No tenants yet')).toBeVisible();

  await addTenant(page, { name: 'Acme OAuth', address: `${plain.baseUrl}/app/studio/models`, auth: oauthOf(plain) });
  await addTenant(page, {
    name: 'Acme TLS',
    address: tls.baseUrl,
    environment: 'staging',
    auth: { method: 'API access token', token: tls.apiAccessToken },
    caFile: tls.caFile!,
  });
  await addTenant(page, {
    name: 'Acme legacy',
    address: legacy.baseUrl,
    environment: 'sandbox',
    auth: { method: 'Refresh token and user ID', refreshToken: legacy.refreshToken, userId: String(legacy.userId) },
  });

  await expectAccessible(page, 'tenants list');
  await page.screenshot({ path: 'test-results/tenants-list.png', fullPage: true });
  const rows = page.getByRole('table', { name: 'Tenants' }).getByRole('row');
  await expect(rows).toHaveCount(4);
  await expect(page.getByRole('row', { name: /Acme OAuth/ })).toContainText(plain.baseUrl);
  // The plain-http tenant carries the warning pill; the https one does not.
  await expect(page.getByRole('row', { name: /Acme OAuth/ }).getByText('http', { exact: true })).toHaveClass(/warn/);
  await expect(page.getByRole('row', { name: /Acme TLS/ }).getByText('http', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /Acme TLS/ })).toContainText('custom CA');
  await expect(page.getByRole('row', { name: /Acme TLS/ })).toContainText('staging');

  // Every AI API call carries its token as Bearer, whichever way the token was had.
  for (const [name, tenant, header] of [
    ['Acme OAuth', plain, 'bearer'],
    ['Acme TLS', tls, 'bearer'],
    ['Acme legacy', legacy, 'bearer'],
  ] as const) {
    const report = await testConnection(page, name);
    await expect(report).toContainText(/Connected\. The AI API answered in \d+ ms/);
    const apiCalls = tenant.requests().filter((r) => r.path.startsWith('/ai/api/v1/'));
    expect(apiCalls.at(-1)).toMatchObject({ status: 200, auth: header });
  }
  expect(legacy.requests().some((r) => r.path === '/integration/v1/createAPIAccessToken/')).toBe(true);

  // The secrets are in the keychain, one entry per profile, and nowhere in the page.
  const accounts = await createKeyringSecretStore(harness.keychainService).listAccounts();
  expect(accounts).toHaveLength(3);
  const html = await page.content();
  for (const secret of [plain.clientSecret, tls.apiAccessToken, legacy.refreshToken]) expect(html).not.toContain(secret);
});

test('reports the failing step, with what to do, for each kind of failure', async ({ page, harness }) => {
  const good = await fake();
  const selfSigned = await fake({ tls: true });
  const apiDown = await fake({ faults: [{ kind: '500', path: '/ai/api/v1/config/llm', method: 'GET' }] });
  const deadPort = await portNothingListensOn();
  const silent = await silentServer();
  await page.goto(harness.url);
  await resetProfiles(page);
  /** The failed step says what failed and what to do; every later step is not run. */
  const expectFailedAt = async (name: string, step: string, advice: RegExp, options: { timeout?: number } = {}) => {
    const report = await testConnection(page, name, options);
    await expect(report).toContainText('The connection test failed.');
    await expect(report.locator(`[data-step="${step}"]`)).toContainText('failed');
    await expect(report.locator(`[data-step="${step}"] .step-error`)).toHaveText(advice);
    const steps = ['dns', 'tls', 'auth', 'api'];
    for (const later of steps.slice(steps.indexOf(step) + 1))
      await expect(report.locator(`[data-step="${later}"]`)).toContainText('not run');
  };

  // DNS: a name that cannot exist (.invalid is reserved for that).
  await addTenant(page, { name: 'No such host', address: 'https://acme-byom-desk-test.invalid', auth: oauthOf(good) });
  await expectFailedAt('No such host', 'dns', /could not be found \(DNS\)\. Check the spelling of the tenant URL, and your network or VPN/);

  await addTenant(page, { name: 'Nothing there', address: `http://127.0.0.1:${deadPort}`, auth: oauthOf(good) });
  await expectFailedAt(
    'Nothing there',
    'tls',
    /Nothing accepts connections at 127\.0\.0\.1:1\. Check the tenant URL and port, and whether you need a VPN/,
  );

  await addTenant(page, { name: 'Self-signed', address: selfSigned.baseUrl, auth: oauthOf(selfSigned) });
  await expectFailedAt('Self-signed', 'tls', /CA certificate/);

  // A timeout: the server takes the connection and never starts TLS; the app's connect deadline ends it.
  await addTenant(page, { name: 'Silent', address: `https://127.0.0.1:${silent.port}`, auth: oauthOf(good) });
  // (The report comes when the app's own 10-second connect deadline passes, so it is waited for longer.)
  await expectFailedAt(
    'Silent',
    'tls',
    /Could not connect to 127\.0\.0\.1:\d+ within 10 s\. Check the tenant URL and your network or VPN; the tenant may be down/,
    { timeout: 30_000 },
  );

  await addTenant(page, { name: 'Wrong secret', address: good.baseUrl, auth: oauthOf(good, 'not-the-secret') });
  await expectFailedAt('Wrong secret', 'auth', /client|secret/i);

  // Signed in, but the AI API itself fails.
  await addTenant(page, { name: 'API down', address: apiDown.baseUrl, auth: oauthOf(apiDown) });
  await expectFailedAt('API down', 'api', /GET \/ai\/api\/v1\/config\/llm \(500\)/);
});

test('an expired token refreshes, and a 429 is waited out, and both tests pass', async ({ page, harness }) => {
  const tenant = await fake();
  await page.goto(harness.url);
  await resetProfiles(page);
  await addTenant(page, { name: 'Refreshing', address: tenant.baseUrl, auth: oauthOf(tenant) });
  await expect(await testConnection(page, 'Refreshing')).toContainText('Connected');

  // The tenant expires the token the app holds; the next call gets a 401, refreshes once, retries.
  const held = tenant.tokens().filter((t) => t.kind === 'oauth' && t.status === 'active');
  expect(held).toHaveLength(1);
  tenant.expireToken(held[0]!.token);
  tenant.clearRequests();
  await expect(await testConnection(page, 'Refreshing')).toContainText('Connected');
  const log = tenant.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
  expect(log.filter((l) => l.startsWith('POST /oauth/v2/token/'))).toHaveLength(1);
  expect(log).toContain('GET /ai/api/v1/config/llm 401');
  expect(log.at(-1)).toBe('GET /ai/api/v1/config/llm 200');

  tenant.clearRequests();
  tenant.addFault({ kind: '429', path: '/ai/api/v1/config/llm', method: 'GET', times: 1, retryAfter: 1 });
  await expect(await testConnection(page, 'Refreshing')).toContainText('Connected');
  const statuses = tenant
    .requests()
    .filter((r) => r.path === '/ai/api/v1/config/llm')
    .map((r) => r.status);
  expect(statuses).toEqual([429, 200]);
});

test('edits and removes tenants, and their keychain entries go with them', async ({ page, harness }) => {
  const tenant = await fake();
  const keychain = createKeyringSecretStore(harness.keychainService);
  await page.goto(harness.url);
  await resetProfiles(page);
  await addTenant(page, { name: 'Editable', address: tenant.baseUrl, auth: oauthOf(tenant, 'wrong-at-first') });
  await addTenant(page, { name: 'Second', address: tenant.baseUrl, auth: { method: 'API access token', token: tenant.apiAccessToken } });
  expect(await keychain.listAccounts()).toHaveLength(2);

  // Edit: the stored secret is never shown; a new one replaces it.
  await page.getByRole('button', { name: 'Edit Editable' }).click();
  const form = page.getByRole('form', { name: 'Edit Editable' });
  await expect(form.getByLabel('Client secret', { exact: true })).toHaveValue('');
  await expect(form.getByLabel('Client secret', { exact: true })).toHaveAttribute('placeholder', /Leave blank to keep it/);
  await form.getByLabel('Name', { exact: true }).fill('Edited');
  await form.getByLabel('Client secret', { exact: true }).fill(tenant.clientSecret);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('row', { name: /Edited/ })).toBeVisible();
  await expect(await testConnection(page, 'Edited')).toContainText('Connected');

  // Remove both; the keychain is empty afterwards.
  for (const name of ['Edited', 'Second']) {
    await page.getByRole('button', { name: `Remove ${name}` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Remove ${name}?` });
    await dialog.getByRole('button', { name: 'Remove tenant' }).click();
    await expect(page.getByText(new RegExp(`Removed “${name}” and 1 keychain entry`))).toBeVisible();
  }
  expect(await keychain.listAccounts()).toEqual([]);
  await expect(page.getByText('No tenants yet')).toBeVisible();
});

test('bad input is refused before anything is sent, and nothing typed is lost', async ({ page, harness }) => {
  await page.goto(harness.url);
  await resetProfiles(page);
  await page.getByRole('button', { name: 'Add tenant' }).click();
  const form = page.getByRole('form', { name: 'Add a tenant' });
  await form.getByLabel('Name', { exact: true }).fill('Insecure');
  await form.getByLabel('Tenant address', { exact: true }).fill('http://acme.alationcloud.com');
  await form.getByRole('radio', { name: 'OAuth client credentials' }).check();
  await form.getByRole('button', { name: 'Add tenant' }).click();
  await expect(form.getByText(/Use https:\/\/ for a tenant/)).toBeVisible();
  await expect(form.getByText('enter the OAuth client ID')).toBeVisible();
  await expect(form.getByText('enter the client secret')).toBeVisible();
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Insecure');
  await expect(form.getByLabel('Tenant address', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Tenant address', { exact: true }).fill('acme.alationcloud.com/ai/docs');
  await expect(form.getByText('Saved as https://acme.alationcloud.com')).toBeVisible();
  await expectAccessible(page, 'tenant form with errors');
  const accounts = await createKeyringSecretStore(harness.keychainService).listAccounts();
  expect(accounts).toEqual([]);
});

test('a connection test that hangs can be cancelled from the page, and the request is aborted', async ({ page, harness }) => {
  const tenant = await fake();
  // The tenant holds the AI API call until the test lets it go.
  const proxy = await latched(tenant);
  await page.goto(harness.url);
  await resetProfiles(page);
  await addTenant(page, { name: 'Hanging', address: proxy.baseUrl, auth: oauthOf(tenant) });
  const call = proxy.hold({ method: 'GET', path: '/ai/api/v1/config/llm' });
  await page.getByRole('button', { name: 'Test connection to Hanging' }).click();
  await call.arrived(1);
  await page.getByRole('button', { name: 'Cancel the connection test of Hanging' }).click();
  const detail = page.getByRole('row', { name: /Hanging/ }).locator('xpath=following-sibling::tr[1]');
  await expect(detail).toContainText('Connection test cancelled.');
  // The cancel reached the socket: the app hung up on the call the tenant was holding.
  await expect.poll(() => call.abandoned()).toBe(1);
  call.release();
  await expect(await testConnection(page, 'Hanging')).toContainText('Connected');
});

test('a corrupt profiles file is moved aside, the user is told, and the app keeps working', async ({ page }) => {
  const harness = await startHarnessProcess((dir) =>
    writeFileSync(join(dir, 'tenant-profiles.json'), '{"schemaVersion": 1, "data": {"profi'),
  );
  try {
    const tenant = await fake();
    await page.goto(harness.url);
    await expect(page.getByText(/could not be read, so BYOM Desk moved it to .*tenant-profiles\.json\.corrupt-/)).toBeVisible();
    const aside = readdirSync(harness.dataDir).find((f) => f.startsWith('tenant-profiles.json.corrupt-'));
    expect(readFileSync(join(harness.dataDir, aside!), 'utf8')).toContain('"profi');
    await addTenant(page, { name: 'After recovery', address: tenant.baseUrl, auth: oauthOf(tenant) });
  } finally {
    await leaveAndStop(page, harness);
  }
});
