import { useEffect, useMemo, useState } from 'react';
import { authMethodLabels, type SecretState, type TenantProfileView } from '../../src-shared/tenant-profile';
import { asAppError } from '../bridge';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { TenantBadge } from '../components/TenantBadge';
import { useAppStore } from '../state/app-store';
import { connectionTestStates, startConnectionTests, type ConnectionTestState } from '../state/connection-tests';
import { useJobsStore } from '../state/jobs-store';
import { useKeychainRecheck } from '../state/keychain';
import { useTenantsStore } from '../state/tenants-store';
import { ConnectionReport, InlineError } from '../tenants/ConnectionReport';
import { TenantForm } from '../tenants/TenantForm';
import { EmptyState, ScreenHeader } from './ScreenHeader';

type Editing = { mode: 'closed' } | { mode: 'add' } | { mode: 'edit'; profile: TenantProfileView };

export function TenantsScreen() {
  const { profiles, notices, loaded, loadError, load } = useTenantsStore();
  const [editing, setEditing] = useState<Editing>({ mode: 'closed' });
  const [removing, setRemoving] = useState<TenantProfileView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const jobs = useJobsStore((s) => s.jobs);
  const tests = useMemo(() => connectionTestStates(jobs), [jobs]);
  const showError = useAppStore((s) => s.showError);
  const testing = profiles.filter((p) => tests[p.id]?.running).length;

  useEffect(() => {
    void load();
  }, [load]);

  const test = async (ids: string[]) => {
    const error = await startConnectionTests(ids);
    if (error) showError(error);
  };

  const done = (saved: TenantProfileView | null) => {
    if (saved) setMessage(`Saved “${saved.name}”. Its secret is in the keychain.`);
    setEditing({ mode: 'closed' });
  };

  return (
    <>
      <ScreenHeader title="Tenants" subtitle="Connections to your Alation tenants. Secrets stay in your OS keychain." />
      {notices.map((n) => (
        <p key={n.message} className="notice" role="status">
          {n.message}
        </p>
      ))}
      {message && (
        <p className="notice ok" role="status">
          {message}
        </p>
      )}
      {loadError && <InlineError error={loadError} />}
      <KeychainNotice profiles={profiles} />
      <div className="toolbar">
        <button type="button" className="button primary" onClick={() => setEditing({ mode: 'add' })} disabled={editing.mode !== 'closed'}>
          Add tenant
        </button>
        {profiles.length > 1 && (
          <button type="button" className="button" onClick={() => void test(profiles.map((p) => p.id))} disabled={testing > 0}>
            {testing > 0 ? `Testing… ${profiles.length - testing} of ${profiles.length} done` : `Test all ${profiles.length}`}
          </button>
        )}
      </div>
      {editing.mode !== 'closed' && (
        <TenantForm key={editing.mode === 'edit' ? editing.profile.id : 'add'} editing={editing.mode === 'edit' ? editing.profile : null} onDone={done} />
      )}
      {loaded && profiles.length === 0 && editing.mode === 'closed' && (
        <EmptyState heading="No tenants yet">
          <p>
            Add your first Alation tenant: you need its address and one of an OAuth client ID and secret, an API access
            token, or a refresh token with its user ID.
          </p>
        </EmptyState>
      )}
      {profiles.length > 0 && (
        <table className="data-table tenants-table" aria-label="Tenants">
          <thead>
            <tr>
              <th scope="col">Tenant</th>
              <th scope="col">Address</th>
              <th scope="col">Authentication</th>
              <th scope="col">Secret</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((p) => (
              <TenantRow
                key={p.id}
                profile={p}
                testState={tests[p.id]}
                onTest={() => void test([p.id])}
                onEdit={() => {
                  setMessage(null);
                  setEditing({ mode: 'edit', profile: p });
                }}
                onRemove={() => setRemoving(p)}
              />
            ))}
          </tbody>
        </table>
      )}
      {removing && (
        <RemoveDialog
          profile={removing}
          onClose={(removedSecrets) => {
            if (removedSecrets !== null) {
              setMessage(`Removed “${removing.name}” and ${removedSecrets} keychain entr${removedSecrets === 1 ? 'y' : 'ies'}.`);
            }
            setRemoving(null);
          }}
        />
      )}
    </>
  );
}

interface TenantRowProps {
  profile: TenantProfileView;
  testState: ConnectionTestState | undefined;
  onTest(): void;
  onEdit(): void;
  onRemove(): void;
}

function TenantRow({ profile, testState: latest, onTest, onEdit, onRemove }: TenantRowProps) {
  const cancelJob = useJobsStore((s) => s.cancel);
  // A report from before the last edit describes a connection that may no longer be this one.
  const testState = latest && !latest.running && 'result' in latest && latest.result.testedAt < profile.updatedAt ? undefined : latest;
  return (
    <>
      <tr data-tenant={profile.name}>
        <td>
          <TenantBadge name={profile.name} environment={profile.environment} />
        </td>
        <td>
          <code>{profile.baseUrl}</code>
          {profile.insecureLoopback && <span className="pill warn">http</span>}
          {profile.caCertificate && <span className="pill">custom CA</span>}
        </td>
        <td>{authMethodLabels[profile.auth.method]}</td>
        <td>
          <SecretCell secret={profile.secret} />
        </td>
        <td className="row-actions">
          {testState?.running ? (
            testState.alone ? (
              <button type="button" className="button" onClick={() => void cancelJob(testState.jobId)} aria-label={`Cancel the connection test of ${profile.name}`}>
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
        </td>
      </tr>
      {testState && !testState.running && (
        <tr className="detail-row">
          <td colSpan={5}>
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
      )}
    </>
  );
}

function SecretCell({ secret }: { secret: SecretState }) {
  if (secret.state === 'stored') return <>In keychain</>;
  if (secret.state === 'missing') return <span className="text-danger">Missing: edit to enter it</span>;
  return (
    <span className="text-warn" title={secret.message}>
      {secret.code === 'keychain_locked' ? 'Cannot read now: keychain locked' : 'Cannot read now: no keychain'}
    </span>
  );
}

/** Shown while the keychain cannot be read: the tenants are all here, their secrets wait for an unlock. */
function KeychainNotice({ profiles }: { profiles: TenantProfileView[] }) {
  const { checking, recheck } = useKeychainRecheck();
  const unreadable = profiles.find((p) => p.secret.state === 'unreadable')?.secret;
  if (!unreadable || unreadable.state !== 'unreadable') return null;
  return (
    <div className="notice warn" role="status">
      <p>
        {unreadable.message} Your tenants are listed from BYOM Desk's own file; testing them or changing anything on a
        tenant needs their secrets.
      </p>
      <button type="button" className="button" onClick={() => void recheck()} disabled={checking}>
        {checking ? 'Checking…' : 'Check again'}
      </button>
    </div>
  );
}

function RemoveDialog({ profile, onClose }: { profile: TenantProfileView; onClose(removedSecrets: number | null): void }) {
  const remove = useTenantsStore((s) => s.remove);
  const showError = useAppStore((s) => s.showError);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      onClose(await remove(profile.id));
    } catch (error) {
      showError(asAppError(error));
      onClose(null);
    }
  };
  return (
    <ConfirmDialog
      title={`Remove ${profile.name}?`}
      text="BYOM Desk forgets this connection and deletes its secret from your keychain. Nothing changes on the tenant itself."
      busy={busy}
      onEscape={() => onClose(null)}
    >
      <button type="button" className="button danger" onClick={() => void confirm()} disabled={busy} data-autofocus>
        {busy ? 'Removing…' : 'Remove tenant'}
      </button>
      <button type="button" className="button" onClick={() => onClose(null)} disabled={busy}>
        Cancel
      </button>
    </ConfirmDialog>
  );
}
