// What a tenant's Alation AI client offers, and how one is made: the interface every domain codes
// against (the implementation is in client.ts).
import type { LimitFunction } from 'p-limit';
import type { Logger, SecretRedactor } from '../log/logger';
import type { AuthenticateResult, TenantAuth } from './auth';
import type { RetryPolicy } from './http';
import type { Sleep } from './signals';
import type {
  Agent,
  AgentLlmUpdate,
  CreateCredentialBody,
  CreateLlmConfigBody,
  FeatureOverride,
  FeatureOverrideInput,
  LlmConfig,
  LlmConfigFilter,
  LlmCredential,
  LlmPreference,
  LlmPreferenceUpdate,
  ValidateRequest,
  ValidationResult,
} from './types';

export interface AlationClientOptions {
  /** The tenant's origin, e.g. https://acme.alationcloud.com (a path is ignored). */
  baseUrl: string;
  auth: TenantAuth;
  /** Extra CA certificate(s), PEM, trusted on top of Node's and the OS's roots. */
  caPem?: string;
  connectTimeoutMs?: number;
  /** For one whole exchange: connect, send, and read the full answer. */
  requestTimeoutMs?: number;
  /** Requests in flight at once for this tenant; a function is read again for each request (a setting). */
  maxConcurrent?: number | (() => number);
  /** The cap on requests in flight across all tenants, shared by every client. */
  globalLimit?: LimitFunction;
  retry?: RetryPolicy;
  pageSize?: number;
  /** The client holds its secrets and current token here while it lives, and releases them on close. */
  redactor?: SecretRedactor;
  log?: Logger;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** For lists: called after each page read (progress for long inventories). */
  onPage?: (pagesRead: number) => void;
}

export interface AlationClient {
  readonly baseUrl: string;
  readonly authMethod: TenantAuth['method'];
  /**
   * Gets a fresh token now (OAuth, refresh token); an API access token is only checked by a call.
   * With `reuseValidToken`, a token the client holds and believes valid is kept: a tenant that
   * expired it early answers the next call with 401, and the client refreshes then.
   */
  authenticate(options?: CallOptions & { reuseValidToken?: boolean }): Promise<AuthenticateResult>;
  listCredentials(options?: CallOptions): Promise<LlmCredential[]>;
  getCredential(id: string, options?: CallOptions): Promise<LlmCredential>;
  /** POST once: never retried (a lost answer is resolved by `createCredentialSafely`). */
  createCredential(body: CreateCredentialBody, options?: CallOptions): Promise<LlmCredential>;
  /** PATCH with only the changed fields; 404 or 405 means the tenant cannot update in place. */
  patchCredential(id: string, body: Record<string, unknown>, options?: CallOptions): Promise<LlmCredential>;
  deleteCredential(id: string, options?: CallOptions): Promise<void>;
  /** valid false also when the provider refused the credential (the tenant then answers 401/403). */
  validateCredential(id: string, body: ValidateRequest, options?: CallOptions): Promise<ValidationResult>;
  /** One model by name: `validateCredential` with its `model_name` (and `is_embedding` for an embedding model). */
  validateModel(
    id: string,
    model: { provider: string; modelName: string; isEmbedding: boolean },
    options?: CallOptions,
  ): Promise<ValidationResult>;
  listLlmConfigs(filter?: LlmConfigFilter, options?: CallOptions): Promise<LlmConfig[]>;
  getLlmConfig(id: string, options?: CallOptions): Promise<LlmConfig>;
  createLlmConfig(body: CreateLlmConfigBody, options?: CallOptions): Promise<LlmConfig>;
  patchLlmConfig(id: string, body: Record<string, unknown>, options?: CallOptions): Promise<LlmConfig>;
  deleteLlmConfig(id: string, options?: CallOptions): Promise<void>;
  getLlmPreference(options?: CallOptions): Promise<LlmPreference>;
  putLlmPreference(body: LlmPreferenceUpdate, options?: CallOptions): Promise<LlmPreference>;
  listFeatureOverrides(options?: CallOptions): Promise<FeatureOverride[]>;
  putFeatureOverride(body: FeatureOverrideInput, options?: CallOptions): Promise<FeatureOverride>;
  deleteFeatureOverride(featureType: string, featureKey: string, options?: CallOptions): Promise<void>;
  /** Agents (paged like configs); each names the LLM config it uses by id. */
  listAgents(options?: CallOptions): Promise<Agent[]>;
  getAgent(id: string, options?: CallOptions): Promise<Agent>;
  /** PATCH only `llm_config_id`: re-points the agent to another LLM config. */
  patchAgentLlmConfig(id: string, body: AgentLlmUpdate, options?: CallOptions): Promise<Agent>;
  /** One small authenticated read (GET /config/llm?limit=1), for the connection test. */
  ping(options?: CallOptions): Promise<void>;
  /** Forgets the token held, so the next call gets a fresh one (another client just superseded it). */
  dropToken(): void;
  /** Cancels what is in flight and closes the sockets; later calls reject with 'cancelled'. */
  close(): Promise<void>;
  /** Closes once every call already under way has ended: for a client whose connection changed. */
  closeWhenIdle(): Promise<void>;
}
