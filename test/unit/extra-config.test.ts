// `llm_extra_config` has one definition: the form, the payload and the checks come from it. A
// config's extra config read back into the form and built again is the same config, so editing one
// (in Setup or a draft) never changes what the user did not touch.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildExtraConfig,
  describeExtraConfig,
  extraConfigFields,
  extraConfigForm,
  extraConfigTypeFor,
  guardrailTraces,
  isReasoningModel,
  llmExtraConfigSchema,
  minThinkingBudget,
  reasoningEfforts,
  sameExtraConfig,
  type LlmExtraConfig,
} from '../../src-shared/providers/extra-config';

/** Absent, null, or (for the nullish fields) a value: the three ways a tenant may answer a field. */
const nullish = <T>(arb: fc.Arbitrary<T>) => fc.oneof(fc.constant(undefined), fc.constant(null), arb);
/** Text that may carry spaces around it, as typed or as a tenant stores it. */
const padded = (maxLength: number) =>
  fc
    .tuple(fc.constantFrom('', ' ', '\t'), fc.string({ minLength: 1, maxLength }), fc.constantFrom('', '  '))
    .map((parts) => parts.join(''));

const openai = fc.record({
  extra_config_type: fc.constant('openai_config' as const),
  reasoning_effort: nullish(fc.constantFrom(...reasoningEfforts)),
});
const bedrock = fc.record({
  extra_config_type: fc.constant('bedrock_config' as const),
  thinking: nullish(
    fc.record({
      type: fc.constant('enabled' as const),
      budget_tokens: fc.integer({ min: minThinkingBudget, max: Number.MAX_SAFE_INTEGER }),
    }),
  ),
  guardrail: nullish(
    fc.record({ guardrail_identifier: padded(256), guardrail_version: padded(64), trace: nullish(fc.constantFrom(...guardrailTraces)) }),
  ),
  cache_instructions: nullish(fc.boolean()),
  cache_tool_definitions: nullish(fc.boolean()),
  cache_messages: nullish(fc.boolean()),
});
/** Any value the schema accepts. */
const validValues = fc.oneof(openai, bedrock).filter((v) => llmExtraConfigSchema.safeParse(v).success);

/** What a value asks for: no null, no false flag, no empty config (the form cannot tell them from unset). */
function meaning(value: unknown): LlmExtraConfig | null {
  const strip = (x: unknown): unknown =>
    x && typeof x === 'object'
      ? Object.fromEntries(Object.entries(x).flatMap(([k, v]) => (v === null || v === undefined || v === false ? [] : [[k, strip(v)]])))
      : x;
  const stripped = strip(llmExtraConfigSchema.parse(value)) as LlmExtraConfig;
  return Object.keys(stripped).length > 1 ? stripped : null;
}

describe('llm_extra_config definitions', () => {
  it('a valid value read into the form and built again asks for the same thing', () => {
    fc.assert(
      fc.property(validValues, (v) => {
        const built = buildExtraConfig(v.extra_config_type, extraConfigForm(v));
        expect(built).toEqual({ ok: true, value: meaning(v) });
        expect(sameExtraConfig(built.ok ? built.value : undefined, v)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('builds the API shape from the form, and null when nothing is set', () => {
    expect(buildExtraConfig('openai_config', { reasoning_effort: 'high' })).toEqual({
      ok: true,
      value: { extra_config_type: 'openai_config', reasoning_effort: 'high' },
    });
    expect(buildExtraConfig('openai_config', { reasoning_effort: '' })).toEqual({ ok: true, value: null });
    expect(buildExtraConfig('bedrock_config', { cache_messages: false, guardrail_trace: '' })).toEqual({ ok: true, value: null });
    expect(
      buildExtraConfig('bedrock_config', {
        thinking_budget_tokens: ' 8192 ',
        guardrail_identifier: 'gr-1',
        guardrail_version: 'DRAFT',
        guardrail_trace: 'enabled',
        cache_tool_definitions: true,
      }),
    ).toEqual({
      ok: true,
      value: {
        extra_config_type: 'bedrock_config',
        thinking: { type: 'enabled', budget_tokens: 8192 },
        guardrail: { guardrail_identifier: 'gr-1', guardrail_version: 'DRAFT', trace: 'enabled' },
        cache_tool_definitions: true,
      },
    });
  });

  it('says what to fix, at the form field it is about', () => {
    const errorsOf = (form: Record<string, string | boolean>) => {
      const built = buildExtraConfig('bedrock_config', form);
      return built.ok ? {} : built.errors;
    };
    for (const budget of ['512', '1e4', '0x400', '2048.5', '-2048', '99999999999999999999']) {
      expect(errorsOf({ thinking_budget_tokens: budget }), budget).toEqual({
        thinking_budget_tokens: expect.stringMatching(/whole number of at least 1024/),
      });
    }
    expect(errorsOf({ guardrail_version: '1' })).toEqual({ guardrail_identifier: expect.stringMatching(/Enter the guardrail ID/) });
    expect(errorsOf({ guardrail_trace: 'enabled' })).toEqual({
      guardrail_identifier: expect.any(String),
      guardrail_version: expect.stringMatching(/version/),
    });
    expect(errorsOf({ guardrail_identifier: 'x'.repeat(257), guardrail_version: '1' })).toEqual({
      guardrail_identifier: 'A guardrail ID has at most 256 characters',
    });
    expect(errorsOf({ guardrail_identifier: 'gr', guardrail_version: 'v'.repeat(65) })).toEqual({
      guardrail_version: 'A guardrail version has at most 64 characters',
    });
    // A draft file or a tenant's answer is checked by the schema alone: it says which part to enter.
    const blankGuardrail = llmExtraConfigSchema.safeParse({
      extra_config_type: 'bedrock_config',
      guardrail: { guardrail_identifier: '  ', guardrail_version: '' },
    });
    expect(blankGuardrail.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'guardrail.guardrail_identifier: Enter the guardrail ID',
      'guardrail.guardrail_version: Enter the guardrail’s version',
    ]);
    const effort = buildExtraConfig('openai_config', { reasoning_effort: 'extreme' });
    expect(effort).toEqual({ ok: false, errors: { reasoning_effort: 'Reasoning effort must be one of minimal, low, medium, high' } });
  });

  it('every form key the builder reads is a field of the definition', () => {
    const keys = (type: keyof typeof extraConfigFields) => extraConfigFields[type].map((f) => f.key).sort();
    const bedrockForm = extraConfigForm({
      extra_config_type: 'bedrock_config',
      thinking: { type: 'enabled', budget_tokens: 2048 },
      guardrail: { guardrail_identifier: 'g', guardrail_version: '1', trace: 'disabled' },
      cache_instructions: true,
      cache_tool_definitions: true,
      cache_messages: true,
    });
    expect(Object.keys(bedrockForm).sort()).toEqual(keys('bedrock_config'));
    expect(Object.keys(extraConfigForm({ extra_config_type: 'openai_config', reasoning_effort: 'low' }))).toEqual(keys('openai_config'));
  });

  it('knows which providers take which type, and which models reason', () => {
    expect(['openai', 'azure_openai', 'azure', 'bedrock_eu-central-1', 'anthropic', 'google', 'gemini'].map(extraConfigTypeFor)).toEqual([
      'openai_config',
      'openai_config',
      'openai_config',
      'bedrock_config',
      null,
      null,
      null,
    ]);
    expect(['o3', 'o4-mini', 'O1-preview', 'gpt-5-mini', 'openai/o3-mini'].every(isReasoningModel)).toBe(true);
    expect(['gpt-4o', 'gpt-4.1-mini', 'text-embedding-3-small', 'llama-o3'].some(isReasoningModel)).toBe(false);
  });

  it('takes a thinking budget from 1024, a trace only of Bedrock’s, and reads a config back without parts it lacks', () => {
    expect(buildExtraConfig('bedrock_config', { thinking_budget_tokens: ' 1024 ' })).toEqual({
      ok: true,
      value: { extra_config_type: 'bedrock_config', thinking: { type: 'enabled', budget_tokens: 1024 } },
    });
    expect(buildExtraConfig('bedrock_config', { guardrail_identifier: 'gr', guardrail_version: '1', guardrail_trace: 'verbose' })).toEqual({
      ok: false,
      errors: { guardrail_trace: 'Guardrail trace must be one of enabled, disabled, enabled_full' },
    });
    expect(
      extraConfigForm({ extra_config_type: 'bedrock_config', guardrail: { guardrail_identifier: 'gr', guardrail_version: '1' } }),
    ).toEqual({ guardrail_identifier: 'gr', guardrail_version: '1' });
    expect(
      Object.keys(
        extraConfigForm({ extra_config_type: 'bedrock_config', guardrail: { guardrail_identifier: 'gr', guardrail_version: '1' } }),
      ),
    ).toEqual(['guardrail_identifier', 'guardrail_version']);
    expect(extraConfigTypeFor('bedrock')).toBe('bedrock_config');
    expect(['  o3  ', 'models/gpt-5'].every(isReasoningModel)).toBe(true);
  });

  it('says when two extra configs ask for the same thing, whatever the order of their keys', () => {
    const guarded = (trace: string) => ({
      extra_config_type: 'bedrock_config',
      guardrail: { guardrail_identifier: 'gr', guardrail_version: '1', trace },
    });
    const reordered = {
      guardrail: { trace: 'enabled', guardrail_version: '1', guardrail_identifier: 'gr' },
      extra_config_type: 'bedrock_config',
    };
    expect(sameExtraConfig(guarded('enabled'), reordered)).toBe(true);
    expect(sameExtraConfig(guarded('enabled'), guarded('disabled'))).toBe(false);
    // Nothing set is the same as no extra config at all.
    expect(sameExtraConfig(null, { extra_config_type: 'bedrock_config' })).toBe(true);
    expect(sameExtraConfig(undefined, { extra_config_type: 'openai_config', reasoning_effort: null })).toBe(true);
    expect(sameExtraConfig(null, { extra_config_type: 'openai_config', reasoning_effort: 'low' })).toBe(false);
    // A shape this version does not know is compared as it is.
    expect(
      sameExtraConfig({ extra_config_type: 'future', x: [1, { b: 2, a: 1 }] }, { extra_config_type: 'future', x: [1, { b: 2, a: 1 }] }),
    ).toBe(true);
    expect(sameExtraConfig({ extra_config_type: 'future', x: 1 }, { extra_config_type: 'future', x: 2 })).toBe(false);
    expect(sameExtraConfig({ extra_config_type: 'future' }, null)).toBe(false);
  });

  it('describes a config in one line', () => {
    expect(
      describeExtraConfig({
        extra_config_type: 'bedrock_config',
        thinking: { type: 'enabled', budget_tokens: 4096 },
        guardrail: { guardrail_identifier: 'gr', guardrail_version: '2', trace: 'enabled_full' },
        cache_instructions: true,
        cache_tool_definitions: true,
      }),
    ).toBe('thinking 4096 · guardrail gr/2 (trace enabled_full) · cache instructions, tool definitions');
    expect(
      describeExtraConfig({ extra_config_type: 'bedrock_config', guardrail: { guardrail_identifier: 'gr', guardrail_version: 'DRAFT' } }),
    ).toBe('guardrail gr/DRAFT');
    expect(describeExtraConfig({ extra_config_type: 'openai_config', reasoning_effort: 'minimal' })).toBe('reasoning minimal');
    expect(describeExtraConfig(null)).toBe('');
  });
});
