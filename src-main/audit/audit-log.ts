// The local audit log: one JSON line per change the app made (or tried to make) on a tenant,
// appended and fsynced before `record` returns, so an entry the caller was told is written survives
// a crash. A crash mid-write leaves at most one torn last line, which reading skips and reports.
// Nothing in an entry is a secret: every string goes through the redactor before it is written.
// Recording never fails the change it records: the change is made by then, and its caller must
// still learn what it did. A string too long is cut to fit; an entry the disk refuses is logged,
// kept, shown on the Audit screen with why, and written before the next entry.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  auditEntryInputSchema,
  auditEntrySchema,
  auditFilterMatcher,
  auditFilterSchema,
  auditLimits,
  defaultAuditListLimit,
  shortenAuditText,
  type AuditEntry,
  type AuditEntryInput,
  type AuditFilter,
  type AuditList,
  type AuditSkippedLine,
} from '../../src-shared/audit';
import { AppError, errorShapeOf } from '../../src-shared/errors';
import { plural } from '../../src-shared/plural';
import { validationError } from '../../src-shared/validation';
import type { ValidationResult } from '../alation/types';
import type { EventSink } from '../ipc/events';
import type { Logger } from '../log/logger';
import { JsonLinesFile, type AppendFailure } from '../storage/jsonl-file';

export const auditLogFileName = 'audit-log.jsonl';

/** The most entries kept in memory while the disk refuses them. */
const maxUnwritten = 10_000;

/** Where the tenant's name and environment come from: `TenantProfiles` (it throws for a removed id). */
export interface AuditProfiles {
  get(id: string): { name: string; environment: { label: string } };
}

export interface AuditLogDeps {
  dataDir: string;
  /** The main process's redactor: blanks every secret held now out of each string. */
  redactor: { redact(text: string): string };
  profiles: AuditProfiles;
  /** Tells an open Audit screen about each new entry. */
  events?: EventSink;
  log: Logger;
  now?: () => Date;
}

/** Anything that records changes: what the setup, inventory and apply services are given. */
export type AuditRecorder = Pick<AuditLog, 'record'>;
/** What records a batch of entries that end together (a tenant's sweep verdicts) with one fsync. */
export type AuditBatchRecorder = Pick<AuditLog, 'record' | 'recordMany'>;

/** The fields of a change that failed: its typed code and message (an unexpected error says nothing of itself). */
export function auditFailure(error: unknown): { outcome: 'failed'; errorCode: string; message: string } {
  const shape = errorShapeOf(error);
  return { outcome: 'failed', errorCode: shape.code, message: shape.message };
}

/**
 * Runs one change on a tenant and records it, done (`ok`) or failed; a failure then goes on to the
 * caller. `audit` is the log, or a job's recorder that adds the tenant, source and job itself.
 */
export async function recordChange<T, E extends Pick<AuditEntryInput, 'outcome'>>(
  audit: { record(entry: E): unknown } | undefined,
  entry: Omit<E, 'outcome'>,
  change: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await change();
  } catch (error) {
    // The entry and an outcome make an E: the type system cannot see it through the spread of a generic.
    audit?.record({ ...entry, ...auditFailure(error) } as unknown as E);
    throw error;
  }
  audit?.record({ ...entry, outcome: 'ok' } as unknown as E);
  return result;
}

/** How a credential's validation ended: a refusal carries the provider's status as its code (`provider-401`). */
export function validationOutcome(result: ValidationResult): Pick<AuditEntryInput, 'outcome' | 'errorCode' | 'message'> {
  if (result.valid === true) return { outcome: 'ok', message: `Valid: the provider lists ${result.models.length} models.` };
  if (result.valid === null) return { outcome: 'ok', message: 'The provider does not list its models: each model is checked on its own.' };
  const errorCode = result.providerStatus !== undefined ? `provider-${result.providerStatus}` : 'refused';
  return { outcome: 'failed', errorCode, message: result.error ?? 'The provider refused the credential.' };
}

export class AuditLog {
  readonly path: string;
  private readonly file: JsonLinesFile<AuditEntry>;
  private readonly now: () => Date;
  /** Every entry, oldest first, read from the file on the first list and kept up to date after. */
  private cache: { entries: AuditEntry[]; skipped: AuditSkippedLine[] } | null = null;
  /** Entries recorded but not in the file yet (the disk refused), oldest first. */
  private readonly unwritten: AuditEntry[] = [];
  /** Why the last write failed, while entries wait. */
  private writeFailure: string | null = null;
  /** Inputs left out because they did not fit the schema. */
  private refused = 0;
  /** Waiting entries given up on (more than `maxUnwritten` waited). */
  private lost = 0;

  constructor(private readonly deps: AuditLogDeps) {
    this.path = join(deps.dataDir, auditLogFileName);
    this.file = new JsonLinesFile(this.path, auditEntrySchema);
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Appends one entry and fsyncs it before returning it. Never throws: when the disk refuses, the
   * entry is kept in memory (listed, and written before the next one) and the Audit screen says so;
   * an input that does not fit even when cut (a bug, never data) is logged and left out.
   */
  record(input: AuditEntryInput): AuditEntry | undefined {
    return this.recordMany([input])[0];
  }

  /**
   * Appends entries that end together (a tenant's sweep verdicts) with one write and one fsync,
   * before returning them; otherwise as `record`. An input left out answers `undefined` in its place.
   */
  recordMany(inputs: readonly AuditEntryInput[]): (AuditEntry | undefined)[] {
    const entries = inputs.map((input) => this.entryOf(input));
    const recorded = entries.filter((e): e is AuditEntry => e !== undefined);
    if (recorded.length === 0) return entries;
    this.unwritten.push(...recorded);
    this.writeUnwritten();
    // A disk that stays full must not fill the memory too: the oldest waiting entries go first, counted.
    if (this.unwritten.length > maxUnwritten) this.lost += this.unwritten.splice(0, this.unwritten.length - maxUnwritten).length;
    for (const entry of recorded) {
      this.cache?.entries.push(entry);
      this.deps.events?.emit('audit.appended', entry);
    }
    return entries;
  }

  /** The entry for an input, or undefined (logged and counted) when it does not fit even when cut. */
  private entryOf(input: AuditEntryInput): AuditEntry | undefined {
    const parsed = auditEntryInputSchema.safeParse(this.fitted(input));
    if (!parsed.success) {
      this.refused += 1;
      const issue = validationError(parsed.error, 'The audit entry').message;
      this.deps.log.error('audit.entry_refused', { action: String(input.action), issue });
      return undefined;
    }
    return { id: randomUUID(), at: this.now().toISOString(), ...parsed.data, ...this.tenantOf(parsed.data.tenantId) };
  }

  /**
   * Appends, in order, every entry not in the file yet, in one write; when the disk refuses, one at
   * a time, so what it takes is written and the rest wait from the first it refused.
   */
  private writeUnwritten(): void {
    if (this.unwritten.length === 0) return;
    try {
      this.file.appendMany(this.unwritten);
      this.unwritten.length = 0;
      this.writeFailure = null;
      return;
    } catch (error) {
      // What reached the file whole is not written again (its fsync may be what failed: said in the
      // log); the rest one at a time, to find the first entry the disk refuses.
      const whole = (error as Partial<AppendFailure>).recordsWritten ?? 0;
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      this.deps.log.error('audit.write_failed', { code, written: whole, unwritten: this.unwritten.length - whole });
      this.unwritten.splice(0, whole);
    }
    while (this.unwritten.length > 0) {
      const entry = this.unwritten[0]!;
      try {
        this.file.append(entry);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
        this.deps.log.error('audit.write_failed', { action: entry.action, tenant: entry.tenantId, code, unwritten: this.unwritten.length });
        this.writeFailure = code;
        return;
      }
      this.unwritten.shift();
    }
    this.writeFailure = null;
  }

  /** What the Audit screen must say of entries not in the file, if any. */
  private unwrittenReport(): AuditList['unwritten'] {
    const count = this.unwritten.length + this.refused + this.lost;
    if (count === 0) return undefined;
    const parts: string[] = [];
    if (this.lost > 0) parts.push(`${plural(this.lost, 'entry', 'entries')} could not be written and were dropped while the disk refused.`);
    if (this.unwritten.length > 0) {
      const why = this.writeFailure ?? 'unknown error';
      parts.push(
        `${plural(this.unwritten.length, 'entry', 'entries')} could not be written to ${this.path} (${why}). ` +
          'They are shown here and written with the next entry once the disk takes them; they are lost if BYOM Desk quits first. ' +
          'Make sure the disk has space and the folder can be written.',
      );
    }
    if (this.refused > 0) {
      parts.push(`${plural(this.refused, 'entry', 'entries')} did not have the expected fields and were not written (see the log).`);
    }
    return { count, message: parts.join(' ') };
  }

  /** The entries that match, newest first, with how many match in all and the lines that could not be read. */
  list(filter: AuditFilter = {}): AuditList {
    const parsed = auditFilterSchema.safeParse(filter);
    if (!parsed.success) throw validationError(parsed.error, 'The audit filter');
    const { entries, skipped } = this.load();
    const matches = auditFilterMatcher(parsed.data);
    const limit = parsed.data.limit ?? defaultAuditListLimit;
    const found: AuditEntry[] = [];
    let total = 0;
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i]!;
      if (!matches(entry)) continue;
      total++;
      if (found.length < limit) found.push(entry);
    }
    const unwritten = this.unwrittenReport();
    return { entries: found, total, skippedLines: skipped.map((s) => ({ ...s })), ...(unwritten ? { unwritten } : {}) };
  }

  private load(): NonNullable<AuditLog['cache']> {
    if (this.cache) return this.cache;
    try {
      const { records, skipped } = this.file.read();
      if (skipped.length > 0) this.deps.log.warn('audit.lines_skipped', { count: skipped.length, first: skipped[0]!.line });
      // Entries the disk refused so far are not in the file, but they happened.
      this.cache = { entries: [...records, ...this.unwritten], skipped };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new AppError('storage', `BYOM Desk could not read its audit log (${this.path}: ${code}). Check that the file can be read.`);
    }
    return this.cache;
  }

  private tenantOf(tenantId: string): Pick<AuditEntry, 'tenantName' | 'environment'> {
    try {
      const profile = this.deps.profiles.get(tenantId);
      return {
        tenantName: shortenAuditText(this.deps.redactor.redact(profile.name), auditLimits.tenantName),
        environment: shortenAuditText(this.deps.redactor.redact(profile.environment.label), auditLimits.environment),
      };
    } catch {
      // The profile was removed (an apply that outlived it): the id still says which tenant it was.
      return { tenantName: shortenAuditText(tenantId, auditLimits.tenantName), environment: '' };
    }
  }

  /**
   * Every string redacted, then cut to what an entry holds: cutting first could split a secret so
   * the redactor misses it. A message is also put on one line.
   */
  private fitted(input: AuditEntryInput): AuditEntryInput {
    const fit = (text: string, max: number) => shortenAuditText(this.deps.redactor.redact(text), max);
    const { message, errorCode, jobId, ...rest } = input;
    return {
      ...rest,
      tenantId: this.deps.redactor.redact(rest.tenantId),
      objects: rest.objects.map((o) => ({
        ...o,
        id: o.id === null ? null : fit(o.id, auditLimits.objectId),
        name: o.name === null ? null : fit(o.name, auditLimits.objectName),
      })),
      ...(message !== undefined ? { message: fit(message.replace(/\s+/g, ' ').trim(), auditLimits.message) } : {}),
      ...(errorCode !== undefined ? { errorCode: fit(errorCode, auditLimits.errorCode) } : {}),
      ...(jobId !== undefined ? { jobId: fit(jobId, auditLimits.jobId) } : {}),
    };
  }
}
