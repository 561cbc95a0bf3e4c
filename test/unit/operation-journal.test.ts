// An operation's journal read back after a crash: per tenant what was made (ids, each with its undo
// complete), what was under way (a create that may have landed, with its fingerprint), what a roll
// back took back; a last line torn by the crash is skipped and the journal goes on. An apply journal
// from an earlier version is moved into the operations folder, once, and offered like any other.
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateLegacyApplies } from '../../src-main/apply/legacy-journal';
import { madeSteps, OperationJournals, undoableSteps, unsureSteps, type StepRecord } from '../../src-main/tenant-ops/journal';
import { TenantOperations } from '../../src-main/tenant-ops/operations';
import { TenantChanges } from '../../src-main/tenant-ops/tenant-changes';
import { JobRunner } from '../../src-main/jobs/job-runner';
import { memoryLogger } from '../support/memory-logger';

const operationId = '5b1f0a56-7c1e-4a51-9d35-0a4e8f3c2b10';
const t1 = 'ab0f0a56-7c1e-4a51-9d35-0a4e8f3c2b11';

function journalIn(dir: string) {
  const journal = new OperationJournals(dir).open(operationId);
  journal.append({
    type: 'begin',
    operationId,
    kind: 'apply',
    title: 'Apply',
    summary: 'Applying “Rollout”',
    source: 'apply',
    tenants: [{ tenantId: t1, tenantName: 'Acme' }],
    context: {},
  });
  return journal;
}

type Step = Omit<StepRecord, 'type' | 'at' | 'tenantId' | 'stepId' | 'phase'>;
const step = (stepId: string, phase: StepRecord['phase'], extra: Step): Omit<StepRecord, 'at'> => ({
  type: 'step',
  tenantId: t1,
  stepId,
  phase,
  ...extra,
});
const credential: Step = { action: 'credential.create', object: { kind: 'credential', id: null, name: 'Team' } };
const config = (name: string): Step => ({ action: 'config.create', object: { kind: 'config', id: null, name } });

describe('the operation journal', () => {
  it('tells what was made, with its undo complete, and what may have landed; a torn last line is skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-journal-'));
    const journal = journalIn(dir);
    journal.append(step('a', 'start', { ...credential, undo: { kind: 'delete-credential', name: 'Team' } }));
    journal.append(step('a', 'done', { ...credential, object: { kind: 'credential', id: 'cred-1', name: 'Team' } }));
    journal.append(
      step('b', 'start', {
        ...config('GPT-4o'),
        undo: { kind: 'delete-config', name: 'GPT-4o' },
        fingerprint: { kind: 'config', name: 'GPT-4o', modelName: 'gpt-4o', credentialId: 'cred-1', isEmbedding: false },
      }),
    );
    journal.append(step('c', 'start', { ...config('O3'), undo: { kind: 'delete-config', name: 'O3' } }));
    journal.append(step('c', 'failed', { ...config('O3'), errorCode: 'validation' }));
    // The crash cut the next line in half.
    appendFileSync(join(dir, `${operationId}.jsonl`), '{"type":"step","at":"2026-12-01T09:00:00.000Z","tenantId":"');

    const [found] = new OperationJournals(dir).unfinished();
    const tenant = found!.state.tenants.get(t1)!;
    expect(madeSteps(tenant).map((s) => s.undo)).toEqual([{ kind: 'delete-credential', credentialId: 'cred-1', name: 'Team' }]);
    expect(unsureSteps(tenant).map((s) => s.object.name)).toEqual(['GPT-4o']);
    // A create under way has no id for its undo yet: a roll back looks for it first.
    expect(undoableSteps(tenant).map((s) => s.stepId)).toEqual(['a']);
    expect(tenant.lastStep).toBe('config “O3”: failed');

    // Appending after the torn line starts a line of its own; an undo step takes its step back.
    const again = new OperationJournals(dir).open(operationId);
    again.append(step('b', 'done', { ...config('GPT-4o'), object: { kind: 'config', id: 'cfg-1', name: 'GPT-4o' }, adopted: true }));
    again.append(
      step('u', 'start', { action: 'config.delete', object: { kind: 'config', id: 'cfg-1', name: 'GPT-4o' }, undo: null, undoes: 'b' }),
    );
    again.append(step('u', 'done', { action: 'config.delete', object: { kind: 'config', id: 'cfg-1', name: 'GPT-4o' } }));
    const state = again.state()!.tenants.get(t1)!;
    expect(madeSteps(state).map((s) => s.object.id)).toEqual(['cred-1']);
    again.append({ type: 'tenant-end', tenantId: t1, outcome: 'rolled-back' });
    again.append({ type: 'end' });
    expect(new OperationJournals(dir).unfinished()).toEqual([]);
  });

  it('gives a create that found what an earlier step made no undo of its own: it is taken back once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-journal-'));
    const journal = journalIn(dir);
    for (const id of ['x', 'y']) {
      journal.append(step(id, 'start', { ...config('GPT-4o'), undo: { kind: 'delete-config', name: 'GPT-4o' } }));
      journal.append(
        step(id, 'done', {
          ...config('GPT-4o'),
          object: { kind: 'config', id: 'cfg-1', name: 'GPT-4o' },
          ...(id === 'y' ? { adopted: true } : {}),
        }),
      );
    }
    expect(undoableSteps(journal.state()!.tenants.get(t1)!).map((s) => s.stepId)).toEqual(['x']);
  });

  it('reads back after a restart each tenant’s notes, and a step on an object whose name is longer than the audit log keeps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-journal-'));
    const journal = journalIn(dir);
    journal.append({ type: 'note', tenantId: t1, key: 'draftRevision', value: 4 });
    const longName = 'A config named at length '.repeat(30);
    journal.append(step('a', 'start', { ...config(longName), undo: { kind: 'delete-config', name: null } }));
    const tenant = new OperationJournals(dir).open(operationId).state()!.tenants.get(t1)!;
    expect(tenant.notes).toEqual({ draftRevision: 4 });
    expect(tenant.steps.map((s) => s.object.name)).toEqual([longName]);
  });

  it('has nothing unfinished on a first start, before the operations folder exists', () => {
    expect(new OperationJournals(join(mkdtempSync(join(tmpdir(), 'byom-journal-')), 'operations')).unfinished()).toEqual([]);
  });

  it('offers the unfinished operations oldest first, whatever their ids', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-journal-'));
    const begun = (id: string, at: string) =>
      new OperationJournals(dir).open(id).append(
        {
          type: 'begin',
          operationId: id,
          kind: 'apply',
          title: 'Apply',
          summary: `Applying at ${at}`,
          source: 'apply',
          tenants: [{ tenantId: t1, tenantName: 'Acme' }],
          context: {},
        },
        new Date(at),
      );
    begun('f0000000-0000-4000-8000-000000000001', '2026-12-01T09:00:00.000Z');
    begun('a0000000-0000-4000-8000-000000000002', '2026-12-01T10:00:00.000Z');
    expect(new OperationJournals(dir).unfinished().map((u) => u.state.begin.summary)).toEqual([
      'Applying at 2026-12-01T09:00:00.000Z',
      'Applying at 2026-12-01T10:00:00.000Z',
    ]);
  });

  it('replays a roll back step whose step it cannot read (a line a newer version wrote), taking back nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-journal-'));
    const journal = journalIn(dir);
    journal.append(step('a', 'start', { ...credential, undo: { kind: 'delete-credential', name: 'Team' } }));
    journal.append(step('a', 'done', { ...credential, object: { kind: 'credential', id: 'cred-1', name: 'Team' } }));
    const fromNewer = { type: 'step', at: '2026-12-01T09:00:00.000Z', tenantId: t1, stepId: 'n', phase: 'start', action: 'config.clone' };
    appendFileSync(
      join(dir, `${operationId}.jsonl`),
      `${JSON.stringify({ ...fromNewer, object: { kind: 'config', id: 'cfg-9', name: 'X' } })}\n`,
    );
    const undoOfNewer = { action: 'config.delete', object: { kind: 'config', id: 'cfg-9', name: 'X' } } as const;
    journal.append(step('u', 'start', { ...undoOfNewer, undo: null, undoes: 'n' }));
    journal.append(step('u', 'done', undoOfNewer));
    const tenant = new OperationJournals(dir).unfinished()[0]!.state.tenants.get(t1)!;
    expect(tenant.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['a', 'done'],
      ['u', 'done'],
    ]);
    expect(madeSteps(tenant).map((s) => s.object.id)).toEqual(['cred-1']);
  });

  it('moves an unfinished apply journal of an earlier version into the operations folder, once, and offers it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'byom-legacy-'));
    mkdirSync(join(dataDir, 'applies'));
    const at = '2026-12-01T09:00:00.000Z';
    const legacy = [
      {
        type: 'begin',
        at,
        applyId: operationId,
        planId: 'p',
        draftId: '8e6c1c3e-2f7a-4c39-9d5b-0b5b7d2a9f44',
        draftTitle: 'Rollout',
        draftRevision: 3,
        keepFailed: false,
        tenants: [{ tenantId: t1, tenantName: 'Acme', credentialName: 'Team', knownCredentialIds: ['old'], adoptedCredentialId: null }],
      },
      { type: 'step', at, tenantId: t1, step: 'credential', phase: 'start', name: 'Team' },
      { type: 'step', at, tenantId: t1, step: 'credential', phase: 'done', name: 'Team', objectId: 'cred-1' },
      { type: 'step', at, tenantId: t1, step: 'config', phase: 'start', key: 'gpt-4o', name: 'GPT-4o' },
      {
        type: 'step',
        at,
        tenantId: t1,
        step: 'defaults',
        phase: 'start',
        previous: { llm: null, embedding: null },
        next: { llm: 'cfg-1', embedding: null },
      },
    ];
    writeFileSync(join(dataDir, 'applies', `${operationId}.jsonl`), `${legacy.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const log = memoryLogger();
    const operations = new TenantOperations({
      dataDir,
      audit: { record: () => undefined },
      jobs: new JobRunner({ events: { emit: () => undefined }, log }),
      clients: { withClient: () => Promise.reject(new Error('no tenant here')) },
      profiles: { get: () => ({ name: 'Acme', environment: { label: 'staging' } }) as never, needsTypedName: () => false },
      changes: new TenantChanges(),
      log,
    });
    expect(migrateLegacyApplies(join(dataDir, 'applies'), operations, log)).toBe(1);
    expect(existsSync(join(dataDir, 'applies', `${operationId}.jsonl.migrated`))).toBe(true);
    expect(migrateLegacyApplies(join(dataDir, 'applies'), operations, log)).toBe(0);
    const [offered] = operations.unfinished();
    expect(offered).toMatchObject({
      id: operationId,
      kind: 'apply',
      summary: 'Applying “Rollout”',
      tenants: [{ tenantName: 'Acme', made: ['credential “Team”'], unsure: true }],
    });
    const tenant = new OperationJournals(join(dataDir, 'operations')).open(operationId).state()!.tenants.get(t1)!;
    // The defaults' undo, and the config under way with the credential its fingerprint names.
    expect(undoableSteps(tenant).map((s) => s.undo)).toEqual([
      { kind: 'delete-credential', credentialId: 'cred-1', name: 'Team' },
      { kind: 'put-preference', previous: { llm: null, embedding: null }, set: { llm: 'cfg-1', embedding: null } },
    ]);
    expect(unsureSteps(tenant)[0]!.fingerprint).toEqual({ kind: 'config', name: 'GPT-4o', modelName: 'gpt-4o', credentialId: 'cred-1' });
  });
});
