// `llm_extra_config` of an LLM config: its schema and which provider each type fits.
import { z } from 'zod';
import type { LlmExtraConfig } from './state';

/**
 * `llm_extra_config`, tagged by `extra_config_type` (the shape of Alation's client notes,
 * `default-llms.md` / `providers.md`). Unknown fields inside are refused (422, fake's choice: it
 * catches a misspelt option that a real tenant might drop silently).
 */
export const extraConfigSchema = z.discriminatedUnion('extra_config_type', [
  z
    .object({
      extra_config_type: z.literal('openai_config'),
      reasoning_effort: z.enum(['minimal', 'low', 'medium', 'high']).nullish(),
    })
    .strict(),
  z
    .object({
      extra_config_type: z.literal('bedrock_config'),
      thinking: z
        .object({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1024) })
        .strict()
        .nullish(),
      guardrail: z
        .object({
          guardrail_identifier: z.string().min(1),
          guardrail_version: z.string().min(1),
          trace: z.enum(['enabled', 'disabled', 'enabled_full']).nullish(),
        })
        .strict()
        .nullish(),
      cache_instructions: z.boolean().nullish(),
      cache_tool_definitions: z.boolean().nullish(),
      cache_messages: z.boolean().nullish(),
    })
    .strict(),
]);

/** Why an extra config does not fit the provider (400), or undefined when it fits or is absent. */
export function extraConfigMismatch(provider: string, extra: LlmExtraConfig | null): string | undefined {
  if (extra === null) return undefined;
  const expected =
    provider === 'openai' || provider === 'azure_openai' ? 'openai_config' : provider.startsWith('bedrock_') ? 'bedrock_config' : undefined;
  if (expected === extra.extra_config_type) return undefined;
  return expected
    ? `llm_extra_config of type ${extra.extra_config_type} does not fit provider "${provider}": use ${expected}`
    : `provider "${provider}" takes no llm_extra_config (openai_config fits openai and azure_openai, bedrock_config fits bedrock_<region>)`;
}
