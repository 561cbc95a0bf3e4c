import { useShallow } from 'zustand/react/shallow';
// The reminder on start, above every screen: the keys that expire within the lead time or have
// expired, each with the rotation for it one click away. Dismissed for this page's life; a key
// that becomes due later (or expires after being dismissed as due soon) reminds again. The lead
// time is set in the inventory, beside the "Expiring" filter it also decides. A pasted Bearer token
// that expires (its JWT `exp`, worked out in main) is reminded of the same way: it cannot be renewed,
// so its button opens the tenant to paste a new one.
import { useEffect, useState } from 'react';
import { expiryPhrase, expiryState, type DueExpiry, type ExpiryState } from '../../src-shared/expiry';
import type { TenantProfileView } from '../../src-shared/tenant-profile';
import { TenantBadge } from '../components/TenantBadge';
import { shownReminders, useExpiryStore } from '../features/expiry/expiry-store';
import { useRotationStore } from '../features/rotation/rotation-store';
import { useTenantsStore } from '../features/tenants/tenants-store';
import { useTenantEditRequest } from '../features/tenants/edit-request';
import '../features/expiry/expiry.css';
import { plural } from '../../src-shared/plural';
import { showFailureOf } from './failures';

export function bannerTitle(due: readonly DueExpiry[], leadHours: number): string {
  const expired = due.filter((d) => d.state === 'expired').length;
  const soon = due.length - expired;
  const keys = (n: number) => plural(n, 'key');
  const soonText = `${soon === 1 ? 'expires' : 'expire'} within ${leadHours} h`;
  if (expired === 0) return `${keys(soon)} ${soonText}`;
  const expiredText = `${keys(expired)} ${expired === 1 ? 'has' : 'have'} expired`;
  return soon === 0 ? expiredText : `${expiredText}, ${soon} ${soonText}`;
}

interface DueToken {
  profile: TenantProfileView;
  expiresAt: string;
  state: ExpiryState;
}

/** The pasted Bearer tokens due now (within the lead time, or expired), soonest first. */
export function dueBearerTokens(profiles: readonly TenantProfileView[], now: number, leadHours: number): DueToken[] {
  const due: DueToken[] = [];
  for (const profile of profiles) {
    const expiresAt = profile.auth?.method === 'bearer' ? profile.auth.expiresAt : null;
    const state = expiresAt ? expiryState(expiresAt, now, leadHours) : null;
    if (expiresAt && state) due.push({ profile, expiresAt, state });
  }
  return due.sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
}

const tokenKey = (t: DueToken) => `${t.profile.id}@${t.expiresAt}:${t.state}`;

function tokensTitle(tokens: readonly DueToken[], leadHours: number): string {
  const expired = tokens.filter((t) => t.state === 'expired').length;
  const soon = tokens.length - expired;
  const parts = [
    ...(expired ? [`${plural(expired, 'Bearer token')} ${expired === 1 ? 'has' : 'have'} expired`] : []),
    ...(soon ? [`${plural(soon, 'Bearer token')} ${soon === 1 ? 'expires' : 'expire'} within ${leadHours} h`] : []),
  ];
  return parts.join(', ');
}

export function ExpiryBanner() {
  const state = useExpiryStore();
  const { profiles, loaded, load } = useTenantsStore(useShallow((s) => ({ profiles: s.profiles, loaded: s.loaded, load: s.load })));
  const [dismissedTokens, setDismissedTokens] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    void useExpiryStore.getState().attach();
  }, []);
  useEffect(() => {
    if (!loaded) showFailureOf(load());
  }, [loaded, load]);

  // A reminder names its tenant: one removed in another window is not reminded of.
  const due = shownReminders(state).filter((d) => profiles.some((p) => p.id === d.expiry.tenantId));
  const tokens = dueBearerTokens(profiles, state.now, state.leadHours).filter((t) => !dismissedTokens.has(tokenKey(t)));
  if (due.length === 0 && tokens.length === 0) return null;
  const title = [
    ...(due.length ? [bannerTitle(due, state.leadHours)] : []),
    ...(tokens.length ? [tokensTitle(tokens, state.leadHours)] : []),
  ].join('; ');
  const dismiss = () => {
    state.dismiss(due);
    setDismissedTokens((d) => new Set([...d, ...tokens.map(tokenKey)]));
  };
  return (
    <section className="expiry-banner" aria-label="Expiry reminders">
      <div className="expiry-banner-head">
        <strong>{title}</strong>
        <button type="button" className="button subtle" aria-label="Dismiss the expiry reminders" onClick={dismiss}>
          Dismiss
        </button>
      </div>
      <ul className="expiry-list">
        {due.map((d) => {
          const profile = profiles.find((p) => p.id === d.expiry.tenantId)!;
          const name = d.expiry.credentialName || 'A credential';
          return (
            <li key={`${d.expiry.tenantId}:${d.expiry.credentialId}`} className={`expiry-item ${d.state}`}>
              <TenantBadge name={profile.name} environment={profile.environment} />
              <span className="expiry-credential">{name}</span>
              <span className={d.state === 'expired' ? 'text-danger' : 'text-warn'}>{expiryPhrase(d.expiry.expiresAt, state.now)}</span>
              <button
                type="button"
                className="button"
                aria-label={`Rotate ${name} on ${profile.name}`}
                onClick={() => useRotationStore.getState().open({ tenantId: d.expiry.tenantId, credentialId: d.expiry.credentialId })}
              >
                Rotate…
              </button>
            </li>
          );
        })}
        {tokens.map((t) => (
          <li key={tokenKey(t)} className={`expiry-item ${t.state}`}>
            <TenantBadge name={t.profile.name} environment={t.profile.environment} />
            <span className="expiry-credential">Bearer token</span>
            <span className={t.state === 'expired' ? 'text-danger' : 'text-warn'}>{expiryPhrase(t.expiresAt, state.now)}</span>
            <button
              type="button"
              className="button"
              aria-label={`Paste a new Bearer token for ${t.profile.name}`}
              onClick={() => useTenantEditRequest.getState().request(t.profile.id)}
            >
              Paste a new token…
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
