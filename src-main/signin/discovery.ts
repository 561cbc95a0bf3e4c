// Where a tenant signs people in: its discovery document (RFC 8414, as Alation's CLI reads it), or
// the documented endpoints when the document is missing or unreadable. The endpoints must be on the
// tenant's own origin: a code, a verifier or a client secret is never sent anywhere else.
import { z } from 'zod';
import { AppError } from '../../src-shared/errors';
import { tryParseJson } from '../../src-shared/json';
import type { HttpTransport } from '../alation/http';
import type { Logger } from '../log/logger';

export const DISCOVERY_PATH = '/.well-known/oauth-authorization-server';
/** Alation's documented URLs for user-initiated OAuth clients (agent-studio-docs, user-initiated-auth.mdx). */
export const DOCUMENTED_AUTHORIZE_PATH = '/oauth/v1/authorize/';
export const DOCUMENTED_TOKEN_PATH = '/oauth/v1/token/';

export interface SignInEndpoints {
  /** Absolute URL, on the tenant's origin. */
  authorizationEndpoint: string;
  /** Path (and query) on the tenant's origin: the tenant client posts to it through its own transport. */
  tokenPath: string;
  /** False when the documented endpoints were used for want of a readable discovery document. */
  discovered: boolean;
}

const discoverySchema = z.looseObject({
  authorization_endpoint: z.string().min(1),
  token_endpoint: z.string().min(1),
});

export function documentedEndpoints(origin: string): SignInEndpoints {
  const authorizationEndpoint = new URL(DOCUMENTED_AUTHORIZE_PATH, origin).toString();
  return { authorizationEndpoint, tokenPath: DOCUMENTED_TOKEN_PATH, discovered: false };
}

/**
 * Reads the tenant's discovery document. A 404, an error status, or an answer that is not the
 * document falls back to the documented endpoints; a tenant that cannot be reached at all fails
 * (there is no point opening a browser on it).
 */
export async function discoverEndpoints(transport: HttpTransport, log: Logger, signal?: AbortSignal): Promise<SignInEndpoints> {
  const origin = transport.origin;
  const { res } = await transport.send({ method: 'GET', path: DISCOVERY_PATH }, signal ? { signal } : {});
  const parsed = res.status >= 200 && res.status < 300 ? tryParseJson(res.text) : undefined;
  const doc = parsed?.ok ? discoverySchema.safeParse(parsed.value) : undefined;
  if (!doc?.success) {
    log.info('signin.discovery_fallback', { status: res.status });
    return documentedEndpoints(origin);
  }
  const authorization = sameOrigin(doc.data.authorization_endpoint, origin, 'authorization');
  const token = sameOrigin(doc.data.token_endpoint, origin, 'token');
  log.info('signin.discovered', { authorizationPath: authorization.pathname, tokenPath: token.pathname });
  return { authorizationEndpoint: authorization.toString(), tokenPath: token.pathname + token.search, discovered: true };
}

function sameOrigin(endpoint: string, origin: string, which: 'authorization' | 'token'): URL {
  let url: URL;
  try {
    url = new URL(endpoint, origin);
  } catch {
    throw new AppError(
      'bad_response',
      `The tenant's sign-in discovery document gives an ${which} endpoint that is not an address. Ask the tenant admin to check it.`,
    );
  }
  if (url.origin !== origin || url.username !== '' || url.password !== '') {
    throw new AppError(
      'bad_response',
      `The tenant's sign-in discovery document sends the ${which} step to ${url.origin}, not to the tenant (${origin}). ` +
        "BYOM Desk signs in only at the tenant's own address: check the tenant address in this profile, or ask the tenant admin.",
      { endpoint: which },
    );
  }
  return url;
}
