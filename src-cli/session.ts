// The command line's composition root: the same services the app and the web harness build
// (`createServices`), the same keychain service, the same data folder, and every call made through
// the same dispatcher, with the contract's zod validation, that `ipcMain` and the harness use. Jobs
// are followed through the same `job.updated` events. No Electron, no second implementation.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChannelName, InputOf, OutputOf } from '../src-shared/contract';
import { AppError, type AppErrorShape } from '../src-shared/errors';
import type { JobView } from '../src-shared/jobs';
import type { SignInFinished } from '../src-shared/signin';
import { createDispatcher, type Dispatcher } from '../src-main/ipc/dispatcher';
import { createEventHub, type EventHub } from '../src-main/ipc/events';
import { createFileLogger, SecretRedactor, type Logger } from '../src-main/log/logger';
import { logFilePath, resolveDataDir } from '../src-main/paths';
import { createKeyringSecretStore } from '../src-main/secrets/keyring-store';
import { keychainServiceName } from '../src-main/secrets/secret-store';
import { createServices, type Services } from '../src-main/services';
import { confDocumentFiles } from '../src-main/storage/document-file';
import { takeDataFolder } from './data-folder';

/** The one origin the command line's calls come from, as the dispatcher checks every caller's. */
const cliOrigin = { protocol: 'byom-desk-cli:', host: 'command-line' };
const cliSender = `${cliOrigin.protocol}//${cliOrigin.host}/`;

/** A failed call, as the dispatcher answered it: the contract's typed error. */
export class CallError extends Error {
  constructor(readonly shape: AppErrorShape) {
    super(shape.message);
    this.name = 'CallError';
  }
  get code() {
    return this.shape.code;
  }
}

export interface SessionOptions {
  /** The command writes to the data folder: it takes the folder's lock first (one writer at a time). */
  writes: boolean;
  /** How long to wait for the folder's lock when another BYOM Desk holds it (0: refuse at once). */
  waitSeconds?: number;
  /** Told once when the command starts waiting for the folder. */
  onWait?: (message: string) => void;
  /** Opens a browser sign-in's page in the system browser; answers false when none could be opened. */
  openSignInPage?: (url: string) => Promise<boolean>;
  version: string;
}

export interface Session {
  readonly dataDir: string;
  readonly log: Logger;
  readonly redactor: SecretRedactor;
  /** One contract channel, validated and answered as the page's calls are; throws `CallError` when refused. */
  call<K extends ChannelName>(channel: K, ...input: undefined extends InputOf<K> ? [InputOf<K>?] : [InputOf<K>]): Promise<OutputOf<K>>;
  /** Resolves with the job once it ends; `onUpdate` sees each `job.updated` of it on the way. */
  follow(jobId: string, onUpdate?: (job: JobView) => void): Promise<JobView>;
  /** Resolves with how a browser sign-in ended (`signin.finished`). */
  signInFinished(operationId: string): Promise<SignInFinished>;
  /** Ctrl+C: cancels every running job (and whatever registered with `onCancel`). */
  cancelAll(): Promise<void>;
  /** Something to stop on Ctrl+C besides the jobs (a sign-in waiting for the browser). */
  onCancel(hook: () => Promise<unknown>): () => void;
  /** Lets the jobs this command set off (an inventory read after a change) end, then closes everything. */
  close(): Promise<void>;
}

/** Where Electron keeps the app's `userData` (`app.getPath('userData')`, named after package.json's `name`). */
export function electronUserDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'byom-desk');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'byom-desk');
  return join(env.XDG_CONFIG_HOME?.trim() || join(home, '.config'), 'byom-desk');
}

/** The data folder the app uses, or `BYOM_DESK_DATA_DIR` (or `--data-dir`) when set. */
export function cliDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag?.trim() || resolveDataDir(electronUserDataDir(env), env));
}

export async function openSession(dataDir: string, options: SessionOptions): Promise<Session> {
  // A command that writes holds the folder for as long as it runs; one that only reads shares it.
  const lock = options.writes ? await takeDataFolder(dataDir, options.waitSeconds ?? 0, options.onWait) : null;
  const redactor = new SecretRedactor();
  const log = createFileLogger(logFilePath(dataDir), redactor);
  const events = createEventHub(log);
  const jobs = jobFollower(events);
  const signIns = signInFollower(events);
  let services: Services;
  try {
    services = createServices({
      shell: 'command-line',
      appName: 'BYOM Desk',
      appVersion: options.version,
      dataDir,
      secrets: createKeyringSecretStore(keychainServiceName()),
      files: confDocumentFiles(dataDir),
      log,
      redactor,
      events,
      // Only a sign-in opens a browser, and only through `openSignInPage` (checked there).
      openExternal: async () => false,
      ...(options.openSignInPage ? { openSignInPage: options.openSignInPage } : {}),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const dispatcher: Dispatcher = createDispatcher(services.handlers, [cliOrigin], log);
  log.info('cli.started', { writes: options.writes });
  let closing: Promise<void> | null = null;
  let cancelled = false;
  const cancelHooks = new Set<() => Promise<unknown>>();

  return {
    dataDir,
    log,
    redactor,
    async call(channel, ...input) {
      const answer = await dispatcher.dispatch(channel, input[0], cliSender);
      if (!answer.ok) throw new CallError(answer.error);
      return answer.value as never;
    },
    follow: (jobId, onUpdate) => jobs.follow(jobId, onUpdate, () => services.handlers.listJobs(undefined) as Promise<JobView[]>),
    signInFinished: (operationId) => signIns.wait(operationId),
    async cancelAll() {
      cancelled = true;
      for (const hook of cancelHooks) await hook().catch(() => undefined);
      for (const job of await services.handlers.listJobs(undefined))
        if (job.status === 'running') services.handlers.cancelJob({ jobId: job.id });
    },
    onCancel(hook) {
      cancelHooks.add(hook);
      return () => cancelHooks.delete(hook);
    },
    close() {
      closing ??= closeOnce();
      return closing;
    },
  };

  async function closeOnce(): Promise<void> {
    try {
      if (!cancelled) {
        // What the command set off (the inventory read again after an apply) finishes, so the
        // app finds the cache as the tenants are now.
        const running = (await services.handlers.listJobs(undefined)).filter((j) => j.status === 'running');
        await Promise.all(running.map((j) => jobs.follow(j.id, undefined, async () => [])));
      }
      await services.dispose();
    } finally {
      lock?.release();
    }
  }
}

/** Keeps the newest view of every job from its events, and wakes whoever waits for one to end. */
function jobFollower(events: EventHub) {
  const latest = new Map<string, JobView>();
  const watchers = new Map<string, Set<(job: JobView) => void>>();
  events.subscribe((name, payload) => {
    if (name !== 'job.updated') return;
    const job = payload as JobView;
    const known = latest.get(job.id);
    if (known && known.revision > job.revision) return;
    latest.set(job.id, job);
    for (const watch of watchers.get(job.id) ?? []) watch(job);
  });
  return {
    follow(jobId: string, onUpdate: ((job: JobView) => void) | undefined, list: () => Promise<JobView[]>): Promise<JobView> {
      return new Promise<JobView>((resolvePromise, reject) => {
        const watch = (job: JobView) => {
          onUpdate?.(job);
          if (job.status === 'running') return;
          watchers.get(jobId)?.delete(watch);
          resolvePromise(job);
        };
        if (!watchers.has(jobId)) watchers.set(jobId, new Set());
        watchers.get(jobId)!.add(watch);
        const known = latest.get(jobId);
        if (known) watch(known);
        // A job whose events all came before anyone watched: the runner still has it.
        else
          void list().then((all) => {
            const found = all.find((j) => j.id === jobId);
            if (found && !latest.has(jobId)) watch(found);
          }, reject);
      });
    },
  };
}

function signInFollower(events: EventHub) {
  const finished = new Map<string, SignInFinished>();
  const waiting = new Map<string, (outcome: SignInFinished) => void>();
  events.subscribe((name, payload) => {
    if (name !== 'signin.finished') return;
    const outcome = payload as SignInFinished;
    finished.set(outcome.operationId, outcome);
    waiting.get(outcome.operationId)?.(outcome);
  });
  return {
    wait: (operationId: string) =>
      new Promise<SignInFinished>((resolvePromise) => {
        const known = finished.get(operationId);
        if (known) resolvePromise(known);
        else waiting.set(operationId, resolvePromise);
      }),
  };
}

/** A refused call or any other failure, as the typed error the command line reports. */
export function errorShapeOfFailure(error: unknown): AppErrorShape {
  if (error instanceof CallError) return error.shape;
  if (error instanceof AppError) return error.toShape();
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
