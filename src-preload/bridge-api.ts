// Builds the page's API object for both transports (IPC in the app, HTTP and Server-Sent Events in
// the web harness). It imports only the contract's names and types: no zod, no schemas, so the
// sandboxed preload stays small.
import type { BridgeApi, ChannelName, EventName } from '../src-shared/contract';
import { channelNames, isEventName } from '../src-shared/contract-names';
import type { CallResult } from '../src-shared/errors';

/** Carries one call to main and brings back its result. */
export type BridgeTransport = (channel: ChannelName, input: unknown) => Promise<CallResult<unknown>>;

/** Delivers one event's payloads from main; answers the function that stops delivering. */
export type EventTransport = (name: EventName, deliver: (payload: unknown) => void) => () => void;

type Listener = (payload: unknown) => void;

/**
 * The page's API: one method per contract channel, and `on` for the contract's events, nothing
 * else (no generic invoke, no raw transport). Failures reject with a plain
 * `{ code, message, details }` object, which survives contextBridge. A name outside the contract
 * is refused at once. Each event is subscribed to on the transport once, however many listeners.
 */
export function buildBridgeApi(transport: BridgeTransport, eventTransport: EventTransport): BridgeApi {
  const api: Record<string, unknown> = {};
  for (const name of channelNames) {
    api[name] = async (input?: unknown) => {
      const result = await transport(name, input);
      if (result.ok) return result.value;
      throw result.error;
    };
  }

  const listeners = new Map<EventName, { set: Set<Listener>; stop: () => void }>();
  const off = (name: EventName, listener: Listener) => {
    const entry = listeners.get(name);
    if (!entry) return;
    entry.set.delete(listener);
    if (entry.set.size === 0) {
      entry.stop();
      listeners.delete(name);
    }
  };
  api.on = (name: string, listener: Listener) => {
    // Named safely: the page may pass anything (an object with no prototype cannot become a string).
    if (!isEventName(name)) {
      throw new Error(`BYOM Desk has no event named ${typeof name === 'string' ? `"${name.slice(0, 80)}"` : `of type ${typeof name}`}.`);
    }
    if (typeof listener !== 'function') throw new Error('An event listener must be a function.');
    let entry = listeners.get(name);
    if (!entry) {
      const set = new Set<Listener>();
      const stop = eventTransport(name, (payload) => {
        for (const l of [...set]) l(payload);
      });
      entry = { set, stop };
      listeners.set(name, entry);
    }
    entry.set.add(listener);
    return () => off(name, listener);
  };
  return Object.freeze(api) as unknown as BridgeApi;
}
