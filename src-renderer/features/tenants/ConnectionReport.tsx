import type { ConnectionTestReport } from '../../../src-shared/connection-report';
import type { AppErrorShape } from '../../../src-shared/errors';

const statusText = { ok: 'passed', failed: 'failed', skipped: 'not run' } as const;

interface ConnectionReportProps {
  report: ConnectionTestReport;
  tenantName?: string;
  testedAt?: string;
  /** Offered when a step failed because the browser sign-in must be done again. */
  onSignIn?: () => void;
}

export function ConnectionReport({ report, tenantName, testedAt, onSignIn }: ConnectionReportProps) {
  const signInAgain = onSignIn !== undefined && report.steps.some((s) => s.error?.code === 'sign_in_required');
  return (
    <div
      className={`connection-report ${report.ok ? 'ok' : 'failed'}`}
      role="status"
      aria-label={tenantName ? `Connection test result for ${tenantName}` : 'Connection test result'}
    >
      <p className="report-summary">
        {report.ok ? `Connected. The AI API answered in ${report.latencyMs ?? '?'} ms.` : 'The connection test failed.'}
        {testedAt && (
          <time className="muted tested-at" dateTime={testedAt}>
            {' '}
            Tested {new Date(testedAt).toLocaleTimeString()}.
          </time>
        )}
      </p>
      <ol className="report-steps">
        {report.steps.map((step) => (
          <li key={step.step} className={`step ${step.status}`} data-step={step.step}>
            <span className="step-icon" aria-hidden="true">
              {step.status === 'ok' ? '✓' : step.status === 'failed' ? '✕' : '–'}
            </span>
            <span className="step-label">{step.label}</span>
            <span className="step-status">
              {statusText[step.status]}
              {step.status !== 'skipped' ? ` · ${step.ms} ms` : ''}
            </span>
            {step.error && <p className="step-error">{step.error.message}</p>}
          </li>
        ))}
      </ol>
      {signInAgain && (
        <button
          type="button"
          className="button primary"
          onClick={onSignIn}
          aria-label={tenantName ? `Sign in again to ${tenantName}` : 'Sign in again'}
        >
          Sign in again
        </button>
      )}
    </div>
  );
}

export function InlineError({ error }: { error: AppErrorShape }) {
  return (
    <p className="inline-error" role="alert">
      {error.message}
    </p>
  );
}
