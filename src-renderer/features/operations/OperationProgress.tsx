// An operation on tenants as it runs and when it is done, whatever its kind (an apply, its resume,
// a roll back): each tenant's step and progress, then its report step by step (the one report shape
// every flow makes), with the provider's advice where it refused a key, and plainly what is left on
// a tenant. Results are read through the typed job hook: no cast.
import { operationVerbs, reportLabel, type OperationKind, type TenantOperationReport } from '../../../src-shared/tenant-operation';
import { operationJobKinds } from '../../../src-shared/job-results';
import type { TenantProgress } from '../../../src-shared/jobs';
import type { TenantProfileView } from '../../../src-shared/tenant-profile';
import { TenantBadge } from '../../components/TenantBadge';
import { useJobOf } from '../../app/jobs-store';
import { useTenantsStore } from '../tenants/tenants-store';
import './operations.css';

export function OperationProgress({
  jobId,
  kind,
  onPlanAgain,
}: {
  jobId: string;
  kind: OperationKind;
  onPlanAgain?(tenantIds: string[]): void;
}) {
  const profiles = useTenantsStore((s) => s.profiles);
  const job = useJobOf(jobId, ...operationJobKinds);
  if (!job) return null;
  const running = job.status === 'running';
  return (
    <section className="operation-progress" aria-label={job.title} aria-busy={running || undefined}>
      <h3>
        {job.title}: {running ? `${job.done} of ${job.total} tenants done` : job.status === 'cancelled' ? 'cancelled' : 'finished'}
      </h3>
      {Object.entries(job.tenants).map(([tenantId, t]) => (
        <TenantReport
          key={tenantId}
          kind={kind}
          progress={t}
          report={t.result}
          profile={profiles.find((p) => p.id === tenantId)}
          tenantId={tenantId}
          {...(onPlanAgain ? { onPlanAgain: () => onPlanAgain(Object.keys(job.tenants)) } : {})}
        />
      ))}
    </section>
  );
}

const statusLabels: Record<TenantProgress['status'], string> = {
  waiting: 'Waiting',
  running: 'Running',
  ok: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** A report made outside a job (a setup's cancel): its progress is its outcome. */
function progressOf(report: TenantOperationReport): Omit<TenantProgress, 'result'> {
  const status = report.outcome === 'done' ? 'ok' : report.outcome === 'cancelled' ? 'cancelled' : 'failed';
  return { status, done: report.steps.length, total: report.steps.length };
}

/**
 * One tenant's part: the same for every kind of operation and every screen. `progress` is the job's
 * for the tenant; without it (a report answered by a call, not a job), the report alone is shown.
 */
export function TenantReport(props: {
  kind: OperationKind;
  tenantId: string;
  profile: TenantProfileView | undefined;
  progress?: Omit<TenantProgress, 'result'>;
  report: TenantOperationReport | undefined;
  onPlanAgain?(): void;
}) {
  const { kind, tenantId, profile, report, onPlanAgain } = props;
  const t = props.progress ?? (report ? progressOf(report) : { status: 'waiting' as const, done: 0, total: 0 });
  const name = profile?.name ?? tenantId;
  const stale = t.error?.details?.stalePlan === true;
  const pill = report ? reportLabel(report, t.status === 'failed') : statusLabels[t.status];
  return (
    <article className={`operation-tenant status-${t.status}`} aria-label={`${operationVerbs[kind]} on ${name}`}>
      <header>
        {profile ? <TenantBadge name={profile.name} environment={profile.environment} /> : <span>{tenantId}</span>}
        <span className={`pill ${t.status === 'ok' ? 'ok' : t.status === 'failed' ? 'danger' : ''}`}>{pill}</span>
        {t.status === 'running' && <progress max={Math.max(t.total, 1)} value={t.done} aria-label={`Steps done on ${name}`} />}
        <span className="muted">{t.message}</span>
      </header>
      {t.error && (
        <p className="inline-error">
          {t.error.message}
          {stale && onPlanAgain && (
            <>
              {' '}
              <button type="button" className="button" onClick={onPlanAgain}>
                Plan again
              </button>
            </>
          )}
        </p>
      )}
      {report?.advice && (
        <p className="advice">
          <strong>{report.advice.cause}.</strong> {report.advice.solution}
        </p>
      )}
      {report?.targets && report.targets.length > 0 && (
        <ul className="operation-targets" aria-label={`What was asked of ${name}`}>
          {report.targets.map((target) => (
            <li key={`${target.kind}:${target.id}`}>
              {target.kind} “{target.name}”: {target.outcome}
              {target.message && <span className="muted"> ({target.message})</span>}
            </li>
          ))}
        </ul>
      )}
      {report && report.steps.length > 0 && (
        <ol className="operation-steps">
          {report.steps.map((s, i) => (
            <li key={i} className={`step-${s.status}`}>
              <span className="step-status">
                {s.status === 'done' ? '✓' : s.status === 'adopted' ? '=' : s.status === 'skipped' ? '–' : '✗'}
              </span>{' '}
              {s.label}
              {s.message && <span className="muted"> ({s.message})</span>}
            </li>
          ))}
        </ol>
      )}
      {report && report.leftOnTenant.length > 0 && <p className="warning">Left on the tenant: {report.leftOnTenant.join('; ')}.</p>}
    </article>
  );
}
