// Plan and apply a draft to many tenants. A plan is a job that reads every target tenant and says
// what applying would do; an apply is a job that, per tenant, checks the tenant is still as planned,
// then creates the credential, validates it, creates the configs and sets the defaults. Every step
// is journaled before and after it runs, every change is audited, a failed tenant is rolled back
// (configs first) unless the user keeps it, and an apply cut short by a crash can be resumed or
// rolled back on the next start. Applying again adopts what is there and finishes what is missing.
import { randomUUID } from 'node:crypto';
import type { AuditEntryInput } from '../../src-shared/audit';
import type { ApplyStepReport, PlanStarted, StartApplyInput, TenantApplyReport, TenantPlan, UnfinishedApply } from '../../src-shared/apply';
import { draftModelName, type DraftContent, type DraftModel, type DraftView } from '../../src-shared/drafts';
import { AppError, errorShapeOf, isAppErrorShape } from '../../src-shared/errors';
import { adviceFor } from '../../src-shared/providers/advice';
import { configProviderFor, providerVariant } from '../../src-shared/providers/catalog';
import { credentialPayload } from '../../src-shared/providers/credential-schema';
import type { AlationClient } from '../alation/client';
import { auditFailure, recordChange, validationOutcome } from '../audit/audit-log';
import { mayHaveReachedTenant } from '../alation/errors';
import { createCredentialSafely, createLlmConfigSafely, llmConfigBody } from '../alation/safe-writes';
import type { CreateCredentialBody } from '../alation/types';
import type { DraftStore } from '../drafts/draft-store';
import type { CredentialExpiries } from '../rotation/credential-expiries';
import { forEachTenant, type JobContext, type JobRunner, type TenantHandle } from '../jobs/job-runner';
import { SecretScope, type Logger, type SecretRedactor } from '../log/logger';
import type { TenantClients } from '../profiles/tenant-clients';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import { ApplyJournals, emptyJournalTenant, type ApplyJournal, type JournalBegin, type JournalTenant } from './apply-journal';
import { planTenant, readTenantState, stateFingerprint } from './plan-tenant';
import { requireProductionNames } from '../profiles/production-names';
import { plural } from '../../src-shared/plural';

type ApplyAuditEntry = AuditEntryInput;

export interface ApplyServiceDeps {
  profiles: TenantProfiles;
  clients: TenantClients;
  jobs: JobRunner;
  drafts: DraftStore;
  /** `<dataDir>/applies`: one journal a run. */
  journalDir: string;
  audit: { record(entry: AuditEntryInput): unknown };
  log: Logger;
  redactor: SecretRedactor;
  /** Where a draft's expiry goes once its credential is on the tenant, for the reminders. */
  expiries?: Pick<CredentialExpiries, 'set'>;
  now?: () => Date;
}

interface StoredPlan {
  id: string;
  draftId: string;
  draftRevision: number;
  tenants: Map<string, TenantPlan>;
}

/** Plans are kept while the app runs; after a restart the user plans again (the tenants may have changed). */
const keepPlans = 20;

export class ApplyService {
  private readonly plans = new Map<string, StoredPlan>();
  private readonly journals: ApplyJournals;
  /** Set on quit: runs stop where they are, unrolled back and unfinished, for the next start to offer. */
  private quitting = false;
  /** Applies (and resumes, roll backs) running now: never offered as "cut short", never run twice. */
  private readonly running = new Set<string>();

  constructor(private readonly deps: ApplyServiceDeps) {
    this.journals = new ApplyJournals(deps.journalDir);
  }

  // ------------------------------------------------------------------------------------ plan

  startPlan(input: { draftId: string; tenantIds: readonly string[] }): PlanStarted {
    const draft = this.deps.drafts.get(input.draftId);
    const problem = draft.problems[0];
    if (problem) throw new AppError('validation', `“${draft.title}” is not ready to plan: ${problem.message}.`, { fields: draft.problems.map((p) => ({ path: p.path, message: p.message })) });
    const tenantIds = [...new Set(input.tenantIds)];
    for (const id of tenantIds) this.deps.profiles.get(id);
    const plan: StoredPlan = { id: '', draftId: draft.id, draftRevision: draft.revision, tenants: new Map() };
    const job = this.deps.jobs.start({
      kind: 'plan',
      title: `Plan “${draft.title}” for ${plural(tenantIds.length, 'tenant')}`,
      tenantIds,
      run: (ctx) =>
        forEachTenant(ctx, tenantIds, async (tenant) => {
          tenant.running('Reading the tenant');
          const state = await this.deps.clients.withClient(tenant.tenantId, (client) => readTenantState(client, { signal: ctx.signal }));
          const planned = planTenant(draft, state, { tenantId: tenant.tenantId, readAt: new Date().toISOString() });
          plan.tenants.set(tenant.tenantId, planned);
          tenant.ok(planSummary(planned), planned);
        }),
    });
    plan.id = job.id;
    this.plans.set(job.id, plan);
    while (this.plans.size > keepPlans) this.plans.delete(this.plans.keys().next().value!);
    return { planId: job.id, jobId: job.id };
  }

  // ----------------------------------------------------------------------------------- apply

  async startApply(input: StartApplyInput): Promise<{ applyId: string; jobId: string }> {
    const plan = this.plans.get(input.planId);
    if (!plan) throw new AppError('not_found', 'This plan is no longer there (plans last until BYOM Desk quits). Plan again.');
    const draft = this.deps.drafts.get(plan.draftId);
    if (draft.revision !== plan.draftRevision) throw new AppError('conflict', `“${draft.title}” was saved since this plan was made. Plan again to see what applying it would do now.`);
    const tenantIds = [...new Set(input.tenantIds ?? [...plan.tenants.keys()])];
    if (tenantIds.length === 0) throw new AppError('validation', 'Choose at least one planned tenant to apply to.');
    const planned: TenantPlan[] = tenantIds.map((id) => {
      const p = plan.tenants.get(id);
      const name = this.tenantName(id);
      if (!p) throw new AppError('validation', `“${name}” was not planned (it could not be read). Plan again.`);
      if (p.status === 'conflict') throw new AppError('conflict', `The plan for “${name}” has conflicts: resolve them in the draft or on the tenant, then plan again.`);
      return p;
    });
    this.requireConfirmations(tenantIds, input.confirmations);
    const secrets = await this.deps.drafts.secretsOf(draft.id);
    // A plan is applied once: a second click, or a second window, must plan again.
    if (!this.plans.delete(plan.id)) throw new AppError('conflict', 'This plan is being applied already. Plan again to apply it again.');
    const applyId = randomUUID();
    const journal = this.journals.open(applyId);
    const states = new Map<string, TenantPlan>(planned.map((p) => [p.tenantId, p]));
    const begin = {
      applyId,
      planId: plan.id,
      draftId: draft.id,
      draftTitle: draft.title,
      draftRevision: draft.revision,
      keepFailed: input.keepFailed,
      tenants: planned.map((p) => ({
        tenantId: p.tenantId,
        tenantName: this.tenantName(p.tenantId),
        credentialName: p.credential.name,
        knownCredentialIds: p.credential.knownIds,
        adoptedCredentialId: p.credential.action === 'exists' ? p.credential.existingId : null,
        plannedDefaults: {
          llm: p.defaults.find((d) => d.kind === 'llm')?.from?.id ?? null,
          embedding: p.defaults.find((d) => d.kind === 'embedding')?.from?.id ?? null,
        },
      })),
    };
    journal.begin(begin);
    const job = this.startApplyJob({ applyId, journal, draft, secrets, keepFailed: input.keepFailed, tenantIds, title: `Apply “${draft.title}” to ${plural(tenantIds.length, 'tenant')}`, begin: { type: 'begin', at: new Date().toISOString(), ...begin } }, (tenantId) => ({
      mode: 'apply',
      plan: states.get(tenantId)!,
    }));
    return { applyId, jobId: job.id };
  }

  /** Applies cut short by a quit or a crash, from their journals. */
  unfinished(): UnfinishedApply[] {
    return this.journals
      .unfinished()
      .filter(({ applyId }) => !this.running.has(applyId))
      .map(({ applyId, state }) => ({
      applyId,
      draftId: state.begin.draftId,
      draftTitle: state.begin.draftTitle,
      startedAt: state.begin.at,
      tenants: [...state.tenants.values()]
        .filter((t) => t.ended === null)
        .map((t) => ({
          tenantId: t.tenantId,
          tenantName: state.begin.tenants.find((b) => b.tenantId === t.tenantId)?.tenantName ?? t.tenantId,
          lastStep: t.lastStep,
          created: [...(t.credentialId ? ['a credential'] : []), ...t.configs.map((c) => `config “${c.name}”`), ...(t.credentialUnsure || t.configsUnsure.length ? ['perhaps more, whose answer was lost'] : [])],
        })),
    }));
  }

  /** Finishes an unfinished apply: each tenant is read again and what is there is adopted. */
  async resume(applyId: string, confirmations: Readonly<Record<string, string>> = {}): Promise<{ jobId: string }> {
    const { state, journal } = this.unfinishedJournal(applyId);
    let draft: DraftView;
    try {
      draft = this.deps.drafts.get(state.begin.draftId);
    } catch {
      throw new AppError('not_found', `The draft “${state.begin.draftTitle}” was deleted, so this apply cannot be finished. Roll it back instead.`);
    }
    // Finishing with another draft than the one begun would mix two setups on a tenant.
    if (draft.revision !== state.begin.draftRevision) {
      throw new AppError('conflict', `“${draft.title}” was saved since this apply began, so it cannot be finished as begun. Roll it back, then plan and apply the draft as it is now.`);
    }
    const tenantIds = [...state.tenants.values()].filter((t) => t.ended === null).map((t) => t.tenantId);
    this.requireConfirmations(
      tenantIds.filter((id) => this.knownProfile(id)),
      confirmations,
    );
    const secrets = await this.deps.drafts.secretsOf(draft.id);
    const job = this.startApplyJob(
      { applyId, journal, draft, secrets, keepFailed: state.begin.keepFailed, tenantIds, title: `Finish applying “${draft.title}” to ${plural(tenantIds.length, 'tenant')}`, begin: state.begin },
      () => ({ mode: 'resume' }),
    );
    return { jobId: job.id };
  }

  /** Takes back what an unfinished apply made on each tenant it did not finish. */
  rollBack(applyId: string, confirmations: Readonly<Record<string, string>> = {}): { jobId: string } {
    const { state, journal } = this.unfinishedJournal(applyId);
    const open = [...state.tenants.values()].filter((t) => t.ended === null);
    this.requireConfirmations(
      open.map((t) => t.tenantId).filter((id) => this.knownProfile(id)),
      confirmations,
    );
    this.running.add(applyId);
    const job = this.deps.jobs.start({
      kind: 'apply',
      title: `Roll back “${state.begin.draftTitle}” on ${plural(open.length, 'tenant')}`,
      tenantIds: open.map((t) => t.tenantId),
      run: async (ctx) => {
        await forEachTenant(ctx, open.map((t) => t.tenantId), async (tenant) => {
          const known = state.tenants.get(tenant.tenantId)!;
          tenant.running('Rolling back', 1);
          const report: TenantApplyReport = { outcome: 'rolled-back', steps: [], leftOnTenant: [] };
          await this.deps.clients.withClient(tenant.tenantId, async (client) => {
            const begin = state.begin.tenants.find((b) => b.tenantId === tenant.tenantId)!;
            await this.findUnsure(client, known, begin, ctx.signal);
            await this.rollBackTenant(client, { journal, tenantId: tenant.tenantId, created: known, adoptedCredentialId: begin.adoptedCredentialId, report, jobId: ctx.jobId });
          });
          if (this.quitting) return;
          // What could not be deleted keeps the apply open: the next start offers the roll back again.
          if (report.leftOnTenant.length) {
            tenant.fail(new AppError('server', `Some of it could not be deleted: ${report.leftOnTenant.join('; ')}`), report);
            return;
          }
          journal.tenantEnd(tenant.tenantId, 'rolled-back');
          tenant.ok('Rolled back', report);
        });
        this.running.delete(applyId);
        if (!this.quitting) this.endIfDone(journal);
      },
    });
    return { jobId: job.id };
  }

  /** Before the jobs are cancelled on quit: what is under way is left for "resume or roll back". */
  prepareQuit(): void {
    this.quitting = true;
  }

  // ------------------------------------------------------------------------------- internals

  private startApplyJob(
    run: { applyId: string; journal: ApplyJournal; draft: DraftView; secrets: Record<string, string>; keepFailed: boolean; tenantIds: string[]; title: string; begin?: JournalBegin },
    modeOf: (tenantId: string) => { mode: 'apply'; plan: TenantPlan } | { mode: 'resume' },
  ) {
    const scope = new SecretScope(this.deps.redactor);
    for (const [key, value] of Object.entries(run.secrets)) scope.set(`draft:${key}`, value);
    this.running.add(run.applyId);
    return this.deps.jobs.start({
      kind: 'apply',
      title: run.title,
      tenantIds: run.tenantIds,
      run: async (ctx) => {
        try {
          await forEachTenant(ctx, run.tenantIds, (tenant) => this.applyTenant(ctx, tenant, { ...run, ...modeOf(tenant.tenantId) }));
        } finally {
          scope.release();
          this.running.delete(run.applyId);
          if (!this.quitting) this.endIfDone(run.journal);
        }
      },
    });
  }

  private async applyTenant(
    ctx: JobContext,
    tenant: TenantHandle,
    run: { applyId: string; journal: ApplyJournal; draft: DraftView; secrets: Record<string, string>; keepFailed: boolean; begin?: JournalBegin } & ({ mode: 'apply'; plan: TenantPlan } | { mode: 'resume' }),
  ): Promise<void> {
    const { journal, draft } = run;
    const tenantId = tenant.tenantId;
    const name = this.tenantName(tenantId);
    const report: TenantApplyReport = { outcome: 'applied', steps: [], leftOnTenant: [] };
    const signal = ctx.signal;
    const audit = (entry: Omit<ApplyAuditEntry, 'tenantId' | 'source' | 'jobId'>) => this.deps.audit.record({ ...entry, tenantId, source: 'apply', jobId: ctx.jobId });
    const steps = 3 + draft.models.length + (draft.defaults.llmModelId || draft.defaults.embeddingModelId ? 1 : 0);
    let done = 0;
    const step = (r: ApplyStepReport) => {
      report.steps.push(r);
      tenant.step(++done, r.label);
    };
    const created: JournalTenant = emptyJournalTenant(tenantId);
    const beginTenant = run.begin?.tenants.find((t) => t.tenantId === tenantId);
    let adoptedCredentialId: string | null = null;
    let knownIds: string[] = [];
    tenant.running(run.mode === 'apply' ? 'Checking the tenant is as planned' : 'Reading the tenant', steps);

    await this.deps.clients.withClient(tenantId, async (client) => {
      try {
        // 1. The tenant as it is now: as planned, or the plan is stale (a resume plans afresh).
        const state = await readTenantState(client, { signal });
        let plan: TenantPlan;
        if (run.mode === 'apply') {
          plan = run.plan;
          if (stateFingerprint(state) !== plan.fingerprint) {
            report.outcome = 'refused';
            step({ step: 'check', label: 'The tenant changed since the plan', status: 'failed' });
            throw new AppError('conflict', `“${name}” changed since the plan was made (read ${plan.readAt}): nothing was applied to it. Plan again to see what applying would do now.`, { stalePlan: true });
          }
          step({ step: 'check', label: 'The tenant is as planned', status: 'done' });
        } else {
          plan = planTenant(draft, state, { tenantId, readAt: new Date().toISOString() });
          const before = this.journalTenant(run.applyId, tenantId);
          if (before) Object.assign(created, { credentialId: before.credentialId, configs: [...before.configs], previousDefaults: before.previousDefaults, setDefaults: before.setDefaults });
          if (plan.status === 'conflict') throw new AppError('conflict', `“${name}” now conflicts with the draft: ${conflictText(plan)}. Roll back, or fix it and plan again.`);
          adoptedCredentialId = beginTenant?.adoptedCredentialId ?? null;
          // What the run made before it was cut short is found again and stays its own (a roll back
          // takes it). A matching credential it did not make (someone else's since) is only adopted.
          const found = plan.credential.action === 'exists' ? plan.credential.existingId : null;
          if (found && found !== adoptedCredentialId && found !== created.credentialId) {
            const ours = before?.credentialUnsure === true && !(beginTenant?.knownCredentialIds ?? []).includes(found);
            if (ours) {
              created.credentialId = found;
              audit({ action: 'credential.create', objects: [{ kind: 'credential', id: found, name: plan.credential.name }], outcome: 'adopted', message: 'Found after the app was cut short: its create had landed' });
            } else adoptedCredentialId = found;
          }
          for (const c of plan.configs) {
            if (c.action !== 'exists' || !c.existingId || created.configs.some((k) => k.id === c.existingId)) continue;
            const onOurs = created.credentialId !== null && created.credentialId === found;
            const wasUnderWay = before?.configsUnsure.some((u) => u.modelId === c.modelId) ?? false;
            if (onOurs || wasUnderWay) {
              created.configs.push({ modelId: c.modelId, name: c.name, id: c.existingId });
              audit({ action: 'config.create', objects: [{ kind: 'config', id: c.existingId, name: c.name }], outcome: 'adopted', message: 'Found after the app was cut short: its create had landed' });
            }
          }
          step({ step: 'check', label: 'Read the tenant again', status: 'done' });
        }
        if (run.mode === 'apply') adoptedCredentialId = plan.credential.action === 'exists' ? plan.credential.existingId : null;
        knownIds = state.credentials.filter((c) => c.name.trim() === plan.credential.name).map((c) => c.id);

        // 2. The credential: adopted when it exists and matches, made otherwise (a lost answer adopts what landed).
        let credentialId: string;
        if (plan.credential.action === 'exists') {
          credentialId = plan.credential.existingId!;
          step({ step: 'credential', label: `Credential “${plan.credential.name}” is there already`, status: 'adopted', objectId: credentialId });
        } else {
          const body = this.credentialBody(draft, run.secrets);
          journal.step({ tenantId, step: 'credential', phase: 'start', name: body.name });
          created.credentialUnsure = true;
          try {
            const made = await createCredentialSafely(client, body, { signal, knownIds });
            credentialId = made.value.id;
            created.credentialId = credentialId;
            created.credentialUnsure = false;
            // Audited before the journal says done: a crash in between is found again on resume, and audited then.
            audit({ action: 'credential.create', objects: [{ kind: 'credential', id: credentialId, name: body.name }], outcome: made.adopted ? 'adopted' : 'ok' });
            journal.step({ tenantId, step: 'credential', phase: 'done', name: body.name, objectId: credentialId, adopted: made.adopted });
            step({ step: 'credential', label: `Created credential “${body.name}”`, status: made.adopted ? 'adopted' : 'done', objectId: credentialId });
          } catch (error) {
            // A create that may have reached the tenant stays "under way" in the journal: it may have landed.
            if (!mayHaveLanded(error)) {
              created.credentialUnsure = false;
              journal.step({ tenantId, step: 'credential', phase: 'failed', name: body.name, errorCode: errorShapeOf(error).code });
            }
            audit({ action: 'credential.create', objects: [{ kind: 'credential', id: null, name: body.name }], ...auditFailure(error) });
            step({ step: 'credential', label: `Could not create credential “${body.name}”`, status: 'failed', message: errorShapeOf(error).message });
            throw error;
          }
        }
        // The draft's expiry belongs to the credential made or adopted from it (a roll back clears it).
        if (draft.expiresAt) this.deps.expiries?.set({ tenantId, credentialId }, draft.expiresAt, { credentialName: plan.credential.name, source: 'draft' });

        // 3. Validate: by listing, or model by model where the provider cannot list.
        await this.validate(client, { draft, credentialId, signal, report, audit, step });

        // 4. The configs: made, adopted, or their extra config changed in place.
        const variant = providerVariant(draft.providerId);
        const configProvider = configProviderFor(variant, draft.values);
        const existing = state.configs.filter((c) => c.llm_credentials_id === credentialId);
        const configIds = new Map<string, string>();
        for (const planned of plan.configs) {
          const model = draft.models.find((m) => m.modelId === planned.modelId)!;
          if (planned.action === 'exists') {
            configIds.set(model.modelId, planned.existingId!);
            step({ step: 'config', label: `Config “${planned.name}” is there already`, status: 'adopted', objectId: planned.existingId! });
            continue;
          }
          if (planned.action === 'update') {
            journal.step({ tenantId, step: 'config', op: 'update', phase: 'start', key: model.modelId, name: planned.name, objectId: planned.existingId! });
            await recordChange({ record: audit }, { action: 'config.update', objects: [{ kind: 'config', id: planned.existingId, name: planned.name }] }, () =>
              client.patchLlmConfig(planned.existingId!, { llm_extra_config: model.extraConfig }, { signal }),
            );
            journal.step({ tenantId, step: 'config', op: 'update', phase: 'done', key: model.modelId, name: planned.name, objectId: planned.existingId! });
            configIds.set(model.modelId, planned.existingId!);
            step({ step: 'config', label: `Changed the extra config of “${planned.name}”`, status: 'done', objectId: planned.existingId! });
            continue;
          }
          journal.step({ tenantId, step: 'config', phase: 'start', key: model.modelId, name: planned.name });
          created.configsUnsure.push({ modelId: model.modelId, name: planned.name });
          try {
            const made = await createLlmConfigSafely(client, configBody(model, configProvider, credentialId), { signal, existing });
            created.configs.push({ modelId: model.modelId, name: planned.name, id: made.value.id });
            created.configsUnsure = created.configsUnsure.filter((u) => u.modelId !== model.modelId);
            configIds.set(model.modelId, made.value.id);
            audit({ action: 'config.create', objects: [{ kind: 'config', id: made.value.id, name: planned.name }], outcome: made.adopted ? 'adopted' : 'ok' });
            journal.step({ tenantId, step: 'config', phase: 'done', key: model.modelId, name: planned.name, objectId: made.value.id, adopted: made.adopted });
            step({ step: 'config', label: `Created config “${planned.name}”`, status: made.adopted ? 'adopted' : 'done', objectId: made.value.id });
          } catch (error) {
            if (!mayHaveLanded(error)) {
              created.configsUnsure = created.configsUnsure.filter((u) => u.modelId !== model.modelId);
              journal.step({ tenantId, step: 'config', phase: 'failed', key: model.modelId, name: planned.name, errorCode: errorShapeOf(error).code });
            }
            audit({ action: 'config.create', objects: [{ kind: 'config', id: null, name: planned.name }], ...auditFailure(error) });
            step({ step: 'config', label: `Could not create config “${planned.name}”`, status: 'failed', message: errorShapeOf(error).message });
            throw error;
          }
        }

        // 5. The defaults the draft asks for; the preference's other settings are kept.
        let toSet = plan.defaults.filter((d) => d.action === 'set');
        if (run.mode === 'resume' && beginTenant) {
          // A default someone changed since the plan (not to what this run sets) is left as they set it.
          const changed = toSet.filter((d) => {
            const now = state.preference[d.kind === 'llm' ? 'default_llm_config_id' : 'default_embedding_config_id'] ?? null;
            return now !== beginTenant.plannedDefaults[d.kind] && now !== configIds.get(d.modelId);
          });
          for (const d of changed) step({ step: 'defaults', label: `The default ${d.kind === 'llm' ? 'LLM' : 'embedding'} was changed on the tenant since the plan: left as it is`, status: 'skipped' });
          toSet = toSet.filter((d) => !changed.includes(d));
        }
        if (toSet.length) {
          const current = await client.getLlmPreference({ signal });
          const previous = { llm: current.default_llm_config_id ?? null, embedding: current.default_embedding_config_id ?? null };
          const next = { ...previous };
          for (const d of toSet) next[d.kind] = configIds.get(d.modelId) ?? null;
          journal.step({ tenantId, step: 'defaults', phase: 'start', previous, next });
          created.previousDefaults = created.previousDefaults ?? previous;
          created.setDefaults = next;
          await recordChange({ record: audit }, { action: 'preference.set', objects: [{ kind: 'preference', id: null, name: toSet.map((d) => `default ${d.kind === 'llm' ? 'LLM' : 'embedding'}: ${d.modelId}`).join(', ') }] }, () =>
            client.putLlmPreference({ default_llm_config_id: next.llm, default_embedding_config_id: next.embedding, hide_default_models: Boolean(current.hide_default_models) }, { signal }),
          );
          journal.step({ tenantId, step: 'defaults', phase: 'done' });
          step({ step: 'defaults', label: `Set the ${toSet.map((d) => (d.kind === 'llm' ? 'default LLM' : 'default embedding')).join(' and ')}`, status: 'done' });
        } else if (plan.defaults.length) {
          step({ step: 'defaults', label: 'The defaults are as drafted already', status: 'skipped' });
        }
        journal.tenantEnd(tenantId, 'applied');
        tenant.ok(applySummary(report), report);
      } catch (error) {
        if (this.quitting) {
          // Left as it is: the journal says what was made, and the next start offers resume or roll back.
          tenant.fail(error, report);
          return;
        }
        const cancelled = signal.aborted;
        if (report.outcome !== 'refused') {
          report.outcome = cancelled ? 'cancelled' : 'failed';
          if (!run.keepFailed || cancelled) {
            // The tenant is left as it was: what this run made goes, configs first.
            // A create cut off on the wire may have landed: it is looked for, so it goes too.
            await this.findUnsure(client, created, { credentialName: draft.values.name?.trim() ?? '', knownCredentialIds: knownIds, adoptedCredentialId }, AbortSignal.timeout(30_000)).catch(() => {
              if (created.credentialUnsure || created.configsUnsure.length) report.leftOnTenant.push('perhaps a credential or config whose create lost its answer: check the tenant');
            });
            await this.rollBackTenant(client, { journal, tenantId, created, adoptedCredentialId, report, jobId: ctx.jobId });
            if (!cancelled && report.leftOnTenant.length === 0) report.outcome = 'rolled-back';
          } else {
            report.leftOnTenant.push(...(created.credentialId ? [`credential “${draft.values.name}” (kept)`] : []), ...created.configs.map((c) => `config “${c.name}” (kept)`));
          }
        }
        // Quitting during the roll back, or a roll back that could not take everything: the apply
        // stays open in its journal, and the next start offers to roll it back again.
        const settled = report.outcome === 'refused' || (run.keepFailed && !signal.aborted) || report.leftOnTenant.length === 0;
        if (!this.quitting && settled) journal.tenantEnd(tenantId, report.outcome);
        tenant.fail(error, report);
      }
    });
  }

  private async validate(
    client: AlationClient,
    v: { draft: DraftContent; credentialId: string; signal: AbortSignal; report: TenantApplyReport; audit: (e: Omit<ApplyAuditEntry, 'tenantId' | 'source' | 'jobId'>) => unknown; step: (r: ApplyStepReport) => void },
  ): Promise<void> {
    const variant = providerVariant(v.draft.providerId);
    const credentialName = v.draft.values.name ?? '';
    const objects = [{ kind: 'credential' as const, id: v.credentialId, name: credentialName }];
    const refuse = (message: string, status?: number) => {
      v.report.advice = adviceFor(variant, { message, ...(status !== undefined ? { status } : {}) });
      v.audit({ action: 'credential.validate', objects, ...validationOutcome({ valid: false, models: [], error: message, ...(status !== undefined ? { providerStatus: status } : {}) }) });
      v.step({ step: 'validate', label: 'The provider refused the credential', status: 'failed', message });
      return new AppError('validation', `The provider refused the credential: ${message}`);
    };
    const listing = await client.validateCredential(v.credentialId, { provider: variant.validateProvider }, { signal: v.signal });
    if (listing.valid === false) throw refuse(listing.error ?? 'The provider refused the credential.', listing.providerStatus);
    if (listing.valid === true) {
      // A model ID typed offline that the listing lacks (a typo, an inference profile a listing leaves
      // out) is checked by name before a config is made on it.
      const listed = new Set(listing.models);
      for (const m of v.draft.models.filter((x) => !listed.has(x.modelId))) {
        const check = await client.validateModel(v.credentialId, { provider: variant.validateProvider, modelName: m.modelId, isEmbedding: m.isEmbedding }, { signal: v.signal });
        if (check.valid !== true) throw refuse(`${m.modelId} is not a model this provider serves: ${check.error ?? 'not listed, and refused by name'}`, check.providerStatus);
      }
      v.audit({ action: 'credential.validate', objects, outcome: 'ok', message: `${listing.models.length} models listed` });
      v.step({ step: 'validate', label: `Validated: the provider lists ${plural(listing.models.length, 'model')}`, status: 'done' });
      return;
    }
    // The provider cannot list: each model is checked by name (a minimal call each).
    for (const m of v.draft.models) {
      const check = await client.validateModel(v.credentialId, { provider: variant.validateProvider, modelName: m.modelId, isEmbedding: m.isEmbedding }, { signal: v.signal });
      if (check.valid === false) throw refuse(`${m.modelId}: ${check.error ?? 'model not found'}`, check.providerStatus);
    }
    v.audit({ action: 'credential.validate', objects, outcome: 'ok', message: `${v.draft.models.length} models checked one by one` });
    v.step({ step: 'validate', label: `Validated model by model (the provider does not list)`, status: 'done' });
  }

  /** Deletes what a run made on one tenant, configs first, then the credential; puts the defaults back. */
  private async rollBackTenant(
    client: AlationClient,
    r: { journal: ApplyJournal; tenantId: string; created: JournalTenant; adoptedCredentialId: string | null; report: TenantApplyReport; jobId: string },
  ): Promise<void> {
    const { journal, tenantId, created, report } = r;
    const audit = (entry: Omit<ApplyAuditEntry, 'tenantId' | 'source' | 'jobId'>) => this.deps.audit.record({ ...entry, tenantId, source: 'apply', jobId: r.jobId });
    // No signal: a cancelled run still takes back what it made.
    /** Configs a default still points at after the put-back failed: deleting them would leave a dangling default. */
    const stillDefault = new Set<string>();
    if (created.previousDefaults) {
      const ours = new Set(created.configs.map((c) => c.id));
      let current: { default_llm_config_id?: string | null; default_embedding_config_id?: string | null; hide_default_models?: boolean } = {};
      try {
        current = await client.getLlmPreference();
        // A default is put back when it is still what this run set (or one of its configs): a change made since is kept.
        const back = (kind: 'llm' | 'embedding', now: string | null) => (now !== null && (now === created.setDefaults?.[kind] || ours.has(now)) ? created.previousDefaults![kind] : now);
        const llm = back('llm', current.default_llm_config_id ?? null);
        const embedding = back('embedding', current.default_embedding_config_id ?? null);
        if (llm !== (current.default_llm_config_id ?? null) || embedding !== (current.default_embedding_config_id ?? null)) {
          await client.putLlmPreference({ default_llm_config_id: llm, default_embedding_config_id: embedding, hide_default_models: Boolean(current.hide_default_models) });
          audit({ action: 'preference.set', objects: [{ kind: 'preference', id: null, name: 'defaults put back' }], outcome: 'ok' });
        }
      } catch (error) {
        for (const id of [current.default_llm_config_id, current.default_embedding_config_id, created.setDefaults?.llm, created.setDefaults?.embedding]) if (id) stillDefault.add(id);
        report.leftOnTenant.push(`the defaults this run set (${errorShapeOf(error).message})`);
      }
    }
    for (const config of [...created.configs].reverse()) {
      if (stillDefault.has(config.id)) {
        report.leftOnTenant.push(`config “${config.name}”, still a default of the tenant`);
        continue;
      }
      journal.step({ tenantId, step: 'rollback', phase: 'start', name: config.name, objectId: config.id });
      try {
        await client.deleteLlmConfig(config.id);
        journal.step({ tenantId, step: 'rollback', phase: 'done', name: config.name, objectId: config.id });
        audit({ action: 'config.delete', objects: [{ kind: 'config', id: config.id, name: config.name }], outcome: 'ok' });
        report.steps.push({ step: 'rollback', label: `Deleted config “${config.name}”`, status: 'done', objectId: config.id });
      } catch (error) {
        if (isAppErrorShape(error) && error.code === 'not_found') continue;
        audit({ action: 'config.delete', objects: [{ kind: 'config', id: config.id, name: config.name }], ...auditFailure(error) });
        report.leftOnTenant.push(`config “${config.name}” (${errorShapeOf(error).message})`);
      }
    }
    const credentialId = created.credentialId;
    if (credentialId && credentialId !== r.adoptedCredentialId && report.leftOnTenant.length === 0) {
      journal.step({ tenantId, step: 'rollback', phase: 'start', objectId: credentialId });
      try {
        await client.deleteCredential(credentialId);
        this.deps.expiries?.set({ tenantId, credentialId }, null, { credentialName: '', source: 'draft' });
        journal.step({ tenantId, step: 'rollback', phase: 'done', objectId: credentialId });
        audit({ action: 'credential.delete', objects: [{ kind: 'credential', id: credentialId, name: null }], outcome: 'ok' });
        report.steps.push({ step: 'rollback', label: 'Deleted the credential this run created', status: 'done', objectId: credentialId });
      } catch (error) {
        if (!(isAppErrorShape(error) && error.code === 'not_found')) {
          audit({ action: 'credential.delete', objects: [{ kind: 'credential', id: credentialId, name: null }], ...auditFailure(error) });
          report.leftOnTenant.push(`the credential this run created (${errorShapeOf(error).message})`);
        }
      }
    }
  }

  /**
   * Creates that started and never said how they ended (the app died while they ran) may have
   * landed: they are looked for on the tenant, so a roll back takes them too.
   */
  private async findUnsure(client: AlationClient, t: JournalTenant, begin: Pick<JournalBegin['tenants'][number], 'credentialName' | 'knownCredentialIds' | 'adoptedCredentialId'>, signal: AbortSignal): Promise<void> {
    if (t.credentialUnsure && !t.credentialId) {
      const listed = await client.listCredentials({ signal });
      const known = new Set(begin.knownCredentialIds);
      const candidates = listed.filter((c) => c.name.trim() === begin.credentialName && !known.has(c.id) && c.id !== begin.adoptedCredentialId);
      // Recognized by name alone: the one credential of that name that was neither there before
      // the apply nor adopted by it. Two such (someone made one meanwhile) and none is taken.
      if (candidates.length === 1) t.credentialId = candidates[0]!.id;
    }
    const credentialId = t.credentialId ?? begin.adoptedCredentialId;
    if (t.configsUnsure.length && credentialId) {
      const configs = await client.listLlmConfigs({ llmCredentialsId: credentialId }, { signal });
      for (const u of t.configsUnsure) {
        const landed = configs.find((c) => c.name === u.name && c.model_name === u.modelId && !t.configs.some((k) => k.id === c.id));
        if (landed) t.configs.push({ modelId: u.modelId, name: u.name, id: landed.id });
      }
    }
  }

  /** The journal ends only when every tenant has: one left open is offered again on the next start. */
  private endIfDone(journal: ApplyJournal): void {
    const state = journal.state();
    if (state && [...state.tenants.values()].every((t) => t.ended !== null)) journal.end();
  }

  private knownProfile(id: string): boolean {
    try {
      this.deps.profiles.get(id);
      return true;
    } catch {
      return false;
    }
  }

  private journalTenant(applyId: string, tenantId: string): JournalTenant | undefined {
    return this.journals.open(applyId).state()?.tenants.get(tenantId);
  }

  private unfinishedJournal(applyId: string) {
    if (this.running.has(applyId)) throw new AppError('conflict', 'That apply is running now: wait for it to finish, or cancel it.');
    const journal = this.journals.open(applyId);
    const state = journal.state();
    if (!state || state.finished) throw new AppError('not_found', 'That apply has finished already, or its journal is gone.');
    return { state, journal };
  }

  private credentialBody(draft: DraftContent, secrets: Record<string, string>): CreateCredentialBody {
    const variant = providerVariant(draft.providerId);
    const values = { ...draft.values, ...secrets };
    return { name: (values.name ?? '').trim(), creds_type: variant.credsType, ...credentialPayload(variant, values) };
  }

  private requireConfirmations(tenantIds: readonly string[], confirmations: Readonly<Record<string, string>>): void {
    requireProductionNames(this.deps.profiles, tenantIds, confirmations, 'applying to it');
  }

  private tenantName(id: string): string {
    try {
      return this.deps.profiles.get(id).name;
    } catch {
      return id;
    }
  }

}

/** The create may have reached the tenant (a lost answer, a cancel on the wire): it may have landed. */
function mayHaveLanded(error: unknown): boolean {
  return mayHaveReachedTenant(error) || errorShapeOf(error).code === 'cancelled';
}

function configBody(model: DraftModel, provider: string, credentialId: string) {
  return llmConfigBody({ name: draftModelName(model), provider, credentialId, modelName: model.modelId, isEmbedding: model.isEmbedding, dimensions: model.dimensions, extraConfig: model.extraConfig });
}



function conflictText(plan: TenantPlan): string {
  if (plan.credential.action === 'conflict') return `credential “${plan.credential.name}” differs (${plan.credential.differences.join('; ')})`;
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
  const parts = [`${creates} to create`, ...(adopts ? [`${adopts} there already`] : []), ...(plan.configs.some((c) => c.action === 'update') ? ['extra config to change'] : []), ...(plan.defaults.some((d) => d.action === 'set') ? ['defaults to set'] : [])];
  return parts.join(', ');
}

function applySummary(report: TenantApplyReport): string {
  const made = report.steps.filter((s) => s.status === 'done' && (s.step === 'credential' || s.step === 'config')).length;
  const adopted = report.steps.filter((s) => s.status === 'adopted').length;
  return `Applied: ${made} created${adopted ? `, ${adopted} there already` : ''}`;
}
