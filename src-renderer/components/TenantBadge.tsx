import type { CSSProperties } from 'react';
import type { TenantEnvironment } from '../../src-shared/tenant-profile';

/**
 * A tenant's name with its environment colour: used wherever a tenant is named. `compact` (dense
 * tables) shows the colour as a swatch; the environment's name stays in the text for screen readers.
 */
export function TenantBadge({ name, environment, compact = false }: { name: string; environment: TenantEnvironment; compact?: boolean }) {
  return (
    <span className={`tenant-badge ${compact ? 'compact' : ''}`} title={compact ? `${name} (${environment.label})` : undefined}>
      {compact ? (
        <span className="env-swatch" style={{ '--env-color': environment.color } as CSSProperties}>
          <span className="visually-hidden">{environment.label}</span>
        </span>
      ) : (
        <EnvironmentTag environment={environment} />
      )}
      <span className="tenant-name">{name}</span>
    </span>
  );
}

export function EnvironmentTag({ environment }: { environment: TenantEnvironment }) {
  return (
    <span className="env-tag" style={{ '--env-color': environment.color } as CSSProperties}>
      {environment.label}
    </span>
  );
}
