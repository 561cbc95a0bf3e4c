// A change on tenants, as every process sees it: one report shape per tenant for every flow that
// writes to a tenant (setup, apply, rotation in place and by the fallback, inventory deletes and
// settings), and the operations a quit or a crash left unfinished, offered on the next start with
// Resume or Roll back. Names and ids only: never a secret.
import { z } from 'zod';
import { errorCodes } from './errors';
import { profileIdSchema } from './tenant-profile';

export const operationKinds = ['setup', 'apply', 'rotation', 'rotation-fallback', 'delete', 'settings'] as const;
export type OperationKind = (typeof operationKinds)[number];

export const operationIdSchema = z.uuid('not an operation id');

/** How one step ended: `adopted` it was there already (nothing new made); `skipped` on purpose, with why. */
export const operationStepStatuses = ['done', 'adopted', 'skipped', 'failed'] as const;
export type OperationStepStatus = (typeof operationStepStatuses)[number];

export const operationStepReportSchema = z.object({
  /** What kind of step, in one word a screen may group by: `credential`, `config`, `defaults`, `rollback`... */
  step: z.string().min(1).max(40),
  /** What it did, in words: `Created config “GPT-4o”`. */
  label: z.string(),
  status: z.enum(operationStepStatuses),
  objectId: z.string().optional(),
  /** Why it failed or was skipped. */
  message: z.string().optional(),
});
export type OperationStepReport = z.infer<typeof operationStepReportSchema>;

/**
 * How a tenant's part ended. `done`: all of it; `failed`: stopped (what it made is rolled back unless
 * kept: see `leftOnTenant`); `refused`: nothing written (a stale plan); `rolled-back`: what it made is
 * taken back; `cancelled`: stopped by the user and rolled back; `unfinished`: stopped and left for the
 * next start to resume or roll back (the tenant could not be read, the app quit).
 */
export const tenantOperationOutcomes = ['done', 'failed', 'refused', 'rolled-back', 'cancelled', 'unfinished'] as const;
export type TenantOperationOutcome = (typeof tenantOperationOutcomes)[number];

export const adviceSchema = z.object({ cause: z.string(), solution: z.string() });

/**
 * One object an operation was asked to change on a tenant (a credential to rotate, an item to
 * delete) and how it ended, in the kind's own word (`rotated`, `no-patch`; `deleted`, `gone`).
 */
export const operationTargetSchema = z.object({
  kind: z.enum(['credential', 'config']),
  id: z.string(),
  name: z.string(),
  outcome: z.string().min(1).max(40),
  /** Why it ended so, or what went with it (`2 agents moved to “Mistral”`). */
  message: z.string().optional(),
  /** The code of the error that stopped it, when one did (a timeout, a refused token): the tenant's error carries it. */
  code: z.enum(errorCodes).optional(),
});
export type OperationTarget = z.infer<typeof operationTargetSchema>;

/** One tenant's part of an operation: the same shape for every flow, shown the same way by every screen. */
export const tenantOperationReportSchema = z.object({
  kind: z.enum(operationKinds),
  outcome: z.enum(tenantOperationOutcomes),
  steps: z.array(operationStepReportSchema),
  /** What is on the tenant now that the user may not expect: kept after a failure, or not taken back, and why. */
  leftOnTenant: z.array(z.string()),
  /** The provider's advice when it refused a key. */
  advice: adviceSchema.nullable().optional(),
  /** Where the operation was asked to change several objects on the tenant: how each ended. */
  targets: z.array(operationTargetSchema).optional(),
});
export type TenantOperationReport = z.infer<typeof tenantOperationReportSchema>;

/** An operation a quit or a crash cut short, from its journal: what it is, and per tenant what it had made. */
export interface UnfinishedOperation {
  id: string;
  kind: OperationKind;
  title: string;
  /** How the offer names it: `Applying “Rollout”`, `Setting up OpenAI on Acme`. */
  summary: string;
  startedAt: string;
  /** Resume, as this kind names it (`Resume`, `Keep what it made`); `why` when it cannot resume now. */
  resume: { label: string; available: boolean; why?: string };
  tenants: UnfinishedTenant[];
}

export interface UnfinishedTenant {
  tenantId: string;
  tenantName: string;
  /** The last step the journal has: `config “GPT-4o”: start`. */
  lastStep: string;
  /** What the journal says it made and not yet took back: `credential “Team OpenAI”`, `config “GPT-4o”`. */
  made: string[];
  /** A create started and never said how it ended: it may have landed, and is looked for by its fingerprint. */
  unsure: boolean;
  /** Why a roll back cannot take it back (past the point of no return): Resume finishes it instead. */
  rollBackBlocked?: string;
}

export const operationActionInputSchema = z.strictObject({
  operationId: operationIdSchema,
  /** A production tenant's name, typed: resuming or rolling back changes it too. */
  confirmations: z.record(profileIdSchema, z.string().max(200)).optional(),
});
export type OperationActionInput = z.input<typeof operationActionInputSchema>;

/** A report's outcome in words, per kind where the words differ (an apply is "Applied"). */
export function outcomeLabel(kind: OperationKind, outcome: TenantOperationOutcome, failedAfterRollBack = false): string {
  if (outcome === 'done') return doneLabels[kind];
  if (outcome === 'rolled-back') return failedAfterRollBack ? 'Failed, rolled back' : 'Rolled back';
  return { failed: 'Failed', refused: 'Refused: stale plan', cancelled: 'Cancelled, rolled back', unfinished: 'Unfinished' }[outcome];
}

/**
 * A report's outcome in words, from the report itself: a cancel that left something on the tenant
 * (kept, or not taken back) or had nothing to take back is "Cancelled", never "rolled back".
 */
export function reportLabel(report: TenantOperationReport, failedAfterRollBack = false): string {
  const tookBack = report.steps.some((s) => s.step === 'rollback' && s.status !== 'failed');
  if (report.outcome === 'cancelled' && (report.leftOnTenant.length > 0 || !tookBack)) return 'Cancelled';
  return outcomeLabel(report.kind, report.outcome, failedAfterRollBack);
}

const doneLabels: Record<OperationKind, string> = {
  setup: 'Set up',
  apply: 'Applied',
  rotation: 'Rotated',
  'rotation-fallback': 'Replaced',
  delete: 'Deleted',
  settings: 'Saved',
};

/** The verb a screen names a tenant's part with: `Apply on Acme`. */
export const operationVerbs: Record<OperationKind, string> = {
  setup: 'Setup',
  apply: 'Apply',
  rotation: 'Rotation',
  'rotation-fallback': 'Replacement',
  delete: 'Deletion',
  settings: 'Settings',
};
