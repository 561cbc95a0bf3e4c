// Fake tenants in a Node process of their own (fake-farm-worker.ts), driven from the bench. On one
// thread with the services, 25 tenants' own work (answering, copying pages) would be counted in
// the 25-tenant figures and hardly in their one-tenant baselines.
import { fork } from 'node:child_process';
import type { FakeTenantOptions, RequestLogEntry, TenantState } from '../fake-tenant/server';
import type { FarmRequest } from './fake-farm-worker';

/** A fake tenant on the farm: its address and token here, its state over there. */
export interface FarmTenant {
  readonly baseUrl: string;
  readonly apiAccessToken: string;
  state(): Promise<TenantState>;
  /** Back to its seed data (see FakeTenant.reset). */
  reset(): Promise<void>;
  requests(): Promise<RequestLogEntry[]>;
}

type Pending = { resolve(value: unknown): void; reject(error: Error): void };
/** A request without its id, for each kind of request. */
type FarmCall = FarmRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export class FakeFarm {
  private readonly worker = fork(new URL('./fake-farm-worker.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve(m.value);
      else p?.reject(new Error(`fake tenant farm: ${m.error}`));
    });
    this.worker.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`the fake tenant farm exited (${code})`));
      this.pending.clear();
    });
  }

  private ask<T>(request: FarmCall): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.send({ ...request, id });
    });
  }

  async start(count: number, options: FakeTenantOptions): Promise<FarmTenant[]> {
    const started = await this.ask<{ index: number; baseUrl: string; apiAccessToken: string }[]>({ op: 'start', options, count });
    return started.map(({ index, baseUrl, apiAccessToken }) => ({
      baseUrl,
      apiAccessToken,
      state: () => this.ask<TenantState>({ op: 'state', tenant: index }),
      reset: () => this.ask<void>({ op: 'reset', tenant: index }),
      requests: () => this.ask<RequestLogEntry[]>({ op: 'requests', tenant: index }),
    }));
  }

  async stop(): Promise<void> {
    await this.ask({ op: 'stop' });
    this.worker.disconnect();
  }
}
