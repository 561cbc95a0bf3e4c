// The files the crash-safety test writes and reads back, each through the app's own store: the
// profiles document, the drafts document, a tenant's inventory cache, an operation's journal
// (`operations/<id>.jsonl`: applies, rotations and the rest) and the audit log. Each state is
// numbered, so a reader can tell which write it sees and whether it is whole. Shared by the child
// that writes (crash-writer.ts) and the test that checks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog, auditLogFileName } from '../../src-main/audit/audit-log';
import { DraftStore } from '../../src-main/drafts/draft-store';
import { InventoryCache } from '../../src-main/inventory/inventory-cache';
import { silentLogger } from '../../src-main/log/logger';
import { openProfileStore, type StoredProfile } from '../../src-main/profiles/profile-store';
import type { SecretStore } from '../../src-main/secrets/secret-store';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import { JsonLinesFile } from '../../src-main/storage/jsonl-file';
import { journalRecordSchema, OperationJournals } from '../../src-main/tenant-ops/journal';
import { auditEntrySchema } from '../../src-shared/audit';
import type { DraftContent, DraftView } from '../../src-shared/drafts';
import type { TenantInventory } from '../../src-shared/inventory';

export const crashKinds = ['profiles', 'drafts', 'inventory', 'journal', 'audit'] as const;
export type CrashKind = (typeof crashKinds)[number];

export const inventoryTenant = '0b6f8a52-4d7e-4c1a-9f3b-2e8d5c7a1b90';
export const journalOperationId = '6f1d3c1e-8d4b-4a51-9a43-5d2f1b7c9e10';
const at = '2025-01-01T00:00:00.000Z';
/** Big enough that a write takes a while, so a kill often lands in the middle of one. */
const filler = (n: number, length: number) => `${n} `.padEnd(length, 'abcdefghij');

export const openProfiles = (dataDir: string) => openProfileStore(confDocumentFiles(dataDir), silentLogger);

export function profilesAt(n: number): StoredProfile[] {
  return Array.from({ length: 150 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `Tenant ${n} ${i}`,
    baseUrl: `https://tenant-${i}.example.com`,
    environment: { label: 'staging', color: '#bf8700' },
    labels: ['emea', `batch-${n}`],
    auth: { method: 'apiToken' as const },
    caPem: filler(n, 2000),
    revision: 1,
    createdAt: at,
    updatedAt: at,
  }));
}

/** The state number of a profiles document, or NaN when its profiles disagree (a torn write). */
export function profilesNumber(profiles: StoredProfile[]): number {
  if (profiles.length === 0) return 0;
  const n = Number(profiles[0]!.name.split(' ')[1]);
  const whole = profiles.length === 150 && profiles.every((p, i) => p.name === `Tenant ${n} ${i}` && p.caPem === filler(n, 2000));
  return whole ? n : NaN;
}

/** Drafts without secrets never reach the keychain; this store answers if they ever do. */
const noKeychain: SecretStore = {
  backend: 'none',
  status: async () => ({ available: false, locked: false, backend: 'none', message: 'not used' }) as never,
  set: async () => {
    throw new Error('the crash test stores no secret');
  },
  get: async () => null,
  delete: async () => false,
  listAccounts: async () => [],
};

export const openDraftStore = (dataDir: string) =>
  new DraftStore({ files: confDocumentFiles(dataDir), secrets: noKeychain, log: silentLogger });

export function draftAt(n: number): DraftContent {
  return {
    title: `Progress ${n}`,
    providerId: 'openai',
    values: { name: `Team ${n}` },
    models: Array.from({ length: 300 }, (_, i) => ({
      modelId: `model-${n}-${i}`,
      name: `Model ${n} ${i}`,
      isEmbedding: false,
      dimensions: null,
      extraConfig: null,
    })),
    defaults: { llmModelId: null, embeddingModelId: null },
    expiresAt: null,
    notes: filler(n, 3000),
  };
}

/** The state number of the drafts document, or NaN when the draft is not whole. */
export function progressDraftNumber(drafts: DraftView[]): number {
  if (drafts.length === 0) return 0;
  const draft = drafts[0]!;
  const n = Number(draft.title.split(' ')[1]);
  const modelsWhole = draft.models.length === 300 && draft.models.every((m, i) => m.modelId === `model-${n}-${i}`);
  const whole = drafts.length === 1 && modelsWhole && draft.notes === filler(n, 3000);
  return whole ? n : NaN;
}

export const openInventoryCache = (dataDir: string) => new InventoryCache({ files: confDocumentFiles(dataDir), log: silentLogger });

export function inventoryAt(n: number): TenantInventory {
  return {
    tenantId: inventoryTenant,
    readAt: at,
    credentials: Array.from({ length: 300 }, (_, i) => ({
      id: `cred-${i}`,
      name: `Credential ${n} ${i}`,
      credsType: 'openai',
      details: { base_url: `https://api.example.com/${n}/${i}` },
      masked: { api_key: '****abcd' },
      createdAt: at,
      updatedAt: at,
    })),
    configs: Array.from({ length: 300 }, (_, i) => ({
      id: `config-${i}`,
      name: `Config ${n} ${i}`,
      provider: 'openai',
      modelName: `model-${n}-${i}`,
      credentialId: `cred-${i}`,
      isEmbedding: false,
      dimensions: null,
      builtIn: false,
      extraConfig: null,
    })),
    preference: { defaultLlmConfigId: null, defaultEmbeddingConfigId: null, hideDefaultModels: false },
    overrides: [],
    agents: [],
  };
}

/** The state number of the cached inventory, or NaN when it is not whole. */
export function inventoryNumber(inventory: TenantInventory | undefined): number {
  if (!inventory) return 0;
  const n = Number(inventory.credentials[0]?.name.split(' ')[1]);
  const configsWhole = inventory.configs.length === 300 && inventory.configs.every((c, i) => c.name === `Config ${n} ${i}`);
  const whole = inventory.credentials.length === 300 && configsWhole;
  return whole ? n : NaN;
}

export const openJournal = (dataDir: string) => new OperationJournals(join(dataDir, 'operations')).open(journalOperationId);

/** One step of an operation, numbered; the key carries the bulk. */
export function journalStepAt(n: number) {
  return {
    type: 'step' as const,
    tenantId: inventoryTenant,
    stepId: `step-${n}`,
    phase: 'done' as const,
    action: 'config.create' as const,
    object: { kind: 'config' as const, id: `config-${n}`, name: `Config ${n}` },
    key: filler(n, 600),
  };
}

export const openAuditLog = (dataDir: string) =>
  new AuditLog({
    dataDir,
    redactor: { redact: (text) => text },
    profiles: { get: () => ({ name: 'Acme', environment: { label: 'staging' } }) },
    log: silentLogger,
  });

/** What a JSON Lines file holds: the numbered records in order, and the lines its reader skipped. */
export interface NumberedLines {
  numbers: number[];
  skipped: { line: number; reason: string }[];
  lines: number;
}

export function readJournalNumbers(dataDir: string): NumberedLines {
  const file = new JsonLinesFile(openJournal(dataDir).path, journalRecordSchema);
  const { records, skipped } = file.read();
  const numbers = records.flatMap((r) => {
    const n = r.type === 'step' ? Number(r.stepId.slice('step-'.length)) : NaN;
    return r.type === 'step' && r.key === filler(n, 600) ? [n] : [];
  });
  return { numbers, skipped, lines: lineCount(file.path) };
}

export function readAuditNumbers(dataDir: string): NumberedLines {
  const file = new JsonLinesFile(join(dataDir, auditLogFileName), auditEntrySchema);
  const { records, skipped } = file.read();
  const numbers = records.flatMap((r) => (r.objects.length === 10 ? [Number(r.message?.split(' ')[1])] : []));
  return { numbers, skipped, lines: lineCount(file.path) };
}

function lineCount(path: string): number {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '').length;
  } catch {
    return 0;
  }
}
