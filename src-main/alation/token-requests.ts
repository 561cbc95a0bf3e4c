// The three ways a tenant client obtains a token, each with what its refusals mean: OAuth client
// credentials, a browser sign-in's refresh token (grant_type=refresh_token), and the legacy
// createAPIAccessToken. Every token obtained is handed to `remember` before anything else sees it.
import { AppError, type ErrorDetails } from '../../src-shared/errors';
import { jwtExpiry } from '../../src-shared/jwt';
import type { Logger } from '../log/logger';
import {
  header,
  httpError,
  jsonBody,
  looksLikeHtml,
  parseAnswer,
  serverMessage,
  type CallSite,
  type RawResponse,
  type Sanitize,
} from './errors';
import type { HttpTransport } from './http';
import { apiAccessTokenSchema, oauthTokenSchema } from './types';

export const OAUTH_TOKEN_PATH = '/oauth/v2/token/';
/** The documented token URL of user-initiated OAuth clients (browser sign-in), when discovery says none. */
export const BROWSER_TOKEN_PATH = '/oauth/v1/token/';
export const CREATE_API_TOKEN_PATH = '/integration/v1/createAPIAccessToken/';

export const SIGN_IN_AGAIN = 'Your sign-in to this tenant has expired or was revoked. Sign in again.';
export const NOT_SIGNED_IN = 'Not signed in: press Sign in.';

export interface TokenRequestDeps {
  transport: HttpTransport;
  now: () => number;
  log: Logger;
  sanitize: Sanitize;
  /** Registers a secret with the client's scope, in a named slot (a newer value replaces the slot's). */
  remember: (slot: 'token' | 'refreshToken', secret: string) => void;
}

export interface ObtainedToken {
  value: string;
  /** ms since epoch, when the tenant said (or the JWT's `exp`). */
  expiresAt?: number;
  /** A browser sign-in's refresh token, when the tenant rotated it. */
  rotatedRefreshToken?: string;
}

/** Whether the client must sign in with the browser first, or again. */
export function signInRequired(signedInBefore: boolean, details?: ErrorDetails): AppError {
  return new AppError('sign_in_required', signedInBefore ? SIGN_IN_AGAIN : NOT_SIGNED_IN, { ...details, signedIn: signedInBefore });
}

const site = (deps: TokenRequestDeps, path: string): CallSite => ({ method: 'POST', path, host: deps.transport.host });

/** `expires_in` from the answer, else the access token's own `exp` when it is a JWT. */
function expiry(obtainedAt: number, expiresIn: number | null | undefined, token: string): number | undefined {
  return expiresIn != null ? obtainedAt + expiresIn * 1000 : jwtExpiry(token);
}

function oauthCode(res: RawResponse, sanitize: Sanitize): { code?: unknown; details: ErrorDetails } {
  const code = jsonBody(res)?.error;
  return { code, details: { status: res.status, ...(typeof code === 'string' ? { oauthError: sanitize(code) } : {}) } };
}

/** POST /oauth/v2/token/, grant client_credentials. */
export async function clientCredentialsToken(
  auth: { clientId: string; clientSecret: string },
  deps: TokenRequestDeps,
  signal: AbortSignal,
): Promise<ObtainedToken> {
  const obtainedAt = deps.now();
  const form = { grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret };
  const { res } = await deps.transport.send({ method: 'POST', path: OAUTH_TOKEN_PATH, form }, { signal });
  const where = site(deps, OAUTH_TOKEN_PATH);
  if (res.status < 200 || res.status >= 300) throw clientCredentialsError(res, where, deps.sanitize);
  const body = parseAnswer(res, oauthTokenSchema, where);
  deps.remember('token', body.access_token);
  deps.log.info('alation.token', { method: 'oauth', expiresInS: body.expires_in ?? null });
  const expiresAt = expiry(obtainedAt, body.expires_in, body.access_token);
  return expiresAt !== undefined ? { value: body.access_token, expiresAt } : { value: body.access_token };
}

function clientCredentialsError(res: RawResponse, where: CallSite, sanitize: Sanitize): AppError {
  const { code, details: oauth } = oauthCode(res, sanitize);
  const details = { ...oauth, method: where.method, path: where.path };
  if (code === 'invalid_client' || (res.status === 401 && code === undefined)) {
    return new AppError(
      'unauthorized',
      'The tenant rejected the OAuth client id or client secret. Check both in ' +
        'this profile; if the secret was regenerated in Alation, paste the new one.',
      details,
    );
  }
  if (code === 'unauthorized_client' || code === 'unsupported_grant_type' || code === 'invalid_grant') {
    return new AppError(
      'unauthorized',
      'The tenant does not let this OAuth client use the client credentials grant. Ask ' +
        'the tenant admin to allow it for the client application, or use another client.',
      details,
    );
  }
  if (res.status === 404) {
    return new AppError(
      'not_found',
      'This tenant has no OAuth token endpoint (/oauth/v2/token/ answered 404). It may be an ' +
        'older deployment: use an API access token or a refresh token in this profile instead.',
      details,
    );
  }
  return httpError(res, {
    ...where,
    sanitize,
    unauthorized: 'The tenant rejected the OAuth client id or client secret. Check both in this profile.',
  });
}

/** The token endpoint as a path on the tenant: a refresh token goes to the tenant itself, nowhere else. */
export function tokenEndpointPath(endpoint: string | undefined, transport: Pick<HttpTransport, 'origin' | 'host'>): string {
  const given = endpoint?.trim() || BROWSER_TOKEN_PATH;
  let url: URL | undefined;
  try {
    url = new URL(given, transport.origin);
  } catch {
    url = undefined;
  }
  if (!url || url.origin !== transport.origin) {
    throw new AppError(
      'validation',
      `The sign-in's token endpoint is not on this tenant's address (${transport.host}): ` +
        `BYOM Desk sends a refresh token only to the tenant itself. Sign in again.`,
      { fields: [{ path: 'auth.tokenEndpoint', message: 'Must be on the tenant address.' }] },
    );
  }
  return url.pathname;
}

/** grant_type=refresh_token at the browser sign-in's token endpoint, as Alation's CLI renews. */
export async function refreshGrantToken(
  auth: { clientId: string; clientSecret?: string; tokenEndpoint?: string },
  refreshToken: string,
  deps: TokenRequestDeps,
  signal: AbortSignal,
): Promise<ObtainedToken> {
  const path = tokenEndpointPath(auth.tokenEndpoint, deps.transport);
  const obtainedAt = deps.now();
  const form: Record<string, string> = { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: auth.clientId };
  if (auth.clientSecret) form.client_secret = auth.clientSecret;
  const { res } = await deps.transport.send({ method: 'POST', path, form }, { signal });
  const where = site(deps, path);
  if (res.status === 400 || res.status === 401) {
    // invalid_grant (expired, revoked, already rotated) and its kin: only a new sign-in helps.
    const { details } = oauthCode(res, deps.sanitize);
    const oauthError = typeof details.oauthError === 'string' ? details.oauthError : null;
    deps.log.warn('alation.sign_in_refused', { status: res.status, oauthError });
    throw signInRequired(true, { ...details, method: 'POST', path });
  }
  if (res.status === 404) {
    const message = `This tenant has no token endpoint at ${path} (404), so the sign-in cannot be renewed. Sign in again.`;
    throw new AppError('not_found', message, { status: 404, method: 'POST', path });
  }
  if (res.status < 200 || res.status >= 300) throw httpError(res, { ...where, sanitize: deps.sanitize, unauthorized: SIGN_IN_AGAIN });
  const body = parseAnswer(res, oauthTokenSchema, where);
  deps.remember('token', body.access_token);
  const given = body.refresh_token;
  const rotated = typeof given === 'string' && given !== '' && given !== refreshToken ? given : undefined;
  if (rotated) deps.remember('refreshToken', rotated);
  deps.log.info('alation.token', { method: 'browser', expiresInS: body.expires_in ?? null, refreshTokenRotated: rotated !== undefined });
  const expiresAt = expiry(obtainedAt, body.expires_in, body.access_token);
  return {
    value: body.access_token,
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(rotated ? { rotatedRefreshToken: rotated } : {}),
  };
}

/** POST /integration/v1/createAPIAccessToken/ with the refresh token and user id (legacy). */
export async function createApiAccessToken(
  auth: { refreshToken: string; userId: string },
  deps: TokenRequestDeps,
  signal: AbortSignal,
): Promise<ObtainedToken> {
  const obtainedAt = deps.now();
  const userId = /^\d+$/.test(auth.userId.trim()) ? Number(auth.userId.trim()) : auth.userId;
  const { res } = await deps.transport.send(
    { method: 'POST', path: CREATE_API_TOKEN_PATH, json: { refresh_token: auth.refreshToken, user_id: userId } },
    { signal },
  );
  const where = site(deps, CREATE_API_TOKEN_PATH);
  if (res.status < 200 || res.status >= 300) throw createTokenError(res, where, deps.sanitize);
  // Alation's SDK: a 200 that says `status: "failed"`, or has no token, is a refusal, in the tenant's words.
  const raw = looksLikeHtml(res) ? undefined : jsonBody(res);
  if (raw && (raw.status === 'failed' || typeof raw.api_access_token !== 'string' || raw.api_access_token === '')) {
    const details = { status: res.status, method: 'POST', path: CREATE_API_TOKEN_PATH, tokenStatus: 'failed' };
    throw refreshRefused(serverMessage(raw, deps.sanitize), details);
  }
  const body = parseAnswer(res, apiAccessTokenSchema, where);
  deps.remember('token', body.api_access_token);
  // Lifetime from the tenant's own two timestamps, so a skewed local clock does not matter.
  const created = body.created_at ? Date.parse(body.created_at) : NaN;
  const expires = body.token_expires_at ? Date.parse(body.token_expires_at) : NaN;
  let expiresAt: number | undefined;
  if (Number.isFinite(expires)) expiresAt = Number.isFinite(created) ? obtainedAt + (expires - created) : expires;
  deps.log.info('alation.token', { method: 'refreshToken', expiresInS: expiresAt ? Math.round((expiresAt - obtainedAt) / 1000) : null });
  return expiresAt !== undefined ? { value: body.api_access_token, expiresAt } : { value: body.api_access_token };
}

function refreshRefused(said: string | undefined, details: ErrorDetails): AppError {
  return new AppError(
    'unauthorized',
    `The tenant rejected the refresh token or user id${said ? ` ("${said}")` : ''}. Refresh tokens expire (60 days by ` +
      `default) and can be revoked: create a new one in Alation under your account settings, and check the user id in this profile.`,
    said ? { ...details, serverMessage: said } : details,
  );
}

function createTokenError(res: RawResponse, where: CallSite, sanitize: Sanitize): AppError {
  const details = { status: res.status, method: where.method, path: where.path };
  if (res.status === 401 || res.status === 403) return refreshRefused(serverMessage(jsonBody(res), sanitize), details);
  if (res.status === 404 && !header(res, 'content-type')?.includes('json')) {
    return new AppError(
      'not_found',
      'This tenant has no createAPIAccessToken endpoint (404). Use browser sign-in or OAuth client credentials in this profile instead.',
      details,
    );
  }
  return httpError(res, { ...where, sanitize, unauthorized: 'The tenant rejected the refresh token or user id.' });
}
