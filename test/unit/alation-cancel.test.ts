// Cancellation: an aborted call rejects with 'cancelled' at once and really lets go of the socket,
// wherever it is (on the wire, queued for a slot, sleeping between retries, waiting for a token).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAlationClient, type AlationClient, type AlationClientOptions } from '../../src-main/alation/client';
import { AppError } from '../../src-shared/errors';
import { memoryLogger } from '../support/memory-logger';
import { API_TOKEN, sendJson, startScriptedServer, type Handler, type ScriptedServer } from './alation-test-server';

let server: ScriptedServer | undefined;
let client: AlationClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.stop();
  client = undefined;
  server = undefined;
});

const EMPTY = { data: [], total: 0 };

async function setup(handler: Handler, extra: Partial<AlationClientOptions> = {}) {
  server = await startScriptedServer(handler);
  client = createAlationClient({ baseUrl: server.baseUrl, auth: { method: 'apiToken', token: API_TOKEN }, ...extra });
  return { server, client };
}

/** Fails the test instead of hanging when `p` does not settle in time. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);
}

async function cancelled(p: Promise<unknown>): Promise<void> {
  const e = await within(
    p.then(
      () => new Error('expected a cancellation'),
      (x: unknown) => x,
    ),
    2000,
    'the cancellation',
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe('cancelled');
}

const hang: Handler = () => undefined;

describe('aborting a call', () => {
  it('while in flight rejects at once and closes the socket (the server sees it)', async () => {
    const { server, client } = await setup(hang);
    const controller = new AbortController();
    const call = client.listCredentials({ signal: controller.signal });
    await within(server.waitForRequests(1), 2000, 'the request');
    expect(server.openSockets()).toBe(1);
    const closed = server.nextSocketClose();
    controller.abort();
    await cancelled(call);
    await within(closed, 2000, 'the server to see the connection close');
    expect(server.requests).toHaveLength(1);
  });

  it('before it starts sends nothing', async () => {
    const { server, client } = await setup(hang);
    const controller = new AbortController();
    controller.abort();
    await cancelled(client.getLlmPreference({ signal: controller.signal }));
    expect(server.requests).toHaveLength(0);
  });

  it('while queued behind the in-flight limit rejects at once and never sends', async () => {
    const { server, client } = await setup((_req, res, _seen, n) => (n === 1 ? undefined : sendJson(res, 200, EMPTY)), {
      maxConcurrent: 1,
    });
    const first = new AbortController();
    const firstCall = client.listCredentials({ signal: first.signal });
    await within(server.waitForRequests(1), 2000, 'the first request');
    const queued = new AbortController();
    const queuedCall = client.listCredentials({ signal: queued.signal });
    queued.abort();
    await cancelled(queuedCall);
    first.abort();
    await cancelled(firstCall);
    // The slot is free again, and the cancelled call did not sneak out when it was.
    await expect(client.listCredentials()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('during a backoff sleep rejects at once without another attempt', async () => {
    const log = memoryLogger();
    const { server, client } = await setup((_req, res) => sendJson(res, 503, { detail: 'busy' }), {
      retry: { retries: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      log,
    });
    const controller = new AbortController();
    const call = client.listCredentials({ signal: controller.signal });
    await within(server.waitForRequests(1), 2000, 'the first attempt');
    // The client says it is about to sleep before the next attempt.
    await vi.waitFor(() => expect(log.entries.some((e) => e.event === 'alation.retry')).toBe(true));
    controller.abort();
    await cancelled(call);
    expect(server.requests).toHaveLength(1);
  });

  it('during a backoff even when an injected sleep ignores the signal', async () => {
    const log = memoryLogger();
    const { server, client } = await setup((_req, res) => sendJson(res, 503, { detail: 'busy' }), {
      sleep: () => new Promise<void>(() => undefined),
      log,
    });
    const controller = new AbortController();
    const call = client.listCredentials({ signal: controller.signal });
    await within(server.waitForRequests(1), 2000, 'the first attempt');
    await vi.waitFor(() => expect(log.entries.some((e) => e.event === 'alation.retry')).toBe(true));
    controller.abort();
    await cancelled(call);
    expect(server.requests).toHaveLength(1);
  });

  it('while waiting for a token aborts the token request when nobody else waits for it', async () => {
    const { server, client } = await setup(hang, { auth: { method: 'oauth', clientId: 'client-1', clientSecret: 'unit-secret-123456' } });
    const controller = new AbortController();
    const call = client.listCredentials({ signal: controller.signal });
    await within(server.waitForRequests(1), 2000, 'the token request');
    expect(server.requests[0]!.url).toBe('/oauth/v2/token/');
    const closed = server.nextSocketClose();
    controller.abort();
    await cancelled(call);
    await within(closed, 2000, 'the token request socket to close');
  });

  it('while waiting for a shared token does not fail the other waiter', async () => {
    let release: (() => void) | undefined;
    const { server, client } = await setup(
      (req, res) => {
        if (req.url === '/oauth/v2/token/')
          release = () => sendJson(res, 200, { access_token: 'unit-access-token-1', token_type: 'Bearer', expires_in: 3600 });
        else sendJson(res, 200, EMPTY);
      },
      { auth: { method: 'oauth', clientId: 'client-1', clientSecret: 'unit-secret-123456' } },
    );
    const controller = new AbortController();
    const leaving = client.listCredentials({ signal: controller.signal });
    const staying = client.listLlmConfigs();
    await within(server.waitForRequests(1), 2000, 'the token request');
    controller.abort();
    await cancelled(leaving);
    release!();
    await expect(within(staying, 2000, 'the other caller')).resolves.toEqual([]);
    expect(server.requests.filter((r) => r.url === '/oauth/v2/token/')).toHaveLength(1);
  });
});

describe('closing the client', () => {
  it('cancels what is in flight and refuses later calls', async () => {
    const { server, client } = await setup(hang);
    const call = cancelled(client.listCredentials());
    await within(server.waitForRequests(1), 2000, 'the request');
    await client.close();
    await call;
    await cancelled(client.listCredentials());
    expect(server.requests).toHaveLength(1);
  });
});
