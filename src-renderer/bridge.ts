import type { BridgeApi } from '../src-shared/contract';
import { isAppErrorShape, type AppErrorShape } from '../src-shared/errors';

declare global {
  interface Window {
    /** Exposed by the preload (desktop app) or the web harness's bridge script. */
    readonly byomDesk: BridgeApi;
  }
}

export function bridge(): BridgeApi {
  return window.byomDesk;
}

/** Any rejection as an error a screen can show. */
export function asAppError(error: unknown): AppErrorShape {
  if (isAppErrorShape(error)) return error;
  return { code: 'internal', message: error instanceof Error ? error.message : 'Something went wrong.' };
}
