// Property tests of everything a page can send main: every channel of the contract (read from
// `contract`, so channels added later are fuzzed too) through the real dispatcher, the real
// services on a data dir of their own and the real keychain; unknown channels; foreign senders;
// the harness's HTTP bridge; and every event subscription. Each case must get a typed error,
// crash nothing, pollute no prototype, write nothing (data dir and keychain hashed before and
// after) and change no stored state (every list/get channel answers the same).
import { parseInput } from '../../src-shared/validation';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { buildBridgeApi } from '../../src-preload/bridge-api';
import { contract, events, type ChannelName, type EventName } from '../../src-shared/contract';
import { eventNames } from '../../src-shared/contract-names';
import { isAppErrorShape, type CallResult, type ErrorCode } from '../../src-shared/errors';
import { composeNodeServices, type NodeServices } from '../../tools/harness/compose';
import { startHarness, type RunningHarness } from '../../tools/harness/server';
import { anyValue, hostileKeys, hugeString, looseObjects, nearInput, pollutingObject } from '../support/fuzz-inputs';

const keychainService = `BYOM Desk IPC fuzz ${randomUUID()}`;
const channels = Object.keys(contract) as ChannelName[];
/** Runs per channel, and for each of the other properties: the figure is the sum, counted as they run. */
const runsPerChannel = 200;
const runs = 400;
let cases = 0;

let harness: RunningHarness;
let main: NodeServices;
let site: string;
let dataDir: string;
let sender: string;
let before: { files: string; accounts: string; state: string };

beforeAll(async () => {
  process.env.BYOM_DESK_KEYCHAIN_SERVICE = keychainService;
  site = mkdtempSync(join(tmpdir(), 'byom-ipc-fuzz-'));
  const rendererDir = join(site, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>BYOM Desk</title>');
  dataDir = join(site, 'data');
  // The harness makes the services (its trusted origin is known once it listens): keep them, to call directly too.
  const compose = (...args: Parameters<typeof composeNodeServices>) => (main = composeNodeServices(...args));
  harness = await startHarness({ dataDir, rendererDir, version: '0.0.0-fuzz', compose });
  sender = `${harness.origin}/index.html`;
  await seedState();
  before = { files: hashDataDir(), accounts: await keychainAccounts(), state: await storedState() };
}, 60_000);

afterAll(async () => {
  try {
    // After every test of the file, in whatever order they ran: nothing any of them sent changed a thing.
    if (before) {
      await expectNothingChanged();
      expect(await storedState()).toBe(before.state);
    }
  } finally {
    await cleanUp();
  }
});

async function cleanUp(): Promise<void> {
  await harness?.close();
  const store = createKeyringSecretStore(keychainService);
  for (const account of await store.listAccounts()) await store.delete(account);
  delete process.env.BYOM_DESK_KEYCHAIN_SERVICE;
  if (site) rmSync(site, { recursive: true, force: true });
  console.log(`IPC fuzz: ${cases} cases (calls, unknown channels, foreign senders, HTTP bodies, events), all refused.`);
}

/** Something to lose: a tenant with a secret, a draft with a secret, a setting. */
async function seedState() {
  const ok = async (channel: ChannelName, input: unknown) => {
    const result = await main.dispatcher.dispatch(channel, input, sender);
    if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  };
  await ok('createTenantProfile', {
    name: 'Acme',
    baseUrl: 'https://acme.example.com',
    environment: { label: 'production', color: '#cf222e' },
    auth: { method: 'apiToken', apiToken: `token-${randomUUID()}` },
  });
  const content = {
    title: 'Rollout',
    providerId: 'openai',
    values: { name: 'Team OpenAI' },
    models: [],
    defaults: { llmModelId: null, embeddingModelId: null },
    expiresAt: null,
    notes: '',
  };
  await ok('saveDraft', { content, secrets: { api_key: `sk-proj-${randomUUID()}` }, clearSecrets: [] });
  await ok('setReminderLeadHours', { hours: 7 });
  // The keychain probe writes an entry of its own on first use: before the snapshot, not during the fuzz.
  await ok('checkKeychain', undefined);
}

/** Every file of the data dir but the log, by path, size, time of last write and contents. */
function hashDataDir(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) {
        if (relative(dataDir, path) !== 'logs') walk(path);
        continue;
      }
      hash.update(`${relative(dataDir, path)}\0${stat.size}\0${stat.mtimeMs}\0`).update(readFileSync(path));
    }
  };
  walk(dataDir);
  return hash.digest('hex');
}

const keychainAccounts = async () => JSON.stringify((await main.secrets.listAccounts()).sort());

/** What every read-only channel (list…, get…) answers now, with no input or an empty one. */
async function storedState(): Promise<string> {
  const answers: Record<string, unknown> = {};
  for (const channel of channels.filter((c) => /^(list|get)[A-Z]/.test(c))) {
    const accepts = (input: unknown) => contract[channel].input.safeParse(input).success;
    if (accepts(undefined)) answers[channel] = await main.dispatcher.dispatch(channel, undefined, sender);
    else if (accepts({})) answers[channel] = await main.dispatcher.dispatch(channel, {}, sender);
  }
  return JSON.stringify(answers);
}

const prototypes = [Object.prototype, Array.prototype, Function.prototype];
const prototypeKeys = () => prototypes.map((p) => Object.getOwnPropertyNames(p).join()).join('|');
const cleanPrototypes = prototypeKeys();

/** A typed error of that code, small enough to show, that survives IPC and JSON; no prototype touched. */
function expectRefused(result: CallResult<unknown>, code: ErrorCode) {
  cases += 1;
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.value)?.slice(0, 200)}`);
  expect(isAppErrorShape(result.error)).toBe(true);
  expect(result.error.code).toBe(code);
  expect(result.error.message.length).toBeGreaterThan(0);
  // An answer that echoes a huge input back is a second copy of it in the page and the log.
  expect(JSON.stringify(result).length).toBeLessThanOrEqual(16 * 1024);
  structuredClone(result);
  expect(prototypeKeys()).toBe(cleanPrototypes);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
}

async function expectNothingChanged() {
  expect(hashDataDir()).toBe(before.files);
  expect(await keychainAccounts()).toBe(before.accounts);
}

describe('IPC fuzzing: every channel, through the real dispatcher and services', () => {
  it('every object in every channel’s input refuses keys it does not know (so an extra key is an error)', () => {
    expect(channels.flatMap((c) => looseObjects(contract[c].input).map((path) => `${c}${path}`))).toEqual([]);
  });

  for (const channel of channels) {
    it(`${channel}: malformed input gets a typed validation error and changes nothing`, async () => {
      const schema = contract[channel].input;
      const input = fc.oneof(
        { weight: 4, arbitrary: nearInput(schema) },
        { weight: 1, arbitrary: anyValue },
        { weight: 1, arbitrary: pollutingObject },
      );
      await fc.assert(
        fc.asyncProperty(input, async (value) => {
          fc.pre(!parseInput(schema, value).success);
          expectRefused(await main.dispatcher.dispatch(channel, value, sender), 'validation');
        }),
        { numRuns: runsPerChannel },
      );
      await expectNothingChanged();
    });
  }

  it('a value a schema cannot even read (an object as `length`, with no prototype) is refused like any bad input', async () => {
    // Found by this fuzz: zod's length check converted it to a number and threw a TypeError.
    const hostile = { runId: randomUUID(), modelName: { length: Object.create(null) as object }, isEmbedding: false };
    expectRefused(await main.dispatcher.dispatch('validateSetupModel', hostile, sender), 'validation');
    expectRefused(
      await main.dispatcher.dispatch('updateAppSettings', { typedNameEnvironments: { length: Object.create(null) } }, sender),
      'validation',
    );
    await expectNothingChanged();
  });

  it('an unknown channel gets a typed error, whatever its name', async () => {
    const names = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom(...hostileKeys, 'byom-desk:getAppInfo', 'GetAppInfo', 'getappinfo', 'getAppInfo ', 'on', 'invoke', 'send', ''),
      fc.constantFrom(...channels).map((c) => `${c}\u0000`),
      hugeString,
    );
    await fc.assert(
      fc.asyncProperty(names, anyValue, async (name, value) => {
        fc.pre(!(channels as string[]).includes(name));
        expectRefused(await main.dispatcher.dispatch(name, value, sender), 'unknown_channel');
      }),
      { numRuns: runs },
    );
    await expectNothingChanged();
  });

  it('a call from anywhere but our own page is refused before its input is looked at', async () => {
    const { host, port } = new URL(harness.origin);
    const lookalikes = [
      `http://${host}.evil.example/`,
      `http://${host}@evil.example/`,
      `http://user:pw@${host}/`,
      `https://${host}/`,
      'app://byom-desk/index.html',
      `http://localhost:${port}/`,
      'null',
      '',
      'about:blank',
      'file:///index.html',
      `ws://${host}/`,
      `http://[::1]:${port}/`,
    ];
    const senders = fc.oneof(
      fc.constantFrom<string | null | undefined>(...lookalikes, null, undefined),
      fc.webUrl(),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(senders, fc.constantFrom(...channels), async (from, channel) => {
        fc.pre(originOf(from) !== harness.origin);
        // A valid call, so only the sender check stands between it and a change.
        expectRefused(await main.dispatcher.dispatch(channel, { hours: 99 }, from), 'untrusted_sender');
      }),
      { numRuns: runs },
    );
    await expectNothingChanged();
  });
});

function originOf(url: string | null | undefined): string | null {
  try {
    const parsed = new URL(url ?? '');
    return parsed.username || parsed.password ? null : parsed.origin;
  } catch {
    return null;
  }
}

/** One bridge call over HTTP, as the harness page makes it, with any body. */
function httpCall(channelPath: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(harness.origin);
    const headers = { Cookie: `${harness.cookieName}=${harness.token}`, Origin: harness.origin, 'Content-Type': 'application/json' };
    const req = request({ host: '127.0.0.1', port, path: `/__bridge/${channelPath}`, method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end(body);
  });
}

const jsonOrNull = (value: unknown): string | null => {
  try {
    return JSON.stringify({ input: value }) ?? null;
  } catch {
    return null;
  }
};

describe('IPC fuzzing: the harness’s HTTP bridge', () => {
  it('any channel path and any body gets a typed error, never a failure of the harness', async () => {
    const path = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...channels).map(encodeURIComponent) },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map(encodeURIComponent) },
      { weight: 1, arbitrary: fc.constantFrom('%E0%A4%A', '%', '..%2f..%2fgetAppInfo', '__proto__', 'getAppInfo%00', '%2e%2e') },
    );
    const body = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .constantFrom(...channels)
          .chain((c) => nearInput(contract[c].input))
          .map(jsonOrNull),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('[]', 'null', '"x"', '{"input":', '{"__proto__":{"x":1},"input":{}}', '{"input":{"__proto__":{"y":1}}}'),
      },
    );
    await fc.assert(
      fc.asyncProperty(path, body, async (channelPath, text) => {
        fc.pre(text !== null);
        const channel = safeDecode(channelPath);
        const known = Object.hasOwn(contract, channel);
        // The harness reads an empty body as `{}` (a call with no input).
        const parsed = tryParse(text || '{}');
        // The harness answers a body that is not a JSON object itself; anything else goes to the dispatcher.
        const sent = (parsed as { input?: unknown } | undefined)?.input;
        const valid = known && isObject(parsed) && contract[channel as ChannelName].input.safeParse(sent).success;
        fc.pre(!valid);
        const answer = await httpCall(channelPath, text!);
        // A dot segment (`%2e%2e`) takes the path out of /__bridge/: then it is no call at all.
        if (!new URL(`/__bridge/${channelPath}`, harness.origin).pathname.startsWith('/__bridge/')) {
          cases += 1;
          expect(answer.status).toBe(405);
          return;
        }
        // A body over the harness's 1 MB limit is refused as a whole, as a typed error too.
        const tooBig = Buffer.byteLength(text!) > 1024 * 1024;
        expect(answer.status).toBe(tooBig ? 413 : 200);
        const result = JSON.parse(answer.text) as CallResult<unknown>;
        expectRefused(result, tooBig || known || !isObject(parsed) ? 'validation' : 'unknown_channel');
      }),
      { numRuns: runs },
    );
    await expectNothingChanged();
  });
});

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
const tryParse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

describe('IPC fuzzing: event subscriptions', () => {
  it('a malformed payload for any event never reaches a page, and breaks no subscriber', async () => {
    const delivered: string[] = [];
    const stop = main.events.subscribe((name) => delivered.push(name));
    try {
      for (const name of Object.keys(events) as EventName[]) {
        const schema = events[name];
        await fc.assert(
          fc.asyncProperty(fc.oneof(nearInput(schema), anyValue), async (payload) => {
            fc.pre(!parseInput(schema, payload).success);
            cases += 1;
            main.events.emit(name, payload as never);
            expect(delivered).toEqual([]);
          }),
          { numRuns: runsPerChannel },
        );
      }
    } finally {
      stop();
    }
    await expectNothingChanged();
  });

  it('`on` refuses a name outside the contract and a listener that is not a function, and subscribes nothing', () => {
    const subscribed: string[] = [];
    const api = buildBridgeApi(
      async () => ({ ok: false, error: { code: 'internal', message: 'not used' } }),
      (name) => {
        subscribed.push(name);
        return () => undefined;
      },
    );
    const on = api.on as unknown as (name: unknown, listener: unknown) => () => void;
    const lookalikes = fc.constantFrom(...hostileKeys, 'job.updated ', 'JOB.UPDATED', 'job', '*');
    const names = fc.oneof(fc.string({ maxLength: 40 }), lookalikes, hugeString, anyValue);
    fc.assert(
      fc.property(
        names,
        fc.oneof(
          anyValue,
          fc.constant(() => undefined),
        ),
        (name, listener) => {
          const known = typeof name === 'string' && (eventNames as readonly string[]).includes(name);
          fc.pre(!known || typeof listener !== 'function');
          cases += 1;
          expect(() => on(name, listener)).toThrow(known ? /listener must be a function/ : /has no event named/);
          expect(subscribed).toEqual([]);
        },
      ),
      { numRuns: runs },
    );
  });
});
