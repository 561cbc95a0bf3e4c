// The browser harness: the built renderer and the real main-process services, on 127.0.0.1 only,
// for development and end-to-end tests in any Chromium. Not part of the packaged app.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentTypeOf, resolveStaticPath, securityHeaders } from '../../src-main/renderer-files';
import { bundleHarnessBridge } from './bridge-bundle';
import { composeNodeServices } from './compose';
import type { TestClock } from './test-clock';

export interface HarnessOptions {
  /** 0 or omitted: a free port. */
  port?: number;
  dataDir: string;
  rendererDir: string;
  version: string;
  /** Services made by the caller (tests that watch the same services through a second transport). */
  compose?: typeof composeNodeServices;
  /**
   * Tests only: the scheduled health sweep runs on this clock, and `POST /__harness/test-clock`
   * `{advanceMs}` moves it on. Absent (always, outside end-to-end tests): no such path.
   */
  testClock?: TestClock;
}

export interface RunningHarness {
  /** The URL to open, with the token. */
  url: string;
  origin: string;
  token: string;
  /** The cookie that carries the token: named after the port, so harnesses on one host never clash. */
  cookieName: string;
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;
const bridgeScriptPath = '/__harness/bridge.js';
const eventsPath = '/__harness/events';
const testClockPath = '/__harness/test-clock';
/** Cookies are per host, not per port: each harness names its own, so two never overwrite each other. */
const cookieNameFor = (port: number) => `byom_harness_${port}`;

export async function startHarness(options: HarnessOptions): Promise<RunningHarness> {
  const token = randomBytes(24).toString('base64url');
  const bridgeCode = await bundleHarnessBridge();
  const indexHtml = (await readFile(resolveStaticPath(options.rendererDir, '/index.html')!, 'utf8')).replace(
    '<head>',
    `<head>\n    <script src="${bridgeScriptPath}"></script>`,
  );

  let origin = '';
  let host = '';
  let cookieName = '';
  let services: ReturnType<typeof composeNodeServices> | undefined;
  const streams = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'The harness failed on this request.');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a foreign name that resolves to 127.0.0.1 is refused.
    if (req.headers.host !== host) return refuse(res, 'unexpected Host header');
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) return refuse(res, 'foreign Origin');

    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      // `//host-that-is-not-one/...`: not a path of ours, and not a failure of the harness either.
      return send(res, 400, 'text/plain; charset=utf-8', 'Bad request: not a path.');
    }
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null) {
      if (!sameToken(queryToken, token)) return refuse(res, 'wrong token');
      // Trade the token in the address for an HttpOnly cookie, and drop it from the address bar.
      url.searchParams.delete('token');
      res.writeHead(303, {
        Location: url.pathname + url.search,
        'Set-Cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    const presented = cookieToken(req.headers.cookie, cookieName) ?? headerValue(req.headers['x-byom-token']);
    if (presented === undefined || !sameToken(presented, token)) return refuse(res, 'missing or wrong token');

    if (options.testClock && req.method === 'POST' && url.pathname === testClockPath) {
      if (requestOrigin === undefined) return refuse(res, 'a test clock call needs an Origin');
      const body = await readJsonBody(req);
      const advanceMs = body.ok ? (body.value as { advanceMs?: unknown }).advanceMs : undefined;
      if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
        return send(res, 400, 'text/plain; charset=utf-8', 'Send {"advanceMs": n}, n >= 0.');
      }
      return send(res, 200, 'application/json', JSON.stringify({ now: options.testClock.advance(advanceMs) }));
    }
    if (req.method === 'POST' && url.pathname.startsWith('/__bridge/')) {
      // A page's fetch always carries its Origin on POST; a call without one did not come from our page.
      if (requestOrigin === undefined) return refuse(res, 'a bridge call needs an Origin');
      // What a cross-site form or a no-cors fetch can send (form fields, text/plain) is not a call.
      if (!isJsonContentType(req.headers['content-type'])) {
        return sendCallError(res, 415, 'A bridge call must be sent as application/json.');
      }
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxBodyBytes) return sendCallError(res, 413, tooLargeMessage);
      const body = await readJsonBody(req);
      if (!body.ok && body.tooLarge) return sendCallError(res, 413, body.message);
      let channel: string;
      try {
        channel = decodeURIComponent(url.pathname.slice('/__bridge/'.length));
      } catch {
        channel = url.pathname.slice('/__bridge/'.length);
      }
      const result = body.ok
        ? await services!.dispatcher.dispatch(channel, body.value.input, requestOrigin)
        : { ok: false as const, error: { code: 'validation' as const, message: body.message } };
      return send(res, 200, 'application/json', JSON.stringify(result));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    if (url.pathname === eventsPath) return openEventStream(res);
    if (url.pathname === bridgeScriptPath) return send(res, 200, contentTypeOf('bridge.js'), bridgeCode);
    if (url.pathname === '/' || url.pathname === '/index.html') return send(res, 200, contentTypeOf('index.html'), indexHtml);
    const path = resolveStaticPath(options.rendererDir, url.pathname);
    if (!path) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    try {
      return send(res, 200, contentTypeOf(path), await readFile(path));
    } catch {
      return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    }
  }

  /**
   * Server-Sent Events: the harness's stand-in for `webContents.send`, one stream per open page.
   * A stream connects (and reconnects) after the page has started, so it first gets the events
   * that describe the present: nothing that happened before it connected is missed.
   */
  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, { ...securityHeaders('text/event-stream; charset=utf-8'), Connection: 'keep-alive' });
    res.write(': BYOM Desk events\n\n');
    for (const { name, payload } of services!.snapshot()) res.write(eventFrame(name, payload));
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  const eventFrame = (name: string, payload: unknown) => `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  origin = `http://${host}`;
  cookieName = cookieNameFor(port);
  const testing = options.testClock ? { sweepClock: options.testClock } : {};
  services = (options.compose ?? composeNodeServices)(options.dataDir, [{ protocol: 'http:', host }], options.version, testing);
  services.events.subscribe((name, payload) => {
    const frame = eventFrame(name, payload);
    for (const stream of streams) stream.write(frame);
  });
  services.log.info('harness.started', { port });

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    cookieName,
    close: () =>
      (closing ??= (async () => {
        // As the app does on quit: jobs cancelled and waited for, tenant connections closed.
        await services!.dispose();
        for (const stream of streams) stream.end();
        await new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
      })()),
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, securityHeaders(contentType));
  res.end(body);
}

function refuse(res: ServerResponse, reason: string): void {
  send(res, 403, 'text/plain; charset=utf-8', `Refused by the BYOM Desk harness: ${reason}. Open the address it printed when it started.`);
}

function sameToken(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined, cookieName: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [name, ...rest] = part.trim().split('=');
    if (name === cookieName) return rest.join('=');
  }
  return undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const tooLargeMessage = 'The request was larger than 1 MB and was refused.';

function isJsonContentType(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * A refused call, as the page's bridge reads it (a typed error), with the HTTP status that says why.
 * The connection closes after it: what is left of a refused body is never read.
 */
function sendCallError(res: ServerResponse, status: 413 | 415, message: string): void {
  res.writeHead(status, { ...securityHeaders('application/json'), Connection: 'close' });
  res.end(JSON.stringify({ ok: false, error: { code: 'validation', message } }));
}

type JsonBody = { ok: true; value: { input?: unknown } } | { ok: false; tooLarge: boolean; message: string };

/** Reads at most `maxBodyBytes`: past that it stops reading (the socket stays open for the 413 answer). */
async function readJsonBody(req: IncomingMessage): Promise<JsonBody> {
  const chunks: Buffer[] = [];
  const complete = await new Promise<boolean>((resolve, reject) => {
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolve(false);
    };
    req.on('data', onData);
    req.once('end', () => resolve(true));
    req.once('error', reject);
  });
  if (!complete) return { ok: false, tooLarge: true, message: tooLargeMessage };
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return { ok: true, value: value as { input?: unknown } };
  } catch {
    return { ok: false, tooLarge: false, message: 'The request body was not a JSON object.' };
  }
}
