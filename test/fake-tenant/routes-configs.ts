// /ai/api/v1/config/...: LLM configs, the tenant preference, and feature overrides.
import { z } from 'zod';
import { notFound, pathUuid, safeDecode, uuidSchema, type Handler, type Route } from './context';
import {
  detail,
  json,
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
  newId,
  nowIso,
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
      created_at: now,
      updated_at: now,
    },
  };
}

const createConfig: Handler = (ctx) => {
  const body = parseJsonObject(ctx.rawBody);
  if (!body.ok) return body.reply;
  const r = configFromBody(ctx.core.data, body.value);
  if (!r.ok) return r.reply;
  ctx.core.data.configs.push(r.config);
  return json(201, r.config);
};

const listConfigs: Handler = (ctx) => {
  const issues: ValidationIssue[] = [];
  const credFilter = ctx.query.get('llm_credentials_id');
  if (credFilter !== null && !uuidSchema.safeParse(credFilter).success)
    issues.push({ loc: ['query', 'llm_credentials_id'], msg: 'Input should be a valid UUID', type: 'uuid_parsing' });
  const embRaw = ctx.query.get('is_embedding');
  const embFilter = embRaw === null ? undefined : parseQueryBool(embRaw);
  if (embRaw !== null && embFilter === undefined)
    issues.push({ loc: ['query', 'is_embedding'], msg: 'Input should be a valid boolean, unable to interpret input', type: 'bool_parsing' });
  const paging = parsePaging(ctx.query, ctx.core.opts);
  if (!paging.ok) return paging.reply;
  if (issues.length > 0) return validationError(issues);
  let items = ctx.core.data.configs;
  if (credFilter !== null) items = items.filter((c) => c.llm_credentials_id === credFilter.toLowerCase());
  if (embFilter !== undefined) items = items.filter((c) => c.is_embedding === embFilter);
  return json(200, page(items, paging.value));
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
  const id = pathUuid(rawId ?? '', 'config_id');
  if (!id.ok) return id.reply;
  return removeConfig(ctx.core.data, id.id) ? noContent() : notFound('LLM config');
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

const listOverrides: Handler = (ctx) => {
  const items = ctx.core.data.featureOverrides.map(publicOverride);
  return json(200, { data: items, total: items.length });
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
    return validationError([
      { loc: ['path', 'feature_type'], msg: "Input should be 'DEFAULT_AGENT' or 'PRODUCT_AREA'", type: 'enum' },
    ]);
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
