// Attacks on the web harness (tools/harness/server.ts), one test per defence: the Host check (DNS
// rebinding), the Origin check and the JSON-only body (cross-site forms), the static file server
// (encoded traversal), the body size limit, and the token. Each attack must be refused with its
// status, and nothing may be served or run: the renderer folder sits beside files holding a
// canary, and every call that gets through would change the reminder lead time.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { startHarness, type RunningHarness } from '../../tools/harness/server';

const canary = `canary-${randomUUID()}`;
const keychainService = `BYOM Desk harness attacks ${randomUUID()}`;
const site = mkdtempSync(join(tmpdir(), 'byom-harness-attacks-'));
const rendererDir = join(site, 'app', 'renderer');
let harness: RunningHarness;
let cookie: string;
let port: string;

beforeAll(async () => {
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>BYOM Desk</title></head><body>app-page</body></html>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app-script")');
  // What a traversal would reach: the renderer's parent, its grandparent, and a sibling folder.
  writeFileSync(join(site, 'app', 'secret.txt'), canary);
  writeFileSync(join(site, 'secret.txt'), canary);
  mkdirSync(join(site, 'app', 'main'));
  writeFileSync(join(site, 'app', 'main', 'index.js'), canary);
  process.env.BYOM_DESK_KEYCHAIN_SERVICE = keychainService;
  harness = await startHarness({ dataDir: join(site, 'data'), rendererDir, version: '0.0.0-test' });
  cookie = `${harness.cookieName}=${harness.token}`;
  port = new URL(harness.origin).port;
  // The stored value every refusal below must leave as it is, set before any test (they may run in any order).
  expect((await ownCall('setReminderLeadHours', { hours: 5 })).status).toBe(200);
});

afterAll(async () => {
  await harness?.close();
  const store = createKeyringSecretStore(keychainService);
  for (const account of await store.listAccounts()) await store.delete(account);
  delete process.env.BYOM_DESK_KEYCHAIN_SERVICE;
  rmSync(site, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface RawRequest {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send no Host header at all (HTTP/1.0 clients, hand-made requests). */
  noHost?: boolean;
}

/**
 * One request exactly as an attacker could make it: any Host, Origin, target and body. Resolves
 * with the answer even when the server stops reading the body and closes the connection.
 */
function raw({ path, method = 'GET', headers = {}, body, noHost }: RawRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, setHost: !noHost }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    // A write cut off by the server's answer is part of the attack, not a failure of the test.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end(body);
  });
}

const json = { 'Content-Type': 'application/json' };
/** A bridge call, setReminderLeadHours unless said, with whatever headers and body the attack sends. */
const post = (headers: Record<string, string>, body: string | Buffer, channel = 'setReminderLeadHours') =>
  raw({ path: `/__bridge/${channel}`, method: 'POST', headers, body });
const ownCall = (channel: string, input: unknown) =>
  post({ Cookie: cookie, Origin: harness.origin, ...json }, JSON.stringify({ input }), channel);

async function leadHours(): Promise<number> {
  const answer = JSON.parse((await ownCall('listCredentialExpiries', undefined)).body) as { ok: true; value: { leadHours: number } };
  return answer.value.leadHours;
}

/** The change every attacking call below tries; it must never land. */
const attackInput = { hours: 613 };
const attackBody = JSON.stringify({ input: attackInput });

/** The answer the page's bridge reads as a typed error. */
const typedRefusal = (message: RegExp) => ({ ok: false, error: { code: 'validation', message: expect.stringMatching(message) } });

function expectNothingServed(answer: Answer) {
  expect(answer.body).not.toContain(canary);
  expect(answer.body).not.toContain('app-page');
  expect(answer.body).not.toContain('app-script');
  expect(answer.body).not.toContain('byomDesk');
  expect(answer.headers['set-cookie']).toBeUndefined();
}

describe('attacks on the web harness', () => {
  it('a real call with the token, our Origin and JSON goes through (the control for every refusal below)', async () => {
    const answer = await ownCall('setReminderLeadHours', { hours: 5 });
    expect(answer.status).toBe(200);
    expect(await leadHours()).toBe(5);
  });

  it('DNS rebinding: a foreign Host is refused 403, with the token and a same-looking Origin', async () => {
    const otherPort = Number(port) + 1;
    const hosts = [
      `evil.example:${port}`,
      `localhost:${port}`,
      '127.0.0.1',
      `127.0.0.1:${port}.evil.example`,
      `127.0.0.1:${otherPort}`,
      `[::1]:${port}`,
    ];
    for (const host of hosts) {
      for (const path of ['/', '/index.html', '/assets/app.js', '/__harness/bridge.js', '/__harness/events', `/?token=${harness.token}`]) {
        const answer = await raw({ path, headers: { Host: host, Cookie: cookie } });
        expect(answer.status, `${host} ${path}`).toBe(403);
        expect(answer.body).toMatch(/unexpected Host header/);
        expectNothingServed(answer);
      }
      const call = await post({ Host: host, Cookie: cookie, Origin: `http://${host}`, ...json }, attackBody);
      expect(call.status, host).toBe(403);
    }
    // Without a Host at all, Node's HTTP server refuses the request itself (400, as HTTP/1.1 says).
    const noHost = await raw({ path: '/', headers: { Cookie: cookie }, noHost: true });
    expect(noHost.status).toBe(400);
    expectNothingServed(noHost);
    expect(await leadHours()).toBe(5);
  });

  it('a cross-site form POST is refused: 403 with a foreign or null Origin, 403 with none, 415 when not JSON', async () => {
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const formBody = `input=${encodeURIComponent(JSON.stringify(attackInput))}`;
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${Number(port) + 1}`, `https://127.0.0.1:${port}`]) {
      for (const [headers, body] of [
        [form, formBody],
        [json, attackBody],
      ] as const) {
        const answer = await post({ Cookie: cookie, Origin: origin, ...headers }, body);
        expect(answer.status, origin).toBe(403);
        expect(answer.body).toMatch(/foreign Origin/);
      }
    }
    // No Origin: a form submitted by an old browser, or a request made by hand.
    const noOrigin = await post({ Cookie: cookie, ...form }, formBody);
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.body).toMatch(/needs an Origin/);
    // Even with our Origin, what a form or a no-cors fetch can send is not a call.
    const simpleTypes = ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'text/plain; charset=utf-8'];
    for (const type of simpleTypes) {
      const answer = await post({ Cookie: cookie, Origin: harness.origin, 'Content-Type': type }, attackBody);
      expect(answer.status, type).toBe(415);
      expect(JSON.parse(answer.body)).toMatchObject(typedRefusal(/application\/json/));
    }
    expect(await leadHours()).toBe(5);
  });

  it('an encoded traversal on a static path is refused 404, and nothing outside the renderer folder is read', async () => {
    const targets = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e/%2e%2e/secret.txt',
      '/%2E%2E/main/index.js',
      '/..%2fsecret.txt',
      '/..%2f..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/.%2e/.%2e/secret.txt',
      '/%252e%252e/%252e%252e/secret.txt',
      '/%252e%252e%252fsecret.txt',
      '/..%5csecret.txt',
      '/..%255csecret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      '/%00/../secret.txt',
      '/index.html%00.txt',
      '//%2e%2e/secret.txt',
      `http://127.0.0.1:${port}/..%2fsecret.txt`,
    ];
    for (const path of targets) {
      const answer = await raw({ path, headers: { Cookie: cookie } });
      expect(answer.status, path).toBe(404);
      expectNothingServed(answer);
    }
    // A target the URL parser reads as another host is not a path: 400, not a failure of the harness
    // (500). A target that does not start with a slash is refused by Node's HTTP parser, 400 too.
    for (const path of ['//..%2f..%2fsecret.txt', '../secret.txt']) {
      const answer = await raw({ path, headers: { Cookie: cookie } });
      expect(answer.status, path).toBe(400);
      expectNothingServed(answer);
    }
    // The same server does serve what is inside, so the 404s above are refusals, not a broken server.
    expect((await raw({ path: '/assets/app.js', headers: { Cookie: cookie } })).body).toContain('app-script');
  });

  it('an oversized body is refused 413 before it is read, declared or streamed, and the call is not run', async () => {
    const padded = JSON.stringify({ input: attackInput, padding: 'x'.repeat(1024 * 1024 + 1) });
    const headers = { Cookie: cookie, Origin: harness.origin, ...json };
    const streamed = await post({ ...headers, 'Transfer-Encoding': 'chunked' }, padded);
    const declared = await post({ ...headers, 'Content-Length': String(64 * 1024 * 1024) }, padded.slice(0, 1000));
    for (const answer of [streamed, declared]) {
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject(typedRefusal(/larger than 1 MB/));
    }
    expect(await leadHours()).toBe(5);
    // Just under the limit is read and judged on its contents: here, one key too many.
    const under = JSON.parse((await ownCall('setReminderLeadHours', { ...attackInput, padding: 'x'.repeat(1000 * 1000) })).body);
    expect(under).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await leadHours()).toBe(5);
  });

  it('a missing or wrong token is refused 403 on every route, and serves or runs nothing', async () => {
    const wrongs: Record<string, string>[] = [
      {},
      { Cookie: `${harness.cookieName}=` },
      { Cookie: `${harness.cookieName}=wrong` },
      { Cookie: `${harness.cookieName}=${harness.token.slice(0, -1)}` },
      { Cookie: `${harness.cookieName}=${harness.token}x` },
      { Cookie: `byom_harness_1=${harness.token}` },
      { Cookie: `${harness.cookieName.toUpperCase()}=${harness.token}` },
      { 'X-Byom-Token': 'wrong' },
    ];
    for (const headers of wrongs) {
      for (const path of ['/', '/assets/app.js', '/__harness/bridge.js', '/__harness/events']) {
        const answer = await raw({ path, headers });
        expect(answer.status, `${JSON.stringify(headers)} ${path}`).toBe(403);
        expect(answer.body).toMatch(/missing or wrong token/);
        expectNothingServed(answer);
      }
      const call = await post({ ...headers, Origin: harness.origin, ...json }, attackBody);
      expect(call.status).toBe(403);
    }
    for (const token of ['wrong', '', harness.token.toUpperCase(), encodeURIComponent(`${harness.token}\u0000`)]) {
      const answer = await raw({ path: `/?token=${token}` });
      expect(answer.status, token).toBe(403);
      expectNothingServed(answer);
    }
    expect(await leadHours()).toBe(5);
  });
});
