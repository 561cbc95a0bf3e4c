// Job results are typed by kind: a result that breaks its kind's schema is refused when it is set
// (the tenant, or the job, says it was a bug) instead of reaching the page half-formed; and the
// contract's job view checks every result against its kind.
import { describe, expect, it } from 'vitest';
import { createEventHub } from '../../src-main/ipc/events';
import { forEachTenant, JobRunner } from '../../src-main/jobs/job-runner';
import { jobViewSchema } from '../../src-shared/job-results';
import type { JobView } from '../../src-shared/jobs';
import type { TenantOperationReport } from '../../src-shared/tenant-operation';
import { memoryLogger } from '../support/memory-logger';

const tenantId = '6b1a0f6e-0000-4000-8000-000000000001';

function runner() {
  const log = memoryLogger();
  const hub = createEventHub(log);
  const events: JobView[] = [];
  hub.subscribe((name, payload) => void (name === 'job.updated' && events.push(payload as JobView)));
  return { jobs: new JobRunner({ events: hub, log, throttleMs: 0 }), events, log };
}

const report: TenantOperationReport = {
  kind: 'apply',
  outcome: 'done',
  steps: [{ step: 'credential', label: 'Created credential “Team”', status: 'done' }],
  leftOnTenant: [],
};

describe('typed job results', () => {
  it('refuses a tenant result that breaks its kind’s schema: the tenant says so, and the page still gets the job’s end', async () => {
    const { jobs, events, log } = runner();
    const job = jobs.start({
      kind: 'apply',
      title: 'Apply',
      tenantIds: [tenantId],
      // A plan where an apply report belongs: what a slip in a flow would send.
      run: (ctx) => forEachTenant(ctx, [tenantId], async (tenant) => tenant.ok('Applied', { status: 'changes', configs: [] } as never)),
    });
    const final = await jobs.settled(job.id);
    expect(final.tenants[tenantId]).toMatchObject({
      status: 'failed',
      error: { code: 'internal', message: expect.stringContaining('does not fit') },
    });
    expect(final.tenants[tenantId]).not.toHaveProperty('result');
    expect(events.at(-1)).toEqual(final);
    expect(log.entries.some((e) => e.event === 'job.result_refused')).toBe(true);
    // The report an apply makes fits, and is kept.
    const fits = jobs.start({
      kind: 'apply',
      title: 'Apply',
      tenantIds: [tenantId],
      run: (ctx) => forEachTenant(ctx, [tenantId], async (t) => t.ok('Applied', report)),
    });
    expect((await jobs.settled(fits.id)).tenants[tenantId]).toMatchObject({ status: 'ok', result: report });
  });

  it('refuses a job result that breaks its kind’s schema: the job fails, saying it was a bug', async () => {
    const { jobs } = runner();
    const job = jobs.start({ kind: 'inventory', title: 'Refresh', tenantIds: [], run: async () => ({ stray: true }) as never });
    expect(await jobs.settled(job.id)).toMatchObject({ status: 'failed', error: { code: 'internal' } });
  });

  it('checks each kind’s results in the contract’s job view', () => {
    const base = {
      id: '6b1a0f6e-0000-4000-8000-0000000000aa',
      title: 'x',
      status: 'succeeded',
      revision: 1,
      startedAt: new Date(0).toISOString(),
      done: 1,
      total: 1,
    };
    const tenants = { [tenantId]: { status: 'ok', done: 1, total: 1, result: report } };
    expect(jobViewSchema.safeParse({ ...base, kind: 'apply', tenants }).success).toBe(true);
    expect(jobViewSchema.safeParse({ ...base, kind: 'operation', tenants }).success).toBe(true);
    // The same report where a plan, or an inventory read, belongs does not fit.
    expect(jobViewSchema.safeParse({ ...base, kind: 'plan', tenants }).success).toBe(false);
    expect(jobViewSchema.safeParse({ ...base, kind: 'inventory', tenants }).success).toBe(false);
  });
});
