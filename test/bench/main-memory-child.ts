// Run by main-memory.ts in a Node process of its own (`node --expose-gc`): the main-process
// services composed as the web harness composes them (file logger, keychain, conf files, the
// dispatcher every page call goes through), 25 tenant profiles, then every tenant's inventory read.
// Prints one JSON line: the heap (after a full collection) at start and after the read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobView } from '../../src-shared/jobs';
import type { TenantInventoryState } from '../../src-shared/inventory';
import { composeNodeServices } from '../../tools/harness/compose';

const tenants = JSON.parse(process.env.BENCH_TENANTS ?? '[]') as { baseUrl: string; token: string }[];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const origin = 'app://byom-desk/';
const dataDir = mkdtempSync(join(tmpdir(), 'byom-bench-memory-'));
const node = composeNodeServices(dataDir, [{ protocol: 'app:', host: 'byom-desk' }], 'bench');
async function call<T>(channel: string, input: unknown): Promise<T> {
  const result = (await node.dispatcher.dispatch(channel, input, origin)) as { ok: boolean; value?: T; error?: { message: string } };
  if (!result.ok) throw new Error(`${channel}: ${result.error?.message}`);
  return result.value as T;
}

/** The heap in use once everything unreachable is collected (twice: weak references and finalizers). */
function heap() {
  gc!();
  gc!();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

try {
  const ids: string[] = [];
  for (const [i, t] of tenants.entries()) {
    const profile = await call<{ id: string }>('createTenantProfile', {
      name: `Memory ${i + 1}`,
      baseUrl: t.baseUrl,
      environment: { label: 'staging', color: '#bf8700' },
      auth: { method: 'apiToken', apiToken: t.token },
    });
    ids.push(profile.id);
  }
  const atStart = heap();
  const ended = new Promise<JobView>((resolve) => {
    node.events.subscribe((name, payload) => {
      const job = payload as JobView;
      if (name === 'job.updated' && job.status !== 'running') resolve(job);
    });
  });
  await call('startInventoryRefresh', { tenantIds: ids });
  const job = await ended;
  if (job.status !== 'succeeded') throw new Error(`the inventory job ended ${job.status}`);
  const states = await call<TenantInventoryState[]>('getInventory', { tenantIds: ids });
  const configs = states.reduce((n, s) => n + (s.inventory?.configs.filter((c) => !c.builtIn).length ?? 0), 0);
  const loaded = heap();
  console.log(JSON.stringify({ atStart, loaded, configs }));
  await node.dispose();
  for (const account of await node.secrets.listAccounts().catch(() => [])) await node.secrets.delete(account).catch(() => undefined);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
