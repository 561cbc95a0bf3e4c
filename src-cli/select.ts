// How a command names what it works on: a tenant by its name or id (--tenant, repeatable), tenants
// by label (--label, repeatable), a draft by its title or id. Names compare without case.
import { AppError } from '../src-shared/errors';
import type { DraftView } from '../src-shared/drafts';
import type { TenantProfileView } from '../src-shared/tenant-profile';
import { needsTypedName } from '../src-shared/app-settings';
import { hasAnyLabel } from '../src-shared/tenant-labels';
import type { Session } from './session';

export interface TenantChoice {
  tenant?: string[];
  label?: string[];
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The one profile called `nameOrId`, or a `not_found` error that lists what there is. */
export function findTenant(profiles: readonly TenantProfileView[], nameOrId: string): TenantProfileView {
  const found = profiles.filter((p) => p.id === nameOrId || same(p.name, nameOrId));
  if (found.length === 1) return found[0]!;
  if (found.length > 1)
    throw new AppError('validation', `More than one tenant is called “${nameOrId}”: name it by its id (byom-desk tenants list).`);
  const known = profiles.map((p) => p.name).join(', ') || 'none yet: add one with byom-desk tenants add';
  throw new AppError('not_found', `There is no tenant called “${nameOrId}”. Tenants: ${known}.`);
}

/**
 * The tenants chosen: each --tenant, and every tenant with a --label; all of them when neither is
 * given and `allWhenNone`. In the profiles' order, each once.
 */
export function chooseTenants(profiles: readonly TenantProfileView[], choice: TenantChoice, allWhenNone: boolean): TenantProfileView[] {
  const names = choice.tenant ?? [];
  const labels = choice.label ?? [];
  if (names.length === 0 && labels.length === 0) {
    if (allWhenNone) return [...profiles];
    throw new AppError('validation', 'Choose the tenants with --tenant NAME or --label LABEL (each may be given more than once).');
  }
  const chosen = new Set(names.map((n) => findTenant(profiles, n).id));
  for (const label of labels) {
    const withLabel = profiles.filter((p) => hasAnyLabel(p.labels, [label]));
    if (withLabel.length === 0) throw new AppError('not_found', `No tenant has the label “${label}”.`);
    for (const p of withLabel) chosen.add(p.id);
  }
  return profiles.filter((p) => chosen.has(p.id));
}

export async function listProfiles(session: Session): Promise<TenantProfileView[]> {
  return (await session.call('listTenantProfiles')).profiles;
}

export async function chosenTenants(session: Session, choice: TenantChoice, allWhenNone: boolean): Promise<TenantProfileView[]> {
  const chosen = chooseTenants(await listProfiles(session), choice, allWhenNone);
  if (chosen.length === 0) throw new AppError('not_found', 'There are no tenants yet: add one with byom-desk tenants add.');
  return chosen;
}

/** The draft with this id, or the one whose title is this (without case). */
export function findDraft(drafts: readonly DraftView[], titleOrId: string): DraftView {
  const found = drafts.filter((d) => d.id === titleOrId || same(d.title, titleOrId));
  if (found.length === 1) return found[0]!;
  if (found.length > 1)
    throw new AppError('validation', `More than one draft is titled “${titleOrId}”: name it by its id (byom-desk drafts list).`);
  const known = drafts.map((d) => d.title).join(', ') || 'none yet';
  throw new AppError('not_found', `There is no draft called “${titleOrId}”. Drafts: ${known}.`);
}

/** What the confirmations need to know of a tenant. */
export const confirmable = (p: TenantProfileView, typedNameEnvironments?: readonly string[]) => ({
  id: p.id,
  name: p.name,
  production: needsTypedName(p.environment, typedNameEnvironments),
  environment: p.environment.label.trim().toLowerCase(),
});

/** Each tenant's name by id, for lines and records. */
export function namesOf(profiles: readonly TenantProfileView[]): (id: string) => string {
  const names = new Map(profiles.map((p) => [p.id, p.name]));
  return (id) => names.get(id) ?? id;
}
