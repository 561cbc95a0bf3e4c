// The tenant list as a file, as the page asks for it: export every profile (never a secret), preview
// what a file would add and update, and import it as previewed, in one write through TenantProfiles.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import type { SecretState } from '../../src-shared/tenant-profile';
import type { HandlerSlice } from '../ipc/handlers';
import type { TenantClients } from './tenant-clients';
import { planTenantList, readTenantList, tenantListFileOf } from './tenant-list-file';
import type { TenantProfiles } from './tenant-profiles';

export function tenantListHandlers({ profiles, clients }: { profiles: TenantProfiles; clients: TenantClients }) {
  const secretStates = async () => new Map<string, SecretState>((await profiles.list()).map((p) => [p.id, p.secret]));
  return {
    exportTenantList: () => {
      const file = tenantListFileOf(
        profiles.ids().map((id) => profiles.get(id)),
        new Date().toISOString(),
      );
      return { text: `${JSON.stringify(file, null, 2)}\n`, tenants: file.tenants.length };
    },
    previewTenantListImport: async ({ text }) => {
      const entries = readTenantList(text);
      const states = await secretStates();
      // A plan of the profiles as they are now, saved nowhere.
      return planTenantList(
        entries,
        profiles.ids().map((id) => profiles.get(id)),
        states,
        { now: new Date(), newId: randomUUID },
      ).preview;
    },
    importTenantList: async ({ text, basis }) => {
      const entries = readTenantList(text);
      const states = await secretStates();
      const plan = await profiles.saveList((current, stamp) => {
        const planned = planTenantList(entries, current, states, stamp);
        if (basisKey(planned.preview.basis) !== basisKey(basis)) {
          throw new AppError(
            'conflict',
            'The tenants changed since the preview (a tenant was added, edited or removed meanwhile): ' +
              'import the file again to see what it does now. Nothing was imported.',
          );
        }
        return planned;
      });
      // A new address, method or CA (or a sign-in that no longer belongs) replaces the tenant's client.
      for (const [before] of plan.updated) clients.settle(before.id);
      const unchanged = plan.preview.tenants.filter((t) => t.action === 'unchanged').length;
      return { added: plan.added, updated: plan.updated.length, unchanged, profiles: await profiles.list() };
    },
  } satisfies HandlerSlice;
}

const basisKey = (basis: readonly { id: string; revision: number }[]) =>
  JSON.stringify([...basis].sort((a, b) => a.id.localeCompare(b.id)).map((b) => [b.id, b.revision]));
