// The one place where long work on many tenants runs: in main, in plain Node, as a job with an id,
// per-tenant progress, a result, cancel (down to the socket) and `job.updated` events. The page
// only starts, watches and cancels; a reloaded page finds its jobs again with `listJobs`.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { AppError, errorShapeOf, type AppErrorShape } from '../../src-shared/errors';
import { checkJobResult, checkTenantResult, type JobResultOf, type JobView, type TenantResultOf } from '../../src-shared/job-results';
import type { JobKind, JobViewBase, TenantProgress } from '../../src-shared/jobs';
import type { EventSink } from '../ipc/events';
import type { Logger } from '../log/logger';

/** One tenant's part of a `K` job: its results are the kind's (job-results.ts), checked when set. */
export interface TenantHandle<K extends JobKind = JobKind> {
  readonly tenantId: string;
  /** Work on this tenant started (or moved on): `total` steps, a few words on what it does. */
  running(message?: string, total?: number): void;
  /** `done` of its steps are finished. */
  step(done: number, message?: string): void;
  ok(message?: string, result?: TenantResultOf<K>): void;
  fail(error: unknown, result?: TenantResultOf<K>): void;
}

export interface JobContext<K extends JobKind = JobKind> {
  readonly jobId: string;
  readonly signal: AbortSignal;
  tenant(tenantId: string): TenantHandle<K>;
}

export interface JobDefinition<K extends JobKind = JobKind> {
  kind: K;
  title: string;
  tenantIds: readonly string[];
  /**
   * Does the work and answers the result. A tenant's failure belongs on its handle and stops only
   * that tenant; a throw fails the whole job. The signal aborts on cancel: pass it to every call.
   */
  run(ctx: JobContext<K>): Promise<JobResultOf<K> | void>;
}

export interface JobRunnerDeps {
  events: EventSink;
  log: Logger;
  now?: () => Date;
  /** Finished jobs kept for a reloaded page; the oldest go first. */
  keepFinished?: number;
  /** Progress events per job at most this often; the final state is always sent at once. */
  throttleMs?: number;
}

interface JobRecord {
  view: JobViewBase;
  controller: AbortController;
  settled: Promise<JobView>;
  timer: NodeJS.Timeout | undefined;
}

const defaultKeepFinished = 30;
const defaultThrottleMs = 100;

export class JobRunner {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly now: () => Date;

  constructor(private readonly deps: JobRunnerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  start<K extends JobKind>(definition: JobDefinition<K>): JobView {
    const id = randomUUID();
    const tenants: Record<string, TenantProgress> = {};
    for (const tenantId of definition.tenantIds) tenants[tenantId] = { status: 'waiting', done: 0, total: 0 };
    const view: JobViewBase = {
      id,
      kind: definition.kind,
      title: definition.title,
      status: 'running',
      revision: 0,
      startedAt: this.now().toISOString(),
      done: 0,
      total: definition.tenantIds.length,
      tenants,
    };
    const controller = new AbortController();
    // Every request of every tenant listens to this one signal: 25 tenants are far more than
    // Node's default of 10 listeners, which is a leak warning, not a leak, here.
    setMaxListeners(0, controller.signal);
    const record: JobRecord = { view, controller, settled: Promise.resolve(typed(view)), timer: undefined };
    this.jobs.set(id, record);
    this.deps.log.info('job.started', { job: id, kind: definition.kind, tenants: definition.tenantIds.length });
    this.emitNow(record);
    const started = structuredClone(view);

    const ctx: JobContext<K> = { jobId: id, signal: controller.signal, tenant: (tenantId) => this.handle<K>(record, tenantId) };
    record.settled = (async () => {
      try {
        const result = await definition.run(ctx);
        this.finish(record, controller.signal.aborted ? 'cancelled' : 'succeeded', result);
      } catch (error) {
        if (controller.signal.aborted) this.finish(record, 'cancelled');
        else this.finish(record, 'failed', undefined, errorShapeOf(error));
      }
      return typed(record.view);
    })();
    return typed(started);
  }

  /** Running jobs first, then finished ones, newest first. */
  list(): JobView[] {
    const all = [...this.jobs.values()].map((r) => r.view);
    const running = all.filter((v) => v.status === 'running');
    const finished = all.filter((v) => v.status !== 'running').reverse();
    return structuredClone([...running.reverse(), ...finished]).map(typed);
  }

  get(jobId: string): JobView {
    const record = this.jobs.get(jobId);
    if (!record) throw new AppError('not_found', 'That job is no longer known. It may have finished long ago; start it again if needed.');
    return typed(structuredClone(record.view));
  }

  /** Resolves with the job's final state. */
  settled(jobId: string): Promise<JobView> {
    const record = this.jobs.get(jobId);
    if (!record) return Promise.reject(new AppError('not_found', 'That job is no longer known.'));
    return record.settled.then((v) => structuredClone(v));
  }

  /** True when the job was running and is now being cancelled. */
  cancel(jobId: string): boolean {
    const record = this.jobs.get(jobId);
    if (!record || record.view.status !== 'running' || record.controller.signal.aborted) return false;
    this.deps.log.info('job.cancel', { job: jobId });
    record.controller.abort();
    return true;
  }

  /** On quit: cancels every running job and waits for each to wind down. */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((r) => r.view.status === 'running');
    for (const r of running) r.controller.abort();
    await Promise.allSettled(running.map((r) => r.settled));
  }

  private handle<K extends JobKind>(record: JobRecord, tenantId: string): TenantHandle<K> {
    const progress = (): TenantProgress => {
      const p = record.view.tenants[tenantId];
      if (!p) throw new AppError('internal', `The job has no tenant ${tenantId}.`);
      return p;
    };
    const count = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 0 : Math.max(0, Math.floor(n)));
    // A result that breaks its kind's schema is a bug: refused, and the tenant says so, rather than an event the page never gets.
    const checked = (result: unknown): { result?: unknown; refused?: string } => {
      if (result === undefined) return {};
      const fits = checkTenantResult(record.view.kind, result);
      if (fits.ok) return { result: fits.value };
      this.deps.log.error('job.result_refused', { job: record.view.id, kind: record.view.kind, issue: fits.issue });
      return { refused: fits.issue };
    };
    const refusal = (issue: string) =>
      new AppError(
        'internal',
        `BYOM Desk made a result for this tenant that does not fit what it shows (${issue}). This is a bug.`,
      ).toShape();
    const settle = (next: TenantProgress) => {
      // Once the job has ended its state is final: a late call from work that outlived it changes nothing.
      if (record.view.status !== 'running') return;
      const wasDone = isDone(progress());
      record.view.tenants[tenantId] = next;
      if (!wasDone && isDone(next)) record.view.done += 1;
      this.emitSoon(record);
    };
    return {
      tenantId,
      running: (message, total) => {
        const p = progress();
        if (isDone(p)) return;
        settle({
          ...p,
          status: 'running',
          ...(total !== undefined ? { total: count(total) } : {}),
          ...(message !== undefined ? { message } : {}),
        });
      },
      step: (done, message) => {
        const p = progress();
        if (isDone(p)) return;
        settle({ ...p, status: 'running', done: count(done), ...(message !== undefined ? { message } : {}) });
      },
      ok: (message, result) => {
        const p = progress();
        const fit = checked(result);
        if (fit.refused) {
          return settle({ status: 'failed', done: p.done, total: p.total, message: 'Its result was refused', error: refusal(fit.refused) });
        }
        settle({
          status: 'ok',
          done: p.total || p.done,
          total: p.total,
          ...(message !== undefined ? { message } : {}),
          ...(fit.result !== undefined ? { result: fit.result } : {}),
        });
      },
      fail: (error, result) => {
        const p = progress();
        const fit = checked(result);
        const shape = fit.refused ? refusal(fit.refused) : errorShapeOf(error);
        const cancelled = shape.code === 'cancelled' && record.controller.signal.aborted;
        settle({
          status: cancelled ? 'cancelled' : 'failed',
          done: p.done,
          total: p.total,
          message: shape.message,
          ...(cancelled ? {} : { error: shape }),
          ...(fit.result !== undefined ? { result: fit.result } : {}),
        });
      },
    };
  }

  private finish(record: JobRecord, status: JobView['status'], result?: unknown, error?: AppErrorShape): void {
    const view = record.view;
    for (const [id, p] of Object.entries(view.tenants)) {
      if (!isDone(p))
        view.tenants[id] = { ...p, status: 'cancelled', message: status === 'cancelled' ? 'Cancelled' : (p.message ?? 'Not finished') };
    }
    const fits = result === undefined ? undefined : checkJobResult(view.kind, result);
    if (fits && !fits.ok) {
      this.deps.log.error('job.result_refused', { job: view.id, kind: view.kind, issue: fits.issue });
      status = 'failed';
      const bug = `BYOM Desk made a result for this job that does not fit what it shows (${fits.issue}). This is a bug.`;
      error = new AppError('internal', bug).toShape();
    }
    view.status = status;
    view.finishedAt = this.now().toISOString();
    if (fits?.ok && fits.value !== undefined) view.result = fits.value;
    if (error) view.error = error;
    this.deps.log.info('job.finished', { job: view.id, kind: view.kind, status, ...(error ? { code: error.code } : {}) });
    this.emitNow(record);
    this.forgetOldJobs();
  }

  private emitSoon(record: JobRecord): void {
    if (record.timer) return;
    record.timer = setTimeout(() => {
      record.timer = undefined;
      this.emitNow(record);
    }, this.deps.throttleMs ?? defaultThrottleMs);
  }

  private emitNow(record: JobRecord): void {
    if (record.timer) clearTimeout(record.timer);
    record.timer = undefined;
    record.view.revision += 1;
    this.deps.events.emit('job.updated', typed(structuredClone(record.view)));
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((r) => r.view.status !== 'running');
    const excess = finished.length - (this.deps.keepFinished ?? defaultKeepFinished);
    for (const r of finished.slice(0, Math.max(0, excess))) this.jobs.delete(r.view.id);
  }
}

function isDone(p: TenantProgress): boolean {
  return p.status === 'ok' || p.status === 'failed' || p.status === 'cancelled';
}

/**
 * Runs `work` for every tenant at once, each on its own handle: a tenant that fails or hangs holds
 * back no other (the request caps, per tenant and across all, decide how much runs at a time).
 */
export async function forEachTenant<K extends JobKind>(
  ctx: JobContext<K>,
  tenantIds: readonly string[],
  work: (tenant: TenantHandle<K>) => Promise<void>,
): Promise<void> {
  await Promise.all(
    tenantIds.map(async (tenantId) => {
      const tenant = ctx.tenant(tenantId);
      try {
        if (ctx.signal.aborted) throw new AppError('cancelled', 'Cancelled');
        await work(tenant);
      } catch (error) {
        tenant.fail(error);
      }
    }),
  );
}

/** Main's record as the contract's typed view: each result was checked against its kind's schema when it was set. */
function typed(view: JobViewBase): JobView {
  return view as JobView;
}
