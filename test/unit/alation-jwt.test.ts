// Reading a JWT's expiry: for reminders and renewal only, never trusted; anything else is "unknown".
import { describe, expect, it } from 'vitest';
import { jwtExpiry } from '../../src-shared/jwt';

const part = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown) => `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;

describe('jwtExpiry', () => {
  it('reads exp (seconds) as ms since epoch', () => {
    expect(jwtExpiry(jwt({ sub: 'admin', exp: 1_800_000_000 }))).toBe(1_800_000_000_000);
  });

  it('reads a payload with non-ASCII claims and base64url characters', () => {
    expect(jwtExpiry(jwt({ name: 'Zoë ~~~ ???', exp: 1_700_000_123 }))).toBe(1_700_000_123_000);
  });

  it.each([
    ['an opaque token', 'opaque-api-access-token-0123456789'],
    ['two parts', `${part({})}.${part({ exp: 1 })}`],
    ['a payload that is not JSON', `${part({})}.${part('not json')}.sig`],
    ['a payload that is not base64url', `${part({})}.%%%.sig`],
    ['no exp', jwt({ sub: 'x' })],
    ['exp as a string', jwt({ exp: '1800000000' })],
    ['exp not finite', `${part({})}.${part('{"exp": 1e400}')}.sig`],
    ['a JSON array', jwt([1, 2])],
    ['an empty string', ''],
  ])('is undefined for %s, and never throws', (_what, token) => {
    expect(jwtExpiry(token)).toBeUndefined();
  });
});
