// Tenant authentication: one token per tenant, shared by every call, refreshed single-flight
// (asking Alation for a new OAuth token invalidates the previous one, so two refreshes racing would
// leave one caller holding a dead token).
import { AppError } from '../../src-shared/errors';
import type { AuthMethod } from '../../src-shared/tenant-profile';
import type { Logger } from '../log/logger';
import { tryParseJson } from '../../src-shared/json';
import { header, httpError, parseAnswer, serverMessage, type CallSite, type RawResponse, type Sanitize } from './errors';
import type { AuthHooks, HttpTransport } from './http';
import { abortable } from './signals';
import { apiAccessTokenSchema, oauthTokenSchema } from './types';

export type TenantAuth =
  | { method: 'oauth'; clientId: string; clientSecret: string }
  | { method: 'apiToken'; token: string }
  | { method: 'refreshToken'; refreshToken: string; userId: string };

export type { AuthMethod };

export interface AuthenticateResult {
  method: AuthMethod;
  /** When the token expires (ms since epoch), when the tenant said. */
  expiresAt?: number;
}

export const OAUTH_TOKEN_PATH = '/oauth/v2/token/';
export const CREATE_API_TOKEN_PATH = '/integration/v1/createAPIAccessToken/';

/** What a 401 from the AI API means for each method, and what to do about it. */
export function unauthorizedMessage(method: AuthMethod): string {
  switch (method) {
    case 'oauth':
      return 'The tenant rejected the OAuth access token (401), even a freshly issued one. Check that this OAuth client application may use the Alation AI API (ask the tenant admin), then test the connection again.';
    case 'apiToken':
      return "The tenant rejected the API access token (401): it has expired (they last 24 hours by default) or was revoked. Create a new API access token in Alation under your account settings (Authentication) and paste it into this profile.";
    case 'refreshToken':
      return "The tenant rejected the access token made from this profile's refresh token (401). The tenant may not accept TOKEN authentication for the AI API: use OAuth client credentials, or create a new refresh token in Alation.";
  }
}

/** The secrets a profile's auth holds, to blank out of anything the server says back. */
export function authSecrets(auth: TenantAuth): string[] {
  switch (auth.method) {
    case 'oauth':
      return [auth.clientSecret];
    case 'apiToken':
      return [auth.token];
    case 'refreshToken':
      return [auth.refreshToken];
  }
}

export function checkAuth(auth: TenantAuth): void {
  const missing = (path: string, what: string) =>
    new AppError('validation', `${what} is missing in this profile.`, { fields: [{ path, message: `${what} is required.` }] });
  if (auth.method === 'oauth') {
    if (auth.clientId.trim() === '') throw missing('auth.clientId', 'The OAuth client id');
    if (auth.clientSecret === '') throw missing('auth.clientSecret', 'The OAuth client secret');
  } else if (auth.method === 'apiToken') {
    if (auth.token.trim() === '') throw missing('auth.token', 'The API access token');
  } else {
    if (auth.refreshToken.trim() === '') throw missing('auth.refreshToken', 'The refresh token');
    if (auth.userId.trim() === '') throw missing('auth.userId', 'The user id');
  }
}

interface Token {
  value: string;
  expiresAt?: number;
  /** Past this instant the token is refreshed before use. */
  refreshAt?: number;
}

interface Flight {
  generation: number;
  promise: Promise<Token>;
  controller: AbortController;
  waiters: number;
}

export interface TokenManagerDeps {
  transport: HttpTransport;
  now: () => number;
  log: Logger;
  sanitize: Sanitize;
  remember: (secret: string) => void;
}

/** Refresh this long before expiry: 10% of the lifetime, at most a minute. */
function refreshInstant(obtainedAt: number, expiresAt: number): number | undefined {
  const lifetime = expiresAt - obtainedAt;
  // A lifetime <= 0 means clocks disagree; then only a 401 triggers a refresh, never a loop.
  if (!(lifetime > 0)) return undefined;
  return expiresAt - Math.min(60_000, lifetime * 0.1);
}

export class TokenManager implements AuthHooks {
  private current: Token | undefined;
  private flight: Flight | undefined;
  private generation = 0;

  constructor(
    private readonly auth: TenantAuth,
    private readonly deps: TokenManagerDeps,
  ) {}

  get method(): AuthMethod {
    return this.auth.method;
  }

  async headers(signal: AbortSignal): Promise<{ headers: Record<string, string>; token?: string }> {
    if (this.auth.method === 'apiToken') return { headers: { TOKEN: this.auth.token }, token: this.auth.token };
    const token = await this.valid(signal);
    return {
      headers: this.auth.method === 'oauth' ? { authorization: `Bearer ${token.value}` } : { TOKEN: token.value },
      token: token.value,
    };
  }

  async refresh(used: string | undefined, signal: AbortSignal): Promise<boolean> {
    if (this.auth.method === 'apiToken') return false;
    // Only the first 401 for a token drops it; later ones find a newer token (or its flight) and reuse it.
    if (this.current !== undefined && this.current.value === used) this.current = undefined;
    await this.valid(signal);
    return true;
  }

  /** Drops the token held (another client superseded it); the next call fetches a new one. */
  forget(): void {
    this.current = undefined;
  }

  /** Gets a fresh token now (joining one already on its way), or with `reuseValid` the one held while it is valid. */
  async authenticate(signal: AbortSignal, reuseValid = false): Promise<AuthenticateResult> {
    if (this.auth.method === 'apiToken') return { method: 'apiToken' };
    if (this.flight === undefined && !reuseValid) this.current = undefined;
    const token = await this.valid(signal);
    return token.expiresAt !== undefined ? { method: this.auth.method, expiresAt: token.expiresAt } : { method: this.auth.method };
  }

  private valid(signal: AbortSignal): Promise<Token> {
    const cur = this.current;
    if (cur && (cur.refreshAt === undefined || this.deps.now() < cur.refreshAt)) return Promise.resolve(cur);
    return this.join(signal);
  }

  /**
   * Waits for the one token request in flight, starting it when there is none. The request is
   * aborted only when every waiter has given up, so one cancelled caller does not fail the others.
   */
  private join(signal: AbortSignal): Promise<Token> {
    let flight = this.flight;
    if (flight === undefined) {
      const controller = new AbortController();
      const generation = ++this.generation;
      const started: Flight = {
        generation,
        controller,
        waiters: 0,
        promise: this.fetchToken(controller.signal).then(
          (token) => {
            if (generation === this.generation) this.current = token;
            return token;
          },
        ),
      };
      started.promise
        .finally(() => {
          if (this.flight === started) this.flight = undefined;
        })
        .catch(() => undefined);
      this.flight = started;
      flight = started;
    }
    const f = flight;
    f.waiters += 1;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      f.waiters -= 1;
    };
    return abortable(f.promise, signal, () => {
      leave();
      if (f.waiters === 0) {
        if (this.flight === f) this.flight = undefined;
        f.controller.abort();
      }
    }).finally(leave);
  }

  private async fetchToken(signal: AbortSignal): Promise<Token> {
    const auth = this.auth;
    const obtainedAt = this.deps.now();
    if (auth.method === 'oauth') {
      const { res } = await this.deps.transport.send(
        {
          method: 'POST',
          path: OAUTH_TOKEN_PATH,
          form: { grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret },
        },
        { signal },
      );
      const site = this.site(OAUTH_TOKEN_PATH);
      if (res.status < 200 || res.status >= 300) throw this.oauthError(res, site);
      const body = parseAnswer(res, oauthTokenSchema, site);
      this.deps.remember(body.access_token);
      const expiresAt = body.expires_in != null ? obtainedAt + body.expires_in * 1000 : undefined;
      this.deps.log.info('alation.token', { method: 'oauth', expiresInS: body.expires_in ?? null });
      return this.token(body.access_token, obtainedAt, expiresAt);
    }
    if (auth.method === 'refreshToken') {
      const userId = /^\d+$/.test(auth.userId.trim()) ? Number(auth.userId.trim()) : auth.userId;
      const { res } = await this.deps.transport.send(
        { method: 'POST', path: CREATE_API_TOKEN_PATH, json: { refresh_token: auth.refreshToken, user_id: userId } },
        { signal },
      );
      const site = this.site(CREATE_API_TOKEN_PATH);
      if (res.status < 200 || res.status >= 300) throw this.refreshError(res, site);
      const body = parseAnswer(res, apiAccessTokenSchema, site);
      this.deps.remember(body.api_access_token);
      // Lifetime from the tenant's own two timestamps, so a skewed local clock does not matter.
      const created = body.created_at ? Date.parse(body.created_at) : NaN;
      const expires = body.token_expires_at ? Date.parse(body.token_expires_at) : NaN;
      let expiresAt: number | undefined;
      if (Number.isFinite(expires)) expiresAt = Number.isFinite(created) ? obtainedAt + (expires - created) : expires;
      this.deps.log.info('alation.token', { method: 'refreshToken', expiresInS: expiresAt ? Math.round((expiresAt - obtainedAt) / 1000) : null });
      return this.token(body.api_access_token, obtainedAt, expiresAt);
    }
    throw new AppError('internal', 'An API access token cannot be refreshed.');
  }

  private token(value: string, obtainedAt: number, expiresAt: number | undefined): Token {
    if (expiresAt === undefined) return { value };
    const refreshAt = refreshInstant(obtainedAt, expiresAt);
    return refreshAt === undefined ? { value, expiresAt } : { value, expiresAt, refreshAt };
  }

  private site(path: string): CallSite {
    return { method: 'POST', path, host: this.deps.transport.host };
  }

  private oauthError(res: RawResponse, site: CallSite): AppError {
    const parsed = tryParseJson(res.text);
    const code = parsed.ok && typeof parsed.value === 'object' && parsed.value !== null ? (parsed.value as { error?: unknown }).error : undefined;
    const details = { status: res.status, method: site.method, path: site.path, ...(typeof code === 'string' ? { oauthError: this.deps.sanitize(code) } : {}) };
    if (code === 'invalid_client' || (res.status === 401 && code === undefined)) {
      return new AppError(
        'unauthorized',
        'The tenant rejected the OAuth client id or client secret. Check both in this profile; if the secret was regenerated in Alation, paste the new one.',
        details,
      );
    }
    if (code === 'unauthorized_client' || code === 'unsupported_grant_type' || code === 'invalid_grant') {
      return new AppError(
        'unauthorized',
        'The tenant does not let this OAuth client use the client credentials grant. Ask the tenant admin to allow it for the client application, or use another client.',
        details,
      );
    }
    if (res.status === 404) {
      return new AppError(
        'not_found',
        'This tenant has no OAuth token endpoint (/oauth/v2/token/ answered 404). It may be an older deployment: use an API access token or a refresh token in this profile instead.',
        details,
      );
    }
    return httpError(res, { ...site, sanitize: this.deps.sanitize, unauthorized: unauthorizedMessage('oauth') });
  }

  private refreshError(res: RawResponse, site: CallSite): AppError {
    const details = { status: res.status, method: site.method, path: site.path };
    if (res.status === 401 || res.status === 403) {
      const parsed = tryParseJson(res.text);
      const said = serverMessage(parsed.ok ? parsed.value : undefined, this.deps.sanitize);
      return new AppError(
        'unauthorized',
        `The tenant rejected the refresh token or user id${said ? ` ("${said}")` : ''}. Refresh tokens expire (60 days by default) and can be revoked: create a new one in Alation under your account settings, and check the user id in this profile.`,
        details,
      );
    }
    if (res.status === 404 && !header(res, 'content-type')?.includes('json')) {
      return new AppError(
        'not_found',
        'This tenant has no createAPIAccessToken endpoint (404). Use OAuth client credentials or an API access token in this profile instead.',
        details,
      );
    }
    return httpError(res, { ...site, sanitize: this.deps.sanitize, unauthorized: unauthorizedMessage('refreshToken') });
  }
}
