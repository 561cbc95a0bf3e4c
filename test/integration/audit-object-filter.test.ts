// One object's history from the audit log: the inventory's details panel asks for the entries that
// name a config or credential by id on one tenant (ids are per tenant), newest first.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, type AuditProfiles } from '../../src-main/audit/audit-log';
import { SecretRedactor } from '../../src-main/log/logger';
import { memoryLogger } from '../support/memory-logger';

const acme = { id: randomUUID(), name: 'Acme', environment: { label: 'production' } };
const beta = { id: randomUUID(), name: 'Beta', environment: { label: 'staging' } };
const profiles: AuditProfiles = {
  get(id) {
    const found = [acme, beta].find((p) => p.id === id);
    if (!found) throw new Error('no such profile');
    return found;
  },
};

describe('the audit log filtered by object id', () => {
  it("lists only the entries naming that object on that tenant, newest first, an agent's re-point included", () => {
    let clock = Date.parse('2025-03-01T10:00:00.000Z');
    const log = new AuditLog({
      dataDir: mkdtempSync(join(tmpdir(), 'byom-audit-obj-')),
      redactor: new SecretRedactor(),
      profiles,
      log: memoryLogger(),
      now: () => new Date(clock++),
    });
    const config = (tenantId: string, id: string, action: 'config.create' | 'config.update') =>
      log.record({ tenantId, action, objects: [{ kind: 'config', id, name: `Config ${id}` }], outcome: 'ok', source: 'inventory' });
    config(acme.id, '7', 'config.create');
    config(acme.id, '8', 'config.create');
    config(beta.id, '7', 'config.create');
    log.record({
      tenantId: acme.id,
      action: 'agent.repoint',
      objects: [
        { kind: 'agent', id: 'a1', name: 'Helper' },
        { kind: 'config', id: '8', name: 'Config 8' },
        { kind: 'config', id: '7', name: 'Config 7' },
      ],
      outcome: 'ok',
      source: 'rotation',
    });
    config(acme.id, '7', 'config.update');

    const history = log.list({ tenantIds: [acme.id], objectIds: ['7'] }).entries.map((e) => e.action);
    expect(history).toEqual(['config.update', 'agent.repoint', 'config.create']);
    expect(log.list({ objectIds: ['7'] }).total).toBe(4);
    expect(log.list({ objectIds: ['nothing-has-this-id'] }).total).toBe(0);
  });
});
