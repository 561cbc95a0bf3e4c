// Browser sign-in over HTTP: discovery, the authorization endpoint (consent page) and the user token endpoint.
import { clientCredentials, oauthError, safeEqual, tokenForm } from './auth';
import { consentPage, errorPage } from './consent-page';
import type { RequestCtx } from './context';
import { detail, json, type Reply } from './http-util';
import { DEFAULT_SCOPE, type GrantResult } from './user-oauth';

export const DISCOVERY_PATH = '/.well-known/oauth-authorization-server';
export const AUTHORIZE_PATH = '/oauth/v1/authorize/';
export const USER_TOKEN_PATH = '/oauth/v1/token/';

/** The documented paths, also without the trailing slash (the docs' MCP example leaves it out). */
const isPath = (path: string, documented: string): boolean => path === documented || path === documented.slice(0, -1);

/** Answers a browser sign-in request, or undefined for any other path. */
export function oauthRoute(ctx: RequestCtx): Reply | undefined {
  const { method, path } = ctx;
  if (path === DISCOVERY_PATH) {
    if (!ctx.core.opts.discovery) return detail(404, 'Not Found');
    return method === 'GET' ? discovery(ctx.core.baseUrl) : detail(405, 'Method Not Allowed');
  }
  if (isPath(path, AUTHORIZE_PATH)) {
    if (method === 'GET') return authorize(ctx);
    if (method === 'POST') return decide(ctx);
    return detail(405, 'Method Not Allowed');
  }
  if (isPath(path, USER_TOKEN_PATH)) return method === 'POST' ? userToken(ctx) : detail(405, 'Method Not Allowed');
  return undefined;
}

function discovery(baseUrl: string): Reply {
  return json(200, {
    issuer: baseUrl,
    authorization_endpoint: `${baseUrl}${AUTHORIZE_PATH}`,
    token_endpoint: `${baseUrl}${USER_TOKEN_PATH}`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    scopes_supported: ['openid', 'profile', 'email'],
  });
}

/** 302 back to the app's redirect URI with these parameters added to its query. */
function backToApp(redirectUri: string, params: Record<string, string | null>): Reply {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return { status: 302, headers: { location: url.toString(), 'cache-control': 'no-store' } };
}

/** GET: checks the client, the redirect URI and PKCE, then shows the consent page. */
function authorize(ctx: RequestCtx): Reply {
  const q = ctx.query;
  const users = ctx.core.users;
  const clientId = q.get('client_id') ?? '';
  const app = users.app(clientId);
  if (!app) {
    return errorPage(400, 'Unknown application', `No OAuth client application with client ID "${clientId}" is registered on this tenant.`);
  }
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!app.redirectUris.includes(redirectUri)) {
    return errorPage(
      400,
      'Redirect URI not registered',
      `The redirect URI "${redirectUri}" is not registered for the application "${clientId}". ` +
        'Register it exactly, under Admin Settings, OAuth Client Applications.',
    );
  }
  const state = q.get('state');
  const refuse = (error: string, description: string): Reply => backToApp(redirectUri, { error, error_description: description, state });
  if (q.get('response_type') !== 'code') return refuse('unsupported_response_type', 'Only response_type=code is supported');
  const challenge = q.get('code_challenge') || null;
  if (challenge === null && app.pkceRequired) return refuse('invalid_request', 'code_challenge is required (PKCE with S256)');
  if (challenge !== null) {
    // RFC 7636: an absent method means "plain", which this tenant does not take.
    if (q.get('code_challenge_method') !== 'S256') return refuse('invalid_request', 'code_challenge_method must be S256');
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return refuse('invalid_request', 'code_challenge must be a base64url SHA-256 digest');
  }
  const scope = q.get('scope') || DEFAULT_SCOPE;
  const consent = users.openConsent({ clientId, redirectUri, scope, state, codeChallenge: challenge });
  return consentPage({
    requestId: consent.id,
    clientId,
    userName: ctx.core.opts.userName,
    scope,
    redirectUri,
    tenantHost: new URL(ctx.core.baseUrl).host,
    action: AUTHORIZE_PATH,
  });
}

/** POST from the consent page: Allow sends a code back, Deny sends access_denied. Each page answers once. */
function decide(ctx: RequestCtx): Reply {
  const form = new URLSearchParams(ctx.rawBody);
  const decision = form.get('decision');
  if (decision !== 'allow' && decision !== 'deny') return errorPage(400, 'No decision', 'Choose Allow or Deny.');
  const consent = ctx.core.users.takeConsent(form.get('request_id') ?? '');
  if (!consent) {
    const text = 'This sign-in request has expired or was already answered. Start the sign-in again from the application.';
    return errorPage(400, 'Sign-in request expired', text);
  }
  if (decision === 'deny') {
    return backToApp(consent.redirectUri, { error: 'access_denied', error_description: 'The user denied access', state: consent.state });
  }
  return backToApp(consent.redirectUri, { code: ctx.core.users.issueCode(consent), state: consent.state });
}

function grantAnswer(result: GrantResult): Reply {
  if (!result.ok) return oauthError(result.status, result.error, result.description);
  const { access, refresh } = result;
  return json(
    200,
    {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: Math.ceil((access.expiresAt - access.issuedAt) / 1000),
      refresh_token: refresh.token,
      scope: access.scope ?? DEFAULT_SCOPE,
    },
    { 'cache-control': 'no-store' },
  );
}

/** POST /oauth/v1/token/: authorization_code and refresh_token grants for a registered app. */
function userToken(ctx: RequestCtx): Reply {
  const parsed = tokenForm(ctx.headers, ctx.rawBody);
  if (!parsed.ok) return parsed.reply;
  const form = parsed.form;
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'Missing grant_type parameter');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return oauthError(400, 'unsupported_grant_type', 'Unsupported grant type: use authorization_code or refresh_token');
  }
  const client = clientCredentials(ctx.headers, form);
  if (!client) return oauthError(401, 'invalid_client', 'Malformed HTTP Basic credentials');
  const app = client.id ? ctx.core.users.app(client.id) : undefined;
  if (!app) return oauthError(401, 'invalid_client', 'Client authentication failed: unknown client');
  if (app.clientSecret !== undefined && (client.secret === null || !safeEqual(client.secret, app.clientSecret))) {
    return oauthError(401, 'invalid_client', 'Client authentication failed: this confidential client must send its client_secret');
  }
  const users = ctx.core.users;
  if (grantType === 'authorization_code') {
    const code = form.get('code');
    if (!code) return oauthError(400, 'invalid_request', 'Missing code parameter');
    return grantAnswer(users.redeemCode(code, app.clientId, form.get('redirect_uri'), form.get('code_verifier')));
  }
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) return oauthError(400, 'invalid_request', 'Missing refresh_token parameter');
  return grantAnswer(users.refresh(refreshToken, app.clientId));
}
