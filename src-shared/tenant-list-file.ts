// The tenant list as a file: every profile's settings (name, address, environment, labels, how it
// signs in, its CA certificates), never a secret or a token. Exported from one BYOM Desk, imported in
// another: each tenant is added, or updates the one with the same address, after a preview. Main
// makes and reads the file (src-main/profiles/tenant-list-file.ts); these are the shapes the page sees.
import { z } from 'zod';
import { profileIdSchema, tenantProfileInputSchema, type TenantEnvironment, type TenantProfileView } from './tenant-profile';

/** What the file says it is: `kind` and `version`, like a draft's `format`. */
export const tenantListKind = 'byom-desk-tenant-list';
export const tenantListVersion = 1;

/**
 * One tenant of the file: the profile form's own rules (the address normalised as the form does it,
 * a CA reduced to its certificates), without the edit's revision. Whatever a secret field holds is
 * refused in main, by the rule the profile file keeps (`storedAuth`), never stored.
 */
export const tenantListEntrySchema = tenantProfileInputSchema.omit({ revision: true });
export type TenantListEntry = z.output<typeof tenantListEntrySchema>;

export const tenantListFileSchema = z.strictObject({
  kind: z.literal(tenantListKind, `not a BYOM Desk tenant list (its "kind" must be "${tenantListKind}")`),
  version: z.number().int().min(1),
  exportedAt: z.iso.datetime(),
  tenants: z.array(tenantListEntrySchema).min(1, 'the list holds no tenant').max(5000, 'the list holds more than 5000 tenants'),
});
export type TenantListFile = z.input<typeof tenantListFileSchema>;

const tenantListText = z.string().max(4 * 1024 * 1024, 'the file is larger than 4 MB: it is not a tenant list');

export const previewTenantListImportInputSchema = z.strictObject({
  /** The file's text, as the page read it. */
  text: tenantListText,
});

/** A tenant the preview matched, at the revision it saw: an import is refused if any has changed since. */
const matchedTenantSchema = z.strictObject({ id: profileIdSchema, revision: z.number().int().min(1) });

export const importTenantListInputSchema = z.strictObject({
  text: tenantListText,
  /** The preview's `basis`: exactly the tenants it would update, each at the revision it showed. */
  basis: z.array(matchedTenantSchema).max(5000),
});

/** The file made from the tenants: its text as it is to be saved, and how many tenants it holds. */
export interface TenantListExport {
  text: string;
  tenants: number;
}

/** One difference an update makes, in words: `Name`, `Environment`, `Client ID`, `CA certificate`… */
export interface TenantListChange {
  field: string;
  from: string;
  to: string;
}

/**
 * After the import: `kept`, the stored secret (or sign-in) stays; `needed`, what the person gives
 * on the Tenants screen (`needs`: secret labels such as "client secret", or "sign-in").
 */
export type TenantListSecret = { state: 'kept' } | { state: 'needed'; needs: string[] };

export interface TenantListPreviewEntry {
  action: 'add' | 'update' | 'unchanged';
  name: string;
  baseUrl: string;
  environment: TenantEnvironment;
  /** The tenant an update changes, as it is named now. */
  current: { id: string; name: string } | null;
  changes: TenantListChange[];
  secret: TenantListSecret;
}

export interface TenantListPreview {
  tenants: TenantListPreviewEntry[];
  /** To send back with `importTenantList`. */
  basis: z.input<typeof matchedTenantSchema>[];
}

export interface TenantListImported {
  added: number;
  updated: number;
  unchanged: number;
  /** Every profile after the import. */
  profiles: TenantProfileView[];
}

/** "needs its client secret", "needs a sign-in", "needs its client secret and a sign-in". */
export function secretNeedPhrase(needs: readonly string[]): string {
  const words = needs.map((n) => (n === 'sign-in' ? 'a sign-in' : `its ${n}`));
  return `needs ${words.join(' and ')}`;
}
