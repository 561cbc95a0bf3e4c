import type { CSSProperties } from 'react';
import type { TenantEnvironment } from '../../src-shared/tenant-profile';

/** A tenant's name with its environment colour: used wherever a tenant is named. */
export function TenantBadge({ name, environment }: { name: string; environment: TenantEnvironment }) {
  return (
    <span className="tenant-badge">
      <EnvironmentTag environment={environment} />
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
