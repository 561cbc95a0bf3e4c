// Keychain trouble on every screen, with the keychain locked and with no keychain at all (no Secret
// Service on the bus). Yesterday, with the keychain open, a tenant was added, its inventory read and
// swept (the audit log has the verdict) and a draft saved with its secret. Today the keychain is in
// trouble: every screen (Tenants, Setup, Inventory, Drafts, Rotate keys, Audit log) says the cause and
// the fix; what needs no secret works (the tenant list, the inventory from its cache, drafts without
// secrets, the audit log); what needs one is refused whole, saying why and what to do; nothing typed
// is written anywhere in the data folder. A keychain started (or unlocked) then works with no restart.
// keychain-locked*.spec.ts cover the locked case's refusals of a draft, a setup and a rotation: here
// they run with no keychain, and the locked case walks every screen.
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { FakeTenant } from '../fake-tenant/server';
import { startHarnessProcess } from '../support/harness-process';
import { lockedHome, startHarnessWithoutKeychain, startLockedHarness, type LockedHarness } from '../support/locked-keychain';
import { expect, test } from './fixtures';
import { chooseProvider, fakeTenants, openSetup, validate } from './setup-helpers';

const fake = fakeTenants();
let today: LockedHarness | undefined;
test.afterEach(async ({ page }) => {
  await page.goto('about:blank');
  await today?.stop();
  today = undefined;
});

type Trouble = 'locked' | 'missing';
/** The cause and the fix, as each state's message says them. */
const causeAndFix: Record<Trouble, RegExp> = {
  locked: /The Secret Service is locked\. Unlock it \(for GNOME Keyring, unlock the Login keyring in Passwords and Keys\), then try again/,
  missing: new RegExp(
    'cannot use the Secret Service, and it never stores secrets in plain files\\. ' +
      'No Secret Service is running\\. Install and unlock GNOME Keyring.*then try again\\.',
  ),
};
const rowSays: Record<Trouble, string> = { locked: 'Cannot read now: keychain locked', missing: 'Cannot read now: no keychain' };

/** Every file under the data folder, as text. */
function dataFolderText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'))
    .join('\n');
}

const nav = (page: Page, screen: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen, exact: true }).click();

/** Yesterday, keychain open: the tenant added, read and swept; a draft saved with its secret. Answers the data and the entries. */
async function yesterday(page: Page, tenant: FakeTenant, draftSecret: string) {
  const harness = await startHarnessProcess();
  await page.goto(harness.url);
  await page.evaluate(
    async ({ baseUrl, token, draftSecret }) => {
      const api = window.byomDesk;
      const profile = await api.createTenantProfile({
        name: 'Acme',
        baseUrl,
        environment: { label: 'staging', color: '#bf8700' },
        auth: { method: 'apiToken', apiToken: token },
      });
      // Each job runs to its end before the next: its last `job.updated` says so.
      const ended = new Set<string>();
      const waiters = new Map<string, () => void>();
      api.on('job.updated', (job) => {
        if (job.status === 'running') return;
        ended.add(job.id);
        waiters.get(job.id)?.();
      });
      const settled = (jobId: string) => new Promise<void>((resolve) => (ended.has(jobId) ? resolve() : waiters.set(jobId, resolve)));
      await settled((await api.startInventoryRefresh({ tenantIds: [profile.id] })).id);
      await settled((await api.startHealthSweep({ tenantIds: [profile.id] })).id);
      await api.saveDraft({
        content: {
          title: 'EU rollout',
          providerId: 'openai',
          values: { name: 'Team OpenAI' },
          models: [{ modelId: 'gpt-4o', name: '', isEmbedding: false, dimensions: null, extraConfig: null }],
          defaults: { llmModelId: null, embeddingModelId: null },
          expiresAt: null,
          notes: '',
        },
        secrets: { api_key: draftSecret },
        clearSecrets: [],
      });
    },
    { baseUrl: tenant.baseUrl, token: tenant.apiAccessToken, draftSecret },
  );
  await page.goto('about:blank');
  await harness.kill();
  // Yesterday's entries leave the test's keychain: today they are in a locked one, or nowhere.
  const keychain = createKeyringSecretStore(harness.keychainService);
  const entries: Record<string, string> = {};
  for (const account of await keychain.listAccounts()) {
    entries[account] = (await keychain.get(account))!;
    await keychain.delete(account);
  }
  expect(Object.keys(entries).sort()).toEqual([
    expect.stringMatching(/^draft\/.+\/api_key$/),
    expect.stringMatching(/^profile\/.+\/apiToken$/),
  ]);
  return { dataDir: harness.dataDir, service: harness.keychainService, entries };
}

for (const trouble of ['locked', 'missing'] as const) {
  test(`with the keychain ${trouble}, every screen says why and what to do, and what needs no secret works`, async ({ page }) => {
    test.setTimeout(120_000);
    const tenant = await fake({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 1 });
    const typed = {
      draft: `sk-proj-draft-${randomUUID()}`,
      newDraft: `sk-proj-new-${randomUUID()}`,
      setup: `sk-proj-setup-${randomUUID()}`,
      rotation: `sk-proj-rot-${randomUUID()}`,
    };
    const { dataDir, service, entries } = await yesterday(page, tenant, typed.draft);
    // Locked: the login keyring holds yesterday's entries, unopened. Missing: the same keyring, but no
    // Secret Service runs on the bus to open it.
    const home = await lockedHome(service, entries);
    today =
      trouble === 'locked' ? await startLockedHarness(home, dataDir, service) : await startHarnessWithoutKeychain(home, dataDir, service);
    tenant.clearRequests();
    await page.goto(today.url);
    const status = page.getByRole('contentinfo', { name: 'Status' });
    const shot = (screen: string) => page.screenshot({ path: `test-results/keychain-${trouble}-${screen}.png`, fullPage: true });

    // Tenants: listed from BYOM Desk's own file; the row and the notice say why.
    await expect(page.getByRole('table', { name: 'Tenants' }).getByRole('row', { name: /Acme/ })).toContainText(rowSays[trouble]);
    await expect(page.getByRole('status').filter({ hasText: 'Your tenants are listed' })).toContainText(causeAndFix[trouble]);
    await expect(status).toContainText(causeAndFix[trouble]);
    await shot('tenants');

    // Inventory: yesterday's read, from the cache; reading again needs the token, and says why.
    await nav(page, 'Inventory');
    await expect(page.getByRole('cell', { name: 'My OpenAI Account #1' }).first()).toBeVisible();
    await expect(page.getByRole('status', { name: /^Acme: / })).toContainText(causeAndFix[trouble]);
    await expect(status).toContainText(causeAndFix[trouble]);
    await shot('inventory');

    // Setup: the tenants are there to choose. Validating sends a secret: refused before the tenant.
    await openSetup(page, 'Acme');
    await expect(status).toContainText(causeAndFix[trouble]);
    if (trouble === 'missing') {
      await chooseProvider(page, 'OpenAI', { Name: 'Set up with no keychain', 'API Key': typed.setup });
      await validate(page);
      await expect(page.getByRole('alert').filter({ hasText: causeAndFix[trouble] })).toBeVisible();
    }
    await shot('setup');

    // Drafts: listed and opened; saved without a secret; a new secret is refused, the form kept as typed.
    await nav(page, 'Drafts');
    await page
      .getByRole('navigation', { name: 'Drafts' })
      .getByRole('button', { name: /EU rollout/ })
      .click();
    const editor = page.getByRole('form', { name: /Draft|EU rollout/ });
    await expect(editor.getByLabel('Title')).toHaveValue('EU rollout');
    await editor.getByLabel('Title').fill('EU rollout, renamed');
    await editor.getByRole('button', { name: 'Save draft' }).click();
    await expect(editor.getByRole('status')).toHaveText(/^Saved/);
    if (trouble === 'missing') {
      await editor.getByLabel('API Key', { exact: true }).fill(typed.newDraft);
      await editor.getByRole('button', { name: 'Save draft' }).click();
      await expect(editor.getByRole('status')).toContainText(causeAndFix[trouble]);
      await expect(editor.getByLabel('API Key', { exact: true })).toHaveValue(typed.newDraft);
    }
    const drafts = await page.evaluate(async () => (await window.byomDesk.listDrafts()).map((d) => [d.title, d.revision, d.secrets]));
    expect(drafts).toEqual([['EU rollout, renamed', 2, { api_key: 'stored' }]]);
    await expect(status).toContainText(causeAndFix[trouble]);
    await shot('drafts');

    // Rotate keys: chosen from the cached inventory; the new key needs the tenant's token.
    await nav(page, 'Inventory');
    await page.getByRole('button', { name: 'Rotate My OpenAI Account #1 on Acme' }).first().click();
    await expect(page.getByRole('heading', { name: 'Rotate keys', level: 1 })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: 'Rotate My OpenAI Account #1 on Acme' })).toBeChecked();
    if (trouble === 'missing') {
      await page.getByLabel('API Key', { exact: true }).fill(typed.rotation);
      await page.getByRole('button', { name: 'Rotate on 1 credential' }).click();
      await expect(page.getByRole('article', { name: 'Rotation on Acme' })).toContainText(causeAndFix[trouble]);
    }
    await expect(status).toContainText(causeAndFix[trouble]);
    await shot('rotation');

    // Audit log: yesterday's sweep verdict is there, and the search finds it.
    await nav(page, 'Audit log');
    await page.getByLabel('Search the audit log').fill('My OpenAI Account');
    await expect(page.getByRole('table', { name: 'Audit log' }).getByRole('row', { name: /Health sweep/ })).toHaveCount(1);
    await expect(status).toContainText(causeAndFix[trouble]);
    await shot('audit');

    // Nothing reached the tenant, and nothing typed (today's or yesterday's) is in any file.
    expect(tenant.requests()).toEqual([]);
    const files = dataFolderText(dataDir);
    for (const secret of [...Object.values(typed), tenant.apiAccessToken]) expect(files).not.toContain(secret);

    // The fix, with no restart: the keyring unlocked (or started and unlocked), then Check again.
    const listed = page.waitForResponse((r) => r.url().endsWith('/__bridge/listTenantProfiles'));
    await nav(page, 'Tenants');
    // Once the page is idle: the unlock replaces the keyring daemon, and a call it answers then would
    // wait for its deadline (as in keychain-locked.spec.ts).
    await listed;
    await today.unlock();
    await status.getByRole('button', { name: 'Check again' }).click();
    await expect(status).toContainText('Keychain: Secret Service ready');
    await expect(page.getByRole('table', { name: 'Tenants' }).getByRole('row', { name: /Acme/ })).toContainText('In keychain');
    await page.getByRole('button', { name: 'Test connection to Acme' }).click();
    await expect(page.getByRole('status', { name: 'Connection test result for Acme', exact: true })).toContainText('Connected');
  });
}
