// One tenant of the Tenants screen: its row, and under it the latest test's report, or its browser
// sign-in while one runs. A browser tenant that needs a sign-in says so, with the one button that does it.
import { expiryPhrase, expiryState } from '../../../src-shared/expiry';
import { authMethodLabels, type SecretState, type TenantProfileView } from '../../../src-shared/tenant-profile';
import { formatTestedAt } from '../../components/time';
import { TenantBadge } from '../../components/TenantBadge';
import { useInventoryView } from '../inventory/view-state';
import { useAppStore } from '../../app/app-store';
import type { ConnectionTestState } from './connection-tests';
import { useExpiryStore } from '../expiry/expiry-store';
import { useJobsStore } from '../../app/jobs-store';
import { useSetupStore } from '../setup/setup-store';
import { ConnectionReport, InlineError } from './ConnectionReport';
import { MoreMenu } from './MoreMenu';
import { useTenantSettingsRequest } from '../inventory/settings-request';
import { SignInPanel } from './SignInPanel';
import { useSignInStore } from './signin-store';
import { lastTestLabels, signInNeed, type LastTest } from './tenant-list';

/** Setup on this tenant; a setup run already under way (on any tenant) is never switched away from. */
function setUpProvider(tenantId: string): void {
  const setup = useSetupStore.getState();
  if (setup.outcome === null && setup.tenantId !== tenantId) setup.chooseTenant(tenantId);
  useAppStore.getState().goTo('setup');
}

function showInventory(tenantId: string): void {
  const view = useInventoryView.getState();
  view.setFilters({ tenantIds: [tenantId] });
  view.update({ tab: 'configs' });
  useAppStore.getState().goTo('inventory');
}

interface TenantRowProps {
  profile: TenantProfileView;
  /** The latest test of its current connection (see `currentTestState`). */
  testState: ConnectionTestState | undefined;
  lastTest: LastTest;
  now: number;
  /** Cells in a row: the detail row under it spans them all. */
  columnCount: number;
  onTest(): void;
  onEdit(): void;
  onRemove(): void;
}

export function TenantRow({ profile, testState, lastTest, now, columnCount, onTest, onEdit, onRemove }: TenantRowProps) {
  const cancelJob = useJobsStore((s) => s.cancel);
  const signIn = useSignInStore((s) => s.byTenant[profile.id]);
  const startSignIn = useSignInStore((s) => s.start);
  const need = signInNeed(profile, testState);
  const signInLabel = need === 'again' ? 'Sign in again' : 'Sign in';
  const onSignIn = () => void startSignIn(profile.id);
  return (
    <>
      <tr data-tenant={profile.name}>
        <td>
          <TenantBadge name={profile.name} environment={profile.environment} />
          {profile.labels.length > 0 && (
            <div className="tenant-labels">
              {profile.labels.map((label) => (
                <span key={label} className="pill">
                  {label}
                </span>
              ))}
            </div>
          )}
        </td>
        <td>
          <code>{profile.baseUrl}</code>
          {profile.insecureLoopback && <span className="pill warn">http</span>}
          {profile.caCertificate && <span className="pill">custom CA</span>}
        </td>
        <td>{authMethodLabels[profile.auth.method]}</td>
        <td>
          <SecretCell profile={profile} need={need} now={now} />
        </td>
        <td className="nowrap">
          <LastTestCell lastTest={lastTest} now={now} />
        </td>
        <td className="row-actions">
          {need !== 'none' && !signIn && (
            <button type="button" className="button primary" onClick={onSignIn} aria-label={`${signInLabel} to ${profile.name}`}>
              {signInLabel}
            </button>
          )}
          {testState?.running ? (
            testState.alone ? (
              <button
                type="button"
                className="button"
                onClick={() => void cancelJob(testState.jobId)}
                aria-label={`Cancel the connection test of ${profile.name}`}
              >
                Cancel test
              </button>
            ) : (
              <span className="muted" role="status">
                Testing…
              </span>
            )
          ) : (
            <button type="button" className="button" onClick={onTest} aria-label={`Test connection to ${profile.name}`}>
              Test
            </button>
          )}
          <button type="button" className="button" onClick={onEdit} aria-label={`Edit ${profile.name}`}>
            Edit
          </button>
          <button type="button" className="button danger" onClick={onRemove} aria-label={`Remove ${profile.name}`}>
            Remove
          </button>
          <MoreMenu
            label={`More actions for ${profile.name}`}
            actions={[
              { label: 'Set up a provider', ariaLabel: `Set up a provider on ${profile.name}`, onSelect: () => setUpProvider(profile.id) },
              { label: 'Show inventory', ariaLabel: `Show inventory of ${profile.name}`, onSelect: () => showInventory(profile.id) },
              {
                label: 'Tenant settings',
                ariaLabel: `Tenant settings of ${profile.name}: default LLM, default embedding and overrides`,
                onSelect: () => useTenantSettingsRequest.getState().request(profile.id),
              },
              ...(profile.auth.method === 'browser' && need === 'none' && !signIn
                ? [{ label: 'Sign in again', ariaLabel: `Sign in again to ${profile.name} with the browser`, onSelect: onSignIn }]
                : []),
            ]}
          />
        </td>
      </tr>
      {signIn ? (
        <tr className="detail-row">
          <td colSpan={columnCount}>
            <SignInPanel tenantId={profile.id} tenantName={profile.name} entry={signIn} />
          </td>
        </tr>
      ) : (
        testState &&
        !testState.running && (
          <tr className="detail-row">
            <td colSpan={columnCount}>
              {'result' in testState ? (
                <ConnectionReport report={testState.result.report} tenantName={profile.name} testedAt={testState.result.testedAt} />
              ) : testState.error.code === 'cancelled' ? (
                <p className="muted" role="status">
                  Connection test cancelled.
                </p>
              ) : (
                <InlineError error={testState.error} />
              )}
            </td>
          </tr>
        )
      )}
    </>
  );
}

/** "Connected · 3 min ago", "Failed · 12:03", "Testing…" or "Never". */
function LastTestCell({ lastTest, now }: { lastTest: LastTest; now: number }) {
  const label = lastTestLabels[lastTest.kind];
  if (!('at' in lastTest)) {
    return (
      <span className={`last-test ${lastTest.kind}`} title={lastTest.kind === 'error' ? lastTest.message : undefined}>
        {label}
      </span>
    );
  }
  return (
    <span className={`last-test ${lastTest.kind}`}>
      {label} ·{' '}
      <time dateTime={lastTest.at} title={new Date(lastTest.at).toLocaleString()}>
        {formatTestedAt(lastTest.at, now)}
      </time>
    </span>
  );
}

/** Where the secret is; for browser sign-in whether it is signed in; for a pasted Bearer token when it expires. */
function SecretCell({ profile, need, now }: { profile: TenantProfileView; need: 'none' | 'first' | 'again'; now: number }) {
  const leadHours = useExpiryStore((s) => s.leadHours);
  const { secret, auth } = profile;
  if (secret.state === 'unreadable') return <UnreadableSecret secret={secret} />;
  if (auth.method === 'browser') {
    if (need === 'first') return <span className="text-warn">Not signed in</span>;
    if (need === 'again') return <span className="text-danger">Sign-in expired: sign in again</span>;
    return <>Signed in (keychain)</>;
  }
  if (secret.state === 'missing') return <span className="text-danger">Missing: edit to enter it</span>;
  if (auth.method === 'bearer' && auth.expiresAt) {
    const state = expiryState(auth.expiresAt, now, leadHours);
    return (
      <>
        In keychain ·{' '}
        <time
          dateTime={auth.expiresAt}
          title={new Date(auth.expiresAt).toLocaleString()}
          className={state === 'expired' ? 'text-danger' : state ? 'text-warn' : ''}
        >
          token {expiryPhrase(auth.expiresAt, now)}
        </time>
      </>
    );
  }
  return <>In keychain</>;
}

function UnreadableSecret({ secret }: { secret: Extract<SecretState, { state: 'unreadable' }> }) {
  return (
    <span className="text-warn" title={secret.message}>
      {secret.code === 'keychain_locked' ? 'Cannot read now: keychain locked' : 'Cannot read now: no keychain'}
    </span>
  );
}
