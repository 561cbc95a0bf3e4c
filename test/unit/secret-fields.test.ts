// Which fields are secrets, what a client blanks out of anything it keeps, and what the credential
// form refuses: the rules that keep a key out of files, logs and echoed errors.
import { describe, expect, it } from 'vitest';
import { providerCatalog, providerVariant, type ProviderId } from '../../src-shared/providers/catalog';
import {
  allSecretFieldKeys,
  credentialPayload,
  credentialValuesSchema,
  parseServiceAccount,
  secretFieldKeys,
  secretValuesIn,
} from '../../src-shared/providers/credential-schema';

const account = {
  type: 'service_account',
  project_id: 'acme-ai',
  private_key_id: 'kid-123',
  private_key: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n',
  client_email: 'byom@acme-ai.iam.gserviceaccount.com',
  token_uri: 'https://oauth2.googleapis.com/token',
};

const vertexPlace = { name: 'Vertex', gcp_project: 'acme-ai', gcp_location: 'us-central1' };

const issues = (id: ProviderId, values: Record<string, string>) =>
  credentialValuesSchema(id)
    .safeParse(values)
    .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('which fields are secret', () => {
  it('is every key, secret and service account key, of every provider, and never a name, address or region', () => {
    expect(Object.fromEntries(providerCatalog.map((v) => [v.id, secretFieldKeys(v)]))).toEqual({
      openai: ['api_key'],
      anthropic: ['api_key'],
      openai_compatible: ['api_key'],
      bedrock: ['aws_secret_access_key', 'aws_session_token'],
      azure_api_key: ['api_key'],
      azure_service_principal: ['azure_client_secret'],
      gemini: ['api_key'],
      vertex: ['gcp_service_account'],
    });
    expect([...allSecretFieldKeys].sort()).toEqual([
      'api_key',
      'aws_secret_access_key',
      'aws_session_token',
      'azure_client_secret',
      'gcp_service_account',
    ]);
  });
});

describe('the secret values in a request body', () => {
  it('are each secret field’s value, and nothing else the body carries', () => {
    const body = { name: 'Groq', creds_type: 'API_KEY', base_url: 'https://api.groq.com/openai/v1', api_key: 'gsk_live_1234' };
    expect(secretValuesIn(body)).toEqual(['gsk_live_1234']);
    expect(secretValuesIn({ api_key: '', aws_session_token: 'tok-1', aws_secret_access_key: 42 })).toEqual(['tok-1']);
  });

  it('count a service account key whole, as typed and as sent, and by its private key and key id', () => {
    const typed = JSON.stringify(account, null, 2);
    expect(secretValuesIn({ gcp_service_account: typed })).toEqual([
      typed,
      JSON.stringify(account),
      account.private_key,
      account.private_key_id,
    ]);
    // As the request body carries it: an object, not text.
    expect(secretValuesIn({ gcp_service_account: account })).toEqual([
      JSON.stringify(account),
      account.private_key,
      account.private_key_id,
    ]);
    // Text that is not a key is still a secret as typed; a list or null is no key at all.
    expect(secretValuesIn({ gcp_service_account: '{ not json' })).toEqual(['{ not json']);
    expect(secretValuesIn({ gcp_service_account: [account], api_key: null })).toEqual([]);
    expect(secretValuesIn({ gcp_service_account: { ...account, private_key_id: 7 } })).toEqual([
      JSON.stringify({ ...account, private_key_id: 7 }),
      account.private_key,
    ]);
  });

  it('find nothing in a key file field that is blank, null or not a key file at all, and do not fail on it', () => {
    // Blanking "42" or "true" out of every log would hide what the logs are for.
    for (const value of ['', null, undefined, 42, true, [account]])
      expect(secretValuesIn({ gcp_service_account: value }), String(value)).toEqual([]);
  });
});

describe('the credential form', () => {
  it('refuses an empty form field by field, each required field saying it is required, and nothing more', () => {
    for (const variant of providerCatalog) {
      const required = variant.fields.filter((f) => f.required).map((f) => `${f.key}: ${f.label} is required`);
      expect(issues(variant.id, {}), variant.id).toEqual(required);
      const blank = Object.fromEntries(variant.fields.map((f) => [f.key, '  ']));
      expect(issues(variant.id, blank), `${variant.id}, blanks`).toEqual(required);
    }
  });

  it('refuses a service account key that is not a JSON object, or whose required parts are blank', () => {
    for (const text of ['[]', '"key"', 'null', '7'])
      expect(parseServiceAccount(text)).toEqual({ ok: false, message: 'must be a JSON object' });
    expect(parseServiceAccount(JSON.stringify({ ...account, client_email: '   ' }))).toEqual({
      ok: false,
      message: 'is missing client_email',
    });
    expect(issues('vertex', { ...vertexPlace, gcp_service_account: '[]' })).toEqual([
      'gcp_service_account: Service Account JSON must be a JSON object',
    ]);
  });

  it('refuses a key with a space or a line break in it, and one too long to be a key', () => {
    expect(issues('openai', { name: 'x', api_key: 'sk-abc\ndef' })).toEqual(['api_key: API Key cannot contain spaces or line breaks']);
    expect(issues('openai', { name: 'x', api_key: 'k'.repeat(4097) })).toEqual(['api_key: API Key is too long']);
    expect(issues('openai', { name: 'x', api_key: 'k'.repeat(4096) })).toEqual([]);
    // A service account key is a whole file: longer than any key, up to 64 KB.
    const long = JSON.stringify({ ...account, private_key: 'k'.repeat(10_000) });
    expect(issues('vertex', { ...vertexPlace, gcp_service_account: long })).toEqual([]);
    expect(
      issues('vertex', { ...vertexPlace, gcp_service_account: JSON.stringify({ ...account, private_key: 'k'.repeat(70_000) }) }),
    ).toEqual(['gcp_service_account: Service Account JSON is too long']);
  });

  it('takes AWS regions as AWS names them, GovCloud and ISO ones too, and refuses a zone or a longer name', () => {
    const region = (aws_region: string) =>
      issues('bedrock', { name: 'B', aws_access_key_id: 'AKIAEXAMPLE', aws_secret_access_key: 'secret', aws_region });
    for (const ok of ['us-east-1', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1', 'ap-southeast-12'])
      expect(region(ok), ok).toEqual([]);
    for (const bad of ['us-west-2b', 'bedrock-us-east-1', 'us-isob1-east-1'])
      expect(region(bad), bad).toEqual(['aws_region: Region must look like us-west-2']);
  });

  it('takes an address on http or https only', () => {
    const baseUrl = (base_url: string) => issues('openai_compatible', { name: 'x', api_key: 'k', base_url });
    expect(baseUrl('http://localhost:8000/v1')).toEqual([]);
    expect(baseUrl('ftp://files.example.com')).toEqual(['base_url: Base URL must be a full address starting with https://']);
    expect(baseUrl('https://')).toEqual(['base_url: Base URL must be a full address starting with https://']);
  });

  it('sends what was filled in, leaving out an optional field left blank', () => {
    const values = credentialValuesSchema('bedrock').parse({
      name: 'Bedrock',
      aws_access_key_id: 'AKIAEXAMPLE',
      aws_secret_access_key: 'secret',
      aws_region: 'us-east-1',
      aws_session_token: '  ',
    });
    expect(Object.keys(credentialPayload(providerVariant('bedrock'), values)).sort()).toEqual([
      'aws_access_key_id',
      'aws_region',
      'aws_secret_access_key',
      'creds_type',
      'name',
    ]);
    const vertex = credentialPayload(providerVariant('vertex'), { name: 'V', gcp_service_account: JSON.stringify(account) });
    expect(vertex).toEqual({ name: 'V', creds_type: 'GCP', gcp_service_account: account });
    // A key that is not a service account is not sent as one.
    expect(Object.keys(credentialPayload(providerVariant('vertex'), { name: 'V', gcp_service_account: '{}' }))).toEqual([
      'name',
      'creds_type',
    ]);
  });
});
