// Background jobs as every process sees them: long work on many tenants runs in main, and the page
// follows it through `job.updated` events. What a job carries, whatever its kind; the results, typed
// by kind, are in job-results.ts (the contract's `job.updated` is that union).
import { z } from 'zod';
import { errorCodes } from './errors';

export const jobIdSchema = z.uuid('not a job id');

/** `operation`: a roll back (or resume) of an operation of any kind, from its journal. */
export const jobKinds = ['connection-tests', 'inventory', 'sweep', 'delete', 'plan', 'apply', 'rotation', 'operation'] as const;
export type JobKind = (typeof jobKinds)[number];

export const jobStatuses = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const tenantStepStatuses = ['waiting', 'running', 'ok', 'failed', 'cancelled'] as const;

export const appErrorShapeSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** One tenant's part of a job. */
export const tenantProgressSchema = z.object({
  status: z.enum(tenantStepStatuses),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  /** What it is doing now, or how it ended, in a few words. */
  message: z.string().optional(),
  error: appErrorShapeSchema.optional(),
  /** Kind-specific (job-results.ts): what this tenant's part produced, as soon as it is done. */
  result: z.unknown().optional(),
});
export type TenantProgress = z.infer<typeof tenantProgressSchema>;

/** A job whatever its kind, results unchecked: main's own record of it. The typed view is job-results.ts's. */
export const jobViewBaseSchema = z.object({
  id: jobIdSchema,
  kind: z.enum(jobKinds),
  title: z.string(),
  status: z.enum(jobStatuses),
  /** Goes up with every change: of two views of one job, the higher revision is the newer. */
  revision: z.number().int().min(0),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().optional(),
  /** Tenants done of tenants in the job. */
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  tenants: z.record(z.string(), tenantProgressSchema),
  /** Kind-specific, set when the job ends (also when cancelled: what was done). */
  result: z.unknown().optional(),
  error: appErrorShapeSchema.optional(),
});
export type JobViewBase = z.infer<typeof jobViewBaseSchema>;

// Type-only, so no module cycle: job-results.ts imports this file at run time.
export type { JobView, JobViewOf, TenantResultOf, JobResultOf } from './job-results';
