// The canaries in the renderer, as an admin types them: a tenant's client secret in the Tenants form;
// a provider key the tenant refuses and quotes back, then a good one, on the Setup screen; a key in
// the draft editor, exported, planned and applied; a new key on the Rotate screen; the Inventory's
// and the Audit log's exports. After each step the page is read whole: its DOM, the value of every
// form field, localStorage, sessionStorage, every IndexedDB database and the cookies it can see.
// Then every download, the harness's data folder and everything the harness process printed.
// (The canaries of every secret field of every variant run in main: test/integration/no-secret-leaks*.)
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { Canaries, filesUnder, leaksIn, type Haystack } from '../support/canaries';
import { expect, test } from './fixtures';
import { chooseProvider, completeWithNames, fakeTenants, openSetup, pickModels, validate } from './setup-helpers';

const fake = fakeTenants();

/** What the page holds now, where a page can keep anything: one haystack per place. */
async function pageHaystacks(page: Page, step: string): Promise<Haystack[]> {
  const held = await page.evaluate(async () => {
    const copy = (storage: Storage) => JSON.stringify(Object.fromEntries(Object.keys(storage).map((k) => [k, storage.getItem(k)])));
    const databases: Record<string, unknown> = {};
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of [...db.objectStoreNames]) {
        databases[`${name}/${store}`] = await new Promise((resolve) => {
          const all = db.transaction(store).objectStore(store).getAll();
          all.onsuccess = () => resolve(all.result);
        });
      }
      db.close();
    }
    const fields = [
      ...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input, textarea, select'),
    ].map((f) => f.value);
    return {
      dom: document.documentElement.outerHTML,
      fields: JSON.stringify(fields),
      local: copy(localStorage),
      session: copy(sessionStorage),
      indexedDb: JSON.stringify(databases),
      cookies: document.cookie,
    };
  });
  return Object.entries(held).map(([where, text]) => ({ where: `${step}: ${where}`, text }));
}

test('no secret in the page, its storage, the downloads, the data folder or the harness output, on every screen that takes one', async ({
  page,
  freshHarness: harness,
}) => {
  test.setTimeout(120_000);
  const canaries = new Canaries();
  const tenant = await fake({ builtInConfigs: false, clientSecret: canaries.make('tenant.oauth-client-secret') });
  const seen: Haystack[] = [];
  const snapshot = async (step: string) => void seen.push(...(await pageHaystacks(page, step)));
  const download = async (what: string, click: () => Promise<void>) => {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    seen.push({ where: `download: ${what} (${file.suggestedFilename()})`, text: readFileSync((await file.path())!, 'latin1') });
  };
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
  await page.goto(harness.url);

  // Tenants: the client secret typed in the form; the connection tested.
  await page.getByRole('button', { name: 'Add tenant' }).first().click();
  const form = page.getByRole('form', { name: /Add a tenant/ });
  await form.getByLabel('Name', { exact: true }).fill('Acme');
  await form.getByLabel('Tenant address', { exact: true }).fill(tenant.baseUrl);
  await form.getByLabel('Environment', { exact: true }).selectOption('staging');
  await form.getByRole('radio', { name: 'OAuth client credentials' }).check();
  await form.getByLabel('Client ID', { exact: true }).fill(tenant.clientId);
  await form.getByLabel('Client secret', { exact: true }).fill(tenant.clientSecret);
  await form.getByRole('button', { name: 'Add tenant' }).click();
  await page.getByRole('button', { name: 'Test connection to Acme' }).click();
  await expect(page.getByRole('status', { name: 'Connection test result for Acme', exact: true })).toContainText('Connected');
  await snapshot('tenant added and tested');

  // Setup: a key the provider refuses and the tenant quotes back, then a good one, a model, Complete.
  await openSetup(page, 'Acme');
  await chooseProvider(page, 'OpenAI', { Name: 'Team OpenAI', 'API Key': canaries.refused('setup.refused-key') });
  await validate(page);
  await expect(page.getByRole('alert', { name: 'Validation failed' })).toContainText('Incorrect API key provided: [redacted]');
  await snapshot('setup refused');
  await page.getByLabel('API Key', { exact: true }).fill(canaries.make('setup.api-key', (core) => `sk-proj-${core}`));
  await validate(page);
  await pickModels(page, ['gpt-4o']);
  await completeWithNames(page, { 'gpt-4o': 'Team GPT-4o' });
  await expect(page.getByText('All 1 LLM config created. Agents can use them now.')).toBeVisible();
  await snapshot('setup complete');
  await page.getByRole('button', { name: 'Done' }).click();

  // A draft with its key, saved, exported, planned and applied.
  await nav('Drafts');
  const editor = page.getByRole('form', { name: /Draft|New draft/ });
  await page.getByRole('button', { name: 'New draft' }).first().click();
  await editor.getByLabel('Title').fill('Canary rollout');
  await editor.getByLabel('Provider', { exact: true }).selectOption({ label: 'Anthropic' });
  await editor.getByLabel('Name', { exact: true }).fill('Team Anthropic');
  await editor.getByLabel('API Key', { exact: true }).fill(canaries.make('draft.api-key', (core) => `sk-ant-${core}`));
  await page.getByLabel('Add a model').fill('claude-sonnet-4-5-20250929');
  await page.getByLabel('Add a model').press('Enter');
  await page.keyboard.press('Control+s');
  await expect(editor.getByRole('status')).toHaveText('Saved. Ready to plan.');
  await download('draft', () => editor.getByRole('button', { name: 'Export…' }).click());
  const panel = page.getByRole('region', { name: 'Plan and apply' });
  await panel.getByLabel('All 1 tenant').check();
  await panel.getByRole('button', { name: 'Plan for 1 tenant' }).click();
  await expect(panel.getByRole('article', { name: 'Plan for Acme' }).locator('.pill')).toHaveText('Changes');
  await panel.getByRole('button', { name: 'Apply to 1 tenant' }).click();
  await expect(panel.getByRole('article', { name: 'Apply on Acme' }).locator('.pill')).toHaveText('Applied', { timeout: 20_000 });
  await snapshot('draft applied');

  // Inventory: read, swept, exported; then the setup's key rotated from its row.
  await nav('Inventory');
  await expect(page.getByRole('list', { name: 'Tenants in this inventory' }).getByRole('status', { name: /^Acme: / })).toHaveText(
    /^Read just now$/,
  );
  await page.getByRole('button', { name: 'Health sweep' }).click();
  await download('inventory CSV', () => page.getByRole('button', { name: 'Export CSV' }).click());
  await download('inventory JSON', () => page.getByRole('button', { name: 'Export JSON' }).click());
  await page.getByRole('button', { name: 'Rotate Team OpenAI on Acme' }).first().click();
  await expect(page.getByRole('heading', { name: 'Rotate keys', level: 1 })).toBeVisible();
  await page.getByLabel('API Key', { exact: true }).fill(canaries.make('rotation.api-key', (core) => `sk-proj-${core}`));
  await page.getByRole('button', { name: 'Rotate on 1 credential' }).click();
  await expect(page.getByRole('article', { name: 'Rotation on Acme' }).locator('.pill')).toHaveText('Rotated', { timeout: 20_000 });
  // Every target has the new key: nothing would send it again, so the page forgets it.
  await expect(page.getByLabel('API Key', { exact: true })).toHaveValue('');
  await page.screenshot({ path: 'test-results/no-secret-leaks-rotated.png', fullPage: true });
  await snapshot('key rotated');

  // The audit log of it all, exported; then a reload, as a restart of the page.
  await nav('Audit log');
  await download('audit CSV', () => page.getByRole('button', { name: 'Export CSV' }).click());
  await download('audit JSON', () => page.getByRole('button', { name: 'Export JSON' }).click());
  await snapshot('audit log');
  await page.reload();
  await snapshot('after a reload');

  // The canaries reached the tenant (the rotated key is what it holds), and nothing else kept them.
  expect(tenant.state().credentials.map((c) => c.secrets.api_key)).toEqual([
    expect.stringMatching(/^sk-proj-/),
    expect.stringMatching(/^sk-ant-/),
  ]);
  canaries.watchTenants([tenant]);
  const haystacks = [...seen, ...filesUnder(harness.dataDir, '<data>'), { where: 'harness output', text: harness.output() }];
  expect(haystacks.filter((h) => h.where.startsWith('download: '))).toHaveLength(5);
  expect(haystacks.map((h) => h.where)).toContain('after a reload: indexedDb');
  expect(leaksIn(haystacks, canaries.all())).toEqual([]);
});
