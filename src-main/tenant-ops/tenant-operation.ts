// One tenant's part of an operation: the one way a flow writes to a tenant. `write` (and `create`
// for a POST) journals the step's intent and its undo before the write, runs it, journals how it
// ended with the object's id, writes the audit entry, ticks the job's progress for the tenant, adds
// the step to the tenant's report and notes what the tenant-changed signal must tell. `rollBack`
// runs the undo steps in reverse, from what the journal says (after a crash too).
import { randomUUID } from 'node:crypto';
import type { AuditAction, AuditEntryInput, AuditObject, AuditSource } from '../../src-shared/audit';
import { errorShapeOf } from '../../src-shared/errors';
import type { ExpirySource } from '../../src-shared/expiry';
import type { OperationKind, OperationStepReport, TenantOperationReport } from '../../src-shared/tenant-operation';
import type { AlationClient, CallOptions } from '../alation/client';
import { mayHaveReachedTenant } from '../alation/errors';
import type { Adopted } from '../alation/safe-writes';
import { auditFailure } from '../audit/audit-log';
import type { TenantHandle } from '../jobs/job-runner';
import type { Logger } from '../log/logger';
import { findLanded, type CreateFingerprint } from './fingerprint';
import {
  applyRecord,
  madeSteps,
  undoableSteps,
  unsureSteps,
  type DistributiveOmit,
  type JournaledStep,
  type JournalRecord,
  type JournalTenant,
  type OperationJournal,
} from './journal';
import type { TenantChangeFact } from './tenant-changes';
import { doneLabel, failedLabel, thingOf } from './step-labels';
import { describeUndo, leftOnTenant, runUndo, type Undo, type UndoResult } from './undo';

/** What every step says of itself. */
export interface StepSpec {
  /** The audit action, and what the journal calls the step. */
  action: AuditAction;
  /** What it changes (id null for a create: the answer gives it). */
  object: AuditObject;
  /** More objects the audit entry names (an agent move names both its configs). */
  alsoNames?: AuditObject[];
  /** The report's word for it (`credential`, `config`, `defaults`): the object's kind by default. */
  step?: string;
  /** The flow's own key, to find the step again on resume (a config's model id). */
  key?: string;
  /** The report's line, by how it ended: `Created config “GPT-4o”` and the like by default. */
  label?: { done?: string; adopted?: string; failed?: string };
  /** Said in the audit entry. */
  message?: string;
}

/** A write whose object is known (a PUT, a PATCH, a DELETE). */
export interface WriteSpec<T = unknown> extends StepSpec {
  /** How to take it back, as data; null when it cannot be (a delete, a new secret). */
  undo: Undo | null;
  /** How its result reads in the report, when it can say more than "done". */
  outcomeOf?: (result: T) => { status?: 'done' | 'skipped'; label?: string } | undefined;
}

/** A POST that makes a credential or a config: its undo deletes what it made. */
export interface CreateSpec extends Omit<StepSpec, 'object' | 'action'> {
  object: { kind: 'credential' | 'config'; name: string };
  /** How what it made is found again if its answer is lost (name plus non-secret fields). */
  fingerprint: CreateFingerprint;
  /** For a credential: the expiry its secret carries, for the reminders. */
  expiry?: { expiresAt: string | null; source: ExpirySource };
}

export interface TenantOperationContext {
  operationId: string;
  kind: OperationKind;
  source: AuditSource;
  tenantId: string;
  journal: OperationJournal;
  /** The journal's copy of this tenant, kept up to date with every record written. */
  state: JournalTenant;
  audit: { record(entry: AuditEntryInput): unknown };
  log: Logger;
  facts: TenantChangeFact[];
  quitting(): boolean;
  now(): Date;
  jobId?: string;
  handle?: TenantHandle;
}

type TenantRecord = Extract<JournalRecord, { type: 'step' | 'note' | 'tenant-end' }>;
type StepRecordInput = Omit<Extract<JournalRecord, { type: 'step' }>, 'type' | 'at' | 'tenantId'>;

const rollBackBlockedKey = 'rollBackBlocked';

export class TenantOperation {
  readonly report: TenantOperationReport;
  private ticks = 0;

  constructor(private readonly c: TenantOperationContext) {
    this.report = { kind: c.kind, outcome: 'done', steps: [], leftOnTenant: [] };
  }

  get tenantId(): string {
    return this.c.tenantId;
  }

  /** Every step the journal has for this tenant, earlier runs' too, oldest first. */
  get steps(): readonly JournaledStep[] {
    return this.c.state.steps;
  }

  get notes(): Readonly<Record<string, unknown>> {
    return this.c.state.notes;
  }

  /** What the operation made or changed here and has not taken back (a crashed run's too). */
  made(): JournaledStep[] {
    return madeSteps(this.c.state);
  }

  /** Writes one step through the model (see the file's head). The write's error is thrown on, after it is journaled and audited. */
  async write<T>(spec: WriteSpec<T> & { undoes?: string }, run: () => Promise<T>): Promise<T> {
    const stepId = this.start(spec, { undo: spec.undo, ...(spec.undoes ? { undoes: spec.undoes } : {}) });
    const result = await this.running(spec, stepId, run);
    const said = spec.outcomeOf?.(result);
    this.ended(spec, stepId, { objectId: spec.object.id, adopted: false, ...(said ? { said } : {}) });
    return result;
  }

  /** A create (see `write`): journaled with its fingerprint, so a lost answer is looked for, by a roll back too. */
  async create<T extends { id: string }>(spec: CreateSpec, run: () => Promise<Adopted<T>>): Promise<Adopted<T>> {
    const object: AuditObject = { kind: spec.object.kind, id: null, name: spec.object.name };
    const action: AuditAction = spec.object.kind === 'credential' ? 'credential.create' : 'config.create';
    const undo: Undo =
      spec.object.kind === 'credential'
        ? { kind: 'delete-credential', name: spec.object.name }
        : { kind: 'delete-config', name: spec.object.name };
    const full: StepSpec = { ...spec, action, object };
    const stepId = this.start(full, { undo, fingerprint: spec.fingerprint });
    const made = await this.running(full, stepId, run);
    this.ended(full, stepId, { objectId: made.value.id, adopted: made.adopted });
    if (spec.object.kind === 'credential') {
      this.fact({
        kind: 'credential-created',
        credentialId: made.value.id,
        name: spec.object.name,
        ...(spec.expiry ? { expiresAt: spec.expiry.expiresAt, source: spec.expiry.source } : {}),
      });
    }
    return made;
  }

  /** A step that writes nothing to the tenant (a check, a validation, a skip): reported, and counted in the progress. */
  record(step: OperationStepReport): void {
    this.report.steps.push(step);
    this.c.handle?.step(++this.ticks, step.label);
  }

  /** An audit entry of this tenant, source and job. Best effort: it never fails the change it records. */
  audit(entry: Omit<AuditEntryInput, 'tenantId' | 'source' | 'jobId'>): void {
    try {
      this.c.audit.record({ ...entry, tenantId: this.c.tenantId, source: this.c.source, ...(this.c.jobId ? { jobId: this.c.jobId } : {}) });
    } catch (error) {
      this.c.log.error('operation.audit_failed', { operation: this.c.operationId, action: entry.action, code: errorShapeOf(error).code });
    }
  }

  /** A kind-specific fact for a resume, journaled (the last value of a key wins). Never a secret. */
  note(key: string, value: unknown): void {
    this.append({ type: 'note', key, value: JSON.parse(JSON.stringify(value ?? null)) });
  }

  /** Something the tenant-changed signal tells when the run ends (a successor, a new key's expiry). */
  fact(fact: TenantChangeFact): void {
    this.c.facts.push(fact);
  }

  /** From here a roll back cannot take the tenant back (the old configs are going): it says `reason` instead. null lifts it. */
  blockRollBack(reason: string | null): void {
    this.note(rollBackBlockedKey, reason);
  }

  get rollBackBlocked(): string | null {
    const reason = this.c.state.notes[rollBackBlockedKey];
    return typeof reason === 'string' ? reason : null;
  }

  /**
   * Creates that never said how they ended are looked for by their fingerprint: found ones become
   * made. Throws when the tenant cannot be read.
   */
  async resolveUnsure(client: AlationClient, options: CallOptions = {}): Promise<void> {
    for (const step of unsureSteps(this.c.state)) {
      const found = await findLanded(client, step.fingerprint!, options);
      if (found) {
        this.append({
          type: 'step',
          stepId: step.stepId,
          phase: 'done',
          action: step.action,
          object: { ...step.object, id: found },
          adopted: true,
        });
        const message = 'Found after it was cut short: its create had landed';
        this.audit({ action: step.action, objects: [{ ...step.object, id: found }], outcome: 'adopted', message });
        if (step.object.kind === 'credential') this.fact({ kind: 'credential-created', credentialId: found, name: step.object.name ?? '' });
      } else {
        this.append({
          type: 'step',
          stepId: step.stepId,
          phase: 'failed',
          action: step.action,
          object: step.object,
          errorCode: 'not_landed',
        });
      }
    }
  }

  /**
   * Takes back what the operation did here, newest first, from the journal (`stepIds`: only those).
   * Creates under way are looked for first. The first undo the tenant refuses stops it: what is left
   * goes in the report's `leftOnTenant`. Answers whether nothing is left to take back.
   */
  async rollBack(client: AlationClient, options: { stepIds?: readonly string[]; signal?: AbortSignal } = {}): Promise<boolean> {
    const calls = options.signal ? { signal: options.signal } : {};
    let lookedUp = true;
    try {
      await this.resolveUnsure(client, { signal: options.signal ?? AbortSignal.timeout(30_000) });
    } catch (error) {
      lookedUp = false;
      this.report.leftOnTenant.push(
        `perhaps something whose create lost its answer: BYOM Desk could not look (${errorShapeOf(error).message})`,
      );
    }
    // Named steps are the caller's, before their own point of no return (a fallback rotation's next
    // credential, after one replaced already): the block guards only the roll back of everything.
    if (this.rollBackBlocked && !options.stepIds) {
      this.report.leftOnTenant.push(this.rollBackBlocked);
      return false;
    }
    const chosen = options.stepIds ? new Set(options.stepIds) : null;
    const steps = undoableSteps(this.c.state)
      .filter((s) => !chosen || chosen.has(s.stepId))
      .reverse();
    for (const [i, s] of steps.entries()) {
      const d = describeUndo(s.undo!);
      const outcomeOf = (r: UndoResult) =>
        r === 'kept'
          ? { status: 'skipped' as const, label: `${d.label}: not, someone changed it since` }
          : r === 'gone'
            ? { label: `${d.label} (it was gone already)` }
            : r === 'left'
              ? { status: 'skipped' as const, label: `Left ${leftOnTenant(s.undo!)}` }
              : undefined;
      try {
        const result = await this.write(
          { ...d, undo: null, undoes: s.stepId, label: { done: d.label }, message: 'Taken back by a roll back', outcomeOf },
          () => runUndo(client, s.undo!, calls),
        );
        if (result === 'left') this.report.leftOnTenant.push(leftOnTenant(s.undo!));
      } catch (error) {
        const why = errorShapeOf(error).message;
        this.report.leftOnTenant.push(`${thingOf(s)} (${why})`, ...steps.slice(i + 1).map(thingOf));
        return false;
      }
    }
    return lookedUp && unsureSteps(this.c.state).length === 0;
  }

  /** Journals how this tenant's part ended (not while the app quits: the next start offers it). */
  end(outcome: TenantOperationReport['outcome']): void {
    this.report.outcome = outcome;
    if (this.c.quitting() || outcome === 'unfinished') return;
    this.append({ type: 'tenant-end', outcome });
  }

  /** Done: journaled, and the job's tenant is ok with the report. */
  succeed(message: string): void {
    this.end('done');
    this.c.handle?.ok(message, this.report);
  }

  /**
   * The tenant's part stopped on `error`. `refused`: nothing was written. `leaveUnfinished`: it is
   * left as it is for the next start (the tenant could not be read). Otherwise what it made is
   * rolled back, unless `keep` (a cancel rolls back always); a roll back that cannot take all of it
   * leaves the tenant unfinished, offered again on the next start. While the app quits nothing is
   * rolled back and nothing ended.
   */
  async stop(
    client: AlationClient | null,
    error: unknown,
    options: { keep?: boolean; refused?: boolean; leaveUnfinished?: boolean } = {},
  ): Promise<void> {
    const cancelled = errorShapeOf(error).code === 'cancelled';
    if (this.c.quitting() || options.leaveUnfinished || !client) {
      this.report.outcome = 'unfinished';
      this.report.leftOnTenant.push(...this.made().map((s) => `${thingOf(s)}: left for Resume or Roll back`));
    } else if (options.refused) {
      this.end('refused');
    } else if (options.keep && !cancelled) {
      this.report.leftOnTenant.push(...this.made().map((s) => `${thingOf(s)} (kept)`));
      this.end('failed');
    } else {
      this.report.outcome = cancelled ? 'cancelled' : 'failed';
      if (await this.rollBack(client)) this.end(cancelled ? 'cancelled' : 'rolled-back');
    }
    this.c.handle?.fail(error, this.report);
  }

  // ------------------------------------------------------------------------------- internals

  private append(record: DistributiveOmit<TenantRecord, 'at' | 'tenantId'>): void {
    const full = { ...record, tenantId: this.c.tenantId, at: this.c.now().toISOString() } as TenantRecord;
    // The copy in memory first: if the disk refuses, a roll back still knows what was made.
    applyRecord(this.c.state, full);
    this.c.journal.append(full, this.c.now());
  }

  private start(spec: StepSpec, extra: Pick<StepRecordInput, 'undo' | 'fingerprint' | 'undoes'>): string {
    const stepId = randomUUID();
    const { action, object, step, key } = spec;
    this.append({ type: 'step', stepId, phase: 'start', action, object, ...(step ? { step } : {}), ...(key ? { key } : {}), ...extra });
    return stepId;
  }

  private async running<T>(spec: StepSpec, stepId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      // A write that may have reached the tenant stays "under way": it may have landed.
      if (!mayHaveLanded(error))
        this.append({
          type: 'step',
          stepId,
          phase: 'failed',
          action: spec.action,
          object: spec.object,
          errorCode: errorShapeOf(error).code,
        });
      const failed = auditFailure(error);
      this.audit({
        action: spec.action,
        objects: [spec.object, ...(spec.alsoNames ?? [])],
        ...failed,
        message: spec.message ? `${spec.message}. ${failed.message}` : failed.message,
      });
      this.record({
        step: spec.step ?? spec.object.kind,
        label: spec.label?.failed ?? failedLabel(spec),
        status: 'failed',
        message: failed.message,
      });
      throw error;
    }
  }

  private ended(
    spec: StepSpec,
    stepId: string,
    how: { objectId: string | null; adopted: boolean; said?: { status?: 'done' | 'skipped'; label?: string } },
  ): void {
    const object = { ...spec.object, id: how.objectId };
    this.append({ type: 'step', stepId, phase: 'done', action: spec.action, object, ...(how.adopted ? { adopted: true } : {}) });
    // A step that wrote nothing on purpose (an undo someone's change overtook) says so in its entry.
    const message = how.said?.status === 'skipped' ? how.said.label : spec.message;
    this.audit({
      action: spec.action,
      objects: [object, ...(spec.alsoNames ?? [])],
      outcome: how.adopted ? 'adopted' : 'ok',
      ...(message ? { message } : {}),
    });
    if (spec.action === 'credential.delete' && how.objectId) this.fact({ kind: 'credential-deleted', credentialId: how.objectId });
    const label = how.said?.label ?? (how.adopted ? (spec.label?.adopted ?? spec.label?.done) : spec.label?.done) ?? doneLabel(spec);
    const status = how.said?.status ?? (how.adopted ? 'adopted' : 'done');
    this.record({ step: spec.step ?? spec.object.kind, label, status, ...(how.objectId ? { objectId: how.objectId } : {}) });
  }
}

/** The write may have reached the tenant (a lost answer, a cancel on the wire): it may have landed. */
export function mayHaveLanded(error: unknown): boolean {
  return mayHaveReachedTenant(error) || errorShapeOf(error).code === 'cancelled';
}

export { thingOf };
