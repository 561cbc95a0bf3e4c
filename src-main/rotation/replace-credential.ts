// The documented fallback for a tenant without PATCH: a successor credential with the new key,
// validated; each config recreated on it; the agents, defaults and feature overrides that name an
// old config moved to its twin; the old configs deleted; the new ones renamed back; the old
// credential deleted. Every write goes through the operation (journaled with its undo before it is
// sent, audited, counted), so a run cut short by a crash is offered on the next start: Resume runs
// this same function again (each step is skipped where the journal or the tenant says it is done),
// Roll back undoes the journal. Until the old configs go, a failure takes back this credential's
// steps; after, a roll back cannot, and the tenant's part stays open for Resume.
import { AppError, errorShapeOf } from '../../src-shared/errors';
import type { InventoryConfig, InventoryCredential, TenantInventory } from '../../src-shared/inventory';
import { plural } from '../../src-shared/plural';
import { providerVariant } from '../../src-shared/providers/catalog';
import { credentialPayload } from '../../src-shared/providers/credential-schema';
import { agentsNowStep, type RotationOutcome } from '../../src-shared/rotation';
import type { OperationTarget } from '../../src-shared/tenant-operation';
import { createCredentialSafely } from '../alation/safe-writes';
import { moveAgent, plannedMoves, quotedNames } from '../inventory/agent-moves';
import { credentialFingerprint, readAgents } from '../tenant-ops';
import { agentsByConfig, agentSteps, createTwin, key, moveSettings, renameTwins, twinsInJournal } from './fallback-steps';
import { goneIsFine, locate, targetResult, validateAfter, type OneRotation } from './rotation-steps';

export interface ReplaceRun extends OneRotation {
  now(): Date;
  /** The new key's expiry: null clears it, absent keeps the old key's (moved to the successor). */
  expiresAt?: string | null;
  /** The app is quitting: nothing is taken back, the next start offers Resume or Roll back. */
  quitting(): boolean;
}

/** How it ended; `unfinished`: the tenant's part must stay open for Resume or Roll back. */
export interface Replaced {
  target: OperationTarget;
  unfinished: boolean;
}

const refused = Symbol('the provider refuses the successor');

export async function replaceCredential(run: ReplaceRun): Promise<Replaced> {
  const { tenant, client, inventory, target, signal } = run;
  const oldId = target.credentialId;
  const mine = () => tenant.steps.filter((s) => s.key?.startsWith(`${oldId}:`));
  const done = (k: string) => tenant.steps.find((s) => s.key === k && s.status === 'done');
  const note = tenant.notes[`replacing:${oldId}`] as { name: string; successorName: string } | undefined;
  const old = inventory.credentials.find((c) => c.id === oldId);
  const name = old?.name ?? note?.name ?? oldId;
  const result = (outcome: RotationOutcome, message?: string, unfinished = false): Replaced => ({
    target: targetResult(oldId, name, outcome, message),
    unfinished,
  });
  if (done(key(oldId, 'delete-credential'))) return result('replaced');
  let pastNoReturn = mine().some((s) => s.key?.startsWith(key(oldId, 'delete-old')) && s.status !== 'failed');
  let successorName = note?.successorName ?? `${name} (rotated)`;
  try {
    // 1. The successor, with the old one's non-secret fields and the new key (made once: a resume finds it in the journal).
    let successorId = done(key(oldId, 'successor'))?.object.id ?? null;
    if (!successorId) {
      const located = locate(run);
      if (!located.credential) return { target: located.skipped, unfinished: false };
      if (!run.values)
        return result(
          'failed',
          'Not replaced: BYOM Desk stopped before its successor was made, and never keeps a new key. Rotate it again.',
        );
      successorId = await createSuccessor(run, located.credential, (n) => (successorName = n));
    }

    // 2. Validated before anything moves.
    const oldConfigs = inventory.configs.filter((c) => c.credentialId === oldId && !c.builtIn);
    const probe = withSuccessor(inventory, old, successorId, successorName, oldConfigs);
    if (!probe) throw new AppError('not_found', `The successor “${successorName}” is no longer on the tenant.`);
    const checked = await validateAfter({ ...run, inventory: probe }, { id: successorId, name: successorName });
    if (checked.verdict === 'rejected') throw refused;

    // 3. Each config again on the successor, under a temporary name (those made before are in the journal).
    const twins = twinsInJournal(mine(), inventory);
    for (const c of oldConfigs.filter((x) => !twins.some((t) => t.oldId === x.id))) twins.push(await createTwin(run, c, successorId));

    // 4. Every agent on an old config goes to its twin, read from the tenant now: one made since the
    // rotation started must not be left on a config about to be deleted.
    const twinOf = new Map(twins.map((t) => [t.oldId, { id: t.id, name: t.name }]));
    const agents = await readAgents(client, { signal });
    if (agents === null) {
      const label = 'This tenant lists no agents (404 or 405): an agent that names an old config by its id must be re-pointed by hand';
      tenant.record({ step: 'agent', label, status: 'skipped' });
    } else {
      const oldName = (id: string) => twins.find((t) => t.oldId === id)?.oldName ?? null;
      for (const move of plannedMoves(agents, twinOf, oldName)) {
        await moveAgent(tenant, client, move, {
          signal,
          why: 'the rotation fallback replaces its config',
          key: key(oldId, 'agent', move.agentId),
        });
      }
      const moved = agentSteps(mine(), 'done');
      const label = moved.length
        ? `Moved ${plural(moved.length, 'agent')} to the new configs: ${quotedNames(moved.map((s) => s.object.name ?? ''))}`
        : 'No agent uses these configs';
      tenant.record({ step: 'agent', label, status: 'done' });
    }

    // 5. The tenant's defaults and feature overrides go to the new configs (each move journaled, with its undo, before its PUT).
    await moveSettings(run, twins);
    const settingsMoved = mine().filter(
      (s) => (s.action === 'preference.set' || s.action === 'override.set') && !s.undoes && (s.status === 'done' || s.status === 'started'),
    );
    if (settingsMoved.length === 0)
      tenant.record({ step: 'defaults', label: 'No default or feature override used the old configs', status: 'done' });

    // 6. The old configs go: from here a roll back cannot bring the tenant back, Resume finishes it.
    const reason =
      `“${name}” was being replaced by “${successorName}” and its old configs are deleted: ` + 'Resume finishes the replacement';
    tenant.blockRollBack(reason);
    pastNoReturn = true;
    for (const c of oldConfigs) {
      const object = { kind: 'config' as const, id: c.id, name: c.name };
      const spec = {
        action: 'config.delete' as const,
        object,
        undo: null,
        step: 'config',
        key: key(oldId, 'delete-old', c.id),
        message: 'Replaced by the successor’s config',
      };
      await tenant.write(spec, () => goneIsFine(() => client.deleteLlmConfig(c.id, { signal })));
    }

    // 7. The new configs take their old names back, where the tenant can rename.
    await renameTwins(run, twins);

    // 8. The old credential goes; its expiry goes to the successor, and the new key's, if given, on it.
    tenant.fact({ kind: 'credential-replaced', fromCredentialId: oldId, toCredentialId: successorId, name: successorName });
    if (old) {
      const object = { kind: 'credential' as const, id: oldId, name };
      const label = { done: `Deleted the old credential “${name}”` };
      const spec = {
        action: 'credential.delete' as const,
        object,
        undo: null,
        step: 'credential',
        key: key(oldId, 'delete-credential'),
        label,
        message: 'Replaced by its successor',
      };
      await tenant.write(spec, () => goneIsFine(() => client.deleteCredential(oldId, { signal })));
    }
    if (run.expiresAt !== undefined)
      tenant.fact({
        kind: 'credential-expiry',
        credentialId: successorId,
        name: successorName,
        expiresAt: run.expiresAt,
        source: 'rotation',
      });
    for (const [config, names] of agentsByConfig(agentSteps(mine(), 'done'), twins)) {
      tenant.record({ step: agentsNowStep, label: `Agents now on “${config}”: ${quotedNames(names)}`, status: 'done' });
    }
    return result('replaced');
  } catch (error) {
    if (run.quitting()) throw error;
    const message = error === refused ? 'The provider refuses the new key' : errorShapeOf(error).message.replace(/\.$/, '');
    if (pastNoReturn) {
      const moved = 'with the agents, defaults and overrides moved to them';
      const left = `“${successorName}” and its configs, ${moved}; what is left of “${name}”`;
      tenant.report.leftOnTenant.push(`${left}: Resume finishes the replacement, or finish it by hand`);
      return result('failed', `Stopped after the old configs started to go (${message}): Resume finishes it.`, true);
    }
    tenant.record({ step: 'rollback', label: 'Stopped: what was made is taken back', status: 'failed', message });
    // No signal: a cancelled run still takes back what it made.
    const complete = await tenant.rollBack(client, { stepIds: mine().map((s) => s.stepId) });
    const back = agentSteps(mine(), 'undone');
    if (back.length) {
      const label = `Moved ${plural(back.length, 'agent')} back to the old configs: ${quotedNames(back.map((s) => s.object.name ?? ''))}`;
      tenant.record({ step: 'agent', label, status: 'done' });
    }
    if (error === refused)
      return result(
        'rejected',
        'The provider refuses the new key: the successor is taken back, and the credential keeps its old key.',
        !complete,
      );
    return result(
      'failed',
      `Stopped (${message}): what the replacement made is taken back${complete ? '' : ', except what is left on the tenant'}.`,
      !complete,
    );
  }
}

async function createSuccessor(run: ReplaceRun, old: InventoryCredential, named: (name: string) => void): Promise<string> {
  const { tenant, client, inventory, target, values, signal } = run;
  const variant = providerVariant(run.providerId);
  const successorName = `${old.name} (rotated ${run.now().toISOString().slice(0, 10)})`;
  named(successorName);
  tenant.note(`replacing:${target.credentialId}`, { name: old.name, successorName });
  const body = {
    ...credentialPayload(variant, { ...old.details, ...values, name: successorName }),
    name: successorName,
    creds_type: variant.credsType,
  };
  const knownIds = inventory.credentials.filter((c) => c.name === successorName).map((c) => c.id);
  const label = {
    done: `Created the successor credential “${successorName}”`,
    adopted: `Found the successor credential “${successorName}”, made already`,
  };
  const made = await tenant.create(
    {
      object: { kind: 'credential', name: successorName },
      fingerprint: credentialFingerprint(body, knownIds),
      key: key(target.credentialId, 'successor'),
      step: 'credential',
      label,
      message: `Successor of “${old.name}”`,
    },
    () => createCredentialSafely(client, body, { signal, knownIds }),
  );
  return made.value.id;
}

/** The tenant as it will be with the successor: what its validation checks (its configs' models too). */
function withSuccessor(
  inventory: TenantInventory,
  old: InventoryCredential | undefined,
  id: string,
  name: string,
  oldConfigs: InventoryConfig[],
): TenantInventory | null {
  const base = inventory.credentials.find((c) => c.id === id) ?? (old ? { ...old, masked: {} } : undefined);
  if (!base) return null;
  const onIt = inventory.configs.filter((c) => c.credentialId === id);
  const configs = onIt.length ? onIt : oldConfigs.map((c) => ({ ...c, credentialId: id }));
  return {
    ...inventory,
    credentials: [...inventory.credentials.filter((c) => c.id !== id), { ...base, id, name }],
    configs: [...inventory.configs.filter((c) => c.credentialId !== id), ...configs],
  };
}
