// Helpers for the fake tenant's own tests (not a test file itself).
import { createHash, randomBytes } from 'node:crypto';
import { afterEach } from 'vitest';
import { startFakeTenant, type FakeTenant, type FakeTenantOptions } from './server';

/** The AI API's paths the tests call. */
export const CREDS = '/ai/api/v1/llm_credentials';
export const CONFIGS = '/ai/api/v1/config/llm';
export const PREF = '/ai/api/v1/config/llm_preference';
export const OVERRIDES = '/ai/api/v1/config/feature_llm_overrides';
export const AGENTS = '/ai/api/v1/config/agent';
export const AUTHORIZE = '/oauth/v1/authorize/';
export const USER_TOKEN = '/oauth/v1/token/';
/** The loopback redirect URI of Alation's own CLI. */
export const LOOPBACK = 'http://127.0.0.1:18722/callback';

/** A `start` for the tests of one file: each test's tenants are stopped after it. */
export function fakeTenantPerTest(): (options?: FakeTenantOptions) => Promise<FakeTenant> {
  let tenants: FakeTenant[] = [];
  afterEach(async () => {
    await Promise.all(tenants.map((t) => t.stop()));
    tenants = [];
  });
  return async (options = {}) => {
    const tenant = await startFakeTenant(options);
    tenants.push(tenant);
    return tenant;
  };
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: any; // tests read fields freely
}

export interface ApiOptions {
  /** Token to send; default the tenant's API access token. `null` sends none. */
  token?: string | null;
  /** How to send the token: `Authorization: Bearer` (default, as Alation's clients do) or the `TOKEN` header. */
  scheme?: 'token' | 'bearer';
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function api(tenant: FakeTenant, method: string, path: string, body?: unknown, options: ApiOptions = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const token = options.token === undefined ? tenant.apiAccessToken : options.token;
  if (token !== null) {
    if (options.scheme === 'token') headers.token = token;
    else headers.authorization = `Bearer ${token}`;
  }
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${tenant.baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** Creates a credential and returns its id (asserting success). */
export async function createCredential(tenant: FakeTenant, body: Record<string, unknown>): Promise<string> {
  const r = await api(tenant, 'POST', CREDS, body);
  if (r.status !== 201) throw new Error(`create credential failed: ${r.status} ${r.text}`);
  return r.body.id as string;
}

export async function createConfig(tenant: FakeTenant, body: Record<string, unknown>): Promise<string> {
  const r = await api(tenant, 'POST', CONFIGS, body);
  if (r.status !== 201) throw new Error(`create config failed: ${r.status} ${r.text}`);
  return r.body.id as string;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The guide's eight credential examples, verbatim but for the elided secrets. */
export const GUIDE_CREDENTIALS = {
  openai: { name: 'My OpenAI Account', creds_type: 'API_KEY', api_key: 'sk-proj-abc123secret' },
  anthropic: { name: 'Anthropic', creds_type: 'API_KEY', api_key: 'sk-ant-abc123secret' },
  groq: { name: 'Groq', creds_type: 'API_KEY', api_key: 'gsk_abc123secret', base_url: 'https://api.groq.com/openai/v1' },
  bedrock: {
    name: 'AWS Bedrock US West',
    creds_type: 'AWS',
    aws_access_key_id: 'AKIAABC123EXAMPLE',
    aws_secret_access_key: 'awsSecret123abc',
    aws_region: 'us-west-2',
  },
  azureKey: {
    name: 'Azure OpenAI',
    creds_type: 'AZURE',
    azure_endpoint: 'https://myresource.openai.azure.com/',
    api_version: '2024-10-21',
    api_key: 'azureKey123abc',
  },
  azureSp: {
    name: 'Azure OpenAI SP',
    creds_type: 'AZURE',
    azure_endpoint: 'https://myresource.openai.azure.com/',
    api_version: '2024-10-21',
    azure_client_id: 'client-id-123',
    azure_client_secret: 'azureClientSecret123',
    azure_token_url: 'https://login.microsoftonline.com/tenant-123/oauth2/v2.0/token',
  },
  gemini: { name: 'Gemini', creds_type: 'GCP', api_key: 'AIzaSecret123abc' },
  vertex: {
    name: 'Vertex AI',
    creds_type: 'GCP',
    gcp_project: 'my-project-id',
    gcp_location: 'us-central1',
    gcp_service_account: { type: 'service_account', project_id: 'my-project-id', '...': '...' },
  },
} as const;

/** Every secret value used in GUIDE_CREDENTIALS, to check they never come back. */
export const GUIDE_SECRETS = [
  'sk-proj-abc123secret',
  'sk-ant-abc123secret',
  'gsk_abc123secret',
  'AKIAABC123EXAMPLE',
  'awsSecret123abc',
  'azureKey123abc',
  'azureClientSecret123',
  'AIzaSecret123abc',
];

/** A PKCE verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The authorization URL with these query parameters (undefined ones left out). */
export function authorizeUrl(tenant: FakeTenant, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return `${tenant.baseUrl}${AUTHORIZE}?${q.toString()}`;
}

/** A request that does not follow redirects: status, Location and body text. */
export async function manual(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; location: string | null; text: string; headers: Headers }> {
  const res = await fetch(url, { ...init, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), text: await res.text(), headers: res.headers };
}

/** POSTs a form to the tenant and parses the JSON answer. */
export async function postForm(
  tenant: FakeTenant,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${tenant.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers };
}

/** Signs in as the fake user through the consent page (Allow) and returns the code with its verifier. */
export async function authorizationCode(
  tenant: FakeTenant,
  clientId: string,
  redirectUri = LOOPBACK,
): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  const url = authorizeUrl(tenant, {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const outcome = await tenant.answerConsent(url, 'allow');
  const code = outcome.location ? new URL(outcome.location).searchParams.get('code') : null;
  if (!code) throw new Error(`no code: ${outcome.status} ${outcome.location ?? outcome.html ?? ''}`);
  return { code, verifier };
}

/** A full sign-in: the tokens the token endpoint answers for a fresh authorization code. */
export async function userTokens(
  tenant: FakeTenant,
  clientId: string,
  extra: Record<string, string> = {},
): Promise<{ access_token: string; refresh_token: string; expires_in: number; token_type: string; scope: string }> {
  const { code, verifier } = await authorizationCode(tenant, clientId);
  const r = await postForm(tenant, USER_TOKEN, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: LOOPBACK,
    client_id: clientId,
    code_verifier: verifier,
    ...extra,
  });
  if (r.status !== 200) throw new Error(`token exchange failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
