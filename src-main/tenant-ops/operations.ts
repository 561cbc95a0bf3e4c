// Every operation on tenants, of every kind: begun here, journaled under `<dataDir>/operations`,
// and when a quit or a crash cut one short, offered on the next start with Resume (the kind's own
// handler, registered here) or Roll back (the same for every kind: the undo steps in reverse, from
// the journal alone). One run of an operation at a time: a resume or a roll back claims it before
// its first await, and gives the claim back when its job ends.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { AuditSource } from '../../src-shared/audit';
import { AppError, errorShapeOf } from '../../src-shared/errors';
import type { JobView } from '../../src-shared/jobs';
import { plural } from '../../src-shared/plural';
import type { OperationActionInput, OperationKind, UnfinishedOperation } from '../../src-shared/tenant-operation';
import type { AlationClient } from '../alation/client';
import type { AuditRecorder } from '../audit/audit-log';
import { forEachTenant, type JobRunner } from '../jobs/job-runner';
import type { Logger } from '../log/logger';
import { requireProductionNames } from '../profiles/production-names';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import { madeSteps, OperationJournals, unsureSteps, type JournalRecord, type JournalState } from './journal';
import { Operation, type OperationHost } from './operation';
import type { TenantChanges } from './tenant-changes';
import { thingOf } from './tenant-operation';

/** How one kind of operation is resumed. Roll back is the same for every kind and needs nothing here. */
export interface OperationKindHandler<C = unknown> {
  readonly kind: OperationKind;
  /** Checks the begin context when the operation begins and when its journal is read back. */
  readonly context: z.ZodType<C>;
  /** What the offer's Resume button says (`Resume` when absent). */
  readonly resumeLabel?: string;
  /**
   * False: one cut short before it made anything has nothing to offer (a setup whose secrets went
   * with the app): it is closed instead of offered. True by default (an apply still has it all to do).
   */
  readonly offerWhenNothingMade?: boolean;
  /** Why it cannot be resumed now (its draft was deleted, changed), or null. */
  cannotResume?(operation: Operation<C>): string | null;
  /**
   * Finishes the operation. The registry has claimed it and checked the production names: start
   * one job with `operation.runJob` (it settles the operation when it ends) and answer its view.
   * After each await before that, call `operation.checkStillOurs()`. In the job, read what the
   * crashed run made from `operation.tenant(id)` BEFORE reading the tenant, and leave a tenant that
   * cannot be read unfinished (`stop(..., { leaveUnfinished: true })`): it stays offered.
   */
  resume(operation: Operation<C>, input: { confirmations: Readonly<Record<string, string>> }): Promise<JobView> | JobView;
}

export interface TenantOperationsDeps {
  /** The data folder: journals go to `operations/` in it. */
  dataDir: string;
  audit: AuditRecorder;
  jobs: JobRunner;
  clients: { withClient<T>(tenantId: string, work: (client: AlationClient) => Promise<T>): Promise<T> };
  /** Names for the journal, and production tenants' names to confirm (a removed profile throws). */
  profiles: Pick<TenantProfiles, 'get' | 'needsTypedName'>;
  changes: TenantChanges;
  log: Logger;
  now?: () => Date;
}

/** What a flow says when it begins an operation. */
export interface BeginOperation<C> {
  kind: OperationKind;
  /** The job's title: `Apply “Rollout” to 3 tenants`. */
  title: string;
  /** How the offer names it after a crash: `Applying “Rollout”`. */
  summary: string;
  source: AuditSource;
  tenantIds: readonly string[];
  context: C;
}

export class TenantOperations {
  private readonly journals: OperationJournals;
  private readonly handlers = new Map<OperationKind, OperationKindHandler<never>>();
  /** Operations a run holds now: never offered as cut short, never run twice at once. */
  private readonly claimed = new Set<string>();
  private quitting = false;
  private readonly now: () => Date;
  private readonly host: OperationHost;

  constructor(private readonly deps: TenantOperationsDeps) {
    this.journals = new OperationJournals(join(deps.dataDir, 'operations'));
    this.now = deps.now ?? (() => new Date());
    this.host = {
      audit: deps.audit,
      jobs: deps.jobs,
      changes: deps.changes,
      log: deps.log,
      now: this.now,
      quitting: () => this.quitting,
      release: (id) => this.claimed.delete(id),
      stillOurs: (id) => this.claimed.has(id) && this.journals.open(id).state()?.finished === false,
    };
  }

  /** Registers how a kind is resumed. Once per kind. */
  register<C>(handler: OperationKindHandler<C>): void {
    if (this.handlers.has(handler.kind)) throw new AppError('internal', `Operations of kind ${handler.kind} have a handler already.`);
    this.handlers.set(handler.kind, handler as unknown as OperationKindHandler<never>);
  }

  /** Begins an operation: journaled and claimed now, before anything is written to a tenant. */
  begin<C>(input: BeginOperation<C>): Operation<C> {
    const handler = this.handlers.get(input.kind) as OperationKindHandler<C> | undefined;
    const context = handler ? handler.context.parse(input.context) : input.context;
    const operationId = randomUUID();
    const tenants = [...new Set(input.tenantIds)].map((tenantId) => ({ tenantId, tenantName: this.tenantName(tenantId) }));
    const journal = this.journals.open(operationId);
    mkdirSync(this.journals.dir, { recursive: true, mode: 0o700 });
    const begin = {
      type: 'begin' as const,
      operationId,
      kind: input.kind,
      title: input.title,
      summary: input.summary,
      source: input.source,
      tenants,
    };
    journal.append({ ...begin, context: JSON.parse(JSON.stringify(context ?? null)) }, this.now());
    this.claimed.add(operationId);
    const state = journal.state();
    if (!state) throw new AppError('storage', 'BYOM Desk could not read back the journal it just wrote.');
    return new Operation(this.host, journal, state, context);
  }

  /** Writes a journal kept elsewhere before (an apply's, from `applies/`) as an operation's; false when it has one already. */
  importJournal(operationId: string, records: readonly JournalRecord[]): boolean {
    const journal = this.journals.open(operationId);
    if (journal.state()) return false;
    mkdirSync(this.journals.dir, { recursive: true, mode: 0o700 });
    for (const record of records) journal.append(record, new Date(record.at));
    return true;
  }

  /** Operations a quit or a crash cut short, for the offer; not those a run holds now. */
  unfinished(): UnfinishedOperation[] {
    return this.journals
      .unfinished()
      .filter(({ operationId }) => !this.claimed.has(operationId))
      .filter(({ operationId, state }) => this.worthOffering(operationId, state))
      .map(({ operationId, state }) => this.view(operationId, state));
  }

  /** An operation of a kind with nothing to finish, that made nothing, is closed rather than offered. */
  private worthOffering(operationId: string, state: JournalState): boolean {
    if (this.handlers.get(state.begin.kind)?.offerWhenNothingMade !== false) return true;
    const open = [...state.tenants.values()].filter((t) => t.ended === null);
    if (open.some((t) => madeSteps(t).length > 0 || unsureSteps(t).length > 0 || t.steps.some((s) => s.status === 'started'))) return true;
    if (this.quitting) return false;
    const journal = this.journals.open(operationId);
    for (const t of open) journal.append({ type: 'tenant-end', tenantId: t.tenantId, outcome: 'done' }, this.now());
    journal.append({ type: 'end' }, this.now());
    return false;
  }

  /** Resumes one, by its kind's handler: one job. */
  async resume(input: OperationActionInput): Promise<{ jobId: string }> {
    const operation = this.claim(input.operationId);
    try {
      const handler = this.handlers.get(operation.kind);
      if (!handler)
        throw new AppError('unsupported', `${operation.summary} cannot be resumed by this version of BYOM Desk: roll it back instead.`);
      const why = handler.cannotResume?.(operation as Operation<never>);
      if (why) throw new AppError('conflict', why);
      this.confirm(operation, input.confirmations ?? {}, 'resuming there');
      const job = await handler.resume(operation as Operation<never>, { confirmations: input.confirmations ?? {} });
      return { jobId: job.id };
    } catch (error) {
      this.claimed.delete(operation.id);
      throw error;
    }
  }

  /** Rolls one back, whatever its kind: on each open tenant, the undo steps in reverse, from the journal. */
  rollBack(input: OperationActionInput): { jobId: string } {
    const operation = this.claim(input.operationId);
    try {
      this.confirm(operation, input.confirmations ?? {}, 'rolling back there');
      const open = operation.openTenantIds;
      const job = operation.runJob({
        kind: 'operation',
        title: `Roll back ${lowerFirst(operation.summary)} on ${plural(open.length, 'tenant')}`,
        tenantIds: open,
        run: (ctx) =>
          forEachTenant(ctx, open, async (handle) => {
            const tenant = operation.tenant(handle.tenantId, { handle, jobId: ctx.jobId });
            handle.running('Rolling back', Math.max(1, madeSteps(operation.state.tenants.get(handle.tenantId)!).length));
            await this.deps.clients.withClient(handle.tenantId, async (client) => {
              const complete = await tenant.rollBack(client);
              if (this.quitting)
                return handle.fail(
                  new AppError('cancelled', 'BYOM Desk quit: the roll back is offered again on the next start.'),
                  tenant.report,
                );
              // What could not be taken back keeps the operation open: the next start offers it again.
              if (!complete)
                return handle.fail(
                  new AppError('server', `Some of it could not be taken back: ${tenant.report.leftOnTenant.join('; ')}`),
                  tenant.report,
                );
              tenant.end('rolled-back');
              handle.ok('Rolled back', tenant.report);
            });
          }),
      });
      return { jobId: job.id };
    } catch (error) {
      this.claimed.delete(operation.id);
      throw error;
    }
  }

  /** Before the jobs are cancelled on quit: what is under way is left as it is, for the next start's offer. */
  prepareQuit(): void {
    this.quitting = true;
  }

  get isQuitting(): boolean {
    return this.quitting;
  }

  // ------------------------------------------------------------------------------- internals

  /** Claims an unfinished operation, synchronously, before anything awaits: a second call is refused at once. */
  private claim(operationId: string): Operation {
    if (this.claimed.has(operationId))
      throw new AppError('conflict', 'That operation is running now: wait for it to finish, or cancel it.');
    if (this.quitting) throw new AppError('cancelled', 'BYOM Desk is quitting.');
    const journal = this.journals.open(operationId);
    const state = journal.state();
    if (!state || state.finished) throw new AppError('not_found', 'That operation has finished already, or its journal is gone.');
    const handler = this.handlers.get(state.begin.kind);
    const parsed = handler?.context.safeParse(state.begin.context);
    this.claimed.add(operationId);
    return new Operation(this.host, journal, state, parsed?.success ? parsed.data : state.begin.context);
  }

  private confirm(operation: Operation, confirmations: Readonly<Record<string, string>>, what: string): void {
    const known = operation.openTenantIds.filter((id) => {
      try {
        this.deps.profiles.get(id);
        return true;
      } catch {
        return false;
      }
    });
    requireProductionNames(this.deps.profiles, known, confirmations, what);
  }

  private view(operationId: string, state: JournalState): UnfinishedOperation {
    const handler = this.handlers.get(state.begin.kind);
    const parsed = handler?.context.safeParse(state.begin.context);
    let why: string | null = handler ? null : 'This version of BYOM Desk cannot resume it: roll it back instead.';
    if (handler && !parsed?.success) why = 'Its journal does not say enough to resume it: roll it back instead.';
    if (handler && parsed?.success && handler.cannotResume) {
      try {
        why = handler.cannotResume(new Operation(this.host, this.journals.open(operationId), state, parsed.data as never));
      } catch (error) {
        why = errorShapeOf(error).message;
      }
    }
    const b = state.begin;
    return {
      id: operationId,
      kind: b.kind,
      title: b.title,
      summary: b.summary,
      startedAt: b.at,
      resume: { label: handler?.resumeLabel ?? 'Resume', available: why === null, ...(why ? { why } : {}) },
      tenants: [...state.tenants.values()]
        .filter((t) => t.ended === null)
        .map((t) => {
          const blocked = t.notes.rollBackBlocked;
          return {
            tenantId: t.tenantId,
            tenantName: t.tenantName,
            lastStep: t.lastStep,
            made: madeSteps(t).map(thingOf),
            unsure: unsureSteps(t).length > 0,
            ...(typeof blocked === 'string' ? { rollBackBlocked: blocked } : {}),
          };
        }),
    };
  }

  private tenantName(id: string): string {
    try {
      return this.deps.profiles.get(id).name;
    } catch {
      return id;
    }
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
