// One operation on tenants, begun afresh or opened again from its journal for a resume or a roll
// back. It holds its claim (no other run of it at the same time, in this process) until it settles,
// gives each tenant its writer (`tenant`), runs as one job (`runJob`), and when the run ends tells
// the tenant-changed signal, in one batch, which tenants it touched and what changed.
import { AppError } from '../../src-shared/errors';
import type { OperationKind } from '../../src-shared/tenant-operation';
import type { AuditSource } from '../../src-shared/audit';
import type { JobKind, JobView } from '../../src-shared/jobs';
import type { AuditRecorder } from '../audit/audit-log';
import type { JobContext, JobDefinition, JobRunner, TenantHandle } from '../jobs/job-runner';
import type { Logger } from '../log/logger';
import type { JournalState, OperationJournal } from './journal';
import type { TenantChangeFact, TenantChanges } from './tenant-changes';
import { TenantOperation } from './tenant-operation';

/** What an operation needs of the registry that made it. */
export interface OperationHost {
  audit: AuditRecorder;
  jobs: JobRunner;
  changes: TenantChanges;
  log: Logger;
  now(): Date;
  quitting(): boolean;
  /** Ends the claim: another resume or roll back may take the operation now. */
  release(operationId: string): void;
  /** Still claimed by this run, and its journal still open (read again from the file). */
  stillOurs(operationId: string): boolean;
}

export class Operation<C = unknown> {
  private readonly facts = new Map<string, TenantChangeFact[]>();
  private readonly writers = new Map<string, TenantOperation>();
  private settled = false;

  constructor(
    private readonly host: OperationHost,
    private readonly journal: OperationJournal,
    /** The journal as read (or just begun): each tenant's copy is kept up to date as records are written. */
    readonly state: JournalState,
    /** The kind's own begin context, checked by its schema. */
    readonly context: C,
  ) {}

  get id(): string {
    return this.state.begin.operationId;
  }

  get kind(): OperationKind {
    return this.state.begin.kind;
  }

  get title(): string {
    return this.state.begin.title;
  }

  get summary(): string {
    return this.state.begin.summary;
  }

  get source(): AuditSource {
    return this.state.begin.source;
  }

  /** Every tenant it began with. */
  get tenantIds(): string[] {
    return this.state.begin.tenants.map((t) => t.tenantId);
  }

  /** The tenants whose part has not ended: what a resume or a roll back works on. */
  get openTenantIds(): string[] {
    return [...this.state.tenants.values()].filter((t) => t.ended === null).map((t) => t.tenantId);
  }

  tenantName(tenantId: string): string {
    return this.state.tenants.get(tenantId)?.tenantName ?? tenantId;
  }

  /**
   * The writer of one tenant's part, with what the journal says was made already (by a run a crash
   * cut short too). `handle` ticks the job's progress for the tenant; `jobId` goes in the audit.
   * One writer per tenant per run: asked again, it answers the same one.
   */
  tenant(tenantId: string, run: { handle?: TenantHandle; jobId?: string } = {}): TenantOperation {
    const known = this.writers.get(tenantId);
    if (known) return known;
    const state = this.state.tenants.get(tenantId);
    if (!state) throw new AppError('internal', `The operation has no tenant ${tenantId}.`);
    let facts = this.facts.get(tenantId);
    if (!facts) this.facts.set(tenantId, (facts = []));
    const writer = new TenantOperation({
      operationId: this.id,
      kind: this.kind,
      source: this.source,
      tenantId,
      journal: this.journal,
      state,
      audit: this.host.audit,
      log: this.host.log,
      facts,
      quitting: () => this.host.quitting(),
      now: () => this.host.now(),
      ...(run.jobId ? { jobId: run.jobId } : {}),
      ...(run.handle ? { handle: run.handle } : {}),
    });
    this.writers.set(tenantId, writer);
    return writer;
  }

  /**
   * Runs the operation as one job: when it ends (done, failed or cancelled) the operation settles.
   * For a resume, call `checkStillOurs` after every await before this.
   */
  runJob<K extends JobKind>(definition: Omit<JobDefinition<K>, 'run'> & { run(ctx: JobContext<K>): Promise<void> }): JobView {
    return this.host.jobs.start<K>({
      ...definition,
      run: async (ctx) => {
        try {
          await definition.run(ctx);
        } finally {
          this.settle();
        }
      },
    } as JobDefinition<K>);
  }

  /** Throws when the operation is no longer this run's to change: the app quits, or another run ended it. */
  checkStillOurs(): void {
    if (this.settled || this.host.quitting() || !this.host.stillOurs(this.id)) {
      throw new AppError('conflict', 'That operation was finished, rolled back or taken up elsewhere meanwhile. Look at the offer again.');
    }
  }

  /**
   * A long, interactive run (a setup, between the steps the user takes): what it has changed so far
   * goes to the tenant-changed signal now (the inventory shows a setup's credential as soon as it is
   * validated, not once the setup is complete); the rest, and every tenant touched, when it settles.
   */
  publishSoFar(): void {
    if (this.settled) return;
    const changes = [...this.facts.entries()]
      .filter(([, facts]) => facts.length > 0)
      .map(([tenantId, facts]) => ({ tenantId, operationId: this.id, facts: facts.splice(0) }));
    this.host.changes.publish(changes);
  }

  /**
   * The run is over: the tenant-changed signal gets one batch for every tenant it touched; the
   * journal ends when every tenant has (one left open is offered on the next start); the claim goes.
   */
  settle(): void {
    if (this.settled) return;
    this.settled = true;
    try {
      const changes = [...this.facts.entries()].map(([tenantId, facts]) => ({ tenantId, operationId: this.id, facts: [...facts] }));
      this.host.changes.publish(changes);
      const allEnded = [...this.state.tenants.values()].every((t) => t.ended !== null);
      if (allEnded && !this.host.quitting()) this.journal.append({ type: 'end' }, this.host.now());
    } finally {
      this.host.release(this.id);
    }
  }
}
