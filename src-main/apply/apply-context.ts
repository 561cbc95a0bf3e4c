// What an apply's journal begins with (its operation's context): which draft, at which revision,
// and per tenant what the plan found there already, so a resume after a crash never takes another's
// credential for its own and never overwrites a default someone changed since the plan. And how an
// apply's plan and report are summed up in a few words.
import { z } from 'zod';
import type { TenantApplyReport, TenantPlan } from '../../src-shared/apply';

export const applyContextSchema = z.object({
  planId: z.string(),
  draftId: z.uuid(),
  draftTitle: z.string(),
  draftRevision: z.number().int(),
  keepFailed: z.boolean(),
  tenants: z.array(
    z.object({
      tenantId: z.string(),
      credentialName: z.string(),
      /** Credentials of that name on the tenant before the apply: never taken for ours. */
      knownCredentialIds: z.array(z.string()),
      /** The plan adopted an existing credential: it is never deleted by a roll back. */
      adoptedCredentialId: z.string().nullable(),
      /** The tenant's defaults as planned: a resume never overwrites a default someone changed since. */
      plannedDefaults: z.object({ llm: z.string().nullable(), embedding: z.string().nullable() }),
    }),
  ),
});
export type ApplyContext = z.infer<typeof applyContextSchema>;
export type ApplyContextTenant = ApplyContext['tenants'][number];

export function contextTenant(plan: TenantPlan): ApplyContextTenant {
  return {
    tenantId: plan.tenantId,
    credentialName: plan.credential.name,
    knownCredentialIds: plan.credential.knownIds,
    adoptedCredentialId: plan.credential.action === 'exists' ? plan.credential.existingId : null,
    plannedDefaults: {
      llm: plan.defaults.find((d) => d.kind === 'llm')?.from?.id ?? null,
      embedding: plan.defaults.find((d) => d.kind === 'embedding')?.from?.id ?? null,
    },
  };
}

export function conflictText(plan: TenantPlan): string {
  if (plan.credential.action === 'conflict')
    return `credential “${plan.credential.name}” differs (${plan.credential.differences.join('; ')})`;
  return plan.configs
    .filter((c) => c.action === 'conflict')
    .map((c) => c.message)
    .join('; ');
}

export function planSummary(plan: TenantPlan): string {
  if (plan.status === 'conflict') return `Conflicts: ${conflictText(plan)}`;
  if (plan.status === 'in-sync') return 'Nothing to do: the tenant has all of it';
  const creates = (plan.credential.action === 'create' ? 1 : 0) + plan.configs.filter((c) => c.action === 'create').length;
  const adopts = (plan.credential.action === 'exists' ? 1 : 0) + plan.configs.filter((c) => c.action === 'exists').length;
  const parts = [
    `${creates} to create`,
    ...(adopts ? [`${adopts} there already`] : []),
    ...(plan.configs.some((c) => c.action === 'update') ? ['extra config to change'] : []),
    ...(plan.defaults.some((d) => d.action === 'set') ? ['defaults to set'] : []),
  ];
  return parts.join(', ');
}

export function applySummary(report: TenantApplyReport): string {
  const made = report.steps.filter((s) => s.status === 'done' && (s.step === 'credential' || s.step === 'config')).length;
  const adopted = report.steps.filter((s) => s.status === 'adopted').length;
  return `Applied: ${made} created${adopted ? `, ${adopted} there already` : ''}`;
}
