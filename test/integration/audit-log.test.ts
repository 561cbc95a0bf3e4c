// The audit log on a real disk: each entry fsynced before `record` returns, a torn last line from a
// crash skipped (and said) while the next entry still reads, no secret ever in the file (a canary
// through a failing setup against a fake tenant), the filters, and a disk that refuses.
import { randomUUID } from 'node:crypto';
import { appendFileSync, fsyncSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAlationClient } from '../../src-main/alation/client';
import { AuditLog, type AuditProfiles } from '../../src-main/audit/audit-log';
import { SecretRedactor } from '../../src-main/log/logger';
import { ProviderSetup } from '../../src-main/setup/provider-setup';
import type { AuditEntry, AuditEntryInput } from '../../src-shared/audit';
import { startFakeTenant } from '../fake-tenant/server';
import { memoryLogger } from '../support/memory-logger';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return { ...fs, fsyncSync: vi.fn(fs.fsyncSync) };
});

const acme = { id: randomUUID(), name: 'Acme', environment: { label: 'production' } };
const beta = { id: randomUUID(), name: 'Beta', environment: { label: 'staging' } };
const profiles: AuditProfiles = {
  get(id) {
    const found = [acme, beta].find((p) => p.id === id);
    if (!found) throw new Error('no such profile');
    return found;
  },
};

let dataDir: string;
let redactor: SecretRedactor;
let clock: number;

function openLog(options: { events?: AuditEntry[] } = {}) {
  const events = options.events;
  return new AuditLog({
    dataDir,
    redactor,
    profiles,
    log: memoryLogger(),
    now: () => new Date(clock),
    ...(events ? { events: { emit: (_name, payload) => void events.push(payload as AuditEntry) } } : {}),
  });
}

const created = (tenantId: string, name: string): AuditEntryInput => ({
  tenantId,
  action: 'config.create',
  objects: [{ kind: 'config', id: `cfg-${name}`, name }],
  outcome: 'ok',
  source: 'setup',
});

const fileLines = () => readFileSync(join(dataDir, 'audit-log.jsonl'), 'utf8').split('\n');

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'byom-audit-'));
  redactor = new SecretRedactor();
  clock = Date.parse('2025-03-01T10:00:00.000Z');
});

describe('the audit log', () => {
  it('appends each entry as one JSON line, fsynced before record returns, with the tenant named and an event sent', () => {
    const events: AuditEntry[] = [];
    const log = openLog({ events });
    const syncs = vi.mocked(fsyncSync).mock.calls.length;
    const entry = log.record(created(acme.id, 'GPT-4o'));
    expect(vi.mocked(fsyncSync).mock.calls.length).toBe(syncs + 1);
    // On disk already when record returned.
    expect(JSON.parse(fileLines()[0]!)).toEqual(entry);
    expect(entry).toMatchObject({
      tenantId: acme.id,
      tenantName: 'Acme',
      environment: 'production',
      at: '2025-03-01T10:00:00.000Z',
      outcome: 'ok',
    });
    expect(events).toEqual([entry]);
    expect(log.list()).toEqual({ entries: [entry], total: 1, skippedLines: [] });
  });

  it('names a removed tenant by its id, and leaves out an entry with a field it does not know (logged, said, never thrown)', () => {
    const logger = memoryLogger();
    const log = new AuditLog({ dataDir, redactor, profiles, log: logger });
    const gone = randomUUID();
    expect(log.record(created(gone, 'x'))).toMatchObject({ tenantId: gone, tenantName: gone, environment: '' });
    expect(log.record({ ...created(acme.id, 'x'), body: { api_key: 'sk-1' } } as AuditEntryInput)).toBeUndefined();
    expect(readFileSync(log.path, 'utf8')).not.toContain('sk-1');
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'error', event: 'audit.entry_refused' }));
    expect(log.list().unwritten).toMatchObject({ count: 1, message: expect.stringMatching(/did not have the expected fields/) });
  });

  it('skips a torn last line from a crash, says so, and the next entry still reads', () => {
    const first = openLog();
    first.record(created(acme.id, 'one'));
    first.record(created(acme.id, 'two'));
    // A crash in the middle of the third write: half a line, no newline.
    const whole = JSON.stringify({
      ...first.list().entries[0],
      id: randomUUID(),
      objects: [{ kind: 'config', id: 'cfg-three', name: 'three' }],
    });
    appendFileSync(join(dataDir, 'audit-log.jsonl'), whole.slice(0, whole.length / 2));

    // The next start.
    const after = openLog();
    expect(after.list()).toMatchObject({ total: 2, skippedLines: [{ line: 3, reason: 'not JSON (a write cut short)' }] });
    clock += 1000;
    after.record(created(acme.id, 'four'));
    const listed = after.list();
    expect(listed.entries.map((e) => e.objects[0]!.name)).toEqual(['four', 'two', 'one']);
    expect(listed.skippedLines).toEqual([{ line: 3, reason: 'not JSON (a write cut short)' }]);
    // And a start after that reads the same: the new entry began a line of its own.
    expect(
      openLog()
        .list()
        .entries.map((e) => e.objects[0]!.name),
    ).toEqual(['four', 'two', 'one']);
    expect(fileLines()).toHaveLength(5);
  });

  it('redacts every secret held, before a long message is cut short (so a secret on the cut is still found)', () => {
    const secret = `sk-proj-${randomUUID()}`;
    const release = redactor.hold([secret]);
    const log = openLog();
    const message = `${'x'.repeat(490)} ${secret} tail`;
    const entry = log.record({ ...created(acme.id, `named ${secret}`), outcome: 'failed', errorCode: 'validation', message });
    release();
    const text = readFileSync(log.path, 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(0, 16));
    expect(entry?.objects[0]!.name).toBe('named [redacted]');
    expect(entry?.message!.length).toBeLessThanOrEqual(500);
  });

  it('filters by tenant, action, outcome, time and words, newest first, with the total beyond the limit', () => {
    const log = openLog();
    const at = (minutes: number) => (clock = Date.parse('2025-03-01T10:00:00.000Z') + minutes * 60_000);
    at(0);
    log.record(created(acme.id, 'GPT-4o'));
    at(1);
    log.record({ ...created(beta.id, 'Claude'), outcome: 'failed', errorCode: 'server', message: 'The tenant failed (500)' });
    at(2);
    log.record({
      tenantId: acme.id,
      action: 'sweep',
      source: 'sweep',
      objects: [{ kind: 'credential', id: 'cred-1', name: 'OpenAI key' }],
      outcome: 'failed',
      errorCode: 'rejected',
    });
    at(3);
    log.record({
      tenantId: beta.id,
      action: 'preference.set',
      source: 'inventory',
      objects: [{ kind: 'preference', id: null, name: 'default LLM' }],
      outcome: 'ok',
    });

    const names = (filter: Parameters<AuditLog['list']>[0]) => log.list(filter).entries.map((e) => `${e.tenantName}:${e.action}`);
    expect(names({})).toEqual(['Beta:preference.set', 'Acme:sweep', 'Beta:config.create', 'Acme:config.create']);
    expect(names({ tenantIds: [acme.id] })).toEqual(['Acme:sweep', 'Acme:config.create']);
    expect(names({ actions: ['sweep', 'preference.set'] })).toEqual(['Beta:preference.set', 'Acme:sweep']);
    expect(names({ outcomes: ['failed'] })).toEqual(['Acme:sweep', 'Beta:config.create']);
    expect(names({ from: '2025-03-01T10:01:00.000Z', to: '2025-03-01T10:02:00.000Z' })).toEqual(['Acme:sweep', 'Beta:config.create']);
    expect(names({ from: '2025-03-01T11:01:00+01:00' })).toEqual(['Beta:preference.set', 'Acme:sweep', 'Beta:config.create']);
    expect(names({ query: 'beta 500' })).toEqual(['Beta:config.create']);
    expect(names({ query: 'openai rejected' })).toEqual(['Acme:sweep']);
    expect(log.list({ outcomes: ['ok'], limit: 1 })).toMatchObject({ total: 2, entries: [{ action: 'preference.set' }] });
    expect(() => log.list({ limit: 0 })).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('when the disk refuses: never throws, logs it, lists the entry, says where and why, and writes it once it can', () => {
    const logger = memoryLogger();
    const log = new AuditLog({ dataDir, redactor, profiles, log: logger });
    expect(log.list().entries).toEqual([]);
    // A folder where the file should be: every append is refused, as a broken disk would.
    mkdirSync(log.path);
    const kept = log.record(created(acme.id, 'x'));
    expect(kept).toMatchObject({ objects: [{ name: 'x' }] });
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'error', event: 'audit.write_failed', fields: expect.objectContaining({ code: 'EISDIR' }) }),
    );
    expect(log.list()).toMatchObject({
      entries: [kept],
      unwritten: { count: 1, message: expect.stringContaining(`could not be written to ${log.path} (EISDIR)`) },
    });
    // The disk takes writes again: the waiting entry goes first, then the new one.
    rmSync(log.path, { recursive: true });
    log.record(created(acme.id, 'y'));
    expect(log.list().unwritten).toBeUndefined();
    expect(
      openLog()
        .list()
        .entries.map((e) => e.objects[0]!.name),
    ).toEqual(['y', 'x']);
  });

  it('cuts an object name, an id, a job id and an error code that are too long, instead of refusing the entry', () => {
    const log = openLog();
    const entry = log.record({
      ...created(acme.id, 'n'.repeat(600)),
      objects: [{ kind: 'config', id: 'i'.repeat(300), name: `${'n'.repeat(498)}😀tail` }],
      outcome: 'failed',
      errorCode: 'e'.repeat(80),
      jobId: 'j'.repeat(150),
    });
    expect(entry).toMatchObject({
      objects: [{ id: `${'i'.repeat(199)}…`, name: `${'n'.repeat(498)}…` }],
      errorCode: `${'e'.repeat(59)}…`,
      jobId: `${'j'.repeat(99)}…`,
    });
    expect(openLog().list().entries).toEqual([entry]);
  });
});

describe('a failing setup in the audit log', () => {
  it('records the create, the refusal and the clean-up, and the canary key the tenant quoted back is never in the file', async () => {
    const tenant = await startFakeTenant({ builtInConfigs: false });
    // No redactor on the client: the audit log's own redaction is what is tested.
    const client = createAlationClient({ baseUrl: tenant.baseUrl, auth: { method: 'apiToken', token: tenant.apiAccessToken } });
    try {
      const canary = `sk-proj-invalid-echo-${randomUUID()}`;
      const audit = openLog();
      const setup = new ProviderSetup({ withClient: (_id, work) => work(client), log: memoryLogger(), redactor, audit });
      const outcome = await setup.start({ tenantId: acme.id, providerId: 'openai', values: { name: 'Echoing key', api_key: canary } });
      expect(outcome.status).toBe('invalid');
      // The tenant did quote it back: the audit log is what kept it out.
      expect(outcome.failure?.message).toContain(canary);
      setup.finish(outcome.runId);

      const entries = audit.list().entries.reverse();
      expect(entries.map((e) => [e.action, e.outcome])).toEqual([
        ['credential.create', 'ok'],
        ['credential.validate', 'failed'],
        ['credential.delete', 'ok'],
      ]);
      expect(entries[1]).toMatchObject({
        errorCode: 'provider-401',
        source: 'setup',
        objects: [{ kind: 'credential', name: 'Echoing key' }],
      });
      expect(entries[1]!.message).toContain('[redacted]');
      expect(readFileSync(audit.path, 'utf8')).not.toContain(canary);
      expect(tenant.state().credentials).toEqual([]);
    } finally {
      await client.close();
      await tenant.stop();
    }
  });
});
