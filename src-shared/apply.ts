// Plan and apply, as every process sees them. A plan reads each target tenant and says, before
// anything is written, what applying the draft would create, what is there already and matches,
// what conflicts and which defaults change; it records each tenant's state as read, and an apply
// refuses a tenant whose state has changed since (as Terraform refuses a stale plan).
import { z } from 'zod';
import { draftIdSchema } from './drafts';
import { jobIdSchema } from './jobs';
import { profileIdSchema } from './tenant-profile';
import type { OperationStepReport, TenantOperationReport } from './tenant-operation';

export const plannedCredentialSchema = z.object({
  /** `exists`: a credential of this name with the same type and non-secret fields: it is adopted. */
  action: z.enum(['create', 'exists', 'conflict']),
  name: z.string(),
  existingId: z.string().nullable(),
  /** Every credential of this name on the tenant as read: none of them is ever taken for one the apply made. */
  knownIds: z.array(z.string()),
  /** For a conflict: the fields that differ, by label ("Region: us-east-1 on the tenant"). */
  differences: z.array(z.string()),
});
export type PlannedCredential = z.infer<typeof plannedCredentialSchema>;

export const plannedConfigSchema = z.object({
  modelId: z.string(),
  name: z.string(),
  isEmbedding: z.boolean(),
  /** `update`: it exists and matches but its extra config differs: it is changed in place. */
  action: z.enum(['create', 'exists', 'update', 'conflict']),
  existingId: z.string().nullable(),
  /** What the extra config is ("reasoning high"), empty when none. */
  extraConfig: z.string(),
  /** Why it conflicts, or a warning ("a built-in config has this name too"). */
  message: z.string().nullable(),
});
export type PlannedConfig = z.infer<typeof plannedConfigSchema>;

export const plannedDefaultSchema = z.object({
  kind: z.enum(['llm', 'embedding']),
  modelId: z.string(),
  action: z.enum(['set', 'unchanged']),
  /** What the tenant's default is now; null is Alation's own. */
  from: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type PlannedDefault = z.infer<typeof plannedDefaultSchema>;

export const plannedAgentsSchema = z.object({
  total: z.number().int().min(0),
  /** By existing config id: the names of the agents that use it. */
  onConfigs: z.record(z.string(), z.array(z.string())),
});
export type PlannedAgents = z.infer<typeof plannedAgentsSchema>;

/** One tenant's plan: the plan job's per-tenant result. */
export const tenantPlanSchema = z.object({
  tenantId: z.string(),
  readAt: z.string(),
  /** A digest of the tenant's credentials, configs and preference as read. */
  fingerprint: z.string(),
  /** `conflict`: it cannot be applied to this tenant as drafted; `in-sync`: nothing to do. */
  status: z.enum(['changes', 'in-sync', 'conflict']),
  credential: plannedCredentialSchema,
  configs: z.array(plannedConfigSchema),
  defaults: z.array(plannedDefaultSchema),
  warnings: z.array(z.string()),
  /** The tenant's agents as read (null: it has no agent API), and those on each config the plan finds there already. */
  agents: plannedAgentsSchema.nullable().optional(),
});
export type TenantPlan = z.infer<typeof tenantPlanSchema>;

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

/** The words an apply's report names its steps by (`OperationStepReport.step`). */
export const applyStepKinds = ['check', 'credential', 'validate', 'config', 'defaults', 'rollback'] as const;
export type ApplyStepKind = (typeof applyStepKinds)[number];

/** One step of an apply's report: the report every operation makes. */
export type ApplyStepReport = OperationStepReport;

/** One tenant's part of an apply (the job's per-tenant result): the report every operation makes. */
export type TenantApplyReport = TenantOperationReport;
