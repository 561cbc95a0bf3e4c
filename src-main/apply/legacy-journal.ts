// Applies journaled by an earlier BYOM Desk (`<dataDir>/applies/<applyId>.jsonl`, one line per step
// of an apply) that never ended: each is written once as an operation's journal (`operations/`),
// with the same id, so the next start offers it like any operation, and the old file is renamed
// `.migrated` (kept, never deleted). A finished one is left where it is.
import { readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { applyStepKinds } from '../../src-shared/apply';
import { plural } from '../../src-shared/plural';
import type { Logger } from '../log/logger';
import { JsonLinesFile } from '../storage/jsonl-file';
import type { JournalRecord, TenantOperations } from '../tenant-ops';
import type { ApplyContext } from './apply-context';

const ids = z.object({ llm: z.string().nullable(), embedding: z.string().nullable() });

const legacyRecordSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('begin'),
    at: z.iso.datetime(),
    applyId: z.uuid(),
    planId: z.string(),
    draftId: z.uuid(),
    draftTitle: z.string(),
    draftRevision: z.number().int(),
    keepFailed: z.boolean(),
    tenants: z.array(
      z.object({
        tenantId: z.string(),
        tenantName: z.string(),
        credentialName: z.string(),
        knownCredentialIds: z.array(z.string()),
        adoptedCredentialId: z.string().nullable(),
        plannedDefaults: ids.default({ llm: null, embedding: null }),
      }),
    ),
  }),
  z.object({
    type: z.literal('step'),
    at: z.iso.datetime(),
    tenantId: z.string(),
    step: z.enum(applyStepKinds),
    phase: z.enum(['start', 'done', 'failed']),
    key: z.string().optional(),
    op: z.enum(['create', 'update']).optional(),
    name: z.string().optional(),
    objectId: z.string().optional(),
    adopted: z.boolean().optional(),
    previous: ids.optional(),
    next: ids.optional(),
    errorCode: z.string().optional(),
  }),
  z.object({
    type: z.literal('tenant-end'),
    at: z.iso.datetime(),
    tenantId: z.string(),
    outcome: z.enum(['applied', 'failed', 'refused', 'rolled-back', 'cancelled']),
  }),
  z.object({ type: z.literal('end'), at: z.iso.datetime() }),
]);
type LegacyRecord = z.infer<typeof legacyRecordSchema>;
type LegacyBegin = Extract<LegacyRecord, { type: 'begin' }>;

/** Moves every unfinished legacy apply journal in `dir` into `operations`. Answers how many. */
export function migrateLegacyApplies(dir: string, operations: Pick<TenantOperations, 'importJournal'>, log: Logger): number {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.jsonl'));
  } catch {
    return 0;
  }
  let moved = 0;
  for (const name of names) {
    const path = join(dir, name);
    const records = new JsonLinesFile(path, legacyRecordSchema).read().records;
    const begin = records.find((r): r is LegacyBegin => r.type === 'begin');
    if (!begin || records.some((r) => r.type === 'end')) continue;
    try {
      operations.importJournal(begin.applyId, convert(begin, records));
      renameSync(path, `${path}.migrated`);
      moved++;
    } catch (error) {
      log.warn('apply.legacy_journal_not_moved', { apply: begin.applyId, code: (error as NodeJS.ErrnoException).code ?? 'unknown' });
    }
  }
  return moved;
}

export function convert(begin: LegacyBegin, records: readonly LegacyRecord[]): JournalRecord[] {
  const context: ApplyContext = { ...begin, tenants: begin.tenants.map(({ tenantName: _name, ...t }) => t) };
  const out: JournalRecord[] = [
    {
      type: 'begin',
      at: begin.at,
      operationId: begin.applyId,
      kind: 'apply',
      title: `Apply “${begin.draftTitle}” to ${plural(begin.tenants.length, 'tenant')}`,
      summary: `Applying “${begin.draftTitle}”`,
      source: 'apply',
      tenants: begin.tenants.map((t) => ({ tenantId: t.tenantId, tenantName: t.tenantName })),
      context,
    },
  ];
  /** Per tenant: the step id of the latest start of each legacy step (and key), and each made object's step. */
  const open = new Map<string, string>();
  const byObject = new Map<string, { stepId: string; kind: 'credential' | 'config'; name: string | null }>();
  const credentialOf = new Map<string, string | null>(begin.tenants.map((t) => [t.tenantId, t.adoptedCredentialId]));
  let n = 0;
  for (const r of records) {
    if (r.type === 'tenant-end')
      out.push({ type: 'tenant-end', at: r.at, tenantId: r.tenantId, outcome: r.outcome === 'applied' ? 'done' : r.outcome });
    if (r.type !== 'step') continue;
    const b = begin.tenants.find((t) => t.tenantId === r.tenantId);
    if (!b) continue;
    const base = { type: 'step' as const, at: r.at, tenantId: r.tenantId };
    const slot = `${r.tenantId}/${r.step}/${r.key ?? ''}`;
    if (r.step === 'rollback') {
      const made = r.objectId ? byObject.get(`${r.tenantId}/${r.objectId}`) : undefined;
      if (!made || r.phase !== 'done') continue;
      const action = made.kind === 'credential' ? 'credential.delete' : 'config.delete';
      const step = {
        ...base,
        stepId: `legacy-${++n}`,
        action,
        object: { kind: made.kind, id: r.objectId!, name: made.name },
        undoes: made.stepId,
      } as const;
      out.push({ ...step, phase: 'start', undo: null }, { ...step, phase: 'done' });
      continue;
    }
    const write = legacyWrite(r, b, credentialOf.get(r.tenantId) ?? null);
    if (!write) continue;
    if (r.phase === 'start') {
      const stepId = `legacy-${++n}`;
      open.set(slot, stepId);
      out.push({ ...base, stepId, phase: 'start', ...write });
      continue;
    }
    const stepId = open.get(slot);
    if (!stepId) continue;
    open.delete(slot);
    const object = { ...write.object, ...(r.objectId ? { id: r.objectId } : {}) };
    out.push({
      ...base,
      stepId,
      phase: r.phase,
      action: write.action,
      object,
      ...(r.adopted ? { adopted: true } : {}),
      ...(r.errorCode ? { errorCode: r.errorCode } : {}),
    });
    if (r.phase === 'done' && r.objectId && (write.object.kind === 'credential' || write.object.kind === 'config') && write.undo) {
      byObject.set(`${r.tenantId}/${r.objectId}`, { stepId, kind: write.object.kind, name: write.object.name });
      if (write.object.kind === 'credential') credentialOf.set(r.tenantId, r.objectId);
    }
  }
  return out;
}

type LegacyStep = Extract<LegacyRecord, { type: 'step' }>;

/** What a legacy step wrote, as the operation model says it; null for a step that wrote nothing. */
function legacyWrite(r: LegacyStep, b: LegacyBegin['tenants'][number], credentialId: string | null) {
  if (r.step === 'credential') {
    const name = r.name ?? b.credentialName;
    const knownIds = [...b.knownCredentialIds, ...(b.adoptedCredentialId ? [b.adoptedCredentialId] : [])];
    return {
      action: 'credential.create' as const,
      object: { kind: 'credential' as const, id: null, name },
      step: 'credential',
      undo: { kind: 'delete-credential' as const, name },
      // The old journal kept the name only: identity and tails are not known.
      fingerprint: { kind: 'credential' as const, name, identity: {}, tails: {}, knownIds },
    };
  }
  if (r.step === 'config' && r.key) {
    const name = r.name ?? r.key;
    const object = { kind: 'config' as const, id: r.op === 'update' ? (r.objectId ?? null) : null, name };
    if (r.op === 'update') return { action: 'config.update' as const, object, step: 'config', key: r.key, undo: null };
    const fingerprint = { kind: 'config' as const, name, modelName: r.key, credentialId: credentialId ?? '' };
    return {
      action: 'config.create' as const,
      object,
      step: 'config',
      key: r.key,
      undo: { kind: 'delete-config' as const, name },
      fingerprint,
    };
  }
  if (r.step === 'defaults') {
    const undo = r.previous && r.next ? { kind: 'put-preference' as const, previous: r.previous, set: r.next } : null;
    return {
      action: 'preference.set' as const,
      object: { kind: 'preference' as const, id: null, name: 'defaults' },
      step: 'defaults',
      undo,
    };
  }
  return null;
}
