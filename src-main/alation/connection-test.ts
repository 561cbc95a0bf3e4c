// "Test connection": DNS, then the TCP/TLS handshake, then sign-in, then one AI API call, so the
// report names the first layer that fails instead of one opaque error.
import { lookup as dnsLookup } from 'node:dns/promises';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ConnectionStep, ConnectionStepResult, ConnectionTestReport } from '../../src-shared/connection-report';
import { AppError } from '../../src-shared/errors';
import { createAlationClient, type AlationClient, type AlationClientOptions, type AuthenticateResult } from './client';
import { cancelledError, isCancelled, timeoutError, transportError, type CallSite } from './errors';
import { parseBaseUrl } from './http';
import { abortable, throwIfAborted } from './signals';
import { buildCaList } from './tls';

export type { ConnectionStep, ConnectionStepResult, ConnectionTestReport } from '../../src-shared/connection-report';

export type ConnectionTestOptions = Omit<AlationClientOptions, 'auth'> & {
  /** Needed only to make a client when none is given (and never read from the keychain otherwise). */
  auth?: AlationClientOptions['auth'];
  /**
   * The profile's own client. Pass it when one exists: a test with a second client would ask for
   * a second OAuth token, which invalidates the first one.
   */
  client?: AlationClient;
  signal?: AbortSignal;
  /** DNS resolution (tests inject failures). */
  lookup?: (hostname: string) => Promise<unknown>;
  /** After each of the four steps: how many are done. */
  onStep?: (done: number) => void;
};

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

function handshake(url: URL, ca: string[] | undefined, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const https = url.protocol === 'https:';
  const port = Number(url.port) || (https ? 443 : 80);
  const site: CallSite = { host: url.host };
  return new Promise<void>((resolve, reject) => {
    let socket: Socket;
    const finish = (error?: AppError) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => finish(cancelledError());
    // SNI takes host names only; an IP literal is matched against the certificate's IP entries.
    socket = https ? tlsConnect({ host, port, ca, ...(isIP(host) ? {} : { servername: host }) }) : netConnect({ host, port });
    const timer = setTimeout(() => finish(timeoutError(site, timeoutMs, 'connect')), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once(https ? 'secureConnect' : 'connect', () => finish());
    socket.once('error', (e) => finish(transportError(e, site)));
  });
}

async function resolveHost(
  url: URL,
  lookup: (h: string) => Promise<unknown>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const site: CallSite = { host: url.host };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new AppError(
            'timeout',
            `Looking up ${host} (DNS) took longer than ${Math.round(timeoutMs / 1000)} s. Check your network or VPN.`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    await abortable(Promise.race([lookup(host).catch((e: unknown) => Promise.reject(transportError(e, site))), deadline]), signal);
  } finally {
    clearTimeout(timer);
  }
}

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The sign-in step's label; for a pasted token, with its expiry once read from it. */
function authLabel(method: AlationClientOptions['auth']['method'], result?: AuthenticateResult, now?: number): string {
  switch (method) {
    case 'oauth':
      return 'Sign-in with the OAuth client';
    case 'browser':
      return 'Browser sign-in (its access token, renewed with the refresh token when due)';
    case 'bearer': {
      const base = 'Bearer token (pasted; the API call checks it)';
      if (result === undefined) return base;
      if (result.expiresAt === undefined) return `${base}: its expiry cannot be read from it`;
      const past = now !== undefined && result.expiresAt <= now;
      return `${base}: ${past ? 'expired' : 'expires'} ${utc(result.expiresAt)}`;
    }
    case 'refreshToken':
      return 'Sign-in with the refresh token (legacy)';
    case 'apiToken':
      return 'API access token (legacy; no sign-in needed: the API call checks it)';
  }
}

function shape(e: unknown) {
  return e instanceof AppError
    ? e.toShape()
    : new AppError('internal', 'The connection test failed unexpectedly. Try again; if it persists, check the app log.').toShape();
}

/**
 * Runs the steps in order; after a failure the rest are reported as skipped. Rejects only when
 * cancelled (AppError 'cancelled') or when the options themselves are invalid ('validation').
 */
export async function testTenantConnection(options: ConnectionTestOptions): Promise<ConnectionTestReport> {
  const url = parseBaseUrl(options.baseUrl);
  const https = url.protocol === 'https:';
  const ca = https ? buildCaList(options.caPem) : undefined;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const { signal } = options;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.client && !options.auth)
    throw new AppError('internal', 'A connection test needs a client or the authentication to make one.');
  const client = options.client ?? createAlationClient({ ...options, auth: options.auth! });
  const steps: ConnectionStepResult[] = [];
  let failed = false;

  const run = async <T>(step: ConnectionStep, label: string, work: () => Promise<T>, done?: (result: T) => string): Promise<void> => {
    if (failed) {
      steps.push({ step, label, status: 'skipped', ms: 0 });
      return;
    }
    throwIfAborted(signal);
    const started = now();
    try {
      const result = await work();
      steps.push({ step, label: done ? done(result) : label, status: 'ok', ms: now() - started });
      options.onStep?.(steps.length);
    } catch (e) {
      if (isCancelled(e) && signal?.aborted) throw e;
      failed = true;
      steps.push({ step, label, status: 'failed', ms: now() - started, error: shape(e) });
    }
  };

  try {
    const literal = isIP(host) !== 0;
    await run('dns', literal ? `DNS lookup (not needed: ${host} is an IP address)` : `DNS lookup of ${host}`, async () => {
      if (!literal) await resolveHost(url, options.lookup ?? ((h) => dnsLookup(h, { all: true })), connectTimeoutMs, signal);
    });
    await run('tls', https ? `TLS handshake with ${url.host}` : 'TCP connection (no TLS: http)', () =>
      handshake(url, ca, connectTimeoutMs, signal),
    );
    // The profile's shared client keeps its valid token: a fresh one would invalidate it for every
    // other screen, and a token the tenant expired early is caught (and refreshed) by the API step.
    await run(
      'auth',
      authLabel(client.authMethod),
      () => client.authenticate({ ...(signal ? { signal } : {}), reuseValidToken: options.client !== undefined }),
      (result) => authLabel(client.authMethod, result, now()),
    );
    await run('api', 'Alation AI API (GET /ai/api/v1/config/llm)', () => client.ping(signal ? { signal } : {}));
  } finally {
    if (!options.client) await client.close();
  }
  const api = steps.find((s) => s.step === 'api');
  return failed || !api ? { ok: false, steps } : { ok: true, steps, latencyMs: api.ms };
}
