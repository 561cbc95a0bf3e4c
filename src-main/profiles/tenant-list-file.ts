// The tenant list file (src-shared/tenant-list-file.ts): made from the profile file, which holds no
// secret (`storedAuth` is the one rule of what it keeps), and read back into adds and updates. A
// tenant of the file updates the profile with the same address (normalised as the form does it); a
// file that names an address twice, or would give two tenants one name, is refused whole. Imported
// tenants bring no secret: an update keeps the stored one as an edit does, a new one needs its own.
import type { z } from 'zod';
import { AppError } from '../../src-shared/errors';
import { tryParseJson } from '../../src-shared/json';
import {
  tenantListFileSchema,
  tenantListKind,
  tenantListVersion,
  type TenantListChange,
  type TenantListEntry,
  type TenantListFile,
  type TenantListPreview,
  type TenantListPreviewEntry,
  type TenantListSecret,
} from '../../src-shared/tenant-list-file';
import { authMethodLabels, secretLabels, secretNameByMethod, type SecretName, type SecretState } from '../../src-shared/tenant-profile';
import { normalizeTenantUrl } from '../../src-shared/tenant-url';
import { fieldIssues } from '../../src-shared/validation';
import { summarizeCaPem } from './ca-certificate';
import { checkedCa, keepsSignIn, storedAuth } from './profile-auth';
import type { StoredProfile } from './profile-store';

type StoredAuth = StoredProfile['auth'];

const nothingImported = 'Nothing was imported.';

/** Every profile as the file: what the profile file keeps of each, less its id, times and revision. */
export function tenantListFileOf(profiles: readonly StoredProfile[], exportedAt: string): TenantListFile {
  return {
    kind: tenantListKind,
    version: tenantListVersion,
    exportedAt,
    tenants: profiles.map((p) => ({
      name: p.name,
      baseUrl: p.baseUrl,
      environment: p.environment,
      labels: p.labels,
      auth: fileAuthOf(p.auth),
      caPem: p.caPem,
    })),
  };
}

/** The profile file's authentication has no secret already; a pasted token's expiry stays with the token. */
function fileAuthOf(auth: StoredAuth): TenantListFile['tenants'][number]['auth'] {
  return auth.method === 'bearer' ? { method: 'bearer' } : auth;
}

/** The address a tenant is matched by: scheme, host and port, as the form saves it. */
const addressOf = (baseUrl: string) => {
  const normal = normalizeTenantUrl(baseUrl);
  return normal.ok ? normal.baseUrl : baseUrl;
};

/** The file's tenants, checked whole: JSON, its kind and version, each tenant, no secret, each address once. */
export function readTenantList(text: string): TenantListEntry[] {
  const json = tryParseJson(text);
  if (!json.ok) throw refused('This file is not JSON: choose a tenant list exported from BYOM Desk (.json).');
  const raw = json.value as { kind?: unknown; format?: unknown; version?: unknown } | null;
  if (raw?.format === 'byom-desk-draft') throw refused('This is a draft file, not a tenant list: import it on the Drafts screen.');
  if (raw?.format === 'byom-desk-tenants') {
    throw refused('This is a tenants file of the command line (byom-desk tenants export): import it with byom-desk tenants import.');
  }
  if (raw?.kind === tenantListKind && typeof raw.version === 'number' && raw.version > tenantListVersion) {
    throw refused(
      `This tenant list was exported by a newer BYOM Desk (file version ${raw.version}; ` +
        `this one reads up to ${tenantListVersion}). Update BYOM Desk to import it.`,
    );
  }
  const parsed = tenantListFileSchema.safeParse(json.value);
  if (!parsed.success) throw damaged(parsed.error, json.value);
  const entries = parsed.data.tenants;
  entries.forEach(refuseSecrets);
  const seen = new Map<string, TenantListEntry>();
  for (const entry of entries) {
    const first = seen.get(entry.baseUrl);
    if (first) {
      throw refused(
        `The file holds ${entry.baseUrl} twice (“${first.name}” and “${entry.name}”): ` +
          'each tenant once, as an address has one tenant. Remove one and import the file again.',
      );
    }
    seen.set(entry.baseUrl, entry);
  }
  return entries;
}

const refused = (message: string, fields?: ReturnType<typeof fieldIssues>) =>
  new AppError('validation', `${message} ${nothingImported}`, fields ? { fields } : undefined);

/** A schema failure, naming the tenant (its place and name in the file) and the field. */
function damaged(error: z.ZodError, raw: unknown): AppError {
  const issue = error.issues[0]!;
  const [top, index, ...rest] = issue.path;
  let where = issue.path.map(String).join('.');
  if (top === 'tenants' && typeof index === 'number') {
    const name = (raw as { tenants: { name?: unknown }[] }).tenants[index]?.name;
    where = `tenant ${index + 1}${typeof name === 'string' ? ` (“${name}”)` : ''}${rest.length ? `, ${rest.map(String).join('.')}` : ''}`;
  }
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return refused(`The tenant list cannot be imported: ${where ? `${where}: ` : ''}${issue.message}${more}.`, fieldIssues(error));
}

/**
 * A hand-edited file may carry a secret: refused, never stored. Which fields are secret is the
 * profile file's own rule: what `storedAuth` does not keep.
 */
function refuseSecrets(entry: TenantListEntry): void {
  const kept = storedAuth(entry.auth);
  const secret = Object.keys(entry.auth).find((key) => !(key in kept) && entry.auth[key as keyof typeof entry.auth] !== undefined);
  if (secret === undefined) return;
  const label = secretLabels[secret as SecretName] ?? secret;
  throw refused(
    `“${entry.name}” carries a ${label} (auth.${secret}): a tenant list holds no secret, and none is imported. ` +
      'Remove it from the file, and enter it on the Tenants screen after the import.',
  );
}

/** The time of an import, and where a new profile's id comes from. */
export interface ListStamp {
  now: Date;
  newId: () => string;
}

export interface ListPlan {
  preview: TenantListPreview;
  /** Every profile after the import, in their order, the new ones last. */
  profiles: StoredProfile[];
  /** Each profile the import changes, before and after. */
  updated: [before: StoredProfile, after: StoredProfile][];
  added: number;
}

/**
 * What importing the entries does to the profiles as they are now: each added, updated or left as
 * it is. `secrets`: each profile's secret state (a view's), for what the preview says of it.
 */
export function planTenantList(
  entries: readonly TenantListEntry[],
  current: readonly StoredProfile[],
  secrets: ReadonlyMap<string, SecretState>,
  stamp: ListStamp,
): ListPlan {
  const byAddress = new Map(current.map((p) => [addressOf(p.baseUrl), p]));
  const at = stamp.now.toISOString();
  const next = new Map(current.map((p) => [p.id, p]));
  const added: StoredProfile[] = [];
  const updated: [StoredProfile, StoredProfile][] = [];
  const tenants: TenantListPreviewEntry[] = [];
  for (const entry of entries) {
    const caPem = entry.caPem === undefined ? undefined : caOf(entry);
    const before = byAddress.get(entry.baseUrl);
    const summary = { name: entry.name, baseUrl: entry.baseUrl, environment: entry.environment };
    if (!before) {
      const profile: StoredProfile = {
        id: stamp.newId(),
        ...summary,
        labels: entry.labels ?? [],
        auth: storedAuth(entry.auth),
        caPem: caPem ?? null,
        revision: 1,
        createdAt: at,
        updatedAt: at,
      };
      added.push(profile);
      tenants.push({ action: 'add', ...summary, current: null, changes: [], secret: { state: 'needed', needs: needsOf(profile.auth) } });
      continue;
    }
    const after: StoredProfile = {
      ...before,
      name: entry.name,
      environment: entry.environment,
      labels: entry.labels ?? before.labels,
      auth: storedAuth(entry.auth, before.auth),
      caPem: caPem === undefined ? before.caPem : caPem,
    };
    const changes = changesOf(before, after);
    const current = { id: before.id, name: before.name };
    const secret = secretAfter(before, after, secrets.get(before.id));
    if (changes.length === 0) {
      tenants.push({ action: 'unchanged', ...summary, current, changes, secret });
      continue;
    }
    const saved = { ...after, revision: before.revision + 1, updatedAt: at };
    next.set(before.id, saved);
    updated.push([before, saved]);
    tenants.push({ action: 'update', ...summary, current, changes, secret });
  }
  const profiles = [...next.values(), ...added];
  assertUniqueNames(profiles, new Set(added.map((p) => p.id).concat(updated.map(([p]) => p.id))));
  const basis = tenants.flatMap((t) => (t.current ? [{ id: t.current.id, revision: byAddress.get(t.baseUrl)!.revision }] : []));
  return { preview: { tenants, basis }, profiles, updated, added: added.length };
}

/** The file's CA, checked as the form's is (it must parse), or refused with the tenant's name. */
function caOf(entry: TenantListEntry): string | null {
  try {
    return checkedCa(entry.caPem ?? null);
  } catch (error) {
    if (error instanceof AppError) throw refused(`“${entry.name}”: ${error.message}`);
    throw error;
  }
}

/** Two tenants with one name would be confused on every screen: the file is refused, naming both. */
function assertUniqueNames(profiles: readonly StoredProfile[], fromFile: ReadonlySet<string>): void {
  const byName = new Map<string, StoredProfile>();
  for (const p of profiles) {
    const other = byName.get(p.name.toLowerCase());
    if (other) {
      const where = (x: StoredProfile) => `${x.baseUrl}${fromFile.has(x.id) ? ' in the file' : ', already here'}`;
      throw refused(
        `“${p.name}” would name two tenants: ${where(other)} and ${where(p)}. ` +
          'Tenant names are unique: rename one in the file (or on the Tenants screen) and import it again.',
      );
    }
    byName.set(p.name.toLowerCase(), p);
  }
}

/** What a new profile of this method needs before it connects: its secret, or a sign-in. */
function needsOf(auth: StoredAuth): string[] {
  if (auth.method !== 'browser') return [secretLabels[secretNameByMethod[auth.method]]];
  return auth.confidential ? ['client secret', 'sign-in'] : ['sign-in'];
}

/** An update keeps the stored secret when the method stays, and a sign-in when it still belongs (`keepsSignIn`). */
function secretAfter(before: StoredProfile, after: StoredProfile, state: SecretState | undefined): TenantListSecret {
  if (before.auth.method !== after.auth.method) return { state: 'needed', needs: needsOf(after.auth) };
  const missing = state?.state === 'missing';
  if (after.auth.method !== 'browser') return missing ? { state: 'needed', needs: needsOf(after.auth) } : { state: 'kept' };
  const needs: string[] = [];
  if (after.auth.confidential && !(before.auth.method === 'browser' && before.auth.confidential)) needs.push('client secret');
  if (missing || !keepsSignIn(before, after)) needs.push('sign-in');
  return needs.length > 0 ? { state: 'needed', needs } : { state: 'kept' };
}

/** The differences of an update, field by field, in words. */
function changesOf(before: StoredProfile, after: StoredProfile): TenantListChange[] {
  const fields = (p: StoredProfile): [string, string][] => [
    ['Name', p.name],
    ['Environment', `${p.environment.label} (${p.environment.color})`],
    ['Labels', p.labels.length > 0 ? p.labels.join(', ') : 'none'],
    ...authFields(p.auth),
    ['CA certificate', p.caPem ? caText(p.caPem) : 'none'],
  ];
  const from = new Map(fields(before));
  const to = new Map(fields(after));
  const names = [...new Set([...from.keys(), ...to.keys()])];
  return names.flatMap((field) => {
    const [a, b] = [from.get(field) ?? '—', to.get(field) ?? '—'];
    return a === b ? [] : [{ field, from: a, to: b }];
  });
}

function authFields(auth: StoredAuth): [string, string][] {
  const fields: [string, string][] = [['Authentication', authMethodLabels[auth.method]]];
  if (auth.method === 'browser' || auth.method === 'oauth') fields.push(['Client ID', auth.clientId]);
  if (auth.method === 'browser')
    fields.push(['Redirect port', String(auth.redirectPort)], ['Confidential client', auth.confidential ? 'yes' : 'no']);
  if (auth.method === 'refreshToken') fields.push(['User ID', auth.userId]);
  return fields;
}

/** A CA by its first certificate's subject and fingerprint: two CAs of one name still differ. */
function caText(pem: string): string {
  const { subject, fingerprint256 } = summarizeCaPem(pem);
  return `${subject} (SHA-256 ${fingerprint256.slice(0, 11)}…)`;
}
