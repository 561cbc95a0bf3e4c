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

  constructor(private readonly deps: { files: DocumentFiles; log: Logger }) {}

  private document(tenantId: string) {
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
    const { value, notices } = this.document(tenantId).load();
    this.notices.push(...notices);
    return value;
  }

  save(tenantId: string, value: { inventory?: TenantInventory; sweep?: TenantSweep }): void {
    const doc = this.document(tenantId);
    doc.load();
    doc.save(value);
  }

  remove(tenantId: string): void {
    this.deps.files.remove(documentName(tenantId));
  }
}
