// The apply journal read back after a crash: what each tenant had made (ids), what was under way
// (a create that never said how it ended), and a last line torn by the crash, skipped.
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApplyJournals } from '../../src-main/apply/apply-journal';

const applyId = '5b1f0a56-7c1e-4a51-9d35-0a4e8f3c2b10';
const draftId = '8e6c1c3e-2f7a-4c39-9d5b-0b5b7d2a9f44';

function journalIn(dir: string) {
  const journal = new ApplyJournals(dir).open(applyId);
  journal.begin({
    applyId,
    planId: 'plan-1',
    draftId,
    draftTitle: 'Rollout',
    draftRevision: 3,
    keepFailed: false,
    tenants: ['t1', 't2'].map((tenantId) => ({ tenantId, tenantName: tenantId.toUpperCase(), credentialName: 'Team', knownCredentialIds: [], adoptedCredentialId: null })),
  });
  return journal;
}

describe('the apply journal', () => {
  it('tells, per tenant, what was made and what may have landed, and survives a line torn by the crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-journal-'));
    const journal = journalIn(dir);
    journal.step({ tenantId: 't1', step: 'credential', phase: 'start', name: 'Team' });
    journal.step({ tenantId: 't1', step: 'credential', phase: 'done', name: 'Team', objectId: 'cred-1' });
    journal.step({ tenantId: 't1', step: 'config', phase: 'start', key: 'gpt-4o', name: 'GPT-4o' });
    journal.step({ tenantId: 't1', step: 'config', phase: 'done', key: 'gpt-4o', name: 'GPT-4o', objectId: 'cfg-1' });
    journal.step({ tenantId: 't1', step: 'config', phase: 'start', key: 'o3', name: 'O3' });
    journal.step({ tenantId: 't2', step: 'credential', phase: 'start', name: 'Team' });
    // The crash cut the next line in half.
    appendFileSync(join(dir, `${applyId}.jsonl`), '{"type":"step","at":"2026-12-01T09:00:00.000Z","tenantId":"t2","st');

    const [found] = new ApplyJournals(dir).unfinished();
    expect(found!.applyId).toBe(applyId);
    const t1 = found!.state.tenants.get('t1')!;
    expect(t1).toMatchObject({ credentialId: 'cred-1', credentialUnsure: false, configs: [{ modelId: 'gpt-4o', id: 'cfg-1' }], configsUnsure: [{ modelId: 'o3', name: 'O3' }], ended: null });
    expect(found!.state.tenants.get('t2')).toMatchObject({ credentialId: null, credentialUnsure: true });

    // Appending after the torn line starts a line of its own: the journal goes on, readable.
    const again = new ApplyJournals(dir).open(applyId);
    again.step({ tenantId: 't2', step: 'credential', phase: 'done', name: 'Team', objectId: 'cred-2' });
    again.tenantEnd('t1', 'applied');
    again.tenantEnd('t2', 'applied');
    again.end();
    expect(new ApplyJournals(dir).unfinished()).toEqual([]);
    expect(again.state()!.tenants.get('t2')).toMatchObject({ credentialId: 'cred-2', ended: 'applied' });
  });

  it('forgets what a roll back deleted, and takes up a tenant again when a resume goes on after its end', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-journal-'));
    const journal = journalIn(dir);
    journal.step({ tenantId: 't1', step: 'credential', phase: 'done', name: 'Team', objectId: 'cred-1' });
    journal.step({ tenantId: 't1', step: 'config', phase: 'done', key: 'gpt-4o', name: 'GPT-4o', objectId: 'cfg-1' });
    journal.step({ tenantId: 't1', step: 'rollback', phase: 'done', name: 'GPT-4o', objectId: 'cfg-1' });
    journal.tenantEnd('t1', 'failed');
    journal.step({ tenantId: 't1', step: 'check', phase: 'done' });
    expect(journal.state()!.tenants.get('t1')).toMatchObject({ credentialId: 'cred-1', configs: [], ended: null });
    // A config that was there already and only had its extra config changed is never the run's to delete.
    journal.step({ tenantId: 't2', step: 'config', op: 'update', phase: 'start', key: 'o3', name: 'O3', objectId: 'cfg-old' });
    expect(journal.state()!.tenants.get('t2')).toMatchObject({ configs: [], configsUnsure: [] });
    journal.step({ tenantId: 't2', step: 'config', op: 'update', phase: 'done', key: 'o3', name: 'O3', objectId: 'cfg-old' });
    expect(journal.state()!.tenants.get('t2')).toMatchObject({ configs: [], configsUnsure: [] });
  });
});
