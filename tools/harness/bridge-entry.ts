// The harness's stand-in for the preload: the same API object, built by the same function from the
// same contract names, carried over HTTP (calls) and Server-Sent Events (events) instead of IPC.
// The token travels in an HttpOnly cookie, so the page's own scripts never see it.
import { buildBridgeApi } from '../../src-preload/bridge-api';
import type { CallResult } from '../../src-shared/errors';

/** One EventSource for every event of the contract, opened on first use. */
let source: EventSource | undefined;
const eventSource = () => (source ??= new EventSource('/__harness/events', { withCredentials: true }));

const api = buildBridgeApi(
  async (name, input) => {
    let response: Response;
    try {
      response = await fetch(`/__bridge/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ input }),
      });
    } catch {
      return { ok: false, error: { code: 'network', message: 'The BYOM Desk harness is not answering. Is `npm run web` still running?' } };
    }
    try {
      return (await response.json()) as CallResult<unknown>;
    } catch {
      return { ok: false, error: { code: 'bad_response', message: `The harness answered ${response.status} without a result.` } };
    }
  },
  (name, deliver) => {
    const handler = (message: MessageEvent<string>) => deliver(JSON.parse(message.data));
    eventSource().addEventListener(name, handler);
    return () => eventSource().removeEventListener(name, handler);
  },
);

Object.defineProperty(window, 'byomDesk', { value: api, writable: false, configurable: false, enumerable: true });
