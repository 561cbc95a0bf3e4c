// The real main-process services in plain Node, for integration tests and benchmarks: a data
// folder of their own, a keychain service given by the caller, and every event they send, kept.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventHub, type EventHub } from '../../src-main/ipc/events';
import { SecretRedactor } from '../../src-main/log/logger';
import type { SecretStore } from '../../src-main/secrets/secret-store';
import type { TenantClientOptions } from '../../src-main/profiles/tenant-clients';
import { createServices, type Services } from '../../src-main/services';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import type { AuditEntry } from '../../src-shared/audit';
import type { InventoryChanged } from '../../src-shared/inventory';
import type { JobView } from '../../src-shared/jobs';
import type { FakeTenant } from '../fake-tenant/server';
import { memoryLogger } from './memory-logger';

export interface TestServices {
  services: Services;
  events: EventHub;
  handlers: Services['handlers'];
  dataDir: string;
  /** Every `job.updated`, `inventory.changed` and `audit.appended` sent, in order. */
  seen: { jobs: JobView[]; changes: InventoryChanged[]; audits: AuditEntry[] };
}

export function startServices(
  secrets: SecretStore,
  options: { dataDir?: string; globalRequestCap?: number; clientOptions?: TenantClientOptions } = {},
): TestServices {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'byom-services-'));
  const log = memoryLogger();
  const events = createEventHub(log);
  const seen = { jobs: [] as JobView[], changes: [] as InventoryChanged[], audits: [] as AuditEntry[] };
  events.subscribe((name, payload) => {
    if (name === 'job.updated') seen.jobs.push(payload as JobView);
    else if (name === 'inventory.changed') seen.changes.push(payload as InventoryChanged);
    else if (name === 'audit.appended') seen.audits.push(payload as AuditEntry);
  });
  const services = createServices({
    shell: 'web-harness',
    appName: 'BYOM Desk',
    appVersion: 'test',
    dataDir,
    secrets,
    files: confDocumentFiles(dataDir),
    log,
    redactor: new SecretRedactor(),
    events,
    openExternal: async () => false,
    ...(options.globalRequestCap ? { globalRequestCap: options.globalRequestCap } : {}),
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
  });
  return { services, events, handlers: services.handlers, dataDir, seen };
}

/** A tenant profile for a fake tenant (or any loopback address), with an API access token. */
export function addApiTokenProfile(
  handlers: Services['handlers'],
  name: string,
  tenant: Pick<FakeTenant, 'baseUrl' | 'apiAccessToken'>,
  environment = 'staging',
) {
  return handlers.createTenantProfile({
    name,
    baseUrl: tenant.baseUrl,
    environment: { label: environment, color: environment === 'production' ? '#cf222e' : '#bf8700' },
    labels: [],
    auth: { method: 'apiToken', apiToken: tenant.apiAccessToken },
  });
}
