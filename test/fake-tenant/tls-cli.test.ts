// TLS with the CA made at start, and the command line.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args';
import { startFakeTenant, type FakeTenant, type ReadyInfo } from './server';
import { LOOPBACK, authorizationCode } from './test-helpers';

let tenant: FakeTenant | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  await tenant?.stop();
  tenant = undefined;
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

describe('TLS', () => {
  it('serves HTTPS that trusts only the printed CA, for 127.0.0.1 and localhost', async () => {
    tenant = await startFakeTenant({ tls: true });
    const t = tenant;
    expect(t.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(t.caFile).toBeDefined();
    const ca = readFileSync(t.caFile!, 'utf8');
    expect(ca).toBe(t.caPem);
    expect(ca).toContain('BEGIN CERTIFICATE');
    expect(t.readyInfo()).toMatchObject({ tls: true, caFile: t.caFile });

    const dispatcher = new Agent({ connect: { ca } });
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const res = await fetch(`https://${host}:${t.port}/ai/api/v1/llm_credentials`, {
          headers: { authorization: `Bearer ${t.apiAccessToken}` },
          dispatcher,
        } as RequestInit);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ data: [], total: 0 });
      }
    } finally {
      await dispatcher.close();
    }
    // without the CA the certificate is not trusted
    await expect(fetch(`${t.baseUrl}/ai/api/v1/llm_credentials`)).rejects.toThrow(/fetch failed/);

    // node:https with the CA file works as well
    const status = await new Promise<number>((resolve, reject) => {
      httpsGet(`${t.baseUrl}/ai/api/v1/llm_credentials`, { ca, headers: { authorization: `Bearer ${t.apiAccessToken}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(200);

    await t.stop();
    expect(existsSync(t.caFile!)).toBe(false);
  });
});

describe('browser sign-in over TLS', () => {
  it('answerConsent() trusts the tenant CA, and the code it gets is exchanged', async () => {
    tenant = await startFakeTenant({ tls: true });
    const t = tenant;
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const { code, verifier } = await authorizationCode(t, app.clientId);
    const dispatcher = new Agent({ connect: { ca: t.caPem! } });
    try {
      const res = await fetch(`${t.baseUrl}/oauth/v1/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: LOOPBACK,
          client_id: app.clientId,
          code_verifier: verifier,
        }),
        dispatcher,
      } as RequestInit);
      expect(res.status).toBe(200);
    } finally {
      await dispatcher.close();
    }
  });
});

describe('command line', () => {
  it('parses options', () => {
    const { options, help } = parseCliArgs([
      '--port=0',
      '--tls',
      '--token-ttl',
      '5',
      '--seed-credentials',
      '3',
      '--seed-configs=4',
      '--fault',
      'kind=429,path=/ai/api/v1/config/llm,times=1',
      '--fault-rate',
      '0.1',
      '--fault-kinds',
      '502,reset',
      '--no-listing-base-url',
      'http://a:1',
      '--no-listing-base-url',
      'b.internal',
      '--page-size',
      '7',
      '--catalog-size',
      '10000',
      '--self-hosted-models',
      'm1, m2',
      '--client-id',
      'cid',
      '--log',
    ]);
    expect(help).toBe(false);
    expect(options).toEqual({
      port: 0,
      tls: true,
      tokenTtlSeconds: 5,
      seedCredentials: 3,
      seedConfigs: 4,
      faults: [
        { kind: '429', path: '/ai/api/v1/config/llm', times: 1 },
        { kind: ['502', 'reset'], rate: 0.1 },
      ],
      nonListingBaseUrls: ['http://a:1', 'b.internal'],
      pageSize: 7,
      catalogSize: 10000,
      selfHostedModels: ['m1', 'm2'],
      clientId: 'cid',
      logRequests: true,
    });
    expect(() => parseCliArgs(['--bogus'])).toThrow(/Unknown option/);
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/number/);
    expect(() => parseCliArgs(['--seed-configs', '2'])).toThrow(/seed credential/);
    expect(parseCliArgs(['--help']).help).toBe(true);
  });

  it('prints exactly one JSON line when ready, serves, and stops on SIGTERM', async () => {
    const cwd = process.cwd();
    child = spawn(
      process.execPath,
      ['--import', 'tsx', join('test', 'fake-tenant', 'cli.ts'), '--port', '0', '--tls', '--seed-credentials', '2'],
      {
        cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const proc = child;
    const lines: string[] = [];
    const rl = createInterface({ input: proc.stdout! });
    const first = await new Promise<string>((resolve, reject) => {
      rl.on('line', (line) => {
        lines.push(line);
        if (lines.length === 1) resolve(line);
      });
      proc.once('exit', (code) => reject(new Error(`exited early with ${String(code)}`)));
    });
    const info = JSON.parse(first) as ReadyInfo;
    expect(info).toMatchObject({ tls: true, baseUrl: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/) });
    for (const key of ['clientId', 'clientSecret', 'apiAccessToken', 'refreshToken', 'caFile'] as const) {
      expect(typeof info[key]).toBe('string');
    }
    expect(typeof info.userId).toBe('number');

    const dispatcher = new Agent({ connect: { ca: readFileSync(info.caFile!) } });
    try {
      const res = await fetch(`${info.baseUrl}/ai/api/v1/llm_credentials`, {
        headers: { authorization: `Bearer ${info.apiAccessToken}` },
        dispatcher,
      } as RequestInit);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { total: number }).total).toBe(2);
    } finally {
      await dispatcher.close();
    }

    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines).toHaveLength(1);
    expect(existsSync(info.caFile!)).toBe(false);
  });
});
