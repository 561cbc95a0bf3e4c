// `plan --fleet` and `apply --fleet`: every tenant of a fleet file planned (each draft group as one
// plan job), drift reported, then applied group by group; with --prune the drift is deleted as one
// inventory deletion. Exit codes as for one draft: 2 when applying would change something.
import type { TenantPlan } from '../../src-shared/apply';
import { AppError } from '../../src-shared/errors';
import { isJobOfKind } from '../../src-shared/job-results';
import { plural } from '../../src-shared/plural';
import type { TenantProfileView } from '../../src-shared/tenant-profile';
import { runJob } from '../commands/common';
import { exitCodeOf, exitCodes, type Output } from '../output';
import { applyPlan, confirmChange, planDraft, reportOperation, reportPlan, reportsOf, type PlanOutcome } from '../plans';
import type { CommandContext } from '../run';
import { listProfiles } from '../select';
import type { Session } from '../session';
import { driftLine, driftOf, pruneItems, type DriftItem } from './drift';
import { loadFleet } from './fleet-file';
import { materialize, type Materialized } from './materialize';
import { resolveFleet, type ResolvedFleet } from './resolve';

interface FleetPlan {
  resolved: ResolvedFleet;
  made: Materialized[];
  cleanup: (keep?: ReadonlySet<string>) => Promise<void>;
  outcomes: PlanOutcome[];
  drift: DriftItem[];
  /** Tenants that could not be read or planned, or whose plan conflicts. */
  failed: Set<string>;
  /** Tenants a plan would change. */
  changed: Set<string>;
}

async function planAll(session: Session, out: Output, file: string, prune: boolean): Promise<FleetPlan> {
  const loaded = loadFleet(file);
  const resolved = resolveFleet(loaded, await listProfiles(session));
  for (const label of resolved.unusedLabels) out.note(`No tenant has the label “${label}” (labels.${label}).`);
  if (resolved.tenants.length === 0) throw new AppError('not_found', `${loaded.name} names no tenant there is: nothing to plan.`);
  const { made, cleanup } = await materialize(session, loaded, resolved.groups);
  try {
    const failed = new Set<string>();
    const changed = new Set<string>();
    const outcomes: PlanOutcome[] = [];
    for (const { group, draft } of made) {
      out.line(`Draft ${group.label} (${group.draft.file}) on ${plural(group.tenants.length, 'tenant')}:`);
      const outcome = await planDraft(session, out, { id: draft.id, title: draft.title }, group.tenants);
      reportPlan(out, outcome, group.tenants);
      outcomes.push(outcome);
      for (const t of group.tenants) {
        const status = outcome.plans.get(t.id)?.status;
        if (status === undefined || status === 'conflict') failed.add(t.id);
        if (status === 'changes') changed.add(t.id);
      }
    }
    const drift = await readDrift(session, out, resolved, failed);
    reportDrift(out, drift, resolved.tenants, prune);
    if (prune) for (const d of drift) if (d.agents.length === 0) changed.add(d.tenantId);
    return { resolved, made, cleanup, outcomes, drift, failed, changed };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Reads the fleet's tenants now and finds their drift; a tenant that cannot be read is a failure. */
async function readDrift(session: Session, out: Output, resolved: ResolvedFleet, failed: Set<string>): Promise<DriftItem[]> {
  const tenantIds = resolved.tenants.map((t) => t.id);
  await runJob(session, out, resolved.tenants, () => session.call('startInventoryRefresh', { tenantIds }));
  const drift: DriftItem[] = [];
  for (const state of await session.call('getInventory', { tenantIds })) {
    if (state.status !== 'ok' || !state.inventory) {
      failed.add(state.tenantId);
      continue;
    }
    drift.push(...driftOf(state.tenantId, state.inventory, resolved.managed.get(state.tenantId)!));
  }
  return drift;
}

function reportDrift(out: Output, drift: readonly DriftItem[], tenants: readonly TenantProfileView[], prune: boolean): void {
  if (drift.length === 0) return;
  out.line(prune ? 'Drift (not in the fleet file), to delete with --prune:' : 'Drift (not in the fleet file), kept (--prune deletes it):');
  for (const t of tenants) {
    for (const d of drift.filter((x) => x.tenantId === t.id)) {
      out.record('drift', {
        tenantId: t.id,
        tenant: t.name,
        kind: d.kind,
        id: d.id,
        name: d.name,
        detail: d.detail,
        credential: d.credential ?? null,
        configs: d.configs,
        agents: d.agents,
      });
      out.line(`  ${t.name}: ${prune && d.agents.length === 0 ? '- ' : ''}${driftLine(d)}`);
    }
  }
}

/** What the person was shown of a tenant's plan: applied as such, or refused when a plan made now says otherwise. */
const signature = (p: TenantPlan | undefined) =>
  p
    ? JSON.stringify([
        p.status,
        p.credential.action,
        p.configs.map((c) => [c.modelId, c.name, c.action, c.extraConfig]),
        p.defaults.map((d) => [d.kind, d.modelId, d.action]),
      ])
    : 'none';

export async function planFleet({ session, out, options }: CommandContext, file: string) {
  const plan = await planAll(session, out, file, Boolean(options.prune));
  await plan.cleanup();
  const total = plan.resolved.tenants.length;
  const summary = { tenants: total, changes: plan.changed.size, failed: plan.failed.size, drift: plan.drift.length };
  if (plan.failed.size > 0) return { code: exitCodeOf(plan.failed.size, total), summary };
  return { code: plan.changed.size > 0 ? exitCodes.changes : exitCodes.ok, summary };
}

export async function applyFleet({ session, out, options }: CommandContext, file: string) {
  const prune = Boolean(options.prune);
  const plan = await planAll(session, out, file, prune);
  const keep = new Set<string>();
  try {
    const total = plan.resolved.tenants.length;
    const touched = plan.resolved.tenants.filter((t) => plan.changed.has(t.id));
    if (touched.length === 0) {
      out.line('Nothing to apply.');
      return { code: exitCodeOf(plan.failed.size, total), summary: { tenants: total, applied: 0, failed: plan.failed.size } };
    }
    const confirmations = await confirmChange(session, `Apply the fleet file to ${plural(touched.length, 'tenant')}?`, touched, {
      yes: Boolean(options.yes),
      confirm: (options.confirm as string[]) ?? [],
    });
    const failed = new Set(plan.failed);
    const appliedTo = new Set<string>();
    for (const [i, { group, draft }] of plan.made.entries()) {
      let outcome = plan.outcomes[i]!;
      const tenants = group.tenants.filter((t) => outcome.plans.get(t.id)?.status === 'changes' && !failed.has(t.id));
      if (tenants.length === 0) continue;
      // A tenant an earlier group changed is planned again: its plan must still say what was shown.
      if (tenants.some((t) => appliedTo.has(t.id))) {
        const again = await planDraft(session, out, { id: draft.id, title: draft.title }, tenants);
        for (const t of tenants) {
          if (signature(again.plans.get(t.id)) === signature(outcome.plans.get(t.id))) continue;
          failed.add(t.id);
          out.record('apply', {
            draftId: draft.id,
            draft: draft.title,
            tenantId: t.id,
            tenant: t.name,
            outcome: 'refused',
            error: 'its plan changed since it was shown: plan again',
          });
          out.line(`${t.name}: not applied: its plan for ${group.label} changed since it was shown; plan again.`);
        }
        outcome = again;
      }
      const go = tenants.filter((t) => !failed.has(t.id) && outcome.plans.get(t.id)?.status === 'changes');
      if (go.length === 0) continue;
      out.line(`Applying ${group.label} to ${plural(go.length, 'tenant')}:`);
      const reports = await applyPlan(session, out, outcome, go, pick(confirmations, go), Boolean(options.keepFailed));
      reportOperation(out, 'apply', reports, go, { draftId: draft.id, draft: draft.title });
      for (const t of go) {
        appliedTo.add(t.id);
        const report = reports.get(t.id);
        if (!report || 'failed' in report || report.outcome !== 'done') failed.add(t.id);
        // An apply left unfinished is resumed from the app, which needs its draft.
        if (report && !('failed' in report) && report.outcome === 'unfinished') keep.add(draft.id);
      }
    }
    if (prune) await pruneDrift(session, out, plan, confirmations, failed);
    for (const id of keep)
      out.note(
        `The draft ${plan.made.find((m) => m.draft.id === id)?.draft.title} is kept: ` +
          'an apply of it is unfinished (Resume or Roll back in the app).',
      );
    return { code: exitCodeOf(failed.size, total), summary: { tenants: total, applied: appliedTo.size, failed: failed.size } };
  } finally {
    await plan.cleanup(keep);
  }
}

const pick = (confirmations: Record<string, string>, tenants: readonly TenantProfileView[]) =>
  Object.fromEntries(tenants.filter((t) => confirmations[t.id] !== undefined).map((t) => [t.id, confirmations[t.id]!]));

async function pruneDrift(session: Session, out: Output, plan: FleetPlan, confirmations: Record<string, string>, failed: Set<string>) {
  const items = pruneItems(plan.drift.filter((d) => !failed.has(d.tenantId)));
  if (items.length === 0) return;
  const tenants = plan.resolved.tenants.filter((t) => items.some((i) => i.tenantId === t.id));
  out.line(`Pruning ${plural(items.length, 'item')} on ${plural(tenants.length, 'tenant')}:`);
  const job = await runJob(session, out, tenants, () =>
    session.call('startInventoryDeletion', { items, confirmations: pick(confirmations, tenants) }),
  );
  if (!isJobOfKind(job, 'delete')) throw new AppError('internal', 'The prune ended as another kind of job.');
  const reports = reportsOf(job, tenants, 'pruned');
  reportOperation(out, 'prune', reports, tenants);
  for (const t of tenants) {
    const report = reports.get(t.id);
    if (!report || 'failed' in report || report.outcome !== 'done' || (report.targets ?? []).some((x) => x.outcome === 'failed'))
      failed.add(t.id);
  }
}
