import {
  buildExtraConfig,
  extraConfigTypeFor,
  type ExtraConfigBuilt,
  type ExtraConfigType,
} from '../../../src-shared/providers/extra-config';
import type { TenantConfigSummary } from '../../../src-shared/setup';
import type { ModelChoice } from './setup-store';

export interface NameProblem {
  modelId: string;
  message: string;
  /** A warning informs and never blocks Complete. */
  severity: 'error' | 'warning';
}

/**
 * Checks display names (blank means the model id) and embedding dimensions before anything is
 * created. A name one of the tenant's own configs has is an error; a name a built-in config has is
 * a warning (the tenant takes it, and agents list both).
 */
export function choiceProblems(choices: ModelChoice[], existing: TenantConfigSummary[]): NameProblem[] {
  const problems: NameProblem[] = [];
  const onTenant = new Map<string, TenantConfigSummary>();
  for (const c of existing) {
    const key = c.name.trim().toLowerCase();
    // The tenant's own config wins over a built-in of the same name: that clash is the one to say.
    if (!onTenant.has(key) || !c.builtIn) onTenant.set(key, c);
  }
  const counts = new Map<string, number>();
  for (const c of choices) {
    const name = (c.displayName.trim() || c.id).toLowerCase();
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  for (const c of choices) {
    const name = c.displayName.trim() || c.id;
    const clash = onTenant.get(name.toLowerCase());
    if (clash && !clash.builtIn)
      problems.push({ modelId: c.id, severity: 'error', message: `A config named “${clash.name}” already exists on this tenant.` });
    else if ((counts.get(name.toLowerCase()) ?? 0) > 1)
      problems.push({ modelId: c.id, severity: 'error', message: `Another selected model is also named “${name}”.` });
    else if (clash) {
      problems.push({
        modelId: c.id,
        severity: 'warning',
        message: `A built-in config is also named “${clash.name}”: agents will list both. A distinct name avoids confusion.`,
      });
    }
    if (c.embedding && c.dimensions.trim() && !/^[1-9]\d{0,4}$/.test(c.dimensions.trim())) {
      problems.push({ modelId: c.id, severity: 'error', message: 'Dimensions must be a whole number, such as 1536.' });
    }
  }
  return problems;
}

export const blocking = (problems: NameProblem[]) => problems.filter((p) => p.severity === 'error');

/**
 * The extra config a choice can have: its config provider's type, for completion models only
 * (reasoning, thinking, guardrails and prompt caching tune generation, which an embedding never does).
 */
export function choiceExtraConfigType(choice: ModelChoice, configProvider: string | undefined): ExtraConfigType | null {
  return choice.embedding || !configProvider ? null : extraConfigTypeFor(configProvider);
}

/** Whether the run's configs take an extra config at all: the steps show its column only then. */
export const takesExtraConfig = (configProvider: string | undefined) => Boolean(configProvider && extraConfigTypeFor(configProvider));

/** A choice's `llm_extra_config` as it would be sent: null when it takes none or none is set. */
export function choiceExtraConfig(choice: ModelChoice, configProvider: string | undefined): ExtraConfigBuilt {
  const type = choiceExtraConfigType(choice, configProvider);
  return type ? buildExtraConfig(type, choice.extraConfig) : { ok: true, value: null };
}

/** The extra-config errors of each choice that has any, by model id: Complete waits until there are none. */
export function extraConfigErrors(choices: ModelChoice[], configProvider: string | undefined): Record<string, Record<string, string>> {
  const errors: Record<string, Record<string, string>> = {};
  for (const c of choices) {
    const built = choiceExtraConfig(c, configProvider);
    if (!built.ok) errors[c.id] = built.errors;
  }
  return errors;
}
