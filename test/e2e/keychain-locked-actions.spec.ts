// With the keychain locked, every action that needs a secret is refused whole, saying why (locked)
// and what to do (unlock it, then try again), and nothing is written in plain text: a draft saved
// with a secret, a provider setup, and a rotation. The keyring is a real one, filled on an earlier
// day and found locked today (test/support/locked-keychain.ts); the inventory the rotation starts
// from was read on that earlier day too.
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { startHarnessProcess } from '../support/harness-process';
import { lockedHome, startLockedHarness, type LockedHarness } from '../support/locked-keychain';
import { expect, leaveAndStop, test } from './fixtures';
import { addProfiles, chooseProvider, fakeTenants, openSetup, validate } from './setup-helpers';

const fake = fakeTenants();
let locked: LockedHarness | undefined;
test.afterEach(async () => {
  await locked?.stop();
  locked = undefined;
});

/** Every file under the data folder, as text. */
function dataFolderText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'))
    .join('\n');
}

const lockedAndWhatToDo = /is locked\. Unlock it .*then try again/;

test('with the keychain locked, a draft with a secret, a setup and a rotation are each refused whole, saying why and what to do', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const oldKey = `sk-proj-old-${randomUUID()}`;
  const tenant = await fake({ builtInConfigs: false });
  const credentialId = await createCredential(tenant, { name: 'Team OpenAI', creds_type: 'API_KEY', api_key: oldKey });
  await createConfig(tenant, { name: 'GPT-4o', provider: 'openai', llm_credentials_id: credentialId, model_name: 'gpt-4o' });

  // Yesterday: the tenant was added and its inventory read, with the keychain open.
  const yesterday = await startHarnessProcess();
  await page.goto(yesterday.url);
  await addProfiles(page, [['Acme', tenant]]);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  await expect(page.getByRole('button', { name: 'Rotate Team OpenAI on Acme' }).first()).toBeVisible();
  const { dataDir, keychainService } = yesterday;
  await page.goto('about:blank');
  await yesterday.kill();
  // Today: the same data folder, and the login keyring holding yesterday's entries is locked.
  const keychain = createKeyringSecretStore(keychainService);
  const entries: Record<string, string> = {};
  for (const account of await keychain.listAccounts()) {
    entries[account] = (await keychain.get(account))!;
    await keychain.delete(account);
  }
  expect(Object.keys(entries)).toHaveLength(1);
  const home = await lockedHome(keychainService, entries);
  locked = await startLockedHarness(home, dataDir, keychainService);
  await page.goto(locked.url);
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Keychain unavailable');
  tenant.clearRequests();
  const typed = {
    draft: `sk-proj-draft-${randomUUID()}`,
    setup: `sk-proj-setup-${randomUUID()}`,
    rotation: `sk-proj-rotation-${randomUUID()}`,
  };

  // 1. A draft saved with a secret: refused, the form kept as typed, no draft saved.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Drafts' }).click();
  await page.getByRole('button', { name: 'New draft' }).first().click();
  const editor = page.getByRole('form', { name: /Draft|New draft/ });
  await editor.getByLabel('Title').fill('Written while locked');
  await editor.getByLabel('Provider', { exact: true }).selectOption({ label: 'OpenAI' });
  await editor.getByLabel('Name', { exact: true }).fill('Locked OpenAI');
  await editor.getByLabel('API Key', { exact: true }).fill(typed.draft);
  await editor.getByRole('button', { name: 'Save draft' }).click();
  await expect(editor.getByRole('status')).toHaveText(/^Not saved: The Secret Service is locked\. Unlock it .*then try again/);
  await expect(editor.getByLabel('Title')).toHaveValue('Written while locked');
  await expect(editor.getByLabel('API Key', { exact: true })).toHaveValue(typed.draft);
  expect(await page.evaluate(async () => (await window.byomDesk.listDrafts()).length)).toBe(0);
  await page.screenshot({ path: 'test-results/keychain-locked-draft.png', fullPage: true });

  // 2. A setup: refused before anything reaches the tenant.
  await openSetup(page, 'Acme');
  await chooseProvider(page, 'OpenAI', { Name: 'Set up while locked', 'API Key': typed.setup });
  await validate(page);
  await expect(page.getByRole('alert').filter({ hasText: lockedAndWhatToDo })).toBeVisible();
  await page.screenshot({ path: 'test-results/keychain-locked-setup.png', fullPage: true });

  // 3. A rotation, from the inventory kept yesterday: refused on the tenant, its key untouched.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  await page.getByRole('button', { name: 'Rotate Team OpenAI on Acme' }).first().click();
  await expect(page.getByRole('heading', { name: 'Rotate keys', level: 1 })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Rotate Team OpenAI on Acme' })).toBeChecked();
  await page.getByLabel('API Key', { exact: true }).fill(typed.rotation);
  await page.getByRole('button', { name: 'Rotate on 1 credential' }).click();
  const result = page.getByRole('article', { name: 'Rotation on Acme' });
  await expect(result).toContainText(lockedAndWhatToDo);
  await page.screenshot({ path: 'test-results/keychain-locked-rotation.png', fullPage: true });

  // Nothing reached the tenant, and nothing typed is anywhere in the data folder.
  expect(tenant.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  expect(tenant.state().credentials.map((c) => c.secrets.api_key)).toEqual([oldKey]);
  const files = dataFolderText(dataDir);
  for (const secret of [...Object.values(typed), tenant.apiAccessToken]) expect(files).not.toContain(secret);
  await leaveAndStop(page);
});
