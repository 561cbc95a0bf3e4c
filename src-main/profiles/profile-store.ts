import { z } from 'zod';
import { authMethods, environmentSchema, profileIdSchema, profileLabelsSchema } from '../../src-shared/tenant-profile';
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
    z.object({ method: z.literal(authMethods[0]), clientId: z.string().min(1) }),
    z.object({ method: z.literal(authMethods[1]) }),
    z.object({ method: z.literal(authMethods[2]), userId: z.string().regex(/^\d+$/) }),
  ]),
  caPem: z.string().nullable(),
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
};

/** The profiles file: `tenant-profiles.json`, schema version 2. */
export function openProfileStore(files: DocumentFiles, log: Logger) {
  return openVersionedDocument<ProfilesDocument>({
    files,
    name: profilesDocumentName,
    version: 2,
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
