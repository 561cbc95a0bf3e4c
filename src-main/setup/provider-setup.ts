// The guide's API flow for one tenant: create the credential, validate it, create configs. Runs live
// in main with the secrets they were given, so the renderer never has to hold a secret again. Each
// run is an operation (tenant-ops/): every create is journaled with its fingerprint and undo before
// it is sent, so cancelling removes exactly what the run made, a create whose answer was lost is
// found again, and a run a quit or a crash cut short is offered on the next start (keep or roll back).
import { randomUUID } from 'node:crypto';
import { AppError, isAppErrorShape } from '../../src-shared/errors';
import { adviceFor } from '../../src-shared/providers/advice';
import { configProviderFor, providerVariant, type ProviderId, type ProviderVariant } from '../../src-shared/providers/catalog';
import { credentialPayload, credentialValuesSchema, secretFieldKeys, secretValuesIn } from '../../src-shared/providers/credential-schema';
import type { TenantOperationReport } from '../../src-shared/tenant-operation';
import type {
  CancelPreview,
  CreatedConfig,
  CreateSetupConfigInput,
  ModelCheck,
  SetupAttemptOutcome,
  SetupFailure,
  StartProviderSetupInput,
  TenantConfigSummary,
} from '../../src-shared/setup';
import { validationError } from '../../src-shared/validation';
import type { AlationClient } from '../alation/client';
import { isBuiltInConfig } from '../alation/types';
import { createCredentialSafely, createLlmConfigSafely, llmConfigBody } from '../alation/safe-writes';
import { auditFailure, validationOutcome, type AuditRecorder } from '../audit/audit-log';
import { SecretScope, type Logger, type SecretRedactor } from '../log/logger';
import {
  configFingerprint,
  credentialFingerprint,
  thingOf,
  unsureSteps,
  type Operation,
  type TenantOperation,
  type TenantOperations,
} from '../tenant-ops';
import { checkCarriedKey, withHeldSecrets } from './held-secrets';
import { failureFromError, modelEntry, setupFailure } from './setup-failures';
import { registerSetupKind, standaloneOperations, type SetupContext } from './setup-operation';

export interface ProviderSetupDeps {
  /** Lends the tenant's client for one whole operation: it is not closed under it by an edit. */
  withClient<T>(tenantId: string, work: (client: AlationClient) => Promise<T>): Promise<T>;
  log: Logger;
  redactor: SecretRedactor;
  /** Where every create, validation and delete on the tenant is recorded. */
  audit?: AuditRecorder;
  /** The operations of the app (journals in its data folder); without, a journal in a folder of its own. */
  operations?: TenantOperations;
  /** Runs are forgotten (with their secrets) after this long without use. */
  runTtlMs?: number;
  now?: () => number;
}

interface SetupRun {
  id: string;
  tenantId: string;
  variant: ProviderVariant;
  values: Record<string, string | undefined>;
  /** The credential being set up now (valid or listing-unsupported). */
  credentialId: string | null;
  configProvider: string;
  /** The run's operation: what it made, in its journal. */
  operation: Operation<SetupContext>;
  tenant: TenantOperation;
  /** Config creations under way: a cancel waits for them, so none lands after it unseen. */
  inFlight: Set<Promise<unknown>>;
  cancelling: boolean;
  touchedAt: number;
  /** The run's secrets, held for log redaction until the run ends. */
  scope: SecretScope;
}

export class ProviderSetup {
  private readonly runs = new Map<string, SetupRun>();
  private readonly now: () => number;
  private readonly ttl: number;
  private readonly operations: TenantOperations;

  constructor(private readonly deps: ProviderSetupDeps) {
    this.now = deps.now ?? Date.now;
    this.ttl = deps.runTtlMs ?? 60 * 60 * 1000;
    this.operations = deps.operations ?? standaloneOperations(deps);
    registerSetupKind(this.operations, deps.withClient);
  }

  async start(input: StartProviderSetupInput): Promise<SetupAttemptOutcome> {
    this.expireOldRuns();
    const previous = input.runId ? this.run(input.runId) : undefined;
    if (previous && previous.tenantId !== input.tenantId) {
      throw new AppError('validation', 'This setup run belongs to another tenant. Start a new setup.');
    }
    const variant = providerVariant(input.providerId as ProviderId);
    const { values, carried } = withHeldSecrets(variant, input, previous);
    const parsed = credentialValuesSchema(variant.id).safeParse(values);
    if (!parsed.success) throw validationError(parsed.error, 'The provider form');
    const checked = parsed.data as Record<string, string | undefined>;
    checkCarriedKey(carried, checked);

    if (previous?.cancelling) throw new AppError('cancelled', 'This setup is being cancelled.');

    // The client first: when it cannot be had (keychain locked, secret missing), no run is kept
    // holding the secrets just given.
    return this.deps.withClient(input.tenantId, async (client) => {
      const run = previous ?? this.newRun(input.tenantId, variant);
      // Back from Models and validating again: the credential validated before goes once the new
      // one is proven (two would be a duplicate), and stays if the new one fails.
      const validatedBefore = run.credentialId;
      Object.assign(run, {
        variant,
        values: checked,
        credentialId: null,
        configProvider: configProviderFor(variant, checked),
        touchedAt: this.now(),
      });
      // Every secret as a tenant may quote it back: a service account whole and by its private key.
      for (const key of secretFieldKeys(variant)) {
        secretValuesIn({ [key]: checked[key] }).forEach((s, i) => run.scope.set(`field:${key}:${i}`, s));
      }
      this.runs.set(run.id, run);
      const base = { runId: run.id, credentialName: checked.name ?? '', configProvider: run.configProvider, models: [] };
      // Each attempt's outcome reaches the inventory at once: the credential it made, kept or taken back.
      const failed = (failure: SetupFailure, credentialId: string | null, kept: boolean): SetupAttemptOutcome => {
        run.credentialId = validatedBefore;
        run.operation.publishSoFar();
        return { ...base, status: 'invalid', credentialId, keptFailedCredential: kept, failure };
      };
      const proven = async (credentialId: string) => {
        run.credentialId = credentialId;
        const madeConfigs = run.tenant.made().some((s) => s.action === 'config.create');
        if (validatedBefore && validatedBefore !== credentialId && !madeConfigs)
          await this.takeBack(client, run, validatedBefore).catch(() => undefined);
        run.operation.publishSoFar();
      };

      try {
        await this.settleUnconfirmed(client, run);
      } catch (error) {
        return failed(failureFromError(variant, error, 'create'), null, false);
      }

      let credentialId: string;
      const body = { name: checked.name!, creds_type: variant.credsType, ...credentialPayload(variant, checked) };
      try {
        const knownIds = (await client.listCredentials()).filter((c) => c.name === body.name).map((c) => c.id);
        const created = await run.tenant.create(
          { object: { kind: 'credential', name: body.name }, fingerprint: credentialFingerprint(body, knownIds) },
          () => createCredentialSafely(client, body, { knownIds }),
        );
        credentialId = created.value.id;
        this.deps.log.info(created.adopted ? 'setup.credential_adopted' : 'setup.credential_created', {
          run: run.id,
          provider: variant.id,
          credential: credentialId,
        });
      } catch (error) {
        return failed(failureFromError(variant, error, 'create'), null, false);
      }
      const credential = [{ kind: 'credential' as const, id: credentialId, name: body.name }];

      let failure: SetupFailure;
      try {
        const result = await client.validateCredential(credentialId, { provider: variant.validateProvider });
        run.tenant.audit({ action: 'credential.validate', objects: credential, ...validationOutcome(result) });
        if (result.valid === true) {
          await proven(credentialId);
          return { ...base, status: 'valid', credentialId, keptFailedCredential: false, models: result.models.map(modelEntry) };
        }
        if (result.valid === null) {
          await proven(credentialId);
          return { ...base, status: 'listing-unsupported', credentialId, keptFailedCredential: false };
        }
        const message = result.error ?? 'The provider refused the credential.';
        const status = result.providerStatus !== undefined ? { status: result.providerStatus } : {};
        failure = setupFailure(variant, { message, ...status }, 'validate', 'refused');
      } catch (error) {
        run.tenant.audit({ action: 'credential.validate', objects: credential, ...auditFailure(error) });
        failure = failureFromError(variant, error, 'validate');
      }

      if (input.keepFailedCredential) return failed(failure, credentialId, true);
      // No orphan: the credential that failed is removed from the tenant.
      try {
        await this.takeBack(client, run, credentialId);
        return failed(failure, null, false);
      } catch (error) {
        const why = isAppErrorShape(error) ? error.message : 'unknown error';
        return failed(
          { ...failure, message: `${failure.message} (The failed credential could not be deleted: ${why})` },
          credentialId,
          true,
        );
      }
    });
  }

  async validateModel(input: { runId: string; modelName: string; isEmbedding: boolean }): Promise<ModelCheck> {
    const run = this.activeRun(input.runId);
    const result = await this.deps.withClient(run.tenantId, (client) =>
      client.validateModel(run.credentialId!, {
        provider: run.variant.validateProvider,
        modelName: input.modelName,
        isEmbedding: input.isEmbedding,
      }),
    );
    const message =
      result.valid === true
        ? null
        : (result.error ?? (result.valid === null ? 'The provider could not check this model.' : 'Model not found'));
    return {
      modelName: input.modelName,
      valid: result.valid,
      message,
      advice: result.valid === true ? null : adviceFor(run.variant, { message: message ?? '', status: result.providerStatus }),
    };
  }

  async createConfig(input: CreateSetupConfigInput): Promise<CreatedConfig> {
    const run = this.activeRun(input.runId);
    const name = input.name.trim() || input.modelName;
    const credentialId = run.credentialId!;
    const { modelName, isEmbedding, embeddingDimensions: dimensions, extraConfig } = input;
    const body = llmConfigBody({ name, provider: run.configProvider, credentialId, modelName, isEmbedding, dimensions, extraConfig });
    // A retry after a lost answer adopts the config that landed. Registered before anything is
    // awaited, so a cancel that comes meanwhile waits for it and deletes what it made.
    const creating = this.deps.withClient(run.tenantId, (client) =>
      run.tenant.create(
        { object: { kind: 'config', name }, key: modelName, fingerprint: configFingerprint(body), message: `Model ${modelName}` },
        () => createLlmConfigSafely(client, body),
      ),
    );
    run.inFlight.add(creating);
    try {
      const { value: config, adopted } = await creating;
      this.deps.log.info(adopted ? 'setup.config_adopted' : 'setup.config_created', { run: run.id, config: config.id });
      return { id: config.id, name: config.name, modelName, provider: run.configProvider };
    } finally {
      run.inFlight.delete(creating);
    }
  }

  /** Exactly what a cancel with delete would remove now, for the page to name it. */
  describeCancel(runId: string): CancelPreview {
    const run = this.run(runId);
    const made = run.tenant.made();
    const unsure = unsureSteps(run.operation.state.tenants.get(run.tenantId)!).find((s) => s.object.kind === 'credential');
    return {
      configs: made.filter((s) => s.action === 'config.create').map((s) => s.object.name ?? ''),
      credentials: made.filter((s) => s.action === 'credential.create').map((s) => s.object.name ?? ''),
      unconfirmed: unsure?.object.name ?? null,
      creating: run.inFlight.size,
    };
  }

  /**
   * Cancels a run; with `deleteCreated`, takes back what it made, newest first (configs, then their
   * credential). Answers the run's report, the shape every screen shows: what it made, what it took
   * back, and what is left on the tenant.
   */
  async cancel(input: { runId: string; deleteCreated: boolean }): Promise<TenantOperationReport> {
    const run = this.run(input.runId);
    run.cancelling = true;
    // Creations already sent finish first, so what they made is known and can be deleted too.
    await Promise.allSettled([...run.inFlight]);
    const report = run.tenant.report;
    if (!input.deleteCreated) {
      report.leftOnTenant.push(...run.tenant.made().map((s) => `${thingOf(s)} (kept)`));
      this.end(run, 'cancelled');
      return report;
    }
    // What could not be taken back stays in the journal, offered again on the next start.
    let ended: 'cancelled' | null = null;
    try {
      return await this.deps.withClient(run.tenantId, async (client) => {
        if (await run.tenant.rollBack(client)) ended = 'cancelled';
        report.outcome = ended ?? 'unfinished';
        const undone = report.steps.filter((s) => s.step === 'rollback' && s.status === 'done').length;
        this.deps.log.info('setup.cancelled', { run: run.id, undone, left: report.leftOnTenant.length });
        return report;
      });
    } finally {
      this.end(run, ended);
    }
  }

  /** The run is done: what it made stays, and it and its secrets are forgotten. */
  finish(runId: string): void {
    const run = this.runs.get(runId);
    if (run) this.end(run, 'done');
  }

  /** On quit: creations under way finish (so what they made is known), then every run ends, left for the next start's offer. */
  async dispose(): Promise<void> {
    const runs = [...this.runs.values()];
    await Promise.allSettled(runs.flatMap((run) => [...run.inFlight]));
    for (const run of runs) this.end(run, null);
  }

  /** How many runs are held now (each with its secrets). */
  get size(): number {
    return this.runs.size;
  }

  async listConfigs(tenantId: string): Promise<TenantConfigSummary[]> {
    const configs = await this.deps.withClient(tenantId, (client) => client.listLlmConfigs());
    return configs.map((c) => ({
      id: c.id,
      name: c.name,
      provider: c.provider,
      modelName: c.model_name ?? null,
      isEmbedding: Boolean(c.is_embedding),
      builtIn: isBuiltInConfig(c),
    }));
  }

  private newRun(tenantId: string, variant: ProviderVariant): SetupRun {
    const id = randomUUID();
    const operation = this.operations.begin({
      kind: 'setup',
      title: `Set up ${variant.label}`,
      summary: `Setting up ${variant.label}`,
      source: 'setup',
      tenantIds: [tenantId],
      context: { runId: id, providerId: variant.id },
    });
    const tenant = operation.tenant(tenantId);
    return {
      id,
      tenantId,
      variant,
      values: {},
      credentialId: null,
      configProvider: '',
      operation,
      tenant,
      inFlight: new Set(),
      cancelling: false,
      touchedAt: this.now(),
      scope: new SecretScope(this.deps.redactor),
    };
  }

  /** Forgets the run and its secrets; `outcome` ends its operation (null: left open, for the offer). */
  private end(run: SetupRun, outcome: 'done' | 'cancelled' | null): void {
    this.runs.delete(run.id);
    run.scope.release();
    if (outcome) run.tenant.end(outcome);
    run.operation.settle();
  }

  /** Takes one credential this run made back off the tenant (after its configs, if any). Throws when the tenant refuses. */
  private async takeBack(client: AlationClient, run: SetupRun, credentialId: string): Promise<void> {
    const steps = run.tenant.made().filter((s) => s.object.id === credentialId);
    const leftBefore = run.tenant.report.leftOnTenant.length;
    await run.tenant.rollBack(client, { stepIds: steps.map((s) => s.stepId) });
    if (run.tenant.made().some((s) => s.object.id === credentialId)) {
      const why = run.tenant.report.leftOnTenant.at(-1) ?? 'The tenant kept it.';
      // The attempt's failure says it; the run's report keeps naming only what a cancel would leave,
      // so a later cancel that does take it back does not still call it left.
      run.tenant.report.leftOnTenant.splice(leftBefore);
      throw new AppError('server', why);
    }
  }

  /** A credential whose create lost its answer earlier is looked for by its fingerprint, and removed before a new attempt. */
  private async settleUnconfirmed(client: AlationClient, run: SetupRun): Promise<void> {
    const state = run.operation.state.tenants.get(run.tenantId)!;
    const unsure = unsureSteps(state).filter((s) => s.object.kind === 'credential');
    if (unsure.length === 0) return;
    await run.tenant.resolveUnsure(client);
    const landed = unsure.flatMap((s) => (run.tenant.made().some((m) => m.stepId === s.stepId) ? [s.stepId] : []));
    if (landed.length === 0) return;
    await run.tenant.rollBack(client, { stepIds: landed });
    this.deps.log.info('setup.unconfirmed_removed', { run: run.id, count: landed.length });
  }

  private run(runId: string): SetupRun {
    const run = this.runs.get(runId);
    if (!run) throw new AppError('not_found', 'This setup run has ended. Start the setup again.');
    run.touchedAt = this.now();
    return run;
  }

  private activeRun(runId: string): SetupRun {
    const run = this.run(runId);
    if (run.cancelling) throw new AppError('cancelled', 'This setup is being cancelled.');
    if (!run.credentialId) throw new AppError('conflict', 'This setup run has no validated credential yet. Validate the credential first.');
    return run;
  }

  /** A run left unused that long is over: what it made stays, as after Done. */
  private expireOldRuns(): void {
    const cutoff = this.now() - this.ttl;
    for (const run of [...this.runs.values()]) if (run.touchedAt < cutoff) this.end(run, 'done');
  }
}
