// Plan and apply one draft on some tenants, through the contract's `startPlan` and `startApply`
// jobs, and how their results read on a terminal and as records. `plan`, `apply` and the fleet
// file's runs all go through here.
import type { TenantPlan } from '../src-shared/apply';
import { AppError } from '../src-shared/errors';
import { isJobOfKind, type JobViewOf } from '../src-shared/job-results';
import { outcomeLabel, type TenantOperationReport } from '../src-shared/tenant-operation';
import type { TenantProfileView } from '../src-shared/tenant-profile';
import { planSummary } from '../src-main/apply/apply-context';
import { runJob } from './commands/common';
import { confirm, productionConfirmations } from './input';
import type { Output } from './output';
import { confirmable } from './select';
import type { Session } from './session';

export interface DraftRef {
  id: string;
  title: string;
}

export interface PlanOutcome {
  planId: string;
  draft: DraftRef;
  /** Each tenant read, by id. */
  plans: Map<string, TenantPlan>;
  /** Tenants that could not be planned (not read, or the job was cancelled), with why. */
  unread: Map<string, string>;
}

/** A plan's changes, in a few words (the app's own summary). */
export const planHeadline = (plan: TenantPlan) => planSummary(plan);

export async function planDraft(
  session: Session,
  out: Output,
  draft: DraftRef,
  profiles: readonly TenantProfileView[],
): Promise<PlanOutcome> {
  const tenantIds = profiles.map((p) => p.id);
  let planId = '';
  const job = await runJob(session, out, profiles, async () => {
    const started = await session.call('startPlan', { draftId: draft.id, tenantIds });
    planId = started.planId;
    return { id: started.jobId };
  });
  if (!isJobOfKind(job, 'plan')) throw new AppError('internal', 'The plan ended as another kind of job.');
  const plans = new Map<string, TenantPlan>();
  const unread = new Map<string, string>();
  for (const id of tenantIds) {
    const part = job.tenants[id];
    if (part?.status === 'ok' && part.result) plans.set(id, part.result);
    else unread.set(id, part?.error?.message ?? `not planned (${part?.status ?? 'unknown'})`);
  }
  return { planId, draft, plans, unread };
}

const configMarks = { create: '+', exists: '=', update: '~', conflict: '!' } as const;

/** One tenant's plan, line by line, as Terraform shows one: + create, = there already, ~ change, ! conflict. */
export function planLines(plan: TenantPlan): string[] {
  const lines: string[] = [];
  const c = plan.credential;
  lines.push(`  ${configMarks[c.action]} credential “${c.name}”${c.action === 'exists' ? ' (there already: adopted)' : ''}`);
  for (const d of c.differences) lines.push(`      ${d}`);
  for (const config of plan.configs) {
    const extra = config.extraConfig ? `, ${config.extraConfig}` : '';
    const agents = config.existingId ? (plan.agents?.onConfigs[config.existingId] ?? []) : [];
    const used = agents.length > 0 ? `; agents: ${agents.join(', ')}` : '';
    lines.push(
      `  ${configMarks[config.action]} config “${config.name}” ${config.modelId}${config.isEmbedding ? ' (embedding)' : ''}` +
        `${extra}${used}`,
    );
    if (config.message) lines.push(`      ${config.message}`);
  }
  for (const d of plan.defaults) {
    if (d.action !== 'set') continue;
    const from = d.from ? `“${d.from.name}”` : 'Alation’s';
    lines.push(`  ~ default ${d.kind === 'llm' ? 'LLM' : 'embedding'}: ${from} → ${d.modelId}`);
  }
  for (const w of plan.warnings) lines.push(`  warning: ${w}`);
  return lines;
}

export function reportPlan(out: Output, outcome: PlanOutcome, profiles: readonly TenantProfileView[]): { changes: number; failed: number } {
  let changes = 0;
  let failed = 0;
  for (const p of profiles) {
    const plan = outcome.plans.get(p.id);
    if (!plan) {
      failed++;
      out.record('plan', {
        draftId: outcome.draft.id,
        draft: outcome.draft.title,
        tenantId: p.id,
        tenant: p.name,
        status: 'failed',
        error: outcome.unread.get(p.id),
      });
      out.line(`${p.name}: not planned: ${outcome.unread.get(p.id)}`);
      continue;
    }
    if (plan.status === 'changes') changes++;
    if (plan.status === 'conflict') failed++;
    const { tenantId, status, credential, configs, defaults, warnings, agents } = plan;
    out.record('plan', {
      draftId: outcome.draft.id,
      draft: outcome.draft.title,
      tenantId,
      tenant: p.name,
      status,
      summary: planHeadline(plan),
      credential,
      configs,
      defaults,
      warnings,
      agents: agents ?? null,
    });
    out.line(`${p.name} (${p.environment.label}): ${planHeadline(plan)}`);
    if (plan.status !== 'in-sync') for (const line of planLines(plan)) out.line(line);
  }
  return { changes, failed };
}

export interface ApplyChoice {
  yes: boolean;
  confirm: readonly string[];
  keepFailed: boolean;
}

/** Asks for what an apply needs (yes, production names) before anything is written. */
export async function confirmChange(
  session: Session,
  question: string,
  tenants: readonly TenantProfileView[],
  choice: Pick<ApplyChoice, 'yes' | 'confirm'>,
): Promise<Record<string, string>> {
  // Production names first: a missing one refuses the whole change before the yes is asked for.
  // Which environments need them is the app's setting, as in the desktop app.
  const { typedNameEnvironments } = await session.call('getAppSettings');
  const confirmations = await productionConfirmations(
    tenants.map((t) => confirmable(t, typedNameEnvironments)),
    choice.confirm,
  );
  await confirm(question, choice.yes);
  return confirmations;
}

/** Applies a plan to `tenantIds` (already confirmed); answers each tenant's report. */
export async function applyPlan(
  session: Session,
  out: Output,
  outcome: PlanOutcome,
  tenants: readonly TenantProfileView[],
  confirmations: Record<string, string>,
  keepFailed: boolean,
): Promise<Map<string, TenantReport>> {
  const job = await runJob(session, out, tenants, async () => {
    const started = await session.call('startApply', {
      planId: outcome.planId,
      tenantIds: tenants.map((t) => t.id),
      confirmations,
      keepFailed,
    });
    return { id: started.jobId };
  });
  if (!isJobOfKind(job, 'apply')) throw new AppError('internal', 'The apply ended as another kind of job.');
  return reportsOf(job, tenants, 'applied');
}

/** One tenant's part of an operation: its report, or why it has none. */
export type TenantReport = TenantOperationReport | { failed: string };

/** Each tenant's report from an operation's job (apply, rotation, deletion). */
export function reportsOf(
  job: JobViewOf<'apply' | 'rotation' | 'delete'>,
  tenants: readonly TenantProfileView[],
  verb: string,
): Map<string, TenantReport> {
  const reports = new Map<string, TenantReport>();
  for (const t of tenants) {
    const part = job.tenants[t.id];
    reports.set(t.id, part?.result ?? { failed: part?.error?.message ?? `not ${verb} (${part?.status ?? 'unknown'})` });
  }
  return reports;
}

/** Prints an operation's report per tenant (apply, rotation, deletion); answers how many did not end done. */
export function reportOperation(
  out: Output,
  type: string,
  reports: Map<string, TenantReport>,
  tenants: readonly TenantProfileView[],
  extra: Record<string, unknown> = {},
): number {
  let failed = 0;
  for (const t of tenants) {
    const report = reports.get(t.id);
    if (!report) continue;
    if ('failed' in report) {
      failed++;
      out.record(type, { ...extra, tenantId: t.id, tenant: t.name, outcome: 'failed', error: report.failed });
      out.line(`${t.name}: failed: ${report.failed}`);
      continue;
    }
    const ok = report.outcome === 'done' && !(report.targets ?? []).some((x) => !okTargetOutcomes.has(x.outcome));
    if (!ok) failed++;
    out.record(type, { ...extra, tenantId: t.id, tenant: t.name, ...report });
    out.line(`${t.name}: ${outcomeLabel(report.kind, report.outcome)}`);
    // A deletion's steps are its targets: each item once.
    const steps = report.kind === 'delete' && report.targets?.length ? [] : report.steps;
    for (const s of steps) out.line(`  ${s.status.padEnd(7)} ${s.label}${s.message ? `: ${s.message}` : ''}`);
    for (const x of report.targets ?? []) {
      out.line(`  ${x.outcome.padEnd(7)} ${x.kind} “${x.name}”${x.message ? `: ${x.message}` : ''}`);
    }
    for (const left of report.leftOnTenant) out.line(`  left on the tenant: ${left}`);
    if (report.advice) out.line(`  ${report.advice.cause} ${report.advice.solution}`);
  }
  return failed;
}

/** How a target may end for its tenant to count as done: rotated, replaced, deleted, or already gone. */
const okTargetOutcomes = new Set(['rotated', 'replaced', 'deleted', 'gone']);
