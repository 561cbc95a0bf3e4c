// A crash's output: the app's services in a child process (test/support/services-worker.ts, the web
// harness's composition) set up a provider of every variant, one tenant each, with a canary for every
// secret field, and crash (an uncaught exception) while each tenant holds the validation of the
// credential it just made. Everything the child printed (its answers and events on stdout, the crash
// on stderr, Node's diagnostic report) is searched, and so is the data folder with the journals the
// crash left; then the next start rolls every setup back, and its output is searched too.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { CallResult } from '../../src-shared/errors';
import type { JobView } from '../../src-shared/jobs';
import { providerIds } from '../../src-shared/providers/catalog';
import type { UnfinishedOperation } from '../../src-shared/tenant-operation';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { Canaries, filesUnder, leaksIn, plainValuesOf, secretValues, type Haystack } from '../support/canaries';
import { startLatchedProxy, type LatchedProxy } from '../support/latched-proxy';
import { apiTokenProfile } from '../support/recorded-app';

const keychainService = `BYOM Desk crash leak test ${randomUUID()}`;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});
afterAll(async () => {
  const store = createKeyringSecretStore(keychainService);
  for (const account of await store.listAccounts()) await store.delete(account);
});

/** The services worker as a child process: contract calls over stdin, answers and events on stdout. */
class Worker {
  readonly stdout: string[] = [];
  stderr = '';
  private nextId = 1;
  private readonly pending = new Map<number, (result: CallResult<unknown>) => void>();
  private readonly jobs = new Map<string, JobView>();
  private readonly exited: Promise<{ code: number | null; signal: string | null }>;
  private readonly child: ChildProcess;

  constructor(dataDir: string, nodeArgs: string[] = []) {
    this.child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, 'test/support/services-worker.ts', dataDir], {
      env: { ...process.env, BYOM_DESK_KEYCHAIN_SERVICE: keychainService },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.child.stderr!.on('data', (chunk: Buffer) => void (this.stderr += chunk.toString()));
    let ready = () => {};
    this.ready = new Promise((resolve) => (ready = resolve));
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.stdout.push(line);
      const message = JSON.parse(line) as { id?: number; result?: CallResult<unknown>; event?: string; payload?: JobView; ready?: true };
      if (message.ready) ready();
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result!);
      if (message.event === 'job.updated') this.jobs.set(message.payload!.id, message.payload!);
    });
    cleanups.push(() => this.stop());
  }

  /** Resolves once the worker says it is ready. */
  readonly ready: Promise<void>;

  attempt(channel: string, input?: unknown): Promise<CallResult<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin!.write(`${JSON.stringify({ id, channel, input })}\n`);
    });
  }

  async call<T>(channel: string, input?: unknown): Promise<T> {
    const result = await this.attempt(channel, input);
    expect(result, channel).toMatchObject({ ok: true });
    return (result as { value: T }).value;
  }

  async finished(jobId: string): Promise<JobView> {
    await expect.poll(() => this.jobs.get(jobId)?.status, { timeout: 20_000 }).not.toBe('running');
    return this.jobs.get(jobId)!;
  }

  crash(): Promise<{ code: number | null; signal: string | null }> {
    this.child.kill('SIGUSR2');
    return this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }

  output(name: string): Haystack[] {
    return [
      { where: `${name} stdout`, text: this.stdout.join('\n') },
      { where: `${name} stderr`, text: this.stderr },
    ];
  }
}

describe('no secret leaks: a crash in the middle of provider setups', () => {
  it('prints no secret when it crashes with a setup of every variant under way, nor when the next start rolls them back', async () => {
    const canaries = new Canaries();
    const dataDir = mkdtempSync(join(tmpdir(), 'byom-leaks-crash-'));
    const reports = mkdtempSync(join(tmpdir(), 'byom-leaks-crash-reports-'));
    const tenants: { fake: FakeTenant; proxy: LatchedProxy }[] = [];
    for (const id of providerIds) {
      const fake = await startFakeTenant({ builtInConfigs: false, apiAccessToken: canaries.make(`tenant.api-access-token/${id}`) });
      const proxy = await startLatchedProxy(fake.baseUrl);
      cleanups.push(
        () => fake.stop(),
        () => proxy.stop(),
      );
      tenants.push({ fake, proxy });
    }
    const crashing = new Worker(dataDir, [
      '--import',
      './test/support/crash-on-signal.ts',
      '--report-uncaught-exception',
      `--report-directory=${reports}`,
    ]);
    await crashing.ready;

    // Every tenant makes the credential, then holds its validation: each setup is half-way when the crash comes.
    const latches = tenants.map(({ proxy }) => proxy.hold({ method: 'POST', path: '/ai/api/v1/llm_credentials/*' }));
    const ids: string[] = [];
    for (const [i, id] of providerIds.entries()) {
      const profile = { ...apiTokenProfile(`Tenant ${id}`, tenants[i]!.fake), baseUrl: tenants[i]!.proxy.baseUrl };
      ids.push((await crashing.call<{ id: string }>('createTenantProfile', profile)).id);
    }
    for (const [i, id] of providerIds.entries()) {
      const values = { ...plainValuesOf(id, `Setup ${id}`), ...secretValues(canaries, id, 'setup') };
      void crashing.attempt('startProviderSetup', { tenantId: ids[i], providerId: id, values });
    }
    // The create (POST llm_credentials) goes through; the validate after it is held.
    for (const latch of latches) await latch.arrived();
    const exit = await crashing.crash();
    expect(exit.code).not.toBe(0);
    expect(crashing.stderr).toContain('a crash in the middle of an operation');
    expect(tenants.map((t) => t.fake.state().credentials.length)).toEqual(providerIds.map(() => 1));
    for (const latch of latches) latch.release();

    // The next start offers each setup; rolling each back leaves every tenant as it was.
    const next = new Worker(dataDir);
    await next.ready;
    const offered = await next.call<UnfinishedOperation[]>('listUnfinishedOperations');
    expect(offered.map((o) => o.kind)).toEqual(providerIds.map(() => 'setup'));
    for (const operation of offered) {
      const { jobId } = await next.call<{ jobId: string }>('rollBackOperation', { operationId: operation.id });
      expect((await next.finished(jobId)).status).toBe('succeeded');
    }
    expect(tenants.map((t) => t.fake.state().credentials.length)).toEqual(providerIds.map(() => 0));
    await next.stop();

    canaries.watchTenants(tenants.map((t) => t.fake));
    const haystacks = [
      ...crashing.output('crashed child'),
      ...next.output('next start'),
      ...filesUnder(dataDir, '<data>'),
      ...filesUnder(reports, '<reports>'),
    ];
    expect(haystacks.some((h) => h.where.startsWith('<reports>/'))).toBe(true);
    expect(haystacks.filter((h) => h.where.startsWith('<data>/operations/'))).toHaveLength(providerIds.length);
    expect(leaksIn(haystacks, canaries.all())).toEqual([]);
  });
});
