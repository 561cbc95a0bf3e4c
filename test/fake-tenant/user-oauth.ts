// Browser sign-in state: OAuth client applications, pending consents, authorization codes, rotating refresh tokens.
import { createHash } from 'node:crypto';
import { randomToken, safeEqual, type AuthStore, type TokenRecord } from './auth';

export interface OAuthApp {
  clientId: string;
  /** Confidential apps have one; public apps none. */
  clientSecret?: string;
  redirectUris: string[];
  pkceRequired: boolean;
}

/** What a registration asks for (programmatic form). */
export interface OAuthAppRequest {
  clientId?: string;
  /** Confidential: the tenant makes a secret (or takes `clientSecret`). */
  confidential?: boolean;
  clientSecret?: string;
  redirectUris: string[];
  /** Default true; public apps always require PKCE. */
  pkceRequired?: boolean;
}

/** An authorization request waiting for the user's Allow or Deny. */
export interface PendingConsent {
  id: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string | null;
  codeChallenge: string | null;
  expiresAt: number;
}

interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge: string | null;
  expiresAt: number;
  used: boolean;
}

interface RefreshRecord extends TokenRecord {
  /** The access token issued with it; a refresh supersedes that token. */
  accessToken: string;
}

export type GrantResult =
  { ok: true; access: TokenRecord; refresh: TokenRecord } | { ok: false; status: number; error: string; description: string };

export interface UserOAuthConfig {
  userId: number;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

/** Authorization codes last 60 s (fake's choice, a common value). */
export const CODE_TTL_MS = 60_000;
/** A consent page can be answered for 10 minutes (fake's choice). */
const CONSENT_TTL_MS = 10 * 60_000;
export const DEFAULT_SCOPE = 'openid profile email';

/** Why a redirect URI cannot be registered, or undefined. Alation: http only for localhost and 127.0.0.1. */
export function redirectUriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `"${uri}" is not an absolute URI`;
  }
  if (url.hash !== '') return `"${uri}": a redirect URI has no fragment`;
  if (url.protocol === 'http:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1')
    return `"${uri}": http redirect URIs are allowed only for localhost or 127.0.0.1; use https`;
  return undefined;
}

const fail = (status: number, error: string, description: string): GrantResult => ({ ok: false, status, error, description });

/** The S256 challenge of a verifier (RFC 7636 4.2). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export class UserOAuthStore {
  private readonly apps = new Map<string, OAuthApp>();
  private readonly consents = new Map<string, PendingConsent>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();

  constructor(
    private readonly config: UserOAuthConfig,
    private readonly auth: AuthStore,
  ) {}

  /** Registers an app; throws for a redirect URI Alation would refuse or a client id in use. */
  register(request: OAuthAppRequest): OAuthApp {
    const clientId = request.clientId ?? `fake-oauth-app-${randomToken(6)}`;
    if (this.apps.has(clientId)) throw new Error(`An OAuth client application "${clientId}" is already registered`);
    if (request.redirectUris.length === 0) throw new Error('An OAuth client application needs at least one redirect URI');
    for (const uri of request.redirectUris) {
      const problem = redirectUriProblem(uri);
      if (problem) throw new Error(problem);
    }
    const secret = request.clientSecret ?? (request.confidential ? randomToken(24) : undefined);
    const app: OAuthApp = {
      clientId,
      ...(secret !== undefined ? { clientSecret: secret } : {}),
      redirectUris: [...request.redirectUris],
      pkceRequired: secret === undefined || request.pkceRequired !== false,
    };
    this.apps.set(clientId, app);
    return app;
  }

  app(clientId: string): OAuthApp | undefined {
    return this.apps.get(clientId);
  }

  list(): OAuthApp[] {
    return [...this.apps.values()].map((a) => structuredClone(a));
  }

  openConsent(request: Omit<PendingConsent, 'id' | 'expiresAt'>): PendingConsent {
    const consent: PendingConsent = { ...request, id: randomToken(18), expiresAt: Date.now() + CONSENT_TTL_MS };
    this.consents.set(consent.id, consent);
    return consent;
  }

  /** The consent for this id, once: a second answer finds nothing. */
  takeConsent(id: string): PendingConsent | undefined {
    const consent = this.consents.get(id);
    this.consents.delete(id);
    return consent && Date.now() < consent.expiresAt ? consent : undefined;
  }

  issueCode(consent: PendingConsent): string {
    const code = randomToken(24);
    const { clientId, redirectUri, scope, codeChallenge } = consent;
    this.codes.set(code, { clientId, redirectUri, scope, codeChallenge, expiresAt: Date.now() + CODE_TTL_MS, used: false });
    return code;
  }

  /** grant_type=authorization_code for an authenticated client. Any attempt on a known code uses it up. */
  redeemCode(code: string, clientId: string, redirectUri: string | null, verifier: string | null): GrantResult {
    const record = this.codes.get(code);
    if (!record) return fail(400, 'invalid_grant', 'Invalid authorization code');
    if (record.used) return fail(400, 'invalid_grant', 'The authorization code was already used');
    record.used = true;
    if (Date.now() >= record.expiresAt) return fail(400, 'invalid_grant', 'The authorization code has expired');
    if (record.clientId !== clientId) return fail(400, 'invalid_grant', 'The authorization code was issued to another client');
    if (redirectUri !== record.redirectUri) return fail(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
    if (record.codeChallenge !== null) {
      if (!verifier) return fail(400, 'invalid_request', 'code_verifier is required (PKCE)');
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier))
        return fail(400, 'invalid_request', 'code_verifier must be 43 to 128 unreserved characters');
      if (!safeEqual(s256(verifier), record.codeChallenge))
        return fail(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
    }
    return { ok: true, ...this.issuePair(clientId, record.scope) };
  }

  /** grant_type=refresh_token: rotates (the used token stops working) and supersedes the old access token. */
  refresh(token: string, clientId: string): GrantResult {
    const record = this.refreshTokens.get(token);
    if (!record) return fail(400, 'invalid_grant', 'Invalid refresh token');
    if (record.clientId !== clientId) return fail(400, 'invalid_grant', 'The refresh token was issued to another client');
    if (record.status === 'superseded') return fail(400, 'invalid_grant', 'The refresh token was already used (refresh tokens rotate)');
    if (record.status === 'revoked') return fail(400, 'invalid_grant', 'The refresh token has been revoked');
    if (Date.now() >= record.expiresAt) return fail(400, 'invalid_grant', 'The refresh token has expired');
    record.status = 'superseded';
    this.auth.supersede(record.accessToken);
    return { ok: true, ...this.issuePair(clientId, record.scope ?? DEFAULT_SCOPE) };
  }

  private issuePair(clientId: string, scope: string): { access: TokenRecord; refresh: TokenRecord } {
    const { userId, accessTtlSeconds, refreshTtlSeconds } = this.config;
    const access = this.auth.issueUser(clientId, userId, scope, accessTtlSeconds);
    const issuedAt = Date.now();
    const refresh: RefreshRecord = {
      token: randomToken(32),
      kind: 'refresh',
      clientId,
      userId,
      scope,
      issuedAt,
      expiresAt: issuedAt + refreshTtlSeconds * 1000,
      status: 'active',
      accessToken: access.token,
    };
    this.refreshTokens.set(refresh.token, refresh);
    return { access, refresh: publicRecord(refresh) };
  }

  /** Revokes every active refresh token; returns how many. */
  revokeAll(): number {
    let n = 0;
    for (const r of this.refreshTokens.values()) {
      if (r.status !== 'active') continue;
      r.status = 'revoked';
      n += 1;
    }
    return n;
  }

  /** Makes every active, unexpired refresh token expired now; returns how many. */
  expireAll(): number {
    let n = 0;
    for (const r of this.refreshTokens.values()) {
      if (r.status !== 'active' || Date.now() >= r.expiresAt) continue;
      r.expiresAt = Date.now() - 1;
      n += 1;
    }
    return n;
  }

  listRefreshTokens(): TokenRecord[] {
    return [...this.refreshTokens.values()].map(publicRecord);
  }
}

function publicRecord(r: RefreshRecord): TokenRecord {
  const { accessToken: _access, ...rest } = r;
  return { ...rest };
}
