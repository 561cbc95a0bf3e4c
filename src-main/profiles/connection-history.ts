// Each tenant's last connection test, with its time, kept on disk: "Test all" before a change
// window, and the Tenants screen still says who answered after a restart.
import { z } from 'zod';
import type { ConnectionTestResult } from '../../src-shared/connection-report';
import { appErrorShapeSchema } from '../../src-shared/jobs';
import type { Logger } from '../log/logger';
import type { DocumentFiles } from '../storage/document-file';
import { openVersionedDocument, type Migrations, type StoreNotice } from '../storage/versioned-document';

const resultSchema = z.object({
  testedAt: z.iso.datetime(),
  report: z.object({
    ok: z.boolean(),
    latencyMs: z.number().optional(),
    steps: z.array(
      z.object({
        step: z.enum(['dns', 'tls', 'auth', 'api']),
        label: z.string(),
        status: z.enum(['ok', 'failed', 'skipped']),
        ms: z.number(),
        error: appErrorShapeSchema.optional(),
      }),
    ),
  }),
});

const historySchema = z.object({ results: z.record(z.string(), resultSchema) });
type History = z.infer<typeof historySchema>;

/** Format history of `connection-tests.json`: none yet. */
const historyMigrations: Migrations = {};

export class ConnectionHistory {
  private readonly doc;
  private history: History;
  readonly notices: StoreNotice[];
  /** Tenants whose profile was removed: a test that outlived its profile writes nothing for it. */
  private readonly removed = new Set<string>();

  constructor(deps: { files: DocumentFiles; log: Logger }) {
    this.doc = openVersionedDocument<History>({
      files: deps.files,
      name: 'connection-tests',
      version: 1,
      migrations: historyMigrations,
      schema: historySchema,
      empty: () => ({ results: {} }),
      log: deps.log,
    });
    const { value, notices } = this.doc.load();
    this.history = value;
    this.notices = notices;
  }

  all(): Record<string, ConnectionTestResult> {
    return structuredClone(this.history.results) as Record<string, ConnectionTestResult>;
  }

  record(tenantId: string, result: ConnectionTestResult): void {
    if (this.removed.has(tenantId)) return;
    this.save({ results: { ...this.history.results, [tenantId]: result } });
  }

  /** The tenant's profile is removed: its result goes, and none is kept for it again (ids are never reused). */
  forget(tenantId: string): void {
    this.removed.add(tenantId);
    if (!(tenantId in this.history.results)) return;
    const { [tenantId]: _gone, ...rest } = this.history.results;
    this.save({ results: rest });
  }

  private save(next: History): void {
    this.doc.save(next);
    this.history = next;
  }
}
