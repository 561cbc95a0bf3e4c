// An apply (or its resume or roll back) as it runs and when it is done: each tenant's step and
// progress, then its report step by step, with the provider's advice where validation failed and
// plainly what is left on a tenant.
import type { TenantApplyReport } from '../../src-shared/apply';
import type { JobView } from '../../src-shared/jobs';
import { TenantBadge } from '../components/TenantBadge';
import { useTenantsStore } from '../state/tenants-store';

const outcomeLabels: Record<TenantApplyReport['outcome'], string> = {
  applied: 'Applied',
  failed: 'Failed',
  refused: 'Refused: stale plan',
  'rolled-back': 'Rolled back',
  cancelled: 'Cancelled, rolled back',
};

export function ApplyProgress({ job, onPlanAgain }: { job: JobView; onPlanAgain?(): void }) {
  const profiles = useTenantsStore((s) => s.profiles);
  const running = job.status === 'running';
  return (
    <section className="apply-progress" aria-label={job.title} aria-busy={running || undefined}>
      <h3>
        {job.title}: {running ? `${job.done} of ${job.total} tenants done` : job.status === 'cancelled' ? 'cancelled' : 'finished'}
      </h3>
      {Object.entries(job.tenants).map(([tenantId, t]) => {
        const profile = profiles.find((p) => p.id === tenantId);
        const report = t.result as TenantApplyReport | undefined;
        const outcome = report?.outcome;
        const stale = t.error?.details?.stalePlan === true;
        return (
          <article key={tenantId} className={`apply-tenant status-${t.status}`} aria-label={`Apply on ${profile?.name ?? tenantId}`}>
            <header>
              {profile ? <TenantBadge name={profile.name} environment={profile.environment} /> : <span>{tenantId}</span>}
              <span className={`pill ${t.status === 'ok' ? 'ok' : t.status === 'failed' ? 'danger' : ''}`}>
                {outcome ? (outcome === 'rolled-back' && t.status === 'failed' ? 'Failed, rolled back' : outcomeLabels[outcome]) : t.status === 'running' ? 'Running' : t.status === 'waiting' ? 'Waiting' : t.status === 'ok' ? 'Done' : t.status}
              </span>
              {t.status === 'running' && <progress max={Math.max(t.total, 1)} value={t.done} aria-label={`Steps done on ${profile?.name ?? tenantId}`} />}
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
            {report && report.steps.length > 0 && (
              <ol className="apply-steps">
                {report.steps.map((s, i) => (
                  <li key={i} className={`step-${s.status}`}>
                    <span className="step-status">{s.status === 'done' ? '✓' : s.status === 'adopted' ? '=' : s.status === 'skipped' ? '–' : '✗'}</span> {s.label}
                    {s.message && <span className="muted"> ({s.message})</span>}
                  </li>
                ))}
              </ol>
            )}
            {report && report.leftOnTenant.length > 0 && <p className="warning">Left on the tenant: {report.leftOnTenant.join('; ')}.</p>}
          </article>
        );
      })}
    </section>
  );
}
