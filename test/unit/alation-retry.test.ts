// Retries: which requests, on what, how long to wait, and when to give up.
import { afterEach, describe, expect, it } from 'vitest';
import { createAlationClient, type AlationClient } from '../../src-main/alation/client';
import { backoffDelay, parseRetryAfter } from '../../src-main/alation/http';
import { API_TOKEN, instantSleep, sendJson, startScriptedServer, type Handler, type ScriptedServer } from './alation-test-server';
import { failure } from '../support/app-error';

let server: ScriptedServer | undefined;
let client: AlationClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.stop();
  client = undefined;
  server = undefined;
});

const CREDS = '/ai/api/v1/llm_credentials';
const EMPTY = { data: [], total: 0 };
const NOW = Date.parse('2025-06-01T12:00:00Z');

async function setup(handler: Handler, retry = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 }) {
  server = await startScriptedServer(handler);
  const timing = instantSleep();
  client = createAlationClient({
    baseUrl: server.baseUrl,
    auth: { method: 'apiToken', token: API_TOKEN },
    retry,
    sleep: timing.sleep,
    random: () => 0.5,
    now: () => NOW,
  });
  return { server, client, delays: timing.delays };
}

/** Answers the given statuses in turn (with headers), then 200 with `final`. */
function sequence(steps: ({ status: number; headers?: Record<string, string> } | 'reset')[], final: unknown = EMPTY): Handler {
  return (_req, res, _seen, n) => {
    const step = steps[n - 1];
    if (step === 'reset') {
      res.socket?.destroy();
      return;
    }
    if (step) sendJson(res, step.status, { detail: `status ${step.status}` }, step.headers);
    else sendJson(res, 200, final);
  };
}

describe('GET retries', () => {
  it.each([502, 503, 504, 429])('retries a GET answered %i and then succeeds', async (status) => {
    const { server, client } = await setup(sequence([{ status }, { status }]));
    await expect(client.listCredentials()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(3);
    expect(server.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('retries a GET whose connection was reset', async () => {
    const { server, client } = await setup(sequence(['reset']));
    await expect(client.listCredentials()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a plain 500 or a 4xx', async () => {
    const { server, client } = await setup(sequence([{ status: 500 }]));
    expect((await failure(client.listCredentials())).code).toBe('server');
    expect(server.requests).toHaveLength(1);
  });

  it('waits with exponential backoff and jitter between attempts', async () => {
    const { client, delays } = await setup(sequence([{ status: 503 }, { status: 503 }, { status: 503 }]));
    await client.listCredentials();
    // random() = 0.5: half the step fixed plus a quarter: 100 -> 75, 200 -> 150, 400 -> 300
    expect(delays).toEqual([75, 150, 300]);
  });

  it('honours Retry-After in seconds', async () => {
    const { client, delays } = await setup(sequence([{ status: 429, headers: { 'retry-after': '2' } }]));
    await client.listCredentials();
    expect(delays).toEqual([2000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(NOW + 3000).toUTCString();
    const { client, delays } = await setup(sequence([{ status: 503, headers: { 'retry-after': at } }]));
    await client.listCredentials();
    expect(delays).toEqual([3000]);
  });

  it('caps a long Retry-After', async () => {
    const { client, delays } = await setup(sequence([{ status: 429, headers: { 'retry-after': '3600' } }]));
    await client.listCredentials();
    expect(delays).toEqual([5000]);
  });

  it('gives up after the configured retries with the last status in the error', async () => {
    const { server, client } = await setup(sequence([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }]));
    const e = await failure(client.listCredentials());
    expect(server.requests).toHaveLength(4);
    expect(e.code).toBe('server');
    expect(e.details).toMatchObject({ status: 503, method: 'GET', path: CREDS });
    expect(e.message).toMatch(/after 3 retries/);
  });

  it('gives up on repeated resets with a network error', async () => {
    const { server, client } = await setup(sequence(['reset', 'reset', 'reset', 'reset', 'reset']));
    const e = await failure(client.listCredentials());
    expect(server.requests).toHaveLength(4);
    expect(e.code).toBe('network');
  });

  it('gives up on repeated 429 with a message to wait', async () => {
    const many = Array.from({ length: 5 }, () => ({ status: 429, headers: { 'retry-after': '1' } }));
    const { client } = await setup(sequence(many));
    const e = await failure(client.listCredentials());
    expect(e.code).toBe('server');
    expect(e.message).toMatch(/429/);
    expect(e.message).toMatch(/[Ww]ait/);
  });
});

describe('POST is never retried; PUT and PATCH are, as they set a value', () => {
  it('does not retry a POST answered 503', async () => {
    const { server, client, delays } = await setup(sequence([{ status: 503 }]));
    const e = await failure(client.createLlmConfig({ name: 'x', provider: 'openai', llm_credentials_id: 'c', model_name: 'gpt-4o' }));
    expect(e.code).toBe('server');
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('does not retry a POST whose connection was reset', async () => {
    const { server, client } = await setup(sequence(['reset']));
    const e = await failure(client.validateCredential('c1', { provider: 'openai' }));
    expect(e.code).toBe('network');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a PUT answered 429, and a PATCH answered 503: sending either twice sets the same value', async () => {
    const { server, client } = await setup((_req, res, _s, n) => {
      if (n === 1) sendJson(res, 429, { detail: 'Too Many Requests' }, { 'retry-after': '1' });
      else if (n === 2) sendJson(res, 200, { default_llm_config_id: null, default_embedding_config_id: null, hide_default_models: true });
      else if (n === 3) sendJson(res, 503, { detail: 'Service Unavailable' });
      else sendJson(res, 200, { id: 'c1', name: 'Key', creds_type: 'API_KEY' });
    });
    await client.putLlmPreference({ hide_default_models: true });
    await client.patchCredential('c1', { api_key: 'sk-proj-new-key-1' });
    expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'PUT', 'PATCH', 'PATCH']);
  });
});

describe('DELETE retries', () => {
  it('retries a DELETE answered 502', async () => {
    const { server, client } = await setup((_req, res, _s, n) => {
      if (n === 1) sendJson(res, 502, { detail: 'Bad Gateway' });
      else res.writeHead(204).end();
    });
    await client.deleteLlmConfig('cfg-1');
    expect(server.requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('takes a 404 after a lost answer as done: the first attempt deleted it', async () => {
    const { client } = await setup((_req, res, _s, n) => {
      if (n === 1) res.socket?.destroy();
      else sendJson(res, 404, { detail: 'LLM config not found' });
    });
    await expect(client.deleteLlmConfig('cfg-1')).resolves.toBeUndefined();
  });

  it('still reports a 404 on a first attempt', async () => {
    const { client } = await setup((_req, res) => sendJson(res, 404, { detail: 'LLM config not found' }));
    expect((await failure(client.deleteLlmConfig('cfg-1'))).code).toBe('not_found');
  });
});

describe('retry timing helpers', () => {
  it('reads Retry-After seconds and dates, and ignores nonsense', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(new Date(NOW + 1500).toUTCString(), NOW)).toBe(1000); // HTTP dates have whole seconds
    expect(parseRetryAfter(new Date(NOW - 60_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });

  it('keeps the backoff within [step/2, step] and under the maximum', () => {
    const policy = { retries: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, policy, () => 0)).toBe(50);
    expect(backoffDelay(0, policy, () => 0.999999)).toBe(100);
    expect(backoffDelay(3, policy, () => 0)).toBe(400);
    expect(backoffDelay(9, policy, () => 1)).toBe(1000);
  });
});
