import type { CallResult } from '../src-shared/errors';
import { channelNames, type BridgeApi, type ChannelName } from './contract';

/** Carries one call to main and brings back its result: IPC in the app, HTTP in the web harness. */
export type BridgeTransport = (channel: ChannelName, input: unknown) => Promise<CallResult<unknown>>;

/**
 * Builds the page's API object from the contract's keys, and nothing else: no generic invoke, no
 * raw transport. The preload and the web harness both use this, so they cannot drift apart.
 * Failures reject with a plain `{ code, message, details }` object, which survives contextBridge.
 */
export function buildBridgeApi(transport: BridgeTransport): BridgeApi {
  const api: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const name of channelNames) {
    api[name] = async (input?: unknown) => {
      const result = await transport(name, input);
      if (result.ok) return result.value;
      throw result.error;
    };
  }
  return Object.freeze(api) as unknown as BridgeApi;
}
