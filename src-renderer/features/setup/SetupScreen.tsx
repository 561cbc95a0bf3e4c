import { useShallow } from 'zustand/react/shallow';
import { useEffect, useMemo, useState } from 'react';
import type { CancelPreview } from '../../../src-shared/setup';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { focusFirstIn, focusIsLost } from '../../components/focus';
import { TenantBadge } from '../../components/TenantBadge';
import { TenantReport } from '../operations/OperationProgress';
import { useAppStore } from '../../app/app-store';
import { useSetupStore, type SetupStep } from './setup-store';
import { useTenantsStore } from '../tenants/tenants-store';
import { useTenantsLoad } from '../tenants/use-tenants-load';
import { InlineError } from '../tenants/ConnectionReport';
import { CompleteStep } from './CompleteStep';
import { DisplayNames } from './DisplayNames';
import { ManualModelEntry } from './ManualModelEntry';
import { ModelPicker } from './ModelPicker';
import { blocking, choiceProblems, extraConfigErrors } from './names';
import { ProviderForm } from './ProviderForm';
import { ValidationFailure } from './ValidationFailure';
import { EmptyState, ScreenHeader } from '../../components/ScreenHeader';
import { plural } from '../../../src-shared/plural';

const steps: { id: SetupStep; label: string }[] = [
  { id: 'provider', label: 'Provider' },
  { id: 'models', label: 'Models' },
  { id: 'names', label: 'Display names' },
  { id: 'complete', label: 'Complete' },
];

export function SetupScreen() {
  const { profiles, loaded } = useTenantsStore(useShallow((s) => ({ profiles: s.profiles, loaded: s.loaded })));
  const { failed: loadFailed, load: loadTenants } = useTenantsLoad();
  const goToScreen = useAppStore((s) => s.goTo);
  const setup = useSetupStore();
  /** What main would delete, read when Cancel is pressed: the dialog names exactly that. */
  const [confirmingCancel, setConfirmingCancel] = useState<CancelPreview | null>(null);
  const tenant = profiles.find((p) => p.id === setup.tenantId) ?? null;
  const choices = useMemo(() => Object.values(setup.selected), [setup.selected]);
  const problems = useMemo(() => choiceProblems(choices, setup.existingConfigs), [choices, setup.existingConfigs]);
  const blockers = blocking(problems);
  const configProvider = setup.outcome?.configProvider;
  const extraErrors = useMemo(() => extraConfigErrors(choices, configProvider), [choices, configProvider]);
  const extraBlocked = Object.keys(extraErrors).length > 0;
  const toFix = [blockers.length > 0 && 'names', extraBlocked && 'extra config'].filter(Boolean).join(' and ');

  useEffect(() => {
    if (!loaded) loadTenants();
  }, [loaded, loadTenants]);

  // The button that moved the run on (Validate & Continue, Continue, Complete) is gone or disabled:
  // focus goes to the first control the step now shows, not back to the top of the page.
  useEffect(() => {
    if (!setup.busy && focusIsLost()) focusFirstIn(document.querySelector('main'));
  }, [setup.step, setup.busy]);

  // Leaving the screen: whatever secret is still typed in the form is dropped from the page.
  useEffect(() => () => useSetupStore.getState().dropSecrets(), []);

  if (!loaded && loadFailed) {
    return (
      <>
        <ScreenHeader title="Setup" subtitle="Add a model provider to a tenant." />
        {loadFailed.inline ? <InlineError error={loadFailed.inline} /> : <p className="muted">The tenant list could not be read.</p>}
        <div className="button-row">
          <button type="button" className="button primary" onClick={loadTenants}>
            Try again
          </button>
        </div>
      </>
    );
  }

  if (loaded && profiles.length === 0) {
    return (
      <>
        <ScreenHeader title="Setup" subtitle="Add a model provider to a tenant." />
        <EmptyState heading="Add a tenant first">
          <p>Provider setup runs against one of your tenants. Add a tenant profile, then come back here.</p>
          <button type="button" className="button primary" onClick={() => goToScreen('tenants')}>
            Go to Tenants
          </button>
        </EmptyState>
      </>
    );
  }

  const cancel = async () => {
    if (!setup.outcome) return setup.reset();
    try {
      setConfirmingCancel(await useSetupStore.getState().describeCancel({ runId: setup.outcome.runId }));
    } catch {
      // The run is gone already (it timed out): nothing of it is left to delete from here.
      setup.reset();
    }
  };
  const allDone =
    choices.length > 0 && choices.every((c) => setup.results[c.id]?.status === 'created' || setup.results[c.id]?.status === 'failed');
  const failedCount = choices.filter((c) => setup.results[c.id]?.status === 'failed').length;

  return (
    <>
      <ScreenHeader title="Setup" subtitle="Add a model provider to a tenant: credentials, validation, models and display names." />
      <ol className="stepper" aria-label="Setup steps">
        {steps.map((s, i) => (
          <li
            key={s.id}
            aria-current={setup.step === s.id ? 'step' : undefined}
            className={steps.findIndex((x) => x.id === setup.step) > i ? 'done' : ''}
          >
            <span className="step-number">{i + 1}</span> {s.label}
          </li>
        ))}
      </ol>

      {setup.cancelled && setup.tenantId && (
        <section className="setup-cancelled" role="status" aria-label="Setup cancelled">
          <h3>Setup cancelled</h3>
          <TenantReport kind="setup" tenantId={setup.tenantId} profile={tenant ?? undefined} report={setup.cancelled} />
        </section>
      )}

      <div className="setup-tenant">
        <label htmlFor="setup-tenant">Tenant</label>
        <select
          id="setup-tenant"
          value={setup.tenantId ?? ''}
          disabled={setup.outcome !== null}
          onChange={(e) => setup.chooseTenant(e.target.value)}
        >
          <option value="" disabled>
            Choose a tenant…
          </option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.environment.label})
            </option>
          ))}
        </select>
        {tenant && <TenantBadge name={tenant.name} environment={tenant.environment} />}
      </div>

      {setup.error && <InlineError error={setup.error} />}

      {tenant && setup.step === 'provider' && (
        <>
          <ProviderForm />
          {setup.outcome?.status === 'invalid' && <ValidationFailure outcome={setup.outcome} />}
          <div className="button-row form-actions">
            <button type="button" className="button primary" onClick={() => void setup.validateAndContinue()} disabled={setup.busy}>
              {setup.busy ? 'Validating…' : 'Validate & Continue'}
            </button>
            <button type="button" className="button" onClick={() => void cancel()} disabled={setup.busy}>
              Cancel
            </button>
          </div>
        </>
      )}

      {tenant && setup.step === 'models' && setup.outcome && (
        <>
          <p className="notice ok" role="status">
            {setup.outcome.status === 'valid'
              ? `“${setup.outcome.credentialName}” is valid: the provider lists ${setup.outcome.models.length} models.`
              : `“${setup.outcome.credentialName}” was created, but the provider does not list its models.`}
          </p>
          {setup.outcome.status === 'valid' ? <ModelPicker models={setup.models} /> : <ManualModelEntry />}
          <div className="button-row form-actions">
            <button type="button" className="button primary" onClick={() => void setup.toNames()} disabled={choices.length === 0}>
              Continue with {plural(choices.length, 'model')}
            </button>
            <button type="button" className="button" onClick={() => setup.goTo('provider')}>
              Back
            </button>
            <button type="button" className="button" onClick={() => void cancel()}>
              Cancel
            </button>
          </div>
        </>
      )}

      {tenant && setup.step === 'names' && (
        <>
          {setup.namesCheck.status === 'failed' && (
            <div className="inline-error" role="alert">
              <p>
                BYOM Desk could not read the tenant's configs, so it cannot check the display names for duplicates:{' '}
                {setup.namesCheck.error.message}
              </p>
              <button type="button" className="button" onClick={() => void setup.checkNames()}>
                Check again
              </button>
            </div>
          )}
          {setup.namesCheck.status === 'loading' && (
            <p className="muted" role="status">
              Reading the tenant's configs to check the names…
            </p>
          )}
          <DisplayNames
            choices={choices}
            problems={problems}
            existing={setup.existingConfigs}
            configProvider={configProvider}
            extraErrors={extraErrors}
          />
          <div className="button-row form-actions">
            <button
              type="button"
              className="button primary"
              onClick={() => void setup.createConfigs()}
              disabled={blockers.length > 0 || extraBlocked || setup.namesCheck.status !== 'ok'}
            >
              Complete
            </button>
            <button type="button" className="button" onClick={() => setup.goTo('models')}>
              Back
            </button>
            <button type="button" className="button" onClick={() => void cancel()}>
              Cancel
            </button>
            {toFix && <span className="text-danger">Fix the flagged {toFix} first.</span>}
          </div>
        </>
      )}

      {tenant && setup.step === 'complete' && (
        <>
          <CompleteStep choices={choices} configProvider={configProvider} />
          <div className="button-row form-actions">
            {allDone && failedCount > 0 && (
              <button type="button" className="button primary" onClick={() => void setup.createConfigs(true)}>
                Retry {failedCount} failed
              </button>
            )}
            <button type="button" className="button" onClick={() => void setup.finish()} disabled={!allDone}>
              Done
            </button>
            <button type="button" className="button" onClick={() => void cancel()}>
              Cancel
            </button>
          </div>
        </>
      )}

      {confirmingCancel && tenant && (
        <CancelDialog
          tenantName={tenant.name}
          preview={confirmingCancel}
          busy={setup.busy}
          onChoose={async (choice) => {
            if (choice !== 'back') await setup.cancelRun(choice === 'delete');
            setConfirmingCancel(null);
          }}
        />
      )}
    </>
  );
}

function CancelDialog(props: {
  tenantName: string;
  preview: CancelPreview;
  busy: boolean;
  onChoose(choice: 'delete' | 'keep' | 'back'): Promise<void>;
}) {
  const { tenantName, preview, busy, onChoose } = props;
  const count = preview.configs.length + preview.credentials.length;
  const createdSomething = count > 0 || preview.unconfirmed !== null || preview.creating > 0;
  return (
    <ConfirmDialog
      title="Cancel this setup?"
      text={
        createdSomething ? (
          <>
            <p>This setup created on {tenantName}:</p>
            <ul aria-label="Created by this setup">
              {preview.configs.map((name) => (
                <li key={`config:${name}`}>LLM config “{name}”</li>
              ))}
              {preview.creating > 0 && <li>{preview.creating} LLM config(s) still being created, waited for</li>}
              {preview.credentials.map((name) => (
                <li key={`credential:${name}`}>Credential “{name}”</li>
              ))}
              {preview.unconfirmed !== null && <li>Credential “{preview.unconfirmed}”, if its lost create landed</li>}
            </ul>
            <p>Delete them (the configs first, then the credentials), or keep them there?</p>
          </>
        ) : (
          <p>Nothing this setup created is left on {tenantName}.</p>
        )
      }
      busy={busy}
      onEscape={() => void onChoose('back')}
    >
      {createdSomething && (
        <button type="button" className="button danger" disabled={busy} onClick={() => void onChoose('delete')} data-autofocus>
          {count === 1 && preview.creating === 0 && preview.unconfirmed === null ? 'Delete it' : 'Delete them'}
        </button>
      )}
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => void onChoose('keep')}
        data-autofocus={createdSomething ? undefined : true}
      >
        {createdSomething ? 'Keep them and cancel' : 'Cancel setup'}
      </button>
      <button type="button" className="button" disabled={busy} onClick={() => void onChoose('back')}>
        Go back
      </button>
    </ConfirmDialog>
  );
}
