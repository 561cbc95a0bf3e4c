// The AI API's door: which header and which tokens it takes, how it refuses, and the shape of its error bodies.
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthFailureReason, AuthStore } from './auth';
import { json, type Reply } from './http-util';
import type { ResolvedOptions } from './options';

const AUTH_MESSAGES: Record<AuthFailureReason, string> = {
  missing: 'Not authenticated: send "Authorization: Bearer <token>"',
  token_header: 'The AI API expects a Bearer token: send "Authorization: Bearer <token>"; the TOKEN header is not accepted here',
  legacy_token:
    "This tenant's AI API accepts only OAuth access tokens (from an OAuth client or a browser sign-in); API access tokens are refused",
  unknown: 'Invalid token: the token is not known to this tenant',
  expired: 'Token expired: get a new token',
  superseded: 'Token superseded: a newer token was issued for this client, which invalidates this one',
  revoked: 'Token revoked',
};

/**
 * 401 (403 when `forbidden`) `{detail, reason}` with a `WWW-Authenticate: Bearer` header, so a client
 * can tell the tenant refusing its token from a provider refusing a key (which has neither).
 */
export function authFailure(reason: AuthFailureReason, forbidden = false): Reply {
  const challenge =
    reason === 'missing'
      ? 'Bearer'
      : reason === 'token_header'
        ? 'Bearer error="invalid_request", error_description="token_header"'
        : `Bearer error="invalid_token", error_description="${reason}"`;
  return json(forbidden ? 403 : 401, { detail: AUTH_MESSAGES[reason], reason }, { 'www-authenticate': challenge });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The token of `Authorization: Bearer ...`, or undefined. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(headerValue(headers.authorization) ?? '');
  return m?.[1];
}

/**
 * Lets an AI API request through (undefined) or answers its refusal. Bearer wins when a client sends
 * both headers (Alation's SDK sends `Token` beside `Authorization: Bearer`).
 */
export function aiAuthRefusal(headers: IncomingHttpHeaders, auth: AuthStore, opts: ResolvedOptions): Reply | undefined {
  let token = bearerToken(headers);
  if (token === undefined) {
    const header = headerValue(headers.token);
    if (header !== undefined && !opts.aiAcceptsTokenHeader) return authFailure('token_header');
    token = header;
  }
  if (token === undefined) return authFailure('missing');
  if (auth.get(token)?.kind === 'api' && !opts.aiAcceptsLegacyTokens) return authFailure('legacy_token');
  const check = auth.check(token);
  if (check.ok) return undefined;
  return authFailure(check.reason, check.reason === 'superseded' && opts.forbiddenForSupersededTokens);
}

const SHORT_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  422: 'validation_error',
  429: 'too_many_requests',
  500: 'internal_error',
};

/** Short codes of our own token refusals; the `reason` stays beside them. */
const REASON_CODES: Partial<Record<string, string>> = {
  missing: 'not_authenticated',
  token_header: 'bearer_required',
  legacy_token: 'legacy_token',
};

/** A FastAPI `detail` as one line: the string, or each item as `loc: msg`. */
function detailText(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (!Array.isArray(detail)) return JSON.stringify(detail);
  return detail.map((item: { loc?: unknown[]; msg?: string }) => `${(item.loc ?? []).join('.')}: ${item.msg ?? ''}`).join('; ');
}

/**
 * With `errorBodyShape: 'error-message'`, an AI API error `{detail, ...rest}` becomes
 * `{error: <short code>, message: <text>, ...rest}` (the shape Alation's SDK reads).
 */
export function shapeAiError(reply: Reply, opts: ResolvedOptions): Reply {
  if (opts.errorBodyShape !== 'error-message' || reply.status < 400 || reply.body === undefined) return reply;
  let body: unknown;
  try {
    body = JSON.parse(reply.body);
  } catch {
    return reply;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('detail' in body)) return reply;
  const { detail, error: _error, ...rest } = body as Record<string, unknown>;
  const reason = typeof rest.reason === 'string' ? rest.reason : undefined;
  const error = reason !== undefined ? (REASON_CODES[reason] ?? 'invalid_token') : (SHORT_CODES[reply.status] ?? `http_${reply.status}`);
  return { ...reply, body: JSON.stringify({ error, message: detailText(detail), ...rest }) };
}
