// The inventory of 25 slow tenants, read by the real main services in plain Node (as
// test/integration/inventory.test.ts composes them): real HTTP to fake tenants on loopback, the
// real keychain (a private one under `npm run bench`), the real cache files.
//
// Target: the job for 25 tenants takes at most 4 times as long as the same job for one of them
// alone, both measured in this run.
//
// Why 4 is the right bar. Every tenant answers each request after 250 ms and holds 1,000 configs
// of its own (plus the built-ins), 40 credentials, a preference and overrides. Lists are read 100
// per page, one page after the other (the next page's `skip` follows the last answer), so a tenant
// alone needs ~11 config pages in a row: ~11 x 250 ms = ~2.8 s, its other three lists running
// beside them within its own cap of 4 requests in flight. 25 tenants need ~25 x 14 = ~350
// requests, and at most 16 are in flight across all tenants: at least 350 / 16 x 250 ms = ~5.5 s,
// about 2x the single tenant. Reading the tenants one after the other would take 25x; a job that
// ran them concurrently but let one tenant's pages wait on another's (or a cap of 4 overall)
// would take ~8x. So <= 4 proves the tenants are read concurrently under the global cap, and
// leaves room for parsing 25,000 configs and writing the cache on the same thread.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EventHub } from '../../src-main/ipc/events';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { Services } from '../../src-main/services';
import type { JobView } from '../../src-shared/jobs';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { addApiTokenProfile, startServices } from '../support/node-services';
import { reportStandalone, type BenchOutcome } from './run';

const tenantCount = 25;
const configsPerTenant = 1000;
const latencyMs = 250;
const targetRatio = 4;
const jobTimeoutMs = 120_000;

interface Measured {
  tenants: number;
  configsRead: number;
  ms: number;
}

/** Starts the job and answers when its `job.updated` event says it ended, timed from the call to that event. */
async function timedJob(events: EventHub, start: () => Promise<JobView> | JobView): Promise<{ job: JobView; ms: number }> {
  const ended = new Map<string, { job: JobView; at: number }>();
  let waiting: { id: string; resolve(): void } | undefined;
  const unsubscribe = events.subscribe((name, payload) => {
    if (name !== 'job.updated') return;
    const job = payload as JobView;
    if (job.status === 'running' || ended.has(job.id)) return;
    ended.set(job.id, { job, at: performance.now() });
    if (waiting?.id === job.id) waiting.resolve();
  });
  try {
    const startedAt = performance.now();
    const { id } = await start();
    if (!ended.has(id)) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the inventory job did not end within ${jobTimeoutMs / 1000} s`)), jobTimeoutMs);
        waiting = {
          id,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
    }
    const end = ended.get(id)!;
    return { job: end.job, ms: end.at - startedAt };
  } finally {
    unsubscribe();
  }
}

/**
 * Every tenant in the job ended ok and the inventory holds exactly its own configs: the ids the
 * fake tenant holds, built-ins left out. Answers the number of configs read.
 */
async function verify(services: Services, job: JobView, tenants: readonly { profileId: string; fake: FakeTenant }[]): Promise<number> {
  const problems: string[] = [];
  if (job.status !== 'succeeded') problems.push(`the job ended ${job.status}${job.error ? `: ${job.error.message}` : ''}`);
  const states = await services.handlers.getInventory({ tenantIds: tenants.map((t) => t.profileId) });
  let read = 0;
  tenants.forEach(({ profileId, fake }, i) => {
    const progress = job.tenants[profileId];
    if (progress?.status !== 'ok') problems.push(`tenant ${i + 1} ended ${progress?.status ?? 'missing'}${progress?.error ? `: ${progress.error.message}` : ''}`);
    const own = (states[i]?.inventory?.configs ?? []).filter((c) => !c.builtIn);
    const expected = new Set(fake.state().configs.filter((c) => !c.is_builtin).map((c) => c.id));
    const mine = own.filter((c) => expected.has(c.id)).length;
    if (own.length !== configsPerTenant || mine !== configsPerTenant || expected.size !== configsPerTenant) {
      problems.push(`tenant ${i + 1}: read ${own.length} configs, ${mine} of them its own, expected ${configsPerTenant}`);
    }
    read += own.length;
  });
  if (problems.length > 0) throw new Error(`the inventory was not read whole:\n  ${problems.join('\n  ')}`);
  return read;
}

export default async function inventoryLoadBench(): Promise<BenchOutcome> {
  const secrets = createKeyringSecretStore(`BYOM Desk bench ${randomUUID()}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'byom-bench-inventory-'));
  const fakes: FakeTenant[] = [];
  let services: Services | undefined;
  try {
    console.log(`Starting ${tenantCount} fake tenants (${latencyMs} ms a request, ${configsPerTenant} configs each)…`);
    fakes.push(
      ...(await Promise.all(
        Array.from({ length: tenantCount }, () => startFakeTenant({ latencyMs, seedCredentials: 40, seedConfigs: configsPerTenant, seedPreference: true })),
      )),
    );
    // A small tenant without latency, read once untimed so the baseline does not pay for the
    // first run of the code (module loading, JIT); it is not part of either figure.
    const warmUp = await startFakeTenant({ seedCredentials: 2, seedConfigs: 20, seedPreference: true });
    fakes.push(warmUp);

    const started = startServices(secrets, { dataDir });
    const { events, handlers } = started;
    services = started.services;
    const running = started.services;
    const profileOf = (fake: FakeTenant, name: string) => addApiTokenProfile(handlers, name, fake);
    const tenants: { profileId: string; fake: FakeTenant }[] = [];
    for (const [i, fake] of fakes.slice(0, tenantCount).entries()) tenants.push({ profileId: (await profileOf(fake, `Bench ${i + 1}`)).id, fake });
    const warmUpProfile = await profileOf(warmUp, 'Warm-up');
    await timedJob(events, () => handlers.startInventoryRefresh({ tenantIds: [warmUpProfile.id] }));

    // Every tenant has the same latency and data, so each is "the slowest": the first one, alone.
    const alone = tenants.slice(0, 1);
    const single = await timedJob(events, () => handlers.startInventoryRefresh({ tenantIds: alone.map((t) => t.profileId) }));
    const singleRow: Measured = { tenants: 1, configsRead: await verify(running, single.job, alone), ms: single.ms };

    const all = await timedJob(events, () => handlers.startInventoryRefresh({ tenantIds: tenants.map((t) => t.profileId) }));
    const allRow: Measured = { tenants: tenantCount, configsRead: await verify(running, all.job, tenants), ms: all.ms };

    const ratio = allRow.ms / singleRow.ms;
    const requests = fakes.slice(0, tenantCount).reduce((n, f) => n + f.requests().length, 0);
    console.log('');
    console.log('  tenants  configs read        ms');
    for (const r of [singleRow, allRow]) console.log(`  ${String(r.tenants).padStart(7)}  ${String(r.configsRead).padStart(12)}  ${r.ms.toFixed(0).padStart(8)}`);
    console.log(`  ratio ${tenantCount} tenants / slowest alone: ${ratio.toFixed(2)} (target <= ${targetRatio}); ${requests} requests served in all`);
    return {
      name: 'inventory load',
      targets: [{ name: `${tenantCount} tenants / slowest alone <= ${targetRatio}`, ok: ratio <= targetRatio, measured: ratio.toFixed(2) }],
    };
  } finally {
    if (services) {
      // Removing the profiles removes their keychain entries; then nothing of ours may be left.
      const { handlers } = services;
      const { profiles } = await Promise.resolve(handlers.listTenantProfiles(undefined)).catch(() => ({ profiles: [] }));
      for (const p of profiles) await Promise.resolve(handlers.deleteTenantProfile({ id: p.id })).catch(() => undefined);
      await services.dispose();
    }
    await Promise.all(fakes.map((f) => f.stop()));
    for (const account of await secrets.listAccounts().catch(() => [])) await secrets.delete(account).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) reportStandalone(await inventoryLoadBench());
