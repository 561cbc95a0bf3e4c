import { useShallow } from 'zustand/react/shallow';
import { showFailure } from '../../app/failures';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Welcome } from '../welcome/Welcome';
import type { TenantProfileView } from '../../../src-shared/tenant-profile';
import { asAppError } from '../../bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { focusIsLost, rememberFocus } from '../../components/focus';
import { useAppStore } from '../../app/app-store';
import { connectionTestStates, startConnectionTests, useKeptConnectionTests } from './connection-tests';
import { useJobsOf } from '../../app/jobs-store';
import { useKeychainRecheck } from '../../app/keychain';
import { useTenantsStore } from './tenants-store';
import { useTenantsLoad } from './use-tenants-load';
import { InlineError } from './ConnectionReport';
import { useTenantEditRequest } from './edit-request';
import { useSignInStore } from './signin-store';
import { TenantForm } from './TenantForm';
import { TenantListFileActions } from './TenantListFile';
import { TenantRow } from './TenantRow';
import { currentTestState, lastTestOf, matchesTenantSearch, tenantSearchText } from './tenant-list';
import { tenantColumns, useSortedTenants } from './tenants-table';
import './tenants-screen.css';
import { ScreenHeader } from '../../components/ScreenHeader';

type Editing = { mode: 'closed' } | { mode: 'add' } | { mode: 'edit'; profile: TenantProfileView };

/** Re-renders once a minute, for the whole screen (not one timer per row): "3 min ago" stays true. */
function useMinuteTick(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 60_000);
    return () => clearInterval(timer);
  }, []);
}

export function TenantsScreen() {
  const { profiles, notices, loaded } = useTenantsStore(
    useShallow((s) => ({ profiles: s.profiles, notices: s.notices, loaded: s.loaded })),
  );
  const { failed: loadFailed, load } = useTenantsLoad();
  const [editing, setEditing] = useState<Editing>({ mode: 'closed' });
  // The form takes focus when a button opens it; when it closes, focus goes back to that button.
  const giveFocusBack = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (editing.mode !== 'closed') return;
    if (focusIsLost()) giveFocusBack.current?.();
    giveFocusBack.current = null;
  }, [editing.mode]);
  const [removing, setRemoving] = useState<TenantProfileView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  const testJobs = useJobsOf('connection-tests');
  const kept = useKeptConnectionTests((s) => s.kept);
  useEffect(() => void useKeptConnectionTests.getState().load(), []);
  const tests = useMemo(() => connectionTestStates(testJobs, kept), [testJobs, kept]);
  const testing = profiles.filter((p) => tests[p.id]?.running).length;
  useMinuteTick();
  const now = Date.now();

  const searchTexts = useMemo(() => new Map(profiles.map((p) => [p.id, tenantSearchText(p)])), [profiles]);
  const entries = useMemo(
    () =>
      profiles.map((profile) => {
        const testState = currentTestState(profile, tests[profile.id]);
        return { profile, testState, lastTest: lastTestOf(testState) };
      }),
    [profiles, tests],
  );
  const matching = useMemo(
    () => (query.trim() ? entries.filter((e) => matchesTenantSearch(searchTexts.get(e.profile.id) ?? '', query)) : entries),
    [entries, searchTexts, query],
  );
  const { rows: shown, headers } = useSortedTenants(matching);
  const filtered = query.trim() !== '';

  useEffect(() => load(), [load]);

  // "Paste a new token…" in the expiry banner: this tenant's form, once the tenants are here.
  const requestedEdit = useTenantEditRequest((s) => s.tenantId);
  useEffect(() => {
    const profile = requestedEdit ? profiles.find((p) => p.id === requestedEdit) : undefined;
    if (!profile) return;
    useTenantEditRequest.getState().clear();
    setMessage(null);
    setEditing({ mode: 'edit', profile });
  }, [requestedEdit, profiles]);
  // The New Tenant command (menu, shortcut, palette), and a tenant chosen in the palette.
  const requestedAdd = useTenantEditRequest((s) => s.adding);
  const requestedShow = useTenantEditRequest((s) => s.showId);
  const [focusRow, setFocusRow] = useState<string | null>(null);
  useEffect(() => {
    if (!requestedAdd && requestedShow === null) return;
    useTenantEditRequest.getState().clear();
    setMessage(null);
    if (requestedShow !== null) {
      setQuery('');
      setFocusRow(requestedShow);
    } else if (editing.mode === 'closed') setEditing({ mode: 'add' });
  }, [requestedAdd, requestedShow, editing.mode]);
  // The tenant chosen in the palette: its row in view, and focus on its first action.
  useEffect(() => {
    const profile = focusRow ? profiles.find((p) => p.id === focusRow) : undefined;
    const button = profile && document.querySelector<HTMLButtonElement>(`button[aria-label="Edit ${CSS.escape(profile.name)}"]`);
    if (!button) return;
    setFocusRow(null);
    button.scrollIntoView({ block: 'center' });
    button.focus();
  }, [focusRow, profiles, shown]);

  const test = (ids: string[]) => startConnectionTests(ids).catch((error: unknown) => showFailure(error));

  const done = (saved: TenantProfileView | null, options?: { signIn: boolean }) => {
    if (saved && options?.signIn) {
      setMessage(`Added “${saved.name}”. Sign in to Alation in your browser to connect it.`);
      void useSignInStore.getState().start(saved.id);
    } else if (saved) {
      setMessage(saved.auth.method === 'browser' ? `Saved “${saved.name}”.` : `Saved “${saved.name}”. Its secret is in the keychain.`);
    }
    setEditing({ mode: 'closed' });
  };

  const clearSearch = () => {
    setQuery('');
    search.current?.focus();
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
      {loadFailed && (
        <div className="load-failed">
          {loadFailed.inline ? <InlineError error={loadFailed.inline} /> : <p className="muted">The tenant list could not be read.</p>}
          <button type="button" className="button" onClick={load}>
            Try again
          </button>
        </div>
      )}
      <KeychainNotice profiles={profiles} />
      <div className="toolbar">
        <button
          type="button"
          className="button primary"
          onClick={() => {
            giveFocusBack.current = rememberFocus();
            setEditing({ mode: 'add' });
          }}
          disabled={editing.mode !== 'closed'}
        >
          Add tenant
        </button>
        {profiles.length > 1 && (
          <button type="button" className="button" onClick={() => void test(profiles.map((p) => p.id))} disabled={testing > 0}>
            {testing > 0 ? `Testing… ${profiles.length - testing} of ${profiles.length} done` : `Test all ${profiles.length}`}
          </button>
        )}
        <TenantListFileActions tenantCount={profiles.length} onDone={setMessage} />
      </div>
      {editing.mode !== 'closed' && (
        <TenantForm
          key={editing.mode === 'edit' ? editing.profile.id : 'add'}
          editing={editing.mode === 'edit' ? editing.profile : null}
          onDone={done}
        />
      )}
      {loaded && profiles.length === 0 && editing.mode === 'closed' && <Welcome />}
      {profiles.length > 0 && (
        <div className="list-controls">
          <input
            ref={search}
            type="search"
            aria-label="Search tenants"
            placeholder="Search: name, address, environment, label"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <span className="list-count" role="status">
            {filtered ? `${shown.length} of ${profiles.length} tenant${profiles.length === 1 ? '' : 's'}` : ''}
          </span>
        </div>
      )}
      {profiles.length > 0 && shown.length === 0 && (
        <div className="no-match">
          <p>No tenant matches “{query.trim()}”.</p>
          <button type="button" className="button" onClick={clearSearch}>
            Clear search
          </button>
        </div>
      )}
      {shown.length > 0 && (
        <table className="data-table tenants-table" aria-label="Tenants">
          <thead>
            <tr>
              {headers.map((h) => (
                <th key={h.id} scope="col" aria-sort={h.sorted}>
                  <button type="button" className="sort-button" onClick={h.toggle}>
                    {h.label}
                    <span className="sort-indicator" aria-hidden="true">
                      {h.sorted === 'descending' ? '▼' : h.sorted === 'ascending' ? '▲' : '↕'}
                    </span>
                  </button>
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map(({ profile: p, testState, lastTest }) => (
              <TenantRow
                key={p.id}
                profile={p}
                testState={testState}
                lastTest={lastTest}
                now={now}
                columnCount={tenantColumns.length + 1}
                onTest={() => void test([p.id])}
                onEdit={() => {
                  setMessage(null);
                  giveFocusBack.current = rememberFocus();
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

/** Shown while the keychain cannot be read: the tenants are all here, their secrets wait for an unlock. */
function KeychainNotice({ profiles }: { profiles: TenantProfileView[] }) {
  const { checking, recheck } = useKeychainRecheck();
  const unreadable = profiles.find((p) => p.secret.state === 'unreadable')?.secret;
  if (!unreadable || unreadable.state !== 'unreadable') return null;
  return (
    <div className="notice warn" role="status">
      <p>
        {unreadable.message} Your tenants are listed from BYOM Desk's own file; testing them or changing anything on a tenant needs their
        secrets.
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
