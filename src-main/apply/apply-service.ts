// Plan and apply a draft to many tenants. A plan is a job that reads every target tenant and says
// what applying would do; an apply is an operation (tenant-ops/), run as a job, that per tenant
// checks the tenant is still as planned, then creates the credential, validates it, creates the
// configs and sets the defaults (apply-tenant.ts). Every step is journaled with its undo before it
// runs and audited; a failed tenant is rolled back unless the user keeps it; an apply cut short by
// a crash is offered on the next start: Resume (this file's handler) or Roll back (the model's).
import { join } from 'node:path';
import type { PlanStarted, StartApplyInput, TenantPlan } from '../../src-shared/apply';
import type { DraftView } from '../../src-shared/drafts';
import { AppError } from '../../src-shared/errors';
import type { JobView } from '../../src-shared/jobs';
import { plural } from '../../src-shared/plural';
import { secretValuesIn } from '../../src-shared/providers/credential-schema';
import { forEachTenant, type JobRunner } from '../jobs/job-runner';
import { SecretScope, type Logger, type SecretRedactor } from '../log/logger';
import { requireProductionNames } from '../profiles/production-names';
import type { TenantClients } from '../profiles/tenant-clients';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import type { DraftStore } from '../drafts/draft-store';
import { readTenant, type Operation, type TenantOperations } from '../tenant-ops';
import { applyContextSchema, contextTenant, planSummary, type ApplyContext } from './apply-context';
import { applyTenant, type ApplyRun } from './apply-tenant';
import { migrateLegacyApplies } from './legacy-journal';
import { planTenant } from './plan-tenant';

export interface ApplyServiceDeps {
  profiles: TenantProfiles;
  clients: TenantClients;
  jobs: JobRunner;
  drafts: DraftStore;
  operations: TenantOperations;
  /** The data folder: journals of applies begun by an earlier version (`applies/`) are moved from there. */
  dataDir: string;
  log: Logger;
  redactor: SecretRedactor;
}

interface StoredPlan {
  id: string;
  draftId: string;
  draftRevision: number;
  tenants: Map<string, TenantPlan>;
}

/** Plans are kept while the app runs; after a restart the user plans again (the tenants may have changed). */
const keepPlans = 20;

export class ApplyService {
  private readonly plans = new Map<string, StoredPlan>();

  constructor(private readonly deps: ApplyServiceDeps) {
    deps.operations.register<ApplyContext>({
      kind: 'apply',
      context: applyContextSchema,
      cannotResume: (operation) => this.cannotResume(operation.context),
      resume: (operation) => this.resume(operation),
    });
    migrateLegacyApplies(join(deps.dataDir, 'applies'), deps.operations, deps.log);
  }

  startPlan(input: { draftId: string; tenantIds: readonly string[] }): PlanStarted {
    const draft = this.deps.drafts.get(input.draftId);
    const problem = draft.problems[0];
    if (problem) {
      const fields = draft.problems.map((p) => ({ path: p.path, message: p.message }));
      throw new AppError('validation', `“${draft.title}” is not ready to plan: ${problem.message}.`, { fields });
    }
    const tenantIds = [...new Set(input.tenantIds)];
    for (const id of tenantIds) this.deps.profiles.get(id);
    const plan: StoredPlan = { id: '', draftId: draft.id, draftRevision: draft.revision, tenants: new Map() };
    const job = this.deps.jobs.start({
      kind: 'plan',
      title: `Plan “${draft.title}” for ${plural(tenantIds.length, 'tenant')}`,
      tenantIds,
      run: (ctx) =>
        forEachTenant(ctx, tenantIds, async (tenant) => {
          tenant.running('Reading the tenant');
          const state = await this.deps.clients.withClient(tenant.tenantId, (client) => readTenant(client, { signal: ctx.signal }));
          const planned = planTenant(draft, state, { tenantId: tenant.tenantId, readAt: new Date().toISOString() });
          plan.tenants.set(tenant.tenantId, planned);
          tenant.ok(planSummary(planned), planned);
        }),
    });
    plan.id = job.id;
    this.plans.set(job.id, plan);
    while (this.plans.size > keepPlans) this.plans.delete(this.plans.keys().next().value!);
    return { planId: job.id, jobId: job.id };
  }

  async startApply(input: StartApplyInput): Promise<{ applyId: string; jobId: string }> {
    const plan = this.plans.get(input.planId);
    if (!plan) throw new AppError('not_found', 'This plan is no longer there (plans last until BYOM Desk quits). Plan again.');
    const draft = this.deps.drafts.get(plan.draftId);
    if (draft.revision !== plan.draftRevision) {
      throw new AppError(
        'conflict',
        `“${draft.title}” was saved since this plan was made. Plan again to see what applying it would do now.`,
      );
    }
    const tenantIds = [...new Set(input.tenantIds ?? [...plan.tenants.keys()])];
    if (tenantIds.length === 0) throw new AppError('validation', 'Choose at least one planned tenant to apply to.');
    const planned: TenantPlan[] = tenantIds.map((id) => {
      const p = plan.tenants.get(id);
      const name = this.tenantName(id);
      if (!p) throw new AppError('validation', `“${name}” was not planned (it could not be read). Plan again.`);
      if (p.status === 'conflict')
        throw new AppError(
          'conflict',
          `The plan for “${name}” has conflicts: resolve them in the draft or on the tenant, then plan again.`,
        );
      return p;
    });
    requireProductionNames(this.deps.profiles, tenantIds, input.confirmations, 'applying to it');
    const secrets = await this.deps.drafts.secretsOf(draft.id);
    // A plan is applied once: a second click, or a second window, must plan again.
    if (!this.plans.delete(plan.id)) throw new AppError('conflict', 'This plan is being applied already. Plan again to apply it again.');
    const context: ApplyContext = {
      planId: plan.id,
      draftId: draft.id,
      draftTitle: draft.title,
      draftRevision: draft.revision,
      keepFailed: input.keepFailed,
      tenants: planned.map(contextTenant),
    };
    const title = `Apply “${draft.title}” to ${plural(tenantIds.length, 'tenant')}`;
    const operation = this.deps.operations.begin({
      kind: 'apply',
      title,
      summary: `Applying “${draft.title}”`,
      source: 'apply',
      tenantIds,
      context,
    });
    const plans = new Map(planned.map((p) => [p.tenantId, p]));
    const job = this.runApply(operation, draft, secrets, title, (id) => plans.get(id)!);
    return { applyId: operation.id, jobId: job.id };
  }

  /** The kind's resume: the draft as begun, its secrets; each open tenant read again and finished. */
  private async resume(operation: Operation<ApplyContext>): Promise<JobView> {
    const why = this.cannotResume(operation.context);
    if (why) throw new AppError('conflict', why);
    const draft = this.deps.drafts.get(operation.context.draftId);
    const secrets = await this.deps.drafts.secretsOf(draft.id);
    // Checked again after the await: a roll back or another resume must not have taken it meanwhile.
    operation.checkStillOurs();
    const title = `Finish applying “${draft.title}” to ${plural(operation.openTenantIds.length, 'tenant')}`;
    return this.runApply(operation, draft, secrets, title, () => 'resume');
  }

  private runApply(
    operation: Operation<ApplyContext>,
    draft: DraftView,
    secrets: Record<string, string>,
    title: string,
    planOf: (id: string) => TenantPlan | 'resume',
  ): JobView {
    const scope = new SecretScope(this.deps.redactor);
    // Every secret as a tenant may quote it back: a service account whole and by its private key.
    for (const [key, value] of Object.entries(secrets)) {
      secretValuesIn({ [key]: value }).forEach((s, i) => scope.set(`draft:${key}:${i}`, s));
    }
    const tenantIds = operation.openTenantIds;
    const run: ApplyRun = {
      operation,
      draft,
      secrets,
      withClient: (id, work) => this.deps.clients.withClient(id, work),
      tenantName: (id) => this.tenantName(id),
      planOf,
    };
    return operation.runJob({
      kind: 'apply',
      title,
      tenantIds,
      run: async (ctx) => {
        try {
          await forEachTenant(ctx, tenantIds, (handle) => applyTenant(run, ctx, handle));
        } finally {
          scope.release();
        }
      },
    });
  }

  /** Finishing with another draft than the one begun would mix two setups on a tenant. */
  private cannotResume(context: ApplyContext): string | null {
    let draft: DraftView;
    try {
      draft = this.deps.drafts.get(context.draftId);
    } catch {
      return `The draft “${context.draftTitle}” was deleted, so this apply cannot be finished. Roll it back instead.`;
    }
    if (draft.revision !== context.draftRevision) {
      const asItIs = 'Roll it back, then plan and apply the draft as it is now.';
      return `“${draft.title}” was saved since this apply began, so it cannot be finished as begun. ${asItIs}`;
    }
    return null;
  }

  private tenantName(id: string): string {
    try {
      return this.deps.profiles.get(id).name;
    } catch {
      return id;
    }
  }
}

export { planSummary } from './apply-context';
