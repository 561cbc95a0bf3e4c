// Events from main reach the page the same way over both transports: Electron IPC (main's window
// sender, a stand-in ipcRenderer, the preload's own transports and API builder) and the web
// harness's Server-Sent Events, both fed by one event hub while a real job runs.
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendEventToWindows } from '../../src-main/electron/ipc';
import type { EventHub } from '../../src-main/ipc/events';
import { buildBridgeApi } from '../../src-preload/bridge-api';
import { ipcTransports } from '../../src-preload/ipc-transports';
import type { JobView } from '../../src-shared/jobs';
import { composeNodeServices } from '../../tools/harness/compose';
import { startHarness, type RunningHarness } from '../../tools/harness/server';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';

const rendererDir = join(import.meta.dirname, '../../out/renderer');
let harness: RunningHarness;
let hub: EventHub;
let tenant: FakeTenant;

beforeAll(async () => {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('Build the renderer first: npm run build');
  process.env.BYOM_DESK_KEYCHAIN_SERVICE = `BYOM Desk events test ${process.pid}`;
  tenant = await startFakeTenant({ latencyMs: 20 });
  harness = await startHarness({
    dataDir: mkdtempSync(join(tmpdir(), 'byom-events-')),
    rendererDir,
    version: '0.0.0-test',
    compose: (...args) => {
      const services = composeNodeServices(...args);
      hub = services.events;
      return services;
    },
  });
});
afterAll(async () => {
  await harness?.close();
  await tenant?.stop();
});

function bridgeCall(channel: string, input: unknown): Promise<{ ok: boolean; value?: any; error?: unknown }> {
  const { port } = new URL(harness.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `/__bridge/${channel}`,
        method: 'POST',
        headers: { Cookie: `${harness.cookieName}=${harness.token}`, Origin: harness.origin, 'Content-Type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ input }));
  });
}

/** The harness's event stream, parsed as EventSource would: `{event, data}` per frame. */
function openEventStream(): Promise<{ frames: { event: string; data: unknown }[]; close(): void }> {
  const { port } = new URL(harness.origin);
  return new Promise((resolve, reject) => {
    const frames: { event: string; data: unknown }[] = [];
    const req = request(
      { host: '127.0.0.1', port, path: '/__harness/events', headers: { Cookie: `${harness.cookieName}=${harness.token}` } },
      (res: IncomingMessage) => {
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) frames.push({ event, data: JSON.parse(data) });
          }
        });
        resolve({ frames, close: () => req.destroy() });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('events from main to the page', () => {
  it('arrive the same over IPC and over the harness, in the same order, only for our own windows', async () => {
    // IPC: main sends to its own windows; the stand-in renderer hands the payload to the preload's transport.
    const renderer = new EventEmitter();
    const appUrl = 'app://byom-desk/index.html';
    const ownWindow = {
      isDestroyed: () => false,
      getURL: () => appUrl,
      send: (channel: string, payload: unknown) => renderer.emit(channel, { senderId: 0 }, structuredClone(payload)),
    };
    const foreign: unknown[] = [];
    const foreignWindow = { isDestroyed: () => false, getURL: () => appUrl, send: (_c: string, payload: unknown) => foreign.push(payload) };
    // One of our windows that has been taken elsewhere (it cannot, but if it were) gets nothing either.
    const strayed: unknown[] = [];
    const strayedWindow = {
      isDestroyed: () => false,
      getURL: () => 'https://evil.example/',
      send: (_c: string, payload: unknown) => strayed.push(payload),
    };
    hub.subscribe(
      sendEventToWindows(
        new Set([1, 3]),
        (id) => (id === 1 ? ownWindow : id === 2 ? foreignWindow : id === 3 ? strayedWindow : undefined),
        [{ protocol: 'app:', host: 'byom-desk' }],
      ),
    );
    const { calls, events } = ipcTransports({
      invoke: async () => ({ ok: true, value: null }),
      on: (channel, listener) => renderer.on(channel, listener),
      removeListener: (channel, listener) => renderer.removeListener(channel, listener),
    });
    const viaIpc: JobView[] = [];
    buildBridgeApi(calls, events).on('job.updated', (job) => viaIpc.push(job));

    const stream = await openEventStream();
    try {
      const profile = await bridgeCall('createTenantProfile', {
        name: 'Acme',
        baseUrl: tenant.baseUrl,
        environment: { label: 'staging', color: '#bf8700' },
        auth: { method: 'apiToken', apiToken: tenant.apiAccessToken },
      });
      expect(profile.ok).toBe(true);
      const started = await bridgeCall('startConnectionTests', { tenantIds: [profile.value.id] });
      expect(started).toMatchObject({ ok: true, value: { status: 'running', total: 1 } });

      await vi.waitFor(() => expect(viaIpc.at(-1)?.status).toBe('succeeded'), { timeout: 10_000 });
      await vi.waitFor(() => expect((stream.frames.at(-1)?.data as JobView | undefined)?.status).toBe('succeeded'), { timeout: 10_000 });
      expect(stream.frames.map((f) => f.event)).toEqual(viaIpc.map(() => 'job.updated'));
      expect(stream.frames.map((f) => f.data)).toEqual(viaIpc);
      expect(viaIpc[0]).toMatchObject({ id: started.value.id, status: 'running' });
      expect(viaIpc.at(-1)!.tenants[profile.value.id]).toMatchObject({ status: 'ok' });
      expect(foreign).toEqual([]);
      expect(strayed).toEqual([]);

      // A page whose stream connects after the job ended (a reload, a reconnect) is told its end first.
      const late = await openEventStream();
      try {
        await vi.waitFor(() => expect(late.frames.map((f) => (f.data as JobView).id)).toContain(started.value.id));
        expect(late.frames.find((f) => (f.data as JobView).id === started.value.id)!.data).toEqual(viaIpc.at(-1));
      } finally {
        late.close();
      }
    } finally {
      stream.close();
    }
  });
});
