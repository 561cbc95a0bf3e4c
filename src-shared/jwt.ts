// Reading a JWT's expiry without verifying it: only to remind and to renew in time, never to trust
// anything the token says. Pure (no Node APIs), so main and the page can both use it.

function base64UrlToText(part: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * When the token expires (ms since epoch), from the `exp` claim of a JWT (`header.payload.signature`);
 * undefined for anything else: an opaque token, a payload that is not JSON, no or a non-numeric `exp`.
 * Never throws.
 */
export function jwtExpiry(token: string): number | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts[1] === '') return undefined;
  const text = base64UrlToText(parts[1]!);
  if (text === undefined) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const exp = (payload as { exp?: unknown }).exp;
  // Seconds since epoch (RFC 7519 NumericDate); a value past year 275760 is no date at all.
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0 || exp > 8.64e12) return undefined;
  return Math.round(exp * 1000);
}
