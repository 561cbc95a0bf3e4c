// A rotation as it runs and when it is done: per tenant, how each of its credentials ended (a pill in
// the rotation's own words), then the tenant's report step by step. It is the report every
// operation on tenants makes (src-shared/tenant-operation.ts), read through the typed job hook.
import type { JobViewOf } from '../../../src-shared/job-results';
import { agentsNowStep, isRotationOutcome, rotationOutcomeLabels, type RotationOutcome } from '../../../src-shared/rotation';
import type { OperationTarget, TenantOperationReport } from '../../../src-shared/tenant-operation';
import { TenantBadge } from '../../components/TenantBadge';
import { useTenantsStore } from '../tenants/tenants-store';

/** Each credential's line of a rotation's report, with its tenant. */
export interface RotationTargetView extends OperationTarget {
  tenantId: string;
  credentialId: string;
  outcome: RotationOutcome;
}

/** Every credential a rotation job has reported on so far, across its tenants. */
export function rotationTargets(job: JobViewOf<'rotation'> | undefined): RotationTargetView[] {
  if (!job) return [];
  return Object.entries(job.tenants).flatMap(([tenantId, t]) =>
    (t.result?.targets ?? []).flatMap((x) =>
      isRotationOutcome(x.outcome) ? [{ ...x, tenantId, credentialId: x.id, outcome: x.outcome }] : [],
    ),
  );
}

const tones: Record<RotationOutcome, string> = {
  rotated: 'ok',
  replaced: 'ok',
  unverified: 'warn',
  skipped: 'warn',
  rejected: 'danger',
  'no-patch': 'danger',
  failed: 'danger',
};

export function RotationProgress({ job, fallback }: { job: JobViewOf<'rotation'>; fallback: boolean }) {
  const profiles = useTenantsStore((s) => s.profiles);
  return (
    // Focusable from script: where focus goes once the button that started the rotation is disabled.
    <section className="panel rotation-progress" aria-label={job.title} aria-busy={job.status === 'running' || undefined} tabIndex={-1}>
      <h2>
        {job.title}: {job.status === 'running' ? `${job.done} of ${job.total} tenants done` : 'finished'}
      </h2>
      {Object.entries(job.tenants).map(([tenantId, t]) => {
        const profile = profiles.find((p) => p.id === tenantId);
        const name = profile?.name ?? tenantId;
        const report = t.result;
        const targets = rotationTargets(job).filter((x) => x.tenantId === tenantId);
        return (
          <article key={tenantId} className="rotation-tenant" aria-label={`Rotation on ${name}`}>
            <header>
              {profile && <TenantBadge name={profile.name} environment={profile.environment} />}
              <span className="muted">{t.status === 'running' ? (t.message ?? 'Working…') : ''}</span>
            </header>
            {targets.length === 0 && t.error && <p className="inline-error">{t.error.message}</p>}
            {targets.map((x) => (
              <div key={x.id} className={`rotation-report outcome-${x.outcome}`}>
                <p>
                  <strong>{x.name}</strong> <span className={`pill ${tones[x.outcome]}`}>{rotationOutcomeLabels[x.outcome]}</span>
                </p>
                <TargetNote target={x} fallback={fallback} />
              </div>
            ))}
            {report && <ReportBody report={report} tenantName={name} />}
          </article>
        );
      })}
    </section>
  );
}

/** What a credential's outcome means for the key on the tenant, said plainly. */
function TargetNote({ target, fallback }: { target: RotationTargetView; fallback: boolean }) {
  if (target.outcome === 'rejected') {
    const gone = fallback
      ? 'Nothing was changed: the credential keeps its old key.'
      : 'The old key is no longer on this tenant: agents that use this credential fail until a working key is set.';
    return <p className="inline-error">The provider refuses the new key. {gone}</p>;
  }
  if (target.outcome === 'unverified')
    return <p className="warning">The new key is on the tenant, but whether it works is not known yet.</p>;
  if (target.outcome === 'rotated' || target.outcome === 'replaced' || !target.message) return null;
  return <p className={target.outcome === 'skipped' ? 'warning' : 'inline-error'}>{target.message}</p>;
}

function ReportBody({ report, tenantName }: { report: TenantOperationReport; tenantName: string }) {
  const agentsNow = report.steps.filter((s) => s.step === agentsNowStep);
  const steps = report.steps.filter((s) => s.step !== agentsNowStep);
  return (
    <>
      {report.advice && (
        <p className="advice">
          <strong>{report.advice.cause}.</strong> {report.advice.solution}
        </p>
      )}
      {steps.length > 0 && (
        <ol className="apply-steps">
          {steps.map((s, i) => (
            <li key={i} className={`step-${s.status}`}>
              {s.status === 'done' ? '✓' : s.status === 'adopted' ? '=' : s.status === 'skipped' ? '–' : '✗'} {s.label}
              {s.message && <span className="muted"> ({s.message})</span>}
            </li>
          ))}
        </ol>
      )}
      {agentsNow.length > 0 && (
        <ul className="rotation-agents" aria-label={`Agents re-pointed on ${tenantName}`}>
          {agentsNow.map((s) => (
            <li key={s.label}>{s.label}</li>
          ))}
        </ul>
      )}
      {report.leftOnTenant.length > 0 && <p className="warning">On the tenant now: {report.leftOnTenant.join('; ')}</p>}
    </>
  );
}
