// The guide's API flow for one tenant: create the credential, validate it, create configs. Runs live
// in main with the secrets they were given, so the renderer never has to hold a secret again, and
// every credential and config a run creates is known, so cancelling can remove exactly those.
import { randomUUID } from 'node:crypto';
import type { AuditEntryInput } from '../../src-shared/audit';
import { AppError, isAppErrorShape } from '../../src-shared/errors';
import { adviceFor, type FailureFacts } from '../../src-shared/providers/advice';
import { configProviderFor, providerVariant, type ProviderId, type ProviderVariant } from '../../src-shared/providers/catalog';
import { credentialPayload, credentialValuesSchema, secretFieldKeys } from '../../src-shared/providers/credential-schema';
import { knownEmbeddingDimensions, looksLikeEmbeddingModel } from '../../src-shared/providers/embeddings';
import type {
  CancelOutcome,
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
import { createCredentialSafely, createLlmConfigSafely, findLandedCredential, llmConfigBody, type UnconfirmedCredential } from '../alation/safe-writes';
import { auditFailure, recordChange, validationOutcome, type AuditRecorder } from '../audit/audit-log';
import { SecretScope, type Logger, type SecretRedactor } from '../log/logger';

export interface ProviderSetupDeps {
  /** Lends the tenant's client for one whole operation: it is not closed under it by an edit. */
  withClient<T>(tenantId: string, work: (client: AlationClient) => Promise<T>): Promise<T>;
  log: Logger;
  redactor: SecretRedactor;
  /** Where every create, validation and delete on the tenant is recorded. */
  audit?: AuditRecorder;
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
  /** Everything this run left on the tenant, newest last. */
  createdCredentials: { id: string; name: string }[];
  createdConfigs: CreatedConfig[];
  /** Config creations under way: a cancel waits for them, so none lands after it unseen. */
  inFlight: Set<Promise<unknown>>;
  cancelling: boolean;
  touchedAt: number;
  /** The run's secrets, held for log redaction until the run ends. */
  scope: SecretScope;
  /** A credential whose create lost its answer and could not be looked up yet. */
  unconfirmed?: UnconfirmedCredential;
}

export class ProviderSetup {
  private readonly runs = new Map<string, SetupRun>();
  private readonly now: () => number;
  private readonly ttl: number;

  constructor(private readonly deps: ProviderSetupDeps) {
    this.now = deps.now ?? Date.now;
    this.ttl = deps.runTtlMs ?? 60 * 60 * 1000;
  }

  async start(input: StartProviderSetupInput): Promise<SetupAttemptOutcome> {
    this.expireOldRuns();
    const previous = input.runId ? this.run(input.runId) : undefined;
    if (previous && previous.tenantId !== input.tenantId) {
      throw new AppError('validation', 'This setup run belongs to another tenant. Start a new setup.');
    }
    const variant = providerVariant(input.providerId as ProviderId);
    const values = this.withReusedSecrets(variant, input.values, previous);
    const parsed = credentialValuesSchema(variant.id).safeParse(values);
    if (!parsed.success) throw validationError(parsed.error, 'The provider form');
    const checked = parsed.data as Record<string, string | undefined>;

    if (previous?.cancelling) throw new AppError('cancelled', 'This setup is being cancelled.');

    // The client first: when it cannot be had (keychain locked, secret missing), no run is kept
    // holding the secrets just given.
    return this.deps.withClient(input.tenantId, async (client) => {
      const run: SetupRun = previous ?? {
        id: randomUUID(),
        tenantId: input.tenantId,
        variant,
        values: {},
        credentialId: null,
        configProvider: '',
        createdCredentials: [],
        createdConfigs: [],
        inFlight: new Set(),
        cancelling: false,
        touchedAt: this.now(),
        scope: new SecretScope(this.deps.redactor),
      };
      // Back from Models and validating again: the credential validated before goes once the new
      // one is proven (two would be a duplicate), and stays if the new one fails.
      const validatedBefore = run.credentialId;
      Object.assign(run, { variant, values: checked, credentialId: null, configProvider: configProviderFor(variant, checked), touchedAt: this.now() });
      for (const key of secretFieldKeys(variant)) if (checked[key]) run.scope.set(`field:${key}`, checked[key]!);
      this.runs.set(run.id, run);
      const base = { runId: run.id, credentialName: checked.name ?? '', configProvider: run.configProvider, models: [] };
      const failed = (failure: SetupFailure, credentialId: string | null, kept: boolean): SetupAttemptOutcome => {
        run.credentialId = validatedBefore;
        return { ...base, status: 'invalid', credentialId, keptFailedCredential: kept, failure };
      };
      const proven = async (credentialId: string) => {
        run.credentialId = credentialId;
        if (validatedBefore && validatedBefore !== credentialId && !run.createdConfigs.length) {
          await this.deleteCreatedCredential(client, run, validatedBefore).catch(() => undefined);
        }
      };

      try {
        await this.settleUnconfirmed(client, run);
      } catch (error) {
        return failed(this.failureFromError(variant, error, 'create'), null, false);
      }

      let credentialId: string;
      let adopted: boolean;
      const body = { name: checked.name!, creds_type: variant.credsType, ...credentialPayload(variant, checked) };
      try {
        const created = await createCredentialSafely(client, body);
        credentialId = created.value.id;
        adopted = created.adopted;
        if (created.adopted) this.deps.log.info('setup.credential_adopted', { run: run.id, credential: credentialId });
      } catch (error) {
        const unconfirmed = error instanceof AppError ? (error.details?.unconfirmed as UnconfirmedCredential | undefined) : undefined;
        if (unconfirmed) run.unconfirmed = unconfirmed;
        this.audit(run, { action: 'credential.create', objects: [{ kind: 'credential', id: null, name: body.name }], ...auditFailure(error) });
        return failed(this.failureFromError(variant, error, 'create'), null, false);
      }
      run.createdCredentials.push({ id: credentialId, name: body.name });
      this.deps.log.info('setup.credential_created', { run: run.id, provider: variant.id, credential: credentialId });
      const credential = [{ kind: 'credential' as const, id: credentialId, name: body.name }];
      this.audit(run, { action: 'credential.create', objects: credential, outcome: adopted ? 'adopted' : 'ok' });

      let failure: SetupFailure;
      try {
        const result = await client.validateCredential(credentialId, { provider: variant.validateProvider });
        this.audit(run, { action: 'credential.validate', objects: credential, ...validationOutcome(result) });
        if (result.valid === true) {
          await proven(credentialId);
          return { ...base, status: 'valid', credentialId, keptFailedCredential: false, models: result.models.map(modelEntry) };
        }
        if (result.valid === null) {
          await proven(credentialId);
          return { ...base, status: 'listing-unsupported', credentialId, keptFailedCredential: false };
        }
        const message = result.error ?? 'The provider refused the credential.';
        failure = this.failure(variant, { message, ...(result.providerStatus !== undefined ? { status: result.providerStatus } : {}) }, 'validate', 'refused');
      } catch (error) {
        this.audit(run, { action: 'credential.validate', objects: credential, ...auditFailure(error) });
        failure = this.failureFromError(variant, error, 'validate');
      }

      if (input.keepFailedCredential) return failed(failure, credentialId, true);
      // No orphan: the credential that failed is removed from the tenant.
      try {
        await this.deleteCreatedCredential(client, run, credentialId);
        return failed(failure, null, false);
      } catch (error) {
        const why = isAppErrorShape(error) ? error.message : 'unknown error';
        return failed({ ...failure, message: `${failure.message} (The failed credential could not be deleted: ${why})` }, credentialId, true);
      }
    });
  }

  async validateModel(input: { runId: string; modelName: string; isEmbedding: boolean }): Promise<ModelCheck> {
    const run = this.activeRun(input.runId);
    const result = await this.deps.withClient(run.tenantId, (client) =>
      client.validateModel(run.credentialId!, { provider: run.variant.validateProvider, modelName: input.modelName, isEmbedding: input.isEmbedding }),
    );
    const message = result.valid === true ? null : (result.error ?? (result.valid === null ? 'The provider could not check this model.' : 'Model not found'));
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
    // A retry after a lost answer adopts the config that landed: every config on this run's
    // credential was made by this run. Registered before anything is awaited, so a cancel that
    // comes meanwhile waits for it and deletes what it made.
    const creating = this.deps.withClient(run.tenantId, (client) =>
      createLlmConfigSafely(
        client,
        llmConfigBody({ name, provider: run.configProvider, credentialId, modelName: input.modelName, isEmbedding: input.isEmbedding, dimensions: input.embeddingDimensions, extraConfig: input.extraConfig }),
      ),
    );
    run.inFlight.add(creating);
    try {
      const { value: config, adopted } = await creating;
      const created: CreatedConfig = { id: config.id, name: config.name, modelName: input.modelName, provider: run.configProvider };
      if (!run.createdConfigs.some((c) => c.id === config.id)) run.createdConfigs.push(created);
      this.deps.log.info(adopted ? 'setup.config_adopted' : 'setup.config_created', { run: run.id, config: config.id });
      this.audit(run, { action: 'config.create', objects: [{ kind: 'config', id: config.id, name: config.name }], outcome: adopted ? 'adopted' : 'ok', message: `Model ${input.modelName}` });
      return created;
    } catch (error) {
      this.audit(run, { action: 'config.create', objects: [{ kind: 'config', id: null, name }], ...auditFailure(error) });
      throw error;
    } finally {
      run.inFlight.delete(creating);
    }
  }

  /** Exactly what a cancel with delete would remove now, for the page to name it. */
  describeCancel(runId: string): CancelPreview {
    const run = this.run(runId);
    return {
      configs: run.createdConfigs.map((c) => c.name),
      credentials: run.createdCredentials.map((c) => c.name),
      unconfirmed: run.unconfirmed?.fingerprint.name ?? null,
      creating: run.inFlight.size,
    };
  }

  /** Cancels a run; with `deleteCreated`, removes its configs first, then its credentials (the order the tenant needs). */
  async cancel(input: { runId: string; deleteCreated: boolean }): Promise<CancelOutcome> {
    const run = this.run(input.runId);
    run.cancelling = true;
    // Creations already sent finish first, so what they made is known and can be deleted too.
    await Promise.allSettled([...run.inFlight]);
    this.end(run);
    const outcome: CancelOutcome = { deletedConfigs: 0, deletedCredentials: 0, leftOnTenant: [] };
    if (!input.deleteCreated) return outcome;
    return this.deps.withClient(run.tenantId, async (client) => {
      try {
        const landed = run.unconfirmed ? await findLandedCredential(client, run.unconfirmed) : undefined;
        if (landed) run.createdCredentials.push({ id: landed.id, name: landed.name });
      } catch (error) {
        outcome.leftOnTenant.push(`Perhaps a credential “${run.unconfirmed!.fingerprint.name}”: BYOM Desk could not check (${messageOf(error)})`);
      }
      for (const config of [...run.createdConfigs].reverse()) {
        try {
          await this.deleteRecorded(run, { kind: 'config', id: config.id, name: config.name }, () => client.deleteLlmConfig(config.id));
          outcome.deletedConfigs++;
        } catch (error) {
          outcome.leftOnTenant.push(`LLM config “${config.name}” (${config.id}): ${messageOf(error)}`);
        }
      }
      for (const credential of run.createdCredentials) {
        try {
          await this.deleteRecorded(run, { kind: 'credential', ...credential }, () => client.deleteCredential(credential.id));
          outcome.deletedCredentials++;
        } catch (error) {
          outcome.leftOnTenant.push(`Credential “${credential.name}” (${credential.id}): ${messageOf(error)}`);
        }
      }
      this.deps.log.info('setup.cancelled', { run: run.id, deletedConfigs: outcome.deletedConfigs, deletedCredentials: outcome.deletedCredentials });
      return outcome;
    });
  }

  /** The run is done: forget it and its secrets. */
  finish(runId: string): void {
    const run = this.runs.get(runId);
    if (run) this.end(run);
  }

  /** On quit: creations under way finish (so what they made is known), then every run ends and its secrets go. */
  async dispose(): Promise<void> {
    const runs = [...this.runs.values()];
    await Promise.allSettled(runs.flatMap((run) => [...run.inFlight]));
    for (const run of runs) this.end(run);
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

  private withReusedSecrets(variant: ProviderVariant, given: Record<string, string>, previous: SetupRun | undefined) {
    const values: Record<string, string> = { ...given };
    if (!previous) return values;
    for (const key of secretFieldKeys(variant)) {
      const earlier = previous.values[key];
      if ((values[key] ?? '').trim() === '' && earlier) values[key] = earlier;
    }
    return values;
  }

  private end(run: SetupRun): void {
    this.runs.delete(run.id);
    run.scope.release();
  }

  private async deleteCreatedCredential(client: AlationClient, run: SetupRun, credentialId: string): Promise<void> {
    const name = run.createdCredentials.find((c) => c.id === credentialId)?.name ?? null;
    await this.deleteRecorded(run, { kind: 'credential', id: credentialId, name }, () => client.deleteCredential(credentialId));
    run.createdCredentials = run.createdCredentials.filter((c) => c.id !== credentialId);
  }

  /** Deletes one thing from the tenant, and records it in the audit log whether it went or not. */
  private deleteRecorded(run: SetupRun, object: { kind: 'config' | 'credential'; id: string; name: string | null }, remove: () => Promise<void>): Promise<void> {
    const action = object.kind === 'config' ? 'config.delete' : 'credential.delete';
    return recordChange(this.deps.audit, { tenantId: run.tenantId, source: 'setup', action, objects: [object] }, remove);
  }

  /** Records a change this run made, or tried, on its tenant. */
  private audit(run: SetupRun, entry: Omit<AuditEntryInput, 'tenantId' | 'source'>): void {
    this.deps.audit?.record({ ...entry, tenantId: run.tenantId, source: 'setup' });
  }

  /** A credential whose create lost its answer earlier is removed before a new attempt: it was never confirmed. */
  private async settleUnconfirmed(client: AlationClient, run: SetupRun): Promise<void> {
    if (!run.unconfirmed) return;
    const landed = await findLandedCredential(client, run.unconfirmed);
    if (landed) {
      await this.deleteRecorded(run, { kind: 'credential', id: landed.id, name: landed.name }, () => client.deleteCredential(landed.id));
      this.deps.log.info('setup.unconfirmed_removed', { run: run.id, credential: landed.id });
    }
    run.unconfirmed = undefined;
  }

  /** A failure from what the tenant said: its message, and the HTTP status when there was one. */
  private failure(variant: ProviderVariant, facts: FailureFacts & { message: string }, stage: SetupFailure['stage'], cause: SetupFailure['cause']): SetupFailure {
    return { message: facts.message, advice: adviceFor(variant, facts), offerOpenAiCompatible: variant.id === 'openai', stage, cause };
  }

  private failureFromError(variant: ProviderVariant, error: unknown, stage: SetupFailure['stage']): SetupFailure {
    if (!isAppErrorShape(error)) return this.failure(variant, { message: 'The tenant refused the credential.' }, stage, 'tenant-error');
    const status = error.details?.status;
    return this.failure(variant, { message: error.message, ...(typeof status === 'number' ? { status } : {}) }, stage, causeOf(error.code));
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

  private expireOldRuns(): void {
    const cutoff = this.now() - this.ttl;
    for (const run of [...this.runs.values()]) if (run.touchedAt < cutoff) this.end(run);
  }
}

function causeOf(code: string): SetupFailure['cause'] {
  if (code === 'network' || code === 'timeout' || code === 'tls' || code === 'cancelled') return 'unreachable';
  if (code === 'server' || code === 'bad_response' || code === 'internal') return 'tenant-error';
  return 'refused';
}

function modelEntry(id: string) {
  const embedding = looksLikeEmbeddingModel(id);
  const dimensions = embedding ? knownEmbeddingDimensions(id) : undefined;
  return dimensions === undefined ? { id, embedding } : { id, embedding, dimensions };
}

function messageOf(error: unknown): string {
  return isAppErrorShape(error) ? error.message : 'unknown error';
}
