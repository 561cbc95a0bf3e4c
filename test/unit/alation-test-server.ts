// A scripted HTTP server on 127.0.0.1 for the Alation client's unit tests (not a test file itself).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AlationClientOptions } from '../../src-main/alation/client';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest, n: number) => void | Promise<void>;

export interface ScriptedServer {
  baseUrl: string;
  port: number;
  requests: SeenRequest[];
  /** Resolves when the server has seen `count` requests. */
  waitForRequests(count: number): Promise<void>;
  /** Resolves when a socket of the server closes (the client hung up). */
  nextSocketClose(): Promise<void>;
  openSockets(): number;
  stop(): Promise<void>;
}

export async function startScriptedServer(handler: Handler): Promise<ScriptedServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const requestWaiters: { count: number; resolve: () => void }[] = [];
  const closeWaiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      for (const w of [...requestWaiters]) {
        if (requests.length >= w.count) {
          requestWaiters.splice(requestWaiters.indexOf(w), 1);
          w.resolve();
        }
      }
      Promise.resolve(handler(req, res, seen, requests.length)).catch(() => res.destroy());
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => {
      sockets.delete(s);
      for (const w of closeWaiters.splice(0)) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    requests,
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => requestWaiters.push({ count, resolve })),
    nextSocketClose: () => new Promise((resolve) => closeWaiters.push(resolve)),
    openSockets: () => sockets.size,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sleep that records the delays and returns at once: retries run instantly and deterministically. */
export function instantSleep(): { sleep: NonNullable<AlationClientOptions['sleep']>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}

export const API_TOKEN = 'unit-test-api-token-0123456789';
