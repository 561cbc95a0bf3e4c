// Who said no: the tenant refusing our token, or the provider refusing a key (passed through by the
// validate route). Only the first is worth a new token, and a new token invalidates the one every
// other caller holds. (A quota that no retry gets past: `isQuotaRefusal` in errors.ts.)
import { bodyTexts, header, jsonBody, type RawResponse } from './errors';

const MESSAGE_KEYS = ['detail', 'error', 'message', 'error_description'] as const;

/**
 * What a tenant (Django REST, FastAPI's HTTPBearer, an OAuth resource server, our fake) says when
 * it refuses the token itself. Anchored at the start: a provider's message passed through can
 * mention a token too ("The security token included in the request is invalid", AWS).
 */
const TENANT_TOKEN_WORDS: readonly RegExp[] = [
  /^not authenticated\b/i,
  /^authentication credentials were not provided/i,
  /^(invalid|unknown|expired|revoked|superseded) (access )?token\b/i,
  /^(access )?token (is )?(invalid|expired|has expired|superseded|revoked|not valid)\b/i,
  /^(jwt|signature) (has )?expired\b/i,
  /^invalid_token$/i,
];

/**
 * The marks of the tenant refusing our token: a `WWW-Authenticate` challenge with `invalid_token`
 * (RFC 6750), or the tenant's own words about the token. A provider's refusal carries neither.
 */
export function isTenantTokenFailure(res: RawResponse): boolean {
  if (/invalid_token/i.test(header(res, 'www-authenticate') ?? '')) return true;
  return bodyTexts(jsonBody(res), MESSAGE_KEYS).some((text) => TENANT_TOKEN_WORDS.some((re) => re.test(text.trim())));
}

/** The tenant said the token has expired: then, and only then, a new one of the same kind would help. */
export function tenantSaysExpired(res: RawResponse): boolean {
  const challenge = header(res, 'www-authenticate') ?? '';
  if (/invalid_token/i.test(challenge) && /expired/i.test(challenge)) return true;
  const body = jsonBody(res);
  if (body?.reason === 'expired') return true;
  return bodyTexts(body, MESSAGE_KEYS).some((text) => /\bexpired\b/i.test(text));
}

/** The provider's status in a validate error text: the OpenAI and Anthropic SDKs say "Error code: 401 - {...}". */
export function providerStatusInText(text: string | null | undefined): 401 | 403 | undefined {
  const m = /\bError code:\s*(401|403)\b/i.exec(text ?? '');
  return m ? (Number(m[1]) as 401 | 403) : undefined;
}
