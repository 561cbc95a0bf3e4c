// /ai/api/v1/config/...: LLM configs, the tenant preference, and feature overrides.
import { z } from 'zod';
import { notFound, pathUuid, safeDecode, uuidSchema, type Handler, type RequestCtx, type Route } from './context';
import { extraConfigMismatch, extraConfigSchema } from './extra-config';
import {
  detail,
  json,
  listBody,
  noContent,
  page,
  parseJsonObject,
  parsePaging,
  parseQueryBool,
  validate,
  validationError,
  type Reply,
  type ValidationIssue,
} from './http-util';
import {
  FEATURE_KEYS,
  laterIso,
  newId,
  nowIso,
  publicConfig,
  type FeatureOverride,
  type FeatureType,
  type LlmConfig,
  type StoredCredential,
  type TenantState,
} from './state';

// ---------------------------------------------------------------- LLM configs

export const configBodySchema = z.object({
  name: z.string().min(1),
  provider: z.string().min(1),
  llm_credentials_id: uuidSchema,
  model_name: z.string().min(1),
  is_embedding: z.boolean().nullish(),
  embedding_dimensions: z.number().int().min(1).nullish(),
  llm_extra_config: extraConfigSchema.nullish(),
});

/** Why `provider` does not fit the credential for a config, or undefined when it fits. */
export function configProviderMismatch(c: StoredCredential, provider: string): string | undefined {
  switch (c.creds_type) {
    case 'AWS': {
      const expected = `bedrock_${c.aws_region ?? ''}`;
      if (provider === expected) return undefined;
      return `provider "${provider}" does not match the AWS credentials: use "${expected}" (bedrock_<region> with the credentials' region)`;
    }
    case 'API_KEY':
      if (provider === 'openai') return undefined;
      if (provider === 'anthropic') {
        return c.base_url === null
          ? undefined
          : 'provider "anthropic" does not match credentials with a base_url (OpenAI-compatible): use "openai"';
      }
      return `provider "${provider}" does not match API_KEY credentials: use "openai" or "anthropic"`;
    case 'AZURE':
      return provider === 'azure_openai' ? undefined : `provider "${provider}" does not match AZURE credentials: use "azure_openai"`;
    case 'GCP':
      return provider === 'google' ? undefined : `provider "${provider}" does not match GCP credentials: use "google"`;
  }
}

/** Builds a config from a request body against the current data. */
export function configFromBody(data: TenantState, input: unknown): { ok: true; config: LlmConfig } | { ok: false; reply: Reply } {
  const parsed = validate(configBodySchema, input, ['body']);
  if (!parsed.ok) return parsed;
  const b = parsed.value;
  const credId = b.llm_credentials_id.toLowerCase();
  const cred = data.credentials.find((c) => c.id === credId);
  if (!cred) return { ok: false, reply: detail(400, `llm_credentials_id ${credId} does not exist`) };
  const mismatch = configProviderMismatch(cred, b.provider);
  if (mismatch) return { ok: false, reply: detail(400, mismatch) };
  const isEmbedding = b.is_embedding ?? false;
  if (b.embedding_dimensions != null && !isEmbedding)
    return { ok: false, reply: detail(400, 'embedding_dimensions is only allowed when is_embedding is true') };
  const extra = b.llm_extra_config ?? null;
  const extraMismatch = extraConfigMismatch(b.provider, extra);
  if (extraMismatch) return { ok: false, reply: detail(400, extraMismatch) };
  const now = nowIso();
  return {
    ok: true,
    config: {
      id: newId(),
      name: b.name,
      provider: b.provider,
      llm_credentials_id: credId,
      model_name: b.model_name,
      is_embedding: isEmbedding,
      embedding_dimensions: b.embedding_dimensions ?? null,
      is_default: false,
      is_builtin: false,
      llm_extra_config: extra,
      created_at: now,
      updated_at: now,
    },
  };
}

/** The answer view of a config under this tenant's options. */
const view =
  (ctx: RequestCtx) =>
  (c: LlmConfig): Record<string, unknown> =>
    publicConfig(c, ctx.core.opts.markBuiltIns);

const createConfig: Handler = (ctx) => {
  const body = parseJsonObject(ctx.rawBody);
  if (!body.ok) return body.reply;
  const r = configFromBody(ctx.core.data, body.value);
  if (!r.ok) return r.reply;
  ctx.core.data.configs.push(r.config);
  return json(201, view(ctx)(r.config));
};

// Alation's client pages configs with offset (skip is accepted too) and may send visibility_labels,
// which the fake ignores (it has no labels).
const listConfigs: Handler = (ctx) => {
  const issues: ValidationIssue[] = [];
  const credFilter = ctx.query.get('llm_credentials_id');
  if (credFilter !== null && !uuidSchema.safeParse(credFilter).success)
    issues.push({ loc: ['query', 'llm_credentials_id'], msg: 'Input should be a valid UUID', type: 'uuid_parsing' });
  const embRaw = ctx.query.get('is_embedding');
  const embFilter = embRaw === null ? undefined : parseQueryBool(embRaw);
  if (embRaw !== null && embFilter === undefined)
    issues.push({
      loc: ['query', 'is_embedding'],
      msg: 'Input should be a valid boolean, unable to interpret input',
      type: 'bool_parsing',
    });
  const paging = parsePaging(ctx.query, ctx.core.opts, 'offset');
  if (!paging.ok) return paging.reply;
  if (issues.length > 0) return validationError(issues);
  let items = ctx.core.data.configs;
  if (credFilter !== null) items = items.filter((c) => c.llm_credentials_id === credFilter.toLowerCase());
  if (embFilter !== undefined) items = items.filter((c) => c.is_embedding === embFilter);
  return json(200, page(items, paging.value, ctx.core.opts.listShape, view(ctx)));
};

/** The config named by a path id: 422 when malformed, 404 when unknown. */
function findConfig(ctx: RequestCtx, rawId: string | undefined): { ok: true; config: LlmConfig } | { ok: false; reply: Reply } {
  const id = pathUuid(rawId ?? '', 'config_id');
  if (!id.ok) return id;
  const config = ctx.core.data.configs.find((c) => c.id === id.id);
  return config ? { ok: true, config } : { ok: false, reply: notFound('LLM config') };
}

/** 403 for built-in configs: they are read-only (fake's choice of status). */
function builtInRefusal(c: LlmConfig, action: 'deleted' | 'changed'): Reply {
  return detail(403, `"${c.name}" is a built-in LLM config: built-in configs are read-only and cannot be ${action}`);
}

const getConfig: Handler = (ctx, [rawId]) => {
  const found = findConfig(ctx, rawId);
  return found.ok ? json(200, view(ctx)(found.config)) : found.reply;
};

const patchConfigSchema = z.object({
  name: z.string().min(1).optional(),
  provider: z.string().min(1).optional(),
  llm_credentials_id: uuidSchema.optional(),
  model_name: z.string().min(1).optional(),
  is_embedding: z.boolean().optional(),
  embedding_dimensions: z.number().int().min(1).nullish(),
  llm_extra_config: extraConfigSchema.nullish(),
});

/**
 * PATCH with only the changed fields: name, model_name, is_embedding, embedding_dimensions and
 * llm_extra_config may change (`null` clears the last two). provider and llm_credentials_id may be
 * sent unchanged but not changed (a config moves to other credentials by being recreated).
 */
const patchConfig: Handler = (ctx, [rawId]) => {
  const body = parseJsonObject(ctx.rawBody);
  if (!body.ok) return body.reply;
  const parsed = validate(patchConfigSchema, body.value, ['body']);
  if (!parsed.ok) return parsed.reply;
  const found = findConfig(ctx, rawId);
  if (!found.ok) return found.reply;
  const old = found.config;
  if (old.is_builtin) return builtInRefusal(old, 'changed');
  const p = parsed.value;
  if (p.provider !== undefined && p.provider !== old.provider)
    return detail(400, `provider cannot be changed (it is "${old.provider}"): create a new LLM config instead`);
  if (p.llm_credentials_id !== undefined && p.llm_credentials_id.toLowerCase() !== old.llm_credentials_id)
    return detail(400, 'llm_credentials_id cannot be changed: create a new LLM config for the other credentials instead');
  if (p.name !== undefined && p.name !== old.name && !ctx.core.opts.renameConfigs)
    return detail(400, 'name cannot be changed: this tenant does not support renaming LLM configs');

  const next: LlmConfig = {
    ...old,
    name: p.name ?? old.name,
    model_name: p.model_name ?? old.model_name,
    is_embedding: p.is_embedding ?? old.is_embedding,
    embedding_dimensions: p.embedding_dimensions === undefined ? old.embedding_dimensions : p.embedding_dimensions,
    llm_extra_config: p.llm_extra_config === undefined ? old.llm_extra_config : p.llm_extra_config,
    updated_at: laterIso(old.updated_at),
  };
  if (next.embedding_dimensions !== null && !next.is_embedding)
    return detail(400, 'embedding_dimensions is only allowed when is_embedding is true');
  const extraMismatch = extraConfigMismatch(next.provider, next.llm_extra_config);
  if (extraMismatch) return detail(400, extraMismatch);
  const data = ctx.core.data;
  if (next.is_embedding !== old.is_embedding) {
    // The tenant default and feature overrides need a config of their kind; a flip would break them.
    const usedAsChat = data.preference.default_llm_config_id === old.id || data.featureOverrides.some((o) => o.llm_config_id === old.id);
    const usedAsEmbedding = data.preference.default_embedding_config_id === old.id;
    if (usedAsChat || usedAsEmbedding)
      return detail(400, 'is_embedding cannot change while the config is a tenant default or used by a feature override');
  }
  data.configs[data.configs.indexOf(old)] = next;
  return json(200, view(ctx)(next));
};

/** Removes a config and everything that points at it (tenant defaults, feature overrides). */
export function removeConfig(data: TenantState, id: string): boolean {
  const index = data.configs.findIndex((c) => c.id === id);
  if (index < 0) return false;
  data.configs.splice(index, 1);
  if (data.preference.default_llm_config_id === id) data.preference.default_llm_config_id = null;
  if (data.preference.default_embedding_config_id === id) {
    data.preference.default_embedding_config_id = null;
    data.embeddingIndexResets += 1;
  }
  data.featureOverrides = data.featureOverrides.filter((o) => o.llm_config_id !== id);
  return true;
}

const deleteConfig: Handler = (ctx, [rawId]) => {
  const found = findConfig(ctx, rawId);
  if (!found.ok) return found.reply;
  if (found.config.is_builtin) return builtInRefusal(found.config, 'deleted');
  removeConfig(ctx.core.data, found.config.id);
  return noContent();
};

// ---------------------------------------------------------------- preference

const preferenceBodySchema = z.object({
  default_llm_config_id: uuidSchema.nullish(),
  default_embedding_config_id: uuidSchema.nullish(),
  hide_default_models: z.boolean().nullish(),
});

const getPreference: Handler = (ctx) => json(200, ctx.core.data.preference);

const putPreference: Handler = (ctx) => {
  const body = parseJsonObject(ctx.rawBody);
  if (!body.ok) return body.reply;
  const parsed = validate(preferenceBodySchema, body.value, ['body']);
  if (!parsed.ok) return parsed.reply;
  const b = parsed.value;
  const data = ctx.core.data;
  const next = { ...data.preference };

  if (b.default_llm_config_id !== undefined) {
    if (b.default_llm_config_id === null) next.default_llm_config_id = null;
    else {
      const id = b.default_llm_config_id.toLowerCase();
      const cfg = data.configs.find((c) => c.id === id);
      if (!cfg) return detail(400, `default_llm_config_id: LLM config ${id} does not exist`);
      if (cfg.is_embedding) return detail(400, 'default_llm_config_id must reference a completion (non-embedding) LLM config');
      next.default_llm_config_id = id;
    }
  }
  if (b.default_embedding_config_id !== undefined) {
    if (b.default_embedding_config_id === null) next.default_embedding_config_id = null;
    else {
      const id = b.default_embedding_config_id.toLowerCase();
      const cfg = data.configs.find((c) => c.id === id);
      if (!cfg) return detail(400, `default_embedding_config_id: LLM config ${id} does not exist`);
      if (!cfg.is_embedding) return detail(400, 'default_embedding_config_id must reference an embedding LLM config');
      next.default_embedding_config_id = id;
    }
  }
  if (b.hide_default_models !== undefined) next.hide_default_models = b.hide_default_models ?? false;

  if (next.default_embedding_config_id !== data.preference.default_embedding_config_id) data.embeddingIndexResets += 1;
  data.preference = next;
  return json(200, next);
};

// ---------------------------------------------------------------- feature overrides

const FEATURE_TYPES = ['DEFAULT_AGENT', 'PRODUCT_AREA'] as const;

const overrideBodySchema = z.object({
  feature_type: z.enum(FEATURE_TYPES),
  feature_key: z.string().min(1),
  llm_config_id: uuidSchema,
});

function unknownFeatureKey(type: FeatureType, key: string, where: 'body' | 'path'): Reply {
  const valid = FEATURE_KEYS[type];
  return validationError([
    {
      loc: [where, 'feature_key'],
      msg: `Value error, unknown feature_key '${key}' for feature_type ${type}; valid keys: ${valid.join(', ')}`,
      type: 'value_error',
      ctx: { valid_keys: [...valid] },
    },
  ]);
}

const publicOverride = (o: FeatureOverride): FeatureOverride => ({ ...o });

// Not paged (at most one override per feature key), but in the tenant's list shape.
const listOverrides: Handler = (ctx) => {
  const items = ctx.core.data.featureOverrides.map(publicOverride);
  return json(200, listBody(ctx.core.opts.listShape, items, items.length));
};

const putOverride: Handler = (ctx) => {
  const body = parseJsonObject(ctx.rawBody);
  if (!body.ok) return body.reply;
  const parsed = validate(overrideBodySchema, body.value, ['body']);
  if (!parsed.ok) return parsed.reply;
  const b = parsed.value;
  if (!FEATURE_KEYS[b.feature_type].includes(b.feature_key)) return unknownFeatureKey(b.feature_type, b.feature_key, 'body');
  const data = ctx.core.data;
  const configId = b.llm_config_id.toLowerCase();
  const cfg = data.configs.find((c) => c.id === configId);
  if (!cfg) return detail(400, `llm_config_id: LLM config ${configId} does not exist`);
  if (cfg.is_embedding) return detail(400, 'llm_config_id must reference a completion (non-embedding) LLM config');
  const override: FeatureOverride = {
    feature_type: b.feature_type,
    feature_key: b.feature_key,
    llm_config_id: configId,
    updated_at: nowIso(),
  };
  const index = data.featureOverrides.findIndex((o) => o.feature_type === b.feature_type && o.feature_key === b.feature_key);
  if (index >= 0) data.featureOverrides[index] = override;
  else data.featureOverrides.push(override);
  return json(200, publicOverride(override));
};

const deleteOverride: Handler = (ctx, [rawType, rawKey]) => {
  const type = safeDecode(rawType ?? '');
  const key = safeDecode(rawKey ?? '');
  if (!(FEATURE_TYPES as readonly string[]).includes(type)) {
    return validationError([{ loc: ['path', 'feature_type'], msg: "Input should be 'DEFAULT_AGENT' or 'PRODUCT_AREA'", type: 'enum' }]);
  }
  const ft = type as FeatureType;
  if (!FEATURE_KEYS[ft].includes(key)) return unknownFeatureKey(ft, key, 'path');
  const data = ctx.core.data;
  const index = data.featureOverrides.findIndex((o) => o.feature_type === ft && o.feature_key === key);
  if (index < 0) return notFound(`Feature override ${ft}/${key}`);
  data.featureOverrides.splice(index, 1);
  return noContent();
};

const SEG = '([^/]+)';
export const configRoutes: Route[] = [
  { method: 'POST', pattern: /^\/ai\/api\/v1\/config\/llm$/, auth: true, handler: createConfig },
  { method: 'GET', pattern: /^\/ai\/api\/v1\/config\/llm$/, auth: true, handler: listConfigs },
  { method: 'GET', pattern: new RegExp(`^/ai/api/v1/config/llm/${SEG}$`), auth: true, handler: getConfig },
  { method: 'PATCH', pattern: new RegExp(`^/ai/api/v1/config/llm/${SEG}$`), auth: true, optional: 'patchRoutes', handler: patchConfig },
  { method: 'DELETE', pattern: new RegExp(`^/ai/api/v1/config/llm/${SEG}$`), auth: true, handler: deleteConfig },
  { method: 'GET', pattern: /^\/ai\/api\/v1\/config\/llm_preference$/, auth: true, handler: getPreference },
  { method: 'PUT', pattern: /^\/ai\/api\/v1\/config\/llm_preference$/, auth: true, handler: putPreference },
  { method: 'GET', pattern: /^\/ai\/api\/v1\/config\/feature_llm_overrides$/, auth: true, handler: listOverrides },
  { method: 'PUT', pattern: /^\/ai\/api\/v1\/config\/feature_llm_overrides$/, auth: true, handler: putOverride },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/ai/api/v1/config/feature_llm_overrides/${SEG}/${SEG}$`),
    auth: true,
    handler: deleteOverride,
  },
];
