// A tenant that is slow exactly when a test says so: a small HTTP proxy on loopback in front of a
// fake tenant, which holds the requests a latch matches until the test releases them. Tests that
// used latency ("this tenant takes 2 s, so the others finish first") hold it with a latch instead,
// and assert order and outcome, never speed. Give `baseUrl` (the proxy's) to the app.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LatchRule {
  method?: string;
  /** Exact path, or a prefix when it ends with `*`. */
  path?: string;
  /** Let this many matching requests through before holding the next ones. */
  after?: number;
}

export interface Latch {
  /** Matching requests held now. */
  held(): number;
  /** Resolves once `count` matching requests are being held. */
  arrived(count?: number): Promise<void>;
  /** Held requests whose client gave up (hung up) while they were held. */
  abandoned(): number;
  /** Sends the held requests on, and every later one: the latch is open from now on. */
  release(): void;
}

export interface LatchedProxy {
  baseUrl: string;
  hold(rule: LatchRule): Latch;
  /** The tenant is down: every connection is cut at once (open ones too), until `up()`. */
  down(): void;
  up(): void;
  stop(): Promise<void>;
}

interface HeldRequest {
  go(): void;
  gone: boolean;
}

interface LatchState {
  rule: LatchRule;
  /** Matching requests so far, held or let through. */
  seen: number;
  open: boolean;
  queue: HeldRequest[];
  abandoned: number;
  waiters: { count: number; resolve(): void }[];
}

export async function startLatchedProxy(targetBaseUrl: string): Promise<LatchedProxy> {
  const target = new URL(targetBaseUrl);
  if (target.protocol !== 'http:') throw new Error('the latched proxy fronts plain-http fake tenants only');
  const latches: LatchState[] = [];
  const sockets = new Set<Socket>();
  let isDown = false;

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const out = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    // The tenant went away, or cut the answer: the client sees its socket close, as it would.
    out.on('error', () => res.destroy());
    res.on('close', () => out.destroy());
    out.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? '/').split('?')[0]!;
      const latch = latches.find((l) => matches(l.rule, req.method ?? 'GET', path));
      if (!latch) return forward(req, res, body);
      latch.seen += 1;
      if (latch.open || latch.seen <= (latch.rule.after ?? 0)) return forward(req, res, body);
      const held: HeldRequest = { gone: false, go: () => (held.gone ? undefined : forward(req, res, body)) };
      res.on('close', () => {
        if (!res.writableEnded && !held.gone && latch.queue.includes(held)) {
          held.gone = true;
          latch.abandoned += 1;
        }
      });
      latch.queue.push(held);
      for (const w of latch.waiters.filter((w) => latch.queue.length >= w.count)) {
        latch.waiters.splice(latch.waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  server.on('connection', (s: Socket) => {
    if (isDown) return void s.destroy();
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    hold(rule) {
      const latch: LatchState = { rule, seen: 0, open: false, queue: [], abandoned: 0, waiters: [] };
      latches.push(latch);
      return {
        held: () => latch.queue.filter((h) => !h.gone).length,
        arrived: (count = 1) =>
          latch.queue.length >= count ? Promise.resolve() : new Promise<void>((resolve) => latch.waiters.push({ count, resolve })),
        abandoned: () => latch.abandoned,
        release: () => {
          latch.open = true;
          for (const held of latch.queue.splice(0)) held.go();
        },
      };
    },
    down() {
      isDown = true;
      for (const s of sockets) s.destroy();
    },
    up() {
      isDown = false;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function matches(rule: LatchRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (!rule.path) return true;
  return rule.path.endsWith('*') ? path.startsWith(rule.path.slice(0, -1)) : path === rule.path;
}
