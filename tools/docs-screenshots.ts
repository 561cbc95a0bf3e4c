// `npm run docs:screenshots`: the README's screenshots, one PNG per main screen at 1280x800, in
// docs/screens/. Starts fake tenants and the web harness (as the end-to-end tests do), fills them
// with the content of docs-screenshots-content.ts, and drives the built renderer in the system
// Chromium. Needs `npx electron-vite build` first and the keychain (the npm script runs it under
// test/with-private-keyring.sh). Not part of `npm test`.
//
// Every wait is on what the page shows (Playwright's expect and locators), never a fixed sleep.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect as playwrightExpect, type Browser, type Page } from '@playwright/test';
import type { JobViewBase } from '../src-shared/jobs';
import type { TenantProfileView } from '../src-shared/tenant-profile';
import { startFakeTenant, type FakeTenant } from '../test/fake-tenant/server';
import { launch } from '../test/bench/browser';
import { startHarnessProcess, type HarnessProcess } from '../test/support/harness-process';
import { openDraftTitle, rotationSource, setupTenant, sharedOpenAiKey, shownDrafts, shownTenants } from './docs-screenshots-content';

const root = resolve(import.meta.dirname, '..');
const screensDir = join(root, 'docs/screens');
const viewport = { width: 1280, height: 800 };
// Generous: the machine may be busy, and a job (tests, a sweep, a setup) takes its time.
const expect = playwrightExpect.configure({ timeout: 30_000 });
// The welcome and the status bar show the data folder: one with a plain name, made afresh each run
// (so two runs at once would share it: run one at a time).
const dataParent = join(tmpdir(), 'byom-desk-docs');
const dataDir = join(dataParent, 'BYOM Desk');

/**
 * A call on the page's bridge, `window.byomDesk`. A string, not a function: tsx would wrap a
 * function's body in helpers the page does not have.
 */
async function call<T = unknown>(page: Page, method: string, input?: unknown): Promise<T> {
  const argument = input === undefined ? '' : JSON.stringify(input);
  return (await page.evaluate(`window.byomDesk.${method}(${argument})`)) as T;
}

async function shot(page: Page, name: string, { keepFocus = false } = {}): Promise<void> {
  // No hover state: the pointer rests on the window's corner, over nothing that reacts to it. No
  // focus ring on the field typed in last, unless the focus is the point (the palette's input).
  await page.mouse.move(0, viewport.height - 1);
  if (!keepFocus) await page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
  await page.screenshot({ path: join(screensDir, `${name}.png`), animations: 'disabled', caret: 'hide' });
  console.log(`  docs/screens/${name}.png`);
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** Opens a screen from the navigation (whose label is also the screen's title). */
async function goTo(page: Page, screen: string): Promise<void> {
  // The Inventory's item may carry a count of sweep alerts after its name.
  await nav(page)
    .getByRole('button', { name: new RegExp(`^${screen}`) })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: screen, exact: true })).toBeVisible();
}

async function welcome(page: Page, harness: HarnessProcess): Promise<void> {
  await page.goto(harness.url);
  await expect(page.getByRole('region', { name: 'No tenants yet' }).getByRole('listitem')).toHaveCount(3);
  await shot(page, 'welcome');
}

/** The tenants and drafts, made through the bridge as the forms would make them. */
async function fill(page: Page, fakes: FakeTenant[]): Promise<Map<string, TenantProfileView>> {
  const profiles = new Map<string, TenantProfileView>();
  for (const [index, shown] of shownTenants.entries()) {
    const fake = fakes[index]!;
    const profile = await call<TenantProfileView>(page, 'createTenantProfile', {
      name: shown.name,
      baseUrl: fake.baseUrl,
      environment: shown.environment,
      labels: shown.labels,
      auth: { method: 'oauth', clientId: fake.clientId, clientSecret: fake.clientSecret },
      caPem: fake.caPem,
    });
    profiles.set(shown.name, profile);
  }
  for (const draft of shownDrafts) await call(page, 'saveDraft', draft);
  // The seeded key ends in "seed": one that looks like a key, the same on every tenant.
  for (const fake of fakes)
    fake.mutate((state) => {
      for (const c of state.credentials) if (c.name === rotationSource.credential) c.secrets.api_key = sharedOpenAiKey;
    });
  await page.reload();
  return profiles;
}

/** Waits until a job main started has ended, and says how. */
async function jobEnded(page: Page, job: JobViewBase): Promise<void> {
  await expect
    .poll(async () => (await call<JobViewBase[]>(page, 'listJobs')).find((j) => j.id === job.id)?.status, { message: job.title })
    .toBe('succeeded');
}

async function tenants(page: Page): Promise<void> {
  await page.getByRole('button', { name: `Test all ${shownTenants.length}` }).click();
  const table = page.getByRole('table', { name: 'Tenants' });
  for (const { name } of shownTenants) await expect(table.locator(`tr[data-tenant="${name}"]`)).toContainText('Connected');
  await shot(page, 'tenants');
}

/** A health sweep of every tenant, as the Inventory's button starts it: the oldest entries of the audit log. */
async function sweep(page: Page, profiles: Map<string, TenantProfileView>): Promise<void> {
  const tenantIds = [...profiles.values()].map((p) => p.id);
  await jobEnded(page, await call<JobViewBase>(page, 'startHealthSweep', { tenantIds }));
}

/** The provider form with a tenant chosen; then the setup is run through, for the inventory and the audit log. */
async function setup(page: Page): Promise<void> {
  await goTo(page, 'Setup');
  await page.getByLabel('Tenant', { exact: true }).selectOption({ label: `${setupTenant} (staging)` });
  await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'OpenAI' });
  await page.getByLabel('Name', { exact: true }).fill('Team OpenAI');
  await page.getByLabel('API Key', { exact: true }).fill('sk-proj-docsScreens7Q2xRz3N');
  await shot(page, 'setup');

  await page.getByRole('button', { name: 'Validate & Continue' }).click();
  for (const model of ['gpt-4o', 'text-embedding-3-small']) {
    await page.getByLabel('Filter models').fill(model);
    await page.getByRole('checkbox', { name: model, exact: true }).check();
  }
  await page.getByRole('button', { name: 'Continue with 2 models' }).click();
  await page.getByLabel('Display name for gpt-4o').fill('GPT-4o (team)');
  await page.getByRole('button', { name: 'Complete' }).click();
  await expect(page.getByText('All 2 LLM configs created. Agents can use them now.')).toBeVisible();
}

/** Waits until every tenant of the inventory has been read in the last minute. */
async function inventoryRead(page: Page): Promise<void> {
  const strip = page.getByRole('list', { name: 'Tenants in this inventory' });
  for (const { name } of shownTenants)
    await expect(strip.getByRole('status', { name: new RegExp(`^${name}: `) })).toHaveText(/^Read just now/);
}

async function inventory(page: Page): Promise<void> {
  await goTo(page, 'Inventory');
  await inventoryRead(page);
  // The sweep read every tenant before the setup, and a setup does not read its tenant again: a
  // refresh of that tenant brings in the new config (Acme Staging's rows are near the table's top).
  await page.getByRole('button', { name: `Refresh ${setupTenant}`, exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: 'GPT-4o (team)' })).toBeVisible();
  await shot(page, 'inventory');
}

/** Changes made through the bridge, as the Inventory's Defaults and overrides tab makes them: entries in the audit log. */
async function changes(page: Page, fakes: FakeTenant[], profiles: Map<string, TenantProfileView>): Promise<void> {
  const fakeOf = (name: string) => fakes[shownTenants.findIndex((t) => t.name === name)]!;
  const teamConfig = fakeOf(setupTenant)
    .state()
    .configs.find((c) => c.name === 'GPT-4o (team)');
  if (!teamConfig) throw new Error(`the setup made no "GPT-4o (team)" config on ${setupTenant}`);
  await call(page, 'setTenantPreference', { tenantId: profiles.get(setupTenant)!.id, defaultLlmConfigId: teamConfig.id });
  const sandbox = 'Globex Sandbox';
  const chat = fakeOf(sandbox)
    .state()
    .configs.find((c) => !c.is_builtin && !c.is_embedding);
  if (!chat) throw new Error(`${sandbox} has no seeded completion config`);
  await call(page, 'setFeatureOverride', {
    tenantId: profiles.get(sandbox)!.id,
    featureType: 'DEFAULT_AGENT',
    featureKey: 'sql_query_agent',
    configId: chat.id,
  });
}

async function rotation(page: Page): Promise<void> {
  await goTo(page, 'Inventory');
  // The table shows only the rows in view: the search brings the one to rotate into it.
  const search = page.getByLabel('Search the inventory');
  await search.fill(`${rotationSource.tenant} ${rotationSource.credential}`);
  await page
    .getByRole('button', { name: `Rotate ${rotationSource.credential} on ${rotationSource.tenant}` })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rotate keys' })).toBeVisible();
  const chosen = page.getByRole('checkbox', { name: new RegExp(`^Rotate ${rotationSource.credential} on `) });
  await expect(chosen).toHaveCount(shownTenants.length);
  await page.getByLabel('API Key', { exact: true }).fill('sk-proj-docsScreensNewKey9c3d4');
  await shot(page, 'rotation');
  // The inventory's search is kept with its view: leave it as it was.
  await goTo(page, 'Inventory');
  await search.fill('');
}

async function drafts(page: Page): Promise<void> {
  await goTo(page, 'Drafts');
  await page
    .getByRole('navigation', { name: 'Drafts' })
    .getByRole('button', { name: new RegExp(`^${openDraftTitle}`) })
    .click();
  const editor = page.getByRole('form', { name: `Draft ${openDraftTitle}` });
  await expect(editor.getByLabel('Title')).toHaveValue(openDraftTitle);
  await shot(page, 'drafts');
}

async function audit(page: Page): Promise<void> {
  await goTo(page, 'Audit log');
  const log = page.getByRole('table', { name: 'Audit log' });
  // Newest first: the changes above, then the setup's, then the sweep's (further down).
  for (const what of ['Override set', 'Defaults set', 'Config created'])
    await expect(log.getByRole('row').filter({ hasText: what }).first()).toBeVisible();
  await shot(page, 'audit');
}

async function settings(page: Page): Promise<void> {
  // A schedule, so the screen shows one: the first sweep would run 12 hours from now.
  await call(page, 'updateAppSettings', { healthSweep: { everyHours: 12, labels: ['eu-west'] } });
  await goTo(page, 'Settings');
  await expect(page.getByLabel('How often')).toHaveValue('12');
  await shot(page, 'settings');
}

async function palette(page: Page): Promise<void> {
  await goTo(page, 'Tenants');
  await page.keyboard.press('Control+K');
  const dialog = page.getByRole('dialog', { name: 'Command palette' });
  await dialog.getByRole('combobox').fill('inv');
  await expect(dialog.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await shot(page, 'palette', { keepFocus: true });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
}

async function darkSettings(page: Page): Promise<void> {
  await call(page, 'updateAppSettings', { theme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // Opened afresh, the form shows the theme chosen now.
  await goTo(page, 'Tenants');
  await goTo(page, 'Settings');
  await expect(page.getByLabel('Theme')).toHaveValue('dark');
  await shot(page, 'settings-dark');
  await call(page, 'updateAppSettings', { theme: 'system' });
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'out/renderer/index.html'))) throw new Error('no built app in out/: run `npx electron-vite build` first');
  mkdirSync(screensDir, { recursive: true });
  const fakes: FakeTenant[] = [];
  let harness: HarnessProcess | undefined;
  let browser: Browser | undefined;
  try {
    fakes.push(...(await Promise.all(shownTenants.map((t) => startFakeTenant(t.fake)))));
    rmSync(dataParent, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    harness = await startHarnessProcess(undefined, { dataDir, keychainService: `BYOM Desk docs ${randomUUID()}` });
    browser = await launch();
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme: 'light', locale: 'en-US' });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    console.log('Writing the screenshots:');
    await welcome(page, harness);
    const profiles = await fill(page, fakes);
    await tenants(page);
    await sweep(page, profiles);
    await setup(page);
    await inventory(page);
    await changes(page, fakes, profiles);
    await rotation(page);
    await drafts(page);
    await audit(page);
    await settings(page);
    await palette(page);
    await darkSettings(page);
    // Leave the page before the harness stops: its event stream is then not cut under it.
    await page.goto('about:blank');
  } finally {
    await browser?.close();
    await harness?.stop();
    await Promise.all(fakes.map((f) => f.stop()));
    rmSync(dataParent, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
