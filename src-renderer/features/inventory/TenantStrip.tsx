// Every chosen tenant's state at a glance: loading (pages read), read (when), stale (how old, and
// why), failed (the typed reason, with a retry). A slow or broken tenant is one chip among many.
import type { TenantInventoryState } from '../../../src-shared/inventory';
import type { InventoryTenant } from '../../../src-shared/inventory-rows';
import { TenantBadge } from '../../components/TenantBadge';
import { formatAge } from '../../components/time';
import { plural } from '../../../src-shared/plural';
import { useAppStore } from '../../app/app-store';
import { useSignInStore } from '../tenants/signin-store';

/** A browser sign-in that expired: sign in again on the Tenants screen, where its progress and link show. */
function signInAgain(tenantId: string): void {
  useAppStore.getState().goTo('tenants');
  void useSignInStore.getState().start(tenantId);
}

export function TenantStrip({
  tenants,
  states,
  now,
  onRetry,
  onSettings,
}: {
  tenants: InventoryTenant[];
  states: Record<string, TenantInventoryState>;
  now: number;
  onRetry(tenantId: string): void;
  /** Opens the tenant's defaults and overrides: every tenant has them, a lone one too. */
  onSettings(tenantId: string): void;
}) {
  return (
    <ul className="tenant-strip" aria-label="Tenants in this inventory">
      {tenants.map((t) => {
        const s = states[t.id];
        return (
          <li key={t.id} className={`tenant-chip ${chipClass(s)}`} data-tenant={t.name}>
            <TenantBadge name={t.name} environment={t.environment} />
            <span className="chip-status" role="status" aria-label={`${t.name}: ${statusText(s, now)}`} title={statusText(s, now)}>
              {statusText(s, now)}
            </span>
            {s?.inventory?.agents === null && (
              <span
                className="muted chip-note"
                title="The tenant answered 404 or 405 for its agents: which agents use each config is not known"
              >
                agents not available
              </span>
            )}
            {s?.status === 'error' && s.error?.code === 'sign_in_required' && (
              <button type="button" className="button primary" onClick={() => signInAgain(t.id)} aria-label={`Sign in again to ${t.name}`}>
                Sign in again
              </button>
            )}
            {s?.inventory && (
              <button
                type="button"
                className="button subtle"
                onClick={() => onSettings(t.id)}
                aria-label={`Settings of ${t.name}: its defaults and overrides`}
                title={`Default LLM, default embedding and overrides of ${t.name}`}
              >
                Settings
              </button>
            )}
            {s?.status === 'error' ? (
              <button
                type="button"
                className="button subtle"
                onClick={() => onRetry(t.id)}
                aria-label={`Retry reading ${t.name}`}
                title={s.error?.message}
              >
                Retry
              </button>
            ) : s?.status !== 'loading' ? (
              <button
                type="button"
                className="button subtle chip-refresh"
                onClick={() => onRetry(t.id)}
                aria-label={`Refresh ${t.name}`}
                title={`Refresh ${t.name}`}
              >
                <span aria-hidden="true">↻</span>
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function chipClass(s: TenantInventoryState | undefined): string {
  if (!s) return '';
  if (s.status === 'error') return 'failed';
  if (s.status === 'loading') return 'loading';
  return s.stale ? 'stale' : 'ok';
}

export function statusText(s: TenantInventoryState | undefined, now: number): string {
  if (!s || s.status === 'never') return 'Not read yet';
  const read = s.inventory ? formatAge(s.inventory.readAt, now) : null;
  if (s.status === 'loading') return `Loading… ${plural(s.pagesRead ?? 0, 'page')} read`;
  if (s.status === 'error') return `${read ? `Stale, read ${read}. ` : ''}Failed: ${s.error?.message ?? 'the tenant could not be read.'}`;
  const swept = s.sweep ? `; swept ${formatAge(s.sweep.sweptAt, now)}` : '';
  if (s.stale) return `Stale: read ${read}, not refreshed since${swept}`;
  return `Read ${read}${swept}`;
}
