import { z } from 'zod';
import { environmentSchema, profileIdSchema } from '../../src-shared/tenant-profile';
import type { Logger } from '../log/logger';
import type { DocumentFiles } from '../storage/document-file';
import { openVersionedDocument, type StoreNotice } from '../storage/versioned-document';

/** A profile as written to disk: metadata only. Secrets are in the keychain, by profile id. */
export const storedProfileSchema = z.object({
  id: profileIdSchema,
  name: z.string().min(1).max(80),
  baseUrl: z.url({ protocol: /^https?$/ }),
  environment: environmentSchema,
  auth: z.discriminatedUnion('method', [
    z.object({ method: z.literal('oauth'), clientId: z.string().min(1) }),
    z.object({ method: z.literal('apiToken') }),
    z.object({ method: z.literal('refreshToken'), userId: z.string().regex(/^\d+$/) }),
  ]),
  caPem: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type StoredProfile = z.infer<typeof storedProfileSchema>;

const profilesDocumentSchema = z.object({ profiles: z.array(storedProfileSchema) });
type ProfilesDocument = z.infer<typeof profilesDocumentSchema>;

export const profilesDocumentName = 'tenant-profiles';

/** The profiles file: `tenant-profiles.json`, schema version 1. */
export function openProfileStore(files: DocumentFiles, log: Logger) {
  return openVersionedDocument<ProfilesDocument>({
    files,
    name: profilesDocumentName,
    version: 1,
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
