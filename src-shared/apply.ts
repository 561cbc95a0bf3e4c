// Plan and apply, as every process sees them. A plan reads each target tenant and says, before
// anything is written, what applying the draft would create, what is there already and matches,
// what conflicts and which defaults change; it records each tenant's state as read, and an apply
// refuses a tenant whose state has changed since (as Terraform refuses a stale plan).
import { z } from 'zod';
import { draftIdSchema } from './drafts';
import { jobIdSchema } from './jobs';
import { profileIdSchema } from './tenant-profile';

export interface PlannedCredential {
  /** `exists`: a credential of this name with the same type and non-secret fields: it is adopted. */
  action: 'create' | 'exists' | 'conflict';
  name: string;
  existingId: string | null;
  /** Every credential of this name on the tenant as read: none of them is ever taken for one the apply made. */
  knownIds: string[];
  /** For a conflict: the fields that differ, by label ("Region: us-east-1 on the tenant"). */
  differences: string[];
}

export interface PlannedConfig {
  modelId: string;
  name: string;
  isEmbedding: boolean;
  /** `update`: it exists and matches but its extra config differs: it is changed in place. */
  action: 'create' | 'exists' | 'update' | 'conflict';
  existingId: string | null;
  /** What the extra config is ("reasoning high"), empty when none. */
  extraConfig: string;
  /** Why it conflicts, or a warning ("a built-in config has this name too"). */
  message: string | null;
}

export interface PlannedDefault {
  kind: 'llm' | 'embedding';
  modelId: string;
  action: 'set' | 'unchanged';
  /** What the tenant's default is now; null is Alation's own. */
  from: { id: string; name: string } | null;
}

export interface TenantPlan {
  tenantId: string;
  readAt: string;
  /** A digest of the tenant's credentials, configs and preference as read. */
  fingerprint: string;
  /** `conflict`: it cannot be applied to this tenant as drafted; `in-sync`: nothing to do. */
  status: 'changes' | 'in-sync' | 'conflict';
  credential: PlannedCredential;
  configs: PlannedConfig[];
  defaults: PlannedDefault[];
  warnings: string[];
  /** The tenant's agents as read (null: it has no agent API), and those on each config the plan finds there already. */
  agents?: PlannedAgents | null;
}

export interface PlannedAgents {
  total: number;
  /** By existing config id: the names of the agents that use it. */
  onConfigs: Record<string, string[]>;
}

export const startPlanInputSchema = z.strictObject({
  draftId: draftIdSchema,
  tenantIds: z.array(profileIdSchema).min(1, 'choose at least one tenant').max(500),
});

export interface PlanStarted {
  planId: string;
  jobId: string;
}

export const startApplyInputSchema = z.strictObject({
  planId: jobIdSchema,
  /** The planned tenants to apply to (all of them when absent). */
  tenantIds: z.array(profileIdSchema).max(500).optional(),
  /** A production tenant's name, typed: the explicit confirmation that names it. */
  confirmations: z.record(z.string(), z.string().max(200)),
  /** Keep the credential (and configs) a failed tenant's run created, for a look at it. */
  keepFailed: z.boolean(),
});
export type StartApplyInput = z.input<typeof startApplyInputSchema>;

export const applyStepKinds = ['check', 'credential', 'validate', 'config', 'defaults', 'rollback'] as const;
export type ApplyStepKind = (typeof applyStepKinds)[number];

export interface ApplyStepReport {
  step: ApplyStepKind;
  label: string;
  status: 'done' | 'adopted' | 'skipped' | 'failed';
  objectId?: string;
  message?: string;
}

/** One tenant's part of an apply (the job's per-tenant result). */
export interface TenantApplyReport {
  outcome: 'applied' | 'failed' | 'refused' | 'rolled-back' | 'cancelled';
  steps: ApplyStepReport[];
  /** A failed run that was kept, or could not be rolled back whole: what is on the tenant now. */
  leftOnTenant: string[];
  /** The provider's advice when validation failed. */
  advice?: { cause: string; solution: string } | null;
}

/** An apply that did not finish (the app quit or crashed): found in its journal on the next start. */
export interface UnfinishedApply {
  applyId: string;
  draftId: string;
  draftTitle: string;
  startedAt: string;
  tenants: { tenantId: string; tenantName: string; lastStep: string; created: string[] }[];
}

export const unfinishedApplyInputSchema = z.strictObject({
  applyId: z.uuid(),
  /** A production tenant's name, typed: finishing or rolling back changes it too. */
  confirmations: z.record(z.string(), z.string().max(200)).optional(),
});
