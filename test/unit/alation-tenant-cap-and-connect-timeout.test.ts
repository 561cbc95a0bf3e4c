// Two README claims about the API client (src-main/alation/): at most 4 requests in flight per
// tenant, on top of the cap across all tenants, so a slow tenant holds back no other; and a connect
// timeout of its own, reported as a failure to connect, apart from a slow answer.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ServerResponse } from 'node:http';
import pLimit from 'p-limit';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlationClient, type AlationClient } from '../../src-main/alation/client';
import { mayHaveReachedTenant } from '../../src-main/alation/errors';
import { failure } from '../support/app-error';
import { API_TOKEN, sendJson, startScriptedServer, type ScriptedServer } from './alation-test-server';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

const credential = (n: number) => ({ id: `cred-${n}`, name: `Credential ${n}`, creds_type: 'API_KEY' });

/** A tenant that answers nothing until the test says so, and counts what it holds at once. */
async function heldTenant(): Promise<{ server: ScriptedServer; held: ServerResponse[]; answer(count: number): void; most: () => number }> {
  const held: ServerResponse[] = [];
  let most = 0;
  const server = await startScriptedServer((_req, res) => {
    held.push(res);
    most = Math.max(most, held.length);
  });
  cleanups.push(() => server.stop());
  return {
    server,
    held,
    most: () => most,
    answer: (count) => {
      for (const res of held.splice(0, count)) sendJson(res, 200, credential(1));
    },
  };
}

function clientOf(baseUrl: string, extra: Partial<Parameters<typeof createAlationClient>[0]> = {}): AlationClient {
  const client = createAlationClient({ baseUrl, auth: { method: 'bearer', token: API_TOKEN }, ...extra });
  cleanups.push(() => client.close());
  return client;
}

describe('requests in flight per tenant', () => {
  it('sends at most 4 at once to one tenant, by default; the next goes when one is answered', async () => {
    const tenant = await heldTenant();
    // A cap across all tenants far above 4, to see how many calls got past the tenant's own.
    const all = pLimit(100);
    const client = clientOf(tenant.server.baseUrl, { globalLimit: all });
    const calls = Array.from({ length: 10 }, (_, i) => client.getCredential(`cred-${i}`));
    await tenant.server.waitForRequests(4);
    expect(all.activeCount + all.pendingCount).toBe(4);
    expect(tenant.held).toHaveLength(4);

    tenant.answer(1);
    await tenant.server.waitForRequests(5);
    expect(all.activeCount + all.pendingCount).toBe(4);
    // The rest, each answered as it arrives.
    for (let seen = 5; seen < 10; seen++) {
      tenant.answer(1);
      await tenant.server.waitForRequests(seen + 1);
    }
    tenant.answer(4);
    expect(await Promise.all(calls)).toHaveLength(10);
    expect(tenant.most()).toBe(4);
  });

  it('a tenant holding its 4 holds back no other tenant', async () => {
    const slow = await heldTenant();
    const quick = await startScriptedServer((_req, res) => sendJson(res, 200, credential(2)));
    cleanups.push(() => quick.stop());
    const all = pLimit(16);
    const slowClient = clientOf(slow.server.baseUrl, { globalLimit: all });
    const quickClient = clientOf(quick.baseUrl, { globalLimit: all });
    const waiting = Array.from({ length: 8 }, (_, i) => slowClient.getCredential(`cred-${i}`));
    await slow.server.waitForRequests(4);
    // The slow tenant's queue holds none of the shared slots: the other tenant is answered now.
    expect(await quickClient.getCredential('cred-2')).toMatchObject({ id: 'cred-2' });
    expect(all.activeCount).toBe(4);
    slow.answer(4);
    await slow.server.waitForRequests(8);
    slow.answer(4);
    await Promise.all(waiting);
  });
});

describe('the connect timeout', () => {
  const quickConnect = { connectTimeoutMs: 200, requestTimeoutMs: 5_000, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } };
  /** A TCP server that accepts and then says nothing: a TLS handshake with it never ends. */
  async function silentServer(): Promise<{ port: number; sockets: Socket[] }> {
    const sockets: Socket[] = [];
    const server: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    });
    return { port: (server.address() as AddressInfo).port, sockets };
  }

  // The two deadlines are raced, not timed: the whole-request one (5 s) would answer "did not
  // answer in time", so a connect deadline that was not applied fails the test.
  it('gives up connecting on its own deadline, before the whole-request one, and says it could not connect', async () => {
    const { port, sockets } = await silentServer();
    const client = clientOf(`https://127.0.0.1:${port}`, quickConnect);
    const e = await failure(client.getCredential('cred-1'));
    expect(e.code).toBe('timeout');
    expect(e.message).toMatch(/Could not connect to 127\.0\.0\.1:\d+ in time/);
    expect(e.details).toMatchObject({ phase: 'connect' });
    expect(sockets.length).toBeGreaterThan(0);
  });

  it('tells a create that could not connect from one whose answer was lost: it was never sent, so nothing is looked for', async () => {
    const { port } = await silentServer();
    const client = clientOf(`https://127.0.0.1:${port}`, quickConnect);
    const e = await failure(client.createCredential({ name: 'x', creds_type: 'API_KEY', api_key: 'sk-never-sent-1234' }));
    expect(e).toMatchObject({ code: 'timeout', details: { phase: 'connect' } });
    expect(mayHaveReachedTenant(e)).toBe(false);
  });
});
