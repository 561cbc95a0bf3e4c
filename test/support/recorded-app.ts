// The app's main process as the web harness composes it (the real keychain, conf files, the file
// log, the dispatcher with its zod checks, the event hub), with every IPC answer recorded at the
// dispatcher and every event at the hub: what a leak search reads besides the data folder and the log.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { logFilePath } from '../../src-main/paths';
import type { ChannelName, InputOf, OutputOf } from '../../src-shared/contract';
import type { CallResult } from '../../src-shared/errors';
import type { JobView } from '../../src-shared/jobs';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { composeNodeServices, type NodeServices } from '../../tools/harness/compose';
import type { FakeTenant } from '../fake-tenant/server';
import type { Haystack } from './canaries';

const senderOrigin = { protocol: 'http:', host: '127.0.0.1:9' };
const sender = 'http://127.0.0.1:9/';

export interface RecordedApp {
  node: NodeServices;
  dataDir: string;
  /** Every answer, in order: `answer 12 (saveDraft)`. */
  answers: Haystack[];
  /** Every event sent, in order: `event 3 (job.updated)`. */
  events: Haystack[];
  /** A call that must succeed: its value, or the test fails with the error the page would get. */
  call<K extends ChannelName>(channel: K, ...input: undefined extends InputOf<K> ? [InputOf<K>?] : [InputOf<K>]): Promise<OutputOf<K>>;
  /** A call that may fail: the page's answer as it is. */
  attempt<K extends ChannelName>(channel: K, input?: InputOf<K> | unknown): Promise<CallResult<OutputOf<K>>>;
  /** The job's last state once it is no longer running (from its `job.updated` events). */
  finished(jobId: string): Promise<JobView>;
  /** The log file as written so far. */
  log(): Haystack;
  /** Quits as the app does: running jobs cancelled and waited for, connections closed. */
  quit(): Promise<void>;
}

/**
 * Starts the services on `dataDir` with the keychain service `BYOM_DESK_KEYCHAIN_SERVICE` names now.
 * `plant` may wrap the dispatcher, for a test that plants a leak on purpose.
 */
export function startRecordedApp(
  dataDir: string,
  plant?: (dispatch: NodeServices['dispatcher']['dispatch']) => NodeServices['dispatcher']['dispatch'],
): RecordedApp {
  const node = composeNodeServices(dataDir, [senderOrigin], '0.0.0-canary');
  const dispatch = plant ? plant(node.dispatcher.dispatch.bind(node.dispatcher)) : node.dispatcher.dispatch.bind(node.dispatcher);
  const answers: Haystack[] = [];
  const events: Haystack[] = [];
  const jobs = new Map<string, JobView>();
  const waiting = new Set<() => void>();
  node.events.subscribe((name, payload) => {
    events.push({ where: `event ${events.length} (${name})`, text: JSON.stringify(payload) });
    if (name === 'job.updated') jobs.set((payload as JobView).id, payload as JobView);
    for (const wake of [...waiting]) wake();
  });
  const attempt = async (channel: string, input?: unknown) => {
    const result = await dispatch(channel, input, sender);
    answers.push({ where: `answer ${answers.length} (${channel})`, text: JSON.stringify(result) });
    if (!result.ok && result.error.code === 'internal') throw new Error(`${channel} hit a bug in main: ${result.error.message}`);
    return result;
  };
  let quitting: Promise<void> | undefined;
  return {
    node,
    dataDir,
    answers,
    events,
    attempt: attempt as RecordedApp['attempt'],
    call: (async (channel: ChannelName, input?: unknown) => {
      const result = await attempt(channel, input);
      expect(result, `${channel} failed`).toMatchObject({ ok: true });
      return (result as { ok: true; value: unknown }).value;
    }) as RecordedApp['call'],
    finished: (jobId) =>
      new Promise((resolve) => {
        const check = () => {
          const job = jobs.get(jobId);
          if (job && job.status !== 'running') {
            waiting.delete(check);
            resolve(job);
          }
        };
        waiting.add(check);
        check();
      }),
    log: () => ({ where: 'log (logs/main.log)', text: readFileSync(logFilePath(dataDir), 'utf8') }),
    quit: () => (quitting ??= node.dispose()),
  };
}

/** A staging tenant profile for a fake tenant, signed in with its API access token. */
export const apiTokenProfile = (name: string, tenant: Pick<FakeTenant, 'baseUrl' | 'apiAccessToken'>) => ({
  name,
  baseUrl: tenant.baseUrl,
  environment: { label: 'staging', color: '#bf8700' },
  auth: { method: 'apiToken' as const, apiToken: tenant.apiAccessToken },
});

/**
 * The set-up every leak test shares: a keychain service of the file's own (so its entries are
 * found and removed after), and the apps and fake tenants a test started, stopped after it.
 * Call once at the top of a test file; push what each test starts.
 */
export function leakTestLifecycle(name: string): { fakes: FakeTenant[]; apps: RecordedApp[] } {
  const keychainService = `BYOM Desk ${name} ${randomUUID()}`;
  const fakes: FakeTenant[] = [];
  const apps: RecordedApp[] = [];
  beforeAll(() => {
    process.env.BYOM_DESK_KEYCHAIN_SERVICE = keychainService;
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.quit()));
    await Promise.all(fakes.splice(0).map((f) => f.stop()));
  });
  afterAll(async () => {
    const store = createKeyringSecretStore(keychainService);
    for (const account of await store.listAccounts()) await store.delete(account);
    delete process.env.BYOM_DESK_KEYCHAIN_SERVICE;
  });
  return { fakes, apps };
}
