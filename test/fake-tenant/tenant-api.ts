// The programmatic face of the fake tenant: what `startFakeTenant()` answers, its request log and ready line.
import type { TokenRecord } from './auth';
import type { FaultKind, FaultRule } from './faults';
import type { ResolvedOptions } from './options';
import type { AgentInput } from './routes-agents';
import type { Agent, TenantState } from './state';
import type { OAuthApp, OAuthAppRequest } from './user-oauth';

/** One request as received by the tenant, in arrival order. */
export interface RequestLogEntry {
  /** 1, 2, 3... in arrival order. */
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string including the leading `?`, or ''. */
  query: string;
  /** Arrival time, ms since epoch. */
  time: number;
  /** Status answered; null while pending or when no answer was sent (hang, reset). */
  status: number | null;
  durationMs: number | null;
  /** Fault injected into this request, if any. */
  fault: FaultKind | null;
  /** How the request authenticated: bearer / token header / HTTP Basic (token endpoints), else null. */
  auth: 'bearer' | 'token' | 'basic' | null;
  /** Parsed body (JSON or form), the raw text when neither, undefined when empty. May hold secrets: tests only. */
  body?: unknown;
}

/** The JSON line the CLI prints when ready. */
export interface ReadyInfo {
  baseUrl: string;
  port: number;
  clientId: string;
  clientSecret: string;
  apiAccessToken: string;
  refreshToken: string;
  userId: number;
  tls: boolean;
  caFile?: string;
  /** The OAuth client applications of the `oauthApps` option (left out when none). */
  oauthApps?: { clientId: string; clientSecret?: string; redirectUris: string[] }[];
}

export interface FakeTenant {
  readonly baseUrl: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  /** A ready API access token (send as `Authorization: Bearer ...`; `TOKEN: ...` only with aiAcceptsTokenHeader). */
  readonly apiAccessToken: string;
  readonly refreshToken: string;
  readonly userId: number;
  /** With TLS: the CA certificate file (PEM) that signs the server certificate. */
  readonly caFile?: string;
  readonly caPem?: string;
  readonly options: ResolvedOptions;
  readyInfo(): ReadyInfo;
  /** Closes the server, drops open connections (also hanging requests), removes the CA temp dir. */
  stop(): Promise<void>;
  /**
   * Back to the start: the seed data (same ids as at start, built-in configs included), faults and
   * latency from the options; clears the request log. Tokens stay valid.
   */
  reset(): void;
  /** Deep copy of the data, secrets included. Built-in configs are in `configs` with `is_builtin: true`. */
  state(): TenantState;
  /** Replaces the data (deep-copied). For tests that need an exact starting point. */
  setState(state: TenantState): void;
  /**
   * Runs `fn` on the live data: "someone changed the tenant behind the app's back" (rotate a secret,
   * rename or delete a config, drop an override). Returns what `fn` returns; keep no references to
   * the live objects after it returns.
   */
  mutate<T>(fn: (state: TenantState) => T): T;
  /** Deep copy of the request log, in arrival order. */
  requests(): RequestLogEntry[];
  clearRequests(): void;
  setFaults(rules: FaultRule[]): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** The active rules with how often each fired and how many times remain. */
  faults(): { rule: FaultRule; fired: number; remaining: number }[];
  setLatency(latency: { latencyMs: number; jitterMs?: number }): void;
  /** Issues an OAuth access token for the client (supersedes the previous one) and returns it. */
  issueAccessToken(ttlSeconds?: number): string;
  /** Issues a further API access token and returns it. */
  issueApiAccessToken(ttlSeconds?: number): string;
  /** Makes a token expire now; false when unknown. */
  expireToken(token: string): boolean;
  /** Revokes a token; false when unknown. */
  revokeToken(token: string): boolean;
  /** Makes the refresh token of createAPIAccessToken expired (it then answers 401). Not browser sign-in's. */
  expireRefreshToken(): void;
  /** Every token issued: access tokens (`oauth`, `api`, `user`) and browser sign-in refresh tokens (`refresh`). */
  tokens(): TokenRecord[];

  // ------------------------------------------------------------ browser sign-in
  /**
   * Registers an OAuth client application: public (no secret) unless `confidential`. Throws for an http
   * redirect URI other than localhost / 127.0.0.1, as Alation does. Redirect URIs match exactly.
   */
  registerOAuthApp(app: OAuthAppRequest): { clientId: string; clientSecret?: string };
  oauthApps(): OAuthApp[];
  /**
   * Acts as the browser on an authorization URL: loads the page and, when it is the consent page,
   * presses Allow or Deny. Answers the final status with the redirect Location (to the app) or the page.
   */
  answerConsent(authorizeUrl: string, decision: 'allow' | 'deny'): Promise<ConsentOutcome>;
  /** Every browser sign-in access token expires now (a refresh still works). Returns how many. */
  expireUserAccessTokens(): number;
  /** Every browser sign-in refresh token is revoked: refreshing answers invalid_grant. Returns how many. */
  revokeRefreshTokens(): number;
  /** Every browser sign-in refresh token expires now: refreshing answers invalid_grant. Returns how many. */
  expireRefreshTokens(): number;

  // ------------------------------------------------------------ agents
  /** Adds an agent as is (no checks: it may name a config that does not exist) and returns a copy. */
  addAgent(agent: AgentInput): Agent;
}

/** What the browser ended on after `answerConsent()`. */
export interface ConsentOutcome {
  status: number;
  /** The redirect to the app (`?code=…&state=…` or `?error=…`), or null when the tenant showed a page. */
  location: string | null;
  /** The HTML of an error page (status 400), else null. */
  html: string | null;
}
