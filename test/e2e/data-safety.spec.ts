// What a person sees of the data-safety rules: an edited address asks for the secret again and
// says why; a private key pasted with a CA certificate is refused at that field, nothing else of
// the form lost; an audit log the disk refuses is said on the Audit screen, and the change stands.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { testCaPem } from '../support/test-ca';
import { expect, test } from './fixtures';
import { addTenantProfile, fakeTenants } from './setup-helpers';

const fake = fakeTenants();

test('an edit that moves a tenant asks for its secret again; a key with the CA is refused at its field', async ({ page, harness }) => {
  const tenant = await fake({ builtInConfigs: false });
  await addTenantProfile(page, harness, tenant);
  await page.getByRole('button', { name: 'Edit Acme' }).click();
  const form = page.getByRole('form', { name: 'Edit Acme' });
  await form.getByLabel('Tenant address', { exact: true }).fill('https://elsewhere.example.com');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByText(/the address changed: enter the client secret again/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('address-moved.png'), fullPage: true });

  await form.getByLabel('Tenant address', { exact: true }).fill(tenant.baseUrl);
  const key = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  await form.getByLabel('Or paste the certificate (PEM)').fill(`${testCaPem}\n${key.privateKey}`);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByText(/the file has a PRIVATE KEY block/).first()).toBeVisible();
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Acme');
  await expect(form.getByLabel('Tenant address', { exact: true })).toHaveValue(tenant.baseUrl);
  await page.screenshot({ path: test.info().outputPath('ca-with-key.png'), fullPage: true });
  // Nothing was saved: the tenant has no CA.
  const { profiles } = await page.evaluate(() => window.byomDesk.listTenantProfiles());
  expect(profiles[0]!.caCertificate).toBeNull();
});

test('an audit log the disk refuses: the Audit screen says what was not written; the change is made', async ({ page, freshHarness }) => {
  const tenant = await fake({ builtInConfigs: false });
  const profile = await addTenantProfile(page, freshHarness, tenant);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Audit log' }).click();
  await expect(page.getByText('Nothing recorded yet')).toBeVisible();
  // The disk breaks: a folder where the log file should be refuses every append.
  mkdirSync(join(freshHarness.dataDir, 'audit-log.jsonl'));
  const values = { name: 'Team OpenAI', api_key: 'sk-proj-e2e-audit-0001' };
  const outcome = await page.evaluate(
    ({ tenantId, values }) => window.byomDesk.startProviderSetup({ tenantId, providerId: 'openai', values }),
    { tenantId: profile.id, values },
  );
  expect(outcome.credentialId).not.toBeNull();
  expect(tenant.state().credentials.map((c) => c.name)).toEqual(['Team OpenAI']);
  await expect(page.getByRole('alert')).toContainText(/entr(y|ies) could not be written to .*audit-log\.jsonl \(EISDIR\)/);
  await expect(page.getByRole('row', { name: /Credential created/ })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('audit-unwritten.png'), fullPage: true });
});
