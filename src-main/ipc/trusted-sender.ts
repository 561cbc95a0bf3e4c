// Which pages may call main. A sender is identified by the URL of the frame that sent the call,
// parsed with the URL parser: `startsWith` would let `app://byom-desk.evil.example` or
// `http://127.0.0.1:5173@evil.example` through.

export interface TrustedOrigin {
  /** With the colon, as URL.protocol gives it: `app:`, `http:`. */
  protocol: string;
  /** Host and port, as URL.host gives it. */
  host: string;
}

export function trustedOriginOf(url: string): TrustedOrigin {
  const parsed = new URL(url);
  return { protocol: parsed.protocol, host: parsed.host };
}

export function isTrustedSenderUrl(senderUrl: string | undefined | null, trusted: readonly TrustedOrigin[]): boolean {
  if (!senderUrl) return false;
  let parsed: URL;
  try {
    parsed = new URL(senderUrl);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  return trusted.some((t) => t.protocol === parsed.protocol && t.host === parsed.host);
}
