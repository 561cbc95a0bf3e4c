// One rule for "this computer": whatever the tenant form saves, the API client accepts, and the
// reverse. Before, the form saved http://x.localhost and then every call failed with "use https".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBaseUrl } from '../../src-main/alation/http';
import { isLoopbackHost, normalizeTenantUrl } from '../../src-shared/tenant-url';

const hosts = fc.oneof(
  fc.constantFrom(
    'localhost',
    'LocalHost',
    'x.localhost',
    '127.0.0.1',
    '127.1.2.3',
    '[::1]',
    '0.0.0.0',
    '10.0.0.5',
    '192.168.1.1',
    'acme.alationcloud.com',
    'localhost.evil.example',
    '[::ffff:127.0.0.1]',
  ),
  fc.domain(),
  fc.ipV4(),
);
const addresses = fc.record({
  scheme: fc.constantFrom('http', 'https', 'HTTP'),
  host: hosts,
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  path: fc.constantFrom('', '/', '/app/studio/models', '/ai/docs?x=1'),
});

function clientAccepts(url: string): boolean {
  try {
    parseBaseUrl(url);
    return true;
  } catch {
    return false;
  }
}

describe('the loopback rule', () => {
  it('the form saves exactly the addresses the client can call', () => {
    // Both ways: what the form saves, the client calls; what the form refuses, the client refuses too.
    const seen = { saved: 0, refused: 0 };
    fc.assert(
      fc.property(addresses, ({ scheme, host, port, path }) => {
        const typed = `${scheme}://${host}${port ? `:${port}` : ''}${path}`;
        const saved = normalizeTenantUrl(typed);
        expect(clientAccepts(typed), typed).toBe(saved.ok);
        if (!saved.ok) {
          seen.refused += 1;
          return;
        }
        seen.saved += 1;
        expect(clientAccepts(saved.baseUrl), saved.baseUrl).toBe(true);
        expect(saved.insecureLoopback).toBe(new URL(saved.baseUrl).protocol === 'http:');
      }),
      { numRuns: 500 },
    );
    // Both directions were tried: plain http to other hosts is common among the addresses drawn.
    expect(seen.saved).toBeGreaterThan(50);
    expect(seen.refused).toBeGreaterThan(50);
  });

  it('allows plain http for this computer only', () => {
    for (const host of ['localhost', '127.0.0.1', '127.9.9.9', '[::1]'])
      expect(normalizeTenantUrl(`http://${host}:8080`).ok, host).toBe(true);
    for (const host of ['x.localhost', '0.0.0.0', '10.0.0.5', 'localhost.evil.example']) {
      expect(normalizeTenantUrl(`http://${host}:8080`).ok, host).toBe(false);
      expect(clientAccepts(`http://${host}:8080`), host).toBe(false);
    }
    expect(isLoopbackHost('[::1]')).toBe(true);
  });
});
