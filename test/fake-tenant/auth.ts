// Tokens of the fake tenant: OAuth client credentials, API access tokens, refresh token, browser sign-in tokens.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { json, type Reply } from './http-util';

/**
 * `oauth`: client-credentials JWT; `api`: API access token; `user`: access token (JWT) of a browser
 * sign-in; `refresh`: refresh token of a browser sign-in (listed by `tokens()`, never a Bearer token).
 */
export type TokenKind = 'oauth' | 'api' | 'user' | 'refresh';
export type TokenStatus = 'active' | 'superseded' | 'revoked';

export interface TokenRecord {
  token: string;
  kind: TokenKind;
  clientId?: string;
  userId?: number;
  /** Browser sign-in tokens: the scope granted. */
  scope?: string;
  issuedAt: number; // ms epoch
  expiresAt: number; // ms epoch
  status: TokenStatus;
}

export type AuthFailureReason = 'missing' | 'unknown' | 'expired' | 'superseded' | 'revoked' | 'token_header' | 'legacy_token';

export interface AuthConfig {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  userId: number;
  tokenTtlSeconds: number;
  apiTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  issuer: string;
}

const b64url = (v: string | Buffer): string => Buffer.from(v).toString('base64url');

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Every access token the tenant issues, and the refresh token of createAPIAccessToken. */
export class AuthStore {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly currentByClient = new Map<string, string>();
  private readonly signingKey = randomBytes(32);
  private readonly refreshTokenExpiresAt: number;
  private refreshTokenRevoked = false;

  constructor(private readonly config: AuthConfig) {
    this.refreshTokenExpiresAt = Date.now() + config.refreshTokenTtlSeconds * 1000;
  }

  /** An HS256 JWT with `iss`, `iat`, `exp`, `jti` and the given claims. */
  private jwt(claims: Record<string, unknown>, issuedAt: number, expiresAt: number): string {
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const times = { iat: Math.floor(issuedAt / 1000), exp: Math.ceil(expiresAt / 1000) };
    const payload = b64url(JSON.stringify({ iss: this.config.issuer, ...claims, ...times, jti: randomUUID() }));
    const signature = createHmac('sha256', this.signingKey).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  }

  /** Issues an OAuth access token (a JWT) for the client; the client's previous token stops working. */
  issueOauth(clientId: string, ttlSeconds = this.config.tokenTtlSeconds): TokenRecord {
    const issuedAt = Date.now();
    const expiresAt = issuedAt + ttlSeconds * 1000;
    const token = this.jwt({ sub: clientId, client_id: clientId }, issuedAt, expiresAt);
    const previous = this.currentByClient.get(clientId);
    if (previous !== undefined) this.supersede(previous);
    const record: TokenRecord = { token, kind: 'oauth', clientId, issuedAt, expiresAt, status: 'active' };
    this.tokens.set(token, record);
    this.currentByClient.set(clientId, token);
    return record;
  }

  /** Issues the access token (a JWT, `sub` = the user id) of a browser sign-in. */
  issueUser(clientId: string, userId: number, scope: string, ttlSeconds: number): TokenRecord {
    const issuedAt = Date.now();
    const expiresAt = issuedAt + ttlSeconds * 1000;
    const token = this.jwt({ sub: String(userId), client_id: clientId, scope }, issuedAt, expiresAt);
    const record: TokenRecord = { token, kind: 'user', clientId, userId, scope, issuedAt, expiresAt, status: 'active' };
    this.tokens.set(token, record);
    return record;
  }

  /** Issues an API access token. Earlier ones stay valid. */
  issueApi(userId: number, ttlSeconds = this.config.apiTokenTtlSeconds, token = randomToken(36)): TokenRecord {
    const issuedAt = Date.now();
    const record: TokenRecord = { token, kind: 'api', userId, issuedAt, expiresAt: issuedAt + ttlSeconds * 1000, status: 'active' };
    this.tokens.set(token, record);
    return record;
  }

  /** The record of an access token, or undefined. */
  get(token: string): TokenRecord | undefined {
    return this.tokens.get(token);
  }

  check(token: string): { ok: true; record: TokenRecord } | { ok: false; reason: AuthFailureReason } {
    const record = this.tokens.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.status === 'superseded') return { ok: false, reason: 'superseded' };
    if (record.status === 'revoked') return { ok: false, reason: 'revoked' };
    if (Date.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, record };
  }

  /** Marks an active token superseded (a newer one replaced it). */
  supersede(token: string): void {
    const record = this.tokens.get(token);
    if (record && record.status === 'active') record.status = 'superseded';
  }

  /** Makes a token expired now. Returns false for an unknown token. */
  expire(token: string): boolean {
    const record = this.tokens.get(token);
    if (!record) return false;
    record.expiresAt = Math.min(record.expiresAt, Date.now() - 1);
    return true;
  }

  /** Makes every unexpired token of this kind expired now; returns how many. */
  expireKind(kind: TokenKind): number {
    let n = 0;
    for (const record of this.tokens.values()) {
      if (record.kind !== kind || Date.now() >= record.expiresAt) continue;
      record.expiresAt = Date.now() - 1;
      n += 1;
    }
    return n;
  }

  revoke(token: string): boolean {
    const record = this.tokens.get(token);
    if (!record) return false;
    record.status = 'revoked';
    return true;
  }

  expireRefreshToken(): void {
    this.refreshTokenRevoked = true;
  }

  list(): TokenRecord[] {
    return [...this.tokens.values()].map((r) => ({ ...r }));
  }

  clientMatches(id: string, secret: string): boolean {
    return safeEqual(id, this.config.clientId) && safeEqual(secret, this.config.clientSecret);
  }

  refreshMatches(refreshToken: string, userId: number): 'ok' | 'invalid' | 'expired' {
    if (!safeEqual(refreshToken, this.config.refreshToken) || userId !== this.config.userId) return 'invalid';
    if (this.refreshTokenRevoked || Date.now() >= this.refreshTokenExpiresAt) return 'expired';
    return 'ok';
  }

  get tokenTtlSeconds(): number {
    return this.config.tokenTtlSeconds;
  }
}

/** OAuth error body `{error, error_description, code}` (code: the HTTP status). */
export function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description, code: status }, { 'cache-control': 'no-store' });
}

/** A token endpoint's form body, or the 400 for a body that is not form-encoded. */
export function tokenForm(
  headers: IncomingHttpHeaders,
  rawBody: string,
): { ok: true; form: URLSearchParams } | { ok: false; reply: Reply } {
  const contentType = (headers['content-type'] ?? '').toLowerCase();
  if (rawBody.trim() !== '' && !contentType.startsWith('application/x-www-form-urlencoded')) {
    return { ok: false, reply: oauthError(400, 'invalid_request', 'The request body must be application/x-www-form-urlencoded') };
  }
  return { ok: true, form: new URLSearchParams(rawBody) };
}

/**
 * The client's id and secret: from HTTP Basic (URL-encoded parts, RFC 6749 2.3.1) when sent, else
 * from the form. Undefined for malformed Basic credentials.
 */
export function clientCredentials(
  headers: IncomingHttpHeaders,
  form: URLSearchParams,
): { id: string | null; secret: string | null } | undefined {
  const authz = headers.authorization;
  if (typeof authz !== 'string' || !/^\s*Basic\s+/i.test(authz)) return { id: form.get('client_id'), secret: form.get('client_secret') };
  const decoded = Buffer.from(authz.replace(/^\s*Basic\s+/i, '').trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
}

/** POST /oauth/v2/token/ (client credentials) */
export function handleOauthToken(store: AuthStore, headers: IncomingHttpHeaders, rawBody: string): Reply {
  const parsed = tokenForm(headers, rawBody);
  if (!parsed.ok) return parsed.reply;
  const grantType = parsed.form.get('grant_type');
  if (grantType === null || grantType === '') {
    return oauthError(400, 'invalid_request', 'Missing grant_type parameter');
  }
  if (grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: only client_credentials is supported`);
  }
  const client = clientCredentials(headers, parsed.form);
  if (!client) return oauthError(401, 'invalid_client', 'Malformed HTTP Basic credentials');
  if (!client.id || !client.secret) {
    return oauthError(401, 'invalid_client', 'Client authentication failed: client_id and client_secret are required');
  }
  if (!store.clientMatches(client.id, client.secret)) {
    return oauthError(401, 'invalid_client', 'Client authentication failed: unknown client or wrong secret');
  }
  const record = store.issueOauth(client.id);
  return json(
    200,
    { access_token: record.token, token_type: 'Bearer', expires_in: Math.ceil((record.expiresAt - record.issuedAt) / 1000) },
    { 'cache-control': 'no-store' },
  );
}

/** POST /integration/v1/createAPIAccessToken/ */
export function handleCreateApiAccessToken(store: AuthStore, rawBody: string, answerFailed = false): Reply {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return json(400, { detail: 'Request body must be JSON: {"refresh_token": "...", "user_id": N}' });
  }
  if (typeof body !== 'object' || body === null) {
    return json(400, { detail: 'Request body must be a JSON object: {"refresh_token": "...", "user_id": N}' });
  }
  const b = body as Record<string, unknown>;
  const missing: Record<string, string[]> = {};
  if (typeof b.refresh_token !== 'string' || b.refresh_token === '') missing.refresh_token = ['This field is required.'];
  const userId =
    typeof b.user_id === 'number' ? b.user_id : typeof b.user_id === 'string' && /^\d+$/.test(b.user_id) ? Number(b.user_id) : undefined;
  if (userId === undefined) missing.user_id = ['A valid integer is required.'];
  if (Object.keys(missing).length > 0) return json(400, missing);
  // The shape Alation's SDK checks for besides HTTP errors (api.py); the message is the fake's.
  if (answerFailed) return json(200, { status: 'failed', message: 'Failed to create an API access token for this user' });
  const match = store.refreshMatches(b.refresh_token as string, userId!);
  if (match === 'invalid') return json(401, { detail: 'Invalid refresh token or user id' });
  if (match === 'expired') return json(401, { detail: 'Refresh token has expired or has been revoked' });
  const record = store.issueApi(userId!);
  return json(201, {
    api_access_token: record.token,
    user_id: userId,
    created_at: new Date(record.issuedAt).toISOString(),
    token_expires_at: new Date(record.expiresAt).toISOString(),
    token_status: 'ACTIVE',
  });
}
