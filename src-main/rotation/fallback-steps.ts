// The fallback's steps, one credential at a time (replace-credential.ts runs them in order): each
// config made again on the successor, the defaults and overrides moved, the new configs renamed
// back, and what the journal says of a credential's steps (a resume finds them there). Every write
// goes through the operation, with its undo, before it is sent; each is keyed by the old
// credential's id, so a resume and a take-back find this credential's steps again.
import { errorShapeOf } from '../../src-shared/errors';
import type { InventoryConfig, TenantInventory } from '../../src-shared/inventory';
import { createLlmConfigSafely, llmConfigBody } from '../alation/safe-writes';
import type { FeatureType } from '../alation/types';
import { configFingerprint, type JournaledStep } from '../tenant-ops';
import type { ReplaceRun } from './replace-credential';

/** The journal key of one of this credential's steps: the fallback of each credential is found again by it. */
export const key = (oldId: string, ...rest: string[]) => [oldId, ...rest].join(':');

/** One old config, and the config made for it on the successor (its temporary name until renamed back). */
export interface Twin {
  oldId: string;
  oldName: string;
  id: string;
  name: string;
}

/** Makes the old config again on the successor, as `<name> (new)`. */
export async function createTwin(run: ReplaceRun, c: InventoryConfig, successorId: string): Promise<Twin> {
  const temp = `${c.name} (new)`;
  const spec = {
    name: temp,
    provider: c.provider,
    credentialId: successorId,
    modelName: c.modelName ?? '',
    isEmbedding: c.isEmbedding,
    dimensions: c.dimensions,
  };
  const body = llmConfigBody({ ...spec, extraConfig: c.extraConfig as never });
  // The successor holds no config but those this loop makes, each its own name: no twin to list for
  // first (a lost answer is still looked for by its fingerprint).
  const made = await run.tenant.create(
    {
      object: { kind: 'config', name: temp },
      fingerprint: configFingerprint(body),
      key: key(run.target.credentialId, 'twin', c.id),
      step: 'config',
      message: `Replaces “${c.name}”`,
    },
    () => createLlmConfigSafely(run.client, body, { signal: run.signal, existing: [] }),
  );
  return { oldId: c.id, oldName: c.name, id: made.value.id, name: temp };
}

/** The twins an earlier run made (a resume), with the names they have on the tenant now. */
export function twinsInJournal(steps: JournaledStep[], inventory: TenantInventory): Twin[] {
  return steps
    .filter((s) => s.key?.includes(':twin:') && s.status === 'done' && s.object.id)
    .map((s) => {
      const temp = s.object.name ?? '';
      const listed = inventory.configs.find((c) => c.id === s.object.id);
      return { oldId: s.key!.split(':twin:')[1]!, oldName: temp.replace(/ \(new\)$/, ''), id: s.object.id!, name: listed?.name ?? temp };
    });
}

/** Moves the defaults and each feature override still on an old config (a resume finds some moved already). */
export async function moveSettings(run: ReplaceRun, twins: readonly Twin[]): Promise<void> {
  const { tenant, client, inventory, target, signal } = run;
  const twinOf = (id: string | null) => (id ? twins.find((t) => t.oldId === id) : undefined);
  const pref = inventory.preference;
  const llm = twinOf(pref.defaultLlmConfigId);
  const embedding = twinOf(pref.defaultEmbeddingConfigId);
  if (llm || embedding) {
    const set = { ...(llm ? { llm: llm.id } : {}), ...(embedding ? { embedding: embedding.id } : {}) };
    const previous = { ...(llm ? { llm: llm.oldId } : {}), ...(embedding ? { embedding: embedding.oldId } : {}) };
    const object = { kind: 'preference' as const, id: null, name: 'defaults moved to the successor’s configs' };
    const body = {
      default_llm_config_id: llm?.id ?? pref.defaultLlmConfigId,
      default_embedding_config_id: embedding?.id ?? pref.defaultEmbeddingConfigId,
      hide_default_models: pref.hideDefaultModels,
    };
    const label = {
      done: `Moved the ${[llm && 'default LLM', embedding && 'default embedding'].filter(Boolean).join(' and ')} to the new configs`,
    };
    await tenant.write(
      {
        action: 'preference.set',
        object,
        step: 'defaults',
        key: key(target.credentialId, 'defaults'),
        label,
        undo: { kind: 'put-preference', previous, set },
      },
      () => client.putLlmPreference(body, { signal }),
    );
  }
  for (const o of inventory.overrides) {
    const twin = twinOf(o.configId);
    if (!twin) continue;
    const featureType = o.featureType as FeatureType;
    const named = `${o.featureType}/${o.featureKey}`;
    const undo = {
      kind: 'put-override' as const,
      featureType,
      featureKey: o.featureKey,
      configId: twin.oldId,
      configName: twin.oldName,
      setTo: twin.id,
    };
    const spec = {
      action: 'override.set' as const,
      object: { kind: 'override' as const, id: null, name: named },
      step: 'override',
      key: key(target.credentialId, 'override', named),
    };
    await tenant.write(
      { ...spec, undo, label: { done: `Moved override ${named} to “${twin.name}”` }, message: 'Moved to the successor’s config' },
      () => client.putFeatureOverride({ feature_type: featureType, feature_key: o.featureKey, llm_config_id: twin.id }, { signal }),
    );
  }
}

/** Each twin gets its old config's name back; a tenant that cannot rename leaves them their temporary names. */
export async function renameTwins(run: ReplaceRun, twins: Twin[]): Promise<void> {
  const kept: string[] = [];
  for (const t of twins.filter((x) => x.name !== x.oldName)) {
    if (kept.length) {
      kept.push(t.name);
      continue;
    }
    const label = {
      done: `Gave “${t.name}” its old name back: “${t.oldName}”`,
      failed: `Could not give “${t.name}” its old name back`,
    };
    const undo = { kind: 'patch-config' as const, configId: t.id, name: t.oldName, fields: { name: t.name } };
    const spec = {
      action: 'config.update' as const,
      object: { kind: 'config' as const, id: t.id, name: t.oldName },
      step: 'config',
      key: key(run.target.credentialId, 'rename', t.id),
    };
    try {
      await run.tenant.write({ ...spec, undo, label, message: `Renamed from “${t.name}”` }, () =>
        run.client.patchLlmConfig(t.id, { name: t.oldName }, { signal: run.signal }),
      );
      t.name = t.oldName;
    } catch (error) {
      const code = errorShapeOf(error).code;
      if (code !== 'unsupported' && code !== 'not_found' && code !== 'validation') throw error;
      // A tenant that cannot rename is a known limit, not a failure of the replacement: its step says so, unalarmed.
      const refusal = run.tenant.report.steps.findLast((s) => s.label === label.failed);
      if (refusal) refusal.status = 'skipped';
      kept.push(t.name);
    }
  }
  if (kept.length)
    run.tenant.record({
      step: 'config',
      label: `The tenant cannot rename configs: ${kept.join(', ')} keep their temporary names`,
      status: 'skipped',
    });
}

/** This credential's agent moves, as the journal has them: `done` (on a twin now) or `undone` (moved back). */
export function agentSteps(steps: readonly JournaledStep[], status: 'done' | 'undone'): JournaledStep[] {
  return steps.filter((s) => s.action === 'agent.repoint' && !s.undoes && s.status === status);
}

/** The agents now on each new config, by its name now. */
export function agentsByConfig(moves: readonly JournaledStep[], twins: readonly Twin[]): [string, string[]][] {
  const by = new Map<string, string[]>();
  for (const m of moves) {
    const to = m.undo?.kind === 'move-agent' ? m.undo.fromConfigId : '';
    const config = twins.find((t) => t.id === to)?.name ?? to;
    by.set(config, [...(by.get(config) ?? []), m.object.name ?? m.object.id ?? '']);
  }
  return [...by];
}
