// Plan, then apply: choose the target tenants, read each (a job in main), see per tenant what
// would be created, what is there and matches, what conflicts and which defaults change; then apply
// to the tenants without conflicts, a production tenant only with its name typed.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PlannedConfig, TenantPlan } from '../../../src-shared/apply';
import type { DraftView } from '../../../src-shared/drafts';
import type { AppErrorShape } from '../../../src-shared/errors';
import { asAppError } from '../../bridge';
import { focusIsLost } from '../../components/focus';
import { formatAge } from '../../components/time';
import { ProductionNames, productionNames, useTypedNameEnvironments } from '../../components/ProductionNames';
import { TenantBadge } from '../../components/TenantBadge';
import { useJobOf, useJobsStore } from '../../app/jobs-store';
import { useDraftsStore } from './drafts-store';
import { useTenantsStore } from '../tenants/tenants-store';
import { OperationProgress } from '../operations/OperationProgress';
import { plural } from '../../../src-shared/plural';
import { withAnyLabel } from '../../../src-shared/tenant-labels';
import { LabelFilter } from '../../components/LabelFilter';
import { useRowChoice } from '../../components/row-choice';

const actionLabels: Record<PlannedConfig['action'], string> = {
  create: 'Create',
  exists: 'There already',
  update: 'Change extra config',
  conflict: 'Conflict',
};
const statusLabels: Record<TenantPlan['status'], string> = { changes: 'Changes', 'in-sync': 'Nothing to do', conflict: 'Conflicts' };

export function PlanPanel({ draft, dirty }: { draft: DraftView; dirty: boolean }) {
  const profiles = useTenantsStore((s) => s.profiles);
  // "Choose by label": the list shows the tenants carrying any chosen label, and they become the targets.
  const [labels, setLabels] = useState<string[]>([]);
  const shown = useMemo(() => withAnyLabel(profiles, labels), [profiles, labels]);
  const choice = useRowChoice(shown, (p) => p.id);
  const chooseByLabel = (next: string[]) => {
    setLabels(next);
    if (next.length > 0) choice.chooseOnly(withAnyLabel(profiles, next).map((p) => p.id));
  };
  // Only tenants the list shows are planned for.
  const targets = choice.chosen.map((p) => p.id);
  const run = useDraftsStore((s) => s.runs[draft.id]) ?? { plan: null, applyJobId: null };
  const setRun = useDraftsStore((s) => s.setRun);
  const { plan, applyJobId } = run;
  const [confirmations, setConfirmations] = useState<Record<string, string>>({});
  const [keepFailed, setKeepFailed] = useState(false);
  const typedNameEnvironments = useTypedNameEnvironments();
  const [applying, setApplying] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const planJob = useJobOf(plan?.jobId, 'plan');
  const applyJob = useJobOf(applyJobId, 'apply');
  const notReady = draft.problems.length > 0;

  // The button pressed is disabled (Plan) or gone (Apply) while its job runs, which drops focus: it
  // comes back to Plan when the plan is read, and goes to the apply's Cancel (then Plan again).
  const planButton = useRef<HTMLButtonElement>(null);
  const applyButton = useRef<HTMLButtonElement>(null);
  const planRunning = planJob?.status === 'running';
  useEffect(() => {
    if (!planRunning && focusIsLost()) planButton.current?.focus();
  }, [planRunning]);
  useEffect(() => {
    if (focusIsLost()) applyButton.current?.focus();
  }, [applyJob?.id, applyJob?.status]);

  const startPlan = async (tenantIds = targets) => {
    setError(null);
    // A new plan asks again: a production name typed for the last one does not carry over.
    setConfirmations({});
    setKeepFailed(false);
    try {
      const started = await useDraftsStore.getState().startPlan({ draftId: draft.id, tenantIds });
      setRun(draft.id, { plan: { ...started, revision: draft.revision }, applyJobId: null });
    } catch (e) {
      setError(asAppError(e));
    }
  };

  const planned = planJob ? Object.entries(planJob.tenants) : [];
  const plans = planned.flatMap(([, t]) => (t.result ? [t.result] : []));
  const applicable = plans.filter((p) => p.status !== 'conflict');
  const { production: needNames, ready: namesTyped } = productionNames(
    applicable.map((p) => profiles.find((x) => x.id === p.tenantId)),
    confirmations,
    typedNameEnvironments,
  );
  const planIsOld = plan !== null && plan.revision !== draft.revision;

  const apply = async () => {
    if (!plan || applying) return;
    setError(null);
    setApplying(true);
    try {
      const started = await useDraftsStore.getState().startApply({
        planId: plan.planId,
        tenantIds: applicable.map((p) => p.tenantId),
        confirmations,
        keepFailed,
      });
      setRun(draft.id, { plan, applyJobId: started.jobId });
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setApplying(false);
    }
  };

  return (
    <section className="panel plan-panel" aria-labelledby="plan-heading">
      <h2 id="plan-heading">Plan and apply</h2>
      {profiles.length === 0 ? (
        <p className="muted">Add a tenant on the Tenants screen to apply this draft to it.</p>
      ) : (
        <fieldset className="plan-targets">
          <legend>Target tenants</legend>
          <LabelFilter label="Choose by label" chosen={labels} onChange={chooseByLabel} />
          <label className="checkbox">
            <input
              type="checkbox"
              checked={choice.allChosen}
              ref={(box) => void (box && (box.indeterminate = choice.someChosen))}
              onChange={(e) => choice.setAll(e.target.checked)}
            />
            {labels.length === 0 ? `All ${profiles.length} tenants` : `All ${plural(shown.length, 'tenant')} with ${labelsText(labels)}`}
          </label>
          {shown.map((p) => (
            <label key={p.id} className="checkbox">
              <input
                type="checkbox"
                checked={choice.isChosen(p.id)}
                onChange={(e) => choice.set(p.id, e.target.checked)}
                aria-label={`Target ${p.name}`}
              />
              <TenantBadge name={p.name} environment={p.environment} />
            </label>
          ))}
        </fieldset>
      )}
      <div className="button-row">
        <button
          ref={planButton}
          type="button"
          className="button primary"
          disabled={targets.length === 0 || notReady || dirty || planRunning}
          onClick={() => void startPlan()}
        >
          {planJob?.status === 'running' ? 'Planning…' : `Plan for ${plural(targets.length, 'tenant')}`}
        </button>
        {notReady && <span className="warning">Not ready to plan: {draft.problems.map((p) => p.message).join('; ')}.</span>}
        {!notReady && dirty && <span className="muted">Save the draft first: a plan is made from the saved draft.</span>}
      </div>
      {error && <p className="inline-error">{error.message}</p>}

      {planJob && (
        <div className="plan-results" aria-busy={planJob.status === 'running' || undefined}>
          {planIsOld && <p className="warning">The draft was saved since this plan: plan again before applying.</p>}
          {planned.map(([tenantId, t]) => {
            const profile = profiles.find((p) => p.id === tenantId);
            const result = t.result;
            return (
              <article
                key={tenantId}
                className={`tenant-plan ${result ? `plan-${result.status}` : ''}`}
                aria-label={`Plan for ${profile?.name ?? tenantId}`}
              >
                <header>
                  {profile ? <TenantBadge name={profile.name} environment={profile.environment} /> : tenantId}
                  <span
                    className={`pill ${
                      result?.status === 'conflict' || t.status === 'failed' ? 'danger' : result?.status === 'in-sync' ? 'ok' : ''
                    }`}
                  >
                    {result ? statusLabels[result.status] : t.status === 'failed' ? 'Could not read' : 'Reading…'}
                  </span>
                  {result && <span className="muted">read {formatAge(result.readAt, Date.now())}</span>}
                  {result?.agents !== undefined && (
                    <span className="muted" title={agentsTitle}>
                      {result.agents === null
                        ? 'agents not listed by the tenant'
                        : `${plural(result.agents.total, 'agent')} on this tenant`}
                    </span>
                  )}
                </header>
                {t.error && <p className="inline-error">{t.error.message}</p>}
                {result && <TenantPlanTable plan={result} />}
              </article>
            );
          })}
        </div>
      )}

      {planJob && planJob.status !== 'running' && applicable.length > 0 && !applyJob && (
        <div className="apply-controls">
          <ProductionNames
            tenants={needNames}
            typed={confirmations}
            onType={(id, text) => setConfirmations((c) => ({ ...c, [id]: text }))}
            what="apply to it"
          />
          <label className="checkbox">
            <input type="checkbox" checked={keepFailed} onChange={(e) => setKeepFailed(e.target.checked)} />
            Keep what a failed tenant’s run created (it is rolled back otherwise, configs first)
          </label>
          <div className="button-row">
            <button type="button" className="button primary" disabled={!namesTyped || planIsOld || applying} onClick={() => void apply()}>
              {applying ? 'Starting… ' : ''}Apply to {plural(applicable.length, 'tenant')}
            </button>
            {plans.length > applicable.length && (
              <span className="muted">{plans.length - applicable.length} with conflicts are left out.</span>
            )}
          </div>
        </div>
      )}

      {applyJob && (
        <>
          <OperationProgress jobId={applyJob.id} kind="apply" onPlanAgain={(tenantIds) => void startPlan(tenantIds)} />
          {applyJob.status === 'running' ? (
            <button ref={applyButton} type="button" className="button" onClick={() => void useJobsStore.getState().cancel(applyJob.id)}>
              Cancel apply
            </button>
          ) : (
            <button ref={applyButton} type="button" className="button" onClick={() => void startPlan(Object.keys(applyJob.tenants))}>
              Plan again
            </button>
          )}
        </>
      )}
    </section>
  );
}

const labelsText = (labels: string[]) =>
  labels.length === 1 ? `label “${labels[0]}”` : `labels ${labels.map((l) => `“${l}”`).join(' or ')}`;

const agentsTitle = 'An apply changes no agent: an agent on a config the plan changes in place runs with its new extra config.';

/** The agents on a config the plan finds there already: they use whatever it becomes. */
function agentsText(plan: TenantPlan, cfg: PlannedConfig): string | null {
  const names = cfg.existingId ? plan.agents?.onConfigs[cfg.existingId] : undefined;
  return names?.length ? `Used by ${plural(names.length, 'agent')}: ${names.map((n) => `“${n}”`).join(', ')}` : null;
}

function TenantPlanTable({ plan }: { plan: TenantPlan }) {
  const c = plan.credential;
  return (
    <>
      <table className="data-table plan-table">
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Name</th>
            <th scope="col">Plan</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          <tr className={`plan-${c.action}`}>
            <td>Credential</td>
            <td>{c.name}</td>
            <td>{c.action === 'create' ? 'Create' : c.action === 'exists' ? 'There already' : 'Conflict'}</td>
            <td>
              {c.action === 'conflict'
                ? `Same name, other settings: ${c.differences.join('; ')}`
                : c.action === 'exists'
                  ? 'Same name, type and settings: adopted, and validated again'
                  : ''}
            </td>
          </tr>
          {plan.configs.map((cfg) => (
            <tr key={cfg.modelId} className={`plan-${cfg.action}`}>
              <td>{cfg.isEmbedding ? 'Embedding config' : 'LLM config'}</td>
              <td>
                {cfg.name} <span className="muted model-id">{cfg.modelId}</span>
              </td>
              <td>{actionLabels[cfg.action]}</td>
              <td>{[cfg.extraConfig && `extra: ${cfg.extraConfig}`, cfg.message, agentsText(plan, cfg)].filter(Boolean).join('. ')}</td>
            </tr>
          ))}
          {plan.defaults.map((d) => (
            <tr key={d.kind} className={`plan-${d.action === 'set' ? 'update' : 'exists'}`}>
              <td>{d.kind === 'llm' ? 'Default LLM' : 'Default embedding'}</td>
              <td>{d.modelId}</td>
              <td>{d.action === 'set' ? 'Change' : 'As drafted already'}</td>
              <td>{d.action === 'set' ? `from ${d.from ? `“${d.from.name}”` : 'Alation’s default'}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
    </>
  );
}
