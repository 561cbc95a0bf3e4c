import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import { createDispatcher } from '../../src-main/ipc/dispatcher';
import type { Handlers } from '../../src-main/ipc/handlers';
import { isTrustedSenderUrl } from '../../src-main/ipc/trusted-sender';
import { SecretRedactor } from '../../src-main/log/logger';
import type { SecretStore } from '../../src-main/secrets/secret-store';
import { createEventHub } from '../../src-main/ipc/events';
import { createServices } from '../../src-main/services';
import { buildBridgeApi, type BridgeTransport, type EventTransport } from '../../src-preload/bridge-api';
import { channelNames } from '../../src-shared/contract-names';
import { AppError } from '../../src-shared/errors';
import { memoryLogger } from '../support/memory-logger';

const appOrigin = { protocol: 'app:', host: 'byom-desk' };
const appUrl = 'app://byom-desk/index.html';

const unusedSecrets: SecretStore = {
  backend: 'test',
  status: async () => ({ available: true, backend: 'test' }),
  set: async () => {},
  get: async () => null,
  delete: async () => false,
  listAccounts: async () => [],
};

const noEvents: EventTransport = () => () => {};

function realHandlers(opened: string[] = []): Handlers {
  return createServices({
    shell: 'web-harness',
    appName: 'BYOM Desk',
    appVersion: '9.9.9',
    dataDir: '/data',
    secrets: unusedSecrets,
    files: confDocumentFiles(mkdtempSync(join(tmpdir(), 'byom-ipc-'))),
    log: memoryLogger(),
    redactor: new SecretRedactor(),
    events: createEventHub(memoryLogger()),
    openExternal: async (url: string) => {
      opened.push(url);
      return true;
    },
  }).handlers;
}

describe('the page API', () => {
  it('gives the page one method per channel, on for events, and nothing else', async () => {
    const calls: string[] = [];
    const transport: BridgeTransport = async (name) => {
      calls.push(name);
      return { ok: true, value: null };
    };
    const api = buildBridgeApi(transport, noEvents) as unknown as Record<string, (input?: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...channelNames, 'on'].sort());
    expect(api).not.toHaveProperty('invoke');
    expect(Object.isFrozen(api)).toBe(true);
    for (const name of channelNames) await api[name]!(undefined);
    expect(calls).toEqual(channelNames);
  });

  it('rejects a failed call with the plain error object main sent', async () => {
    const api = buildBridgeApi(async () => ({ ok: false, error: { code: 'validation', message: 'bad' } }), noEvents);
    await expect(api.getAppInfo()).rejects.toEqual({ code: 'validation', message: 'bad' });
  });

  it('lets the page listen only to events the contract names, subscribing once per event however many listeners', () => {
    const subscribed: string[] = [];
    const deliver = new Map<string, (payload: unknown) => void>();
    const events: EventTransport = (name, d) => {
      subscribed.push(name);
      deliver.set(name, d);
      return () => {
        subscribed.splice(subscribed.indexOf(name), 1);
        deliver.delete(name);
      };
    };
    const api = buildBridgeApi(async () => ({ ok: true, value: null }), events);
    expect(() => api.on('shell.run' as never, () => {})).toThrow(/no event named "shell.run"/);
    expect(subscribed).toEqual([]);

    const first: unknown[] = [];
    const second: unknown[] = [];
    const stopFirst = api.on('job.updated', (p) => first.push(p));
    const stopSecond = api.on('job.updated', (p) => second.push(p));
    expect(subscribed).toEqual(['job.updated']);
    deliver.get('job.updated')!({ n: 1 });
    stopFirst();
    deliver.get('job.updated')!({ n: 2 });
    expect(first).toEqual([{ n: 1 }]);
    expect(second).toEqual([{ n: 1 }, { n: 2 }]);
    stopSecond();
    // The last listener gone, the transport stops delivering.
    expect(subscribed).toEqual([]);
  });
});

describe('the handler wrapper', () => {
  it('answers a well-formed call from the app page', async () => {
    const opened: string[] = [];
    const dispatcher = createDispatcher(realHandlers(opened), [appOrigin], memoryLogger());
    const result = await dispatcher.dispatch('openExternalLink', { url: 'https://docs.example.com/x' }, appUrl);
    expect(result).toEqual({ ok: true, value: { opened: true } });
    expect(opened).toEqual(['https://docs.example.com/x']);
  });

  it('refuses a malformed input with a typed validation error naming the field, and runs nothing', async () => {
    const opened: string[] = [];
    const dispatcher = createDispatcher(realHandlers(opened), [appOrigin], memoryLogger());
    const result = await dispatcher.dispatch('openExternalLink', { url: 'file:///etc/passwd' }, appUrl);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('validation');
    expect(result.error.details?.fields).toEqual([{ path: 'url', message: 'must be an https:// address' }]);
    expect(opened).toEqual([]);

    const extra = await dispatcher.dispatch('openExternalLink', { url: 'https://a.example', evil: true }, appUrl);
    expect(extra.ok === false && extra.error.code).toBe('validation');
    const missing = await dispatcher.dispatch('openExternalLink', undefined, appUrl);
    expect(missing.ok === false && missing.error.code).toBe('validation');
  });

  it('refuses an unknown channel, including names inherited from Object', async () => {
    const dispatcher = createDispatcher(realHandlers(), [appOrigin], memoryLogger());
    for (const name of ['deleteEverything', 'constructor', '__proto__', 'toString']) {
      const result = await dispatcher.dispatch(name, undefined, appUrl);
      expect(result.ok === false && result.error.code).toBe('unknown_channel');
    }
  });

  it('refuses every sender that is not the app page', async () => {
    const dispatcher = createDispatcher(realHandlers(), [appOrigin], memoryLogger());
    for (const sender of [
      null,
      '',
      'https://evil.example/',
      'app://byom-desk.evil.example/index.html',
      'app://evil.example/byom-desk',
      'app://user@byom-desk/index.html',
      'file:///home/user/index.html',
      'not a url',
    ]) {
      const result = await dispatcher.dispatch('getAppInfo', undefined, sender);
      expect(result.ok === false && result.error.code, String(sender)).toBe('untrusted_sender');
    }
  });

  it('logs every refused call by channel and code, never its message or details', async () => {
    const handlers = {
      ...realHandlers(),
      getAppInfo: () => {
        throw new AppError('forbidden', 'The tenant said: sk-canary-secret-999', { serverMessage: 'sk-canary-secret-999' });
      },
    } as Handlers;
    const log = memoryLogger();
    const dispatcher = createDispatcher(handlers, [appOrigin], log);
    await dispatcher.dispatch('getAppInfo', undefined, appUrl);
    await dispatcher.dispatch('openExternalLink', { url: 'file:///x' }, appUrl);
    expect(log.entries.filter((e) => e.event === 'ipc.failed').map((e) => e.fields)).toEqual([
      { channel: 'getAppInfo', code: 'forbidden' },
      { channel: 'openExternalLink', code: 'validation' },
    ]);
    expect(JSON.stringify(log.entries)).not.toContain('sk-canary');
  });

  it('turns an unexpected exception into a generic error, keeping its message (it may hold a secret) out', async () => {
    const handlers = {
      ...realHandlers(),
      getAppInfo: () => {
        throw new Error('token sk-canary-123456 leaked');
      },
    } as Handlers;
    const log = memoryLogger();
    const result = await createDispatcher(handlers, [appOrigin], log).dispatch('getAppInfo', undefined, appUrl);
    expect(result.ok === false && result.error.code).toBe('internal');
    expect(JSON.stringify(result)).not.toContain('sk-canary');
    expect(JSON.stringify(log.entries)).not.toContain('sk-canary');
  });
});

describe('trusted sender URLs', () => {
  it('compares parsed protocol and host, never string prefixes', () => {
    const dev = { protocol: 'http:', host: 'localhost:5173' };
    expect(isTrustedSenderUrl('http://localhost:5173/', [dev])).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:51730/', [dev])).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173@evil.example/', [dev])).toBe(false);
    expect(isTrustedSenderUrl('https://localhost:5173/', [dev])).toBe(false);
  });
});
