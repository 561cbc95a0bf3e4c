// Two README claims about drafts: "a save over a newer revision (another window) is refused, nothing
// lost", and `drafts.json` is checked so that "a draft that does not fit loses only itself". The real
// draft store, the real keychain and the real file format.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { draftAccount, DraftStore } from '../../src-main/drafts/draft-store';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import type { DraftContent } from '../../src-shared/drafts';
import { failure } from '../support/app-error';
import { memoryLogger } from '../support/memory-logger';

const secrets = createKeyringSecretStore(`BYOM Desk draft revisions ${randomUUID()}`);
afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

const content = (title: string): DraftContent => ({
  title,
  providerId: 'openai',
  values: { name: `${title} credential` },
  models: [{ modelId: 'gpt-4o', name: '', isEmbedding: false, dimensions: null, extraConfig: null }],
  defaults: { llmModelId: null, embeddingModelId: null },
  expiresAt: null,
  notes: '',
});

const open = (dataDir: string) => new DraftStore({ files: confDocumentFiles(dataDir), secrets, log: memoryLogger() });

describe('drafts', () => {
  it('refuses a save over a newer revision, with what to do, and keeps the newer draft and its secret as they were', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'byom-drafts-'));
    const drafts = open(dataDir);
    const first = await drafts.save({ content: content('Rollout'), secrets: { api_key: 'sk-proj-first-key-1' }, clearSecrets: [] });
    // Window A saves revision 1 into revision 2...
    const fromA = { ...content('Rollout'), notes: 'from window A' };
    const newer = await drafts.save({ id: first.id, revision: 1, content: fromA, secrets: {}, clearSecrets: [] });
    expect(newer.revision).toBe(2);
    // ...window B, still on revision 1, tries to save over it, with a new key.
    const fromB = { ...content('Rollout from B'), notes: 'from window B' };
    const e = await failure(
      drafts.save({ id: first.id, revision: 1, content: fromB, secrets: { api_key: 'sk-proj-window-b-2' }, clearSecrets: [] }),
    );
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/“Rollout” was changed in another window .*Reopen it.*your edits are still in the form/);
    expect(drafts.get(first.id)).toMatchObject({ title: 'Rollout', notes: 'from window A', revision: 2 });
    expect(await secrets.get(draftAccount(first.id, 'api_key'))).toBe('sk-proj-first-key-1');
    // Read again from the file, as after a restart: the same.
    expect(open(dataDir).get(first.id)).toMatchObject({ notes: 'from window A', revision: 2 });
    // On the newer revision, the same save goes through.
    const onNewer = await drafts.save({ id: first.id, revision: 2, content: fromB, secrets: {}, clearSecrets: [] });
    expect(onNewer).toMatchObject({ revision: 3, notes: 'from window B' });
  });

  it('loses only the draft that does not fit when drafts.json is damaged, keeps a copy of the file, and says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'byom-drafts-'));
    const before = open(dataDir);
    for (const title of ['Alpha', 'Broken', 'Gamma']) await before.save({ content: content(title), secrets: {}, clearSecrets: [] });
    const path = join(dataDir, 'drafts.json');
    const file = JSON.parse(readFileSync(path, 'utf8')) as { data: { drafts: { content: { title: string; models: unknown } }[] } };
    // A hand edit, or a bug of another version: one draft's models are no longer a list.
    file.data.drafts.find((d) => d.content.title === 'Broken')!.content.models = 'gpt-4o';
    const damaged = JSON.stringify(file, null, '\t');
    writeFileSync(path, damaged);

    const after = open(dataDir);
    expect(
      after
        .list()
        .map((d) => d.title)
        .sort(),
    ).toEqual(['Alpha', 'Gamma']);
    const said = expect.stringMatching(/1 entry in .*drafts\.json could not be read and were left out/);
    expect(after.notices).toEqual([expect.objectContaining({ kind: 'partially-read', dropped: 1, message: said })]);
    const { copiedTo } = after.notices[0] as { copiedTo: string };
    expect(readFileSync(copiedTo, 'utf8')).toBe(damaged);
    // The app keeps working on what it read; the copy keeps what it could not.
    await after.save({ content: content('Delta'), secrets: {}, clearSecrets: [] });
    expect(
      open(dataDir)
        .list()
        .map((d) => d.title)
        .sort(),
    ).toEqual(['Alpha', 'Delta', 'Gamma']);
    expect(readFileSync(copiedTo, 'utf8')).toContain('Broken');
  });
});
