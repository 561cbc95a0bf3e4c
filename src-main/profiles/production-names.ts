// The one rule for changing a production tenant (any tenant whose environment the settings name,
// "production" by default): its name, typed by the user, comes with the request. Checked in main,
// whatever the page showed, before anything is sent to a tenant.
import { AppError } from '../../src-shared/errors';
import type { TenantProfiles } from './tenant-profiles';

/**
 * Throws a validation error naming the first production tenant whose name was not typed.
 * `toConfirm` finishes the sentence "type its name to confirm …" (e.g. "the deletion").
 */
export function requireProductionNames(
  profiles: Pick<TenantProfiles, 'get' | 'needsTypedName'>,
  tenantIds: readonly string[],
  confirmations: Readonly<Record<string, string>>,
  toConfirm: string,
): void {
  for (const id of tenantIds) {
    const profile = profiles.get(id);
    if (profiles.needsTypedName(id) && confirmations[id]?.trim() !== profile.name) {
      throw new AppError(
        'validation',
        `“${profile.name}” is a ${profile.environment.label.trim().toLowerCase()} tenant: type its name to confirm ${toConfirm}.`,
        {
          fields: [{ path: `confirmations.${id}`, message: `type ${profile.name}` }],
        },
      );
    }
  }
}
