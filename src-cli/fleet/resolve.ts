// What a fleet file means for the tenants there are: which drafts each tenant gets, with which
// defaults, grouped so each distinct draft (a draft key with its defaults) is planned once for all
// the tenants that get it; and what each tenant is meant to have, for drift.
import { hasAnyLabel } from '../../src-shared/tenant-labels';
import type { DraftContent } from '../../src-shared/drafts';
import { draftModelName } from '../../src-shared/drafts';
import type { TenantProfileView } from '../../src-shared/tenant-profile';
import { findTenant } from '../select';
import type { FileProblem } from '../yaml-file';
import type { FleetDefaults, FleetDraft, LoadedFleet } from './fleet-file';

export interface DraftGroup {
  /** `openai`, or `openai (default LLM gpt-4o)` when the defaults differ from the file's. */
  label: string;
  draft: FleetDraft;
  /** The draft as planned: its defaults set as the tenants' fleet entries want. */
  content: DraftContent;
  tenants: TenantProfileView[];
}

/** What the fleet file says a tenant has: its credentials by name, each with its configs (model and name). */
export type Managed = Map<string, Set<string>>;

export const configKey = (modelId: string | null, name: string) => `${modelId ?? ''}\u0000${name.trim().toLowerCase()}`;

export interface ResolvedFleet {
  /** Every tenant the file names (by name, or by label), in the profiles' order. */
  tenants: TenantProfileView[];
  groups: DraftGroup[];
  managed: Map<string, Managed>;
  /** Labels no tenant has: said, not refused. */
  unusedLabels: string[];
}

const kindWords = { llm: { model: 'completion', defaults: 'LLMs' }, embedding: { model: 'embedding', defaults: 'embeddings' } };

interface Wanted {
  value: string | null;
  at: (string | number)[];
}

export function resolveFleet(loaded: LoadedFleet, profiles: readonly TenantProfileView[]): ResolvedFleet {
  const { fleet } = loaded;
  const problems: FileProblem[] = [];
  // Each tenant's fleet entries: its labels' (in the file's order), then its own, which wins.
  const entries = new Map<string, { at: string[]; drafts: string[]; defaults?: FleetDefaults }[]>();
  const add = (id: string, at: string[], target: { drafts: string[]; defaults?: FleetDefaults | undefined }) => {
    if (!entries.has(id)) entries.set(id, []);
    entries.get(id)!.push({ at, drafts: target.drafts, ...(target.defaults ? { defaults: target.defaults } : {}) });
  };
  const unusedLabels: string[] = [];
  for (const [label, target] of Object.entries(fleet.labels)) {
    const withLabel = profiles.filter((p) => hasAnyLabel(p.labels, [label]));
    if (withLabel.length === 0) unusedLabels.push(label);
    for (const p of withLabel) add(p.id, ['labels', label], target);
  }
  for (const [name, target] of Object.entries(fleet.tenants)) {
    try {
      add(findTenant(profiles, name).id, ['tenants', name], target);
    } catch (error) {
      problems.push(loaded.problem(['tenants', name], (error as Error).message));
    }
  }

  const groups = new Map<string, DraftGroup>();
  const managed = new Map<string, Managed>();
  const tenants = profiles.filter((p) => entries.has(p.id));
  for (const tenant of tenants) {
    const mine = entries.get(tenant.id)!;
    const draftKeys = [...new Set(mine.flatMap((e) => e.drafts))];
    const drafts = draftKeys.map((k) => loaded.drafts.get(k)!);
    const wanted = {
      llm: wantedDefault(mine, 'llm', tenant, loaded, problems),
      embedding: wantedDefault(mine, 'embedding', tenant, loaded, problems),
    };
    for (const kind of ['llm', 'embedding'] as const) {
      const w = wanted[kind];
      if (!w || w.value === null) continue;
      const offered = drafts.some((d) => d.content.models.some((m) => m.modelId === w.value && m.isEmbedding === (kind === 'embedding')));
      if (!offered)
        problems.push(loaded.problem(w.at, `“${tenant.name}” gets no draft with the ${kindWords[kind].model} model ${w.value}`));
    }
    const own: Managed = new Map();
    for (const draft of drafts) {
      const content = withDefaults(draft.content, wanted.llm?.value, wanted.embedding?.value);
      const label =
        content.defaults.llmModelId === draft.content.defaults.llmModelId &&
        content.defaults.embeddingModelId === draft.content.defaults.embeddingModelId
          ? draft.key
          : `${draft.key} (defaults: LLM ${content.defaults.llmModelId ?? 'none'}, ` +
            `embedding ${content.defaults.embeddingModelId ?? 'none'})`;
      const groupKey = `${draft.key}\u0000${content.defaults.llmModelId}\u0000${content.defaults.embeddingModelId}`;
      if (!groups.has(groupKey)) groups.set(groupKey, { label, draft, content, tenants: [] });
      groups.get(groupKey)!.tenants.push(tenant);
      const name = (draft.content.values.name ?? '').trim();
      const configs = own.get(name) ?? new Set<string>();
      for (const m of draft.content.models) configs.add(configKey(m.modelId, draftModelName(m)));
      own.set(name, configs);
    }
    managed.set(tenant.id, own);
  }
  if (problems.length > 0) loaded.fail(problems);
  return { tenants, groups: [...groups.values()], managed, unusedLabels };
}

/** The default a tenant's entries want: its own over its labels'; two labels that disagree are a problem. */
function wantedDefault(
  mine: { at: string[]; defaults?: FleetDefaults }[],
  kind: 'llm' | 'embedding',
  tenant: TenantProfileView,
  loaded: LoadedFleet,
  problems: FileProblem[],
): Wanted | undefined {
  const own = mine.find((e) => e.at[0] === 'tenants' && e.defaults?.[kind] !== undefined);
  if (own) return { value: own.defaults![kind]!, at: [...own.at, 'defaults', kind] };
  const fromLabels = mine.filter((e) => e.at[0] === 'labels' && e.defaults?.[kind] !== undefined);
  const first = fromLabels[0];
  const other = fromLabels.find((e) => e.defaults![kind] !== first?.defaults![kind]);
  if (first && other) {
    problems.push(
      loaded.problem(
        [...other.at, 'defaults', kind],
        `“${tenant.name}” has labels ${first.at[1]} and ${other.at[1]}, which want different default ${kindWords[kind].defaults}: ` +
          'say which in tenants.',
      ),
    );
  }
  return first ? { value: first.defaults![kind]!, at: [...first.at, 'defaults', kind] } : undefined;
}

/** The draft with the fleet's defaults: the wanted model where this draft has it, none where it has not. */
function withDefaults(content: DraftContent, llm: string | null | undefined, embedding: string | null | undefined): DraftContent {
  const has = (id: string | null | undefined, isEmbedding: boolean) =>
    id ? content.models.some((m) => m.modelId === id && m.isEmbedding === isEmbedding) : false;
  return {
    ...content,
    defaults: {
      llmModelId: llm === undefined ? content.defaults.llmModelId : has(llm, false) ? llm : null,
      embeddingModelId: embedding === undefined ? content.defaults.embeddingModelId : has(embedding, true) ? embedding : null,
    },
  };
}
