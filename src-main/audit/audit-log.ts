// The local audit log: one JSON line per change the app made (or tried to make) on a tenant,
// appended and fsynced before `record` returns, so an entry the caller was told is written survives
// a crash. A crash mid-write leaves at most one torn last line, which reading skips and reports.
// Nothing in an entry is a secret: every string goes through the redactor before it is written.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  auditEntryInputSchema,
  auditEntrySchema,
  auditFilterMatcher,
  auditFilterSchema,
  auditMessageMaxLength,
  defaultAuditListLimit,
  type AuditEntry,
  type AuditEntryInput,
  type AuditFilter,
  type AuditList,
  type AuditSkippedLine,
} from '../../src-shared/audit';
import { AppError, errorShapeOf } from '../../src-shared/errors';
import { validationError } from '../../src-shared/validation';
import type { ValidationResult } from '../alation/types';
import type { EventSink } from '../ipc/events';
import type { Logger } from '../log/logger';
import { JsonLinesFile } from '../storage/jsonl-file';

export const auditLogFileName = 'audit-log.jsonl';

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

/** The fields of a change that failed: its typed code and message (an unexpected error says nothing of itself). */
export function auditFailure(error: unknown): { outcome: 'failed'; errorCode: string; message: string } {
  const shape = errorShapeOf(error);
  return { outcome: 'failed', errorCode: shape.code, message: shape.message };
}

/**
 * Runs one change on a tenant and records it, done (`ok`) or failed; a failure then goes on to the
 * caller. `audit` is the log, or a job's recorder that adds the tenant, source and job itself.
 */
export async function recordChange<T, E extends Pick<AuditEntryInput, 'outcome'>>(audit: { record(entry: E): unknown } | undefined, entry: Omit<E, 'outcome'>, change: () => Promise<T>): Promise<T> {
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

  constructor(private readonly deps: AuditLogDeps) {
    this.path = join(deps.dataDir, auditLogFileName);
    this.file = new JsonLinesFile(this.path, auditEntrySchema);
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Appends one entry and fsyncs it before returning it. Throws a `storage` AppError when the disk
   * refuses, so the caller knows the change went unrecorded; a `validation` one for a malformed input.
   */
  record(input: AuditEntryInput): AuditEntry {
    const parsed = auditEntryInputSchema.safeParse(this.redacted(input));
    if (!parsed.success) throw validationError(parsed.error, 'The audit entry');
    const entry: AuditEntry = { id: randomUUID(), at: this.now().toISOString(), ...parsed.data, ...this.tenantOf(parsed.data.tenantId) };
    try {
      this.file.append(entry);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      this.deps.log.error('audit.write_failed', { action: entry.action, tenant: entry.tenantId, code });
      throw new AppError('storage', `BYOM Desk could not write to its audit log (${this.path}: ${code}). Make sure the disk has space and the folder can be written, then try again.`);
    }
    this.cache?.entries.push(entry);
    this.deps.events?.emit('audit.appended', entry);
    return entry;
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
    return { entries: found, total, skippedLines: skipped.map((s) => ({ ...s })) };
  }

  private load(): NonNullable<AuditLog['cache']> {
    if (this.cache) return this.cache;
    try {
      const { records, skipped } = this.file.read();
      if (skipped.length > 0) this.deps.log.warn('audit.lines_skipped', { count: skipped.length, first: skipped[0]!.line });
      this.cache = { entries: records, skipped };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new AppError('storage', `BYOM Desk could not read its audit log (${this.path}: ${code}). Check that the file can be read.`);
    }
    return this.cache;
  }

  private tenantOf(tenantId: string): Pick<AuditEntry, 'tenantName' | 'environment'> {
    try {
      const profile = this.deps.profiles.get(tenantId);
      return { tenantName: this.deps.redactor.redact(profile.name), environment: this.deps.redactor.redact(profile.environment.label) };
    } catch {
      // The profile was removed (an apply that outlived it): the id still says which tenant it was.
      return { tenantName: tenantId, environment: '' };
    }
  }

  /** Every string redacted, then a long message cut short: cutting first could split a secret so the redactor misses it. */
  private redacted(input: AuditEntryInput): AuditEntryInput {
    const redact = (text: string) => this.deps.redactor.redact(text);
    const { message, errorCode, jobId, ...rest } = input;
    return {
      ...rest,
      tenantId: redact(rest.tenantId),
      objects: rest.objects.map((o) => ({ ...o, id: o.id === null ? null : redact(o.id), name: o.name === null ? null : redact(o.name) })),
      ...(message !== undefined ? { message: shorten(redact(message)) } : {}),
      ...(errorCode !== undefined ? { errorCode: redact(errorCode) } : {}),
      ...(jobId !== undefined ? { jobId: redact(jobId) } : {}),
    };
  }
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= auditMessageMaxLength ? oneLine : `${oneLine.slice(0, auditMessageMaxLength - 1)}…`;
}
