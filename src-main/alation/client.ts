// The main-process Alation AI client: one instance per tenant profile, so the tenant's token, its
// in-flight limit and its sockets are shared by every caller for that tenant.
import type { z } from 'zod';
import { AppError } from '../../src-shared/errors';
import { secretValuesIn } from '../../src-shared/providers/credential-schema';
import { SecretScope, silentLogger } from '../log/logger';
import { authSecrets, checkAuth, TokenManager, type AuthenticateResult, type TenantAuth } from './auth';
import { tryParseJson } from '../../src-shared/json';
import { httpError, parseAnswer, serverMessage, type CallSite, type RawResponse } from './errors';
import { isTenantTokenFailure, providerStatusInText } from './refusals';
import { capNow, HttpTransport, parseBaseUrl, type HttpRequest } from './http';
import { itemKey, pageSchema, readAllPages } from './paging';
import { abortable, realSleep } from './signals';
import {
  agentLlmUpdateSchema,
  agentSchema,
  type Agent,
  type AgentLlmUpdate,
  createCredentialBodySchema,
  createLlmConfigBodySchema,
  featureOverrideInputSchema,
  featureOverrideSchema,
  llmConfigSchema,
  llmCredentialSchema,
  llmPreferenceSchema,
  llmPreferenceUpdateSchema,
  validateRequestSchema,
  validationResultSchema,
  type CreateCredentialBody,
  type CreateLlmConfigBody,
  type FeatureOverride,
  type FeatureOverrideInput,
  type LlmConfig,
  type LlmConfigFilter,
  type LlmCredential,
  type LlmPreference,
  type LlmPreferenceUpdate,
  type ValidateRequest,
  type ValidationResult,
} from './types';

export type { TenantAuth, AuthenticateResult } from './auth';

import type { AlationClient, AlationClientOptions, CallOptions } from './client-api';

export type { AlationClient, AlationClientOptions, CallOptions } from './client-api';

export const API_PREFIX = '/ai/api/v1';

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConcurrent: 4,
  pageSize: 100,
  retry: { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 },
} as const;

function checkInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw new AppError(
    'validation',
    `The ${what} is incomplete: ${fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; ')}`,
    {
      fields,
    },
  );
}

function segment(value: string, name: string): string {
  if (value.trim() === '') throw new AppError('validation', `The ${name} is missing.`, { fields: [{ path: name, message: 'Required.' }] });
  return encodeURIComponent(value);
}

class Client implements AlationClient {
  readonly baseUrl: string;
  readonly authMethod: TenantAuth['method'];
  private readonly transport: HttpTransport;
  private readonly tokens: TokenManager;
  /** The profile's secret and the current token: blanked out of anything the tenant says back. */
  private readonly secrets: SecretScope;
  private readonly pageSize: number;
  private closed = false;

  constructor(private readonly o: AlationClientOptions) {
    const origin = parseBaseUrl(o.baseUrl).origin;
    checkAuth(o.auth);
    this.baseUrl = origin;
    this.authMethod = o.auth.method;
    this.pageSize = Math.max(1, Math.floor(o.pageSize ?? DEFAULTS.pageSize));
    this.secrets = new SecretScope(o.redactor);
    authSecrets(o.auth).forEach((s, i) => this.secrets.set(`auth:${i}`, s));
    const now = o.now ?? Date.now;
    const log = o.log ?? silentLogger;
    this.transport = new HttpTransport({
      origin,
      ...(o.caPem !== undefined ? { caPem: o.caPem } : {}),
      connectTimeoutMs: o.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      requestTimeoutMs: o.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
      maxConcurrent: o.maxConcurrent ?? DEFAULTS.maxConcurrent,
      ...(o.globalLimit ? { globalLimit: o.globalLimit } : {}),
      retry: o.retry ?? DEFAULTS.retry,
      sleep: o.sleep ?? realSleep,
      random: o.random ?? Math.random,
      now,
      log,
    });
    this.tokens = new TokenManager(o.auth, {
      transport: this.transport,
      now,
      log,
      sanitize: this.sanitize,
      // One slot each: a renewed token (or a rotated refresh token) replaces the old one, so the held set does not grow.
      remember: (slot, secret) => this.secrets.set(slot, secret),
    });
  }

  /** Server text kept in an error: known secrets blanked, control characters dropped, length capped. */
  private readonly sanitize = (text: string, limit = 300): string => {
    // Its own secrets, and every other secret main holds now (a setup run's provider keys: the
    // tenant may quote one back in a validation error long after the create that sent it).
    const own = this.secrets.redact(text);
    const clean = (this.o.redactor ? this.o.redactor.redact(own) : own).replace(/[\u0000-\u001f\u007f]+/g, ' ');
    return clean.length > limit ? `${clean.slice(0, limit - 3)}...` : clean;
  };

  private site(method: string, path: string): CallSite {
    return { method, path, host: this.transport.host };
  }

  private signal(options: CallOptions | undefined): AbortSignal {
    if (this.closed) throw new AppError('cancelled', 'The connection to this tenant was closed.');
    return options?.signal ?? new AbortController().signal;
  }

  /** Sends through the token and retry machinery; answers the 2xx response or throws the mapped error. */
  private async call(
    req: HttpRequest,
    options: CallOptions | undefined,
    isAnswer?: (res: RawResponse) => boolean,
  ): Promise<RawResponse | undefined> {
    const signal = this.signal(options);
    const { res, retries } = await this.transport.send(req, { signal, auth: this.tokens, ...(isAnswer ? { isAnswer } : {}) });
    if ((res.status >= 200 && res.status < 300) || isAnswer?.(res)) return res;
    // A retried DELETE may have succeeded before its answer was lost: gone is what was asked for.
    if (req.method === 'DELETE' && res.status === 404 && retries > 0) return undefined;
    const unauthorized = res.status === 401 ? this.tokens.unauthorized(res) : '';
    throw httpError(res, { ...this.site(req.method, req.path), sanitize: this.sanitize, unauthorized, retries });
  }

  private async json<S extends z.ZodType>(req: HttpRequest, schema: S, options: CallOptions | undefined): Promise<z.output<S>> {
    const res = await this.call(req, options);
    return parseAnswer(res!, schema, this.site(req.method, req.path));
  }

  private async list<S extends z.ZodType>(
    path: string,
    item: S,
    what: string,
    options: CallOptions | undefined,
    filters: Record<string, string | boolean | undefined> = {},
    key: (item: z.output<S>) => string = itemKey,
  ): Promise<z.output<S>[]> {
    const schema = pageSchema(item);
    return readAllPages(
      // skip and offset both: tenants differ in which one they read, and the other is ignored.
      ({ limit, skip }) => this.json({ method: 'GET', path, query: { ...filters, limit, skip, offset: skip } }, schema, options),
      {
        pageSize: this.pageSize,
        key,
        what,
        ...(options?.onPage ? { onPage: options.onPage } : {}),
        // Once the first page gives the total, the rest are read ahead within the tenant's own cap.
        concurrency: capNow(this.o.maxConcurrent ?? DEFAULTS.maxConcurrent),
      },
    );
  }

  async authenticate(options?: CallOptions & { reuseValidToken?: boolean }): Promise<AuthenticateResult> {
    const signal = this.signal(options);
    return abortable(this.tokens.authenticate(signal, options?.reuseValidToken ?? false), signal);
  }

  listCredentials(options?: CallOptions): Promise<LlmCredential[]> {
    return this.list(`${API_PREFIX}/llm_credentials`, llmCredentialSchema, 'LLM credentials', options);
  }

  getCredential(id: string, options?: CallOptions): Promise<LlmCredential> {
    return this.json(
      { method: 'GET', path: `${API_PREFIX}/llm_credentials/${segment(id, 'credential id')}` },
      llmCredentialSchema,
      options,
    );
  }

  createCredential(body: CreateCredentialBody, options?: CallOptions): Promise<LlmCredential> {
    const checked = checkInput(createCredentialBodySchema, body, 'credential');
    return this.secrets.during(secretValuesIn(body), () =>
      this.json({ method: 'POST', path: `${API_PREFIX}/llm_credentials`, json: checked }, llmCredentialSchema, options),
    );
  }

  patchCredential(id: string, body: Record<string, unknown>, options?: CallOptions): Promise<LlmCredential> {
    const path = `${API_PREFIX}/llm_credentials/${segment(id, 'credential id')}`;
    return this.secrets.during(secretValuesIn(body), () => this.json({ method: 'PATCH', path, json: body }, llmCredentialSchema, options));
  }

  async deleteCredential(id: string, options?: CallOptions): Promise<void> {
    await this.call({ method: 'DELETE', path: `${API_PREFIX}/llm_credentials/${segment(id, 'credential id')}` }, options);
  }

  async validateCredential(id: string, body: ValidateRequest, options?: CallOptions): Promise<ValidationResult> {
    const checked = checkInput(validateRequestSchema, body, 'validation request');
    const path = `${API_PREFIX}/llm_credentials/${segment(id, 'credential id')}/validate`;
    // The tenant passes the provider's 401/403 through, with a validation body or without one: that
    // is the provider's verdict on the key, not on our token, and must never renew the token (a new
    // OAuth token invalidates the one every other caller holds). Only the marks of a refused token
    // (an invalid_token challenge, the tenant's own words about the token) make it ours.
    const providerAnswer = (res: RawResponse) =>
      (res.status === 401 || res.status === 403) &&
      (validationResultSchema.safeParse(parsedOrUndefined(res.text)).success || !isTenantTokenFailure(res));
    const res = (await this.call({ method: 'POST', path, json: checked }, options, providerAnswer))!;
    if (res.status >= 400) return this.providerRefusal(res);
    const { valid, models, error } = parseAnswer(res, validationResultSchema, this.site('POST', path));
    const said = error !== null ? this.sanitize(error) : null;
    // A 200 that carries the provider's 401/403 in its text ("Error code: 401 - ...") is the same verdict.
    const providerStatus = valid === false ? providerStatusInText(error) : undefined;
    return providerStatus !== undefined ? { valid: false, models, error: said, providerStatus } : { valid, models, error: said };
  }

  private providerRefusal(res: RawResponse): ValidationResult {
    const parsed = validationResultSchema.safeParse(parsedOrUndefined(res.text));
    const words = parsed.success ? parsed.data.error : serverMessage(parsedOrUndefined(res.text), (t) => t);
    const models = parsed.success ? parsed.data.models : [];
    const error = words ? this.sanitize(words) : `The provider refused the credential (${res.status}).`;
    return { valid: false, models, error, providerStatus: res.status };
  }

  /** Checks one model by name (a minimal billed call at the provider): for providers that cannot list, and IDs a listing lacks. */
  validateModel(
    id: string,
    model: { provider: string; modelName: string; isEmbedding: boolean },
    options?: CallOptions,
  ): Promise<ValidationResult> {
    return this.validateCredential(
      id,
      { provider: model.provider, model_name: model.modelName, ...(model.isEmbedding ? { is_embedding: true } : {}) },
      options,
    );
  }

  listLlmConfigs(filter: LlmConfigFilter = {}, options?: CallOptions): Promise<LlmConfig[]> {
    return this.list(`${API_PREFIX}/config/llm`, llmConfigSchema, 'LLM configs', options, {
      llm_credentials_id: filter.llmCredentialsId,
      is_embedding: filter.isEmbedding,
    });
  }

  getLlmConfig(id: string, options?: CallOptions): Promise<LlmConfig> {
    return this.json({ method: 'GET', path: `${API_PREFIX}/config/llm/${segment(id, 'LLM config id')}` }, llmConfigSchema, options);
  }

  patchLlmConfig(id: string, body: Record<string, unknown>, options?: CallOptions): Promise<LlmConfig> {
    return this.json(
      { method: 'PATCH', path: `${API_PREFIX}/config/llm/${segment(id, 'LLM config id')}`, json: body },
      llmConfigSchema,
      options,
    );
  }

  async createLlmConfig(body: CreateLlmConfigBody, options?: CallOptions): Promise<LlmConfig> {
    const checked = checkInput(createLlmConfigBodySchema, body, 'LLM config');
    return this.json({ method: 'POST', path: `${API_PREFIX}/config/llm`, json: checked }, llmConfigSchema, options);
  }

  async deleteLlmConfig(id: string, options?: CallOptions): Promise<void> {
    await this.call({ method: 'DELETE', path: `${API_PREFIX}/config/llm/${segment(id, 'LLM config id')}` }, options);
  }

  getLlmPreference(options?: CallOptions): Promise<LlmPreference> {
    return this.json({ method: 'GET', path: `${API_PREFIX}/config/llm_preference` }, llmPreferenceSchema, options);
  }

  async putLlmPreference(body: LlmPreferenceUpdate, options?: CallOptions): Promise<LlmPreference> {
    const checked = checkInput(llmPreferenceUpdateSchema, body, 'LLM preference');
    const path = `${API_PREFIX}/config/llm_preference`;
    const res = await this.call({ method: 'PUT', path, json: checked }, options);
    // Some tenants may answer 204; the stored preference is then read back.
    if (res!.text.trim() === '') return this.getLlmPreference(options);
    return parseAnswer(res!, llmPreferenceSchema, this.site('PUT', path));
  }

  listFeatureOverrides(options?: CallOptions): Promise<FeatureOverride[]> {
    return this.list(
      `${API_PREFIX}/config/feature_llm_overrides`,
      featureOverrideSchema,
      'feature overrides',
      options,
      {},
      (o) => `${o.feature_type}/${o.feature_key}`,
    );
  }

  async putFeatureOverride(body: FeatureOverrideInput, options?: CallOptions): Promise<FeatureOverride> {
    const checked = checkInput(featureOverrideInputSchema, body, 'feature override');
    const path = `${API_PREFIX}/config/feature_llm_overrides`;
    const res = await this.call({ method: 'PUT', path, json: checked }, options);
    if (res!.text.trim() === '') return { ...checked, updated_at: null };
    return parseAnswer(res!, featureOverrideSchema, this.site('PUT', path));
  }

  async deleteFeatureOverride(featureType: string, featureKey: string, options?: CallOptions): Promise<void> {
    const path = `${API_PREFIX}/config/feature_llm_overrides/${segment(featureType, 'feature type')}/${segment(featureKey, 'feature key')}`;
    await this.call({ method: 'DELETE', path }, options);
  }

  listAgents(options?: CallOptions): Promise<Agent[]> {
    return this.list(`${API_PREFIX}/config/agent`, agentSchema, 'agents', options);
  }

  getAgent(id: string, options?: CallOptions): Promise<Agent> {
    return this.json({ method: 'GET', path: `${API_PREFIX}/config/agent/${segment(id, 'agent id')}` }, agentSchema, options);
  }

  patchAgentLlmConfig(id: string, body: AgentLlmUpdate, options?: CallOptions): Promise<Agent> {
    const checked = checkInput(agentLlmUpdateSchema, body, 'agent update');
    return this.json(
      { method: 'PATCH', path: `${API_PREFIX}/config/agent/${segment(id, 'agent id')}`, json: checked },
      agentSchema,
      options,
    );
  }

  async ping(options?: CallOptions): Promise<void> {
    await this.json({ method: 'GET', path: `${API_PREFIX}/config/llm`, query: { limit: 1 } }, pageSchema(llmConfigSchema), options);
  }

  dropToken(): void {
    this.tokens.forget();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.transport.close();
    this.secrets.release();
  }

  async closeWhenIdle(): Promise<void> {
    await this.transport.closeWhenIdle();
    this.closed = true;
    this.secrets.release();
  }
}

function parsedOrUndefined(text: string): unknown {
  const parsed = tryParseJson(text);
  return parsed.ok ? parsed.value : undefined;
}

/** Throws AppError('validation') for a bad base URL, auth or CA PEM. */
export function createAlationClient(options: AlationClientOptions): AlationClient {
  return new Client(options);
}
