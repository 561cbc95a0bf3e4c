// Job results, typed: the job view is a union by kind, each with the schema of what its tenants
// produce and of the job's own result. Main checks a result against its kind's schema when it is
// set (a result that breaks it is refused, as a bug), and again with every `job.updated` event;
// the page reads results through one typed hook, with no casts. A schema written here for a type
// declared elsewhere is held equal to it at compile time, so the two cannot drift apart.
import { z } from 'zod';
import { tenantPlanSchema } from './apply';
import type { ConnectionTestResult } from './connection-report';
import { appErrorShapeSchema, jobViewBaseSchema, tenantProgressSchema, type JobKind } from './jobs';
import { tenantOperationReportSchema } from './tenant-operation';

const connectionTestResultSchema = z.object({
  testedAt: z.string(),
  report: z.object({
    ok: z.boolean(),
    steps: z.array(
      z.object({
        step: z.enum(['dns', 'tls', 'auth', 'api']),
        label: z.string(),
        status: z.enum(['ok', 'failed', 'skipped']),
        ms: z.number(),
        error: appErrorShapeSchema.optional(),
      }),
    ),
    latencyMs: z.number().optional(),
  }),
});

/** What each kind's tenants produce (`tenant`) and what the job ends with (`job`). */
export const jobResultSchemas = {
  'connection-tests': { tenant: connectionTestResultSchema, job: z.record(z.string(), connectionTestResultSchema) },
  inventory: { tenant: z.object({ readAt: z.string() }), job: z.undefined() },
  sweep: { tenant: z.object({ sweptAt: z.string() }), job: z.undefined() },
  /** Inventory deletes: the one report shape, each item in `targets`. */
  delete: { tenant: tenantOperationReportSchema, job: z.undefined() },
  plan: { tenant: tenantPlanSchema, job: z.undefined() },
  apply: { tenant: tenantOperationReportSchema, job: z.undefined() },
  /** Rotation, in place and by the fallback: the one report shape, each credential in `targets`. */
  rotation: { tenant: tenantOperationReportSchema, job: z.undefined() },
  /** A roll back, or a resume, of an operation of any kind: the one report shape. */
  operation: { tenant: tenantOperationReportSchema, job: z.undefined() },
} as const satisfies Record<JobKind, { tenant: z.ZodType; job: z.ZodType }>;

type Schemas = typeof jobResultSchemas;

/** The kinds of job whose tenants each produce the one report every operation makes. */
export const operationJobKinds = ['apply', 'rotation', 'delete', 'operation'] as const satisfies readonly JobKind[];

function viewOf<K extends JobKind, T extends z.ZodType, J extends z.ZodType>(kind: K, { tenant, job }: { tenant: T; job: J }) {
  return jobViewBaseSchema.extend({
    kind: z.literal(kind),
    tenants: z.record(z.string(), tenantProgressSchema.extend({ result: tenant.optional() })),
    result: job.optional(),
  });
}

export const jobViewSchema = z.discriminatedUnion('kind', [
  viewOf('connection-tests', jobResultSchemas['connection-tests']),
  viewOf('inventory', jobResultSchemas.inventory),
  viewOf('sweep', jobResultSchemas.sweep),
  viewOf('delete', jobResultSchemas.delete),
  viewOf('plan', jobResultSchemas.plan),
  viewOf('apply', jobResultSchemas.apply),
  viewOf('rotation', jobResultSchemas.rotation),
  viewOf('operation', jobResultSchemas.operation),
]);

/** A job as the page sees it: narrowed by `kind`, its results typed. */
export type JobView = z.infer<typeof jobViewSchema>;
export type JobViewOf<K extends JobKind> = Extract<JobView, { kind: K }>;
/** What one tenant of a `K` job produces. */
export type TenantResultOf<K extends JobKind> = z.infer<Schemas[K]['tenant']>;
/** What a `K` job ends with. */
export type JobResultOf<K extends JobKind> = z.infer<Schemas[K]['job']>;

/** Narrows a job to its kind (one of `kinds`), so its results are typed. */
export function isJobOfKind<K extends JobKind>(job: JobView | undefined, ...kinds: K[]): job is JobViewOf<K> {
  return job !== undefined && (kinds as readonly JobKind[]).includes(job.kind);
}

/** Checks one tenant's result against its kind's schema: the parsed value, or why it does not fit. */
export function checkTenantResult<K extends JobKind>(
  kind: K,
  result: unknown,
): { ok: true; value: TenantResultOf<K> } | { ok: false; issue: string } {
  const parsed = jobResultSchemas[kind].tenant.safeParse(result);
  return parsed.success ? { ok: true, value: parsed.data as TenantResultOf<K> } : { ok: false, issue: issueOf(parsed.error) };
}

/** Checks a job's own result against its kind's schema. */
export function checkJobResult<K extends JobKind>(
  kind: K,
  result: unknown,
): { ok: true; value: JobResultOf<K> } | { ok: false; issue: string } {
  const parsed = jobResultSchemas[kind].job.safeParse(result);
  return parsed.success ? { ok: true, value: parsed.data as JobResultOf<K> } : { ok: false, issue: issueOf(parsed.error) };
}

function issueOf(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join('.') || 'result'}: ${first.message}` : 'does not fit';
}

// The schemas above and the types the flows declare are one and the same.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameConnectionResult: Same<z.infer<typeof connectionTestResultSchema>, ConnectionTestResult> = true;
void sameConnectionResult;
