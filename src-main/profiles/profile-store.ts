import { z } from 'zod';
import { AppError } from '../../src-shared/errors';
import { environmentSchema, onlyCertificateBlocks, profileIdSchema, profileLabelsSchema } from '../../src-shared/tenant-profile';
import type { Logger } from '../log/logger';
import type { DocumentFiles } from '../storage/document-file';
import { openVersionedDocument, type Migrations, type StoreNotice } from '../storage/versioned-document';

/** A profile as written to disk: metadata only. Secrets are in the keychain, by profile id. */
export const storedProfileSchema = z.object({
  id: profileIdSchema,
  name: z.string().min(1).max(80),
  baseUrl: z.url({ protocol: /^https?$/ }),
  environment: environmentSchema,
  labels: profileLabelsSchema,
  auth: z.discriminatedUnion('method', [
    z.object({
      method: z.literal('browser'),
      clientId: z.string().min(1),
      redirectPort: z.number().int().min(1024).max(65535),
      confidential: z.boolean(),
    }),
    z.object({ method: z.literal('oauth'), clientId: z.string().min(1) }),
    // The pasted token's `exp` (a JWT's), kept beside it so listing needs no keychain read.
    z.object({ method: z.literal('bearer'), expiresAt: z.iso.datetime().nullable() }),
    z.object({ method: z.literal('apiToken') }),
    z.object({ method: z.literal('refreshToken'), userId: z.string().regex(/^\d+$/) }),
  ]),
  caPem: z.string().nullable(),
  /** Bumped by every saved edit: an edit opened on an older one is refused (another window saved first). */
  revision: z.number().int().min(1).default(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type StoredProfile = z.infer<typeof storedProfileSchema>;

const profilesDocumentSchema = z.object({ profiles: z.array(storedProfileSchema) });
type ProfilesDocument = z.infer<typeof profilesDocumentSchema>;

export const profilesDocumentName = 'tenant-profiles';

/** Format history of `tenant-profiles.json`. */
export const profileMigrations: Migrations = {
  // 1 -> 2: profiles gain labels (for grouping many tenants), empty at first.
  1: (data) => {
    const doc = data as { profiles?: unknown };
    if (!Array.isArray(doc?.profiles)) return data;
    return { ...doc, profiles: doc.profiles.map((p) => (typeof p === 'object' && p !== null ? { labels: [], ...p } : p)) };
  },
  // 2 -> 3: two new sign-in methods (browser, bearer); nothing to change in the data. The version
  // moves so an older BYOM Desk leaves the file alone instead of dropping the profiles it cannot read.
  2: (data) => data,
};

/** The profiles file: `tenant-profiles.json`, schema version 3. */
export function openProfileStore(files: DocumentFiles, log: Logger) {
  return openVersionedDocument<ProfilesDocument>({
    files,
    name: profilesDocumentName,
    version: 3,
    migrations: profileMigrations,
    schema: profilesDocumentSchema,
    empty: () => ({ profiles: [] }),
    salvage: (raw) => {
      const list = (raw as { profiles?: unknown } | null)?.profiles;
      if (!Array.isArray(list)) return null;
      const kept = list.flatMap((p) => {
        const parsed = storedProfileSchema.safeParse(p);
        return parsed.success ? [parsed.data] : [];
      });
      return { value: { profiles: kept }, dropped: list.length - kept.length };
    },
    log,
  });
}

export type { StoreNotice };

/**
 * The profiles with each custom CA reduced to its certificate blocks: a private key (or anything
 * else) an older version stored beside them is dropped. `cleaned`: the ids of the profiles changed.
 */
export function withOnlyCertificates(profiles: StoredProfile[]): { profiles: StoredProfile[]; cleaned: string[] } {
  const cleaned: string[] = [];
  const kept = profiles.map((p) => {
    if (p.caPem === null || p.caPem === onlyCertificateBlocks(p.caPem)) return p;
    cleaned.push(p.id);
    return { ...p, caPem: onlyCertificateBlocks(p.caPem) };
  });
  return { profiles: kept, cleaned };
}

/** Names are unique without case: two tenants called "Acme" would be confused on every screen. */
export function assertUniqueName(profiles: readonly StoredProfile[], name: string, exceptId?: string): void {
  const clash = profiles.find((p) => p.id !== exceptId && p.name.toLowerCase() === name.toLowerCase());
  if (clash) {
    throw new AppError('validation', `A tenant named “${clash.name}” already exists. Choose another name.`, {
      fields: [{ path: 'name', message: 'already used by another tenant' }],
    });
  }
}

export function profileGone(): AppError {
  return new AppError('not_found', 'That tenant profile no longer exists. It may have been removed in another window.');
}

/** An edit opened on an older revision: another window saved first. */
export function changedElsewhere(name: string): AppError {
  return new AppError(
    'conflict',
    `“${name}” was changed in another window since you opened it. Reopen it to see the changes; your edits are still in the form.`,
  );
}
