// Tenant authentication: one token per tenant, shared by every call, renewed single-flight
// (asking Alation for a new OAuth token invalidates the previous one, and a browser sign-in's
// refresh token may rotate, so two renewals racing would leave one caller holding a dead token).
import { AppError } from '../../src-shared/errors';
import { jwtExpiry } from '../../src-shared/jwt';
import type { AuthMethod } from '../../src-shared/tenant-profile';
import type { RawResponse } from './errors';
import type { AuthHooks } from './http';
import { tenantSaysExpired } from './refusals';
import { abortable } from './signals';
import {
  clientCredentialsToken,
  createApiAccessToken,
  refreshGrantToken,
  signInRequired,
  type ObtainedToken,
  type TokenRequestDeps,
} from './token-requests';

/** What a tenant client authenticates with. Every AI API call carries `Authorization: Bearer`. */
export type TenantAuth =
  /** OAuth client credentials (`/oauth/v2/token/`, grant client_credentials). */
  | { method: 'oauth'; clientId: string; clientSecret: string }
  /**
   * Browser sign-in (authorization code + PKCE, done by `src-main/signin/`): the client renews its
   * access token with `grant_type=refresh_token` at `tokenEndpoint` (discovered; the documented
   * `/oauth/v1/token/` when absent). A rotated refresh token is handed to `onRefreshTokenRotated`
   * (which stores it in the keychain) before the new access token is used. A refused or expired
   * refresh token fails with AppError code `sign_in_required`.
   */
  | {
      method: 'browser';
      clientId: string;
      /** Only for a confidential client. */
      clientSecret?: string;
      refreshToken: string;
      tokenEndpoint?: string;
      onRefreshTokenRotated?: (refreshToken: string) => Promise<void>;
      /** The access token the sign-in just obtained (memory only), used until it is due for renewal. */
      initialAccessToken?: { value: string; expiresAt?: number };
    }
  /** A Bearer token pasted by the admin (often a JWT with `exp`); it cannot be renewed. */
  | { method: 'bearer'; token: string }
  /** Legacy: an API access token. Sent as Bearer to the AI API (Alation's own clients do). */
  | { method: 'apiToken'; token: string }
  /** Legacy: refresh token + user id, traded at `/integration/v1/createAPIAccessToken/` (TOKEN header there). */
  | { method: 'refreshToken'; refreshToken: string; userId: string };

export type { AuthMethod };
export { BROWSER_TOKEN_PATH, CREATE_API_TOKEN_PATH, NOT_SIGNED_IN, OAUTH_TOKEN_PATH, SIGN_IN_AGAIN } from './token-requests';

export interface AuthenticateResult {
  method: AuthMethod;
  /** When the token expires (ms since epoch), when the tenant (or the JWT's `exp`) said. */
  expiresAt?: number;
}

/** What the tenant's 401 told about the token, for the message. */
export interface UnauthorizedFacts {
  /** The tenant said the token has expired: only then would a new token of the same kind help. */
  tenantSaysExpired?: boolean;
  /** A pasted Bearer token's own `exp`, when it has passed (ms since epoch). */
  expiredAt?: number;
}

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const OAUTH_ONLY =
  "Alation's AI API may accept only OAuth tokens: switch this profile to " +
  'Sign in with the browser, or to an OAuth client (client credentials).';

/** What a 401 from the AI API means for each method (after any renewal), and what to do about it. */
export function unauthorizedMessage(method: AuthMethod, facts: UnauthorizedFacts = {}): string {
  switch (method) {
    case 'oauth':
      return (
        'The tenant rejected the OAuth access token (401), even a freshly issued one. Check that this OAuth ' +
        'client application may use the Alation AI API (ask the tenant admin), then test the connection again.'
      );
    case 'browser':
      return (
        'The tenant rejected the access token of your browser sign-in (401), even a freshly renewed one. Check ' +
        'that the OAuth client application may use the Alation AI API (ask the tenant admin), then sign in again.'
      );
    case 'bearer':
      return facts.expiredAt !== undefined || facts.tenantSaysExpired
        ? `The tenant rejected the pasted Bearer token (401): it expired` +
            `${facts.expiredAt !== undefined ? ` on ${utc(facts.expiredAt)}` : ''}. ` +
            `Paste a new one, or switch this profile to Sign in with the browser, which renews its token by itself.`
        : 'The tenant rejected the pasted Bearer token (401): it may have been revoked, or made for another tenant or ' +
            'client. Paste another one, or switch this profile to Sign in with the browser, which renews its token by itself.';
    case 'apiToken':
      return facts.tenantSaysExpired
        ? 'The tenant says the API access token has expired (they last 24 hours by default). Create a new one in Alation ' +
            'under your account settings (Authentication) and paste it into this profile, ' +
            'or switch to Sign in with the browser, which renews its token by itself.'
        : `The tenant refused the API access token on its AI API (401). ${OAUTH_ONLY}`;
    case 'refreshToken':
      // The client has just made a fresh API access token from the refresh token: another would fare no better.
      return `The tenant refused the API access token made from this profile's refresh token (401), even a fresh one. ${OAUTH_ONLY}`;
  }
}

/** The secrets a profile's auth holds, to blank out of anything the server says back. */
export function authSecrets(auth: TenantAuth): string[] {
  switch (auth.method) {
    case 'oauth':
      return [auth.clientSecret];
    case 'browser':
      return [auth.refreshToken, auth.clientSecret ?? '', auth.initialAccessToken?.value ?? ''].filter((s) => s !== '');
    case 'bearer':
    case 'apiToken':
      return [auth.token];
    case 'refreshToken':
      return [auth.refreshToken];
  }
}

export function checkAuth(auth: TenantAuth): void {
  const missing = (path: string, what: string) =>
    new AppError('validation', `${what} is missing in this profile.`, { fields: [{ path, message: `${what} is required.` }] });
  switch (auth.method) {
    case 'oauth':
      if (auth.clientId.trim() === '') throw missing('auth.clientId', 'The OAuth client id');
      if (auth.clientSecret === '') throw missing('auth.clientSecret', 'The OAuth client secret');
      return;
    case 'browser':
      // No refresh token yet is a profile not signed in: each call then says "press Sign in".
      if (auth.clientId.trim() === '') throw missing('auth.clientId', 'The OAuth client id');
      return;
    case 'bearer':
      if (auth.token.trim() === '') throw missing('auth.token', 'The Bearer token');
      return;
    case 'apiToken':
      if (auth.token.trim() === '') throw missing('auth.token', 'The API access token');
      return;
    case 'refreshToken':
      if (auth.refreshToken.trim() === '') throw missing('auth.refreshToken', 'The refresh token');
      if (auth.userId.trim() === '') throw missing('auth.userId', 'The user id');
  }
}

interface Token {
  value: string;
  expiresAt?: number;
  /** Past this instant the token is renewed before use. */
  refreshAt?: number;
}

interface Flight {
  generation: number;
  promise: Promise<Token>;
  controller: AbortController;
  waiters: number;
}

export type TokenManagerDeps = TokenRequestDeps;

/** Renew this long before expiry: 10% of the lifetime, at most a minute. */
function refreshInstant(obtainedAt: number, expiresAt: number): number | undefined {
  const lifetime = expiresAt - obtainedAt;
  // A lifetime <= 0 means clocks disagree; then only a 401 triggers a renewal, never a loop.
  if (!(lifetime > 0)) return undefined;
  return expiresAt - Math.min(60_000, lifetime * 0.1);
}

/** Methods whose token the client can renew by itself; a pasted token is what it is. */
const RENEWABLE = new Set<AuthMethod>(['oauth', 'browser', 'refreshToken']);

export class TokenManager implements AuthHooks {
  private current: Token | undefined;
  private flight: Flight | undefined;
  private generation = 0;
  /** A browser sign-in's refresh token as it is now (the tenant may rotate it on each renewal). */
  private refreshToken: string;

  constructor(
    private readonly auth: TenantAuth,
    private readonly deps: TokenManagerDeps,
  ) {
    this.refreshToken = auth.method === 'browser' || auth.method === 'refreshToken' ? auth.refreshToken : '';
    if (auth.method === 'browser' && auth.initialAccessToken) {
      const { value } = auth.initialAccessToken;
      deps.remember('token', value);
      const expiresAt = auth.initialAccessToken.expiresAt ?? jwtExpiry(value);
      // One already past its end is not held: the first call renews instead of collecting a 401.
      if (expiresAt === undefined || expiresAt > deps.now()) this.current = this.token(value, deps.now(), expiresAt);
    }
  }

  get method(): AuthMethod {
    return this.auth.method;
  }

  async headers(signal: AbortSignal, path: string): Promise<{ headers: Record<string, string>; token?: string }> {
    const auth = this.auth;
    const token = auth.method === 'bearer' || auth.method === 'apiToken' ? auth.token : (await this.valid(signal)).value;
    // Alation's SDK sends its legacy token in `TOKEN` to /integration/ routes only; the AI API takes Bearer.
    const legacy = auth.method === 'apiToken' || auth.method === 'refreshToken';
    return { headers: legacy && path.startsWith('/integration/') ? { TOKEN: token } : { authorization: `Bearer ${token}` }, token };
  }

  async refresh(used: string | undefined, signal: AbortSignal): Promise<boolean> {
    if (!RENEWABLE.has(this.auth.method)) return false;
    // Only the first 401 for a token drops it; later ones find a newer token (or its flight) and reuse it.
    if (this.current !== undefined && this.current.value === used) this.current = undefined;
    await this.valid(signal);
    return true;
  }

  /** Drops the token held (another client superseded it); the next call gets a new one. */
  forget(): void {
    this.current = undefined;
  }

  /** Gets a fresh token now (joining one already on its way), or with `reuseValid` the one held while it is valid. */
  async authenticate(signal: AbortSignal, reuseValid = false): Promise<AuthenticateResult> {
    const auth = this.auth;
    if (auth.method === 'apiToken') return { method: 'apiToken' };
    if (auth.method === 'bearer') {
      const expiresAt = jwtExpiry(auth.token);
      return expiresAt !== undefined ? { method: 'bearer', expiresAt } : { method: 'bearer' };
    }
    if (this.flight === undefined && !reuseValid) this.current = undefined;
    const token = await this.valid(signal);
    return token.expiresAt !== undefined ? { method: auth.method, expiresAt: token.expiresAt } : { method: auth.method };
  }

  /** The message for the tenant's final 401 on an AI API call. */
  unauthorized(res: RawResponse): string {
    const auth = this.auth;
    const exp = auth.method === 'bearer' ? jwtExpiry(auth.token) : undefined;
    return unauthorizedMessage(auth.method, {
      tenantSaysExpired: tenantSaysExpired(res),
      ...(exp !== undefined && exp <= this.deps.now() ? { expiredAt: exp } : {}),
    });
  }

  private valid(signal: AbortSignal): Promise<Token> {
    const cur = this.current;
    if (cur && (cur.refreshAt === undefined || this.deps.now() < cur.refreshAt)) return Promise.resolve(cur);
    return this.join(signal);
  }

  /**
   * Waits for the one token request in flight, starting it when there is none. The request is
   * aborted only when every waiter has given up, so one cancelled caller does not fail the others;
   * a browser renewal is never aborted: the tenant may already have rotated the refresh token, and
   * the answer that carries the new one must not be lost.
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
        promise: this.fetchToken(controller.signal).then((token) => {
          if (generation === this.generation) this.current = token;
          return token;
        }),
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
      if (f.waiters === 0 && this.auth.method !== 'browser') {
        if (this.flight === f) this.flight = undefined;
        f.controller.abort();
      }
    }).finally(leave);
  }

  private async fetchToken(signal: AbortSignal): Promise<Token> {
    const auth = this.auth;
    const obtainedAt = this.deps.now();
    let got: ObtainedToken;
    switch (auth.method) {
      case 'oauth':
        got = await clientCredentialsToken(auth, this.deps, signal);
        break;
      case 'refreshToken':
        got = await createApiAccessToken({ refreshToken: this.refreshToken, userId: auth.userId }, this.deps, signal);
        break;
      case 'browser':
        // Never signed in, or signed in without a refresh token that has since run out.
        if (this.refreshToken === '') throw signInRequired(auth.initialAccessToken !== undefined);
        got = await refreshGrantToken(auth, this.refreshToken, this.deps, signal);
        if (got.rotatedRefreshToken !== undefined) {
          // Held first (the old one may be dead already), then stored, and only then is the new token used.
          this.refreshToken = got.rotatedRefreshToken;
          await auth.onRefreshTokenRotated?.(got.rotatedRefreshToken);
        }
        break;
      default:
        throw new AppError('internal', 'A pasted token cannot be renewed.');
    }
    return this.token(got.value, obtainedAt, got.expiresAt);
  }

  private token(value: string, obtainedAt: number, expiresAt: number | undefined): Token {
    if (expiresAt === undefined) return { value };
    const refreshAt = refreshInstant(obtainedAt, expiresAt);
    return refreshAt === undefined ? { value, expiresAt } : { value, expiresAt, refreshAt };
  }
}
