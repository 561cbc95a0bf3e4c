// The one IPC contract. Every channel is defined here once: its name, the zod schema its input must
// fit, and the type of its answer. Main registers exactly these handlers, the preload (and the web
// harness) expose exactly these methods, and the renderer gets its types from here.
import { z } from 'zod';
import type { AppInfo, KeychainStatus } from '../src-shared/app-info';
import type { ConnectionTestReport } from '../src-shared/connection-report';
import {
  cancelProviderSetupInputSchema,
  createSetupConfigInputSchema,
  setupRunIdSchema,
  startProviderSetupInputSchema,
  validateSetupModelInputSchema,
  type CancelOutcome,
  type CreatedConfig,
  type ModelCheck,
  type SetupAttemptOutcome,
  type TenantConfigSummary,
} from '../src-shared/setup';
import type { StoreNoticeView } from '../src-shared/store-notice';
import { profileIdSchema, tenantProfileInputSchema, type TenantProfileView } from '../src-shared/tenant-profile';

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
  /** Cancels a running operation that was started with this `operationId`. */
  cancelOperation: channel<{ cancelled: boolean }>()(z.strictObject({ operationId: operationIdSchema })),

  /** Creates the credential on the tenant and validates it; a failed one is deleted unless kept. */
  startProviderSetup: channel<SetupAttemptOutcome>()(startProviderSetupInputSchema),
  /** Manual model entry: validates one model id against the run's credential. */
  validateSetupModel: channel<ModelCheck>()(validateSetupModelInputSchema),
  createSetupConfig: channel<CreatedConfig>()(createSetupConfigInputSchema),
  cancelProviderSetup: channel<CancelOutcome>()(cancelProviderSetupInputSchema),
  finishProviderSetup: channel<{ finished: true }>()(z.strictObject({ runId: setupRunIdSchema })),
  listTenantConfigs: channel<TenantConfigSummary[]>()(z.strictObject({ tenantId: profileIdSchema })),
};

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type InputOf<K extends ChannelName> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends ChannelName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends ChannelName> = Contract[K] extends ChannelSpec<z.ZodType, infer O> ? O : never;

export const channelNames = Object.keys(contract) as ChannelName[];

export function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(contract, name);
}

/** The IPC channel string for a contract method. */
export function ipcChannel(name: ChannelName): string {
  return `byom-desk:${name}`;
}

type Args<K extends ChannelName> = undefined extends InputOf<K> ? [input?: InputOf<K>] : [input: InputOf<K>];

/** What the page sees as `window.byomDesk`. Every method rejects with an `AppErrorShape`. */
export type BridgeApi = { readonly [K in ChannelName]: (...args: Args<K>) => Promise<OutputOf<K>> };
