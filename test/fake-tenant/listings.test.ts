// What lists and credential answers look like: masked secrets, the three list shapes, paging.
import { describe, expect, it } from 'vitest';
import { SECRET_FIELDS, maskSecret, type FakeTenant } from './server';
import {
  CONFIGS,
  CREDS,
  GUIDE_CREDENTIALS,
  GUIDE_SECRETS,
  OVERRIDES,
  api,
  createConfig,
  createCredential,
  fakeTenantPerTest,
} from './test-helpers';

const start = fakeTenantPerTest();

const SERVICE_ACCOUNT = {
  type: 'service_account',
  project_id: 'my-project-id',
  private_key_id: 'c0ffee0123456789abcdef0123456789deadbeef',
  private_key: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC\n-----END PRIVATE KEY-----\n',
  client_email: 'byom@my-project-id.iam.gserviceaccount.com',
  token_uri: 'https://oauth2.googleapis.com/token',
};

describe('masked secrets in credential answers', () => {
  it('show each secret field as "****" plus its last 4 characters, null when not set', async () => {
    const t = await start();
    const aws = await api(t, 'POST', CREDS, {
      ...GUIDE_CREDENTIALS.bedrock,
      aws_access_key_id: 'ASIAEXAMPLEKEY12WXYZ',
      aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      aws_session_token: 'IQoJb3JpZ2luX2VjEJr//////////session9876',
    });
    expect(aws.status).toBe(201);
    expect(aws.body).toMatchObject({
      aws_access_key_id: '****WXYZ',
      aws_secret_access_key: '****EKEY',
      aws_session_token: '****9876',
      api_key: null,
      azure_client_secret: null,
      gcp_service_account: null,
    });
    const sp = await api(t, 'POST', CREDS, { ...GUIDE_CREDENTIALS.azureSp, azure_client_secret: 'Zx8Q~abcdefghijklmnop.qrstuv~wxyz' });
    expect(sp.body).toMatchObject({ azure_client_secret: '****wxyz', api_key: null });
  });

  it('show the service account as its masked private_key_id, never the key', async () => {
    const t = await start();
    const r = await api(t, 'POST', CREDS, { ...GUIDE_CREDENTIALS.vertex, gcp_service_account: SERVICE_ACCOUNT });
    expect(r.body.gcp_service_account).toBe('****beef');
    const list = await api(t, 'GET', CREDS);
    for (const text of [r.text, list.text]) {
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain('c0ffee');
      expect(text).not.toContain('"type":"service_account"');
    }
  });

  it('mask a short secret entirely', async () => {
    const t = await start();
    const r = await api(t, 'POST', CREDS, { name: 'vLLM', creds_type: 'API_KEY', api_key: 'none', base_url: 'http://llm-service:8000/v1' });
    expect(r.body.api_key).toBe('****');
    expect(maskSecret('1234567')).toBe('****');
    expect(maskSecret('12345678')).toBe('****5678');
  });

  it('are the same in POST, GET list, GET by id and PATCH answers, and no answer has a full secret', async () => {
    const t = await start();
    const ids: string[] = [];
    for (const body of Object.values(GUIDE_CREDENTIALS)) ids.push(await createCredential(t, body));
    const list = await api(t, 'GET', CREDS);
    const answers = [list];
    for (const [i, id] of ids.entries()) {
      const one = await api(t, 'GET', `${CREDS}/${id}`);
      expect(one.body).toEqual(list.body.data[i]);
      answers.push(one);
    }
    const patched = await api(t, 'PATCH', `${CREDS}/${ids[0]!}`, { api_key: 'sk-proj-rotated-secret-9999' });
    expect(patched.body.api_key).toBe('****9999');
    answers.push(patched);
    for (const a of answers) {
      for (const secret of [...GUIDE_SECRETS, 'sk-proj-rotated-secret-9999']) expect(a.text).not.toContain(secret);
    }
    // the full values are only in state()
    expect(t.state().credentials[0]!.secrets.api_key).toBe('sk-proj-rotated-secret-9999');
  });

  it('maskedSecretsInListings: false leaves the secret fields out', async () => {
    const t = await start({ maskedSecretsInListings: false });
    const id = await createCredential(t, GUIDE_CREDENTIALS.bedrock);
    for (const r of [await api(t, 'GET', CREDS), await api(t, 'GET', `${CREDS}/${id}`)]) {
      const item = Array.isArray(r.body.data) ? r.body.data[0] : r.body;
      expect(item).toMatchObject({ id, aws_region: 'us-west-2' });
      for (const field of SECRET_FIELDS) expect(item).not.toHaveProperty(field);
    }
  });
});

describe('list shapes', () => {
  async function seeded(listShape: 'data' | 'results' | 'array'): Promise<{ t: FakeTenant; configId: string }> {
    const t = await start({ listShape, builtInConfigs: false, seedCredentials: 3, seedConfigs: 5 });
    const configId = t.state().configs[0]!.id;
    await api(t, 'PUT', OVERRIDES, { feature_type: 'DEFAULT_AGENT', feature_key: 'sql_query_agent', llm_config_id: configId });
    return { t, configId };
  }

  it("'data' (default) answers {data, total} on every list", async () => {
    const { t } = await seeded('data');
    expect(Object.keys((await api(t, 'GET', CREDS)).body).sort()).toEqual(['data', 'total']);
    expect((await api(t, 'GET', `${CONFIGS}?limit=2`)).body).toMatchObject({ total: 5, data: [expect.anything(), expect.anything()] });
    expect((await api(t, 'GET', OVERRIDES)).body).toMatchObject({ total: 1 });
  });

  it("'results' answers {results, count} on every list", async () => {
    const { t, configId } = await seeded('results');
    const creds = await api(t, 'GET', `${CREDS}?limit=2`);
    expect(Object.keys(creds.body).sort()).toEqual(['count', 'results']);
    expect(creds.body.count).toBe(3);
    expect(creds.body.results).toHaveLength(2);
    const configs = await api(t, 'GET', `${CONFIGS}?is_embedding=false&limit=1`);
    expect(configs.body.count).toBe(t.state().configs.filter((c) => !c.is_embedding).length);
    expect(configs.body.results).toHaveLength(1);
    expect((await api(t, 'GET', OVERRIDES)).body).toEqual({ results: [expect.objectContaining({ llm_config_id: configId })], count: 1 });
  });

  it("'array' answers a bare array, still paged", async () => {
    const { t, configId } = await seeded('array');
    const creds = await api(t, 'GET', `${CREDS}?limit=2&skip=2`);
    expect(creds.body).toEqual([expect.objectContaining({ id: t.state().credentials[2]!.id })]);
    const configs = await api(t, 'GET', `${CONFIGS}?limit=2&offset=4`);
    expect(configs.body).toEqual([expect.objectContaining({ id: t.state().configs[4]!.id })]);
    expect((await api(t, 'GET', `${CONFIGS}?offset=5`)).body).toEqual([]);
    expect((await api(t, 'GET', OVERRIDES)).body).toEqual([expect.objectContaining({ llm_config_id: configId })]);
  });
});

describe('paging as Alation’s client does it', () => {
  it('credentials with skip & limit, configs with limit & offset; both accept the other name', async () => {
    const t = await start({ builtInConfigs: false, seedCredentials: 10, seedConfigs: 10 });
    const credIds = t.state().credentials.map((c) => c.id);
    const cfgIds = t.state().configs.map((c) => c.id);
    const ids = (r: { body: { data: { id: string }[] } }): string[] => r.body.data.map((x) => x.id);

    expect(ids(await api(t, 'GET', `${CREDS}?skip=3&limit=2`))).toEqual(credIds.slice(3, 5));
    expect(ids(await api(t, 'GET', `${CREDS}?offset=3&limit=2`))).toEqual(credIds.slice(3, 5));
    expect(ids(await api(t, 'GET', `${CONFIGS}?limit=2&offset=6`))).toEqual(cfgIds.slice(6, 8));
    expect(ids(await api(t, 'GET', `${CONFIGS}?limit=2&skip=6`))).toEqual(cfgIds.slice(6, 8));
    // when both are sent, the endpoint's own name wins
    expect(ids(await api(t, 'GET', `${CREDS}?skip=1&offset=7&limit=1`))).toEqual(credIds.slice(1, 2));
    expect(ids(await api(t, 'GET', `${CONFIGS}?skip=1&offset=7&limit=1`))).toEqual(cfgIds.slice(7, 8));
    expect((await api(t, 'GET', `${CONFIGS}?offset=-1`)).status).toBe(422);
  });

  it('configs accept and ignore visibility_labels', async () => {
    const t = await start({ seedCredentials: 2, seedConfigs: 3 });
    const plain = await api(t, 'GET', CONFIGS);
    const labelled = await api(t, 'GET', `${CONFIGS}?visibility_labels=finance&visibility_labels=eu&limit=100&offset=0`);
    expect(labelled.status).toBe(200);
    expect(labelled.body).toEqual(plain.body);
  });

  it('the config created last is found on the last page', async () => {
    const t = await start({ pageSize: 5 });
    const cred = await createCredential(t, GUIDE_CREDENTIALS.openai);
    const id = await createConfig(t, { name: 'Last', provider: 'openai', llm_credentials_id: cred, model_name: 'gpt-4o' });
    const first = await api(t, 'GET', CONFIGS);
    expect(first.body.data).toHaveLength(5);
    const last = await api(t, 'GET', `${CONFIGS}?offset=${first.body.total - 1}`);
    expect(last.body.data).toEqual([expect.objectContaining({ id, is_builtin: false })]);
  });
});
