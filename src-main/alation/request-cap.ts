// How many requests BYOM Desk keeps in flight across all tenants at once. Each tenant is its own
// host, protected by its own cap (4, in the client); this one only keeps a laptop's network and
// sockets from being flooded. At 16 it serialised a 25-tenant inventory into rounds of 16 requests
// (364 requests in about 23 latencies); the default lets 25 tenants each use their own cap of 4 at
// once (a health sweep validates 4 credentials of each at the same moment), which a desktop's
// sockets and any home connection take easily (measured in test/bench: 64 left the sweep at 2.3x
// one credential's validation, 100 at 1.3x).
import { defaultAppSettings } from '../../src-shared/app-settings';
import type { Logger } from '../log/logger';

/** 25 tenants x their own cap of 4: the Settings screen's default. */
export const defaultGlobalRequestCap = defaultAppSettings.globalRequestCap;
/** A cap below 1 would stop every request; one above this is a typo rather than a plan. */
const maxGlobalRequestCap = 1024;

/**
 * The cap from `BYOM_DESK_GLOBAL_REQUEST_CAP` (a whole number, 1 to 1024) when set, else the
 * default. A value that is not one is logged and the default used: the app still starts.
 */
export function globalRequestCapSetting(env: NodeJS.ProcessEnv = process.env, log?: Logger): number {
  return globalRequestCapFromEnv(env, log) ?? defaultGlobalRequestCap;
}

/** The cap `BYOM_DESK_GLOBAL_REQUEST_CAP` sets for this run, over the Settings screen's; null when it sets none. */
export function globalRequestCapFromEnv(env: NodeJS.ProcessEnv = process.env, log?: Logger): number | null {
  const raw = env.BYOM_DESK_GLOBAL_REQUEST_CAP?.trim();
  if (!raw) return null;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= 1 && value <= maxGlobalRequestCap) return value;
  log?.warn('settings.global_request_cap_ignored', { value: raw.slice(0, 20) });
  return null;
}
