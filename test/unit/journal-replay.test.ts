// A journal replayed record by record: what each tenant's part made, what a roll back takes back
// (once), and what a resume or a report reads of it. The same function keeps a running
// operation's copy, so what is replayed after a crash is what the operation knew.
import { describe, expect, it } from 'vitest';
import { madeSteps, replayJournal, undoableSteps, unsureSteps, type JournalRecord } from '../../src-main/tenant-ops/journal';

const at = '2026-12-01T10:00:00.000Z';
const acme = 'tenant-acme';
const beta = 'tenant-beta';
const begin: JournalRecord = {
  type: 'begin',
  at,
  operationId: '5b1f0a56-7c1e-4a51-9d35-0a4e8f3c2b10',
  kind: 'apply',
  title: 'Apply',
  summary: 'Applying “Rollout”',
  source: 'apply',
  tenants: [
    { tenantId: acme, tenantName: 'Acme' },
    { tenantId: beta, tenantName: 'Beta' },
  ],
  context: {},
};
const step = (tenantId: string, stepId: string, phase: 'start' | 'done' | 'failed', more: Partial<JournalRecord> = {}) =>
  ({
    type: 'step',
    at,
    tenantId,
    stepId,
    phase,
    action: 'config.create',
    object: { kind: 'config', id: null, name: 'GPT' },
    ...more,
  }) as JournalRecord;

describe('a journal replayed', () => {
  it('is nothing without its begin, and finished only once its end is written', () => {
    expect(replayJournal([step(acme, 's1', 'start')])).toBeNull();
    expect(replayJournal([begin])!.finished).toBe(false);
    expect(replayJournal([begin, { type: 'end', at }])!.finished).toBe(true);
    const fresh = replayJournal([begin])!.tenants.get(beta)!;
    expect(fresh).toEqual({ tenantId: beta, tenantName: 'Beta', steps: [], notes: {}, lastStep: 'not started', ended: null });
  });

  it('keeps each tenant’s steps, notes and last step its own, and ignores a tenant the operation did not begin with', () => {
    const state = replayJournal([
      begin,
      step(acme, 's1', 'start', { step: 'config', key: 'gpt-4o', undo: { kind: 'delete-config', name: 'GPT' } }),
      step(beta, 's2', 'start', { object: { kind: 'credential', id: null, name: null }, action: 'credential.create' }),
      { type: 'note', at, tenantId: acme, key: 'draftRevision', value: 3 },
      { type: 'note', at, tenantId: acme, key: 'draftRevision', value: 4 },
      step('tenant-stranger', 's9', 'start'),
      step(acme, 's1', 'done', { object: { kind: 'config', id: 'cfg-1', name: 'GPT' } }),
    ])!;
    const a = state.tenants.get(acme)!;
    expect(a.notes).toEqual({ draftRevision: 4 });
    expect(a.lastStep).toBe('config “GPT”: done');
    expect(a.steps).toEqual([
      {
        stepId: 's1',
        action: 'config.create',
        object: { kind: 'config', id: 'cfg-1', name: 'GPT' },
        step: 'config',
        key: 'gpt-4o',
        undo: { kind: 'delete-config', configId: 'cfg-1', name: 'GPT' },
        status: 'done',
        adopted: false,
      },
    ]);
    expect(state.tenants.get(beta)!.lastStep).toBe('credential: start');
    expect(state.tenants.get(beta)!.steps.map((s) => s.status)).toEqual(['started']);
    expect(state.tenants.has('tenant-stranger')).toBe(false);
  });

  it('takes back a create once when a retry adopted what the first attempt made', () => {
    const undo = { kind: 'delete-config' as const, name: 'GPT' };
    const t = replayJournal([
      begin,
      step(acme, 's1', 'start', { undo }),
      step(acme, 's1', 'done', { object: { kind: 'config', id: 'cfg-1', name: 'GPT' } }),
      step(acme, 's2', 'start', { undo }),
      step(acme, 's2', 'done', { object: { kind: 'config', id: 'cfg-1', name: 'GPT' }, adopted: true }),
      step(acme, 's3', 'start', { undo }),
      step(acme, 's3', 'failed', { errorCode: 'conflict' }),
    ])!.tenants.get(acme)!;
    expect(t.steps.map((s) => [s.stepId, s.status, s.adopted, s.undo?.kind ?? null])).toEqual([
      ['s1', 'done', false, 'delete-config'],
      ['s2', 'done', true, null],
      ['s3', 'failed', false, 'delete-config'],
    ]);
    expect(madeSteps(t).map((s) => s.stepId)).toEqual(['s1']);
    expect(undoableSteps(t).map((s) => s.stepId)).toEqual(['s1']);
  });

  it('takes back a credential once when a retry adopted what the first attempt made', () => {
    const credential = { action: 'credential.create', object: { kind: 'credential', id: 'cred-1', name: 'Team' } } as const;
    const undo = { kind: 'delete-credential' as const, name: 'Team' };
    const t = replayJournal([
      begin,
      step(acme, 's1', 'start', { ...credential, undo }),
      step(acme, 's1', 'done', credential),
      step(acme, 's2', 'start', { ...credential, undo }),
      step(acme, 's2', 'done', { ...credential, adopted: true }),
    ])!.tenants.get(acme)!;
    expect(undoableSteps(t).map((s) => [s.stepId, s.undo])).toEqual([
      ['s1', { kind: 'delete-credential', credentialId: 'cred-1', name: 'Team' }],
    ]);
  });

  it('keeps the undo of a config whose id is also a credential’s made before (a tenant that numbers each list from 1)', () => {
    const t = replayJournal([
      begin,
      step(acme, 's1', 'start', { action: 'credential.create', undo: { kind: 'delete-credential', name: 'Team' } }),
      step(acme, 's1', 'done', { action: 'credential.create', object: { kind: 'credential', id: '7', name: 'Team' } }),
      step(acme, 's2', 'start', { undo: { kind: 'delete-config', name: 'GPT' } }),
      step(acme, 's2', 'done', { object: { kind: 'config', id: '7', name: 'GPT' } }),
    ])!.tenants.get(acme)!;
    expect(undoableSteps(t).map((s) => s.undo?.kind)).toEqual(['delete-credential', 'delete-config']);
  });

  it('marks a step taken back by a roll back, and a tenant ended until a step takes it up again', () => {
    const records: JournalRecord[] = [
      begin,
      step(acme, 's1', 'start', { undo: { kind: 'delete-config', name: 'GPT' } }),
      step(acme, 's1', 'done', { object: { kind: 'config', id: 'cfg-1', name: 'GPT' } }),
      { type: 'tenant-end', at, tenantId: acme, outcome: 'failed' },
    ];
    expect(replayJournal(records)!.tenants.get(acme)!.ended).toBe('failed');
    const rolledBack = replayJournal([
      ...records,
      step(acme, 'u1', 'start', { action: 'config.delete', undoes: 's1', undo: null }),
      step(acme, 'u1', 'done', { action: 'config.delete', object: { kind: 'config', id: 'cfg-1', name: 'GPT' } }),
    ])!.tenants.get(acme)!;
    expect(rolledBack.ended).toBeNull();
    expect(rolledBack.steps.map((s) => [s.stepId, s.status, s.undoes ?? null])).toEqual([
      ['s1', 'undone', null],
      ['u1', 'done', 's1'],
    ]);
    expect(madeSteps(rolledBack)).toEqual([]);
    expect(undoableSteps(rolledBack)).toEqual([]);
  });

  it('looks for a create that never said how it ended by its fingerprint, and takes back a credential only once its id is known', () => {
    const fingerprint = { kind: 'config' as const, name: 'GPT', modelName: 'gpt-4o', credentialId: 'c1', isEmbedding: false };
    const t = replayJournal([
      begin,
      step(acme, 's1', 'start', { fingerprint, undo: { kind: 'delete-config', name: 'GPT' } }),
      step(acme, 's2', 'start', { action: 'credential.create', undo: { kind: 'delete-credential', name: 'Team' } }),
      step(acme, 's3', 'start', { action: 'preference.set', undo: { kind: 'put-preference', previous: {}, set: { llm: 'x' } } }),
    ])!.tenants.get(acme)!;
    expect(unsureSteps(t).map((s) => s.stepId)).toEqual(['s1']);
    expect(t.steps[0]!.fingerprint).toEqual(fingerprint);
    // Neither create has an id to delete by yet; the defaults' undo checks before it writes, so it is taken back.
    expect(undoableSteps(t).map((s) => s.stepId)).toEqual(['s3']);
    expect(madeSteps(t)).toEqual([]);
  });
});
