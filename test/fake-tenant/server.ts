// The fake Alation tenant: a node:http(s) server on 127.0.0.1 with a programmatic API for tests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthStore, randomToken } from './auth';
import { makeCertificates } from './certs';
import { driveConsent } from './consent-driver';
import type { RequestCtx, TenantCore } from './context';
import { activateFaults, faultReply, pickFault, REDIRECTED_MARK, type ActiveFault, type FaultHit } from './faults';
import { detail, json, type Reply } from './http-util';
import { resolveOptions, type FakeTenantOptions } from './options';
import { makeAgent } from './routes-agents';
import { route } from './router';
import { seedState } from './seed';
import { builtInConfigs, guideCredentialBodies, newId, nowIso, type TenantState } from './state';
import type { FakeTenant, ReadyInfo, RequestLogEntry } from './tenant-api';
import { UserOAuthStore } from './user-oauth';

export type { FakeTenantOptions, ResolvedOptions } from './options';
export type { FaultKind, FaultRule } from './faults';
export type { TenantState, StoredCredential, PublicCredential, LlmConfig, LlmExtraConfig, LlmPreference, FeatureOverride } from './state';
export type { TokenRecord } from './auth';
export type { FakeTenant, ReadyInfo, RequestLogEntry, ConsentOutcome } from './tenant-api';
export type { Agent } from './state';
export type { AgentInput } from './routes-agents';
export type { OAuthApp, OAuthAppRequest } from './user-oauth';
export { FEATURE_KEYS, SECRET_FIELDS, isMaskedSecret, maskSecret } from './state';
export { DEFAULT_NON_LISTING_BASE_URLS } from './catalog';

const MAX_BODY = 1024 * 1024;

/** Small seeded PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function bodyForLog(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    /* not JSON */
  }
  if ((contentType ?? '').includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  return raw;
}

function authKind(req: IncomingMessage): RequestLogEntry['auth'] {
  const a = req.headers.authorization;
  if (typeof a === 'string' && /^\s*Bearer\s/i.test(a)) return 'bearer';
  if (typeof a === 'string' && /^\s*Basic\s/i.test(a)) return 'basic';
  if (req.headers.token !== undefined) return 'token';
  return null;
}

export async function startFakeTenant(options: FakeTenantOptions = {}): Promise<FakeTenant> {
  const opts = resolveOptions(options);
  const random = prng(opts.randomSeed ?? Math.floor(Math.random() * 2 ** 31));
  const clientId = opts.clientId ?? `byom-desk-${randomToken(6)}`;
  const clientSecret = opts.clientSecret ?? randomToken(24);
  const refreshToken = opts.refreshToken ?? randomToken(40);
  const userId = opts.userId ?? 1 + Math.floor(Math.random() * 999);

  let certs: { caPem: string; key: string; cert: string } | undefined;
  let tempDir: string | undefined;
  let caFile: string | undefined;
  if (opts.tls) {
    certs = await makeCertificates();
    tempDir = await mkdtemp(join(tmpdir(), 'byom-fake-tenant-'));
    caFile = join(tempDir, 'ca.pem');
    await writeFile(caFile, certs.caPem, { mode: 0o600 });
  }

  // Made once per instance: built-in and seeded ids stay the same across reset().
  const seed = seedState(opts, opts.builtInConfigs ? builtInConfigs() : []);
  let data = structuredClone(seed);
  let faults: ActiveFault[] = activateFaults(opts.faults);
  let latency = { latencyMs: opts.latencyMs, jitterMs: opts.jitterMs };
  let log: RequestLogEntry[] = [];
  let seq = 0;
  const sockets = new Set<Socket>();
  let stopping = false;

  // The issuer needs the port; the stores are made right after listen, before any request is served.
  let stores: { auth: AuthStore; users: UserOAuthStore; baseUrl: string } | undefined;
  const core = (): TenantCore => ({ data, opts, ...stores! });

  const send = (res: ServerResponse, reply: Reply): void => {
    const headers: Record<string, string | number> = { ...(reply.headers ?? {}) };
    if (reply.body !== undefined) headers['content-length'] = Buffer.byteLength(reply.body);
    else if (reply.status !== 204 && reply.status !== 304) headers['content-length'] = 0;
    res.writeHead(reply.status, headers);
    res.end(reply.body);
  };

  const applyFault = (req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, hit: FaultHit, original?: Reply): void => {
    entry.fault = hit.kind;
    if (hit.kind === 'hang') return; // never answers; stop() drops the connection
    if (hit.kind === 'reset') {
      const socket = req.socket as Socket & { resetAndDestroy?: () => void };
      try {
        if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
        else socket.destroy();
      } catch {
        socket.destroy();
      }
      return;
    }
    const url = new URL(req.url ?? '/', 'http://fake-tenant');
    const request = { baseUrl: stores!.baseUrl, path: url.pathname, search: url.search };
    const reply = faultReply(hit, request, original ? { status: original.status, body: original.body ?? '' } : undefined);
    if (reply) {
      entry.status = reply.status;
      send(res, reply);
    }
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://fake-tenant');
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: RequestLogEntry = {
      seq: ++seq,
      method,
      path: url.pathname,
      query: url.search,
      time: started,
      status: null,
      durationMs: null,
      fault: null,
      auth: authKind(req),
    };
    log.push(entry);
    res.on('finish', () => {
      entry.durationMs = Date.now() - started;
    });
    if (opts.logRequests) {
      res.on('finish', () =>
        process.stderr.write(
          `${new Date(started).toISOString()} ${method} ${req.url ?? ''} ` +
            `${String(res.statusCode)}${entry.fault ? ` [fault ${entry.fault}]` : ''}\n`,
        ),
      );
    }

    const raw = await readBody(req);
    if (raw === null) {
      entry.status = 413;
      send(res, detail(413, 'Request body too large'));
      return;
    }
    const body = bodyForLog(raw, req.headers['content-type']);
    if (body !== undefined) entry.body = body;

    const delay = latency.latencyMs + (latency.jitterMs > 0 ? Math.floor(random() * (latency.jitterMs + 1)) : 0);
    if (delay > 0) await sleep(delay);
    if (stopping) return;

    // A request sent on by a same-origin redirect fault is served normally, without the mark.
    const redirected = url.searchParams.has(REDIRECTED_MARK);
    const query = new URLSearchParams(url.searchParams);
    query.delete(REDIRECTED_MARK);
    const before = pickFault(faults, method, url.pathname, 'before', random, redirected);
    if (before) {
      applyFault(req, res, entry, before);
      return;
    }
    const ctx: RequestCtx = {
      method,
      path: url.pathname,
      query,
      headers: req.headers,
      rawBody: raw,
      core: core(),
    };
    let reply: Reply;
    try {
      reply = await route(ctx);
    } catch (e) {
      process.stderr.write(`fake-tenant: handler error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      reply = json(500, { detail: 'Internal Server Error' });
    }
    const after = pickFault(faults, method, url.pathname, 'after', random, redirected);
    if (after) {
      applyFault(req, res, entry, after, reply);
      return;
    }
    entry.status = reply.status;
    send(res, reply);
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    onRequest(req, res).catch((e: unknown) => {
      process.stderr.write(`fake-tenant: request error: ${String(e)}\n`);
      if (!res.headersSent) {
        try {
          send(res, json(500, { detail: 'Internal Server Error' }));
        } catch {
          /* socket gone */
        }
      }
    });
  };

  const server: Server = certs ? createHttpsServer({ key: certs.key, cert: certs.cert }, handler) : createHttpServer(handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `${certs ? 'https' : 'http'}://127.0.0.1:${port}`;
  const store = new AuthStore({
    clientId,
    clientSecret,
    refreshToken,
    userId,
    tokenTtlSeconds: opts.tokenTtlSeconds,
    apiTokenTtlSeconds: opts.apiTokenTtlSeconds,
    refreshTokenTtlSeconds: opts.refreshTokenTtlSeconds,
    issuer: baseUrl,
  });
  const users = new UserOAuthStore(
    { userId, accessTtlSeconds: opts.userTokenTtlSeconds, refreshTtlSeconds: opts.userRefreshTokenTtlSeconds },
    store,
  );
  stores = { auth: store, users, baseUrl };
  // Checked by the options schema already; a refusal here still must not leave the server listening.
  try {
    for (const app of opts.oauthApps) users.register(app);
  } catch (e) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw e;
  }
  const apiAccessToken = store.issueApi(userId, opts.apiTokenTtlSeconds, opts.apiAccessToken ?? randomToken(36)).token;

  let stopped: Promise<void> | undefined;
  const ready: ReadyInfo = {
    baseUrl,
    port,
    clientId,
    clientSecret,
    apiAccessToken,
    refreshToken,
    userId,
    tls: opts.tls,
    ...(caFile !== undefined ? { caFile } : {}),
    ...(opts.oauthApps.length > 0 ? { oauthApps: opts.oauthApps.map(({ pkceRequired: _p, ...app }) => structuredClone(app)) } : {}),
  };
  const { tls: _tls, ...connection } = ready;
  const tenant: FakeTenant = {
    ...connection,
    ...(caFile !== undefined && certs ? { caPem: certs.caPem } : {}),
    options: opts,
    readyInfo: () => structuredClone(ready),
    stop: () => {
      stopped ??= (async () => {
        stopping = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        await closed;
        if (tempDir) await rm(tempDir, { recursive: true, force: true });
      })();
      return stopped;
    },
    reset: () => {
      data = structuredClone(seed);
      faults = activateFaults(opts.faults);
      latency = { latencyMs: opts.latencyMs, jitterMs: opts.jitterMs };
      log = [];
      seq = 0;
    },
    state: () => structuredClone(data),
    setState: (next) => {
      // States saved before agents existed have none.
      data = { ...structuredClone(next), agents: structuredClone((next as Partial<TenantState>).agents ?? []) };
    },
    mutate: (fn) => fn(data),
    requests: () => structuredClone(log),
    clearRequests: () => {
      log = [];
    },
    setFaults: (rules) => {
      faults = activateFaults(rules);
    },
    addFault: (rule) => {
      faults = [...faults, ...activateFaults([rule])];
    },
    clearFaults: () => {
      faults = [];
    },
    faults: () => faults.map((f) => ({ rule: structuredClone(f.rule), fired: f.fired, remaining: f.remaining })),
    setLatency: ({ latencyMs, jitterMs = 0 }) => {
      latency = { latencyMs, jitterMs };
    },
    issueAccessToken: (ttlSeconds) => store.issueOauth(clientId, ttlSeconds).token,
    issueApiAccessToken: (ttlSeconds) => store.issueApi(userId, ttlSeconds).token,
    expireToken: (token) => store.expire(token),
    revokeToken: (token) => store.revoke(token),
    expireRefreshToken: () => store.expireRefreshToken(),
    tokens: () => [...store.list(), ...users.listRefreshTokens()],
    registerOAuthApp: (request) => {
      const app = users.register(request);
      return { clientId: app.clientId, ...(app.clientSecret !== undefined ? { clientSecret: app.clientSecret } : {}) };
    },
    oauthApps: () => users.list(),
    answerConsent: (authorizeUrl, decision) => driveConsent(baseUrl, authorizeUrl, decision, certs?.caPem),
    expireUserAccessTokens: () => store.expireKind('user'),
    revokeRefreshTokens: () => users.revokeAll(),
    expireRefreshTokens: () => users.expireAll(),
    addAgent: (input) => {
      const agent = makeAgent(input);
      data.agents.push(agent);
      return structuredClone(agent);
    },
  };
  return tenant;
}

// Re-exported for tests that build bodies the way the seed does.
export { guideCredentialBodies, newId, nowIso };
