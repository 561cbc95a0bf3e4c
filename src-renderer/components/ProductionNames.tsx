// The explicit confirmation a change to a production tenant needs: its name, typed. One rule
// (`needsTypedName`, over the environments Settings names: production by default), one control, for
// apply, resume, roll back, rotation and deletion alike. Main checks the same rule again.
import { needsTypedName } from '../../src-shared/app-settings';
import type { TenantEnvironment } from '../../src-shared/tenant-profile';
import { useSettingsStore } from '../features/settings/settings-store';

/**
 * The environments whose tenants need a typed name, as Settings says: a subscription, so a screen
 * shows the name fields as soon as the settings arrive or change (main checks the same rule).
 */
export function useTypedNameEnvironments(): readonly string[] | undefined {
  return useSettingsStore((s) => s.settings?.typedNameEnvironments);
}

interface Named {
  id: string;
  name: string;
  environment: TenantEnvironment;
}

/** The production tenants among these, and whether each one's name is typed. */
export function productionNames(
  tenants: readonly (Named | undefined)[],
  typed: Readonly<Record<string, string>>,
  typedNameEnvironments: readonly string[] | undefined,
) {
  const production = tenants.filter((t): t is Named => t !== undefined && needsTypedName(t.environment, typedNameEnvironments));
  return {
    production,
    ready: production.every((t) => typed[t.id]?.trim() === t.name),
    confirmations: Object.fromEntries(production.map((t) => [t.id, typed[t.id] ?? ''])),
  };
}

/** "Acme is a production tenant. Type its name to <what>:" and the field, for each production tenant. */
export function ProductionNames({
  tenants,
  typed,
  onType,
  what,
}: {
  tenants: readonly Named[];
  typed: Readonly<Record<string, string>>;
  onType(tenantId: string, text: string): void;
  what: string;
}) {
  return (
    <>
      {tenants.map((t) => (
        <label key={t.id} className="confirm-name">
          {t.name} is a {t.environment.label.trim().toLowerCase()} tenant. Type its name to {what}:
          <input
            value={typed[t.id] ?? ''}
            onChange={(e) => onType(t.id, e.target.value)}
            aria-label={`Type ${t.name} to confirm`}
            spellCheck={false}
          />
        </label>
      ))}
    </>
  );
}
