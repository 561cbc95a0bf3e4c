// Each tenant's last inventory and last health sweep, on disk with their times, so the view has
// something true to show when a tenant is unreachable or the app starts with no network. One file
// per tenant: a refresh of one tenant rewrites only its own.
import { z } from 'zod';
import { tenantInventorySchema, tenantSweepSchema, type TenantInventory, type TenantSweep } from '../../src-shared/inventory';
import type { Logger } from '../log/logger';
import type { DocumentFiles } from '../storage/document-file';
import { openVersionedDocument, type Migrations, type StoreNotice } from '../storage/versioned-document';

const cachedTenantSchema = z.object({
  inventory: tenantInventorySchema.optional(),
  sweep: tenantSweepSchema.optional(),
});
export type CachedTenant = z.infer<typeof cachedTenantSchema>;

/** Format history of `inventory-<tenant>.json`: none yet. */
const inventoryMigrations: Migrations = {};

const documentName = (tenantId: string) => `inventory-${tenantId}`;

export class InventoryCache {
  readonly notices: StoreNotice[] = [];
  /** Each tenant's document, opened and read once: a save then needs no second read of the file. */
  private readonly documents = new Map<string, ReturnType<typeof openVersionedDocument<CachedTenant>>>();
  /** Tenants whose profile was removed. */
  private readonly removed = new Set<string>();

  constructor(private readonly deps: { files: DocumentFiles; log: Logger }) {}

  private open(tenantId: string) {
    return openVersionedDocument<CachedTenant>({
      files: this.deps.files,
      name: documentName(tenantId),
      version: 1,
      migrations: inventoryMigrations,
      schema: cachedTenantSchema,
      empty: () => ({}),
      log: this.deps.log,
    });
  }

  load(tenantId: string): CachedTenant {
    const doc = this.open(tenantId);
    const { value, notices } = doc.load();
    this.documents.set(tenantId, doc);
    this.notices.push(...notices);
    return value;
  }

  save(tenantId: string, value: { inventory?: TenantInventory; sweep?: TenantSweep }): void {
    // A read or sweep that outlived its tenant profile writes nothing for it (ids are never reused).
    if (this.removed.has(tenantId)) return;
    // A document is read before its first save: a file from a newer BYOM Desk is never overwritten.
    if (!this.documents.has(tenantId)) this.load(tenantId);
    this.documents.get(tenantId)!.save(value);
  }

  remove(tenantId: string): void {
    this.removed.add(tenantId);
    this.documents.delete(tenantId);
    this.deps.files.remove(documentName(tenantId));
  }
}
