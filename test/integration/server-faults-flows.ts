// The five flows of the server-fault table (server-faults.test.ts), each driven through the real
// services on two tenants at once: a healthy one and one whose server misbehaves. Each says which
// request of the flow the fault hits (a write's follow-up where there is one, so something is made
// before the failure), runs the flow on both, and answers how each tenant ended as the app reports it.
import { expect, vi } from 'vitest';
import type { CredentialHealth } from '../../src-shared/inventory';
import type { JobView } from '../../src-shared/jobs';
import { findRotationMatches } from '../../src-shared/rotation';
import type { SetupAttemptOutcome } from '../../src-shared/setup';
import type { TenantOperationReport } from '../../src-shared/tenant-operation';
import type { FakeTenant } from '../fake-tenant/server';
import type { TestServices } from '../support/node-services';

export const flows = ['setup', 'inventory', 'sweep', 'apply', 'rotation'] as const;
export type Flow = (typeof flows)[number];

export interface Side {
  fake: FakeTenant;
  /** The tenant profile's id. */
  id: string;
}

export interface World {
  app: TestServices;
  healthy: Side;
  faulty: Side;
}

/** How the faulty tenant ended, as the app says it. */
export interface FaultyOutcome {
  /** The error code the app gives: the setup gives its failure's cause, the sweep its verdict on the credential. */
  code: string;
  message: string;
  /** What the app says it left on the tenant (empty: nothing). */
  left: string[];
  /** The app's own way to take back what it left (the operation model's roll back, or the setup's cancel). */
  rollBack?: () => Promise<void>;
}

export interface FlowDriver {
  /** The request the fault (or the revoked token) hits. Path exact, or a prefix ending in `*`. */
  target: { method: string; path: string };
  /** What the flow needs from the tenants before anything fails (an inventory read, a plan). */
  prepare(world: World): Promise<void>;
  /** Runs the flow on both tenants; answers once it has ended on both. */
  run(world: World): Promise<{ faulty: FaultyOutcome }>;
  /** The healthy tenant finished: checked on the fake itself. */
  expectHealthyDone(world: World): Promise<void>;
}

const CREDENTIALS = '/ai/api/v1/llm_credentials';
const CONFIGS = '/ai/api/v1/config/llm';
export const providerKey = 'sk-proj-server-faults-0000aaaa';
export const newKey = 'sk-proj-rotated-server-faults-bbbb';

export async function finished(app: TestServices, jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(app.seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 15_000 });
  return app.seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

const report = (job: JobView, id: string) => job.tenants[id]!.result as TenantOperationReport | undefined;

/** A job tenant's part that failed, as a row outcome; `left` from its operation report. */
function failedPart(job: JobView, id: string): FaultyOutcome {
  const part = job.tenants[id]!;
  expect(part.status, JSON.stringify(part)).toBe('failed');
  return { code: part.error!.code, message: part.error!.message, left: report(job, id)?.leftOnTenant ?? [] };
}

/** What an operation job left: offered by the operation model, and rolled back through it. */
async function offeredRollBack(app: TestServices, job: JobView, id: string, outcome: FaultyOutcome): Promise<FaultyOutcome> {
  if (outcome.left.length === 0) return outcome;
  const { handlers } = app;
  const offered = (await handlers.listUnfinishedOperations(undefined)).find((o) => o.tenants.some((t) => t.tenantId === id));
  expect(offered, 'what was left is offered for Resume or Roll back').toBeDefined();
  expect(offered!.tenants.find((t) => t.tenantId === id)!.made.length).toBeGreaterThan(0);
  expect(report(job, id)!.outcome).not.toBe('rolled-back');
  return {
    ...outcome,
    rollBack: async () => {
      const rolled = await finished(app, (await handlers.rollBackOperation({ operationId: offered!.id })).jobId);
      expect(rolled.tenants[id]).toMatchObject({ status: 'ok' });
    },
  };
}

async function refresh(world: World): Promise<void> {
  const started = await world.app.handlers.startInventoryRefresh({ tenantIds: [world.healthy.id, world.faulty.id] });
  const job = await finished(world.app, started.id);
  for (const side of [world.healthy, world.faulty]) expect(job.tenants[side.id]!.status).toBe('ok');
}

const setup: FlowDriver = {
  // The credential is made first; its validation fails: the credential must not stay behind.
  target: { method: 'POST', path: `${CREDENTIALS}/*` },
  prepare: async () => undefined,
  run: async ({ app, healthy, faulty }) => {
    const start = (id: string) =>
      app.handlers.startProviderSetup({ tenantId: id, providerId: 'openai', values: { name: 'Team OpenAI', api_key: providerKey } });
    const [good, bad] = await Promise.all([start(healthy.id), start(faulty.id)]);
    expect(good.status).toBe('valid');
    expect(bad.status).toBe('invalid');
    return { faulty: setupOutcome(app, faulty.id, bad) };
  },
  expectHealthyDone: async ({ healthy }) => {
    expect(healthy.fake.state().credentials.map((c) => c.name)).toContain('Team OpenAI');
  },
};

/** The setup's failure: its cause is the code the Setup screen reads; a credential it could not take back is named. */
function setupOutcome(app: TestServices, tenantId: string, attempt: SetupAttemptOutcome): FaultyOutcome {
  const failure = attempt.failure!;
  // The tenant failed, not the provider: no advice about the provider's key (the screen shows it as the cause).
  expect(failure.advice, failure.advice?.cause).toBeNull();
  const left = attempt.credentialId ? [`credential “${attempt.credentialName}” (${failure.message})`] : [];
  return {
    code: failure.cause,
    message: failure.message,
    left,
    ...(attempt.credentialId
      ? {
          rollBack: async () => {
            const preview = await app.handlers.describeSetupCancel({ runId: attempt.runId });
            expect(preview.credentials, `offered to take back on ${tenantId}`).toEqual([attempt.credentialName]);
            const cancelled = await app.handlers.cancelProviderSetup({ runId: attempt.runId, deleteCreated: true });
            expect(cancelled.leftOnTenant).toEqual([]);
          },
        }
      : {}),
  };
}

const inventory: FlowDriver = {
  target: { method: 'GET', path: CONFIGS },
  prepare: refresh,
  run: async ({ app, healthy, faulty }) => {
    const job = await finished(app, (await app.handlers.startInventoryRefresh({ tenantIds: [healthy.id, faulty.id] })).id);
    expect(job.tenants[healthy.id]!.status).toBe('ok');
    const outcome = failedPart(job, faulty.id);
    // The last good read stays, marked stale, with the reason beside it.
    const [state] = await app.handlers.getInventory({ tenantIds: [faulty.id] });
    expect(state).toMatchObject({ status: 'error', stale: true, error: { code: outcome.code } });
    expect(state!.inventory!.credentials.map((c) => c.name)).toEqual(faulty.fake.state().credentials.map((c) => c.name));
    return { faulty: outcome };
  },
  expectHealthyDone: async () => undefined,
};

const sweep: FlowDriver = {
  // Listing mode: one validate per credential, on the inventory read just before.
  target: { method: 'POST', path: `${CREDENTIALS}/*` },
  prepare: refresh,
  run: async ({ app, healthy, faulty }) => {
    const job = await finished(app, (await app.handlers.startHealthSweep({ tenantIds: [healthy.id, faulty.id] })).id);
    const [good, bad] = await app.handlers.getInventory({ tenantIds: [healthy.id, faulty.id] });
    expect(good!.sweep!.credentials.map((c) => c.status)).toEqual(['ok']);
    // The tenant's part ends; each credential it could not check says why, as a verdict of `error`.
    expect(job.tenants[faulty.id]).toMatchObject({ status: 'ok', message: '1 of 1 credentials need attention' });
    const verdict = bad!.sweep!.credentials[0] as CredentialHealth;
    return { faulty: { code: verdict.status, message: verdict.message ?? '', left: [] } };
  },
  expectHealthyDone: async () => undefined,
};

/** Each row's plan, made before its tenant breaks. */
const plans = new WeakMap<World, string>();

const apply: FlowDriver = {
  // The credential is made and validated; its config's create fails: the credential is taken back.
  target: { method: 'POST', path: CONFIGS },
  prepare: async (world) => {
    const { handlers } = world.app;
    const draft = await handlers.saveDraft({
      content: {
        title: 'Server faults rollout',
        providerId: 'openai',
        values: { name: 'Team OpenAI' },
        models: [{ modelId: 'gpt-4o', name: 'GPT-4o (team)', isEmbedding: false, dimensions: null, extraConfig: null }],
        defaults: { llmModelId: null, embeddingModelId: null },
        expiresAt: null,
        notes: '',
      },
      secrets: { api_key: providerKey },
      clearSecrets: [],
    });
    const { planId } = await handlers.startPlan({ draftId: draft.id, tenantIds: [world.healthy.id, world.faulty.id] });
    const plan = await finished(world.app, planId);
    expect(plan.status).toBe('succeeded');
    plans.set(world, planId);
  },
  run: async (world) => {
    const { app, healthy, faulty } = world;
    const { jobId } = await app.handlers.startApply({ planId: plans.get(world)!, confirmations: {}, keepFailed: false });
    const job = await finished(app, jobId);
    expect(job.tenants[healthy.id]!.status).toBe('ok');
    const outcome = failedPart(job, faulty.id);
    if (outcome.left.length === 0) expect(report(job, faulty.id)!.outcome).toMatch(/^(rolled-back|refused)$/);
    return { faulty: await offeredRollBack(app, job, faulty.id, outcome) };
  },
  expectHealthyDone: async ({ healthy }) => {
    expect(healthy.fake.state().configs.map((c) => c.name)).toContain('GPT-4o (team)');
  },
};
const rotation: FlowDriver = {
  target: { method: 'PATCH', path: `${CREDENTIALS}/*` },
  prepare: refresh,
  run: async ({ app, healthy, faulty }) => {
    const ids = [healthy.id, faulty.id];
    const states = await app.handlers.getInventory({ tenantIds: ids });
    const listed = (await app.handlers.listTenantProfiles(undefined)).profiles;
    const profiles = listed.map((p) => ({ id: p.id, name: p.name, environment: p.environment }));
    const source = states[0]!.inventory!.credentials[0]!;
    const matches = findRotationMatches({ tenantId: healthy.id, credentialId: source.id }, states, profiles);
    expect(matches.map((m) => m.tenantId).sort()).toEqual([...ids].sort());
    const targets = matches.map(({ tenantId, credentialId, key }) => ({ tenantId, credentialId, key }));
    const rotation = { providerId: 'openai' as const, values: { api_key: newKey }, targets, confirmations: {}, fallback: false };
    const started = await app.handlers.startRotation(rotation);
    const job = await finished(app, started.id);
    expect(job.tenants[healthy.id]!.status).toBe('ok');
    return { faulty: await offeredRollBack(app, job, faulty.id, failedPart(job, faulty.id)) };
  },
  expectHealthyDone: async ({ healthy }) => {
    expect(healthy.fake.state().credentials[0]!.secrets.api_key).toBe(newKey);
  },
};

export const drivers: Record<Flow, FlowDriver> = { setup, inventory, sweep, apply, rotation };
