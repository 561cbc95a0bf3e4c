// Credential expiries: the versioned document, set / clear / move, what is due at the edges of the
// lead time, a restart, a removed tenant, the OS reminders once per key and date, and an apply that
// carries a draft's expiry to the credential it made (and takes it back with a roll back).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CredentialExpiries } from '../../src-main/expiries/credential-expiries';
import { ExpiryReminders, reminderIntervalMs } from '../../src-main/expiries/expiry-reminders';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { Services } from '../../src-main/services';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import type { DraftContent } from '../../src-shared/drafts';
import type { ExpiryList } from '../../src-shared/expiry';
import type { JobView } from '../../src-shared/jobs';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { memoryLogger } from '../support/memory-logger';
import { addApiTokenProfile, startServices } from '../support/node-services';

const hour = 3_600_000;
const tenantA = randomUUID();
const tenantB = randomUUID();

function open(dataDir: string, now = () => new Date('2030-01-01T12:00:00.000Z')) {
  const emitted: { name: string; payload: unknown }[] = [];
  const store = new CredentialExpiries({
    files: confDocumentFiles(dataDir),
    log: memoryLogger(),
    events: { emit: (name, payload) => void emitted.push({ name, payload }) },
    now,
  });
  return { store, emitted };
}

describe('the credential expiries document', () => {
  it('round-trips as a versioned document, sorted soonest first, and survives a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-expiries-'));
    const { store, emitted } = open(dir);
    expect(store.list()).toEqual([]);
    expect(store.leadHours()).toBe(24);
    store.set({ tenantId: tenantA, credentialId: 'c1' }, '2030-01-03T00:00:00+02:00', { credentialName: 'Bedrock STS', source: 'user' });
    store.set({ tenantId: tenantB, credentialId: 'c1' }, '2030-01-01T13:00:00.000Z', { credentialName: 'Azure SP', source: 'draft' });
    store.setLeadHours(48);
    const file = JSON.parse(readFileSync(join(dir, 'credential-expiries.json'), 'utf8'));
    expect(file).toMatchObject({ schemaVersion: 1, data: { settings: { leadHours: 48 } } });
    expect(file.data.expiries).toHaveLength(2);
    // Offsets are stored as the same instant in UTC.
    expect(store.get({ tenantId: tenantA, credentialId: 'c1' })).toEqual({
      tenantId: tenantA,
      credentialId: 'c1',
      credentialName: 'Bedrock STS',
      expiresAt: '2030-01-02T22:00:00.000Z',
      setAt: '2030-01-01T12:00:00.000Z',
      source: 'user',
    });
    expect(emitted.map((e) => e.name)).toEqual(['expiry.changed', 'expiry.changed', 'expiry.changed']);
    expect((emitted.at(-1)!.payload as ExpiryList).leadHours).toBe(48);

    const again = open(dir).store;
    expect(again.list().map((e) => [e.tenantId, e.credentialName])).toEqual([
      [tenantB, 'Azure SP'],
      [tenantA, 'Bedrock STS'],
    ]);
    expect(again.leadHours()).toBe(48);
  });

  it('clears with null, moves to a successor credential, forgets a tenant, and refuses what is not a date or a lead time', () => {
    const { store, emitted } = open(mkdtempSync(join(tmpdir(), 'byom-expiries-')));
    const a1 = { tenantId: tenantA, credentialId: 'a1' };
    store.set(a1, '2030-01-02T00:00:00.000Z', { credentialName: 'Old key', source: 'user' });
    store.set({ tenantId: tenantA, credentialId: 'a2' }, '2030-01-05T00:00:00.000Z', { credentialName: 'Other', source: 'user' });
    store.set({ tenantId: tenantB, credentialId: 'a1' }, '2030-01-06T00:00:00.000Z', {
      credentialName: 'Same id, other tenant',
      source: 'user',
    });

    store.move(a1, { tenantId: tenantA, credentialId: 'successor', credentialName: 'Old key (rotated)' });
    expect(store.get(a1)).toBeUndefined();
    expect(store.get({ tenantId: tenantA, credentialId: 'successor' })).toMatchObject({
      expiresAt: '2030-01-02T00:00:00.000Z',
      credentialName: 'Old key (rotated)',
      source: 'rotation',
    });
    // Ids are per tenant: the other tenant's a1 is untouched.
    expect(store.get({ tenantId: tenantB, credentialId: 'a1' })?.credentialName).toBe('Same id, other tenant');
    const changes = emitted.length;
    store.move({ tenantId: tenantA, credentialId: 'none' }, { tenantId: tenantA, credentialId: 'x', credentialName: 'x' });
    store.set({ tenantId: tenantA, credentialId: 'none' }, null, { credentialName: '', source: 'user' });
    expect(emitted).toHaveLength(changes);

    store.set({ tenantId: tenantA, credentialId: 'a2' }, null, { credentialName: 'Other', source: 'user' });
    expect(store.get({ tenantId: tenantA, credentialId: 'a2' })).toBeUndefined();
    store.forgetTenant(tenantA);
    expect(store.list().map((e) => e.tenantId)).toEqual([tenantB]);

    expect(() => store.set(a1, 'next tuesday', { credentialName: 'x', source: 'user' })).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
    for (const bad of [0, 721, 1.5])
      expect(() => store.setLeadHours(bad)).toThrow(
        expect.objectContaining({ code: 'validation', message: expect.stringContaining('between 1 and 720') }),
      );
  });

  it('is due within the lead time (its end included) or past it, soonest first', () => {
    const { store } = open(mkdtempSync(join(tmpdir(), 'byom-expiries-')));
    const now = Date.parse('2030-01-01T12:00:00.000Z');
    const at = (ms: number) => new Date(now + ms).toISOString();
    const put = (id: string, ms: number) =>
      store.set({ tenantId: tenantA, credentialId: id }, at(ms), { credentialName: id, source: 'user' });
    put('past', -hour);
    put('now', 0);
    put('in-1h', hour);
    put('edge', 24 * hour);
    put('after-edge', 24 * hour + 1);
    expect(store.due(now).map((d) => [d.expiry.credentialId, d.state])).toEqual([
      ['past', 'expired'],
      ['now', 'expired'],
      ['in-1h', 'soon'],
      ['edge', 'soon'],
    ]);
    store.setLeadHours(1);
    expect(store.due(new Date(now)).map((d) => d.expiry.credentialId)).toEqual(['past', 'now', 'in-1h']);
  });

  it('keeps the entries that can be read of a damaged file, and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-expiries-'));
    const good = {
      tenantId: tenantA,
      credentialId: 'c1',
      credentialName: 'Kept',
      expiresAt: '2030-01-02T00:00:00.000Z',
      setAt: '2030-01-01T00:00:00.000Z',
      source: 'user',
    };
    writeFileSync(
      join(dir, 'credential-expiries.json'),
      JSON.stringify({
        schemaVersion: 1,
        data: { expiries: [good, { ...good, credentialId: 'c2', expiresAt: 'soon' }], settings: { leadHours: 12 } },
      }),
    );
    const { store } = open(dir);
    expect(store.list().map((e) => e.credentialName)).toEqual(['Kept']);
    expect(store.leadHours()).toBe(12);
    expect(store.notices).toEqual([expect.objectContaining({ kind: 'partially-read', dropped: 1 })]);
  });
});

describe('the OS reminders', () => {
  it('notify once per credential and expiry date, name the tenant, and open the rotation when clicked', () => {
    vi.useFakeTimers({ now: Date.parse('2030-01-01T12:00:00.000Z') });
    try {
      const { store } = open(mkdtempSync(join(tmpdir(), 'byom-expiries-')), () => new Date());
      store.set({ tenantId: tenantA, credentialId: 'sts' }, new Date(Date.now() + 55 * 60_000).toISOString(), {
        credentialName: 'Bedrock STS',
        source: 'user',
      });
      store.set({ tenantId: tenantB, credentialId: 'gone' }, new Date(Date.now() - hour).toISOString(), {
        credentialName: 'Of a removed tenant',
        source: 'user',
      });
      const shown: { title: string; body: string; click?: () => void }[] = [];
      const events: { name: string; payload: unknown }[] = [];
      const reminders = new ExpiryReminders({
        expiries: store,
        tenantName: (id) => (id === tenantA ? 'Acme staging' : undefined),
        notify: (title, body, click) => shown.push({ title, body, ...(click ? { click } : {}) }) > 0,
        events: { emit: (name, payload) => void events.push({ name, payload }) },
        log: memoryLogger(),
      });
      reminders.start();
      expect(shown.map(({ title, body }) => ({ title, body }))).toEqual([
        { title: 'Key expires in 55 min', body: 'Bedrock STS on Acme staging. Rotate it before it stops working.' },
      ]);
      shown[0]!.click!();
      expect(events).toEqual([{ name: 'expiry.open-rotation', payload: { tenantId: tenantA, credentialId: 'sts' } }]);

      // Every 15 minutes: nothing again for the same date; a new date (a rotation's) reminds again.
      vi.advanceTimersByTime(reminderIntervalMs);
      expect(shown).toHaveLength(1);
      store.set({ tenantId: tenantA, credentialId: 'sts' }, new Date(Date.now() + 2 * hour).toISOString(), {
        credentialName: 'Bedrock STS',
        source: 'rotation',
      });
      vi.advanceTimersByTime(reminderIntervalMs);
      expect(shown.map((s) => s.title)).toEqual(['Key expires in 55 min', 'Key expires in 1 h']);
      reminders.dispose();
      store.set({ tenantId: tenantA, credentialId: 'sts' }, new Date(Date.now() + hour).toISOString(), {
        credentialName: 'Bedrock STS',
        source: 'user',
      });
      vi.advanceTimersByTime(2 * reminderIntervalMs);
      expect(shown).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('expiries through the services', () => {
  const secrets = createKeyringSecretStore(`BYOM Desk expiry test ${randomUUID()}`);
  const apiKey = `sk-proj-${randomUUID().replaceAll('-', '')}`;
  let fakes: FakeTenant[] = [];
  const running: Services[] = [];
  beforeAll(async () => {
    fakes = await Promise.all([0, 1].map(() => startFakeTenant({ builtInConfigs: false })));
  });
  afterAll(async () => {
    await Promise.all(fakes.map((f) => f.stop()));
    for (const account of await secrets.listAccounts()) await secrets.delete(account);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.dispose()));
    for (const f of fakes) f.reset();
  });
  const start = (dataDir?: string) => {
    const started = startServices(secrets, dataDir ? { dataDir } : {});
    running.push(started.services);
    return started;
  };
  const finished = async (seen: { jobs: JobView[] }, jobId: string) => {
    await vi.waitFor(() => expect(seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 20_000 });
    return seen.jobs.filter((j) => j.id === jobId).at(-1)!;
  };

  it('sets one for a known tenant only, tells open pages, keeps it over a restart, and forgets it with the tenant', async () => {
    const { handlers, events, dataDir } = start();
    const changed: ExpiryList[] = [];
    events.subscribe((name, payload) => name === 'expiry.changed' && changed.push(payload as ExpiryList));
    const acme = await addApiTokenProfile(handlers, 'Acme', fakes[0]!);
    const expiresAt = new Date(Date.now() + hour).toISOString();
    const list = await handlers.setCredentialExpiry({
      tenantId: acme.id,
      credentialId: 'cred-1',
      credentialName: 'Bedrock STS',
      expiresAt,
    });
    expect(list.expiries).toEqual([expect.objectContaining({ tenantId: acme.id, credentialId: 'cred-1', expiresAt, source: 'user' })]);
    expect(list.due).toEqual([expect.objectContaining({ state: 'soon' })]);
    expect(changed.at(-1)?.expiries).toHaveLength(1);
    await expect(
      handlers.setCredentialExpiry({ tenantId: randomUUID(), credentialId: 'x', credentialName: 'x', expiresAt }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await handlers.setReminderLeadHours({ hours: 2 })).leadHours).toBe(2);

    await running.pop()!.dispose();
    const next = start(dataDir);
    expect(await next.handlers.listCredentialExpiries(undefined)).toMatchObject({
      leadHours: 2,
      expiries: [{ credentialName: 'Bedrock STS', expiresAt }],
    });
    await next.handlers.deleteTenantProfile({ id: acme.id });
    expect((await next.handlers.listCredentialExpiries(undefined)).expiries).toEqual([]);
  });

  it('records a draft’s expiry on the credential an apply made, and takes it back when the tenant is rolled back', async () => {
    const { handlers, seen } = start();
    const ok = await addApiTokenProfile(handlers, 'Alpha', fakes[0]!);
    const failing = await addApiTokenProfile(handlers, 'Beta', fakes[1]!);
    fakes[1]!.addFault({ kind: '500', path: '/ai/api/v1/config/llm', method: 'POST' });
    const expiresAt = new Date(Date.now() + 3 * hour).toISOString();
    const content: DraftContent = {
      title: 'Short-lived key',
      providerId: 'openai',
      values: { name: 'Temporary OpenAI' },
      models: [{ modelId: 'gpt-4o', name: '', isEmbedding: false, dimensions: null, extraConfig: null }],
      defaults: { llmModelId: null, embeddingModelId: null },
      expiresAt,
      notes: '',
    };
    const draft = await handlers.saveDraft({ content, secrets: { api_key: apiKey }, clearSecrets: [] });
    const plan = await handlers.startPlan({ draftId: draft.id, tenantIds: [ok.id, failing.id] });
    await finished(seen, plan.jobId);
    const applied = await finished(seen, (await handlers.startApply({ planId: plan.planId, confirmations: {}, keepFailed: false })).jobId);
    expect(applied.tenants[ok.id]!.status).toBe('ok');
    expect(applied.tenants[failing.id]!.status).toBe('failed');
    const made = fakes[0]!.state().credentials[0]!;
    expect(fakes[1]!.state().credentials).toEqual([]);
    expect((await handlers.listCredentialExpiries(undefined)).expiries).toEqual([
      expect.objectContaining({ tenantId: ok.id, credentialId: made.id, credentialName: 'Temporary OpenAI', expiresAt, source: 'draft' }),
    ]);
  });
});
