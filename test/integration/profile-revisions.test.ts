// Tenant profiles have revisions, as drafts do: an edit saved over a newer revision (another window
// saved first) is refused, nothing lost; two saves on one revision never both land, and the file
// and the keychain agree on the one that did; a profile removed while its save waits on the
// keychain leaves no keychain entry behind.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { secretAccount, TenantProfiles } from '../../src-main/profiles/tenant-profiles';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { SecretStore } from '../../src-main/secrets/secret-store';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import { formFromProfile, toProfileInput } from '../../src-renderer/features/tenants/tenant-form-model';
import { tenantProfileInputSchema, type TenantProfileInput } from '../../src-shared/tenant-profile';
import { failure } from '../support/app-error';
import { memoryLogger } from '../support/memory-logger';

const keyring = createKeyringSecretStore(`BYOM Desk profile revisions ${randomUUID()}`);
afterAll(async () => {
  for (const account of await keyring.listAccounts()) await keyring.delete(account);
});

const oauth = (name: string, clientSecret?: string, revision?: number): TenantProfileInput => ({
  name,
  baseUrl: 'acme.alationcloud.com',
  environment: { label: 'production', color: '#cf222e' },
  auth: { method: 'oauth', clientId: 'client-1', ...(clientSecret !== undefined ? { clientSecret } : {}) },
  ...(revision !== undefined ? { revision } : {}),
});
const parse = (input: TenantProfileInput) => tenantProfileInputSchema.parse(input);

/** The keychain, whose writes wait while held, until released. */
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
    hold: () => void (gate = new Promise<void>((r) => (open = r))),
    arrived: () => firstArrival,
    release: () => open(),
    /** How many times the keychain was asked for a list of entries (a removal starts so). */
    listed: () => listed,
  };
}

const openProfiles = (secrets: SecretStore = keyring) =>
  new TenantProfiles({ files: confDocumentFiles(mkdtempSync(join(tmpdir(), 'byom-profile-revisions-'))), secrets, log: memoryLogger() });

describe('tenant profile revisions', () => {
  it('refuses an edit saved over a newer revision, says what to do, and keeps the newer profile and its secret', async () => {
    const profiles = openProfiles();
    const first = await profiles.create(parse(oauth('Acme', 'first-secret-1')));
    expect(first.revision).toBe(1);
    // Window A saves revision 1 into revision 2...
    const a = await profiles.update(first.id, parse(oauth('Acme EU', undefined, 1)));
    expect(a.view.revision).toBe(2);
    // ...window B, still on revision 1, saves over it with a new secret.
    const e = await failure(profiles.update(first.id, parse(oauth('Acme US', 'window-b-secret-2', 1))));
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/“Acme EU” was changed in another window .*Reopen it.*your edits are still in the form/);
    expect((await profiles.list()).map((p) => [p.name, p.revision])).toEqual([['Acme EU', 2]]);
    expect(await keyring.get(secretAccount(first.id, 'clientSecret'))).toBe('first-secret-1');
    // On the newer revision, it goes through.
    const onNewer = await profiles.update(first.id, parse(oauth('Acme US', undefined, 2)));
    expect(onNewer.view).toMatchObject({ name: 'Acme US', revision: 3 });
  });

  it('two saves on one revision: one lands, the other is refused, and the keychain holds the one that landed', async () => {
    const profiles = openProfiles();
    const first = await profiles.create(parse(oauth('Acme', 'first-secret-1')));
    const saves = await Promise.allSettled([
      profiles.update(first.id, parse(oauth('From A', 'secret-from-a-1', 1))),
      profiles.update(first.id, parse(oauth('From B', 'secret-from-b-2', 1))),
    ]);
    const landed = saves.filter((s) => s.status === 'fulfilled');
    expect(landed).toHaveLength(1);
    expect(saves.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason.code)).toEqual(['conflict']);
    const winner = landed[0]!.value.view;
    expect(profiles.get(first.id)).toMatchObject({ name: winner.name, revision: 2 });
    const winnersSecret = winner.name === 'From A' ? 'secret-from-a-1' : 'secret-from-b-2';
    expect(await keyring.get(secretAccount(first.id, 'clientSecret'))).toBe(winnersSecret);
  });

  it('a profile removed while its save waits on the keychain leaves no keychain entry behind', async () => {
    const keychain = latchedKeychain();
    const profiles = openProfiles(keychain.store);
    const first = await profiles.create(parse(oauth('Acme', 'first-secret-1')));
    keychain.hold();
    const saving = profiles.update(first.id, parse(oauth('Acme', 'late-secret-3', 1)));
    await keychain.arrived();
    const listedBefore = keychain.listed();
    const removing = profiles.remove(first.id);
    // A removal that began at once (it asked the keychain for the entries) is let finish first: the
    // save then writes after it. One that waits its turn behind the save gets its turn on release.
    if (keychain.listed() > listedBefore) await removing;
    keychain.release();
    await Promise.allSettled([saving, removing]);
    expect(profiles.ids()).toEqual([]);
    expect(await keyring.listAccounts(`profile/${first.id}/`)).toEqual([]);
  });

  it('the edit form sends the revision it was opened on', async () => {
    const profiles = openProfiles();
    const first = await profiles.create(parse(oauth('Acme', 'first-secret-1')));
    const edited = (await profiles.update(first.id, parse(oauth('Acme EU', undefined, 1)))).view;
    expect(toProfileInput(formFromProfile(edited))).toMatchObject({ revision: 2 });
  });
});
