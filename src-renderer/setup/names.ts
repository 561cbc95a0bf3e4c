import type { TenantConfigSummary } from '../../src-shared/setup';
import type { ModelChoice } from '../state/setup-store';

export interface NameProblem {
  modelId: string;
  message: string;
}

/** Checks display names (blank means the model id) and embedding dimensions before anything is created. */
export function choiceProblems(choices: ModelChoice[], existing: TenantConfigSummary[]): NameProblem[] {
  const problems: NameProblem[] = [];
  const onTenant = new Map(existing.map((c) => [c.name.trim().toLowerCase(), c]));
  const counts = new Map<string, number>();
  for (const c of choices) {
    const name = (c.displayName.trim() || c.id).toLowerCase();
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  for (const c of choices) {
    const name = c.displayName.trim() || c.id;
    const clash = onTenant.get(name.toLowerCase());
    if (clash) problems.push({ modelId: c.id, message: `A config named “${clash.name}” already exists on this tenant.` });
    else if ((counts.get(name.toLowerCase()) ?? 0) > 1) problems.push({ modelId: c.id, message: `Another selected model is also named “${name}”.` });
    if (c.embedding && c.dimensions.trim() && !/^[1-9]\d{0,4}$/.test(c.dimensions.trim())) {
      problems.push({ modelId: c.id, message: 'Dimensions must be a whole number, such as 1536.' });
    }
  }
  return problems;
}
