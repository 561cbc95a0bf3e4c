import { describe, expect, it, vi } from 'vitest';
import { createEventHub } from '../../src-main/ipc/events';
import { forEachTenant, JobRunner } from '../../src-main/jobs/job-runner';
import { AppError } from '../../src-shared/errors';
import type { JobView } from '../../src-shared/jobs';
import { memoryLogger } from '../support/memory-logger';

const ids = [
  '6b1a0f6e-0000-4000-8000-000000000001',
  '6b1a0f6e-0000-4000-8000-000000000002',
  '6b1a0f6e-0000-4000-8000-000000000003',
] as const;

function runner(options: { throttleMs?: number; keepFinished?: number } = {}) {
  const log = memoryLogger();
  const hub = createEventHub(log);
  const events: JobView[] = [];
  hub.subscribe((name, payload) => {
    if (name === 'job.updated') events.push(payload as JobView);
  });
  return { jobs: new JobRunner({ events: hub, log, ...options }), events, log };
}

/** A promise and the functions that settle it, for steps a test wants to hold. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

describe('background jobs', () => {
  it('reports per-tenant progress, isolates a failing tenant, and ends with the result', async () => {
    const { jobs, events } = runner({ throttleMs: 0 });
    const job = jobs.start({
      kind: 'connection-tests',
      title: 'Test 3 connections',
      tenantIds: ids,
      run: async (ctx) => {
        await forEachTenant(ctx, ids, async (tenant) => {
          tenant.running('Working', 2);
          tenant.step(1);
          if (tenant.tenantId === ids[1]) throw new AppError('network', 'Nothing accepts connections at 127.0.0.1:9.');
          tenant.ok('Done');
        });
        // A result of the kind's own shape (job-results.ts): one that breaks it is refused.
        return { [ids[0]]: { testedAt: '2026-12-01T09:00:00.000Z', report: { ok: true, steps: [] } } };
      },
    });
    expect(job).toMatchObject({ status: 'running', done: 0, total: 3 });
    const final = await jobs.settled(job.id);
    expect(final).toMatchObject({ status: 'succeeded', done: 3, total: 3, result: { [ids[0]]: { report: { ok: true } } } });
    expect(final.tenants[ids[0]]).toMatchObject({ status: 'ok', done: 2, total: 2, message: 'Done' });
    expect(final.tenants[ids[1]]).toMatchObject({ status: 'failed', done: 1, error: { code: 'network' } });
    expect(final.tenants[ids[2]]).toMatchObject({ status: 'ok' });
    // The first event is the start, the last one the end.
    expect(events[0]).toMatchObject({ id: job.id, status: 'running', done: 0 });
    expect(events.at(-1)).toEqual(final);
  });

  it('sends progress at most once per 100 ms per job, the latest state each time, and the end at once', async () => {
    // The clock is the test's: the runner's default interval, stepped through by hand.
    vi.useFakeTimers();
    try {
      const { jobs, events } = runner();
      const steps = gate();
      const end = gate();
      const job = jobs.start({
        kind: 'connection-tests',
        title: 'Many steps',
        tenantIds: [ids[0]],
        run: async (ctx) => {
          const t = ctx.tenant(ids[0]);
          t.running('Working', 1000);
          for (let i = 1; i <= 500; i++) t.step(i);
          await steps.promise;
          for (let i = 501; i <= 1000; i++) t.step(i);
          await end.promise;
          t.ok();
        },
      });
      await vi.advanceTimersByTimeAsync(0);
      // Only the start so far: 500 steps wait for the interval.
      expect(events.map((e) => e.status)).toEqual(['running']);
      await vi.advanceTimersByTimeAsync(99);
      expect(events).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      // One event for the 500 steps, with the latest of them.
      expect(events).toHaveLength(2);
      expect(events[1]!.tenants[ids[0]]).toMatchObject({ status: 'running', done: 500, total: 1000 });
      steps.open();
      await vi.advanceTimersByTimeAsync(99);
      expect(events).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(events).toHaveLength(3);
      expect(events[2]!.tenants[ids[0]]).toMatchObject({ done: 1000 });
      // The end goes out at once, with no wait for the interval.
      end.open();
      await vi.advanceTimersByTimeAsync(0);
      expect(events.map((e) => e.status)).toEqual(['running', 'running', 'running', 'succeeded']);
      expect(events.map((e) => e.revision)).toEqual([1, 2, 3, 4]);
      expect(await jobs.settled(job.id)).toMatchObject({ status: 'succeeded', done: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('cancels: the work sees the signal, unfinished tenants say so, and the job ends cancelled', async () => {
    const { jobs } = runner({ throttleMs: 0 });
    let sawAbort = false;
    const job = jobs.start({
      kind: 'connection-tests',
      title: 'Hangs',
      tenantIds: ids,
      run: (ctx) =>
        forEachTenant(ctx, ids, async (tenant) => {
          tenant.running('Waiting for the tenant');
          if (tenant.tenantId === ids[0]) return tenant.ok();
          await new Promise<void>((_, reject) =>
            ctx.signal.addEventListener('abort', () => {
              sawAbort = true;
              reject(new AppError('cancelled', 'The request was cancelled.'));
            }),
          );
        }),
    });
    expect(jobs.cancel(job.id)).toBe(true);
    expect(jobs.cancel(job.id)).toBe(false);
    const final = await jobs.settled(job.id);
    expect(sawAbort).toBe(true);
    expect(final.status).toBe('cancelled');
    expect(final.tenants[ids[0]]!.status).toBe('ok');
    expect(final.tenants[ids[1]]!.status).toBe('cancelled');
    expect(final.tenants[ids[1]]!.error).toBeUndefined();
    expect(jobs.cancel(job.id)).toBe(false);
  });

  it('fails a job that throws, with the error a person can act on, and hides an unexpected one', async () => {
    const { jobs } = runner();
    const typed = jobs.start({
      kind: 'connection-tests',
      title: 'x',
      tenantIds: [],
      run: async () => Promise.reject(new AppError('storage', 'The disk is full.')),
    });
    expect(await jobs.settled(typed.id)).toMatchObject({ status: 'failed', error: { code: 'storage', message: 'The disk is full.' } });
    const bug = jobs.start({
      kind: 'connection-tests',
      title: 'x',
      tenantIds: [],
      run: async () => Promise.reject(new Error('secret sk-canary in a stack')),
    });
    const failed = await jobs.settled(bug.id);
    expect(failed.error?.code).toBe('internal');
    expect(JSON.stringify(failed)).not.toContain('sk-canary');
  });

  it('lists running jobs first, then finished ones newest first, and forgets the oldest finished beyond its limit', async () => {
    const { jobs } = runner({ keepFinished: 2 });
    const done = async (title: string) => {
      const j = jobs.start({ kind: 'connection-tests', title, tenantIds: [], run: async () => undefined });
      await jobs.settled(j.id);
      return j;
    };
    await done('first');
    await done('second');
    const hold = gate();
    const running = jobs.start({ kind: 'connection-tests', title: 'running', tenantIds: [], run: () => hold.promise });
    await done('third');
    expect(jobs.list().map((j) => j.title)).toEqual(['running', 'third', 'second']);
    expect(() => jobs.get(running.id)).not.toThrow();
    hold.open();
    await jobs.settled(running.id);
  });

  it('on quit, cancels every running job and waits until each has wound down', async () => {
    const { jobs } = runner();
    const wound: string[] = [];
    for (const title of ['a', 'b']) {
      jobs.start({
        kind: 'connection-tests',
        title,
        tenantIds: [],
        run: (ctx) =>
          new Promise((_, reject) =>
            ctx.signal.addEventListener('abort', () => {
              setImmediate(() => {
                wound.push(title);
                reject(new AppError('cancelled', 'cancelled'));
              });
            }),
          ),
      });
    }
    await jobs.cancelAll();
    expect(wound.sort()).toEqual(['a', 'b']);
    expect(jobs.list().map((j) => j.status)).toEqual(['cancelled', 'cancelled']);
  });
});
