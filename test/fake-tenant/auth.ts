// Tokens of the fake tenant: OAuth client credentials, API access tokens, refresh token.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { json, type Reply } from './http-util';

export type TokenKind = 'oauth' | 'api';
export type TokenStatus = 'active' | 'superseded' | 'revoked';

export interface TokenRecord {
  token: string;
  kind: TokenKind;
  clientId?: string;
  userId?: number;
  issuedAt: number; // ms epoch
  expiresAt: number; // ms epoch
  status: TokenStatus;
}

export type AuthFailureReason = 'missing' | 'unknown' | 'expired' | 'superseded' | 'revoked';

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

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export class AuthStore {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly currentByClient = new Map<string, string>();
  private readonly signingKey = randomBytes(32);
  private readonly refreshTokenExpiresAt: number;
  private refreshTokenRevoked = false;

  constructor(private readonly config: AuthConfig) {
    this.refreshTokenExpiresAt = Date.now() + config.refreshTokenTtlSeconds * 1000;
  }

  /** Issues an OAuth access token (a JWT) for the client; the client's previous token stops working. */
  issueOauth(clientId: string, ttlSeconds = this.config.tokenTtlSeconds): TokenRecord {
    const issuedAt = Date.now();
    const expiresAt = issuedAt + ttlSeconds * 1000;
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(
      JSON.stringify({
        iss: this.config.issuer,
        sub: clientId,
        client_id: clientId,
        iat: Math.floor(issuedAt / 1000),
        exp: Math.ceil(expiresAt / 1000),
        jti: randomUUID(),
      }),
    );
    const signature = createHmac('sha256', this.signingKey).update(`${header}.${payload}`).digest('base64url');
    const token = `${header}.${payload}.${signature}`;
    const previous = this.currentByClient.get(clientId);
    if (previous !== undefined) {
      const rec = this.tokens.get(previous);
      if (rec && rec.status === 'active') rec.status = 'superseded';
    }
    const record: TokenRecord = { token, kind: 'oauth', clientId, issuedAt, expiresAt, status: 'active' };
    this.tokens.set(token, record);
    this.currentByClient.set(clientId, token);
    return record;
  }

  /** Issues an API access token (the `TOKEN` header kind). Earlier ones stay valid. */
  issueApi(userId: number, ttlSeconds = this.config.apiTokenTtlSeconds, token = randomToken(36)): TokenRecord {
    const issuedAt = Date.now();
    const record: TokenRecord = { token, kind: 'api', userId, issuedAt, expiresAt: issuedAt + ttlSeconds * 1000, status: 'active' };
    this.tokens.set(token, record);
    return record;
  }

  check(token: string): { ok: true; record: TokenRecord } | { ok: false; reason: AuthFailureReason } {
    const record = this.tokens.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.status === 'superseded') return { ok: false, reason: 'superseded' };
    if (record.status === 'revoked') return { ok: false, reason: 'revoked' };
    if (Date.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, record };
  }

  /** Makes a token expired now. Returns false for an unknown token. */
  expire(token: string): boolean {
    const record = this.tokens.get(token);
    if (!record) return false;
    record.expiresAt = Math.min(record.expiresAt, Date.now() - 1);
    return true;
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

const AUTH_MESSAGES: Record<AuthFailureReason, string> = {
  missing: 'Not authenticated: send "Authorization: Bearer <token>" or "TOKEN: <token>"',
  unknown: 'Invalid token: the token is not known to this tenant',
  expired: 'Token expired: get a new token',
  superseded: 'Token superseded: a newer token was issued for this client, which invalidates this one',
  revoked: 'Token revoked',
};

/** 401 for /ai/api/v1: `{detail, reason}` where reason is missing|unknown|expired|superseded|revoked. */
export function authFailure(reason: AuthFailureReason): Reply {
  return json(
    401,
    { detail: AUTH_MESSAGES[reason], reason },
    { 'www-authenticate': reason === 'missing' ? 'Bearer' : `Bearer error="invalid_token", error_description="${reason}"` },
  );
}

/** Token from `Authorization: Bearer ...`, else from the `TOKEN` header. */
export function tokenFromHeaders(headers: IncomingHttpHeaders): string | undefined {
  const authz = headers.authorization;
  if (typeof authz === 'string') {
    const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(authz);
    if (m?.[1]) return m[1];
  }
  const token = headers.token;
  const t = Array.isArray(token) ? token[0] : token;
  if (typeof t === 'string' && t.trim() !== '') return t.trim();
  return undefined;
}

/** OAuth error body `{error, error_description, code}` (code: the HTTP status). */
export function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description, code: status }, { 'cache-control': 'no-store' });
}

/** POST /oauth/v2/token/ */
export function handleOauthToken(store: AuthStore, headers: IncomingHttpHeaders, rawBody: string): Reply {
  const contentType = (headers['content-type'] ?? '').toLowerCase();
  if (rawBody.trim() !== '' && !contentType.startsWith('application/x-www-form-urlencoded')) {
    return oauthError(400, 'invalid_request', 'The request body must be application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(rawBody);
  const grantType = form.get('grant_type');
  if (grantType === null || grantType === '') {
    return oauthError(400, 'invalid_request', 'Missing grant_type parameter');
  }
  if (grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: only client_credentials is supported`);
  }
  let clientId: string | null = null;
  let clientSecret: string | null = null;
  const authz = headers.authorization;
  if (typeof authz === 'string' && /^\s*Basic\s+/i.test(authz)) {
    const decoded = Buffer.from(authz.replace(/^\s*Basic\s+/i, '').trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return oauthError(401, 'invalid_client', 'Malformed HTTP Basic credentials');
    try {
      clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } catch {
      clientId = decoded.slice(0, colon);
      clientSecret = decoded.slice(colon + 1);
    }
  } else {
    clientId = form.get('client_id');
    clientSecret = form.get('client_secret');
  }
  if (!clientId || !clientSecret) {
    return oauthError(401, 'invalid_client', 'Client authentication failed: client_id and client_secret are required');
  }
  if (!store.clientMatches(clientId, clientSecret)) {
    return oauthError(401, 'invalid_client', 'Client authentication failed: unknown client or wrong secret');
  }
  const record = store.issueOauth(clientId);
  return json(
    200,
    { access_token: record.token, token_type: 'Bearer', expires_in: Math.ceil((record.expiresAt - record.issuedAt) / 1000) },
    { 'cache-control': 'no-store' },
  );
}

/** POST /integration/v1/createAPIAccessToken/ */
export function handleCreateApiAccessToken(store: AuthStore, rawBody: string): Reply {
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
  const userId = typeof b.user_id === 'number' ? b.user_id : typeof b.user_id === 'string' && /^\d+$/.test(b.user_id) ? Number(b.user_id) : undefined;
  if (userId === undefined) missing.user_id = ['A valid integer is required.'];
  if (Object.keys(missing).length > 0) return json(400, missing);
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
