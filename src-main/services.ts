// Composes the main-process services, and their handlers into the contract's: each domain exports
// its slice of the handlers, and this file only builds the services and joins the slices. Plain Node:
// the Electron shell, the web harness and the command line call it with their own adapters.
import pLimit from 'p-limit';
import { applyHandlers } from './apply/apply-handlers';
import { ApplyService } from './apply/apply-service';
import { rotationHandlers } from './rotation/rotation-handlers';
import { RotationService } from './rotation/rotation-service';
import { draftHandlers } from './drafts/draft-handlers';
import { DraftStore } from './drafts/draft-store';
import { globalRequestCapFromEnv } from './alation/request-cap';
import { auditHandlers } from './audit/audit-handlers';
import { AuditLog } from './audit/audit-log';
import type { EventSink } from './ipc/events';
import { composeHandlers, type Handlers } from './ipc/handlers';
import { appHandlers } from './ipc/app-handlers';
import { CancellableOperations } from './ipc/operations';
import { inventoryHandlers } from './inventory/inventory-handlers';
import { InventoryService } from './inventory/inventory-service';
import { jobHandlers } from './jobs/job-handlers';
import { JobRunner } from './jobs/job-runner';
import type { Logger, SecretRedactor } from './log/logger';
import { ConnectionHistory } from './profiles/connection-history';
import { TenantClients, type TenantClientOptions } from './profiles/tenant-clients';
import { profileHandlers } from './profiles/profile-handlers';
import { TenantProfiles } from './profiles/tenant-profiles';
import { CredentialExpiries } from './expiries/credential-expiries';
import { expiryHandlers } from './expiries/expiry-handlers';
import { followTenantChanges } from './expiries/follow-changes';
import { ExpiryReminders, type Notify } from './expiries/expiry-reminders';
import type { SecretStore } from './secrets/secret-store';
import { AppSettingsStore } from './settings/app-settings-store';
import { settingsHandlers } from './settings/settings-handlers';
import { inventorySweeps } from './sweep-schedule/inventory-sweeps';
import { ScheduledSweep, type SweepClock } from './sweep-schedule/scheduled-sweep';
import { sweepAlertHandlers } from './sweep-schedule/sweep-alert-handlers';
import { SweepScheduleStore } from './sweep-schedule/sweep-schedule-store';
import { signInHandlers } from './signin/sign-in-handlers';
import { BrowserSignIns } from './signin/sign-ins';
import { ProviderSetup } from './setup/provider-setup';
import { setupHandlers } from './setup/setup-handlers';
import { TenantChanges, TenantOperations } from './tenant-ops';
import { operationHandlers } from './tenant-ops/operation-handlers';
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
  /** Every tenant client's timeouts and retry policy; the client's defaults when absent (tests shorten them). */
  clientOptions?: TenantClientOptions;
  /** Tests only: the scheduled health sweep's clock and timers (the web harness's test clock); the system's when absent. */
  sweepClock?: SweepClock;
}

export interface Services {
  handlers: Handlers;
  /** The events that describe the present: sent to a page whose event stream just (re)connected. */
  snapshot(): { name: 'job.updated'; payload: JobView }[];
  /** On quit: cancels running jobs and waits for them, then closes every tenant's connections. */
  dispose(): Promise<void>;
}

export function createServices(deps: ServiceDeps): Services {
  const settings = new AppSettingsStore({ files: deps.files, log: deps.log, events: deps.events });
  const profiles = new TenantProfiles({ ...deps, typedNameEnvironments: () => settings.get().typedNameEnvironments });
  // The global cap: a test's, else BYOM_DESK_GLOBAL_REQUEST_CAP for this run (the command line, CI), else the setting.
  const fixedGlobalCap = deps.globalRequestCap ?? globalRequestCapFromEnv(process.env, deps.log);
  const globalLimit = pLimit(fixedGlobalCap ?? settings.get().globalRequestCap);
  settings.subscribe((now) => {
    if (fixedGlobalCap === null) globalLimit.concurrency = now.globalRequestCap;
  });
  const clientOptions = {
    ...(deps.clientOptions ? { clientOptions: deps.clientOptions } : {}),
    tenantCap: () => settings.get().tenantRequestCap,
  };
  const clients = new TenantClients(profiles, { redactor: deps.redactor, log: deps.log, globalLimit, ...clientOptions });
  const cancellable = new CancellableOperations();
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
  const inventory = new InventoryService({
    profiles,
    clients,
    jobs,
    events: deps.events,
    files: deps.files,
    log: deps.log,
    operations: tenantOps,
    audit: auditLog,
    expiries,
  });
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
  // The health sweep on the settings' schedule: the inventory's sweep job, its new findings kept as alerts.
  const sweepSchedule = new SweepScheduleStore({ files: deps.files, log: deps.log, events: deps.events });
  const tenantNameOf = (id: string) => (profiles.ids().includes(id) ? profiles.get(id).name : undefined);
  const scheduledSweep = new ScheduledSweep({
    settings,
    tenants: () => profiles.ids().map((id) => profiles.get(id)),
    runner: inventorySweeps({ inventory, jobs, tenantName: tenantNameOf }),
    store: sweepSchedule,
    ...(deps.notify ? { notify: deps.notify } : {}),
    ...(deps.sweepClock ? { clock: deps.sweepClock } : {}),
    events: deps.events,
    log: deps.log,
  });
  // While the app runs: a command line run is short, and must not sweep every tenant on its way.
  if (deps.shell !== 'command-line') scheduledSweep.start();
  const signIns = new BrowserSignIns({
    profiles,
    clients,
    events: deps.events,
    log: deps.log,
    openBrowser: deps.openSignInPage ?? (async () => false),
    ...(deps.signInTimeoutMs !== undefined ? { timeoutMs: deps.signInTimeoutMs } : {}),
  });
  const stores = [settings, profiles, history, drafts, expiries, sweepSchedule];
  const notices = stores
    .flatMap((s) => s.notices)
    .map(({ kind, message }) => ({
      kind,
      message,
    }));

  // Each domain answers its own channels; the compiler checks that every channel has exactly one handler.
  const handlers = composeHandlers([
    appHandlers(deps),
    profileHandlers({
      profiles,
      clients,
      cancellable,
      log: deps.log,
      redactor: deps.redactor,
      globalLimit,
      notices,
      forgetTenant: async (id) => {
        await signIns.forgetTenant(id);
        clients.forget(id);
        inventory.forget(id);
        history.forget(id);
        expiries.forgetTenant(id);
        sweepSchedule.forgetTenant(id);
      },
    }),
    signInHandlers(signIns),
    setupHandlers(setup),
    jobHandlers({ jobs, profiles, clients, history }),
    inventoryHandlers(inventory),
    auditHandlers(auditLog),
    draftHandlers(drafts, { profiles, clients, inventory }),
    applyHandlers(apply),
    operationHandlers(tenantOps),
    rotationHandlers(rotation),
    expiryHandlers(expiries, profiles),
    settingsHandlers(settings),
    sweepAlertHandlers(sweepSchedule),
  ]);

  return {
    handlers,
    snapshot: () => jobs.list().map((payload) => ({ name: 'job.updated' as const, payload })),
    async dispose() {
      disposing = true;
      tenantOps.prepareQuit();
      reminders.dispose();
      scheduledSweep.dispose();
      await signIns.dispose();
      // Bounded: a keychain waiting for an unlock must not hold the quit for minutes.
      await Promise.race([
        Promise.all([jobs.cancelAll(), setup.dispose()]).then(() => deps.secrets.settled?.()),
        new Promise((resolve) => setTimeout(resolve, disposeWaitMs)),
      ]);
      await clients.closeAll();
    },
  };
}
