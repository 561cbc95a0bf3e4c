// PKCE (RFC 7636, S256) and the `state` of one browser sign-in: fresh random values each time.
import { createHash, randomBytes } from 'node:crypto';

export interface Pkce {
  /** Kept in main, sent only with the code exchange. */
  verifier: string;
  /** Sent in the authorization URL: the SHA-256 of the verifier, base64url without padding. */
  challenge: string;
  method: 'S256';
}

/** 48 random bytes make a 64-character verifier (RFC 7636 asks for 43 to 128). */
export function newPkce(): Pkce {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: s256(verifier), method: 'S256' };
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Ties the callback to the sign-in that started it: a callback with another state is refused. */
export function newState(): string {
  return randomBytes(24).toString('base64url');
}
