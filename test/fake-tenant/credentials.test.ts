// Credential rules beyond the guide's examples: malformed bodies, required fields, secrets, paging.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTenant, type FakeTenant } from './server';
import { CREDS, GUIDE_CREDENTIALS, api, createCredential } from './test-helpers';

let tenant: FakeTenant;
beforeEach(async () => {
  tenant = await startFakeTenant();
});
afterEach(async () => {
  await tenant.stop();
});

describe('malformed bodies answer 422 with a FastAPI-style detail list', () => {
  it('missing name and unknown creds_type', async () => {
    const r = await api(tenant, 'POST', CREDS, { creds_type: 'OPENAI', api_key: 'sk-x' });
    expect(r.status).toBe(422);
    expect(r.body.detail).toEqual(
      expect.arrayContaining([
        { loc: ['body', 'name'], msg: 'Field required', type: 'missing' },
        expect.objectContaining({
          loc: ['body', 'creds_type'],
          type: 'literal_error',
          msg: "Input should be 'API_KEY', 'AWS', 'AZURE' or 'GCP'",
        }),
      ]),
    );
    expect(tenant.state().credentials).toHaveLength(0);
  });

  it('wrong field types, without echoing the value', async () => {
    const r = await api(tenant, 'POST', CREDS, { name: 'x', creds_type: 'API_KEY', api_key: 987654321 });
    expect(r.status).toBe(422);
    expect(r.body.detail).toEqual([{ loc: ['body', 'api_key'], msg: 'Input should be a valid string', type: 'string_type' }]);
    expect(r.text).not.toContain('987654321');
  });

  it('invalid JSON, a JSON array, and an empty body', async () => {
    const bad = await api(tenant, 'POST', CREDS, '{"name": "x",');
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({ type: 'json_invalid', msg: 'JSON decode error' });

    const arr = await api(tenant, 'POST', CREDS, '[]');
    expect(arr.status).toBe(422);
    expect(arr.body.detail[0]).toMatchObject({ loc: ['body'], type: 'model_attributes_type' });

    const empty = await api(tenant, 'POST', CREDS, '');
    expect(empty.status).toBe(422);
    expect(empty.body.detail[0]).toMatchObject({ loc: ['body'], type: 'missing' });
  });

  it('an empty name is too short', async () => {
    const r = await api(tenant, 'POST', CREDS, { ...GUIDE_CREDENTIALS.openai, name: '' });
    expect(r.status).toBe(422);
    expect(r.body.detail[0]).toMatchObject({ loc: ['body', 'name'], type: 'string_too_short' });
  });
});

describe('required fields per creds_type (400 with a detail string)', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['blank api_key', { name: 'x', creds_type: 'API_KEY', api_key: '   ' }, 'api_key is required for API_KEY creds type'],
    ['bad base_url', { name: 'x', creds_type: 'API_KEY', api_key: 'k', base_url: 'api.groq.com' }, 'base_url must be a valid http(s) URL'],
    [
      'AWS without secret key',
      { name: 'x', creds_type: 'AWS', aws_access_key_id: 'AKIA1', aws_region: 'us-east-1' },
      'aws_access_key_id and aws_secret_access_key are required',
    ],
    [
      'Azure without key or service principal',
      { name: 'x', creds_type: 'AZURE', azure_endpoint: 'https://r.openai.azure.com/', api_version: '2024-10-21' },
      'api_key, or azure_client_id, azure_client_secret and azure_token_url, are required for AZURE creds type',
    ],
    [
      'Azure with half a service principal',
      {
        name: 'x',
        creds_type: 'AZURE',
        azure_endpoint: 'https://r.openai.azure.com/',
        api_version: '2024-10-21',
        azure_client_id: 'id',
        azure_client_secret: 's',
      },
      'api_key, or azure_client_id, azure_client_secret and azure_token_url, are required for AZURE creds type',
    ],
    [
      'Azure with both key and service principal',
      { ...GUIDE_CREDENTIALS.azureSp, api_key: 'k' },
      'Give either api_key or azure_client_id, azure_client_secret and azure_token_url, not both',
    ],
    [
      'GCP with nothing',
      { name: 'x', creds_type: 'GCP' },
      'api_key, or gcp_project, gcp_location and gcp_service_account, are required for GCP creds type',
    ],
    [
      'Vertex without location',
      { name: 'x', creds_type: 'GCP', gcp_project: 'p', gcp_service_account: { type: 'service_account' } },
      'api_key, or gcp_project, gcp_location and gcp_service_account, are required for GCP creds type',
    ],
    [
      'Vertex with a service account that is not JSON',
      { name: 'x', creds_type: 'GCP', gcp_project: 'p', gcp_location: 'l', gcp_service_account: 'not json' },
      'gcp_service_account must be the service account key JSON',
    ],
    [
      'Vertex with the wrong key type',
      { name: 'x', creds_type: 'GCP', gcp_project: 'p', gcp_location: 'l', gcp_service_account: { type: 'authorized_user' } },
      'gcp_service_account.type must be "service_account"',
    ],
  ];
  it.each(cases)('%s', async (_label, body, message) => {
    const r = await api(tenant, 'POST', CREDS, body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: message });
    expect(tenant.state().credentials).toHaveLength(0);
  });

  it('accepts the service account JSON as a string, and an STS session token for AWS', async () => {
    const id = await createCredential(tenant, {
      ...GUIDE_CREDENTIALS.vertex,
      gcp_service_account: JSON.stringify({ type: 'service_account', private_key: 'pk' }),
    });
    const aws = await createCredential(tenant, {
      ...GUIDE_CREDENTIALS.bedrock,
      aws_access_key_id: 'ASIAEXAMPLE',
      aws_session_token: 'session-token-secret',
    });
    const state = tenant.state();
    expect(state.credentials.find((c) => c.id === id)?.secrets.gcp_service_account).toEqual({ type: 'service_account', private_key: 'pk' });
    expect(state.credentials.find((c) => c.id === aws)?.secrets.aws_session_token).toBe('session-token-secret');
    const list = await api(tenant, 'GET', CREDS);
    expect(list.text).not.toContain('session-token-secret');
    expect(list.text).not.toContain('ASIAEXAMPLE');
  });
});

describe('secrets never leave the tenant', () => {
  it('are absent from error messages of later calls too', async () => {
    const id = await createCredential(tenant, { ...GUIDE_CREDENTIALS.openai, api_key: 'sk-proj-topsecret' });
    await api(tenant, 'POST', '/ai/api/v1/config/llm', { name: 'c', provider: 'openai', llm_credentials_id: id, model_name: 'gpt-4o' });
    const answers = [
      await api(tenant, 'GET', CREDS),
      await api(tenant, 'DELETE', `${CREDS}/${id}`),
      await api(tenant, 'POST', `${CREDS}/${id}/validate`, { provider: 'bedrock' }),
      await api(tenant, 'POST', `${CREDS}/${id}/validate`, { provider: 'openai', model_name: 'nope' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 409, 200, 200]);
    for (const a of answers) expect(a.text).not.toContain('topsecret');
  });
});

describe('ids, paths and paging', () => {
  it('answers 422 for a malformed id and 404 for an unknown one', async () => {
    const bad = await api(tenant, 'DELETE', `${CREDS}/not-a-uuid`);
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({ loc: ['path', 'credentials_id'], type: 'uuid_parsing' });
    const unknown = await api(tenant, 'DELETE', `${CREDS}/7b0e8d7e-3f7a-4a43-9d54-3b8f0f1f2a11`);
    expect(unknown.status).toBe(404);
    const validateUnknown = await api(tenant, 'POST', `${CREDS}/7b0e8d7e-3f7a-4a43-9d54-3b8f0f1f2a11/validate`, { provider: 'openai' });
    expect(validateUnknown.status).toBe(404);
  });

  it('redirects a trailing slash with 307, which fetch follows with the token', async () => {
    await createCredential(tenant, GUIDE_CREDENTIALS.openai);
    const r = await api(tenant, 'GET', `${CREDS}/?limit=5`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(1);
    const log = tenant.requests();
    expect(log.slice(-2).map((e) => `${e.path}${e.query} ${String(e.status)}`)).toEqual([`${CREDS}/?limit=5 307`, `${CREDS}?limit=5 200`]);
  });

  it('answers 404 for unknown paths and 405 for a wrong method', async () => {
    expect((await api(tenant, 'GET', '/ai/api/v1/nothing')).status).toBe(404);
    expect((await api(tenant, 'PUT', CREDS, {})).status).toBe(405);
  });

  it('pages the credential list with limit and skip', async () => {
    await tenant.stop();
    tenant = await startFakeTenant({ seedCredentials: 20, pageSize: 8 });
    const first = await api(tenant, 'GET', CREDS);
    expect(first.body.total).toBe(20);
    expect(first.body.data).toHaveLength(8);
    const seen = new Set<string>();
    for (let skip = 0; skip < 20; skip += 8) {
      const p = await api(tenant, 'GET', `${CREDS}?limit=8&skip=${skip}`);
      for (const c of p.body.data) seen.add(c.id);
    }
    expect(seen.size).toBe(20);
    const seeded = await api(tenant, 'GET', `${CREDS}?limit=8`);
    expect(seeded.text).not.toContain('sk-proj-seed');
  });
});
