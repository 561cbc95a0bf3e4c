// The fake Alation tenant: a node:http(s) server on 127.0.0.1 with a programmatic API for tests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import {
  AuthStore,
  authFailure,
  handleCreateApiAccessToken,
  handleOauthToken,
  randomToken,
  tokenFromHeaders,
  type TokenRecord,
} from './auth';
import type { RequestCtx, Route, TenantCore } from './context';
import { activateFaults, faultReply, pickFault, type ActiveFault, type FaultHit, type FaultKind, type FaultRule } from './faults';
import { detail, json, type Reply } from './http-util';
import { resolveOptions, type FakeTenantOptions, type ResolvedOptions } from './options';
import { configFromBody, configRoutes } from './routes-configs';
import { credentialFromBody, credentialRoutes } from './routes-credentials';
import {
  builtInConfigs,
  emptyState,
  guideCredentialBodies,
  newId,
  nowIso,
  SEED_AWS_REGIONS,
  seedConfigFor,
  type FeatureOverride,
  type LlmConfig,
  type TenantState,
} from './state';

export type { FakeTenantOptions, ResolvedOptions } from './options';
export type { FaultKind, FaultRule } from './faults';
export type {
  TenantState,
  StoredCredential,
  PublicCredential,
  LlmConfig,
  LlmExtraConfig,
  LlmPreference,
  FeatureOverride,
} from './state';
export type { TokenRecord } from './auth';
export { FEATURE_KEYS, SECRET_FIELDS, isMaskedSecret, maskSecret } from './state';
export { DEFAULT_NON_LISTING_BASE_URLS } from './catalog';

/** One request as received by the tenant, in arrival order. */
export interface RequestLogEntry {
  /** 1, 2, 3... in arrival order. */
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string including the leading `?`, or ''. */
  query: string;
  /** Arrival time, ms since epoch. */
  time: number;
  /** Status answered; null while pending or when no answer was sent (hang, reset). */
  status: number | null;
  durationMs: number | null;
  /** Fault injected into this request, if any. */
  fault: FaultKind | null;
  /** How the request authenticated: bearer / token header / HTTP Basic (token endpoint), else null. */
  auth: 'bearer' | 'token' | 'basic' | null;
  /** Parsed body (JSON or form), the raw text when neither, undefined when empty. May hold secrets: tests only. */
  body?: unknown;
}

/** The JSON line the CLI prints when ready. */
export interface ReadyInfo {
  baseUrl: string;
  port: number;
  clientId: string;
  clientSecret: string;
  apiAccessToken: string;
  refreshToken: string;
  userId: number;
  tls: boolean;
  caFile?: string;
}

export interface FakeTenant {
  readonly baseUrl: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  /** A ready API access token (send as `TOKEN: ...` or `Authorization: Bearer ...`). */
  readonly apiAccessToken: string;
  readonly refreshToken: string;
  readonly userId: number;
  /** With TLS: the CA certificate file (PEM) that signs the server certificate. */
  readonly caFile?: string;
  readonly caPem?: string;
  readonly options: ResolvedOptions;
  readyInfo(): ReadyInfo;
  /** Closes the server, drops open connections (also hanging requests), removes the CA temp dir. */
  stop(): Promise<void>;
  /**
   * Back to the start: the seed data (same ids as at start, built-in configs included), faults and
   * latency from the options; clears the request log. Tokens stay valid.
   */
  reset(): void;
  /** Deep copy of the data, secrets included. Built-in configs are in `configs` with `is_builtin: true`. */
  state(): TenantState;
  /** Replaces the data (deep-copied). For tests that need an exact starting point. */
  setState(state: TenantState): void;
  /**
   * Runs `fn` on the live data: "someone changed the tenant behind the app's back" (rotate a secret,
   * rename or delete a config, drop an override). Returns what `fn` returns; keep no references to
   * the live objects after it returns.
   */
  mutate<T>(fn: (state: TenantState) => T): T;
  /** Deep copy of the request log, in arrival order. */
  requests(): RequestLogEntry[];
  clearRequests(): void;
  setFaults(rules: FaultRule[]): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** The active rules with how often each fired and how many times remain. */
  faults(): { rule: FaultRule; fired: number; remaining: number }[];
  setLatency(latency: { latencyMs: number; jitterMs?: number }): void;
  /** Issues an OAuth access token for the client (supersedes the previous one) and returns it. */
  issueAccessToken(ttlSeconds?: number): string;
  /** Issues a further API access token and returns it. */
  issueApiAccessToken(ttlSeconds?: number): string;
  /** Makes a token expire now; false when unknown. */
  expireToken(token: string): boolean;
  /** Revokes a token; false when unknown. */
  revokeToken(token: string): boolean;
  /** Makes the refresh token expired (createAPIAccessToken then answers 401). */
  expireRefreshToken(): void;
  tokens(): TokenRecord[];
}

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

async function makeCertificates(): Promise<{ caPem: string; key: string; cert: string }> {
  const ca = await generate([{ name: 'commonName', value: 'BYOM Desk Fake Tenant CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { caPem: ca.cert, key: leaf.private, cert: leaf.cert };
}

/**
 * The start data: built-in configs (first: they come with the tenant), seeded credentials cycling
 * through the guide's eight variants, seeded configs spread over them, and with `seedPreference`
 * defaults and two feature overrides.
 */
function seedState(opts: ResolvedOptions, builtIns: readonly LlmConfig[]): TenantState {
  const data = emptyState();
  data.configs.push(...structuredClone(builtIns));
  for (let i = 0; i < opts.seedCredentials; i++) {
    const round = Math.floor(i / 8);
    const body = guideCredentialBodies(` #${round + 1}`)[i % 8]!;
    // Later rounds put their Bedrock credentials in other regions, for region-qualified providers to differ.
    if (body.creds_type === 'AWS') body.aws_region = SEED_AWS_REGIONS[round % SEED_AWS_REGIONS.length];
    const r = credentialFromBody(body);
    if (!r.ok) throw new Error(`seed credential ${i} rejected: ${r.reply.body ?? ''}`);
    data.credentials.push(r.credential);
  }
  const n = data.credentials.length;
  const seeded: LlmConfig[] = [];
  for (let i = 0; i < opts.seedConfigs; i++) {
    const cred = data.credentials[i % n]!;
    const r = configFromBody(data, seedConfigFor(cred, i, Math.floor(i / n), i % n));
    if (!r.ok) throw new Error(`seed config ${i} rejected: ${r.reply.body ?? ''}`);
    seeded.push(r.config);
  }
  data.configs.push(...seeded);
  if (opts.seedPreference) seedDefaults(data, seeded);
  return data;
}

/** Default LLM / embedding from the seeded configs, and overrides on two features with other ones. */
function seedDefaults(data: TenantState, seeded: readonly LlmConfig[]): void {
  const chat = seeded.filter((c) => !c.is_embedding);
  const embedding = seeded.find((c) => c.is_embedding);
  data.preference.default_llm_config_id = chat[0]?.id ?? null;
  data.preference.default_embedding_config_id = embedding?.id ?? null;
  const at = nowIso();
  const overrides: [FeatureOverride['feature_type'], string, LlmConfig | undefined][] = [
    ['DEFAULT_AGENT', 'sql_query_agent', chat[1] ?? chat[0]],
    ['PRODUCT_AREA', 'catalog_chat', chat[2] ?? chat[0]],
  ];
  for (const [feature_type, feature_key, cfg] of overrides) {
    if (cfg) data.featureOverrides.push({ feature_type, feature_key, llm_config_id: cfg.id, updated_at: at });
  }
}

const ROUTES: Route[] = [...credentialRoutes, ...configRoutes];

function route(ctx: RequestCtx): Reply | Promise<Reply> {
  const { method, path } = ctx;
  if ((path === '/oauth/v2/token/' || path === '/oauth/v2/token') && method === 'POST') {
    return handleOauthToken(ctx.core.auth, ctx.headers, ctx.rawBody);
  }
  if ((path === '/integration/v1/createAPIAccessToken/' || path === '/integration/v1/createAPIAccessToken') && method === 'POST') {
    return handleCreateApiAccessToken(ctx.core.auth, ctx.rawBody);
  }
  if (path === '/oauth/v2/token/' || path === '/integration/v1/createAPIAccessToken/') {
    return detail(405, 'Method Not Allowed');
  }
  // FastAPI's redirect_slashes: /ai/api/v1/x/ -> 307 /ai/api/v1/x
  if (path.startsWith('/ai/api/v1/') && path.length > '/ai/api/v1/'.length && path.endsWith('/')) {
    const qs = ctx.query.toString();
    return { status: 307, headers: { location: path.replace(/\/+$/, '') + (qs ? `?${qs}` : '') } };
  }
  // A tenant without the PATCH routes answers as FastAPI does for a route it lacks, before auth.
  const patchMissing = method === 'PATCH' && ctx.core.opts.patchRoutes !== 'supported';
  if (patchMissing && ctx.core.opts.patchRoutes === '404' && path.startsWith('/ai/api/v1/')) return detail(404, 'Not Found');
  let pathMatched = false;
  for (const r of ROUTES) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method || (patchMissing && r.method === 'PATCH')) continue;
    if (r.auth) {
      const token = tokenFromHeaders(ctx.headers);
      if (token === undefined) return authFailure('missing');
      const check = ctx.core.auth.check(token);
      if (!check.ok) return authFailure(check.reason);
    }
    return r.handler(ctx, m.slice(1));
  }
  return pathMatched ? detail(405, 'Method Not Allowed') : detail(404, 'Not Found');
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

  // The issuer needs the port; the store is made right after listen, before any request is served.
  let auth: AuthStore | undefined;
  const core = (): TenantCore => ({ data, opts, auth: auth! });

  const send = (res: ServerResponse, reply: Reply): void => {
    const headers: Record<string, string | number> = { ...(reply.headers ?? {}) };
    if (reply.body !== undefined) headers['content-length'] = Buffer.byteLength(reply.body);
    else if (reply.status !== 204 && reply.status !== 304) headers['content-length'] = 0;
    res.writeHead(reply.status, headers);
    res.end(reply.body);
  };

  const applyFault = (
    req: IncomingMessage,
    res: ServerResponse,
    entry: RequestLogEntry,
    hit: FaultHit,
    original?: Reply,
  ): void => {
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
    const reply = faultReply(hit, original ? { status: original.status, body: original.body ?? '' } : undefined);
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
      res.on('finish', () => process.stderr.write(`${new Date(started).toISOString()} ${method} ${req.url ?? ''} ${String(res.statusCode)}${entry.fault ? ` [fault ${entry.fault}]` : ''}\n`));
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

    const before = pickFault(faults, method, url.pathname, 'before', random);
    if (before) {
      applyFault(req, res, entry, before);
      return;
    }
    const ctx: RequestCtx = {
      method,
      path: url.pathname,
      query: url.searchParams,
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
    const after = pickFault(faults, method, url.pathname, 'after', random);
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

  const server: Server = certs
    ? createHttpsServer({ key: certs.key, cert: certs.cert }, handler)
    : createHttpServer(handler);
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
  auth = new AuthStore({
    clientId,
    clientSecret,
    refreshToken,
    userId,
    tokenTtlSeconds: opts.tokenTtlSeconds,
    apiTokenTtlSeconds: opts.apiTokenTtlSeconds,
    refreshTokenTtlSeconds: opts.refreshTokenTtlSeconds,
    issuer: baseUrl,
  });
  const store = auth;
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
  };
  const { tls: _tls, ...connection } = ready;
  const tenant: FakeTenant = {
    ...connection,
    ...(caFile !== undefined && certs ? { caPem: certs.caPem } : {}),
    options: opts,
    readyInfo: () => ({ ...ready }),
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
      data = structuredClone(next);
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
    tokens: () => store.list(),
  };
  return tenant;
}

// Re-exported for tests that build bodies the way the seed does.
export { guideCredentialBodies, newId, nowIso };
