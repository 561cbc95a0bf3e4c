// The Inventory's notice of what the scheduled health sweeps found: each alert with its tenant (in
// its environment's colour), credential and what changed. Dismiss marks them seen, in main, so the
// navigation bar's badge goes too, in every window.
import { plural } from '../../../src-shared/plural';
import { sweepAlertKey, type SweepAlert } from '../../../src-shared/sweep-alerts';
import { asAppError } from '../../bridge';
import { focusIsLost, focusScreenTitle } from '../../components/focus';
import { TenantBadge } from '../../components/TenantBadge';
import { useAppStore } from '../../app/app-store';
import { useTenantsStore } from '../tenants/tenants-store';
import { useSweepAlertsStore } from './sweep-alerts-store';
import './sweep-alerts.css';

function whatChanged(alert: SweepAlert): string {
  return alert.kind === 'key_failing' ? 'Key refused by the provider' : `${alert.model ?? 'A model'} is no longer listed`;
}

export function SweepAlertsNotice() {
  const alerts = useSweepAlertsStore((s) => s.alerts);
  const profiles = useTenantsStore((s) => s.profiles);
  // An alert names its tenant as it is now; one removed in another window is not shown.
  const shown = alerts.flatMap((alert) => {
    const profile = profiles.find((p) => p.id === alert.tenantId);
    return profile ? [{ alert, profile }] : [];
  });
  if (shown.length === 0) return null;
  const dismiss = async () => {
    try {
      await useSweepAlertsStore.getState().dismiss();
      if (focusIsLost()) focusScreenTitle();
    } catch (error) {
      useAppStore.getState().showError(asAppError(error));
    }
  };
  return (
    <section className="notice sweep-alerts" aria-labelledby="sweep-alerts-title">
      <div className="sweep-alerts-head">
        <strong id="sweep-alerts-title">Scheduled health sweep: {plural(shown.length, 'alert')}</strong>
        <button type="button" className="button subtle" aria-label="Dismiss the health sweep alerts" onClick={() => void dismiss()}>
          Dismiss
        </button>
      </div>
      <ul className="sweep-alerts-list">
        {shown.map(({ alert, profile }) => (
          <li key={sweepAlertKey(alert)} className="sweep-alert">
            <TenantBadge name={profile.name} environment={profile.environment} />
            <span className="sweep-alert-credential">{alert.credentialName}</span>
            <span className="sweep-alert-what">{whatChanged(alert)}</span>
            <time className="muted" dateTime={alert.at}>
              {new Date(alert.at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
            </time>
          </li>
        ))}
      </ul>
    </section>
  );
}
