// The audit log as every process sees it: what one entry says, and how the Audit screen asks for a
// view of them. An entry names what changed on a tenant (kinds, names, ids) and how it ended; it
// never holds a secret (main runs every string through its redactor before the entry is written).
import { z } from 'zod';
import { profileIdSchema } from './tenant-profile';

export const auditActions = [
  'credential.create',
  'credential.validate',
  'credential.delete',
  'credential.rotate',
  'config.create',
  'config.update',
  'config.delete',
  'preference.set',
  'override.set',
  'override.clear',
  'agent.repoint',
  'sweep',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditActionLabels: Record<AuditAction, string> = {
  'credential.create': 'Credential created',
  'credential.validate': 'Credential validated',
  'credential.delete': 'Credential deleted',
  'credential.rotate': 'Credential rotated',
  'config.create': 'Config created',
  'config.update': 'Config updated',
  'config.delete': 'Config deleted',
  'preference.set': 'Defaults set',
  'override.set': 'Override set',
  'override.clear': 'Override cleared',
  'agent.repoint': 'Agent re-pointed',
  sweep: 'Health sweep',
};

/** `adopted`: it was on the tenant already (a create whose answer was lost, a retry), so nothing new was made. */
export const auditOutcomes = ['ok', 'failed', 'adopted'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export const auditSources = ['setup', 'apply', 'inventory', 'rotation', 'sweep'] as const;
export type AuditSource = (typeof auditSources)[number];

/** An `agent.repoint` names the agent, then the config it left, then the config it now uses. */
export const auditObjectKinds = ['credential', 'config', 'preference', 'override', 'agent'] as const;

/**
 * How long each string of an entry may be. Main cuts a longer one to fit (after redaction), so a
 * tenant's long name never keeps a change out of the log: a message is a short summary anyway.
 */
export const auditLimits = {
  message: 500,
  objectName: 500,
  objectId: 200,
  errorCode: 60,
  jobId: 100,
  tenantName: 200,
  environment: 60,
} as const;
export const auditMessageMaxLength = auditLimits.message;

/** `text` cut to `max` characters, the last an ellipsis, when longer (never half of a surrogate pair). */
export function shortenAuditText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}

export const auditObjectSchema = z.strictObject({
  kind: z.enum(auditObjectKinds),
  /** null: it has no id (yet), such as a create that failed. */
  id: z.string().max(auditLimits.objectId).nullable(),
  name: z.string().max(auditLimits.objectName).nullable(),
});
export type AuditObject = z.infer<typeof auditObjectSchema>;

/**
 * What a caller hands `auditLog.record`: strict, so no field outside these (a request body, a
 * form's values) can ride along into the file. Main adds the id, the time and the tenant's name.
 */
export const auditEntryInputSchema = z.strictObject({
  tenantId: profileIdSchema,
  action: z.enum(auditActions),
  objects: z.array(auditObjectSchema).max(200),
  outcome: z.enum(auditOutcomes),
  /** `AppError.code` of a failure, or what refused it (`provider-401`, a sweep's `rejected`). */
  errorCode: z.string().max(auditLimits.errorCode).optional(),
  message: z.string().max(auditLimits.message).optional(),
  source: z.enum(auditSources),
  jobId: z.string().max(auditLimits.jobId).optional(),
});
export type AuditEntryInput = z.input<typeof auditEntryInputSchema>;

/** One line of the log. Not strict on read: a line written by a newer version keeps what this one knows. */
export const auditEntrySchema = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  ...auditEntryInputSchema.shape,
  /** As the tenant was named when the entry was written (its id when the profile was gone). */
  tenantName: z.string().max(auditLimits.tenantName),
  /** The environment's label then ('' when the profile was gone). */
  environment: z.string().max(auditLimits.environment),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** The most entries one list answer carries (the screen asks for all of them only to export). */
export const maxAuditListLimit = 50_000;
export const defaultAuditListLimit = 2_000;

export const auditFilterSchema = z.strictObject({
  /**
   * Ids of tenants, removed ones too: an entry outlives its profile. Given, even empty, it is the
   * tenants whose entries are listed: the page's label filter sends [] when no tenant carries its labels.
   */
  tenantIds: z.array(z.string().max(200)).max(5000).optional(),
  actions: z.array(z.enum(auditActions)).max(auditActions.length).optional(),
  outcomes: z.array(z.enum(auditOutcomes)).max(auditOutcomes.length).optional(),
  /** Inclusive bounds on the entry's time. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Every word must be found in the entry (tenant, action, objects, outcome, error, message). */
  query: z.string().max(200).optional(),
  /** Entries that name one of these objects by id (with tenantIds: one object's history, as ids are per tenant). */
  objectIds: z.array(z.string().max(auditLimits.objectId)).max(200).optional(),
  limit: z.number().int().min(1).max(maxAuditListLimit).optional(),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

/** A line of the file that could not be read (a write cut short by a crash): 1-based. */
export interface AuditSkippedLine {
  line: number;
  reason: string;
}

export interface AuditList {
  /** Newest first, at most `limit` of them. */
  entries: AuditEntry[];
  /** How many entries match the filter, beyond the limit too. */
  total: number;
  skippedLines: AuditSkippedLine[];
  /** Entries of changes made since the app started that the disk would not take (shown, not yet in the file). */
  unwritten?: { count: number; message: string };
}

/** The words the text search looks in, lower case. */
export function auditSearchText(entry: AuditEntry): string {
  const objects = entry.objects.flatMap((o) => [o.kind, o.name ?? '', o.id ?? '']);
  return [
    entry.tenantName,
    entry.environment,
    entry.action,
    auditActionLabels[entry.action],
    entry.outcome,
    entry.errorCode ?? '',
    entry.message ?? '',
    entry.source,
    entry.jobId ?? '',
    ...objects,
  ]
    .join(' ')
    .toLowerCase();
}

/** A ready-made test for one filter (its words split once, its bounds parsed once). */
export function auditFilterMatcher(filter: AuditFilter): (entry: AuditEntry) => boolean {
  const tenants = filter.tenantIds ? new Set(filter.tenantIds) : null;
  const actions = filter.actions?.length ? new Set<string>(filter.actions) : null;
  const outcomes = filter.outcomes?.length ? new Set<string>(filter.outcomes) : null;
  const from = filter.from ? Date.parse(filter.from) : -Infinity;
  const to = filter.to ? Date.parse(filter.to) : Infinity;
  const words = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const objectIds = filter.objectIds?.length ? new Set(filter.objectIds) : null;
  return (entry) => {
    if (tenants && !tenants.has(entry.tenantId)) return false;
    if (objectIds && !entry.objects.some((o) => o.id !== null && objectIds.has(o.id))) return false;
    if (actions && !actions.has(entry.action)) return false;
    if (outcomes && !outcomes.has(entry.outcome)) return false;
    const at = Date.parse(entry.at);
    if (at < from || at > to) return false;
    if (words.length === 0) return true;
    const text = auditSearchText(entry);
    return words.every((w) => text.includes(w));
  };
}

/** "config “GPT-4o” (cfg-1)": how an object is named in the table and the export. */
export function auditObjectText(object: AuditObject): string {
  const name = object.name ? ` “${object.name}”` : '';
  const id = object.id ? ` (${object.id})` : '';
  return `${object.kind}${name}${id}`;
}
