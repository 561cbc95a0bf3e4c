// The documented fallback for a tenant without PATCH: a successor credential with the new key,
// validated; each config recreated on it; the agents, defaults and feature overrides that name an
// old config moved to its twin; the old configs deleted; the new ones renamed back; the old
// credential deleted. Until the old configs go, a failure takes back what was made (agents,
// overrides and defaults moved back first); after, it stops and says plainly what is where.
import { AppError, errorShapeOf, isAppErrorShape } from '../../src-shared/errors';
import type { InventoryConfig, TenantInventory } from '../../src-shared/inventory';
import { providerVariant } from '../../src-shared/providers/catalog';
import { credentialPayload } from '../../src-shared/providers/credential-schema';
import type { CredentialRotationReport, RotationTarget } from '../../src-shared/rotation';
import { plural } from '../../src-shared/plural';
import type { AlationClient } from '../alation/client';
import { createCredentialSafely, createLlmConfigSafely, findLandedCredential, llmConfigBody, type UnconfirmedCredential } from '../alation/safe-writes';
import { auditFailure } from '../audit/audit-log';
import { moveAgent, plannedMoves, quotedNames, reversed, type AgentMove } from '../inventory/agent-moves';
import { readAgents } from '../inventory/read-inventory';
import { locate, validateAfter, type Audit, type OneRotation } from './rotation-steps';

export interface ReplaceDeps {
  now: () => Date;
  /** The old credential's expiry goes to the successor; the new key's is recorded on it. */
  moveExpiry(from: RotationTarget, to: RotationTarget & { credentialName: string }): void;
  recordExpiry(target: RotationTarget, credentialName: string): void;
}

/** What the fallback made and moved so far: what a take-back undoes. */
interface Made {
  credentialId: string | null;
  unconfirmed?: UnconfirmedCredential;
  configs: { old: InventoryConfig; id: string; name: string }[];
  agents: AgentMove[];
  defaults?: { llm: string | null; embedding: string | null; hide: boolean };
  overrides: { featureType: string; featureKey: string; from: string }[];
}

export async function replaceCredential(one: OneRotation, deps: ReplaceDeps): Promise<CredentialRotationReport> {
  const { client, inventory, target, input, values, audit, signal } = one;
  const { credential: old, report } = locate(one);
  if (!old) return report;
  const variant = providerVariant(input.providerId);
  const oldConfigs = inventory.configs.filter((c) => c.credentialId === old.id && !c.builtIn);
  const made: Made = { credentialId: null, configs: [], agents: [], overrides: [] };
  const step = (label: string) => report.steps.push({ label, status: 'done' });
  let pointOfNoReturn = false;
  try {
    // 1. The successor, with the old one's non-secret fields and the new key.
    const stamp = deps.now().toISOString().slice(0, 10);
    const body = { ...credentialPayload(variant, { ...old.details, ...values, name: `${old.name} (rotated ${stamp})` }), name: `${old.name} (rotated ${stamp})`, creds_type: variant.credsType };
    const successor = await createCredentialSafely(client, body, { signal });
    made.credentialId = successor.value.id;
    report.successorId = successor.value.id;
    audit({ action: 'credential.create', objects: [{ kind: 'credential', id: successor.value.id, name: body.name }], outcome: successor.adopted ? 'adopted' : 'ok', message: `Successor of “${old.name}”` });
    step(`Created the successor credential “${body.name}”`);

    // 2. Validate it before anything moves.
    const withSuccessor: TenantInventory = { ...inventory, credentials: [...inventory.credentials, { ...old, id: successor.value.id, name: body.name, masked: {} }], configs: [...inventory.configs, ...oldConfigs.map((c) => ({ ...c, credentialId: successor.value.id }))] };
    await validateAfter(client, withSuccessor, successor.value.id, input.providerId, report, audit, signal);
    if (report.outcome === 'rejected') throw new AppError('validation', 'The provider refuses the new key: nothing was moved.');
    report.outcome = 'failed';

    // 3. Each config again on the successor, under a temporary name.
    for (const c of oldConfigs) {
      const temp = `${c.name} (new)`;
      const configBody = llmConfigBody({ name: temp, provider: c.provider, credentialId: successor.value.id, modelName: c.modelName ?? '', isEmbedding: c.isEmbedding, dimensions: c.dimensions, extraConfig: c.extraConfig as never });
      // The successor is new: it holds no config but those this loop makes, each its own name, so
      // there is no twin to list for first (a lost answer is still looked for).
      const created = await createLlmConfigSafely(client, configBody, { signal, existing: [] });
      made.configs.push({ old: c, id: created.value.id, name: temp });
      audit({ action: 'config.create', objects: [{ kind: 'config', id: created.value.id, name: temp }], outcome: created.adopted ? 'adopted' : 'ok', message: `Replaces “${c.name}”` });
    }
    step(`Recreated ${plural(made.configs.length, 'config')} on it, under temporary names`);

    // 4. Every agent on an old config goes to its twin, read from the tenant now: an agent made
    // since the rotation started must not be left on a config about to be deleted.
    const twins = new Map(made.configs.map((m) => [m.old.id, { id: m.id, name: m.name }]));
    const agents = await readAgents(client, { signal });
    if (agents === null) {
      const label = 'This tenant lists no agents (404 or 405): an agent that names an old config by its id must be re-pointed by hand';
      report.steps.push({ label, status: 'skipped' });
    } else {
      for (const move of plannedMoves(agents, twins, (id) => oldConfigs.find((c) => c.id === id)?.name ?? null)) {
        await moveAgent(client, move, audit, { signal, why: 'the rotation fallback replaces its config' });
        made.agents.push(move);
      }
      const names = quotedNames(made.agents.map((a) => a.agentName));
      step(made.agents.length ? `Moved ${plural(made.agents.length, 'agent')} to the new configs: ${names}` : 'No agent uses these configs');
    }

    // 5. The tenant's defaults and feature overrides go to the new configs.
    const newIdOf = new Map(made.configs.map((m) => [m.old.id, m.id]));
    const pref = inventory.preference;
    if ((pref.defaultLlmConfigId && newIdOf.has(pref.defaultLlmConfigId)) || (pref.defaultEmbeddingConfigId && newIdOf.has(pref.defaultEmbeddingConfigId))) {
      made.defaults = { llm: pref.defaultLlmConfigId, embedding: pref.defaultEmbeddingConfigId, hide: pref.hideDefaultModels };
      await client.putLlmPreference(
        {
          default_llm_config_id: pref.defaultLlmConfigId ? (newIdOf.get(pref.defaultLlmConfigId) ?? pref.defaultLlmConfigId) : null,
          default_embedding_config_id: pref.defaultEmbeddingConfigId ? (newIdOf.get(pref.defaultEmbeddingConfigId) ?? pref.defaultEmbeddingConfigId) : null,
          hide_default_models: pref.hideDefaultModels,
        },
        { signal },
      );
      audit({ action: 'preference.set', objects: [{ kind: 'preference', id: null, name: 'defaults moved to the successor’s configs' }], outcome: 'ok' });
    }
    for (const o of inventory.overrides.filter((x) => newIdOf.has(x.configId))) {
      await client.putFeatureOverride({ feature_type: o.featureType as never, feature_key: o.featureKey, llm_config_id: newIdOf.get(o.configId)! }, { signal });
      made.overrides.push({ featureType: o.featureType, featureKey: o.featureKey, from: o.configId });
      audit({ action: 'override.set', objects: [{ kind: 'override', id: null, name: `${o.featureType}/${o.featureKey}` }], outcome: 'ok', message: 'Moved to the successor’s config' });
    }
    const overrides = made.overrides.length > 0 && plural(made.overrides.length, 'feature override');
    const settings = [made.defaults && 'the defaults', overrides].filter(Boolean);
    step(settings.length ? `Moved ${settings.join(' and ')} to the new configs` : 'No default or feature override used the old configs');

    // 6. The old configs go: from here there is no going back.
    pointOfNoReturn = true;
    for (const m of made.configs) {
      await client.deleteLlmConfig(m.old.id, { signal });
      audit({ action: 'config.delete', objects: [{ kind: 'config', id: m.old.id, name: m.old.name }], outcome: 'ok', message: 'Replaced by the successor’s config' });
    }
    step(`Deleted the ${plural(made.configs.length, 'old config')}`);

    // 7. The new configs take their old names back, where the tenant can rename.
    const kept: string[] = [];
    for (const m of made.configs) {
      try {
        await client.patchLlmConfig(m.id, { name: m.old.name }, { signal });
        audit({ action: 'config.update', objects: [{ kind: 'config', id: m.id, name: m.old.name }], outcome: 'ok', message: `Renamed from “${m.name}”` });
        for (const a of made.agents) if (a.toConfigId === m.id) a.toConfigName = m.old.name;
      } catch (error) {
        const code = errorShapeOf(error).code;
        if (code !== 'unsupported' && code !== 'not_found' && code !== 'validation') throw error;
        audit({ action: 'config.update', objects: [{ kind: 'config', id: m.id, name: m.name }], ...auditFailure(error) });
        kept.push(m.name);
      }
    }
    if (kept.length) report.temporaryNames = kept;
    report.steps.push(kept.length ? { label: `The tenant cannot rename configs: ${kept.join(', ')} keep their temporary names`, status: 'skipped' } : { label: 'Gave the new configs their old names', status: 'done' });

    // 8. The old credential goes.
    await client.deleteCredential(old.id, { signal });
    audit({ action: 'credential.delete', objects: [{ kind: 'credential', id: old.id, name: old.name }], outcome: 'ok', message: 'Replaced by its successor' });
    step(`Deleted the old credential “${old.name}”`);
    deps.moveExpiry(target, { tenantId: target.tenantId, credentialId: successor.value.id, credentialName: body.name });
    deps.recordExpiry({ tenantId: target.tenantId, credentialId: successor.value.id }, body.name);
    if (made.agents.length) report.agentsMoved = made.agents;
    report.outcome = 'replaced';
    return report;
  } catch (error) {
    const message = errorShapeOf(error).message;
    // A successor whose create's answer was lost, and not found after: the undo looks for it again.
    const unconfirmed = error instanceof AppError ? (error.details?.unconfirmed as UnconfirmedCredential | undefined) : undefined;
    if (unconfirmed && !made.credentialId) made.unconfirmed = unconfirmed;
    if (report.outcome !== 'rejected') report.outcome = 'failed';
    report.steps.push({ label: pointOfNoReturn ? 'Stopped after the old configs started to go' : 'Stopped: what was made is taken back', status: 'failed', message });
    if (pointOfNoReturn) {
      const agents = made.agents.length ? `, with the agents ${quotedNames(made.agents.map((a) => a.agentName))},` : '';
      const successor = `the successor credential and its configs (${made.configs.map((m) => m.name).join(', ')})${agents}`;
      report.leftOnTenant.push(`${successor} with the defaults and overrides on them; some old configs, and the old credential “${old.name}”. Finish by hand, or retry.`);
    } else {
      await undoReplace(client, made, audit, report);
    }
    if (made.agents.length) report.agentsMoved = made.agents;
    return report;
  }
}

/**
 * Before the point of no return: overrides, defaults and agents back, then the new configs and the
 * successor go. A new config an agent could not leave stays, with its credential: deleting it
 * would strand that agent.
 */
async function undoReplace(client: AlationClient, made: Made, audit: Audit, report: CredentialRotationReport): Promise<void> {
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
      return true;
    } catch (error) {
      if (isAppErrorShape(error) && error.code === 'not_found') return true;
      report.leftOnTenant.push(`${what} (${errorShapeOf(error).message})`);
      return false;
    }
  };
  const back = 'Taken back: the replacement stopped';
  for (const o of made.overrides) {
    await attempt(`override ${o.featureType}/${o.featureKey}`, async () => {
      await client.putFeatureOverride({ feature_type: o.featureType as never, feature_key: o.featureKey, llm_config_id: o.from });
      audit({ action: 'override.set', objects: [{ kind: 'override', id: null, name: `${o.featureType}/${o.featureKey}` }], outcome: 'ok', message: 'Moved back to the old config: the replacement stopped' });
    });
  }
  if (made.defaults) {
    const d = made.defaults;
    await attempt('the defaults', async () => {
      await client.putLlmPreference({ default_llm_config_id: d.llm, default_embedding_config_id: d.embedding, hide_default_models: d.hide });
      audit({ action: 'preference.set', objects: [{ kind: 'preference', id: null, name: 'defaults moved back to the old configs' }], outcome: 'ok', message: back });
    });
  }
  const stillUsed = new Set<string>();
  const movedBack: AgentMove[] = [];
  for (const move of [...made.agents].reverse()) {
    const still = `agent “${move.agentName}”, still on “${move.toConfigName ?? move.toConfigId}”`;
    const ok = await attempt(still, () => moveAgent(client, reversed(move), audit, { why: 'moved back, the replacement stopped' }));
    if (ok) movedBack.push(move);
    else stillUsed.add(move.toConfigId);
  }
  made.agents = made.agents.filter((a) => !movedBack.includes(a));
  if (movedBack.length) {
    const names = quotedNames(movedBack.reverse().map((a) => a.agentName));
    report.steps.push({ label: `Moved ${plural(movedBack.length, 'agent')} back to the old configs: ${names}`, status: 'done' });
  }
  for (const c of [...made.configs].reverse()) {
    if (stillUsed.has(c.id)) {
      report.leftOnTenant.push(`config “${c.name}”, kept: an agent still uses it`);
      continue;
    }
    await attempt(`config “${c.name}”`, async () => {
      await client.deleteLlmConfig(c.id);
      audit({ action: 'config.delete', objects: [{ kind: 'config', id: c.id, name: c.name }], outcome: 'ok', message: back });
    });
  }
  if (!made.credentialId && made.unconfirmed) {
    const unconfirmed = made.unconfirmed;
    await attempt(`perhaps a successor credential “${unconfirmed.fingerprint.name}” (its create's answer was lost): look for it on the tenant`, async () => {
      const landed = await findLandedCredential(client, unconfirmed);
      if (landed) made.credentialId = landed.id;
    });
  }
  if (made.credentialId && stillUsed.size > 0) {
    report.leftOnTenant.push('the successor credential, kept: its configs above still hold agents');
  } else if (made.credentialId) {
    const id = made.credentialId;
    await attempt('the successor credential', async () => {
      await client.deleteCredential(id);
      audit({ action: 'credential.delete', objects: [{ kind: 'credential', id, name: null }], outcome: 'ok', message: back });
    });
  }
  if (stillUsed.size === 0) report.successorId = undefined;
}
