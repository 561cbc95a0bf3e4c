import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { TenantProfileView } from '../../src-shared/tenant-profile';
import type { HarnessProcess } from '../support/harness-process';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { expect, test } from './fixtures';

/**
 * `fake()` starts a fake tenant that is stopped after the test. Call once at the top of a spec
 * file: it registers the clean-up for that file's tests.
 */
export function fakeTenants(): (options?: Parameters<typeof startFakeTenant>[0]) => Promise<FakeTenant> {
  const running: FakeTenant[] = [];
  test.afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });
  return async (options = {}) => {
    const t = await startFakeTenant(options);
    running.push(t);
    return t;
  };
}

/** Removes every tenant profile, through the bridge, and reloads: a shared harness starts each test with none. */
export async function resetProfiles(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const { profiles } = await window.byomDesk.listTenantProfiles();
    for (const p of profiles) await window.byomDesk.deleteTenantProfile({ id: p.id });
  });
  await page.reload();
}

/** Tenant profiles with API access tokens, made through the bridge; the profiles of earlier tests are removed first. */
export async function addProfiles(page: Page, entries: [name: string, tenant: FakeTenant, environment?: string][]) {
  await page.goto(page.url().startsWith('http') ? page.url().split('#')[0]! : page.url());
  await resetProfiles(page);
  for (const [name, tenant, environment = 'staging'] of entries) {
    await page.evaluate(
      ({ name, baseUrl, token, environment }) =>
        window.byomDesk.createTenantProfile({
          name,
          baseUrl,
          environment: { label: environment, color: environment === 'production' ? '#cf222e' : '#bf8700' },
          auth: { method: 'apiToken', apiToken: token },
        }),
      { name, baseUrl: tenant.baseUrl, token: tenant.apiAccessToken, environment },
    );
  }
  await page.reload();
}

/**
 * The only tenant profile, for the fake tenant, made through the bridge (the Tenants screen has its
 * own tests). Profiles of earlier tests on the shared harness are removed first.
 */
export async function addTenantProfile(page: Page, harness: HarnessProcess, tenant: FakeTenant, name = 'Acme'): Promise<TenantProfileView> {
  await page.goto(harness.url);
  await resetProfiles(page);
  const profile = await page.evaluate((input) => window.byomDesk.createTenantProfile(input), {
    name,
    baseUrl: tenant.baseUrl,
    environment: { label: 'staging', color: '#bf8700' },
    auth: { method: 'oauth' as const, clientId: tenant.clientId, clientSecret: tenant.clientSecret },
  });
  await page.reload();
  return profile;
}

export async function openSetup(page: Page, tenantName: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Setup' }).click();
  await page.getByLabel('Tenant', { exact: true }).selectOption({ label: `${tenantName} (staging)` });
}

export async function chooseProvider(page: Page, label: string, fields: Record<string, string>) {
  await page.getByLabel('Provider', { exact: true }).selectOption({ label });
  for (const [field, value] of Object.entries(fields)) await page.getByLabel(field, { exact: true }).fill(value);
}

export async function validate(page: Page) {
  await page.getByRole('button', { name: 'Validate & Continue' }).click();
  await expect(page.getByRole('button', { name: 'Validating…' })).toHaveCount(0);
}

export async function pickModels(page: Page, models: string[]) {
  for (const model of models) {
    await page.getByLabel('Filter models').fill(model);
    await page.getByRole('checkbox', { name: model, exact: true }).check();
  }
  await page.getByLabel('Filter models').fill('');
}

export async function completeWithNames(page: Page, names: Record<string, string>) {
  await page.getByRole('button', { name: /^Continue with \d+ models?$/ }).click();
  for (const [model, name] of Object.entries(names)) await page.getByLabel(`Display name for ${model}`).fill(name);
  await page.getByRole('button', { name: 'Complete' }).click();
}

/** Every WCAG 2.0 and 2.1 rule of levels A and AA that axe-core has. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core's violations of every WCAG 2.0/2.1 A and AA rule on what the page shows now, whatever
 * their impact, one line each (rule, impact, the elements). `label-content-name-mismatch` (2.5.3,
 * label in name: the visible text of a control is part of its accessible name) is experimental in
 * axe, so a tag never selects it: it is enabled by name.
 */
export async function accessibilityViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .withTags(wcagTags)
    .analyze();
  return results.violations.map(
    (v) =>
      `${where}: ${v.id} (${v.impact}): ` +
      `${v.nodes.map((n) => `${n.target.join(' ')} [${n.failureSummary?.replace(/\s+/g, ' ')}]`).join(', ')}`,
  );
}

/** axe-core: no violation of any WCAG 2.0/2.1 A or AA rule, label in name included, on what the page shows now. */
export async function expectAccessible(page: Page, where: string) {
  expect(await accessibilityViolations(page, where)).toEqual([]);
}

/** What the tenant holds of its own (built-in configs left out), in a form a test can compare whole. */
export function tenantSummary(tenant: FakeTenant) {
  const state = tenant.state();
  return {
    credentials: state.credentials.map((c) => ({ id: c.id, name: c.name, creds_type: c.creds_type })),
    configs: state.configs
      .filter((c) => !c.is_builtin)
      .map((c) => ({
        name: c.name,
        provider: c.provider,
        model_name: c.model_name,
        llm_credentials_id: c.llm_credentials_id,
        is_embedding: c.is_embedding,
        embedding_dimensions: c.embedding_dimensions,
      }))
      .sort((a, b) => a.model_name.localeCompare(b.model_name)),
  };
}
