// The multi-tenant spine, as a person meets it: "Test all" runs as one job in main that a reload
// does not lose, a slow or broken tenant holds back no other, dialogs keep focus and give it back,
// and the Setup screen's rough edges (secrets left in the form, a failed name check, a network
// error mistaken for a refusal) are gone.
import type { Page } from '@playwright/test';
import type { FakeTenant } from '../fake-tenant/server';
import { expect, test } from './fixtures';
import { latchedProxies } from './latched-tenants';
import { addTenantProfile, chooseProvider, fakeTenants, openSetup, pickModels, resetProfiles, validate } from './setup-helpers';

const fake = fakeTenants();
const latched = latchedProxies();

async function addProfile(
  page: Page,
  name: string,
  tenant: Pick<FakeTenant, 'baseUrl' | 'apiAccessToken'>,
  environment = { label: 'staging', color: '#bf8700' },
) {
  return page.evaluate(
    ({ name, baseUrl, token, environment }) =>
      window.byomDesk.createTenantProfile({ name, baseUrl, environment, auth: { method: 'apiToken', apiToken: token } }),
    { name, baseUrl: tenant.baseUrl, token: tenant.apiAccessToken, environment },
  );
}

test('Test all runs every connection test as one job: a slow tenant holds back no other, and a reload finds the job again', async ({
  page,
  harness,
}) => {
  const quick = await fake();
  const slow = await fake();
  const broken = await fake({ faults: [{ kind: '500', path: '/ai/api/v1/config/llm', method: 'GET' }] });
  // The slow tenant holds its AI API call until the test lets it go.
  const slowProxy = await latched(slow);
  const slowCall = slowProxy.hold({ method: 'GET', path: '/ai/api/v1/config/llm' });
  await page.goto(harness.url);
  await resetProfiles(page);
  await addProfile(page, 'Quick', quick);
  await addProfile(page, 'Slow', { ...slow, baseUrl: slowProxy.baseUrl });
  await addProfile(page, 'Broken', broken, { label: 'production', color: '#cf222e' });
  await page.reload();

  await page.getByRole('button', { name: 'Test all 3' }).click();
  const status = page.getByRole('contentinfo', { name: 'Status' });
  await expect(status.getByRole('status', { name: /^Test 3 connections: \d of 3 tenants done$/ })).toBeVisible();
  // The quick and the broken tenant report while the slow one is still being tested.
  await expect(page.getByRole('status', { name: 'Connection test result for Quick', exact: true })).toContainText('Connected');
  await expect(page.getByRole('status', { name: 'Connection test result for Broken', exact: true })).toContainText(
    'The connection test failed.',
  );
  await slowCall.arrived(1);
  await expect(page.getByRole('row', { name: /Slow/ })).toContainText('Testing…');
  await page.screenshot({ path: 'test-results/test-all-running.png', fullPage: true });

  // A reload does not lose the job: main runs it; the page finds it again and follows it to the end.
  await page.reload();
  await expect(page.getByRole('row', { name: /Slow/ })).toContainText('Testing…');
  slowCall.release();
  await expect(page.getByRole('status', { name: 'Connection test result for Slow', exact: true })).toContainText('Connected');
  await expect(page.getByRole('status', { name: 'Connection test result for Quick', exact: true })).toContainText('Connected');
  await expect(page.getByRole('status', { name: 'Connection test result for Broken', exact: true })).toContainText('(500)');
  await expect(status.getByRole('status', { name: /^Test 3 connections/ })).toHaveCount(0);
});

test('a running job can be cancelled from the status bar, and says which tenants it did not finish', async ({ page, harness }) => {
  const hanging = await fake({ faults: [{ kind: 'hang', path: '/ai/api/v1/config/llm', method: 'GET' }] });
  const quick = await fake();
  await page.goto(harness.url);
  await resetProfiles(page);
  await addProfile(page, 'Hangs', hanging);
  await addProfile(page, 'Answers', quick);
  await page.reload();
  await page.getByRole('button', { name: 'Test all 2' }).click();
  await expect(page.getByRole('status', { name: 'Connection test result for Answers', exact: true })).toContainText('Connected');
  await expect.poll(() => hanging.requests().some((r) => r.fault === 'hang')).toBe(true);
  await page.getByRole('contentinfo', { name: 'Status' }).getByRole('button', { name: 'Cancel Test 2 connections' }).click();
  await expect(page.getByRole('row', { name: /Hangs/ }).locator('xpath=following-sibling::tr[1]')).toContainText(
    'Connection test cancelled.',
  );
  await expect(page.getByRole('button', { name: 'Test all 2' })).toBeEnabled();
});

test('dialogs keep focus inside while open, close with Escape, and give focus back to what opened them', async ({ page, harness }) => {
  const tenant = await fake();
  await page.goto(harness.url);
  await resetProfiles(page);
  await addProfile(page, 'Acme', tenant);
  await page.reload();
  const opener = page.getByRole('button', { name: 'Remove Acme' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Remove Acme?' });
  await expect(dialog.getByRole('button', { name: 'Remove tenant' })).toBeFocused();
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    // Inside the dialog: not on the page behind it, and not dropped on the body.
    expect(await dialog.evaluate((d) => d.contains(document.activeElement)), `focus after Tab ${i + 1}`).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  await expect(page.getByRole('row', { name: /Acme/ })).toBeVisible();
});

test('Setup: a secret left in the form is gone after leaving the screen; Models has a Back', async ({ page, harness }) => {
  const tenant = await fake();
  await addTenantProfile(page, harness, tenant);
  await openSetup(page, 'Acme');
  await chooseProvider(page, 'OpenAI', { Name: 'Team OpenAI', 'API Key': 'sk-proj-left-in-the-form' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Tenants' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Setup' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Team OpenAI');
  await expect(page.getByLabel('API Key', { exact: true })).toHaveValue('');
  expect(await page.content()).not.toContain('sk-proj-left-in-the-form');

  await page.getByLabel('API Key', { exact: true }).fill('sk-proj-e2e-back');
  await validate(page);
  await pickModels(page, ['gpt-4o']);
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('button', { name: 'Validate & Continue' })).toBeVisible();
  // Validating again replaces the credential made before: the tenant never holds two.
  await validate(page);
  await expect(page.getByText(/is valid: the provider lists \d+ models/)).toBeVisible();
  expect(tenant.state().credentials).toHaveLength(1);
});

test('Setup: a network error is not called a refusal, and a failed name check blocks Complete until it succeeds', async ({
  page,
  harness,
}) => {
  const tenant = await fake();
  await addTenantProfile(page, harness, tenant);
  await openSetup(page, 'Acme');
  tenant.setFaults([{ kind: 'reset', path: '/ai/api/v1/llm_credentials', method: 'POST', times: 1 }]);
  await chooseProvider(page, 'Anthropic', { Name: 'Anthropic', 'API Key': 'sk-ant-e2e-network' });
  await validate(page);
  const failure = page.getByRole('alert', { name: 'BYOM Desk could not reach the tenant' });
  await expect(failure).toContainText('closed before the answer arrived');
  await expect(page.getByText('The tenant refused the credential')).toHaveCount(0);
  expect(tenant.state().credentials).toEqual([]);

  // The key is held by main for this run: leave it blank and try again.
  await validate(page);
  await pickModels(page, ['claude-sonnet-4-5-20250929']);
  tenant.setFaults([{ kind: '503', path: '/ai/api/v1/config/llm', method: 'GET', times: 4 }]);
  await page.getByRole('button', { name: 'Continue with 1 model' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'cannot check the display names for duplicates' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Complete' })).toBeDisabled();
  tenant.clearFaults();
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.getByRole('button', { name: 'Complete' })).toBeEnabled();
});

test('Setup: when the tenant list cannot be read, it says so and offers to try again, not "Add a tenant first"', async ({
  page,
  freshHarness,
}) => {
  await page.route('**/__bridge/listTenantProfiles', (route, request) =>
    request.method() === 'POST'
      ? route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({
            ok: false,
            error: { code: 'storage', message: 'tenant-profiles.json could not be read: permission denied.' },
          }),
        })
      : route.continue(),
  );
  await page.goto(freshHarness.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Setup' }).click();
  // The screen's own read fails too: it says so where the wizard would be, the banner says why.
  await expect(page.getByRole('main')).toContainText('The tenant list could not be read.');
  await expect(page.getByRole('alert')).toContainText('permission denied');
  await expect(page.getByText('Add a tenant first')).toHaveCount(0);
  await page.unroute('**/__bridge/listTenantProfiles');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByText('Add a tenant first')).toBeVisible();
});
