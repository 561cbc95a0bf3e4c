// One tenant's part of an apply, through the operation model: the tenant is checked against its
// plan (or, on a resume, planned afresh after what the crashed run made is loaded from the journal
// and its lost creates looked for), then the credential is made or adopted, validated, the configs
// made, adopted or changed in place, and the defaults set. Every write is journaled with its undo
// before it runs; a failure rolls back what this apply made, unless the user keeps it.
import type { TenantPlan } from '../../src-shared/apply';
import { draftModelName, type DraftContent, type DraftModel } from '../../src-shared/drafts';
import { AppError } from '../../src-shared/errors';
import { configProviderFor, providerVariant } from '../../src-shared/providers/catalog';
import { credentialPayload } from '../../src-shared/providers/credential-schema';
import type { AlationClient } from '../alation/client';
import { createCredentialSafely, createLlmConfigSafely, llmConfigBody } from '../alation/safe-writes';
import type { CreateCredentialBody } from '../alation/types';
import type { JobContext, TenantHandle } from '../jobs/job-runner';
import {
  configFingerprint,
  credentialFingerprint,
  readTenant,
  type Operation,
  type TenantOperation,
  type TenantSnapshot,
} from '../tenant-ops';
import { applySummary, conflictText, type ApplyContext, type ApplyContextTenant } from './apply-context';
import { planTenant, stateFingerprint } from './plan-tenant';
import { validateDraftCredential } from './validate-draft';

export interface ApplyRun {
  operation: Operation<ApplyContext>;
  draft: DraftContent & { expiresAt: string | null };
  secrets: Record<string, string>;
  withClient<T>(tenantId: string, work: (client: AlationClient) => Promise<T>): Promise<T>;
  tenantName(tenantId: string): string;
  /** `apply`: the plan made just now; `resume`: planned afresh from the tenant as it is. */
  planOf(tenantId: string): TenantPlan | 'resume';
}

export async function applyTenant(run: ApplyRun, ctx: JobContext<'apply'>, handle: TenantHandle<'apply'>): Promise<void> {
  const { operation, draft } = run;
  const tenantId = handle.tenantId;
  const tenant = operation.tenant(tenantId, { handle, jobId: ctx.jobId });
  const begin = operation.context.tenants.find((t) => t.tenantId === tenantId);
  const planned = run.planOf(tenantId);
  const signal = ctx.signal;
  handle.running(
    planned === 'resume' ? 'Reading the tenant' : 'Checking the tenant is as planned',
    3 + draft.models.length + (hasDefaults(draft) ? 1 : 0),
  );
  await run.withClient(tenantId, async (client) => {
    let read = false;
    let refused = false;
    try {
      // What the crashed run made is the journal's, loaded with the tenant's writer; its creates
      // that never said how they ended are looked for first, by their fingerprint.
      if (planned === 'resume') await tenant.resolveUnsure(client, { signal });
      const state = await readTenant(client, { signal });
      read = true;
      let plan: TenantPlan;
      if (planned !== 'resume') {
        plan = planned;
        if (stateFingerprint(state) !== plan.fingerprint) {
          refused = true;
          tenant.record({ step: 'check', label: 'The tenant changed since the plan', status: 'failed' });
          const name = run.tenantName(tenantId);
          throw new AppError(
            'conflict',
            `“${name}” changed since the plan was made (read ${plan.readAt}): nothing was applied to it. ` +
              'Plan again to see what applying would do now.',
            { stalePlan: true },
          );
        }
        tenant.record({ step: 'check', label: 'The tenant is as planned', status: 'done' });
      } else {
        plan = planTenant(draft, state, { tenantId, readAt: new Date().toISOString() });
        if (plan.status === 'conflict')
          throw new AppError(
            'conflict',
            `“${run.tenantName(tenantId)}” now conflicts with the draft: ${conflictText(plan)}. Roll back, or fix it and plan again.`,
          );
        tenant.record({ step: 'check', label: 'Read the tenant again', status: 'done' });
      }
      const credentialId = await credentialStep(client, tenant, { draft, secrets: run.secrets, plan, state, signal });
      await validateDraftCredential(client, { draft, credentialId, signal, tenant });
      const configIds = await configSteps(client, tenant, { draft, plan, state, credentialId, signal });
      await defaultsStep(client, tenant, { plan, state, configIds, begin, resume: planned === 'resume', signal });
      tenant.succeed(applySummary(tenant.report));
    } catch (error) {
      // A resume that could not read the tenant leaves it as it is: what the crashed run made stays
      // in the journal, offered again; it is never called rolled back.
      await tenant.stop(client, error, { keep: operation.context.keepFailed, refused, leaveUnfinished: planned === 'resume' && !read });
    }
  });
}

const hasDefaults = (draft: DraftContent) => Boolean(draft.defaults.llmModelId || draft.defaults.embeddingModelId);

/** The credential: adopted when it is there and matches (this apply's own, from before a crash, too), made otherwise. */
async function credentialStep(
  client: AlationClient,
  tenant: TenantOperation,
  s: { draft: ApplyRun['draft']; secrets: Record<string, string>; plan: TenantPlan; state: TenantSnapshot; signal: AbortSignal },
): Promise<string> {
  const { draft, plan } = s;
  const expiry = draft.expiresAt ? { expiresAt: draft.expiresAt, source: 'draft' as const } : undefined;
  if (plan.credential.action === 'exists') {
    const id = plan.credential.existingId!;
    const ours = tenant.made().some((m) => m.action === 'credential.create' && m.object.id === id);
    tenant.record({
      step: 'credential',
      label: `Credential “${plan.credential.name}” is there already${ours ? ' (this apply made it)' : ''}`,
      status: 'adopted',
      objectId: id,
    });
    // Someone else's credential keeps the expiry it has; one this apply made carries the draft's.
    if (expiry)
      tenant.fact({ kind: ours ? 'credential-created' : 'credential-adopted', credentialId: id, name: plan.credential.name, ...expiry });
    return id;
  }
  const body = credentialBody(draft, s.secrets);
  const knownIds = s.state.credentials.filter((c) => c.name.trim() === body.name).map((c) => c.id);
  const made = await tenant.create(
    {
      object: { kind: 'credential', name: body.name },
      step: 'credential',
      fingerprint: credentialFingerprint(body, knownIds),
      ...(expiry ? { expiry } : {}),
    },
    () => createCredentialSafely(client, body, { signal: s.signal, knownIds }),
  );
  return made.value.id;
}

/** The configs: adopted, made, or their extra config changed in place (a roll back changes it back). */
async function configSteps(
  client: AlationClient,
  tenant: TenantOperation,
  s: { draft: DraftContent; plan: TenantPlan; state: TenantSnapshot; credentialId: string; signal: AbortSignal },
): Promise<Map<string, string>> {
  const { draft, plan, credentialId, signal } = s;
  const configProvider = configProviderFor(providerVariant(draft.providerId), draft.values);
  const existing = s.state.configs.filter((c) => c.llm_credentials_id === credentialId);
  const configIds = new Map<string, string>();
  for (const planned of plan.configs) {
    const model = draft.models.find((m) => m.modelId === planned.modelId)!;
    if (planned.action === 'exists') {
      configIds.set(model.modelId, planned.existingId!);
      const ours = tenant.made().some((m) => m.action === 'config.create' && m.object.id === planned.existingId);
      tenant.record({
        step: 'config',
        label: `Config “${planned.name}” is there already${ours ? ' (this apply made it)' : ''}`,
        status: 'adopted',
        objectId: planned.existingId!,
      });
      continue;
    }
    if (planned.action === 'update') {
      const id = planned.existingId!;
      const before = s.state.configs.find((c) => c.id === id)?.llm_extra_config ?? null;
      await tenant.write(
        {
          action: 'config.update',
          object: { kind: 'config', id, name: planned.name },
          key: model.modelId,
          undo: {
            kind: 'patch-config',
            configId: id,
            name: planned.name,
            fields: { llm_extra_config: JSON.parse(JSON.stringify(before)) },
          },
          label: {
            done: `Changed the extra config of “${planned.name}”`,
            failed: `Could not change the extra config of “${planned.name}”`,
          },
        },
        () => client.patchLlmConfig(id, { llm_extra_config: model.extraConfig }, { signal }),
      );
      configIds.set(model.modelId, id);
      continue;
    }
    const body = configBody(model, configProvider, credentialId);
    const made = await tenant.create(
      { object: { kind: 'config', name: planned.name }, key: model.modelId, fingerprint: configFingerprint(body) },
      () => createLlmConfigSafely(client, body, { signal, existing }),
    );
    configIds.set(model.modelId, made.value.id);
  }
  return configIds;
}

/** The defaults the draft asks for, the preference's other settings kept; its undo puts back what was there. */
async function defaultsStep(
  client: AlationClient,
  tenant: TenantOperation,
  s: {
    plan: TenantPlan;
    state: TenantSnapshot;
    configIds: Map<string, string>;
    begin: ApplyContextTenant | undefined;
    resume: boolean;
    signal: AbortSignal;
  },
): Promise<void> {
  const { plan, configIds, signal } = s;
  let toSet = plan.defaults.filter((d) => d.action === 'set');
  const label = (kind: 'llm' | 'embedding') => (kind === 'llm' ? 'default LLM' : 'default embedding');
  if (s.resume && s.begin) {
    // A default someone changed since the plan (not to what this run sets) is left as they set it.
    const planned = s.begin.plannedDefaults;
    const changed = toSet.filter((d) => {
      const now = s.state.preference?.[d.kind === 'llm' ? 'default_llm_config_id' : 'default_embedding_config_id'] ?? null;
      return now !== planned[d.kind] && now !== configIds.get(d.modelId);
    });
    for (const d of changed) {
      tenant.record({
        step: 'defaults',
        label: `The ${label(d.kind)} was changed on the tenant since the plan: left as it is`,
        status: 'skipped',
      });
    }
    toSet = toSet.filter((d) => !changed.includes(d));
  }
  if (toSet.length === 0) {
    if (plan.defaults.length) tenant.record({ step: 'defaults', label: 'The defaults are as drafted already', status: 'skipped' });
    return;
  }
  const current = await client.getLlmPreference({ signal });
  const previous = { llm: current.default_llm_config_id ?? null, embedding: current.default_embedding_config_id ?? null };
  const next = { ...previous };
  for (const d of toSet) next[d.kind] = configIds.get(d.modelId) ?? null;
  const changedKinds = toSet.map((d) => d.kind);
  // The undo names only the defaults this step changes: the others are not its to put back.
  const only = (v: typeof previous) => ({
    ...(changedKinds.includes('llm') ? { llm: v.llm } : {}),
    ...(changedKinds.includes('embedding') ? { embedding: v.embedding } : {}),
  });
  await tenant.write(
    {
      action: 'preference.set',
      object: { kind: 'preference', id: null, name: toSet.map((d) => `${label(d.kind)}: ${d.modelId}`).join(', ') },
      step: 'defaults',
      undo: { kind: 'put-preference', previous: only(previous), set: only(next) },
      label: { done: `Set the ${changedKinds.map(label).join(' and ')}` },
    },
    () =>
      client.putLlmPreference(
        {
          default_llm_config_id: next.llm,
          default_embedding_config_id: next.embedding,
          hide_default_models: Boolean(current.hide_default_models),
        },
        { signal },
      ),
  );
}

function credentialBody(draft: DraftContent, secrets: Record<string, string>): CreateCredentialBody {
  const variant = providerVariant(draft.providerId);
  const values = { ...draft.values, ...secrets };
  return { name: (values.name ?? '').trim(), creds_type: variant.credsType, ...credentialPayload(variant, values) };
}

function configBody(model: DraftModel, provider: string, credentialId: string) {
  const { modelId, isEmbedding, dimensions, extraConfig } = model;
  return llmConfigBody({ name: draftModelName(model), provider, credentialId, modelName: modelId, isEmbedding, dimensions, extraConfig });
}
