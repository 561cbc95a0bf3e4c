// The journal of one apply: `<dataDir>/applies/<applyId>.jsonl`, one fsynced line before and after
// every step that writes to a tenant. If the app quits or crashes half-way, the next start reads it
// back and knows, per tenant, what was made (ids) and what was under way (a create whose answer
// may have been lost), so it can finish the apply or take it back. Never a secret: names and ids.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { applyStepKinds, type TenantApplyReport } from '../../src-shared/apply';
import { JsonLinesFile } from '../storage/jsonl-file';

const beginSchema = z.object({
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
      /** Credentials of that name on the tenant before the apply: never taken for ours. */
      knownCredentialIds: z.array(z.string()),
      /** The plan adopted an existing credential: it is never deleted by a roll back. */
      adoptedCredentialId: z.string().nullable(),
      /** The tenant's defaults as planned: a resume never overwrites a default someone changed since. */
      plannedDefaults: z.object({ llm: z.string().nullable(), embedding: z.string().nullable() }).default({ llm: null, embedding: null }),
    }),
  ),
});

const stepSchema = z.object({
  type: z.literal('step'),
  at: z.iso.datetime(),
  tenantId: z.string(),
  step: z.enum(applyStepKinds),
  phase: z.enum(['start', 'done', 'failed']),
  /** For a config: its model ID; its display name in `name`. */
  key: z.string().optional(),
  /** `update`: a config that was there already, changed in place; never counted as made by the run. */
  op: z.enum(['create', 'update']).optional(),
  name: z.string().optional(),
  objectId: z.string().optional(),
  /** It was there already (a lost answer that had landed). */
  adopted: z.boolean().optional(),
  /** For defaults: what they were before, to put back on a roll back, and what the run set. */
  previous: z.object({ llm: z.string().nullable(), embedding: z.string().nullable() }).optional(),
  next: z.object({ llm: z.string().nullable(), embedding: z.string().nullable() }).optional(),
  errorCode: z.string().optional(),
});

const tenantEndSchema = z.object({
  type: z.literal('tenant-end'),
  at: z.iso.datetime(),
  tenantId: z.string(),
  outcome: z.enum(['applied', 'failed', 'refused', 'rolled-back', 'cancelled']),
});

const endSchema = z.object({ type: z.literal('end'), at: z.iso.datetime() });

export const journalRecordSchema = z.discriminatedUnion('type', [beginSchema, stepSchema, tenantEndSchema, endSchema]);
export type JournalRecord = z.infer<typeof journalRecordSchema>;
export type JournalBegin = z.infer<typeof beginSchema>;
export type JournalStep = Omit<z.infer<typeof stepSchema>, 'type' | 'at'>;

/** One tenant of an apply, as its journal tells it. */
export interface JournalTenant {
  tenantId: string;
  credentialId: string | null;
  /** The credential's create started and never said how it ended. */
  credentialUnsure: boolean;
  configs: { modelId: string; name: string; id: string }[];
  /** Config creates that started and never said how they ended: they may have landed. */
  configsUnsure: { modelId: string; name: string }[];
  /** Set when the apply changed the tenant's defaults: what they were, and what it set. */
  previousDefaults: { llm: string | null; embedding: string | null } | null;
  setDefaults: { llm: string | null; embedding: string | null } | null;
  lastStep: string;
  ended: TenantApplyReport['outcome'] | null;
}

export interface JournalState {
  begin: JournalBegin;
  tenants: Map<string, JournalTenant>;
  finished: boolean;
}

export function emptyJournalTenant(tenantId: string): JournalTenant {
  return { tenantId, credentialId: null, credentialUnsure: false, configs: [], configsUnsure: [], previousDefaults: null, setDefaults: null, lastStep: 'not started', ended: null };
}

export function replayJournal(records: readonly JournalRecord[]): JournalState | null {
  const begin = records.find((r): r is JournalBegin => r.type === 'begin');
  if (!begin) return null;
  const tenants = new Map<string, JournalTenant>();
  for (const t of begin.tenants) {
    tenants.set(t.tenantId, emptyJournalTenant(t.tenantId));
  }
  let finished = false;
  for (const r of records) {
    if (r.type === 'end') finished = true;
    if (r.type === 'tenant-end') {
      const t = tenants.get(r.tenantId);
      if (t) t.ended = r.outcome;
    }
    // A resume starts the tenant again: an earlier end does not stand once its steps go on.
    if (r.type !== 'step') continue;
    const t = tenants.get(r.tenantId);
    if (!t) continue;
    t.ended = null;
    t.lastStep = `${r.step}${r.name ? ` “${r.name}”` : ''}: ${r.phase}`;
    if (r.step === 'credential') {
      if (r.phase === 'start') t.credentialUnsure = t.credentialId === null;
      if (r.phase === 'done' && r.objectId) Object.assign(t, { credentialId: r.objectId, credentialUnsure: false });
      if (r.phase === 'failed') t.credentialUnsure = false;
    }
    if (r.step === 'config' && r.key && r.op !== 'update') {
      const key = r.key;
      t.configsUnsure = t.configsUnsure.filter((c) => c.modelId !== key);
      if (r.phase === 'start') t.configsUnsure.push({ modelId: key, name: r.name ?? key });
      if (r.phase === 'done' && r.objectId && !t.configs.some((c) => c.id === r.objectId)) t.configs.push({ modelId: key, name: r.name ?? key, id: r.objectId });
    }
    if (r.step === 'defaults' && r.phase === 'start' && r.previous && !t.previousDefaults) t.previousDefaults = r.previous;
    if (r.step === 'defaults' && r.phase === 'start' && r.next) t.setDefaults = r.next;
    if (r.step === 'rollback' && r.phase === 'done') {
      if (r.objectId === t.credentialId) t.credentialId = null;
      t.configs = t.configs.filter((c) => c.id !== r.objectId);
    }
  }
  return { begin, tenants, finished };
}

/** The journals of every apply, in one folder. */
export class ApplyJournals {
  constructor(private readonly dir: string) {}

  open(applyId: string): ApplyJournal {
    return new ApplyJournal(new JsonLinesFile(join(this.dir, `${applyId}.jsonl`), journalRecordSchema));
  }

  /** Applies whose journal has no end: the app quit or crashed while they ran. */
  unfinished(): { applyId: string; state: JournalState }[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => n.endsWith('.jsonl'))
      .flatMap((n) => {
        const applyId = n.slice(0, -'.jsonl'.length);
        const state = this.open(applyId).state();
        return state && !state.finished ? [{ applyId, state }] : [];
      })
      .sort((a, b) => a.state.begin.at.localeCompare(b.state.begin.at));
  }
}

export class ApplyJournal {
  constructor(private readonly file: JsonLinesFile<JournalRecord>) {}

  begin(record: Omit<z.input<typeof beginSchema>, 'type' | 'at'>): void {
    this.file.append(beginSchema.parse({ type: 'begin', at: new Date().toISOString(), ...record }));
  }

  step(step: JournalStep): void {
    this.file.append({ type: 'step', at: new Date().toISOString(), ...step });
  }

  tenantEnd(tenantId: string, outcome: TenantApplyReport['outcome']): void {
    this.file.append({ type: 'tenant-end', at: new Date().toISOString(), tenantId, outcome });
  }

  end(): void {
    this.file.append({ type: 'end', at: new Date().toISOString() });
  }

  state(): JournalState | null {
    return replayJournal(this.file.read().records);
  }
}
