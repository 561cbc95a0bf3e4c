// Browser sign-in end to end: the real renderer in Chromium through the harness, the real main
// services and keychain, and fake tenants that sign people in with a consent page (Allow / Deny).
// The harness has no system browser, so the page opens the tenant's sign-in page in a new tab, which
// the test drives as the person would. Also: legacy API tokens against a Bearer-only AI API, and a
// pasted Bearer token whose JWT expiry is shown and reminded of.
import { createServer } from 'node:net';
import type { Page } from '@playwright/test';
import { redirectUriFor } from '../../src-shared/tenant-profile';
import type { FakeTenant } from '../fake-tenant/server';
import { expect, test } from './fixtures';
import { expectAccessible, fakeTenants, resetProfiles } from './setup-helpers';

const fake = fakeTenants();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The consent pages the tenant showed: each one is a person asked to sign in. */
const consentPagesShown = (t: FakeTenant) => t.requests().filter((r) => r.method === 'GET' && r.path === '/oauth/v1/authorize/').length;
const renewals = (t: FakeTenant) =>
  t
    .requests()
    .filter((r) => r.path === '/oauth/v1/token/' && (r.body as Record<string, string> | undefined)?.grant_type === 'refresh_token').length;

/** A fake tenant with a public OAuth client for the given loopback port, as a Server Admin would make it. */
async function tenantWithClient(options: Parameters<ReturnType<typeof fakeTenants>>[0] = {}) {
  const tenant = await fake(options);
  const port = await freePort();
  const app = tenant.registerOAuthApp({ redirectUris: [redirectUriFor(port)] });
  return { tenant, port, clientId: app.clientId };
}

/** The tenant's own row (not the report or sign-in row under it). */
const rowOf = (page: Page, name: string) => page.locator(`tr[data-tenant="${name}"]`);

async function openAddForm(page: Page, name: string, address: string) {
  await page.getByRole('button', { name: 'Add tenant' }).first().click();
  const form = page.getByRole('form', { name: 'Add a tenant' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Tenant address', { exact: true }).fill(address);
  return form;
}

/** The person in the sign-in tab the page opened: sees the consent page, presses Allow, lands on the app's "Signed in" page. */
async function allowInNewTab(page: Page, start: () => Promise<void>, screenshot?: string) {
  const opened = page.context().waitForEvent('page');
  await start();
  const consent = await opened;
  await expect(consent.getByRole('heading', { name: /^Allow .+ to use your Alation account\?$/ })).toBeVisible();
  if (screenshot) await consent.screenshot({ path: screenshot, fullPage: true });
  await consent.getByRole('button', { name: 'Allow' }).click();
  await expect(consent.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  await expect(consent.getByText('You can close this tab')).toBeVisible();
  await consent.close();
}

async function addBrowserTenant(page: Page, name: string, t: { tenant: FakeTenant; port: number; clientId: string }) {
  const form = await openAddForm(page, name, t.tenant.baseUrl);
  await form.getByLabel('Client ID', { exact: true }).fill(t.clientId);
  await form.getByLabel('Redirect port', { exact: true }).fill(String(t.port));
  await allowInNewTab(page, () => form.getByRole('button', { name: 'Add and sign in' }).click());
  await expect(rowOf(page, name)).toContainText('Connected');
}

async function testRow(page: Page, name: string) {
  const time = page.getByRole('status', { name: `Connection test result for ${name}`, exact: true }).locator('time');
  const before = (await time.count()) > 0 ? await time.getAttribute('datetime') : null;
  await page.getByRole('button', { name: `Test connection to ${name}` }).click();
  if (before !== null) await expect(time).not.toHaveAttribute('datetime', before);
  await expect(page.getByRole('button', { name: `Test connection to ${name}` })).toBeVisible();
}

test(
  'signs in with the browser on a new tenant (consent tab, Allow, ' +
    'Connected), and renews an expired access token with no second consent',
  async ({ page, harness }) => {
    const t = await tenantWithClient();
    // Tall enough that the screenshot shows the whole form.
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.goto(harness.url);
    await resetProfiles(page);

    const form = await openAddForm(page, 'Acme', t.tenant.baseUrl);
    // The recommended method is chosen already, and says when to use it.
    await expect(form.getByRole('radio', { name: 'Sign in with the browser' })).toBeChecked();
    await expect(form.getByText('Recommended for a person on this computer')).toBeVisible();
    await expect(form.getByRole('radio', { name: 'API access token (legacy)' })).toBeVisible();
    await form.getByLabel('Client ID', { exact: true }).fill(t.clientId);
    // The exact redirect URI to register, following the port.
    await expect(form.getByLabel('Redirect URI', { exact: true })).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    await form.getByLabel('Redirect port', { exact: true }).fill(String(t.port));
    await expect(form.getByLabel('Redirect URI', { exact: true })).toHaveValue(redirectUriFor(t.port));
    await form.getByRole('button', { name: 'Copy the redirect uri' }).click();
    await expect(form.getByRole('status').filter({ hasText: /Copied\.|Selected: press Ctrl\+C/ })).toBeVisible();
    await expect(form.getByRole('button', { name: 'Test connection' })).toHaveCount(0);
    await expectAccessible(page, 'the tenant form with browser sign-in');
    await page.screenshot({ path: 'test-results/signin-tenant-form.png', fullPage: true });

    await allowInNewTab(page, () => form.getByRole('button', { name: 'Add and sign in' }).click(), 'test-results/signin-consent-tab.png');
    const row = rowOf(page, 'Acme');
    await expect(row).toContainText('Connected');
    await expect(row).toContainText('Signed in (keychain)');
    await expect(row).toContainText('Sign in with the browser');
    expect(consentPagesShown(t.tenant)).toBe(1);
    expect(renewals(t.tenant)).toBe(0);

    // The access token expires: the next test renews it with the refresh token, and nobody is asked again.
    t.tenant.expireUserAccessTokens();
    await testRow(page, 'Acme');
    await expect(page.getByRole('status', { name: 'Connection test result for Acme', exact: true })).toContainText('Connected.');
    expect(renewals(t.tenant)).toBe(1);
    expect(consentPagesShown(t.tenant)).toBe(1);
  },
);

test('a revoked refresh token makes the tenant say Sign in again; one click and a second consent fix it', async ({ page, harness }) => {
  const t = await tenantWithClient();
  await page.goto(harness.url);
  await resetProfiles(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await addBrowserTenant(page, 'Acme', t);

  t.tenant.revokeRefreshTokens();
  t.tenant.expireUserAccessTokens();
  await testRow(page, 'Acme');
  const row = rowOf(page, 'Acme');
  await expect(row).toContainText('Failed');
  await expect(row).toContainText('Sign-in expired: sign in again');
  await expect(page.getByRole('status', { name: 'Connection test result for Acme', exact: true })).toContainText('Sign in again');
  const again = page.getByRole('button', { name: 'Sign in again to Acme' });
  await expect(again).toBeVisible();
  await page.screenshot({ path: 'test-results/signin-sign-in-again.png', fullPage: true });

  await allowInNewTab(page, () => again.click());
  await expect(row).toContainText('Connected');
  await expect(row).toContainText('Signed in (keychain)');
  await expect(again).toHaveCount(0);
  expect(consentPagesShown(t.tenant)).toBe(2);
});

test('an inventory read refused for an expired sign-in offers Sign in again on that tenant, and reads after it', async ({
  page,
  harness,
}) => {
  const t = await tenantWithClient();
  await page.goto(harness.url);
  await resetProfiles(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await addBrowserTenant(page, 'Acme', t);
  t.tenant.revokeRefreshTokens();
  t.tenant.expireUserAccessTokens();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  const strip = page.getByRole('list', { name: 'Tenants in this inventory' });
  const chip = strip.getByRole('status', { name: /^Acme: / });
  await expect(chip).toContainText('Sign in again');
  await allowInNewTab(page, () => strip.getByRole('button', { name: 'Sign in again to Acme' }).click());
  // The sign-in ran where its progress shows, and the tenant is connected again.
  await expect(rowOf(page, 'Acme')).toContainText('Connected');
  expect(consentPagesShown(t.tenant)).toBe(2);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  await strip.getByRole('button', { name: 'Retry reading Acme' }).click();
  await expect(chip).toHaveText(/^Read just now$/);
});

test('a denied sign-in says so, and Cancel ends one that is waiting', async ({ page, harness }) => {
  const t = await tenantWithClient();
  await page.goto(harness.url);
  await resetProfiles(page);
  const form = await openAddForm(page, 'Acme', t.tenant.baseUrl);
  await form.getByLabel('Client ID', { exact: true }).fill(t.clientId);
  await form.getByLabel('Redirect port', { exact: true }).fill(String(t.port));
  const opened = page.context().waitForEvent('page');
  await form.getByRole('button', { name: 'Add and sign in' }).click();
  const consent = await opened;
  const panel = page.getByRole('group', { name: 'Sign-in to Acme' });
  await expect(panel).toContainText('BYOM Desk is waiting for you');
  await expect(panel.getByRole('link', { name: 'Open the sign-in page' })).toHaveAttribute('href', consent.url());
  await expect(panel.getByLabel('Sign-in address', { exact: true })).toHaveValue(consent.url());
  await page.screenshot({ path: 'test-results/signin-waiting.png', fullPage: true });
  await consent.getByRole('button', { name: 'Deny' }).click();
  await expect(consent.getByRole('heading', { name: 'Sign-in denied' })).toBeVisible();
  await consent.close();
  await expect(panel).toContainText('The sign-in was denied in the browser');

  await panel.getByRole('button', { name: 'Try again' }).click();
  await expect(panel).toContainText('BYOM Desk is waiting for you');
  for (const other of page
    .context()
    .pages()
    .filter((p) => p !== page))
    await other.close();
  await panel.getByRole('button', { name: 'Cancel the sign-in to Acme' }).click();
  await expect(panel).toHaveCount(0);
  await expect(rowOf(page, 'Acme')).toContainText('Not signed in');
  await expect(page.getByRole('button', { name: 'Sign in to Acme' })).toBeVisible();
});

test('a legacy API access token works against a Bearer-only AI API, and one refused there gets the OAuth advice', async ({
  page,
  harness,
}) => {
  const bearerOnly = await fake();
  const oauthOnly = await fake({ aiAcceptsLegacyTokens: false });
  await page.goto(harness.url);
  await resetProfiles(page);
  for (const [name, tenant] of [
    ['Legacy ok', bearerOnly],
    ['Legacy refused', oauthOnly],
  ] as const) {
    const form = await openAddForm(page, name, tenant.baseUrl);
    await form.getByRole('radio', { name: 'API access token (legacy)' }).check();
    await expect(
      form.getByText("Legacy, for older deployments only: Alation's AI API may accept only OAuth tokens.").first(),
    ).toBeVisible();
    await form.getByLabel('API access token', { exact: true }).and(form.locator('input:not([type=radio])')).fill(tenant.apiAccessToken);
    await form.getByRole('button', { name: 'Add tenant' }).click();
    await expect(rowOf(page, name)).toBeVisible();
    await testRow(page, name);
  }
  await expect(page.getByRole('status', { name: 'Connection test result for Legacy ok', exact: true })).toContainText('Connected.');
  expect(
    bearerOnly
      .requests()
      .filter((r) => r.path.startsWith('/ai/'))
      .every((r) => r.auth === 'bearer'),
  ).toBe(true);
  const refused = page.getByRole('status', { name: 'Connection test result for Legacy refused', exact: true });
  await expect(refused).toContainText('The connection test failed.');
  await expect(refused).toContainText(/may accept only OAuth tokens/);
  await expect(refused).toContainText(/Sign in with the browser/);
  await expect(refused).not.toContainText(/Create a new API access token/);
});

test('a pasted Bearer token connects; its JWT expiry is shown on the tenant and reminded of in the banner', async ({ page, harness }) => {
  const tenant = await fake();
  // An OAuth access token from the tenant, as an admin might copy one from elsewhere: a JWT that lasts 30 minutes.
  const token = tenant.issueAccessToken(30 * 60);
  await page.goto(harness.url);
  await resetProfiles(page);
  const form = await openAddForm(page, 'Pasted', tenant.baseUrl);
  await form.getByRole('radio', { name: 'Bearer token (pasted)' }).check();
  await form.getByLabel('Bearer token', { exact: true }).fill(`Bearer ${token}`);
  await form.getByRole('button', { name: 'Add tenant' }).click();
  const row = rowOf(page, 'Pasted');
  await expect(row).toContainText(/token expires in (29|30) min/);
  await testRow(page, 'Pasted');
  await expect(row).toContainText('Connected');

  // The reminder (lead time 24 h by default) names it; its button opens the tenant to paste a new one.
  await page.reload();
  const banner = page.getByRole('region', { name: 'Expiry reminders' });
  await expect(banner).toContainText('1 Bearer token expires within 24 h');
  await banner.getByRole('button', { name: 'Paste a new Bearer token for Pasted' }).click();
  await expect(page.getByRole('form', { name: 'Edit Pasted' })).toContainText(/The stored token expires/);
});
