// Jobs on many tenants through the real services: the request caps across tenants, cancel down to
// the socket, and quitting with jobs still running. The tenants here are a plain HTTP server that
// counts what is in flight and can hold answers back.
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { Services } from '../../src-main/services';
import { addApiTokenProfile, startServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk jobs test ${randomUUID()}`);
afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

interface SlowTenant {
  baseUrl: string;
  /** Requests being answered now, and the most at once. */
  inFlight(): number;
  maxInFlight(): number;
  openSockets(): number;
  /** Lets every held request answer. */
  release(): void;
  stop(): Promise<void>;
}

/** Answers GET /ai/api/v1/config/llm only when released (or never, when `hang`). */
async function slowTenant(options: { hang?: boolean } = {}): Promise<SlowTenant> {
  let current = 0;
  let most = 0;
  const held: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  let released = false;
  const answer = (res: ServerResponse) => {
    current -= 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [], total: 0 }));
  };
  const server: Server = createServer((req, res) => {
    current += 1;
    most = Math.max(most, current);
    res.on('close', () => {
      if (!res.writableEnded) current -= 1;
    });
    if (released && !options.hang) answer(res);
    else held.push(res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inFlight: () => current,
    maxInFlight: () => most,
    openSockets: () => sockets.size,
    release: () => {
      released = true;
      if (!options.hang) for (const res of held.splice(0)) if (!res.destroyed) answer(res);
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const running: Services[] = [];
const servers: SlowTenant[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.dispose()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function servicesWith(tenants: number, server: SlowTenant, globalRequestCap?: number, dataDir?: string) {
  const started = startServices(secrets, { ...(globalRequestCap ? { globalRequestCap } : {}), ...(dataDir ? { dataDir } : {}) });
  running.push(started.services);
  const ids: string[] = [];
  for (let i = 0; i < tenants; i++) {
    ids.push(
      (
        await addApiTokenProfile(started.handlers, `Tenant ${i + 1}`, {
          baseUrl: server.baseUrl,
          apiAccessToken: `token-${i}-${randomUUID()}`,
        })
      ).id,
    );
  }
  return { services: started.services, ids, seen: started.seen.jobs, dataDir: started.dataDir };
}

describe('jobs on many tenants', () => {
  it('with the default cap, the connection tests of 25 tenants all reach them at once', async () => {
    const server = await slowTenant();
    servers.push(server);
    const { services, ids } = await servicesWith(25, server);
    await services.handlers.startConnectionTests({ tenantIds: ids });
    await vi.waitFor(() => expect(server.inFlight()).toBe(25), { timeout: 10_000 });
    server.release();
  });

  it('keep at most the global cap (a setting, 16 here) of requests in flight across all 20 tenants at once', async () => {
    const server = await slowTenant();
    servers.push(server);
    const { services, ids } = await servicesWith(20, server, 16);
    const job = await services.handlers.startConnectionTests({ tenantIds: ids });
    await vi.waitFor(() => expect(server.inFlight()).toBe(16), { timeout: 10_000 });
    server.release();
    const jobs = async () => (await services.handlers.listJobs(undefined)).find((j) => j.id === job.id);
    await vi.waitFor(async () => expect((await jobs())?.status).toBe('succeeded'), { timeout: 10_000 });
    expect(server.maxInFlight()).toBe(16);
    const final = (await jobs())!;
    expect(Object.values(final.tenants).map((t) => t.status)).toEqual(ids.map(() => 'ok'));
  });

  it('a cancelled job aborts its requests at the socket: the tenant sees every connection closed', async () => {
    const server = await slowTenant({ hang: true });
    servers.push(server);
    const { services, ids, seen } = await servicesWith(3, server);
    const job = await services.handlers.startConnectionTests({ tenantIds: ids });
    await vi.waitFor(() => expect(server.inFlight()).toBe(3), { timeout: 10_000 });
    expect(server.openSockets()).toBeGreaterThanOrEqual(3);
    expect(await services.handlers.cancelJob({ jobId: job.id })).toEqual({ cancelled: true });
    await vi.waitFor(() => expect(seen.at(-1)?.status).toBe('cancelled'), { timeout: 5_000 });
    await vi.waitFor(() => expect(server.openSockets()).toBe(0), { timeout: 5_000 });
    expect(server.inFlight()).toBe(0);
    expect(Object.values(seen.at(-1)!.tenants).map((t) => t.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('on quit, running jobs end cancelled and every tenant connection is closed', async () => {
    const server = await slowTenant({ hang: true });
    servers.push(server);
    const { services, ids, seen } = await servicesWith(2, server);
    await services.handlers.startConnectionTests({ tenantIds: ids });
    await vi.waitFor(() => expect(server.inFlight()).toBe(2), { timeout: 10_000 });
    await services.dispose();
    expect(seen.at(-1)?.status).toBe('cancelled');
    await vi.waitFor(() => expect(server.openSockets()).toBe(0), { timeout: 5_000 });
  });

  it('keeps each tenant’s last connection test on disk with its time, so a restart still shows it', async () => {
    const server = await slowTenant();
    servers.push(server);
    server.release();
    const { services, ids, seen, dataDir } = await servicesWith(2, server);
    const job = await services.handlers.startConnectionTests({ tenantIds: ids });
    await vi.waitFor(() => expect(seen.filter((j) => j.id === job.id).at(-1)?.status).toBe('succeeded'), { timeout: 10_000 });
    const kept = await services.handlers.listConnectionTests(undefined);
    expect(Object.keys(kept).sort()).toEqual([...ids].sort());
    await services.dispose();

    // Same data folder, a new start: the results are there, with their time.
    const again = startServices(secrets, { dataDir }).services;
    running.push(again);
    const restored = await again.handlers.listConnectionTests(undefined);
    expect(restored).toEqual(kept);
    expect(Object.values(restored).every((r) => r.report.ok && Date.parse(r.testedAt) > Date.now() - 60_000)).toBe(true);
    // A removed tenant's result goes with it.
    await again.handlers.deleteTenantProfile({ id: ids[0]! });
    expect(Object.keys(await again.handlers.listConnectionTests(undefined))).toEqual([ids[1]]);
  });

  it('refuses a job for a tenant that does not exist, before anything starts', async () => {
    const server = await slowTenant();
    servers.push(server);
    const { services, ids } = await servicesWith(1, server);
    await expect(services.handlers.startConnectionTests({ tenantIds: [ids[0]!, randomUUID()] })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await services.handlers.listJobs(undefined)).toEqual([]);
  });
});
