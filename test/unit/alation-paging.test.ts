// Lists are read page by page until complete, whatever form the tenant answers them in.
import { afterEach, describe, expect, it } from 'vitest';
import { createAlationClient, type AlationClient } from '../../src-main/alation/client';
import { AppError } from '../../src-shared/errors';
import { API_TOKEN, sendJson, startScriptedServer, type Handler, type ScriptedServer } from './alation-test-server';

let server: ScriptedServer | undefined;
let client: AlationClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.stop();
  client = undefined;
  server = undefined;
});

const cred = (i: number) => ({ id: `cred-${i}`, name: `Cred ${i}`, creds_type: 'API_KEY' });
const ALL = Array.from({ length: 7 }, (_, i) => cred(i + 1));

function paging(url: string): { limit: number; skip: number; query: URLSearchParams } {
  const query = new URL(url, 'http://x').searchParams;
  return { limit: Number(query.get('limit')), skip: Number(query.get('skip')), query };
}

async function setup(handler: Handler, pageSize = 3) {
  server = await startScriptedServer(handler);
  client = createAlationClient({ baseUrl: server.baseUrl, auth: { method: 'apiToken', token: API_TOKEN }, pageSize });
  return { server, client };
}

describe('paged lists', () => {
  it('reads {results, count} pages (Alation’s own client reads both shapes), and says how many pages it read', async () => {
    const { server, client } = await setup((req, res) => {
      const { limit, skip } = paging(req.url!);
      sendJson(res, 200, { results: ALL.slice(skip, skip + limit), count: ALL.length });
    });
    const pages: number[] = [];
    const list = await client.listCredentials({ onPage: (n) => pages.push(n) });
    expect(list.map((c) => c.id)).toEqual(ALL.map((c) => c.id));
    expect(server.requests).toHaveLength(3);
    expect(pages).toEqual([1, 2, 3]);
  });

  it('reads {data, total} pages until total is reached', async () => {
    const { server, client } = await setup((req, res) => {
      const { limit, skip } = paging(req.url!);
      sendJson(res, 200, { data: ALL.slice(skip, skip + limit), total: ALL.length });
    });
    const list = await client.listCredentials();
    expect(list.map((c) => c.id)).toEqual(ALL.map((c) => c.id));
    // The pages after the first are read concurrently: they may arrive in either order.
    expect(server.requests.map((r) => paging(r.url).skip).sort((a, b) => a - b)).toEqual([0, 3, 6]);
    expect(server.requests.every((r) => paging(r.url).limit === 3)).toBe(true);
  });

  it('sends skip and offset alike, so either convention works', async () => {
    const { server, client } = await setup((req, res) => {
      const q = paging(req.url!).query;
      const offset = Number(q.get('offset'));
      sendJson(res, 200, { data: ALL.slice(offset, offset + 3), total: ALL.length });
    });
    expect(await client.listCredentials()).toHaveLength(7);
    expect(server.requests).toHaveLength(3);
  });

  it('reads bare-array pages until a short page', async () => {
    const { server, client } = await setup((req, res) => {
      const { limit, skip } = paging(req.url!);
      sendJson(res, 200, ALL.slice(skip, skip + limit));
    });
    expect((await client.listCredentials()).map((c) => c.id)).toEqual(ALL.map((c) => c.id));
    expect(server.requests).toHaveLength(3);
  });

  it('stops at an empty page when the list fills pages exactly', async () => {
    const six = ALL.slice(0, 6);
    const { server, client } = await setup((req, res) => {
      const { limit, skip } = paging(req.url!);
      sendJson(res, 200, six.slice(skip, skip + limit));
    });
    expect(await client.listCredentials()).toHaveLength(6);
    expect(server.requests.map((r) => paging(r.url).skip)).toEqual([0, 3, 6]);
  });

  it('takes a list the tenant sends whole (ignoring limit) in one request', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 200, { data: ALL, total: ALL.length }));
    expect(await client.listCredentials()).toHaveLength(7);
    expect(server.requests).toHaveLength(1);
  });

  it('does not loop when a tenant ignores skip on a bare array', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 200, ALL.slice(0, 3)));
    expect(await client.listCredentials()).toHaveLength(3);
    expect(server.requests).toHaveLength(2);
  });

  it('fails rather than return part of a list when a tenant ignores skip under a larger total', async () => {
    const { client } = await setup((_req, res) => sendJson(res, 200, { data: ALL.slice(0, 3), total: 7 }));
    const e = await client.listCredentials().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('bad_response');
  });

  it('keeps reading when the tenant caps the page size below ours', async () => {
    const { server, client } = await setup((req, res) => {
      const { skip } = paging(req.url!);
      sendJson(res, 200, { data: ALL.slice(skip, skip + 2), total: ALL.length });
    });
    expect(await client.listCredentials()).toHaveLength(7);
    expect(server.requests).toHaveLength(4);
  });

  it('passes the config filters on every page', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 200, { data: [], total: 0 }));
    await client.listLlmConfigs({ llmCredentialsId: 'c-1', isEmbedding: true });
    const q = paging(server.requests[0]!.url).query;
    expect(new URL(server.requests[0]!.url, 'http://x').pathname).toBe('/ai/api/v1/config/llm');
    expect(q.get('llm_credentials_id')).toBe('c-1');
    expect(q.get('is_embedding')).toBe('true');
  });
});
