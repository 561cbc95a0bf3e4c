// main memory: the heap of the main-process services (composed as the app's shell composes them,
// in a Node process of their own: see main-memory-child.ts) after reading 25 tenants x 1,000
// configs, against their heap at start with the same 25 profiles. The ratio is reported; the goal
// is the absolute heap after, at most 150 MB. The tenants answer at once: memory does not wait.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import type { BenchSize, Figure } from './figures';

const root = resolve(import.meta.dirname, '../..');
const mb = (bytes: number) => bytes / (1024 * 1024);

interface Heaps {
  atStart: { heapUsed: number; rss: number };
  loaded: { heapUsed: number; rss: number };
  configs: number;
}

function runChild(tenants: FakeTenant[]): Promise<Heaps> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/bench/main-memory-child.ts'], {
      cwd: root,
      env: {
        ...process.env,
        BYOM_DESK_KEYCHAIN_SERVICE: `BYOM Desk bench memory ${randomUUID()}`,
        BENCH_TENANTS: JSON.stringify(tenants.map((t) => ({ baseUrl: t.baseUrl, token: t.apiAccessToken }))),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code === 0 && line) resolvePromise(JSON.parse(line) as Heaps);
      else reject(new Error(`the memory run exited ${code}:\n${err.slice(-2000)}`));
    });
  });
}

export async function mainMemory(_size: BenchSize): Promise<Figure[]> {
  const seeds = { seedCredentials: 40, seedConfigs: 1000, seedAgents: 5, seedPreference: true };
  const tenants = await Promise.all(Array.from({ length: 25 }, () => startFakeTenant(seeds)));
  try {
    const heaps = await runChild(tenants);
    if (heaps.configs !== 25_000) throw new Error(`the memory run read ${heaps.configs} configs, expected 25,000`);
    const detail =
      `heap ${mb(heaps.atStart.heapUsed).toFixed(1)} MB at start, ${mb(heaps.loaded.heapUsed).toFixed(1)} MB with 25,000 configs ` +
      `(RSS ${mb(heaps.loaded.rss).toFixed(0)} MB)`;
    return [
      { name: 'main memory (loaded ÷ start)', value: heaps.loaded.heapUsed / heaps.atStart.heapUsed, unit: '×', goal: null, detail },
      {
        name: 'main memory (heap loaded)',
        value: mb(heaps.loaded.heapUsed),
        unit: 'MB',
        goal: 150,
        detail: '25 tenants x 1,000 configs, 40 credentials, 5 agents each',
      },
    ];
  } finally {
    await Promise.all(tenants.map((t) => t.stop()));
  }
}
