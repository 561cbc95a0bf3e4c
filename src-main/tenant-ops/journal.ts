// The journal of one operation: `<dataDir>/operations/<id>.jsonl`, fsynced JSON lines. A step's
// intent and its undo are written before the write, how it ended after, so if the app quits or
// crashes half-way the next start knows per tenant what was made (ids), what was under way (a
// create that may have landed, with its fingerprint), and how to take each back. Never a secret.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { auditActions, auditObjectSchema, auditSources, type AuditAction, type AuditObject } from '../../src-shared/audit';
import { operationKinds, tenantOperationOutcomes, type TenantOperationOutcome } from '../../src-shared/tenant-operation';
import { JsonLinesFile } from '../storage/jsonl-file';
import { createFingerprintSchema, type CreateFingerprint } from './fingerprint';
import { completeUndo, undoSchema, type Undo } from './undo';

const at = z.iso.datetime();

// Not equivalent, and not left untested: Zod refuses an option without its `type` literal, or a union on no field, when the
// module loads, so no journal can be written or read. Stryker counts a test file that fails to load as no test run, and calls
// these mutants (here and on the records below) survived.
// Stryker disable next-line ObjectLiteral: the module cannot load (see above)
export const beginRecordSchema = z.object({
  type: z.literal('begin'),
  at,
  operationId: z.uuid(),
  kind: z.enum(operationKinds),
  title: z.string(),
  summary: z.string(),
  source: z.enum(auditSources),
  tenants: z.array(z.object({ tenantId: z.string(), tenantName: z.string() })),
  /** Kind-specific, checked by the kind's own schema: what a resume needs (a draft id, a credential id...). */
  context: z.json(),
});

// Stryker disable next-line ObjectLiteral: the module cannot load (see above)
export const stepRecordSchema = z.object({
  type: z.literal('step'),
  at,
  tenantId: z.string(),
  /** One id per step, unique in the journal: its start, its end and its undo name it. */
  stepId: z.string().min(1),
  phase: z.enum(['start', 'done', 'failed']),
  action: z.enum(auditActions),
  // Not the audit's schema, which caps a name at 500 (the audit log shortens its own copy): a tenant
  // object with a longer name must still be journaled, or its change would never be made.
  object: auditObjectSchema.extend({ id: z.string().nullable(), name: z.string().nullable() }),
  /** The report's word for the step (`credential`, `config`, `defaults`...). */
  step: z.string().max(40).optional(),
  /** The caller's key, to find the step again on resume (a config's model id). */
  key: z.string().optional(),
  /** On start: how to take it back; null when it cannot be (a delete, a new secret). */
  undo: undoSchema.nullable().optional(),
  /** On the start of a create: how to find what it made if its answer is lost. */
  fingerprint: createFingerprintSchema.optional(),
  /** This step takes back that one. */
  undoes: z.string().optional(),
  /** On done: it was there already, nothing new was made (a create that had landed). */
  adopted: z.boolean().optional(),
  errorCode: z.string().optional(),
});

// Stryker disable next-line ObjectLiteral: the module cannot load (see above)
export const noteRecordSchema = z.object({ type: z.literal('note'), at, tenantId: z.string(), key: z.string().min(1), value: z.json() });
// Stryker disable next-line ObjectLiteral: the module cannot load (see above)
export const tenantEndRecordSchema = z.object({
  type: z.literal('tenant-end'),
  at,
  tenantId: z.string(),
  outcome: z.enum(tenantOperationOutcomes),
});
// Stryker disable next-line ObjectLiteral: the module cannot load (see above)
export const endRecordSchema = z.object({ type: z.literal('end'), at });

// Stryker disable next-line StringLiteral: the module cannot load (see above)
export const journalRecordSchema = z.discriminatedUnion('type', [
  beginRecordSchema,
  stepRecordSchema,
  noteRecordSchema,
  tenantEndRecordSchema,
  endRecordSchema,
]);
export type JournalRecord = z.infer<typeof journalRecordSchema>;
export type BeginRecord = z.infer<typeof beginRecordSchema>;
export type StepRecord = z.infer<typeof stepRecordSchema>;

/** One step as the journal tells it, after replay. */
export interface JournaledStep {
  stepId: string;
  action: AuditAction;
  /** Its id once the write said it (or a lost create was found). */
  object: AuditObject;
  step?: string;
  key?: string;
  /** Complete (ids filled in from the answer); null: it cannot be taken back. */
  undo: Undo | null;
  fingerprint?: CreateFingerprint;
  /**
   * `started`: it never said how it ended (a create here may have landed); `done`; `failed`: it
   * did not happen; `undone`: a roll back took it back.
   */
  status: 'started' | 'done' | 'failed' | 'undone';
  adopted: boolean;
  /** For an undo step: the step it takes back. */
  undoes?: string;
}

export interface JournalTenant {
  tenantId: string;
  tenantName: string;
  /** In the order they started. */
  steps: JournaledStep[];
  /** Kind-specific facts, the last value of each key. */
  notes: Record<string, unknown>;
  lastStep: string;
  /** How its part ended; null while it is unfinished (a step after an end starts it again). */
  ended: TenantOperationOutcome | null;
}

export interface JournalState {
  begin: BeginRecord;
  tenants: Map<string, JournalTenant>;
  finished: boolean;
}

/** Steps done and not taken back, that can be: what the operation made or changed (oldest first). */
export function madeSteps(t: JournalTenant): JournaledStep[] {
  return t.steps.filter((s) => s.status === 'done' && s.undo !== null && !s.undoes);
}

/**
 * What a roll back takes back, oldest first: every step done, or started and never ended, whose
 * undo is complete. An undo checks before it changes anything, so one for a write that may not
 * have landed (a PUT whose answer was lost) is safe; a create under way is first looked for by its
 * fingerprint (`unsureSteps`), which gives its undo the id it lacks.
 */
export function undoableSteps(t: JournalTenant): JournaledStep[] {
  return t.steps.filter((s) => (s.status === 'done' || s.status === 'started') && s.undo !== null && !s.undoes && undoIsComplete(s.undo));
}

function undoIsComplete(undo: Undo): boolean {
  if (undo.kind === 'delete-credential') return undo.credentialId !== undefined;
  if (undo.kind === 'delete-config') return undo.configId !== undefined;
  return true;
}

/** Creates that never said how they ended: each may have landed, and is looked for by its fingerprint. */
export function unsureSteps(t: JournalTenant): JournaledStep[] {
  return t.steps.filter((s) => s.status === 'started' && s.fingerprint !== undefined && !s.undoes);
}

export function replayJournal(records: readonly JournalRecord[]): JournalState | null {
  const begin = records.find((r): r is BeginRecord => r.type === 'begin');
  if (!begin) return null;
  const tenants = new Map<string, JournalTenant>();
  for (const t of begin.tenants) tenants.set(t.tenantId, { ...t, steps: [], notes: {}, lastStep: 'not started', ended: null });
  let finished = false;
  for (const r of records) {
    if (r.type === 'end') finished = true;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: a begin or an end names no tenant, so below it
    // would find none and change nothing; the line is there for the types
    if (r.type === 'begin' || r.type === 'end') continue;
    const t = tenants.get(r.tenantId);
    if (t) applyRecord(t, r);
  }
  return { begin, tenants, finished };
}

/** One record's effect on its tenant: the same for a replay and for the copy a running operation keeps. */
export function applyRecord(t: JournalTenant, r: Exclude<JournalRecord, BeginRecord | { type: 'end' }>): void {
  if (r.type === 'tenant-end') {
    t.ended = r.outcome;
    return;
  }
  // A resume or a roll back takes a tenant up again: an earlier end does not stand once it goes on.
  t.ended = null;
  if (r.type === 'note') t.notes[r.key] = r.value;
  else applyStep(t, r);
}

function applyStep(t: JournalTenant, r: StepRecord): void {
  t.lastStep = `${r.object.kind}${r.object.name ? ` “${r.object.name}”` : ''}: ${r.phase}`;
  let step = t.steps.find((s) => s.stepId === r.stepId);
  if (!step) {
    step = { stepId: r.stepId, action: r.action, object: { ...r.object }, undo: r.undo ?? null, status: 'started', adopted: false };
    // Stryker disable ConditionalExpression: a field the record lacks would be set to undefined, which every reader takes as
    // absent (no writer journals an empty word, key or step id)
    if (r.step) step.step = r.step;
    if (r.key) step.key = r.key;
    if (r.fingerprint) step.fingerprint = r.fingerprint;
    if (r.undoes) step.undoes = r.undoes;
    // Stryker restore ConditionalExpression
    t.steps.push(step);
  }
  if (r.phase === 'start') return;
  if (r.phase === 'failed') {
    step.status = 'failed';
    return;
  }
  // A done record without an id keeps the one its start named.
  step.object = { ...step.object, id: r.object.id ?? step.object.id };
  step.status = 'done';
  step.adopted = r.adopted === true;
  if (step.undo) step.undo = completeUndo(step.undo, step.object.id);
  // A create that found what an earlier step made (a retry after a lost answer) made nothing new:
  // the earlier step keeps the undo, so it is taken back once.
  const undo = step.undo;
  if (undo?.kind === 'delete-credential' || undo?.kind === 'delete-config') {
    const twin = t.steps.find(
      (s) =>
        s !== step &&
        // Stryker disable next-line ConditionalExpression: a step of this kind and id that is not done was taken back, its
        // object deleted: no later create gets that id again
        s.status === 'done' &&
        s.undo?.kind === undo.kind &&
        s.object.id === step.object.id,
    );
    if (twin) step.undo = null;
  }
  // A step that undoes nothing finds none (no step id is empty). One whose step the journal could not read (a line a newer
  // version wrote) takes back nothing here.
  const undone = t.steps.find((s) => s.stepId === step.undoes);
  if (undone) undone.status = 'undone';
}

/** One operation's journal file. Every append is fsynced before it returns (a disk that refuses throws). */
export class OperationJournal {
  private readonly file: JsonLinesFile<JournalRecord>;

  constructor(readonly path: string) {
    this.file = new JsonLinesFile(path, journalRecordSchema);
  }

  append(record: DistributiveOmit<JournalRecord, 'at'>, now: Date = new Date()): void {
    this.file.append({ ...record, at: now.toISOString() } as JournalRecord);
  }

  state(): JournalState | null {
    return replayJournal(this.file.read().records);
  }
}

/** `Omit` of each member of a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The journals of every operation, in one folder. */
export class OperationJournals {
  constructor(readonly dir: string) {}

  open(operationId: string): OperationJournal {
    return new OperationJournal(join(this.dir, `${operationId}.jsonl`));
  }

  /** Operations whose journal has no end: the app quit or crashed while they ran. Oldest first. */
  unfinished(): { operationId: string; state: JournalState }[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    // Stryker disable next-line MethodExpression,StringLiteral: another file here would be read as `<its name but the last 6
    // characters>.jsonl`, which is not there (only journals are written here), so it is no journal either way
    const journalFiles = names.filter((n) => n.endsWith('.jsonl'));
    return journalFiles
      .flatMap((n) => {
        const operationId = n.slice(0, -'.jsonl'.length);
        const state = this.open(operationId).state();
        return state && !state.finished ? [{ operationId, state }] : [];
      })
      .sort((a, b) => a.state.begin.at.localeCompare(b.state.begin.at));
  }
}
