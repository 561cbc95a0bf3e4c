// The import's last step: each imported tenant that came without its secret asks for it here (or
// for a browser sign-in), one at a time and in any order; whatever is not given stays for later, and
// the tenant's row says what it still needs. A typed secret leaves the page as soon as it is saved.
import { useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/errors';
import { plural } from '../../../src-shared/plural';
import { secretNeedPhrase } from '../../../src-shared/tenant-list-file';
import type { TenantProfileView } from '../../../src-shared/tenant-profile';
import { showFailure } from '../../app/failures';
import { Field } from '../../components/Field';
import { TenantBadge } from '../../components/TenantBadge';
import { SignInPanel } from './SignInPanel';
import { useSignInStore } from './signin-store';
import { formWithSecret, toProfileInput } from './tenant-form-model';
import { useTenantsStore } from './tenants-store';

/** An imported tenant and what it came without: secret labels ("client secret") and/or "sign-in". */
export interface ImportedNeed {
  tenantId: string;
  needs: string[];
}

/** The list, for the import dialog's text. */
export function ImportedSecrets({ needs }: { needs: ImportedNeed[] }) {
  const profiles = useTenantsStore((s) => s.profiles);
  return (
    <div className="tenant-list-preview" role="region" aria-label="Tenants that need a secret or a sign-in" tabIndex={0}>
      <ul>
        {needs.map((need) => {
          const profile = profiles.find((p) => p.id === need.tenantId);
          return profile ? <NeedEntry key={need.tenantId} profile={profile} needs={need.needs} /> : null;
        })}
      </ul>
    </div>
  );
}

function NeedEntry({ profile, needs }: { profile: TenantProfileView; needs: string[] }) {
  const secretLabel = needs.find((n) => n !== 'sign-in');
  const wantsSignIn = needs.includes('sign-in');
  const [typed, setTyped] = useState('');
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const signIn = useSignInStore((s) => s.byTenant[profile.id]);
  const startSignIn = useSignInStore((s) => s.start);
  // A completed sign-in reloads the tenants: the refresh token is then stored.
  const signedIn = wantsSignIn && profile.secret.state === 'stored';
  const secretDone = !secretLabel || saved;
  const done = secretDone && (!wantsSignIn || signedIn);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await useTenantsStore.getState().update(profile.id, toProfileInput(formWithSecret(profile, typed)));
      setSaved(true);
    } catch (failure) {
      showFailure(failure, setError);
    } finally {
      // Saved or refused, the typed secret leaves the page: a retry types it again.
      setTyped('');
      setSaving(false);
    }
  };

  return (
    <li className="tenant-list-entry imported-need" data-tenant={profile.name}>
      <div className="tenant-list-entry-head">
        <TenantBadge name={profile.name} environment={profile.environment} />
        <code>{profile.baseUrl}</code>
        <span className={done ? 'text-ok' : 'text-warn'}>{done ? 'Ready' : secretNeedPhrase(needs)}</span>
      </div>
      {secretLabel && !saved && (
        <form
          className="imported-secret"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed.trim() !== '') void save();
          }}
        >
          <Field label={`${profile.name}: ${secretLabel}`} error={error?.message}>
            {(p) => (
              <input {...p} type="password" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} disabled={saving} />
            )}
          </Field>
          <button type="submit" className="button" disabled={saving || typed.trim() === ''}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </form>
      )}
      {saved && <p className="muted">The {secretLabel} is in the keychain.</p>}
      {wantsSignIn && !signedIn && secretDone && !signIn && (
        <button type="button" className="button" onClick={() => void startSignIn(profile.id)}>
          Sign in to {profile.name}
        </button>
      )}
      {wantsSignIn && signIn && <SignInPanel tenantId={profile.id} tenantName={profile.name} entry={signIn} />}
      {signedIn && <p className="muted">Signed in.</p>}
    </li>
  );
}

/**
 * The imported tenants that still have no secret (or sign-in) stored. A confidential browser
 * client's secret alone does not make it ready: the sign-in's refresh token is what is then stored.
 */
export function stillNeeding(needs: readonly ImportedNeed[], profiles: readonly TenantProfileView[]): ImportedNeed[] {
  return needs.filter((n) => profiles.find((p) => p.id === n.tenantId)?.secret.state !== 'stored');
}

/** The closing message's end: what still waits, or that nothing does. */
export function stillNeedingPhrase(waiting: number): string {
  if (waiting === 0) return ' Every imported tenant has its secret or sign-in.';
  const one = waiting === 1;
  return ` ${plural(waiting, 'tenant')} still need${one ? 's' : ''} a secret or a sign-in: see ${one ? 'its row' : 'their rows'}.`;
}
