// A fleet's drafts as drafts of BYOM Desk, for the contract's `startPlan` and `startApply` to run:
// one per draft group, with its secrets (from environment variables, stdin, or a draft's keychain
// entries, copied by `duplicateDraft`), removed again (secrets first) when the command ends.
import { basename } from 'node:path';
import type { DraftContent, DraftView } from '../../src-shared/drafts';
import { AppError } from '../../src-shared/errors';
import { providerVariant } from '../../src-shared/providers/catalog';
import { isSecretField } from '../../src-shared/providers/credential-schema';
import { readStdin, secretFromEnv } from '../input';
import { findDraft } from '../select';
import type { Session } from '../session';
import type { FleetDraft, LoadedFleet } from './fleet-file';
import type { DraftGroup } from './resolve';

interface DraftSecrets {
  /** The values given now (environment, stdin), by field. */
  values: Record<string, string>;
  /** The draft in BYOM Desk whose keychain entries hold the other fields, if any. */
  keychainDraft: DraftView | null;
}

/** Where each secret of each draft comes from, read once: environment variables are then removed from the process. */
async function secretsOf(loaded: LoadedFleet, draft: FleetDraft, stored: readonly DraftView[]): Promise<DraftSecrets> {
  const fields = providerVariant(draft.content.providerId).fields.filter(isSecretField);
  const values: Record<string, string> = {};
  let keychainDraft: DraftView | null = null;
  for (const field of fields) {
    const source = draft.secrets[field.key];
    const at = ['drafts', draft.key, 'secrets', field.key];
    if (source === 'stdin') values[field.key] = await fromStdin(loaded, draft, field.key);
    else if (source && 'env' in source) values[field.key] = secretFromEnv(source.env);
    else {
      // Named, or by default the draft of the same title: most often the one this file was exported from.
      const name = source?.keychain ?? draft.content.title;
      let from: DraftView;
      try {
        from = findDraft(stored, name);
      } catch (error) {
        if (!source && !field.required) continue;
        const hint = source ? '' : ` No source is named for ${field.key}: add one under secrets (env, keychain or stdin).`;
        loaded.fail([loaded.problem(source ? at : ['drafts', draft.key], `${(error as Error).message}${hint}`)]);
      }
      if (from.secrets[field.key] !== 'stored') {
        if (!source && !field.required) continue;
        loaded.fail([loaded.problem(source ? at : ['drafts', draft.key], `the draft “${from.title}” has no ${field.label} stored`)]);
      }
      if (keychainDraft && keychainDraft.id !== from.id)
        loaded.fail([loaded.problem(at, 'every keychain secret of one draft comes from one draft of BYOM Desk')]);
      if (from.providerId !== draft.content.providerId)
        loaded.fail([loaded.problem(at, `the draft “${from.title}” is for ${from.providerId}, not ${draft.content.providerId}`)]);
      keychainDraft = from;
    }
  }
  return { values, keychainDraft };
}

/**
 * Stdin, read once for the whole fleet: the text itself when one secret of the file comes from
 * stdin, else a JSON object by `draftKey.field`.
 */
async function fromStdin(loaded: LoadedFleet, draft: FleetDraft, field: string): Promise<string> {
  const text = (await readStdin()).replace(/\r?\n$/, '');
  const at = ['drafts', draft.key, 'secrets', field];
  if (text === '') loaded.fail([loaded.problem(at, 'stdin is empty')]);
  const fromStdinCount = [...loaded.drafts.values()].flatMap((d) => Object.values(d.secrets)).filter((s) => s === 'stdin').length;
  if (fromStdinCount === 1) return text;
  const key = `${draft.key}.${field}`;
  let value: unknown;
  try {
    value = (JSON.parse(text) as Record<string, unknown>)[key];
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string')
    loaded.fail([loaded.problem(at, `${fromStdinCount} secrets come from stdin: give it a JSON object with a string “${key}”`)]);
  return value;
}

export interface Materialized {
  group: DraftGroup;
  draft: DraftView;
}

/** Saves one draft per group; `cleanup` removes them (and their secrets) again. */
export async function materialize(session: Session, loaded: LoadedFleet, groups: readonly DraftGroup[]) {
  const stored = await session.call('listDrafts');
  const secrets = new Map<string, DraftSecrets>();
  for (const group of groups) if (!secrets.has(group.draft.key)) secrets.set(group.draft.key, await secretsOf(loaded, group.draft, stored));
  const made: Materialized[] = [];
  const releases: (() => void)[] = [];
  const cleanup = async (keep: ReadonlySet<string> = new Set()) => {
    for (const release of releases) release();
    for (const m of made) if (!keep.has(m.draft.id)) await session.call('deleteDraft', { id: m.draft.id }).catch(() => undefined);
  };
  try {
    for (const group of groups) {
      const { values, keychainDraft } = secrets.get(group.draft.key)!;
      releases.push(session.redactor.hold(Object.values(values)));
      const content: DraftContent = {
        ...group.content,
        title: `${group.content.title} (fleet ${basename(loaded.path)}: ${group.label})`.slice(0, 200),
        notes: `Made by byom-desk from ${loaded.name} (${group.draft.file}) for one plan or apply; removed when it ends.`,
      };
      let draft: DraftView;
      if (keychainDraft) {
        const copy = await session.call('duplicateDraft', { id: keychainDraft.id });
        made.push({ group, draft: copy.draft });
        if (!copy.secretsCopied)
          throw new AppError(
            'keychain_locked',
            `The secrets of “${keychainDraft.title}” could not be read from the keychain: unlock it and try again.`,
          );
        draft = await session.call('saveDraft', {
          id: copy.draft.id,
          revision: copy.draft.revision,
          content,
          secrets: values,
          clearSecrets: [],
        });
        made[made.length - 1] = { group, draft };
      } else {
        draft = await session.call('saveDraft', { content, secrets: values, clearSecrets: [] });
        made.push({ group, draft });
      }
      if (draft.problems.length > 0) {
        const list = draft.problems.map((p) => `${p.path || 'draft'}: ${p.message}`).join('; ');
        throw new AppError('validation', `The draft ${group.draft.file} (${group.label}) cannot be planned: ${list}.`);
      }
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { made, cleanup };
}
