// The harness over real HTTP: its token, its Origin and Host checks, and the bridge route.
import { existsSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src-shared/csp';
import { startHarness, type RunningHarness } from '../../tools/harness/server';

const rendererDir = join(import.meta.dirname, '../../out/renderer');
let harness: RunningHarness;
let cookie: string;

beforeAll(async () => {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('Build the renderer first: npm run build');
  process.env.BYOM_DESK_KEYCHAIN_SERVICE = 'BYOM Desk harness test';
  harness = await startHarness({ dataDir: mkdtempSync(join(tmpdir(), 'byom-harness-')), rendererDir, version: '0.0.0-test' });
  cookie = `${harness.cookieName}=${harness.token}`;
});
afterAll(() => harness?.close());

/** Raw HTTP, so the test controls Host and Origin exactly as an attacker could. */
function raw(path: string, headers: Record<string, string>, method = 'GET', body?: string) {
  const { port } = new URL(harness.origin);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const bridgeCall = (channel: string, input: unknown, headers: Record<string, string> = {}) =>
  raw(
    `/__bridge/${channel}`,
    { Cookie: cookie, Origin: harness.origin, 'Content-Type': 'application/json', ...headers },
    'POST',
    JSON.stringify({ input }),
  );

describe('the web harness', () => {
  it('listens on 127.0.0.1 only and prints a URL with its token', () => {
    expect(harness.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('refuses every request without the token', async () => {
    for (const path of ['/', '/index.html', '/__harness/bridge.js', '/icon.svg']) {
      const res = await raw(path, {});
      expect(res.status, path).toBe(403);
      expect(res.body).toMatch(/missing or wrong token/);
    }
    expect((await bridgeCall('getAppInfo', undefined, { Cookie: '' })).status).toBe(403);
    expect((await raw('/?token=wrong', {})).status).toBe(403);
    expect((await raw('/', { Cookie: `${harness.cookieName}=wrong` })).status).toBe(403);
  });

  it('trades a good token for an HttpOnly, SameSite cookie', async () => {
    const res = await raw(`/?token=${harness.token}`, {});
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('names its cookie after its port, so a second harness on this computer does not overwrite it', async () => {
    const second = await startHarness({ dataDir: mkdtempSync(join(tmpdir(), 'byom-harness-')), rendererDir, version: '0.0.0-test' });
    try {
      expect(second.cookieName).not.toBe(harness.cookieName);
      const res = await raw(`/?token=${harness.token}`, {});
      expect(String(res.headers['set-cookie'])).toMatch(new RegExp(`^${harness.cookieName}=`));
      // Each harness still takes only its own cookie.
      expect((await raw('/', { Cookie: `${second.cookieName}=${second.token}; ${harness.cookieName}=${harness.token}` })).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('refuses a foreign Origin, even with the token', async () => {
    const res = await bridgeCall('getAppInfo', undefined, { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/foreign Origin/);
    expect((await raw('/', { Cookie: cookie, Origin: 'http://127.0.0.1:1' })).status).toBe(403);
  });

  it('refuses a bridge call without an Origin, and a foreign Host (DNS rebinding)', async () => {
    const noOrigin = await raw('/__bridge/getAppInfo', { Cookie: cookie }, 'POST', '{}');
    expect(noOrigin.status).toBe(403);
    const rebound = await raw('/', { Cookie: cookie, Host: `evil.example:${new URL(harness.origin).port}` });
    expect(rebound.status).toBe(403);
  });

  it('serves the renderer with the bridge script and the app’s CSP', async () => {
    const page = await raw('/', { Cookie: cookie });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect(page.body).toContain('<script src="/__harness/bridge.js"></script>');
    const script = await raw('/__harness/bridge.js', { Cookie: cookie });
    expect(script.body).toContain('byomDesk');
    expect(script.body).not.toContain(harness.token);
    // Encoded slashes survive the URL parser, so the file server's own check is what is tested:
    // ../../package.json from the renderer folder exists, and must not be served.
    const escape = await raw('/..%2f..%2fpackage.json', { Cookie: cookie });
    expect(escape.status).toBe(404);
    expect(escape.body).not.toContain('"name": "byom-desk"');
  });

  it('runs contract calls through the same dispatcher, validation included', async () => {
    const ok = JSON.parse((await bridgeCall('getAppInfo', undefined)).body);
    expect(ok).toMatchObject({ ok: true, value: { shell: 'web-harness', version: '0.0.0-test' } });
    const bad = JSON.parse((await bridgeCall('openExternalLink', { url: 42 })).body);
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation', details: { fields: [{ path: 'url' }] } } });
    const unknown = JSON.parse((await bridgeCall('runShell', {})).body);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const notJson = await raw('/__bridge/getAppInfo', { Cookie: cookie, Origin: harness.origin }, 'POST', '{oops');
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});
