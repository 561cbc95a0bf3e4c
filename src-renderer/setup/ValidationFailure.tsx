import type { SetupAttemptOutcome } from '../../src-shared/setup';
import { useSetupStore } from '../state/setup-store';

export function ValidationFailure({ outcome }: { outcome: SetupAttemptOutcome }) {
  const switchToOpenAiCompatible = useSetupStore((s) => s.switchToOpenAiCompatible);
  const providerId = useSetupStore((s) => s.providerId);
  const failure = outcome.failure;
  if (!failure) return null;
  return (
    <section className="failure-panel" role="alert" aria-label="Validation failed">
      <h3>{failure.stage === 'create' ? 'The tenant refused the credential' : 'Validation failed'}</h3>
      <p className="failure-message">{failure.message}</p>
      {failure.advice && (
        <dl className="advice">
          <dt>Likely cause</dt>
          <dd>{failure.advice.cause}</dd>
          <dt>What to do</dt>
          <dd>{failure.advice.solution}</dd>
        </dl>
      )}
      <p className="muted">
        {outcome.keptFailedCredential
          ? `The credential “${outcome.credentialName}” was kept on the tenant, as you asked.`
          : failure.stage === 'validate'
            ? 'The credential that failed was deleted from the tenant, so nothing is left behind.'
            : 'Nothing was created on the tenant.'}{' '}
        Fix the fields and validate again; secrets you leave blank are reused.
      </p>
      {failure.offerOpenAiCompatible && providerId === 'openai' && (
        <button type="button" className="button" onClick={switchToOpenAiCompatible}>
          Try Custom (OpenAI-Compatible) with https://api.openai.com/v1
        </button>
      )}
    </section>
  );
}
