import type { SetupAttemptOutcome, SetupFailure } from '../../../src-shared/setup';
import { useSetupStore } from './setup-store';

/** Says what happened: a refusal is not a network problem, and neither is the tenant failing. */
const headings: Record<SetupFailure['stage'], Record<SetupFailure['cause'], string>> = {
  create: {
    refused: 'The tenant refused the credential',
    unreachable: 'BYOM Desk could not reach the tenant',
    'tenant-error': 'The tenant could not create the credential',
  },
  validate: {
    refused: 'Validation failed',
    unreachable: 'BYOM Desk could not reach the tenant to validate',
    'tenant-error': 'The tenant could not validate the credential',
  },
};

export function ValidationFailure({ outcome }: { outcome: SetupAttemptOutcome }) {
  const switchToOpenAiCompatible = useSetupStore((s) => s.switchToOpenAiCompatible);
  const providerId = useSetupStore((s) => s.providerId);
  const failure = outcome.failure;
  if (!failure) return null;
  return (
    <section className="failure-panel" role="alert" aria-label={headings[failure.stage][failure.cause]}>
      <h3>{headings[failure.stage][failure.cause]}</h3>
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
