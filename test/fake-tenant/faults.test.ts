// Fault injection and latency.
import { describe, expect, it, vi } from 'vitest';
import { parseFaultSpec } from './faults';
import { startFakeTenant } from './server';
import { CONFIGS, CREDS, GUIDE_CREDENTIALS, api, fakeTenantPerTest } from './test-helpers';

const start = fakeTenantPerTest();

describe('scripted faults', () => {
  it('a 429 with Retry-After, then success', async () => {
    const t = await start();
    t.setFaults([{ path: CONFIGS, method: 'GET', kind: '429', retryAfter: 2, times: 1 }]);
    const first = await api(t, 'GET', CONFIGS);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.body).toEqual({ detail: 'Too Many Requests' });
    const second = await api(t, 'GET', CONFIGS);
    expect(second.status).toBe(200);
    // other methods and paths were never affected
    expect((await api(t, 'GET', CREDS)).status).toBe(200);
    expect(t.requests().map((e) => [e.path, e.status, e.fault])).toEqual([
      [CONFIGS, 429, '429'],
      [CONFIGS, 200, null],
      [CREDS, 200, null],
    ]);
    expect(t.faults()[0]).toMatchObject({ fired: 1, remaining: 0 });
  });

  it.each([
    ['500', 500],
    ['502', 502],
    ['503', 503],
  ] as const)('%s answers a JSON error', async (kind, status) => {
    const t = await start({ faults: [{ kind, path: '/ai/api/v1/*', retryAfter: 5 }] });
    const r = await api(t, 'GET', CREDS);
    expect(r.status).toBe(status);
    expect(typeof r.body.detail).toBe('string');
    if (kind === '503') expect(r.headers.get('retry-after')).toBe('5');
  });

  it('html answers an HTML error page', async () => {
    const t = await start();
    t.addFault({ kind: 'html', path: CREDS });
    const r = await api(t, 'GET', CREDS);
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toBe('text/html');
    expect(r.text).toMatch(/<html>[\s\S]*502 Bad Gateway/);
    expect(r.body).toBeUndefined();
  });

  it('truncated answers 200 with JSON cut short', async () => {
    const t = await start({ seedCredentials: 3 });
    t.setFaults([{ kind: 'truncated', path: CREDS, phase: 'after' }]);
    const r = await api(t, 'GET', CREDS);
    expect(r.status).toBe(200);
    expect(r.text.startsWith('{"data":[')).toBe(true);
    expect(() => JSON.parse(r.text) as unknown).toThrow();
  });

  it('reset drops the connection', async () => {
    const t = await start();
    t.setFaults([{ kind: 'reset', times: 1 }]);
    await expect(api(t, 'GET', CREDS)).rejects.toThrow(/fetch failed/);
    expect((await api(t, 'GET', CREDS)).status).toBe(200);
    expect(t.requests()[0]).toMatchObject({ fault: 'reset', status: null });
  });

  it('hang never answers (the client times out) and stop() still closes promptly', async () => {
    const t = await start();
    t.setFaults([{ kind: 'hang', path: CREDS }]);
    const startedAt = Date.now();
    await expect(api(t, 'GET', CREDS, undefined, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(280);
    const pending = api(t, 'GET', CREDS).catch((e: unknown) => e);
    // Stop while the second request hangs on the server.
    await vi.waitFor(() => expect(t.requests()).toHaveLength(2));
    const stopStarted = Date.now();
    await t.stop();
    expect(Date.now() - stopStarted).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('after-phase faults let the change happen while the client sees an error', async () => {
    const t = await start();
    t.setFaults([{ kind: '502', path: CREDS, method: 'POST', phase: 'after', times: 1 }]);
    const r = await api(t, 'POST', CREDS, GUIDE_CREDENTIALS.openai);
    expect(r.status).toBe(502);
    expect(t.state().credentials).toHaveLength(1);
  });

  it('before-phase faults change nothing', async () => {
    const t = await start();
    t.setFaults([{ kind: '503', path: CREDS, method: 'POST' }]);
    expect((await api(t, 'POST', CREDS, GUIDE_CREDENTIALS.openai)).status).toBe(503);
    expect(t.state().credentials).toHaveLength(0);
    t.clearFaults();
    expect((await api(t, 'POST', CREDS, GUIDE_CREDENTIALS.openai)).status).toBe(201);
  });

  it('faults can hit the token endpoint', async () => {
    const t = await start({ faults: [{ kind: '503', path: '/oauth/v2/token/', times: 1 }] });
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: t.clientId, client_secret: t.clientSecret });
    const post = (): Promise<Response> =>
      fetch(`${t.baseUrl}/oauth/v2/token/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect((await post()).status).toBe(503);
    expect((await post()).status).toBe(200);
  });
});

describe('faults by rate', () => {
  async function statuses(seed: number): Promise<number[]> {
    const t = await startFakeTenant({ randomSeed: seed, faults: [{ kind: ['500', '503'], rate: 0.5 }] });
    try {
      const out: number[] = [];
      for (let i = 0; i < 40; i++) out.push((await api(t, 'GET', CREDS)).status);
      return out;
    } finally {
      await t.stop();
    }
  }

  it('fail about the given share of requests, reproducibly for a seed', async () => {
    const a = await statuses(7);
    const b = await statuses(7);
    expect(a).toEqual(b);
    const failed = a.filter((s) => s !== 200);
    expect(failed.length).toBeGreaterThan(8);
    expect(failed.length).toBeLessThan(32);
    expect(new Set(failed)).toEqual(new Set([500, 503]));
  });
});

describe('latency', () => {
  it('adds fixed latency, changeable at run time', async () => {
    const t = await start({ latencyMs: 500 });
    let began = Date.now();
    await api(t, 'GET', CREDS);
    expect(Date.now() - began).toBeGreaterThanOrEqual(490);
    t.setLatency({ latencyMs: 0 });
    began = Date.now();
    await api(t, 'GET', CREDS);
    expect(Date.now() - began).toBeLessThan(400);
    t.setLatency({ latencyMs: 50, jitterMs: 100 });
    began = Date.now();
    await api(t, 'GET', CREDS);
    const took = Date.now() - began;
    expect(took).toBeGreaterThanOrEqual(45);
    expect(took).toBeLessThan(1000);
  });
});

describe('CLI fault specs', () => {
  it('parses key=value lists, bare kinds and JSON', () => {
    expect(parseFaultSpec('kind=429,path=/ai/api/v1/config/llm,method=GET,times=1,retryAfter=1')).toEqual({
      kind: '429',
      path: '/ai/api/v1/config/llm',
      method: 'GET',
      times: 1,
      retryAfter: 1,
    });
    expect(parseFaultSpec('503,rate=0.25')).toEqual({ kind: '503', rate: 0.25 });
    expect(parseFaultSpec('kind=500|502,phase=after')).toEqual({ kind: ['500', '502'], phase: 'after' });
    expect(parseFaultSpec('{"kind":"hang","path":"/ai/api/v1/*"}')).toEqual({ kind: 'hang', path: '/ai/api/v1/*' });
    expect(() => parseFaultSpec('kind=418')).toThrow();
    expect(() => parseFaultSpec('kind=500,rate=2')).toThrow();
    expect(() => parseFaultSpec('kind=500,colour=red')).toThrow();
  });
});

describe('quota and redirect faults', () => {
  it('quota429 answers {error: entitlement_limit_exceeded, message} without Retry-After', async () => {
    const t = await start({ faults: [{ kind: 'quota429', path: CREDS, times: 1 }] });
    const r = await api(t, 'GET', CREDS);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBeNull();
    expect(r.body).toEqual({ error: 'entitlement_limit_exceeded', message: expect.stringMatching(/quota/) });
  });

  it.each(['redirect307', 'redirect308'] as const)('%s sends the request to the same path once; the second one is served', async (kind) => {
    const t = await start({ faults: [{ kind, path: CREDS, method: 'POST' }] });
    const first = await fetch(`${t.baseUrl}${CREDS}?x=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.apiAccessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(GUIDE_CREDENTIALS.openai),
      redirect: 'manual',
    });
    expect(first.status).toBe(Number(kind.slice(-3)));
    const location = new URL(first.headers.get('location')!);
    expect(location.origin).toBe(t.baseUrl);
    expect(location.pathname).toBe(CREDS);
    expect(location.searchParams.get('x')).toBe('1');
    expect(t.state().credentials).toHaveLength(0);
    // fetch itself follows 307/308 with the same method and body
    const followed = await api(t, 'POST', CREDS, GUIDE_CREDENTIALS.openai);
    expect(followed.status).toBe(201);
    expect(t.state().credentials).toHaveLength(1);
    expect(
      t
        .requests()
        .filter((e) => e.path === CREDS)
        .map((e) => [e.method, e.status, e.fault]),
    ).toEqual([
      ['POST', Number(kind.slice(-3)), kind],
      ['POST', Number(kind.slice(-3)), kind],
      ['POST', 201, null],
    ]);
  });

  it("redirectForeign sends a 307 to another origin (or the rule's location)", async () => {
    const t = await start({
      faults: [
        { kind: 'redirectForeign', path: CREDS, times: 1 },
        { kind: 'redirectForeign', path: CONFIGS, location: 'https://elsewhere.example/x' },
      ],
    });
    const r = await fetch(`${t.baseUrl}${CREDS}`, { redirect: 'manual' });
    expect(r.status).toBe(307);
    const location = new URL(r.headers.get('location')!);
    expect(location.origin).not.toBe(t.baseUrl);
    expect(location.pathname).toBe(CREDS);
    expect((await fetch(`${t.baseUrl}${CONFIGS}`, { redirect: 'manual' })).headers.get('location')).toBe('https://elsewhere.example/x');
  });
});
