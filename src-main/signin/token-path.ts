// The token endpoint a browser profile renews at, for a client made without a fresh sign-in (after
// a restart): the tenant's discovery document says, as it did for the sign-in.
import { HttpTransport } from '../alation/http';
import { realSleep } from '../alation/signals';
import type { Logger } from '../log/logger';
import { discoverEndpoints } from './discovery';

export function signInTransport(o: { baseUrl: string; caPem?: string; log: Logger; now?: () => number }): HttpTransport {
  return new HttpTransport({
    origin: new URL(o.baseUrl).origin,
    ...(o.caPem !== undefined ? { caPem: o.caPem } : {}),
    connectTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    maxConcurrent: 2,
    retry: { retries: 2, baseDelayMs: 500, maxDelayMs: 4_000 },
    sleep: realSleep,
    random: Math.random,
    now: o.now ?? Date.now,
    log: o.log,
  });
}

/** Rejects when the tenant cannot be reached (or sends sign-in elsewhere); a missing document gives the documented path. */
export async function findTokenPath(o: { baseUrl: string; caPem?: string; log: Logger }): Promise<string> {
  const transport = signInTransport(o);
  try {
    return (await discoverEndpoints(transport, o.log)).tokenPath;
  } finally {
    await transport.close();
  }
}
