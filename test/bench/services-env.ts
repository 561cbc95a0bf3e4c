// The real main-process services in this Node process (as test/integration composes them), fake
// tenants on 127.0.0.1 (on a thread of their own: fake-farm.ts), and a job timer: the ground the tenant-job scenarios stand on. Jobs are
// timed from the call that starts them to the `job.updated` event that says they ended, with the
// process's own clock (performance.now).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { SecretStore } from '../../src-main/secrets/secret-store';
import type { JobView } from '../../src-shared/jobs';
import type { FakeTenant, FakeTenantOptions } from '../fake-tenant/server';
import { addApiTokenProfile, startServices, type TestServices } from '../support/node-services';
import { FakeFarm, type FarmTenant } from './fake-farm';

const jobTimeoutMs = 180_000;

/** What a call that starts a job answers: the job itself, or an object naming it (`jobId`). */
type JobHandle = { id?: string; jobId?: string };

export interface BenchTenant {
  profileId: string;
  fake: FarmTenant;
}

export class ServicesEnv {
  private readonly farm = new FakeFarm();
  private constructor(
    readonly started: TestServices,
    private readonly secrets: SecretStore,
    private readonly dataDir: string,
  ) {}

  static start(): ServicesEnv {
    const secrets = createKeyringSecretStore(`BYOM Desk bench ${randomUUID()}`);
    const dataDir = mkdtempSync(join(tmpdir(), 'byom-bench-'));
    return new ServicesEnv(startServices(secrets, { dataDir }), secrets, dataDir);
  }

  get handlers() {
    return this.started.handlers;
  }

  /** `count` fake tenants with these options, each with a profile (API access token). */
  async tenants(count: number, options: FakeTenantOptions, name: string): Promise<BenchTenant[]> {
    const fakes = await this.farm.start(count, options);
    const tenants: BenchTenant[] = [];
    for (const [i, fake] of fakes.entries()) {
      // The profile needs only the fake's address and token.
      tenants.push({ profileId: (await addApiTokenProfile(this.handlers, `${name} ${i + 1}`, fake as unknown as FakeTenant)).id, fake });
    }
    return tenants;
  }

  /** Starts a job and answers it once ended, with the time from the call to the event that said so. */
  async timed(start: () => Promise<JobHandle> | JobHandle): Promise<{ job: JobView; ms: number }> {
    const ended = new Map<string, { job: JobView; at: number }>();
    let waiting: { id: string; resolve(): void } | undefined;
    const unsubscribe = this.started.events.subscribe((name, payload) => {
      if (name !== 'job.updated') return;
      const job = payload as JobView;
      if (job.status === 'running' || ended.has(job.id)) return;
      ended.set(job.id, { job, at: performance.now() });
      if (waiting?.id === job.id) waiting.resolve();
    });
    try {
      const startedAt = performance.now();
      const answer = await start();
      const id = answer.jobId ?? answer.id;
      if (!id) throw new Error('the call started no job');
      if (!ended.has(id)) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`job ${id} did not end within ${jobTimeoutMs / 1000} s`)), jobTimeoutMs);
          waiting = { id, resolve: () => (clearTimeout(timer), resolve()) };
        });
      }
      const end = ended.get(id)!;
      return { job: end.job, ms: end.at - startedAt };
    } finally {
      unsubscribe();
    }
  }

  /** A job that must have ended well on every tenant: its time, or an error naming what went wrong. */
  async succeeded(what: string, start: Parameters<ServicesEnv['timed']>[0]): Promise<{ job: JobView; ms: number }> {
    const run = await this.timed(start);
    const failed = Object.entries(run.job.tenants).filter(([, t]) => t.status !== 'ok');
    if (run.job.status !== 'succeeded' || failed.length > 0) {
      const why = failed.map(([, t]) => `${t.status}${t.error ? `: ${t.error.message}` : ''}`).slice(0, 3);
      throw new Error(`${what}: the job ended ${run.job.status}${run.job.error ? ` (${run.job.error.message})` : ''}; ${why.join('; ')}`);
    }
    return run;
  }

  /**
   * Until no job runs: a change on a tenant starts a read of it afterwards (the inventory follows
   * every operation), which must not fall into the next measurement.
   */
  async idle(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => (unsubscribe(), reject(new Error(`jobs still running after ${jobTimeoutMs / 1000} s`))), jobTimeoutMs);
      const check = async () => {
        if ((await this.handlers.listJobs(undefined)).some((j) => j.status === 'running')) return;
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      const unsubscribe = this.started.events.subscribe((name) => {
        if (name === 'job.updated') void check();
      });
      void check();
    });
  }

  /** Requests the tenants answered so far, or only those of `path` ending so (`/validate`). */
  async requestsServed(tenants: readonly BenchTenant[], pathEnd = ''): Promise<number> {
    const logs = await Promise.all(tenants.map((t) => t.fake.requests()));
    return logs.reduce((n, log) => n + log.filter((r) => r.path.endsWith(pathEnd)).length, 0);
  }

  async dispose(): Promise<void> {
    const { profiles } = await Promise.resolve(this.handlers.listTenantProfiles(undefined)).catch(() => ({ profiles: [] }));
    for (const p of profiles) await Promise.resolve(this.handlers.deleteTenantProfile({ id: p.id })).catch(() => undefined);
    await this.started.services.dispose();
    await this.farm.stop();
    for (const account of await this.secrets.listAccounts().catch(() => [])) await this.secrets.delete(account).catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
