// The code exchange of a browser sign-in (RFC 6749 §4.1.3 with PKCE): the code, the redirect URI
// and the verifier go to the tenant's token endpoint, and its refresh token is what the profile keeps.
import { z } from 'zod';
import { AppError } from '../../src-shared/errors';
import { tryParseJson } from '../../src-shared/json';
import { httpError, parseAnswer, serverMessage, type CallSite, type RawResponse, type Sanitize } from '../alation/errors';
import type { HttpTransport } from '../alation/http';
import { oauthTokenSchema } from '../alation/types';

export interface CodeExchange {
  tokenPath: string;
  code: string;
  redirectUri: string;
  clientId: string;
  /** Only for a confidential client. */
  clientSecret?: string;
  codeVerifier: string;
}

export interface SignInTokens {
  accessToken: string;
  /** ms since epoch, when the tenant said how long the access token lasts. */
  expiresAt?: number;
  refreshToken: string;
  tokenPath: string;
}

const signInTokenSchema = oauthTokenSchema.extend({ refresh_token: z.string().min(1).nullish() });

export async function exchangeCode(
  transport: HttpTransport,
  x: CodeExchange,
  now: () => number,
  signal?: AbortSignal,
): Promise<SignInTokens> {
  const [path, query] = splitPath(x.tokenPath);
  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    code: x.code,
    redirect_uri: x.redirectUri,
    client_id: x.clientId,
    code_verifier: x.codeVerifier,
    ...(x.clientSecret !== undefined ? { client_secret: x.clientSecret } : {}),
  };
  const obtainedAt = now();
  const { res } = await transport.send({ method: 'POST', path, ...(query ? { query } : {}), form }, signal ? { signal } : {});
  const site: CallSite = { method: 'POST', path, host: transport.host };
  const secrets = [x.code, x.codeVerifier, ...(x.clientSecret ? [x.clientSecret] : [])];
  const sanitize: Sanitize = (text, limit = 300) => {
    let out = text;
    for (const s of secrets) out = out.split(s).join('[redacted]');
    out = out.replace(/[\u0000-\u001f\u007f]+/g, ' ');
    return out.length > limit ? `${out.slice(0, limit - 3)}...` : out;
  };
  if (res.status < 200 || res.status >= 300) throw exchangeError(res, site, sanitize, x);
  const body = parseAnswer(res, signInTokenSchema, site);
  if (!body.refresh_token) {
    throw new AppError(
      'bad_response',
      'Alation signed you in but gave no refresh token, so BYOM Desk cannot keep the sign-in. ' +
        "Ask the tenant admin to check the OAuth client's refresh token settings.",
    );
  }
  return {
    accessToken: body.access_token,
    ...(body.expires_in != null ? { expiresAt: obtainedAt + body.expires_in * 1000 } : {}),
    refreshToken: body.refresh_token,
    tokenPath: x.tokenPath,
  };
}

function splitPath(pathAndQuery: string): [string, Record<string, string> | undefined] {
  const at = pathAndQuery.indexOf('?');
  if (at < 0) return [pathAndQuery, undefined];
  return [pathAndQuery.slice(0, at), Object.fromEntries(new URLSearchParams(pathAndQuery.slice(at + 1)))];
}

function exchangeError(res: RawResponse, site: CallSite, sanitize: Sanitize, x: CodeExchange): AppError {
  const parsed = tryParseJson(res.text);
  const body = parsed.ok ? parsed.value : undefined;
  const code = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  const said = serverMessage(body, sanitize);
  const details = { status: res.status, ...(typeof code === 'string' ? { oauthError: sanitize(code, 60) } : {}) };
  const quoted = said ? ` ("${said}")` : '';
  if (code === 'invalid_client') {
    return new AppError(
      'unauthorized',
      `Alation does not accept this OAuth client${x.clientSecret !== undefined ? ' ID or client secret' : ' ID'}${quoted}. ` +
        'Check it against Admin Settings → OAuth Client Applications; a confidential client also needs its secret in this profile.',
      details,
    );
  }
  if (code === 'invalid_grant') {
    return new AppError(
      'unauthorized',
      `Alation refused the sign-in code${quoted}. Press Sign in to try again; ` +
        `if it keeps happening, check that the OAuth client lists the redirect URI ${x.redirectUri} exactly.`,
      details,
    );
  }
  if (code === 'unauthorized_client' || code === 'unsupported_grant_type') {
    const fix = 'In Alation, use a user-initiated OAuth client (Public, PKCE required).';
    return new AppError('unauthorized', `This OAuth client may not sign people in with the browser${quoted}. ${fix}`, details);
  }
  return httpError(res, { ...site, sanitize, unauthorized: `Alation refused the sign-in${quoted}. Press Sign in to try again.` });
}
