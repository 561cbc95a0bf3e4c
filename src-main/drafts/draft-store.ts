// Drafts on disk: the content in a versioned, zod-checked document (`drafts.json`), each secret in
// the keychain under the draft's own account (`draft/<id>/<field>`). The file records which secrets
// were stored, so the list never needs the keychain: a locked one hides no draft.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  checkDraft,
  draftContentSchema,
  draftFileOf,
  draftFileSchema,
  draftFileVersion,
  nonSecretValues,
  type DraftContent,
  type DraftFile,
  type DraftSecretState,
  type DraftView,
  type SaveDraftInput,
} from '../../src-shared/drafts';
import { AppError } from '../../src-shared/errors';
import { tryParseJson } from '../../src-shared/json';
import { providerVariant } from '../../src-shared/providers/catalog';
import { credentialValuesSchema, secretFieldKeys } from '../../src-shared/providers/credential-schema';
import { validationError } from '../../src-shared/validation';
import type { Logger } from '../log/logger';
import type { SecretStore } from '../secrets/secret-store';
import type { DocumentFiles } from '../storage/document-file';
import { Turns } from '../storage/turns';
import { openVersionedDocument, type Migrations, type StoreNotice } from '../storage/versioned-document';

const storedDraftSchema = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  revision: z.number().int().min(0),
  content: draftContentSchema,
  /** The secret fields stored in the keychain for this draft. */
  secretKeys: z.array(z.string()),
});
type StoredDraft = z.infer<typeof storedDraftSchema>;

const draftsDocumentSchema = z.object({ drafts: z.array(storedDraftSchema) });

/** Format history of `drafts.json`: none yet. */
const draftMigrations: Migrations = {};

export const draftAccount = (draftId: string, field: string) => `draft/${draftId}/${field}`;
const draftPrefix = (draftId: string) => `draft/${draftId}/`;

export interface DraftStoreDeps {
  files: DocumentFiles;
  secrets: SecretStore;
  log: Logger;
  now?: () => Date;
}

export class DraftStore {
  private readonly doc;
  private drafts: StoredDraft[];
  readonly notices: StoreNotice[];
  private readonly now: () => Date;
  /** Saves and removals of one draft, one after the other. */
  private readonly turns = new Turns();

  constructor(private readonly deps: DraftStoreDeps) {
    this.doc = openVersionedDocument({
      files: deps.files,
      name: 'drafts',
      version: 1,
      migrations: draftMigrations,
      schema: draftsDocumentSchema,
      empty: () => ({ drafts: [] }),
      // One draft that does not fit loses only itself.
      salvage: (raw) => {
        const list = (raw as { drafts?: unknown } | null)?.drafts;
        if (!Array.isArray(list)) return null;
        const kept = list.flatMap((d) => {
          const parsed = storedDraftSchema.safeParse(d);
          return parsed.success ? [parsed.data] : [];
        });
        return { value: { drafts: kept }, dropped: list.length - kept.length };
      },
      log: deps.log,
    });
    const { value, notices } = this.doc.load();
    this.drafts = value.drafts;
    this.notices = notices;
    this.now = deps.now ?? (() => new Date());
  }

  list(): DraftView[] {
    return [...this.drafts].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map(toView);
  }

  get(id: string): DraftView {
    return toView(this.stored(id));
  }

  /**
   * Saves a draft: new secrets into the keychain first, then the file. When the keychain refuses,
   * nothing is saved and the page keeps what was typed; when the file cannot be written, the
   * secrets just stored are taken back out, so the two never disagree.
   */
  save(input: SaveDraftInput): Promise<DraftView> {
    // Saves and removals of one draft run one after the other: a second save on the same revision
    // then meets the first one's revision, before its secrets overwrite the first one's.
    return input.id ? this.turns.run(input.id, () => this.saveNow(input)) : this.saveNow(input);
  }

  private async saveNow(input: SaveDraftInput): Promise<DraftView> {
    const current = input.id ? this.stored(input.id) : undefined;
    if (current && input.revision !== undefined && input.revision !== current.revision) throwChanged(current.content.title);
    const content = draftContentSchema.parse(input.content);
    const id = current?.id ?? randomUUID();
    const secretKeys = new Set(secretFieldKeys(providerVariant(content.providerId)));
    const given = Object.entries(input.secrets).filter(([key, value]) => secretKeys.has(key) && value.trim() !== '');
    const unknown = Object.keys(input.secrets).filter((key) => !secretKeys.has(key) && input.secrets[key]!.trim() !== '');
    if (unknown.length)
      throw new AppError('validation', `${providerVariant(content.providerId).label} has no secret field ${unknown.join(', ')}.`);
    this.checkSecretFormats(content, Object.fromEntries(given));

    // A provider change leaves the old provider's secrets behind: they are forgotten.
    // A secret of another provider is never sent as this one's, even under the same field name (api_key).
    const sameProvider = current?.content.providerId === content.providerId;
    const kept = sameProvider ? current.secretKeys.filter((k) => secretKeys.has(k) && !input.clearSecrets.includes(k)) : [];
    const stored = [...new Set([...kept, ...given.map(([k]) => k)])];
    const dropped = (current?.secretKeys ?? []).filter((k) => !stored.includes(k));

    const written: string[] = [];
    try {
      for (const [key, value] of given) {
        await this.deps.secrets.set(draftAccount(id, key), value.trim());
        written.push(key);
      }
    } catch (error) {
      // A write given up on may still land: undo what this save wrote (a new draft's only).
      if (!current) for (const [key] of given) void this.deps.secrets.delete(draftAccount(id, key)).catch(() => false);
      throw error;
    }
    // The keychain writes were awaited: check again that the draft is still the revision checked
    // above (saves and removals take turns, so this guards any write that does not).
    if (current) {
      const now = this.drafts.find((d) => d.id === id);
      if (!now) {
        // Removed meanwhile: what this save wrote would be left in the keychain for no draft.
        for (const key of written) await this.deps.secrets.delete(draftAccount(id, key)).catch(() => false);
        throw draftGone();
      }
      if (now.revision !== current.revision) throwChanged(current.content.title);
    }
    const stamp = this.now().toISOString();
    const next: StoredDraft = {
      id,
      createdAt: current?.createdAt ?? stamp,
      updatedAt: stamp,
      revision: (current?.revision ?? 0) + 1,
      content: { ...content, values: nonSecretValues(content.providerId, content.values) },
      secretKeys: stored,
    };
    try {
      this.write(current ? this.drafts.map((d) => (d.id === id ? next : d)) : [...this.drafts, next]);
    } catch (error) {
      if (!current) for (const key of written) await this.deps.secrets.delete(draftAccount(id, key)).catch(() => false);
      throw error;
    }
    for (const key of dropped) await this.deps.secrets.delete(draftAccount(id, key)).catch(() => false);
    this.deps.log.info(current ? 'draft.saved' : 'draft.created', { draft: id, revision: next.revision, secrets: stored.length });
    return toView(next);
  }

  /** A copy with its own id and its own copies of the secrets (missing when the keychain cannot give them). */
  async duplicate(id: string): Promise<{ draft: DraftView; secretsCopied: boolean }> {
    const source = this.stored(id);
    const secrets: Record<string, string> = {};
    let secretsCopied = true;
    try {
      for (const key of source.secretKeys) {
        const value = await this.deps.secrets.get(draftAccount(id, key));
        if (value !== null) secrets[key] = value;
      }
    } catch {
      secretsCopied = false;
    }
    const draft = await this.save({
      content: {
        ...source.content,
        title: copyTitle(
          source.content.title,
          this.drafts.map((d) => d.content.title),
        ),
      },
      secrets,
      clearSecrets: [],
    });
    return { draft, secretsCopied: secretsCopied && Object.keys(secrets).length === source.secretKeys.length };
  }

  /** Deletes the draft's secrets first: if the keychain refuses, the draft stays and nothing is lost. */
  remove(id: string): Promise<{ removedSecrets: number }> {
    return this.turns.run(id, () => this.removeNow(id));
  }

  private async removeNow(id: string): Promise<{ removedSecrets: number }> {
    this.stored(id);
    const accounts = await this.deps.secrets.listAccounts(draftPrefix(id));
    for (const account of accounts) await this.deps.secrets.delete(account);
    this.write(this.drafts.filter((d) => d.id !== id));
    this.deps.log.info('draft.removed', { draft: id, removedSecrets: accounts.length });
    return { removedSecrets: accounts.length };
  }

  /** The draft as a file: no secret, ever (the store holds none; values are filtered again). */
  exportFile(id: string): DraftFile {
    return draftFileOf(this.stored(id).content, this.now().toISOString());
  }

  /** A draft from an exported file, with the secrets given now; those left out are marked missing. */
  async importFile(text: string, secrets: Record<string, string>): Promise<DraftView> {
    const json = tryParseJson(text);
    if (!json.ok) throw new AppError('validation', 'This file is not JSON: choose a draft exported from BYOM Desk (.json).');
    const version = (json.value as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > draftFileVersion) {
      throw new AppError(
        'validation',
        `This draft was exported by a newer BYOM Desk (file version ${version}; ` +
          `this one reads up to ${draftFileVersion}). Update BYOM Desk to import it.`,
      );
    }
    const parsed = draftFileSchema.safeParse(json.value);
    if (!parsed.success) throw validationError(parsed.error, 'The draft file');
    const content = parsed.data.draft;
    // Whatever a hand-edited file carries in a secret field is dropped, never stored as a secret.
    return this.save({ content: { ...content, values: nonSecretValues(content.providerId, content.values) }, secrets, clearSecrets: [] });
  }

  /** The draft's secrets, for applying it: only main ever reads them. */
  async secretsOf(id: string): Promise<Record<string, string>> {
    const draft = this.stored(id);
    const out: Record<string, string> = {};
    for (const key of draft.secretKeys) {
      const value = await this.deps.secrets.get(draftAccount(id, key));
      if (value === null)
        throw new AppError(
          'not_found',
          `The ${fieldLabel(draft.content, key)} of draft “${draft.content.title}” ` +
            `is no longer in the keychain. Enter it again in the draft.`,
        );
      out[key] = value;
    }
    return out;
  }

  private stored(id: string): StoredDraft {
    const draft = this.drafts.find((d) => d.id === id);
    if (!draft) throw draftGone();
    return draft;
  }

  private write(drafts: StoredDraft[]): void {
    this.doc.save({ drafts });
    this.drafts = drafts;
  }

  /** A secret with a space or a broken service account is refused now, not at apply time. */
  private checkSecretFormats(content: DraftContent, given: Record<string, string>): void {
    if (Object.keys(given).length === 0) return;
    const parsed = credentialValuesSchema(content.providerId).safeParse({
      ...nonSecretValues(content.providerId, content.values),
      ...given,
    });
    if (parsed.success) return;
    const issues = parsed.error.issues.filter((i) => String(i.path[0]) in given);
    if (issues.length)
      throw new AppError('validation', issues[0]!.message, {
        fields: issues.map((i) => ({ path: `secrets.${String(i.path[0])}`, message: i.message })),
      });
  }
}

function draftGone(): AppError {
  return new AppError('not_found', 'That draft no longer exists. It may have been deleted in another window.');
}

function throwChanged(title: string): never {
  throw new AppError(
    'conflict',
    `“${title}” was changed in another window since you opened it. Reopen it to see the changes; your edits are still in the form.`,
  );
}

function toView(d: StoredDraft): DraftView {
  const secrets: Record<string, DraftSecretState> = {};
  for (const key of secretFieldKeys(providerVariant(d.content.providerId)))
    secrets[key] = d.secretKeys.includes(key) ? 'stored' : 'missing';
  return {
    ...structuredClone(d.content),
    id: d.id,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    revision: d.revision,
    secrets,
    problems: checkDraft(d.content, secrets),
  };
}

function fieldLabel(content: DraftContent, key: string): string {
  return providerVariant(content.providerId).fields.find((f) => f.key === key)?.label ?? key;
}

/** "EU rollout (copy)", then "(copy 2)"... */
function copyTitle(title: string, taken: readonly string[]): string {
  const base = title.replace(/ \(copy( \d+)?\)$/, '');
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${base} (copy)` : `${base} (copy ${n})`;
    if (!taken.includes(candidate)) return candidate;
  }
}
