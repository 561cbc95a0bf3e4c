// The audit log as an admin uses it: changes made in the UI (a setup that fails then succeeds, a
// delete in the Inventory, a sweep) each appear, live; filters by tenant and outcome, from the
// keyboard, kept over a reload; CSV and JSON exports with no secret in them; a torn last line.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { AuditEntry } from '../../src-shared/audit';
import { startHarnessProcess } from '../support/harness-process';
import { expect, leaveAndStop, test } from './fixtures';
import {
  addProfiles,
  chooseProvider,
  completeWithNames,
  expectAccessible,
  fakeTenants,
  openSetup,
  pickModels,
  validate,
} from './setup-helpers';

const fake = fakeTenants();

async function openAudit(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
}

const entries = (page: Page) => page.getByRole('table', { name: 'Audit log' }).getByRole('rowgroup').getByRole('row');
const disclosure = (page: Page, label: string) => page.getByRole('search').locator('summary', { hasText: new RegExp(`^${label}`) });
const count = (page: Page) => page.getByRole('search', { name: 'Find in the audit log' }).getByRole('status');

test('every change made in the UI is in the log, live; filters by tenant and outcome; exports hold no secret', async ({
  page,
  freshHarness: harness,
}) => {
  // A harness of its own: the log starts empty whatever ran before.
  const badKey = `sk-proj-invalid-echo-${randomUUID()}`;
  const goodKey = `sk-proj-${randomUUID()}`;
  const acme = await fake({ builtInConfigs: false });
  const beta = await fake({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 2 });
  await page.goto(harness.url);
  await addProfiles(page, [
    ['Acme', acme],
    ['Beta', beta],
  ]);

  // Nothing yet: the screen says what to do, and takes the user there.
  await openAudit(page);
  await expect(page.getByRole('region', { name: 'Nothing recorded yet' })).toBeVisible();
  await expectAccessible(page, 'empty audit log');
  await page.getByRole('button', { name: 'Go to Setup' }).click();

  // A setup on Acme: a key the provider refuses (and the tenant quotes back), then a good one.
  await openSetup(page, 'Acme');
  await chooseProvider(page, 'OpenAI', { Name: 'Audited key', 'API Key': badKey });
  await validate(page);
  await expect(page.getByRole('alert', { name: 'Validation failed' })).toBeVisible();
  await page.getByLabel('API Key', { exact: true }).fill(goodKey);
  await validate(page);
  await pickModels(page, ['gpt-4o']);
  await completeWithNames(page, { 'gpt-4o': 'Audited GPT-4o' });
  await expect(page.getByText('All 1 LLM config created. Agents can use them now.')).toBeVisible();

  // A delete on Beta, from the Inventory.
  const doomed = beta.state().configs[0]!;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  // Delete is in the row's menu of actions.
  await page.getByRole('button', { name: `Actions for config ${doomed.name} on Beta` }).click();
  await page.getByRole('menuitem', { name: `Delete config ${doomed.name} on Beta` }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByRole('button', { name: 'Delete 1' }).click();
  await expect(dialog.getByRole('heading', { name: 'Deleted' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  await openAudit(page);
  const expected = [
    ['Beta', 'Config deleted', 'ok'],
    ['Acme', 'Config created', 'ok'],
    ['Acme', 'Credential validated', 'ok'],
    ['Acme', 'Credential created', 'ok'],
    ['Acme', 'Credential deleted', 'ok'],
    ['Acme', 'Credential validated', 'failed'],
    ['Acme', 'Credential created', 'ok'],
  ];
  await expect(entries(page)).toHaveCount(expected.length);
  for (const [i, [tenant, action, outcome]] of expected.entries()) {
    await expect(entries(page).nth(i)).toContainText(tenant!);
    await expect(entries(page).nth(i)).toContainText(action!);
    await expect(entries(page).nth(i)).toContainText(outcome!);
  }
  await expect(entries(page).nth(0)).toContainText(doomed.name);
  await expect(entries(page).nth(1)).toContainText('Audited GPT-4o');
  await expect(entries(page).nth(5)).toContainText('provider-401');
  await expectAccessible(page, 'audit log');

  // A change made while the screen is open appears without a reload: a sweep of Beta's credential.
  await page.evaluate(async () => {
    const { profiles } = await window.byomDesk.listTenantProfiles();
    await window.byomDesk.startHealthSweep({ tenantIds: [profiles.find((p) => p.name === 'Beta')!.id] });
  });
  await expect(entries(page).filter({ hasText: 'Health sweep' })).toHaveCount(beta.state().credentials.length);
  await page.screenshot({ path: 'test-results/audit-log.png', fullPage: true });

  // Filters: Acme alone, then, from the keyboard, its failures alone.
  await disclosure(page, 'Tenants').click();
  await page.getByRole('checkbox', { name: 'Acme', exact: true }).check();
  await expect(count(page)).toHaveText('6 entries');
  await disclosure(page, 'Tenants').click();
  await disclosure(page, 'Outcomes').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox', { name: 'Failed', exact: true })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(entries(page)).toHaveCount(1);
  await expect(entries(page).first()).toContainText('Credential validated');
  await expect(entries(page).first()).toContainText('[redacted]');

  // A reload keeps the filters, from the address.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  await expect(entries(page)).toHaveCount(1);
  await expect(count(page)).toHaveText('1 entry');

  // Export the filtered view, then everything: never a secret.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csvText = readFileSync((await csv.path())!, 'utf8');
  const lines = csvText.trimEnd().split('\r\n');
  expect(lines[0]).toBe('at,tenant,tenantId,environment,action,objects,outcome,errorCode,message,source,jobId,id');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain('credential.validate');
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(count(page)).toHaveText(`${expected.length + beta.state().credentials.length} entries`);
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  const exported = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { entries: AuditEntry[] };
  expect(exported.entries).toHaveLength(expected.length + beta.state().credentials.length);
  expect(exported.entries.filter((e) => e.tenantName === 'Acme').map((e) => e.action)).toEqual([
    'config.create',
    'credential.validate',
    'credential.create',
    'credential.delete',
    'credential.validate',
    'credential.create',
  ]);
  for (const text of [csvText, JSON.stringify(exported), readFileSync(join(harness.dataDir, 'audit-log.jsonl'), 'utf8')]) {
    for (const secret of [badKey, goodKey, acme.apiAccessToken, beta.apiAccessToken]) expect(text).not.toContain(secret);
  }
});

test('a line torn by a crash is skipped with a notice, and the entries around it are shown', async ({ page }) => {
  const tenantId = randomUUID();
  const line = (name: string, at: string) =>
    JSON.stringify({
      id: randomUUID(),
      at,
      tenantId,
      tenantName: 'Gone tenant',
      environment: 'staging',
      action: 'config.create',
      objects: [{ kind: 'config', id: `cfg-${name}`, name }],
      outcome: 'ok',
      source: 'setup',
    });
  // The app crashed while writing the second entry; after the restart, a third was written on a line of its own.
  const torn = line('torn', '2026-12-01T10:01:00.000Z');
  const log = `${line('before', '2026-12-01T10:00:00.000Z')}\n${torn.slice(0, 40)}\n${line('after', '2026-12-01T10:02:00.000Z')}\n`;
  const harness = await startHarnessProcess((dataDir) => writeFileSync(join(dataDir, 'audit-log.jsonl'), log));
  try {
    await page.goto(harness.url);
    await openAudit(page);
    await expect(page.getByRole('status').filter({ hasText: 'could not be read' })).toContainText(
      'One line of the audit log could not be read (line 2: not JSON (a write cut short))',
    );
    // Newest first: the entry after the torn line, then the one before it.
    await expect(entries(page)).toHaveCount(2);
    await expect(entries(page).nth(0)).toContainText('after');
    await expect(entries(page).nth(1)).toContainText('before');
    await expect(page.getByRole('table', { name: 'Audit log' })).not.toContainText('torn');
    // The tenant was removed: its entries stay, named as they were.
    await expect(entries(page).first()).toContainText('Gone tenant');
    // The file is left as it is.
    expect(readFileSync(join(harness.dataDir, 'audit-log.jsonl'), 'utf8')).toBe(log);
    await expectAccessible(page, 'audit log with a torn line');
  } finally {
    await leaveAndStop(page, harness);
  }
});
