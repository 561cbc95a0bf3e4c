// Reading many tenants at once, through the real services and fake tenants on loopback:
//
// - cross-tenant inventory: 25 tenants, each answering every request after 250 ms ± 50 ms (full
//   size), 200 configs, 20 credentials and 5 agents each, in pages of 50. Its time ÷ the slowest of
//   a few of the same tenants each read alone in the same run. One tenant alone needs about four
//   latencies in a row (the first page of configs, then the rest read ahead within its cap of 4);
//   25 at once need as many if nothing of ours holds them back, so the ideal is about 1 (plus
//   the slowest of 25 tenants' jitter against the slowest of a few).
// - health sweep: 25 tenants x 4 credentials, validated in listing mode (their inventories read
//   first, as the screen has them). Its time ÷ one credential's validation: the sweep of a tenant
//   with one credential, the slowest of a few. Each tenant validates its 4 at once within its cap.
import type { BenchSize, Figure } from './figures';
import { median, seconds } from './figures';
import type { BenchTenant, ServicesEnv } from './services-env';

export interface Latency {
  latencyMs: number;
  jitterMs: number;
  /** Measurements of each figure; its value is their median. */
  rounds: number;
  /** Tenants read alone per round: the baseline is the slowest of them. */
  alone: number;
}

/**
 * 250 ms ± 50 ms, as the table has it, for every read; at smoke size with fewer rounds and
 * baselines. The changes (apply, rotation: ten round trips in a row each) run at 100 ms ± 20 ms at
 * smoke size, or they alone would take the smoke run's minute.
 */
export function latencyFor(size: BenchSize, kind: 'read' | 'change'): Latency {
  if (size.name === 'full') return { latencyMs: 200, jitterMs: 100, rounds: 3, alone: 5 };
  return kind === 'read' ? { latencyMs: 200, jitterMs: 100, rounds: 2, alone: 2 } : { latencyMs: 80, jitterMs: 40, rounds: 1, alone: 2 };
}

/** The fake tenants' options for this latency. */
export const latencyOptions = (l: Latency) => ({ latencyMs: l.latencyMs, jitterMs: l.jitterMs });

/** Each round's ratio, when there were several: how far apart they fell. */
export const rounds = (ratios: readonly number[]) => (ratios.length > 1 ? `; rounds ${ratios.map((r) => r.toFixed(2)).join(', ')}` : '');

export const latencyText = (l: Latency) => `${l.latencyMs + l.jitterMs / 2} ms ± ${l.jitterMs / 2} ms`;

/** Every tenant's inventory holds exactly the configs and agents its fake tenant has. */
async function verifyInventory(env: ServicesEnv, tenants: readonly BenchTenant[], configs: number, agents: number): Promise<void> {
  const states = await env.handlers.getInventory({ tenantIds: tenants.map((t) => t.profileId) });
  const held = await Promise.all(tenants.map((t) => t.fake.state()));
  const problems = tenants.flatMap((_, i) => {
    const inventory = states[i]?.inventory;
    const own = new Set((inventory?.configs ?? []).filter((c) => !c.builtIn).map((c) => c.id));
    const expected = held[i]!.configs.filter((c) => !c.is_builtin);
    const missing = expected.filter((c) => !own.has(c.id)).length;
    const agentCount = inventory?.agents?.length ?? 0;
    const whole = own.size === configs && missing === 0 && agentCount === agents;
    return whole ? [] : [`tenant ${i + 1}: ${own.size} configs (${missing} missing), ${agentCount} agents`];
  });
  if (problems.length > 0) throw new Error(`the inventory was not read whole: ${problems.slice(0, 3).join('; ')}`);
}

export async function crossTenantInventory(env: ServicesEnv, size: BenchSize): Promise<Figure> {
  const l = latencyFor(size, 'read');
  const configs = 200;
  const agents = 5;
  const tenants = await env.tenants(
    25,
    { ...latencyOptions(l), seedCredentials: 20, seedConfigs: configs, seedAgents: agents, seedPreference: true, maxPageSize: 50 },
    'Inventory',
  );
  const ids = tenants.map((t) => t.profileId);
  const refresh = (tenantIds: string[]) => env.succeeded('inventory', () => env.handlers.startInventoryRefresh({ tenantIds }));
  // Untimed: every tenant's client made and connected, and the code run once, before either measure.
  await refresh(ids);
  const ratios: number[] = [];
  let last = { all: 0, alone: 0, requests: 0 };
  for (let round = 0; round < l.rounds; round++) {
    const alone: number[] = [];
    for (let i = 0; i < l.alone; i++) alone.push((await refresh([ids[(round * l.alone + i) % ids.length]!])).ms);
    const before = await env.requestsServed(tenants);
    const all = await refresh(ids);
    await verifyInventory(env, tenants, configs, agents);
    last = { all: all.ms, alone: Math.max(...alone), requests: (await env.requestsServed(tenants)) - before };
    ratios.push(last.all / last.alone);
  }
  return {
    name: 'cross-tenant inventory',
    value: median(ratios),
    unit: '×',
    goal: 1.3,
    detail:
      `25 tenants ${seconds(last.all)} vs slowest alone ${seconds(last.alone)} ` +
      `(${last.requests} requests; ${latencyText(l)}, pages of 50)${rounds(ratios)}`,
  };
}

export async function healthSweep(env: ServicesEnv, size: BenchSize): Promise<Figure> {
  const l = latencyFor(size, 'read');
  const options = latencyOptions(l);
  const tenants = await env.tenants(25, { ...options, seedCredentials: 4 }, 'Sweep');
  const single = await env.tenants(l.alone, { ...options, seedCredentials: 1 }, 'Sweep alone');
  const ids = tenants.map((t) => t.profileId);
  const sweep = (tenantIds: string[]) => env.succeeded('sweep', () => env.handlers.startHealthSweep({ tenantIds }));
  // The sweep validates what the inventory read: read every tenant first, untimed, as the screen does.
  await env.succeeded('inventory', () => env.handlers.startInventoryRefresh({ tenantIds: [...ids, ...single.map((t) => t.profileId)] }));
  await sweep([single[0]!.profileId]);
  const ratios: number[] = [];
  let last = { all: 0, alone: 0 };
  for (let round = 0; round < l.rounds; round++) {
    const alone: number[] = [];
    for (const t of single) alone.push((await sweep([t.profileId])).ms);
    const all = await sweep(ids);
    const validated = await env.requestsServed(tenants, '/validate');
    if (validated < 100 * (round + 1)) throw new Error(`the sweep validated ${validated} credentials, expected ${100 * (round + 1)}`);
    last = { all: all.ms, alone: Math.max(...alone) };
    ratios.push(last.all / last.alone);
  }
  return {
    name: 'health sweep',
    value: median(ratios),
    unit: '×',
    goal: 2.0,
    detail: `25 tenants x 4 credentials ${seconds(last.all)} vs one credential ${seconds(last.alone)} (${latencyText(l)})${rounds(ratios)}`,
  };
}
