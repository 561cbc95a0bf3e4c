// How to take a step back, as data: journaled with the step's intent, before the write, so a roll
// back after a crash runs it from the journal alone. Each undo checks what it can first: a default
// or an override changed by someone since is left as they set it, and something already gone is
// what was asked for.
import { z } from 'zod';
import type { AuditAction, AuditObject } from '../../src-shared/audit';
import { AppError } from '../../src-shared/errors';
import type { AlationClient, CallOptions } from '../alation/client';
import { FEATURE_TYPES } from '../alation/types';

const id = z.string().min(1).max(200);
const name = z.string().max(500).nullable();
const defaults = z.object({ llm: id.nullable().optional(), embedding: id.nullable().optional(), hide: z.boolean().optional() });

// Not equivalent, and not left untested: Zod refuses a union on no field, or an option without its `kind` literal, when the
// module loads, so no journal or undo can be read. Stryker counts a test file that fails to load as no test run, and calls
// these mutants survived.
// Stryker disable ObjectLiteral: each option's object (see above)
// Stryker disable next-line StringLiteral: the union's field (see above)
export const undoSchema = z.discriminatedUnion('kind', [
  /** A created credential goes. Its id is the step's object id once the create said it (or was found). */
  z.object({ kind: z.literal('delete-credential'), credentialId: id.optional(), name }),
  /** A created config goes. */
  z.object({ kind: z.literal('delete-config'), configId: id.optional(), name }),
  /**
   * The defaults go back to `previous`, each only while it is still what the step `set` (a default
   * someone changed since is kept). Only the settings the step changed are named.
   */
  z.object({ kind: z.literal('put-preference'), previous: defaults, set: defaults }),
  /** An override goes back to the config it named before, while it still names `setTo`. */
  z.object({
    kind: z.literal('put-override'),
    featureType: z.enum(FEATURE_TYPES),
    featureKey: z.string().min(1),
    configId: id,
    configName: name.optional(),
    setTo: id.nullable(),
  }),
  /** An override the step made where there was none is cleared, while it still names `setTo`. */
  z.object({ kind: z.literal('clear-override'), featureType: z.enum(FEATURE_TYPES), featureKey: z.string().min(1), setTo: id }),
  /** An agent goes back to the config it used (`toConfigId`) from the one the step moved it to. */
  z.object({
    kind: z.literal('move-agent'),
    agentId: id,
    agentName: z.string().max(500),
    fromConfigId: id,
    fromConfigName: name,
    toConfigId: id,
    toConfigName: name,
  }),
  /** A config's patched fields get their values from before the step (a name, an extra config). */
  z.object({ kind: z.literal('patch-config'), configId: id, name, fields: z.record(z.string(), z.json()) }),
]);
// Stryker restore ObjectLiteral
export type Undo = z.infer<typeof undoSchema>;

/** What an undo step is, for the journal, the audit log and the report. */
export interface UndoDescription {
  action: AuditAction;
  object: AuditObject;
  alsoNames: AuditObject[];
  step: string;
  label: string;
}

const quoted = (n: string | null | undefined, fallback: string) => (n ? `“${n}”` : fallback);

export function describeUndo(undo: Undo): UndoDescription {
  const base = { alsoNames: [] as AuditObject[], step: 'rollback' };
  switch (undo.kind) {
    case 'delete-credential':
      return {
        ...base,
        action: 'credential.delete',
        object: { kind: 'credential', id: undo.credentialId ?? null, name: undo.name },
        label: `Deleted the credential this run created${undo.name ? `, “${undo.name}”` : ''}`,
      };
    case 'delete-config':
      return {
        ...base,
        action: 'config.delete',
        object: { kind: 'config', id: undo.configId ?? null, name: undo.name },
        label: `Deleted config ${quoted(undo.name, 'the run created')}`,
      };
    case 'put-preference':
      return {
        ...base,
        action: 'preference.set',
        object: { kind: 'preference', id: null, name: 'defaults put back' },
        label: 'Put the defaults back',
      };
    case 'put-override': {
      const objectName = `${undo.featureType}/${undo.featureKey}`;
      const label = `Put override ${objectName} back on ${quoted(undo.configName, undo.configId)}`;
      return { ...base, action: 'override.set', object: { kind: 'override', id: null, name: objectName }, label };
    }
    case 'clear-override':
      return {
        ...base,
        action: 'override.clear',
        object: { kind: 'override', id: null, name: `${undo.featureType}/${undo.featureKey}` },
        label: `Cleared override ${undo.featureType}/${undo.featureKey}`,
      };
    case 'move-agent':
      return {
        ...base,
        action: 'agent.repoint',
        object: { kind: 'agent', id: undo.agentId, name: undo.agentName },
        alsoNames: [
          { kind: 'config', id: undo.fromConfigId, name: undo.fromConfigName },
          { kind: 'config', id: undo.toConfigId, name: undo.toConfigName },
        ],
        label: `Moved agent “${undo.agentName}” back to ${quoted(undo.toConfigName, undo.toConfigId)}`,
      };
    case 'patch-config':
      return {
        ...base,
        action: 'config.update',
        object: { kind: 'config', id: undo.configId, name: undo.name },
        label: `Changed config ${quoted(undo.name, undo.configId)} back`,
      };
  }
}

/**
 * `done`: taken back. `gone`: it was not there any more (what a roll back wants). `kept`: someone
 * changed it since, so it is left as they set it. `left`: it cannot be taken back and stays as it
 * is, which is safe (an agent whose config is gone stays on the one it uses now): `leftOnTenant` says why.
 */
export type UndoResult = 'done' | 'gone' | 'kept' | 'left';

/** What an undo that answered `left` leaves on the tenant, and why, for the report. */
export function leftOnTenant(undo: Undo): string {
  if (undo.kind !== 'move-agent') return `${describeUndo(undo).object.kind} left as it is`;
  const from = quoted(undo.fromConfigName, undo.fromConfigId);
  return `agent “${undo.agentName}” left on ${from}: config ${quoted(undo.toConfigName, undo.toConfigId)}, where it was, is gone`;
}

/** Runs one undo on the tenant. A refusal other than "not found" is thrown: the roll back stops there. */
export async function runUndo(client: AlationClient, undo: Undo, options: CallOptions = {}): Promise<UndoResult> {
  const goneIsFine = async (work: () => Promise<unknown>): Promise<UndoResult> => {
    try {
      await work();
      return 'done';
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') return 'gone';
      throw error;
    }
  };
  switch (undo.kind) {
    case 'delete-credential':
      if (!undo.credentialId) return 'gone';
      return goneIsFine(() => client.deleteCredential(undo.credentialId!, options));
    case 'delete-config':
      if (!undo.configId) return 'gone';
      return goneIsFine(() => client.deleteLlmConfig(undo.configId!, options));
    case 'put-preference': {
      const now = await client.getLlmPreference(options);
      const current = {
        llm: now.default_llm_config_id ?? null,
        embedding: now.default_embedding_config_id ?? null,
        hide: Boolean(now.hide_default_models),
      };
      const back = { ...current };
      let kept = false;
      for (const key of ['llm', 'embedding', 'hide'] as const) {
        const set = undo.set[key];
        if (set === undefined) continue;
        const previous = undo.previous[key] ?? (key === 'hide' ? false : null);
        if (current[key] === set) Object.assign(back, { [key]: previous });
        else if (current[key] !== previous) kept = true;
      }
      if (back.llm === current.llm && back.embedding === current.embedding && back.hide === current.hide) return kept ? 'kept' : 'done';
      await client.putLlmPreference(
        { default_llm_config_id: back.llm, default_embedding_config_id: back.embedding, hide_default_models: back.hide },
        options,
      );
      return 'done';
    }
    case 'put-override':
    case 'clear-override': {
      const now = (await client.listFeatureOverrides(options)).find(
        (o) => o.feature_type === undo.featureType && o.feature_key === undo.featureKey,
      );
      if ((now?.llm_config_id ?? null) !== undo.setTo) return 'kept';
      if (undo.kind === 'clear-override') return goneIsFine(() => client.deleteFeatureOverride(undo.featureType, undo.featureKey, options));
      await client.putFeatureOverride(
        { feature_type: undo.featureType, feature_key: undo.featureKey, llm_config_id: undo.configId },
        options,
      );
      return 'done';
    }
    case 'move-agent': {
      // A crash after a delete's DELETE took the config the agent was moved off: the tenant refuses
      // an agent on a config that is gone, and the roll back would stop there for good. The agent
      // stays on the config it uses now, which works.
      const configs = await client.listLlmConfigs({}, options);
      if (!configs.some((c) => c.id === undo.toConfigId)) return 'left';
      await client.patchAgentLlmConfig(undo.agentId, { llm_config_id: undo.toConfigId }, options);
      return 'done';
    }
    case 'patch-config':
      return goneIsFine(() => client.patchLlmConfig(undo.configId, undo.fields, options));
  }
}

/** An undo whose id the create's answer gave: the step's object id fills it. */
export function completeUndo(undo: Undo, objectId: string | null): Undo {
  if (undo.kind === 'delete-credential' && !undo.credentialId && objectId) return { ...undo, credentialId: objectId };
  if (undo.kind === 'delete-config' && !undo.configId && objectId) return { ...undo, configId: objectId };
  return undo;
}
