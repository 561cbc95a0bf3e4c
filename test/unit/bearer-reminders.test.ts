// A pasted Bearer token's expiry (its JWT `exp`) is reminded of like a key's: once per tenant and
// expiry, within the lead time, with what to do (paste a new one).
import { describe, expect, it } from 'vitest';
import { ExpiryReminders, type BearerTokenExpiry } from '../../src-main/expiries/expiry-reminders';
import { memoryLogger } from '../support/memory-logger';

const now = Date.parse('2030-01-01T12:00:00.000Z');
const hour = 3_600_000;
const token = (tenantName: string, inMs: number): BearerTokenExpiry => ({
  tenantId: `id-${tenantName}`,
  tenantName,
  expiresAt: new Date(now + inMs).toISOString(),
});

describe('Bearer token reminders', () => {
  it('notify of tokens expired or due within the lead time, once each, and not of later ones', () => {
    let tokens = [token('Acme', 55 * 60_000), token('Beta', -2 * hour), token('Later', 48 * hour)];
    const shown: { title: string; body: string }[] = [];
    const reminders = new ExpiryReminders({
      expiries: { due: () => [], leadHours: () => 24 },
      bearerTokens: () => tokens,
      tenantName: () => undefined,
      notify: (title, body) => shown.push({ title, body }) > 0,
      events: { emit: () => undefined },
      log: memoryLogger(),
      now: () => now,
    });
    expect(reminders.check()).toBe(2);
    expect(shown).toEqual([
      {
        title: 'Bearer token expires in 55 min',
        body: 'The Bearer token of Acme: paste a new one into the tenant before it stops working.',
      },
      { title: 'Bearer token expired 2 h ago', body: 'The Bearer token of Beta no longer works: paste a new one into the tenant.' },
    ]);
    expect(reminders.check()).toBe(0);
    // A new token pasted (a new expiry) reminds again when it is due.
    tokens = [token('Acme', 2 * hour)];
    expect(reminders.check()).toBe(1);
    expect(shown.at(-1)?.title).toBe('Bearer token expires in 2 h');
  });
});
