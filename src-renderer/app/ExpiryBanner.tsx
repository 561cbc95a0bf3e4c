// The reminder on start, above every screen: the keys that expire within the lead time or have
// expired, each with the rotation for it one click away. Dismissed for this page's life; a key
// that becomes due later (or expires after being dismissed as due soon) reminds again. The lead
// time is set in the inventory, beside the "Expiring" filter it also decides.
import { useEffect } from 'react';
import { expiryPhrase, type DueExpiry } from '../../src-shared/expiry';
import { TenantBadge } from '../components/TenantBadge';
import { shownReminders, useExpiryStore } from '../state/expiry-store';
import { useRotationStore } from '../state/rotation-store';
import { useTenantsStore } from '../state/tenants-store';
import '../expiry/expiry.css';
import { plural } from '../../src-shared/plural';

export function bannerTitle(due: readonly DueExpiry[], leadHours: number): string {
  const expired = due.filter((d) => d.state === 'expired').length;
  const soon = due.length - expired;
  const keys = (n: number) => plural(n, 'key');
  const soonText = `${soon === 1 ? 'expires' : 'expire'} within ${leadHours} h`;
  if (expired === 0) return `${keys(soon)} ${soonText}`;
  const expiredText = `${keys(expired)} ${expired === 1 ? 'has' : 'have'} expired`;
  return soon === 0 ? expiredText : `${expiredText}, ${soon} ${soonText}`;
}

export function ExpiryBanner() {
  const state = useExpiryStore();
  const { profiles, loaded, load } = useTenantsStore();
  useEffect(() => {
    void useExpiryStore.getState().attach();
  }, []);
  useEffect(() => {
    if (!loaded) void load();
  }, [loaded, load]);

  // A reminder names its tenant: one removed in another window is not reminded of.
  const due = shownReminders(state).filter((d) => profiles.some((p) => p.id === d.expiry.tenantId));
  if (due.length === 0) return null;
  return (
    <section className="expiry-banner" aria-label="Expiry reminders">
      <div className="expiry-banner-head">
        <strong>{bannerTitle(due, state.leadHours)}</strong>
        <button type="button" className="button subtle" aria-label="Dismiss the expiry reminders" onClick={() => state.dismiss(due)}>
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
      </ul>
    </section>
  );
}
