// `llm_extra_config`: the per-config tuning Alation's own client documents (see the API notes),
// typed by `extra_config_type`. One definition drives the Setup screen's fields, the draft editor's,
// the schema both are checked with, and the body sent to the tenant.
//
// A form holds the fields flat, as text and booleans (`ExtraConfigForm`); `buildExtraConfig` turns
// that into the API's shape, and `extraConfigForm` turns a config's API shape back into a form.
import { z } from 'zod';
import { normalizeConfigProvider } from './catalog';

export type ExtraConfigType = 'openai_config' | 'bedrock_config';

export const reasoningEfforts = ['minimal', 'low', 'medium', 'high'] as const;
export const guardrailTraces = ['enabled', 'disabled', 'enabled_full'] as const;
/** Bedrock's smallest thinking budget. */
export const minThinkingBudget = 1024;
/** Bedrock's prompt-caching flags: booleans in the API, checkboxes in the form, under the same keys. */
export const cacheFlags = ['cache_instructions', 'cache_tool_definitions', 'cache_messages'] as const;

/** The API shape, as sent in `llm_extra_config` and as a tenant answers it. */
// The three mutants marked here make zod refuse the union as the module loads: every test file that imports it
// fails to load, and Stryker's Vitest runner counts a run with no test as a survival.
// Stryker disable next-line StringLiteral: see above
export const llmExtraConfigSchema = z.discriminatedUnion('extra_config_type', [
  // Stryker disable next-line ObjectLiteral: see above
  z.strictObject({
    extra_config_type: z.literal('openai_config'),
    reasoning_effort: z.enum(reasoningEfforts).nullish(),
  }),
  // Stryker disable next-line ObjectLiteral: see above
  z.strictObject({
    extra_config_type: z.literal('bedrock_config'),
    thinking: z.strictObject({ type: z.literal('enabled'), budget_tokens: z.number().int().min(minThinkingBudget) }).nullish(),
    guardrail: z
      .strictObject({
        guardrail_identifier: z.string().trim().min(1, 'Enter the guardrail ID').max(256, 'A guardrail ID has at most 256 characters'),
        guardrail_version: z
          .string()
          .trim()
          .min(1, 'Enter the guardrail’s version')
          .max(64, 'A guardrail version has at most 64 characters'),
        trace: z.enum(guardrailTraces).nullish(),
      })
      .nullish(),
    cache_instructions: z.boolean().nullish(),
    cache_tool_definitions: z.boolean().nullish(),
    cache_messages: z.boolean().nullish(),
  }),
]);
export type LlmExtraConfig = z.infer<typeof llmExtraConfigSchema>;

export type ExtraConfigFieldKind = 'choice' | 'integer' | 'text' | 'boolean';

export interface ExtraConfigField {
  /** Key in the flat form. */
  key: string;
  label: string;
  kind: ExtraConfigFieldKind;
  hint: string;
  choices?: readonly string[];
  /** An integer's smallest value: the input offers it, and `buildExtraConfig` enforces it. */
  min?: number;
  /**
   * Shown in full only for models it applies to; for others it is collapsed with a note, and can
   * still be set (model ids change faster than rules).
   */
  appliesTo?: (modelId: string) => boolean;
}

/** OpenAI's reasoning models: the o-series (o1, o3-mini, o4-mini...) and GPT-5, with or without a namespace (openai/o3). */
export function isReasoningModel(modelId: string): boolean {
  const id = modelId.trim();
  return /^(o\d|gpt-5)/i.test(id.slice(id.lastIndexOf('/') + 1));
}

// Stryker disable StringLiteral: the form's labels and hints (copy); its keys are held to the builder's by
// "every form key the builder reads is a field of the definition"
export const extraConfigFields: Record<ExtraConfigType, readonly ExtraConfigField[]> = {
  openai_config: [
    {
      key: 'reasoning_effort',
      label: 'Reasoning effort',
      kind: 'choice',
      choices: reasoningEfforts,
      hint: 'For OpenAI reasoning models (o-series): how much the model thinks before it answers. Blank: the model’s default.',
      appliesTo: isReasoningModel,
    },
  ],
  bedrock_config: [
    {
      key: 'thinking_budget_tokens',
      label: 'Thinking budget (tokens)',
      kind: 'integer',
      min: minThinkingBudget,
      hint: `Extended thinking, at least ${minThinkingBudget} tokens. Blank: off.`,
    },
    { key: 'guardrail_identifier', label: 'Guardrail ID', kind: 'text', hint: 'A Bedrock guardrail to apply. Blank: none.' },
    {
      key: 'guardrail_version',
      label: 'Guardrail version',
      kind: 'text',
      hint: 'The guardrail’s version (e.g., 1 or DRAFT); needed with a guardrail ID.',
    },
    {
      key: 'guardrail_trace',
      label: 'Guardrail trace',
      kind: 'choice',
      choices: guardrailTraces,
      hint: 'Whether Bedrock returns the guardrail’s trace. Blank: Bedrock’s default.',
    },
    { key: 'cache_instructions', label: 'Cache instructions', kind: 'boolean', hint: 'Prompt caching of the system instructions.' },
    { key: 'cache_tool_definitions', label: 'Cache tool definitions', kind: 'boolean', hint: 'Prompt caching of the tool definitions.' },
    { key: 'cache_messages', label: 'Cache messages', kind: 'boolean', hint: 'Prompt caching of the conversation.' },
  ],
};
// Stryker restore StringLiteral

/** Which extra config a config of this provider takes: OpenAI and Azure OpenAI, or Bedrock. */
export function extraConfigTypeFor(configProvider: string): ExtraConfigType | null {
  const family = normalizeConfigProvider(configProvider);
  if (family === 'openai' || family === 'azure_openai') return 'openai_config';
  if (family === 'bedrock' || family.startsWith('bedrock_')) return 'bedrock_config';
  return null;
}

/** The flat form: text for choices, numbers and text; booleans for flags. Absent or blank is unset. */
export type ExtraConfigForm = Record<string, string | boolean | undefined>;

export type ExtraConfigBuilt = { ok: true; value: LlmExtraConfig | null } | { ok: false; errors: Record<string, string> };

const text = (form: ExtraConfigForm, key: string) => {
  const v = form[key];
  return typeof v === 'string' ? v.trim() : '';
};

/** The API shape for a form, or null when nothing is set; errors keyed by the form's keys. */
export function buildExtraConfig(type: ExtraConfigType, form: ExtraConfigForm): ExtraConfigBuilt {
  const errors: Record<string, string> = {};
  let value: Record<string, unknown>;
  if (type === 'openai_config') {
    const effort = text(form, 'reasoning_effort');
    if (!effort) return { ok: true, value: null };
    if (!(reasoningEfforts as readonly string[]).includes(effort))
      return { ok: false, errors: { reasoning_effort: `Reasoning effort must be one of ${reasoningEfforts.join(', ')}` } };
    value = { extra_config_type: 'openai_config', reasoning_effort: effort };
  } else {
    value = { extra_config_type: 'bedrock_config' };
    const budget = text(form, 'thinking_budget_tokens');
    if (budget) {
      // Digits only: Number() would also take "1e4" or "0x400", which nobody means as a budget.
      const n = /^\d+$/.test(budget) ? Number(budget) : NaN;
      if (!Number.isSafeInteger(n) || n < minThinkingBudget)
        errors.thinking_budget_tokens = `Thinking budget must be a whole number of at least ${minThinkingBudget}, such as 4096`;
      else value.thinking = { type: 'enabled', budget_tokens: n };
    }
    const id = text(form, 'guardrail_identifier');
    const version = text(form, 'guardrail_version');
    const trace = text(form, 'guardrail_trace');
    if (id || version || trace) {
      if (!id) errors.guardrail_identifier = 'Enter the guardrail ID, or clear its version and trace';
      if (!version) errors.guardrail_version = 'Enter the guardrail’s version (e.g., 1 or DRAFT)';
      if (trace && !(guardrailTraces as readonly string[]).includes(trace))
        errors.guardrail_trace = `Guardrail trace must be one of ${guardrailTraces.join(', ')}`;
      // Sent only if nothing above was refused: a form with errors returns them below, before any value.
      value.guardrail = { guardrail_identifier: id, guardrail_version: version, ...(trace ? { trace } : {}) };
    }
    for (const flag of cacheFlags) if (form[flag] === true) value[flag] = true;
    if (Object.keys(errors).length) return { ok: false, errors };
    if (Object.keys(value).length === 1) return { ok: true, value: null };
  }
  // The schema has the last word: its complaints go to the form field they are about. The checks
  // above leave it only the guardrail's lengths, at guardrail.guardrail_identifier and
  // guardrail.guardrail_version: the last key of the path is the form's key.
  const parsed = llmExtraConfigSchema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  for (const { path, message } of parsed.error.issues) errors[String(path[path.length - 1])] ??= message;
  return { ok: false, errors };
}

/** A config's extra config back as a form (to edit it, or to make a draft from it). Unknown parts are dropped. */
export function extraConfigForm(value: unknown): ExtraConfigForm {
  const parsed = llmExtraConfigSchema.safeParse(value);
  if (!parsed.success) return {};
  const v = parsed.data;
  if (v.extra_config_type === 'openai_config') return v.reasoning_effort ? { reasoning_effort: v.reasoning_effort } : {};
  const form: ExtraConfigForm = {};
  if (v.thinking) form.thinking_budget_tokens = String(v.thinking.budget_tokens);
  if (v.guardrail) {
    form.guardrail_identifier = v.guardrail.guardrail_identifier;
    form.guardrail_version = v.guardrail.guardrail_version;
    if (v.guardrail.trace) form.guardrail_trace = v.guardrail.trace;
  }
  for (const flag of cacheFlags) if (v[flag]) form[flag] = true;
  return form;
}

/** Two extra configs ask for the same (null and an empty config alike). */
export function sameExtraConfig(a: unknown, b: unknown): boolean {
  const norm = (x: unknown) => {
    const parsed = llmExtraConfigSchema.safeParse(x);
    if (!parsed.success) return x == null ? 'null' : JSON.stringify(x);
    const type = parsed.data.extra_config_type;
    // Built again, a value has its keys in one order, whatever order it came in.
    const built = buildExtraConfig(type, extraConfigForm(parsed.data));
    // Stryker disable next-line ConditionalExpression: a value the schema takes always builds (the property test holds it)
    return JSON.stringify(built.ok ? built.value : null);
  };
  return norm(a) === norm(b);
}

/** "reasoning high", "thinking 8192 · guardrail abc/1 · cache instructions": for lists and plans. */
export function describeExtraConfig(value: unknown): string {
  const form = extraConfigForm(value);
  const parts: string[] = [];
  if (form.reasoning_effort) parts.push(`reasoning ${form.reasoning_effort}`);
  if (form.thinking_budget_tokens) parts.push(`thinking ${form.thinking_budget_tokens}`);
  if (form.guardrail_identifier)
    parts.push(
      `guardrail ${form.guardrail_identifier}/${form.guardrail_version}${form.guardrail_trace ? ` (trace ${form.guardrail_trace})` : ''}`,
    );
  const caches = cacheFlags.filter((k) => form[k] === true).map((k) => k.replace('cache_', '').replace('_', ' '));
  if (caches.length) parts.push(`cache ${caches.join(', ')}`);
  return parts.join(' · ');
}
