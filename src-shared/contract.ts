// The one IPC contract. Every channel is defined here once: its name, the zod schema its input must
// fit, and the type of its answer; every event main sends the page, with the zod schema of its
// payload. Main registers exactly these handlers and validates every event before it goes out; the
// preload (and the web harness) expose exactly these methods and events, by name only
// (`contract-names.ts`), and the renderer gets its types from here.
import { z } from 'zod';
import type { AppInfo, KeychainStatus } from './app-info';
import { appCommandEventSchema } from './app-commands';
import { appSettingsChangeSchema, appSettingsSchema, type AppSettings } from './app-settings';
import { startApplyInputSchema, startPlanInputSchema, type PlanStarted } from './apply';
import { auditEntrySchema, auditFilterSchema, type AuditList } from './audit';
import type { ConnectionTestReport, ConnectionTestResult } from './connection-report';
import type { ChannelName, EventName } from './contract-names';
import { startRotationInputSchema } from './rotation';
import { cancelBrowserSignInInputSchema, signInFinishedSchema, startBrowserSignInInputSchema, type SignInStarted } from './signin';
import {
  draftIdSchema,
  importDraftInputSchema,
  makeDraftInputSchema,
  saveDraftInputSchema,
  type DraftFile,
  type DraftView,
} from './drafts';
import {
  expiryListSchema,
  openRotationEventSchema,
  setCredentialExpiryInputSchema,
  setReminderLeadHoursInputSchema,
  type ExpiryList,
} from './expiry';
import { inventoryChangedSchema, type TenantInventoryState } from './inventory';
import {
  featureOverrideChangeSchema,
  preferenceChangeSchema,
  setFeatureOverrideInputSchema,
  startDeletionInputSchema,
} from './inventory-actions';
import { jobViewSchema, type JobView } from './job-results';
import { jobIdSchema } from './jobs';
import {
  cancelProviderSetupInputSchema,
  createSetupConfigInputSchema,
  setupRunIdSchema,
  startProviderSetupInputSchema,
  validateSetupModelInputSchema,
  type CancelPreview,
  type CreatedConfig,
  type ModelCheck,
  type SetupAttemptOutcome,
  type TenantConfigSummary,
} from './setup';
import type { StoreNoticeView } from './store-notice';
import { profileIdSchema, tenantProfileInputSchema, type TenantProfileView } from './tenant-profile';
import { operationActionInputSchema, type TenantOperationReport, type UnfinishedOperation } from './tenant-operation';
import {
  importTenantListInputSchema,
  previewTenantListImportInputSchema,
  type TenantListExport,
  type TenantListImported,
  type TenantListPreview,
} from './tenant-list-file';
import { sweepAlertListSchema, type SweepAlertList } from './sweep-alerts';

declare const outputBrand: unique symbol;

export interface ChannelSpec<I extends z.ZodType, O> {
  readonly input: I;
  /** Type-only: the answer's type. Never set at run time. */
  readonly [outputBrand]?: O;
}

/** `channel<Answer>()(inputSchema)`: the answer type is explicit, the input type comes from the schema. */
function channel<O>() {
  return <I extends z.ZodType>(input: I): ChannelSpec<I, O> => ({ input });
}

const noInput = z.undefined();

/** The tenants a job is for. */
const tenantIdsInput = z.strictObject({ tenantIds: z.array(profileIdSchema).min(1, 'choose at least one tenant').max(500) });

/** Chosen by the page for an operation it may want to cancel. */
const operationIdSchema = z.uuid('not an operation id');

const httpsUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      return new URL(value).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an https:// address');

export const contract = {
  getAppInfo: channel<AppInfo>()(noInput),
  checkKeychain: channel<KeychainStatus>()(noInput),
  openExternalLink: channel<{ opened: boolean }>()(z.strictObject({ url: httpsUrl })),

  listTenantProfiles: channel<{ profiles: TenantProfileView[]; notices: StoreNoticeView[] }>()(noInput),
  createTenantProfile: channel<TenantProfileView>()(tenantProfileInputSchema),
  updateTenantProfile: channel<TenantProfileView>()(z.strictObject({ id: profileIdSchema, profile: tenantProfileInputSchema })),
  deleteTenantProfile: channel<{ removedSecrets: number }>()(z.strictObject({ id: profileIdSchema })),
  /** A saved profile by id, or the form's unsaved values (with `id` when editing: blank secrets use the stored one). */
  testTenantConnection: channel<ConnectionTestReport>()(
    z.union([
      z.strictObject({ id: profileIdSchema, operationId: operationIdSchema.optional() }),
      z.strictObject({ draft: tenantProfileInputSchema, id: profileIdSchema.optional(), operationId: operationIdSchema.optional() }),
    ]),
  ),
  /**
   * Starts a browser sign-in for a saved profile (method "browser"): main listens on the loopback
   * redirect and answers the URL to open; `signin.finished` tells how it ended.
   */
  startBrowserSignIn: channel<SignInStarted>()(startBrowserSignInInputSchema),
  /** Stops a sign-in that is waiting for the browser; its listener closes at once. */
  cancelBrowserSignIn: channel<{ cancelled: boolean }>()(cancelBrowserSignInInputSchema),
  /** Cancels a running operation that was started with this `operationId`. */
  cancelOperation: channel<{ cancelled: boolean }>()(z.strictObject({ operationId: operationIdSchema })),

  /** Creates the credential on the tenant and validates it; a failed one is deleted unless kept. */
  startProviderSetup: channel<SetupAttemptOutcome>()(startProviderSetupInputSchema),
  /** Manual model entry: validates one model id against the run's credential. */
  validateSetupModel: channel<ModelCheck>()(validateSetupModelInputSchema),
  createSetupConfig: channel<CreatedConfig>()(createSetupConfigInputSchema),
  /** Exactly what cancelling with delete would remove now, for the cancel dialog to name it. */
  describeSetupCancel: channel<CancelPreview>()(z.strictObject({ runId: setupRunIdSchema })),
  cancelProviderSetup: channel<TenantOperationReport>()(cancelProviderSetupInputSchema),
  finishProviderSetup: channel<{ finished: true }>()(z.strictObject({ runId: setupRunIdSchema })),
  listTenantConfigs: channel<TenantConfigSummary[]>()(z.strictObject({ tenantId: profileIdSchema })),

  /** Running jobs and the last finished ones, so a reloaded page can pick up where it was. */
  listJobs: channel<JobView[]>()(noInput),
  cancelJob: channel<{ cancelled: boolean }>()(z.strictObject({ jobId: jobIdSchema })),
  /** "Test all": every chosen tenant's connection test, as one job. */
  startConnectionTests: channel<JobView>()(tenantIdsInput),
  /** Each tenant's last connection test, kept on disk with its time. */
  listConnectionTests: channel<Record<string, ConnectionTestResult>>()(noInput),

  /** Each tenant's inventory state; all tenants when none are named. From memory or the cache on disk. */
  getInventory: channel<TenantInventoryState[]>()(z.strictObject({ tenantIds: z.array(profileIdSchema).max(500).optional() })),
  startInventoryRefresh: channel<JobView>()(tenantIdsInput),
  /** Re-validates every credential in listing mode (no billed inference call). */
  startHealthSweep: channel<JobView>()(tenantIdsInput),
  /** Deletes configs, then credentials, per tenant; production tenants need their name typed. */
  startInventoryDeletion: channel<JobView>()(startDeletionInputSchema),
  setTenantPreference: channel<TenantInventoryState>()(preferenceChangeSchema),
  setFeatureOverride: channel<TenantInventoryState>()(setFeatureOverrideInputSchema),
  clearFeatureOverride: channel<TenantInventoryState>()(featureOverrideChangeSchema),

  /** The audit log's entries that match, newest first, with the total and any line that could not be read. */
  listAuditEntries: channel<AuditList>()(auditFilterSchema),

  /** Every draft, newest first, from the drafts file alone (a locked keychain hides none). */
  listDrafts: channel<DraftView[]>()(noInput),
  /** Saves a draft: its secrets to the keychain, the rest to the drafts file. Needs no network. */
  saveDraft: channel<DraftView>()(saveDraftInputSchema),
  duplicateDraft: channel<{ draft: DraftView; secretsCopied: boolean }>()(z.strictObject({ id: draftIdSchema })),
  /** Deletes the draft's secrets, then the draft. */
  deleteDraft: channel<{ removedSecrets: number }>()(z.strictObject({ id: draftIdSchema })),
  /** The draft as a file, without its secrets. */
  exportDraft: channel<DraftFile>()(z.strictObject({ id: draftIdSchema })),
  /** A draft from an exported file; secrets given now are stored, the others marked missing. */
  importDraft: channel<DraftView>()(importDraftInputSchema),
  /** "Make a draft from this": a credential and its configs, read from the tenant (or its last inventory). */
  makeDraftFromCredential: channel<{ draft: DraftView; source: 'tenant' | 'cache' }>()(makeDraftInputSchema),
  /** Reads each target tenant and says what applying the draft would do: a job. */
  startPlan: channel<PlanStarted>()(startPlanInputSchema),
  /** Applies a plan: a job; refuses a tenant changed since the plan. */
  startApply: channel<{ applyId: string; jobId: string }>()(startApplyInputSchema),
  /** Operations on tenants (of every kind) a quit or a crash cut short, from their journals. */
  listUnfinishedOperations: channel<UnfinishedOperation[]>()(noInput),
  /** Finishes one, by its kind's own rules: a job. */
  resumeOperation: channel<{ jobId: string }>()(operationActionInputSchema),
  /** Takes back what it made, from its journal: a job. */
  rollBackOperation: channel<{ jobId: string }>()(operationActionInputSchema),

  /** Rotates a key on the chosen credentials, in place (PATCH), or by the fallback for tenants without PATCH: a job. */
  startRotation: channel<JobView>()(startRotationInputSchema),

  /** Every credential expiry the user entered (or a draft or rotation carried), the reminder lead time, and which are due. */
  listCredentialExpiries: channel<ExpiryList>()(noInput),
  /** Sets when a credential expires (null clears it): app metadata, never sent to the tenant. */
  setCredentialExpiry: channel<ExpiryList>()(setCredentialExpiryInputSchema),
  /** How long before an expiry the reminders start. */
  setReminderLeadHours: channel<ExpiryList>()(setReminderLeadHoursInputSchema),

  /** The app's settings (theme, request caps, typed-name environments, the sweep schedule). */
  getAppSettings: channel<AppSettings>()(noInput),
  /** Changes some settings: all of the change is saved, or none of it. */
  updateAppSettings: channel<AppSettings>()(appSettingsChangeSchema),

  /** Every tenant profile as a tenant list file (JSON): names, addresses, environments, labels, sign-in settings, CAs; never a secret. */
  exportTenantList: channel<TenantListExport>()(noInput),
  /** What importing a tenant list would add and update (matched by address), or why it is refused; nothing is saved. */
  previewTenantListImport: channel<TenantListPreview>()(previewTenantListImportInputSchema),
  /** Imports it as previewed, in one write, with no secret; refused when the tenants changed since the preview. */
  importTenantList: channel<TenantListImported>()(importTenantListInputSchema),

  /** What the scheduled health sweeps found that the user has not seen yet (the Inventory's badge). */
  listSweepAlerts: channel<SweepAlertList>()(noInput),
  /** The user has seen every alert: they go, and the badge with them. */
  dismissSweepAlerts: channel<SweepAlertList>()(noInput),
};

/** Every event main sends the page: its payload schema. Main validates each payload before sending. */
export const events = {
  /** A job started, progressed or ended (sent at most every 100 ms per job, and always at the end). */
  'job.updated': jobViewSchema,
  /** A tenant's inventory changed (loading, pages read, read, failed, swept): ask `getInventory` for it. */
  'inventory.changed': inventoryChangedSchema,
  /** An entry was appended to the audit log (it holds no secret). */
  'audit.appended': auditEntrySchema,
  /** An expiry or the lead time changed: the whole list, as `listCredentialExpiries` answers. */
  'expiry.changed': expiryListSchema,
  /** An OS expiry reminder was clicked: open the rotation for that key. */
  'expiry.open-rotation': openRotationEventSchema,
  /** The settings changed (in this window or another): the whole settings. */
  'settings.changed': appSettingsSchema,
  /** A browser sign-in ended: signed in, cancelled, or failed with why. Never a token. */
  'signin.finished': signInFinishedSchema,
  /** The desktop app's menu asks the page to run one of its commands (open a screen, start a draft). */
  'app.command': appCommandEventSchema,
  /** The unseen scheduled-sweep alerts changed (a sweep found some, or they were dismissed): all of them. */
  'sweep.alerts': sweepAlertListSchema,
};

type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// The names the preload knows are exactly the contract's: a channel or event added on one side only fails here.
const channelsMatchNames: Exactly<keyof typeof contract, ChannelName> = true;
const eventsMatchNames: Exactly<keyof typeof events, EventName> = true;
void channelsMatchNames;
void eventsMatchNames;

export type Contract = typeof contract;
export type { ChannelName, EventName };
export type InputOf<K extends ChannelName> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends ChannelName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends ChannelName> = Contract[K] extends ChannelSpec<z.ZodType, infer O> ? O : never;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

type Args<K extends ChannelName> = undefined extends InputOf<K> ? [input?: InputOf<K>] : [input: InputOf<K>];

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

/** What the page sees as `window.byomDesk`. Every method rejects with an `AppErrorShape`. */
export type BridgeApi = { readonly [K in ChannelName]: (...args: Args<K>) => Promise<OutputOf<K>> } & {
  /**
   * Listens to one of the contract's events; answers the function that stops listening. (There is
   * no `off(listener)`: a function passed through contextBridge arrives as a new proxy each time,
   * so it could never be found again.)
   */
  readonly on: <E extends EventName>(name: E, listener: EventListener<E>) => () => void;
};
