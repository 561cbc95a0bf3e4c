// The guide's whole flow for each of the eight provider variants, against a fake tenant, then a look
// at what the tenant holds: exactly one credential and the configs chosen, nothing else.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { expect, test } from './fixtures';
import { addTenantProfile, chooseProvider, completeWithNames, openSetup, pickModels, tenantSummary, validate } from './setup-helpers';

const serviceAccountFile = join(mkdtempSync(join(tmpdir(), 'byom-sa-')), 'vertex-key.json');
writeFileSync(
  serviceAccountFile,
  JSON.stringify({
    type: 'service_account',
    project_id: 'e2e-vertex-project',
    private_key_id: 'abc',
    private_key: '-----BEGIN PRIVATE KEY-----\nMIIE...e2e\n-----END PRIVATE KEY-----\n',
    client_email: 'byom@e2e-vertex-project.iam.gserviceaccount.com',
    client_id: '123',
    token_uri: 'https://oauth2.googleapis.com/token',
  }),
);

interface Variant {
  label: string;
  credsType: string;
  fields: Record<string, string>;
  preset?: string;
  model: string;
  configProvider: string;
  validateProvider: string;
}

const variants: Variant[] = [
  {
    label: 'OpenAI',
    credsType: 'API_KEY',
    fields: { Name: 'My OpenAI Account', 'API Key': 'sk-proj-e2e-openai' },
    model: 'gpt-4o',
    configProvider: 'openai',
    validateProvider: 'openai',
  },
  {
    label: 'Anthropic',
    credsType: 'API_KEY',
    fields: { Name: 'Anthropic', 'API Key': 'sk-ant-e2e-anthropic' },
    model: 'claude-sonnet-4-5-20250929',
    configProvider: 'anthropic',
    validateProvider: 'anthropic',
  },
  {
    label: 'Custom (OpenAI-Compatible)',
    credsType: 'API_KEY',
    fields: { Name: 'Groq', 'API Key': 'gsk_e2e_groq' },
    preset: 'Groq: https://api.groq.com/openai/v1',
    model: 'llama-3.3-70b-versatile',
    configProvider: 'openai',
    validateProvider: 'openai',
  },
  {
    label: 'AWS Bedrock',
    credsType: 'AWS',
    fields: { Name: 'AWS Bedrock US West', 'Access Key ID': 'AKIAE2EEXAMPLE', 'Secret Access Key': 'e2e-aws-secret', Region: 'us-west-2' },
    model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    configProvider: 'bedrock_us-west-2',
    validateProvider: 'bedrock',
  },
  {
    label: 'Azure OpenAI (API Key)',
    credsType: 'AZURE',
    fields: {
      Name: 'Azure OpenAI',
      Endpoint: 'https://myresource.openai.azure.com/',
      'API Version': '2024-10-21',
      'API Key': 'e2e-azure-key',
    },
    model: 'gpt-4o',
    configProvider: 'azure_openai',
    validateProvider: 'azure_openai',
  },
  {
    label: 'Azure OpenAI (Service Principal)',
    credsType: 'AZURE',
    fields: {
      Name: 'Azure OpenAI SP',
      Endpoint: 'https://myresource.openai.azure.com/',
      'API Version': '2024-10-21',
      'Client ID': '11111111-2222-3333-4444-555555555555',
      'Client Secret': 'e2e-azure-sp-secret',
      'Token URL': 'https://login.microsoftonline.com/e2e-tenant/oauth2/v2.0/token',
    },
    model: 'gpt-4o-mini',
    configProvider: 'azure_openai',
    validateProvider: 'azure_openai',
  },
  {
    label: 'Google Gemini (API Key)',
    credsType: 'GCP',
    fields: { Name: 'Gemini', 'API Key': 'AIzaE2EGemini' },
    model: 'gemini-2.5-pro',
    configProvider: 'google',
    validateProvider: 'google',
  },
  {
    label: 'Google Vertex AI (Service Account)',
    credsType: 'GCP',
    fields: { Name: 'Vertex AI', Location: 'us-central1' },
    model: 'gemini-2.5-flash',
    configProvider: 'google',
    validateProvider: 'google',
  },
];

let tenant: FakeTenant;
test.beforeEach(async () => {
  tenant = await startFakeTenant();
});
test.afterEach(async () => {
  await tenant.stop();
});

for (const variant of variants) {
  test(`${variant.label}: credential, validation, model, display name, config`, async ({ page, harness, consoleErrors }) => {
    await addTenantProfile(page, harness, tenant);
    await openSetup(page, 'Acme');
    await chooseProvider(page, variant.label, variant.fields);
    if (variant.preset) await page.getByLabel('Base URL preset').selectOption({ label: variant.preset });
    if (variant.credsType === 'GCP' && !variant.fields['API Key']) {
      await page.getByLabel('Service account key file').setInputFiles(serviceAccountFile);
      // The key file fills Project ID when it is empty.
      await expect(page.getByLabel('Project ID', { exact: true })).toHaveValue('e2e-vertex-project');
    }
    await validate(page);
    await expect(page.getByText(/is valid: the provider lists \d+ models/)).toBeVisible();
    await pickModels(page, [variant.model]);
    await expect(page.getByText('1 selected')).toBeVisible();
    await completeWithNames(page, { [variant.model]: `${variant.label} e2e` });
    await expect(page.getByText('All 1 LLM config created. Agents can use them now.')).toBeVisible();

    const summary = tenantSummary(tenant);
    expect(summary.credentials).toEqual([{ id: expect.any(String), name: variant.fields.Name, creds_type: variant.credsType }]);
    expect(summary.configs).toEqual([
      {
        name: `${variant.label} e2e`,
        provider: variant.configProvider,
        model_name: variant.model,
        llm_credentials_id: summary.credentials[0]!.id,
        is_embedding: false,
        embedding_dimensions: null,
      },
    ]);
    const validateCall = tenant.requests().find((r) => r.path.endsWith('/validate'));
    expect(validateCall?.body).toEqual({ provider: variant.validateProvider });
    // The secrets reached the tenant and nothing in the page kept them.
    const html = await page.content();
    for (const [field, value] of Object.entries(variant.fields)) {
      if (/Key$|Secret/.test(field) && field !== 'Access Key ID') expect(html, field).not.toContain(value);
    }
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByLabel('Provider', { exact: true })).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });
}
