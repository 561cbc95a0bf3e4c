// Composes the main-process services into the contract's handlers. Plain Node: the Electron shell
// and the web harness both call this with their own adapters.
import pLimit from 'p-limit';
import { ApplyService } from './apply/apply-service';
import { RotationService } from './rotation/rotation-service';
import { DraftStore } from './drafts/draft-store';
import { makeDraftFromCredential } from './drafts/make-draft';
import { testTenantConnection } from './alation/connection-test';
import { globalRequestCapSetting } from './alation/request-cap';
import { AuditLog } from './audit/audit-log';
import type { EventSink } from './ipc/events';
import type { Handlers } from './ipc/handlers';
import { CancellableOperations } from './ipc/operations';
import { InventoryService } from './inventory/inventory-service';
import { connectionTestsJob } from './jobs/connection-tests';
import { JobRunner } from './jobs/job-runner';
import type { Logger, SecretRedactor } from './log/logger';
import { ConnectionHistory } from './profiles/connection-history';
import { TenantClients } from './profiles/tenant-clients';
import { TenantProfiles } from './profiles/tenant-profiles';
import { CredentialExpiries } from './expiries/credential-expiries';
import { followTenantChanges } from './expiries/follow-changes';
import { ExpiryReminders, type Notify } from './rotation/expiry-reminders';
import type { SecretStore } from './secrets/secret-store';
import { BrowserSignIns } from './signin/sign-ins';
import { ProviderSetup } from './setup/provider-setup';
import { TenantChanges, TenantOperations } from './tenant-ops';
import type { DocumentFiles } from './storage/document-file';
import type { JobView } from '../src-shared/jobs';

/** Requests in flight across all tenants at once, on top of each tenant's own cap (a setting: see request-cap.ts). */
export { defaultGlobalRequestCap } from './alation/request-cap';

/** On quit, how long running work may take to wind down before the connections are closed under it. */
const disposeWaitMs = 5_000;

export interface ServiceDeps {
  shell: 'electron' | 'web-harness' | 'command-line';
  appName: string;
  appVersion: string;
  dataDir: string;
  secrets: SecretStore;
  files: DocumentFiles;
  log: Logger;
  redactor: SecretRedactor;
  events: EventSink;
  /** Opens an https link in the OS browser; answers false when this shell cannot. */
  openExternal(url: string): Promise<boolean>;
  /**
   * Opens a browser sign-in's authorization URL (https, or http on loopback for a local tenant) in
   * the system browser. Absent where the shell has none (the web harness: the page opens it).
   */
  openSignInPage?(url: string): Promise<boolean>;
  /** How long a browser sign-in waits for the browser to come back (tests shorten it). */
  signInTimeoutMs?: number;
  /** Shows an OS notification (an expiry reminder); absent, or answers false, where the shell has none. */
  notify?: Notify;
  globalRequestCap?: number;
}

export interface Services {
  handlers: Handlers;
  /** The events that describe the present: sent to a page whose event stream just (re)connected. */
  snapshot(): { name: 'job.updated'; payload: JobView }[];
  /** On quit: cancels running jobs and waits for them, then closes every tenant's connections. */
  dispose(): Promise<void>;
}

export function createServices(deps: ServiceDeps): Services {
  const profiles = new TenantProfiles(deps);
  const globalLimit = pLimit(deps.globalRequestCap ?? globalRequestCapSetting(process.env, deps.log));
  const clients = new TenantClients(profiles, { redactor: deps.redactor, log: deps.log, globalLimit });
  const operations = new CancellableOperations();
  const jobs = new JobRunner({ events: deps.events, log: deps.log });
  // Every change made on a tenant is recorded here: setup, inventory and apply are all given it.
  const auditLog = new AuditLog({ dataDir: deps.dataDir, redactor: deps.redactor, profiles, events: deps.events, log: deps.log });
  // Every change on a tenant is an operation: journaled, audited, undoable, offered again after a crash.
  const changes = new TenantChanges(deps.log);
  const tenantOps = new TenantOperations({ dataDir: deps.dataDir, audit: auditLog, jobs, clients, profiles, changes, log: deps.log });
  const withClient: TenantClients['withClient'] = (id, work) => clients.withClient(id, work);
  const logging = { log: deps.log, redactor: deps.redactor };
  const setup = new ProviderSetup({ withClient, log: deps.log, redactor: deps.redactor, audit: auditLog, operations: tenantOps });
  const history = new ConnectionHistory(deps);
  const expiries = new CredentialExpiries({ files: deps.files, log: deps.log, events: deps.events });
  const inventory = new InventoryService({ profiles, clients, jobs, events: deps.events, files: deps.files, log: deps.log, operations: tenantOps, audit: auditLog, expiries });
  const drafts = new DraftStore(deps);
  const apply = new ApplyService({ profiles, clients, jobs, drafts, operations: tenantOps, dataDir: deps.dataDir, ...logging });
  // After any operation: the expiries follow its creates, deletes and successors, and the inventory
  // reads the tenants it touched again, in place, as one job.
  let disposing = false;
  changes.subscribe((batch) => followTenantChanges(expiries, batch));
  changes.subscribe((batch) => {
    const known = new Set(profiles.ids());
    const ids = [...new Set(batch.map((c) => c.tenantId))].filter((id) => known.has(id));
    if (!disposing && ids.length > 0) inventory.refresh(ids);
  });
  // The inventory and the expiries follow a rotation through the tenant-changed signal, as every operation.
  const rotation = new RotationService({ profiles, clients, jobs, operations: tenantOps, log: deps.log, redactor: deps.redactor });
  const reminders = new ExpiryReminders({
    expiries,
    bearerTokens: () => profiles.bearerExpiries(),
    tenantName: (id) => (profiles.ids().includes(id) ? profiles.get(id).name : undefined),
    ...(deps.notify ? { notify: deps.notify } : {}),
    events: deps.events,
    log: deps.log,
  });
  reminders.start();
  const signIns = new BrowserSignIns({
    profiles,
    clients,
    events: deps.events,
    log: deps.log,
    openBrowser: deps.openSignInPage ?? (async () => false),
    ...(deps.signInTimeoutMs !== undefined ? { timeoutMs: deps.signInTimeoutMs } : {}),
  });
  const notices = [...profiles.notices, ...history.notices, ...drafts.notices, ...expiries.notices].map(({ kind, message }) => ({ kind, message }));

  const handlers: Handlers = {
    getAppInfo: async () => ({
      name: deps.appName,
      version: deps.appVersion,
      platform: process.platform,
      dataDir: deps.dataDir,
      shell: deps.shell,
      keychain: await deps.secrets.status(),
    }),
    checkKeychain: () => deps.secrets.status(),
    openExternalLink: async ({ url }) => {
      deps.log.info('shell.open_external', { host: new URL(url).host });
      return { opened: await deps.openExternal(url) };
    },

    listTenantProfiles: async () => ({ profiles: await profiles.list(), notices }),
    createTenantProfile: (input) => profiles.create(input),
    updateTenantProfile: async ({ id, profile }) => {
      const { view, connectionChanged } = await profiles.update(id, profile);
      // A new name, environment or labels keeps the client and its token.
      if (connectionChanged) clients.settle(id);
      return view;
    },
    deleteTenantProfile: async ({ id }) => {
      const removed = await profiles.remove(id);
      await signIns.forgetTenant(id);
      clients.forget(id);
      inventory.forget(id);
      history.forget(id);
      expiries.forgetTenant(id);
      return removed;
    },
    testTenantConnection: (input) =>
      operations.run(input.operationId, async (signal) => {
        const common = { redactor: deps.redactor, log: deps.log, globalLimit, ...(signal ? { signal } : {}) };
        const savedId = 'draft' in input ? undefined : input.id;
        const draft = 'draft' in input ? await profiles.draftConnection(input.draft, input.id) : undefined;
        if (draft?.kind === 'draft') {
          // Unsaved values get a client of their own, closed after the test.
          const report = await testTenantConnection({ ...draft.target, ...common });
          // The test's token replaced the saved profile's at the tenant (one per OAuth client).
          if (draft.supersedes) clients.dropToken(draft.supersedes);
          return report;
        }
        const profile = profiles.get(savedId ?? draft!.id);
        return clients.withClient(profile.id, (client) =>
          testTenantConnection({ baseUrl: profile.baseUrl, ...(profile.caPem ? { caPem: profile.caPem } : {}), client, ...common }),
        );
      }),
    startBrowserSignIn: ({ id, operationId }) => signIns.start(id, operationId),
    cancelBrowserSignIn: async ({ operationId }) => ({ cancelled: await signIns.cancel(operationId) }),
    cancelOperation: ({ operationId }) => ({ cancelled: operations.cancel(operationId) }),

    startProviderSetup: (input) => setup.start(input),
    validateSetupModel: (input) => setup.validateModel(input),
    createSetupConfig: (input) => setup.createConfig(input),
    describeSetupCancel: ({ runId }) => setup.describeCancel(runId),
    cancelProviderSetup: (input) => setup.cancel(input),
    finishProviderSetup: ({ runId }) => {
      setup.finish(runId);
      return { finished: true };
    },
    listTenantConfigs: ({ tenantId }) => setup.listConfigs(tenantId),

    listJobs: () => jobs.list(),
    cancelJob: ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    startConnectionTests: async ({ tenantIds }) => {
      for (const id of tenantIds) profiles.get(id);
      return jobs.start(connectionTestsJob({ profiles, clients, history }, [...new Set(tenantIds)]));
    },
    listConnectionTests: () => history.all(),

    getInventory: ({ tenantIds }) => inventory.list(tenantIds),
    startInventoryRefresh: async ({ tenantIds }) => inventory.refresh(tenantIds),
    startHealthSweep: async ({ tenantIds }) => inventory.sweep(tenantIds),
    startInventoryDeletion: async ({ items, confirmations, agents }) => inventory.deleteItems(items, confirmations, agents),
    setTenantPreference: (change) => inventory.setPreference(change),
    setFeatureOverride: (change) => inventory.setOverride(change),
    clearFeatureOverride: (change) => inventory.clearOverride(change),

    listAuditEntries: (filter) => auditLog.list(filter),

    listDrafts: () => drafts.list(),
    saveDraft: (input) => drafts.save(input),
    duplicateDraft: ({ id }) => drafts.duplicate(id),
    deleteDraft: ({ id }) => drafts.remove(id),
    exportDraft: ({ id }) => drafts.exportFile(id),
    importDraft: ({ text, secrets }) => drafts.importFile(text, secrets),
    makeDraftFromCredential: (input) => makeDraftFromCredential({ profiles, clients, inventory, drafts }, input),
    startPlan: (input) => apply.startPlan(input),
    startApply: (input) => apply.startApply(input),
    listUnfinishedOperations: () => tenantOps.unfinished(),
    resumeOperation: (input) => tenantOps.resume(input),
    rollBackOperation: (input) => tenantOps.rollBack(input),
    startRotation: async (input) => rotation.start(input),

    listCredentialExpiries: () => expiries.view(),
    setCredentialExpiry: async ({ tenantId, credentialId, credentialName, expiresAt }) => {
      profiles.get(tenantId);
      expiries.set({ tenantId, credentialId }, expiresAt, { credentialName, source: 'user' });
      return expiries.view();
    },
    setReminderLeadHours: async ({ hours }) => {
      expiries.setLeadHours(hours);
      return expiries.view();
    },
  };

  return {
    handlers,
    snapshot: () => jobs.list().map((payload) => ({ name: 'job.updated' as const, payload })),
    async dispose() {
      disposing = true;
      tenantOps.prepareQuit();
      reminders.dispose();
      await signIns.dispose();
      // Bounded: a keychain waiting for an unlock must not hold the quit for minutes.
      await Promise.race([Promise.all([jobs.cancelAll(), setup.dispose()]), new Promise((resolve) => setTimeout(resolve, disposeWaitMs))]);
      await clients.closeAll();
    },
  };
}
