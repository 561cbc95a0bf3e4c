// Saves of one draft that overlap (two windows, a double Ctrl+S): the revision check happens before
// the secrets are written, and those writes wait on the keychain, so two saves on one revision
// could both pass it. One wins; the other is refused, and the file and the keychain agree on the
// winner. A draft deleted while a save waits on the keychain leaves no keychain entry behind.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { draftAccount, DraftStore } from '../../src-main/drafts/draft-store';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { SecretStore } from '../../src-main/secrets/secret-store';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import type { DraftContent } from '../../src-shared/drafts';
import { memoryLogger } from '../support/memory-logger';

const keyring = createKeyringSecretStore(`BYOM Desk draft concurrent saves ${randomUUID()}`);
afterAll(async () => {
  for (const account of await keyring.listAccounts()) await keyring.delete(account);
});

const content = (notes: string): DraftContent => ({
  title: 'Rollout',
  providerId: 'openai',
  values: { name: 'Rollout credential' },
  models: [{ modelId: 'gpt-4o', name: '', isEmbedding: false, dimensions: null, extraConfig: null }],
  defaults: { llmModelId: null, embeddingModelId: null },
  expiresAt: null,
  notes,
});

/** A save from a window opened on revision 1, with notes and a new key. */
const onRevision1 = (id: string, notes: string, apiKey: string) => ({
  id,
  revision: 1,
  content: content(notes),
  secrets: { api_key: apiKey },
  clearSecrets: [],
});

/** The keychain, whose writes wait while `hold` is on, until `release`. */
function latchedKeychain() {
  let gate: Promise<void> | null = null;
  let open = () => {};
  let arrived = () => {};
  let listed = 0;
  const firstArrival = new Promise<void>((resolve) => (arrived = resolve));
  const store: SecretStore = {
    ...keyring,
    status: () => keyring.status(),
    get: (a) => keyring.get(a),
    delete: (a) => keyring.delete(a),
    listAccounts: (p) => {
      listed += 1;
      return keyring.listAccounts(p);
    },
    async set(account, secret) {
      if (gate) {
        arrived();
        await gate;
      }
      return keyring.set(account, secret);
    },
  };
  return {
    store,
    hold: () => void (gate = new Promise<void>((resolve) => (open = resolve))),
    /** Resolves once a write is waiting. */
    arrived: () => firstArrival,
    release: () => open(),
    /** How many times the keychain was asked for a list of entries (a removal starts so). */
    listed: () => listed,
  };
}

const openDrafts = (secrets: SecretStore) =>
  new DraftStore({ files: confDocumentFiles(mkdtempSync(join(tmpdir(), 'byom-drafts-'))), secrets, log: memoryLogger() });

describe('overlapping saves of one draft', () => {
  it('two saves on one revision: one is saved, the other refused, and the file and the keychain hold the same one', async () => {
    const drafts = openDrafts(keyring);
    const first = await drafts.save({ content: content('first'), secrets: { api_key: 'sk-proj-first-key-1' }, clearSecrets: [] });

    const saves = await Promise.allSettled([
      drafts.save(onRevision1(first.id, 'from window A', 'sk-proj-window-a-1')),
      drafts.save(onRevision1(first.id, 'from window B', 'sk-proj-window-b-2')),
    ]);
    const saved = saves.filter((s) => s.status === 'fulfilled');
    const refused = saves.filter((s) => s.status === 'rejected');
    expect(saved).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });

    const winner = saved[0]!.value;
    expect(drafts.get(first.id)).toMatchObject({ revision: 2, notes: winner.notes });
    const key = await keyring.get(draftAccount(first.id, 'api_key'));
    expect(key).toBe(winner.notes === 'from window A' ? 'sk-proj-window-a-1' : 'sk-proj-window-b-2');
  });

  it('a draft deleted while its save waits on the keychain leaves no keychain entry behind', async () => {
    const keychain = latchedKeychain();
    const drafts = openDrafts(keychain.store);
    const first = await drafts.save({ content: content('first'), secrets: {}, clearSecrets: [] });

    keychain.hold();
    const saving = drafts.save(onRevision1(first.id, 'with a key', 'sk-proj-late-key-3'));
    await keychain.arrived();
    const listedBefore = keychain.listed();
    const removing = drafts.remove(first.id);
    // A removal that began at once (it asked the keychain for the entries) is let finish first: the
    // save then writes after it. One that waits its turn behind the save gets its turn on release.
    if (keychain.listed() > listedBefore) await removing;
    keychain.release();
    await Promise.allSettled([saving, removing]);

    expect(drafts.list().map((d) => d.id)).not.toContain(first.id);
    expect(await keyring.listAccounts(`draft/${first.id}/`)).toEqual([]);
  });
});
