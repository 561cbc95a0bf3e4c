// The provider setup flow in the renderer. Secrets typed in the form are sent once, with
// startProviderSetup, and then cleared here: main keeps them for the run.
import type { BridgeApi } from '../../../src-shared/contract';
import { inTurns } from '../../components/in-turns';
import { create } from 'zustand';
import type { AppErrorShape } from '../../../src-shared/errors';
import { openAiTipBaseUrl, providerVariant, type ProviderId } from '../../../src-shared/providers/catalog';
import { credentialValuesSchema, secretFieldKeys } from '../../../src-shared/providers/credential-schema';
import { knownEmbeddingDimensions } from '../../../src-shared/providers/embeddings';
import type { ExtraConfigForm } from '../../../src-shared/providers/extra-config';
import type { CreatedConfig, ModelCheck, ModelEntry, SetupAttemptOutcome, TenantConfigSummary } from '../../../src-shared/setup';
import type { TenantOperationReport } from '../../../src-shared/tenant-operation';
import { asAppError, bridge } from '../../bridge';
import { choiceExtraConfig, extraConfigErrors } from './names';

export type SetupStep = 'provider' | 'models' | 'names' | 'complete';

export interface ModelChoice {
  id: string;
  embedding: boolean;
  /** Text, as typed; checked before configs are created. */
  dimensions: string;
  displayName: string;
  /** The `llm_extra_config` form, as typed; built and checked with the definition before configs are created. */
  extraConfig: ExtraConfigForm;
}

export type ConfigResult =
  | { status: 'waiting' }
  | { status: 'creating' }
  | { status: 'created'; config: CreatedConfig }
  | { status: 'failed'; error: AppErrorShape };

const configConcurrency = 3;

interface SetupState {
  step: SetupStep;
  tenantId: string | null;
  providerId: ProviderId;
  values: Record<string, string>;
  fieldErrors: Record<string, string>;
  busy: boolean;
  error: AppErrorShape | null;
  outcome: SetupAttemptOutcome | null;
  /** Secret fields main already holds for this run (a blank field reuses them). */
  heldSecrets: string[];
  /** The guide's OpenAI tip was taken: main is asked to carry the OpenAI key to OpenAI-compatible. */
  carryOpenAiKey: boolean;
  keepFailedCredential: boolean;
  models: ModelEntry[];
  manualChecks: ModelCheck[];
  selected: Record<string, ModelChoice>;
  existingConfigs: TenantConfigSummary[];
  /** The duplicate-name check needs the tenant's configs: Complete waits until they are read. */
  namesCheck: { status: 'idle' | 'loading' | 'ok' } | { status: 'failed'; error: AppErrorShape };
  results: Record<string, ConfigResult>;
  /** The cancelled run's report (what it made, took back, and left), shown as every screen shows one. */
  cancelled: TenantOperationReport | null;

  chooseTenant(tenantId: string): void;
  chooseProvider(providerId: ProviderId): void;
  setValue(key: string, value: string): void;
  setKeepFailedCredential(keep: boolean): void;
  validateAndContinue(): Promise<void>;
  switchToOpenAiCompatible(): void;
  toggleModel(model: ModelEntry, on: boolean): void;
  selectModels(models: ModelEntry[]): void;
  clearSelection(): void;
  updateChoice(id: string, change: Partial<ModelChoice>): void;
  checkManualModel(modelName: string, isEmbedding: boolean): Promise<void>;
  goTo(step: SetupStep): void;
  toNames(): Promise<void>;
  checkNames(): Promise<void>;
  /** Blanks every secret typed in the form: on leaving the screen, the page keeps none. */
  dropSecrets(): void;
  createConfigs(onlyFailed?: boolean): Promise<void>;
  cancelRun(deleteCreated: boolean): Promise<void>;
  finish(): Promise<void>;
  reset(): void;
  /** Exactly what cancelling with delete would remove now. */
  describeCancel: BridgeApi['describeSetupCancel'];
}

const initial = {
  step: 'provider' as SetupStep,
  providerId: 'openai' as ProviderId,
  values: {} as Record<string, string>,
  fieldErrors: {},
  busy: false,
  error: null,
  outcome: null,
  heldSecrets: [] as string[],
  carryOpenAiKey: false,
  keepFailedCredential: false,
  models: [] as ModelEntry[],
  manualChecks: [] as ModelCheck[],
  selected: {} as Record<string, ModelChoice>,
  existingConfigs: [] as TenantConfigSummary[],
  namesCheck: { status: 'idle' } as SetupState['namesCheck'],
  results: {} as Record<string, ConfigResult>,
  cancelled: null,
};

/** The values with every secret field of the provider blanked. */
function withoutSecrets(providerId: ProviderId, values: Record<string, string>): Record<string, string> {
  const secretKeys = secretFieldKeys(providerVariant(providerId));
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, secretKeys.includes(k) ? '' : v]));
}

/** Client-side check with the catalog's schema; blank secrets are fine when main holds them. */
export function checkProviderValues(providerId: ProviderId, values: Record<string, string>, heldSecrets: string[]): Record<string, string> {
  const filled = { ...values };
  for (const key of heldSecrets) if (!filled[key]?.trim()) filled[key] = 'held-by-main';
  const parsed = credentialValuesSchema(providerId).safeParse(filled);
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path.join('.')] ??= issue.message;
  return errors;
}

/** The store, made with the bridge passed in (a test gives it a fake one). */
export function createSetupStore(api: () => BridgeApi = bridge) {
  return create<SetupState>((set, get) => ({
    ...initial,
    tenantId: null,

    chooseTenant: (tenantId) => set({ ...initial, tenantId }),
    chooseProvider: (providerId) =>
      set((s) => ({
        providerId,
        // The name carries over; fields of the old provider do not.
        values: s.values.name ? { name: s.values.name } : ({} as Record<string, string>),
        fieldErrors: {},
        // Main drops the secrets it holds on a change of provider: none is held for this one.
        heldSecrets: [],
        carryOpenAiKey: false,
        error: null,
        // The run goes on (its id), but the old provider's failure is not this provider's.
        outcome: s.outcome?.status === 'invalid' ? { ...s.outcome, failure: undefined } : null,
      })),
    setValue: (key, value) =>
      set((s) => {
        const { [key]: _fixed, ...fieldErrors } = s.fieldErrors;
        return { values: { ...s.values, [key]: value }, fieldErrors };
      }),
    setKeepFailedCredential: (keep) => set({ keepFailedCredential: keep }),

    async validateAndContinue() {
      const { tenantId, providerId, values, heldSecrets, outcome, keepFailedCredential, carryOpenAiKey } = get();
      if (!tenantId) return;
      const fieldErrors = checkProviderValues(providerId, values, heldSecrets);
      set({ fieldErrors, error: null });
      if (Object.keys(fieldErrors).length > 0) return;
      // A new attempt: the report of a run cancelled before is not this run's.
      set({ busy: true, cancelled: null });
      try {
        const result = await api().startProviderSetup({
          tenantId,
          providerId,
          values,
          ...(outcome ? { runId: outcome.runId } : {}),
          ...(carryOpenAiKey && providerId === 'openai_compatible' ? { carryOpenAiKey: true as const } : {}),
          keepFailedCredential,
        });
        const secretKeys = secretFieldKeys(providerVariant(providerId));
        const held = [...new Set([...heldSecrets, ...secretKeys.filter((k) => values[k]?.trim())])];
        // Main holds the key as OpenAI-compatible's now: the tip's request is spent.
        set({ outcome: result, values: withoutSecrets(providerId, values), heldSecrets: held, busy: false, carryOpenAiKey: false });
        if (result.status === 'valid' || result.status === 'listing-unsupported') {
          set({ step: 'models', models: result.models, selected: {}, manualChecks: [], results: {} });
        }
      } catch (error) {
        const e = asAppError(error);
        const fields: Record<string, string> = {};
        for (const f of e.details?.fields ?? []) fields[f.path.replace(/^values\./, '')] ??= f.message;
        // The secrets were submitted: the page does not keep them, even when main refused the call.
        set({ error: e, fieldErrors: fields, busy: false, values: withoutSecrets(providerId, values) });
      }
    },

    switchToOpenAiCompatible() {
      // The guide's tip: OpenAI through the OpenAI-compatible provider, base URL https://api.openai.com/v1,
      // with the key already given. Main carries it only when asked, and only to that base URL.
      set((s) => ({
        providerId: 'openai_compatible',
        values: { ...s.values, base_url: openAiTipBaseUrl },
        fieldErrors: {},
        carryOpenAiKey: true,
      }));
    },

    toggleModel(model, on) {
      set((s) => {
        const selected = { ...s.selected };
        if (on) selected[model.id] = choiceFor(model);
        else delete selected[model.id];
        return { selected };
      });
    },
    selectModels(models) {
      set((s) => {
        const selected = { ...s.selected };
        for (const m of models) selected[m.id] ??= choiceFor(m);
        return { selected };
      });
    },
    clearSelection: () => set({ selected: {} }),
    updateChoice: (id, change) =>
      set((s) => (s.selected[id] ? { selected: { ...s.selected, [id]: { ...s.selected[id]!, ...change } } } : {})),

    async checkManualModel(modelName, isEmbedding) {
      const { outcome } = get();
      if (!outcome) return;
      set({ busy: true, error: null });
      try {
        const check = await api().validateSetupModel({ runId: outcome.runId, modelName, isEmbedding });
        set((s) => ({ manualChecks: [...s.manualChecks.filter((c) => c.modelName !== check.modelName), check], busy: false }));
        if (check.valid === true) {
          const dimensions = isEmbedding ? knownEmbeddingDimensions(check.modelName) : undefined;
          get().toggleModel({ id: check.modelName, embedding: isEmbedding, ...(dimensions ? { dimensions } : {}) }, true);
        }
      } catch (error) {
        set({ error: asAppError(error), busy: false });
      }
    },

    goTo: (step) => set({ step, error: null }),

    async toNames() {
      set({ step: 'names', error: null });
      await get().checkNames();
    },

    async checkNames() {
      const { tenantId } = get();
      if (!tenantId) return;
      set({ namesCheck: { status: 'loading' } });
      try {
        set({ existingConfigs: await api().listTenantConfigs({ tenantId }), namesCheck: { status: 'ok' } });
      } catch (error) {
        set({ namesCheck: { status: 'failed', error: asAppError(error) } });
      }
    },

    dropSecrets: () => set((s) => ({ values: withoutSecrets(s.providerId, s.values) })),

    async createConfigs(onlyFailed = false) {
      const { outcome, selected, results } = get();
      if (!outcome) return;
      const todo = Object.values(selected).filter((c) => !onlyFailed || results[c.id]?.status === 'failed');
      // The page blocks Complete while an extra config is invalid; this holds for any other caller too.
      const invalid = Object.keys(extraConfigErrors(todo, outcome.configProvider));
      if (invalid.length > 0) {
        set({
          error: {
            code: 'validation',
            message: `Fix the extra config of ${invalid.join(', ')} first: each flagged field says what it needs.`,
          },
        });
        return;
      }
      set((s) => ({ step: 'complete', results: { ...s.results, ...Object.fromEntries(todo.map((c) => [c.id, { status: 'waiting' }])) } }));
      const limit = inTurns(configConcurrency);
      const setResult = (id: string, result: ConfigResult) => set((s) => ({ results: { ...s.results, [id]: result } }));
      await Promise.all(
        todo.map((choice) =>
          limit(async () => {
            if (get().cancelled) return;
            setResult(choice.id, { status: 'creating' });
            try {
              const dimensions = choice.embedding && choice.dimensions.trim() ? Number(choice.dimensions) : undefined;
              const extra = choiceExtraConfig(choice, outcome.configProvider);
              const config = await api().createSetupConfig({
                runId: outcome.runId,
                modelName: choice.id,
                name: choice.displayName,
                isEmbedding: choice.embedding,
                ...(dimensions !== undefined ? { embeddingDimensions: dimensions } : {}),
                ...(extra.ok && extra.value ? { extraConfig: extra.value } : {}),
              });
              setResult(choice.id, { status: 'created', config });
            } catch (error) {
              setResult(choice.id, { status: 'failed', error: asAppError(error) });
            }
          }),
        ),
      );
    },

    async cancelRun(deleteCreated) {
      const { outcome } = get();
      if (!outcome) {
        set({ ...initial });
        return;
      }
      set({ busy: true });
      try {
        const cancelled = await api().cancelProviderSetup({ runId: outcome.runId, deleteCreated });
        set({ ...initial, cancelled });
      } catch (error) {
        set({ busy: false, error: asAppError(error) });
      }
    },

    async finish() {
      const { outcome } = get();
      if (outcome)
        await api()
          .finishProviderSetup({ runId: outcome.runId })
          .catch(() => undefined);
      set({ ...initial });
    },

    reset: () => set({ ...initial }),
    describeCancel: (input) => api().describeSetupCancel(input),
  }));
}

export const useSetupStore = createSetupStore();

function choiceFor(model: ModelEntry): ModelChoice {
  return {
    id: model.id,
    embedding: model.embedding,
    dimensions: model.dimensions ? String(model.dimensions) : '',
    displayName: '',
    extraConfig: {},
  };
}
