// One tenant's HTTP transport: the undici agent (trust store, connect timeout), the in-flight limit,
// the whole-request timeout, cancellation, and the retry / re-authentication loop.
import pLimit, { type LimitFunction } from 'p-limit';
import { Agent, type Dispatcher } from 'undici';
import { AppError } from '../../src-shared/errors';
import { isLoopbackHost } from '../../src-shared/tenant-url';
import type { Logger } from '../log/logger';
import {
  cancelledError,
  errorCode,
  header,
  isQuotaRefusal,
  isTransientNetwork,
  timeoutError,
  transportError,
  type CallSite,
  type RawResponse,
} from './errors';
import { abortable, linkSignals, throwIfAborted, type Sleep } from './signals';
import { buildCaList } from './tls';

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest wait a Retry-After header can impose; longer ones are cut to this. */
  maxRetryAfterMs?: number;
}

export interface TransportOptions {
  origin: string;
  caPem?: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** Requests in flight at once for this tenant; a function is read again for each request (a setting). */
  maxConcurrent: number | (() => number);
  /** The cap across every tenant (shared by all transports), on top of this tenant's own. */
  globalLimit?: LimitFunction;
  retry: RetryPolicy;
  sleep: Sleep;
  random: () => number;
  now: () => number;
  log: Logger;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Sending these twice leaves the tenant as sending them once, so a lost answer may be retried. Never POST. */
const IDEMPOTENT = new Set<HttpMethod>(['GET', 'PUT', 'PATCH', 'DELETE']);

export interface HttpRequest {
  method: HttpMethod;
  /** Path from the origin, starting with `/`, without query. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  form?: Record<string, string>;
}

/** How a request authenticates, and how it recovers from one 401 or 403. */
export interface AuthHooks {
  /** The headers for a request to `path` (the AI API takes Bearer; `/integration/` routes may take TOKEN). */
  headers(signal: AbortSignal, path: string): Promise<{ headers: Record<string, string>; token?: string }>;
  /** After a 401 or 403 for `token`: make sure a newer token is current. False when this method cannot. */
  refresh(token: string | undefined, signal: AbortSignal): Promise<boolean>;
}

export interface SendOptions {
  signal?: AbortSignal;
  auth?: AuthHooks;
  /** A 401 or 403 this returns true for is an answer, not a rejected token (the provider's refusal on validate). */
  isAnswer?: (res: RawResponse) => boolean;
}

export interface SendResult {
  res: RawResponse;
  /** Retries spent (not counting the one re-send after a refreshed token). */
  retries: number;
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);
/** Followed once, to the same origin, with the same method and body (Alation's CLI follows them for POST). */
const REPEAT_REDIRECTS = new Set([307, 308]);
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const USER_AGENT = 'BYOM-Desk (Alation AI admin)';

/** Seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so clients that
 * failed together do not come back together, yet never retry at once.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + (random() * step) / 2);
}

/** Checks and normalizes a tenant URL to its origin. Plain http only for this computer. */
export function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  const invalid = (message: string) => new AppError('validation', message, { fields: [{ path: 'baseUrl', message }] });
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw invalid('The tenant URL is not a valid URL: use e.g. https://acme.alationcloud.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('The tenant URL must start with https://');
  if (url.username !== '' || url.password !== '') throw invalid('The tenant URL must not contain a user name or password.');
  // A token sent over plain http to another machine can be read by anyone on the way.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    throw invalid('The tenant URL must use https:// (plain http is only allowed for a tenant on this computer).');
  return new URL(url.origin);
}

/** A tenant's cap as it is now: a fixed number, or a setting read again; at least 1. */
export function capNow(cap: number | (() => number)): number {
  return Math.max(1, typeof cap === 'function' ? cap() : cap);
}

export class HttpTransport {
  readonly origin: string;
  readonly host: string;
  private readonly agent: Agent;
  private readonly limit: LimitFunction;
  private readonly closing = new AbortController();
  /** Calls of `send` not yet settled, so a retired transport can close once they are done. */
  private active = 0;
  private idle: (() => void) | undefined;

  constructor(private readonly o: TransportOptions) {
    const url = new URL(o.origin);
    this.origin = url.origin;
    this.host = url.host;
    this.agent = new Agent({
      connect: { timeout: o.connectTimeoutMs, ...(url.protocol === 'https:' ? { ca: buildCaList(o.caPem) } : {}) },
      // The whole-request deadline below is what times a call out; undici's own per-phase timers
      // are only a backstop and must never fire first (their default, 300 s, is far too long).
      headersTimeout: o.requestTimeoutMs + 5_000,
      bodyTimeout: o.requestTimeoutMs + 5_000,
    });
    this.limit = pLimit(capNow(o.maxConcurrent));
  }

  /**
   * Sends `req` and answers the final HTTP response, whatever its status. GET, PUT, PATCH and DELETE
   * are retried on transient network errors and 429 (not a quota)/502/503/504; a 401 or 403 triggers
   * one token renewal and one re-send; a 307 or 308 to the same origin is followed once.
   * Throws AppError for cancellation, timeouts and network / TLS failures.
   */
  async send(original: HttpRequest, opts: SendOptions = {}): Promise<SendResult> {
    const cancel = linkSignals(opts.signal, this.closing.signal);
    const retryable = IDEMPOTENT.has(original.method);
    this.active += 1;
    const policy = this.o.retry;
    let req = original;
    let retries = 0;
    let reauthenticated = false;
    let redirected = false;
    try {
      for (;;) {
        throwIfAborted(cancel.signal);
        const auth = opts.auth ? await opts.auth.headers(cancel.signal, req.path) : undefined;
        let res: RawResponse;
        try {
          res = await this.exchange(req, auth?.headers ?? {}, cancel.signal);
        } catch (e) {
          if (retryable && retries < policy.retries && isTransientNetwork(e)) {
            await this.pause(req, retries, backoffDelay(retries, policy, this.o.random), errorCode(e) ?? 'network', cancel.signal);
            retries += 1;
            continue;
          }
          throw e;
        }
        // Alation's CLI and SDK take a 403 as a possibly expired or superseded token too.
        if ((res.status === 401 || res.status === 403) && opts.auth && !reauthenticated && !opts.isAnswer?.(res)) {
          reauthenticated = true;
          if (await opts.auth.refresh(auth?.token, cancel.signal)) continue;
        }
        const next = !redirected && REPEAT_REDIRECTS.has(res.status) ? this.sameOriginTarget(req, res) : undefined;
        if (next) {
          redirected = true;
          this.o.log.info('alation.redirect', { method: req.method, path: req.path, to: next.path, status: res.status });
          req = next;
          continue;
        }
        if (retryable && RETRY_STATUS.has(res.status) && retries < policy.retries && !isQuotaRefusal(res)) {
          const after = parseRetryAfter(header(res, 'retry-after'), this.o.now());
          const delay =
            after !== undefined
              ? Math.min(after, policy.maxRetryAfterMs ?? policy.maxDelayMs)
              : backoffDelay(retries, policy, this.o.random);
          await this.pause(req, retries, delay, String(res.status), cancel.signal);
          retries += 1;
          continue;
        }
        return { res, retries };
      }
    } finally {
      cancel.dispose();
      this.active -= 1;
      if (this.active === 0) this.idle?.();
    }
  }

  /** Where a 307/308 points, as a request with the same method and body; undefined for another origin. */
  private sameOriginTarget(req: HttpRequest, res: RawResponse): HttpRequest | undefined {
    const location = header(res, 'location');
    if (!location) return undefined;
    let url: URL;
    try {
      url = new URL(location, `${this.origin}${req.path}`);
    } catch {
      return undefined;
    }
    if (url.origin !== this.origin) return undefined;
    const query: Record<string, string> = {};
    url.searchParams.forEach((value, key) => {
      query[key] = value;
    });
    const { query: _old, ...rest } = req;
    return { ...rest, path: url.pathname, ...(url.search ? { query } : {}) };
  }

  /** Closes once every call already sent has settled; calls made meanwhile still run. */
  closeWhenIdle(): Promise<void> {
    if (this.active === 0) return this.close();
    return new Promise<void>((resolve) => {
      this.idle = () => {
        this.idle = undefined;
        void this.close().then(resolve);
      };
    });
  }

  /** Aborts everything in flight or queued and closes the sockets. */
  async close(): Promise<void> {
    this.closing.abort();
    this.limit.clearQueue();
    await this.agent.destroy().catch(() => undefined);
  }

  private async pause(req: HttpRequest, retry: number, delay: number, reason: string, signal: AbortSignal): Promise<void> {
    this.o.log.info('alation.retry', { method: req.method, path: req.path, retry: retry + 1, delayMs: delay, reason });
    // Wrapped so an injected sleep that ignores the signal still cannot hold a cancelled call.
    await abortable(this.o.sleep(delay, signal), signal);
  }

  /**
   * One HTTP exchange, holding one of the tenant's in-flight slots (and one of all tenants') only
   * while it runs. The tenant's slot is taken first: a slow tenant's queue then never holds slots
   * of the global cap that other tenants could use.
   */
  private exchange(req: HttpRequest, authHeaders: Record<string, string>, cancel: AbortSignal): Promise<RawResponse> {
    const global = this.o.globalLimit;
    this.followCap();
    const task = this.limit(() => (global ? global(() => this.once(req, authHeaders, cancel)) : this.once(req, authHeaders, cancel)));
    // A changed setting applies to what is queued too: checked again as each request ends.
    void task.then(
      () => this.followCap(),
      () => this.followCap(),
    );
    return abortable(task, cancel);
  }

  /** The tenant's cap as the setting is now; requests queued start as soon as a raised cap allows. */
  private followCap(): void {
    const cap = capNow(this.o.maxConcurrent);
    if (this.limit.concurrency !== cap) this.limit.concurrency = cap;
  }

  private async once(req: HttpRequest, authHeaders: Record<string, string>, cancel: AbortSignal): Promise<RawResponse> {
    // A call cancelled while queued gives its slot straight back.
    if (cancel.aborted) throw cancelledError();
    const site: CallSite = { method: req.method, path: req.path, host: this.host };
    const timer = new AbortController();
    const deadline = setTimeout(() => timer.abort(), this.o.requestTimeoutMs);
    const linked = linkSignals(cancel, timer.signal);
    const started = this.o.now();
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT, ...authHeaders };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    }
    try {
      const answer = await this.agent.request({
        origin: this.origin,
        path: withQuery(req.path, req.query),
        method: req.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: linked.signal,
      });
      const text = await readText(answer.body, site);
      this.o.log.debug('alation.http', { method: req.method, path: req.path, status: answer.statusCode, ms: this.o.now() - started });
      return { status: answer.statusCode, headers: answer.headers, text };
    } catch (e) {
      if (cancel.aborted) throw cancelledError();
      if (timer.signal.aborted) throw timeoutError(site, this.o.requestTimeoutMs, 'request');
      const error = transportError(e, site);
      this.o.log.warn('alation.http_failed', { method: req.method, path: req.path, code: error.code, cause: errorCode(e) });
      throw error;
    } finally {
      clearTimeout(deadline);
      linked.dispose();
    }
  }
}

function withQuery(path: string, query: HttpRequest['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function readText(body: Dispatcher.ResponseData['body'], site: CallSite): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw new AppError(
        'bad_response',
        `The tenant's answer to ${site.method} ${site.path} is larger than 32 MB; this is not an AI API answer. Check the tenant URL.`,
        {
          method: site.method,
          path: site.path,
        },
      );
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
