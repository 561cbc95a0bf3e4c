// POST /ai/api/v1/llm_credentials/{id}/validate: provider fit, the key conventions, model catalogs.
import { z } from 'zod';
import {
  ANTHROPIC_MODELS,
  AZURE_DEPLOYMENTS,
  COMPATIBLE_BY_HOST,
  GENERIC_COMPATIBLE_MODELS,
  GOOGLE_MODELS,
  OPENAI_MODELS,
  bedrockModels,
  hostOf,
  isNonListing,
  syntheticModels,
  type CatalogModel,
  type SyntheticStyle,
} from './catalog';
import type { Handler, RequestCtx, Route } from './context';
import { json, parseJsonObject, validate, type Reply } from './http-util';
import type { ResolvedOptions } from './options';
import { findCredential } from './routes-credentials';
import { isMaskedSecret, type CredsType, type StoredCredential } from './state';

export const VALIDATE_PROVIDERS = ['openai', 'anthropic', 'bedrock', 'azure_openai', 'google'] as const;
export type ValidateProvider = (typeof VALIDATE_PROVIDERS)[number];

const validateBodySchema = z.object({
  provider: z.string().min(1),
  model_name: z.string().min(1).nullish(),
  is_embedding: z.boolean().nullish(),
});

const syntheticCache = new Map<string, CatalogModel[]>();
function synthetic(style: SyntheticStyle, count: number): CatalogModel[] {
  if (count === 0) return [];
  const key = `${style}:${count}`;
  let list = syntheticCache.get(key);
  if (!list) {
    list = syntheticModels(style, count);
    syntheticCache.set(key, list);
  }
  return list;
}

/** The models "the provider" knows for a credential, and whether it supports listing them. */
export function modelsFor(
  c: StoredCredential,
  provider: ValidateProvider,
  opts: Pick<ResolvedOptions, 'catalogSize' | 'nonListingBaseUrls' | 'selfHostedModels' | 'selfHostedEmbeddingModels'>,
): { listing: boolean; models: CatalogModel[] } {
  const n = opts.catalogSize;
  switch (provider) {
    case 'anthropic':
      return { listing: true, models: [...ANTHROPIC_MODELS, ...synthetic('anthropic', n)] };
    case 'bedrock':
      return { listing: true, models: [...bedrockModels(c.aws_region ?? ''), ...synthetic('bedrock', n)] };
    case 'azure_openai':
      return { listing: true, models: [...AZURE_DEPLOYMENTS, ...synthetic('azure', n)] };
    case 'google':
      return { listing: true, models: [...GOOGLE_MODELS, ...synthetic('google', n)] };
    case 'openai': {
      if (c.base_url === null) return { listing: true, models: [...OPENAI_MODELS, ...synthetic('openai', n)] };
      if (isNonListing(c.base_url, opts.nonListingBaseUrls)) {
        return {
          listing: false,
          models: [
            ...opts.selfHostedModels.map((id) => ({ id, embedding: false })),
            ...opts.selfHostedEmbeddingModels.map((id) => ({ id, embedding: true })),
            ...synthetic('compatible', n),
          ],
        };
      }
      const host = hostOf(c.base_url) ?? '';
      const known = COMPATIBLE_BY_HOST[host];
      if (known) return { listing: true, models: [...known, ...synthetic(host === 'api.openai.com' ? 'openai' : 'compatible', n)] };
      return { listing: true, models: [...GENERIC_COMPATIBLE_MODELS, ...synthetic('compatible', n)] };
    }
  }
}

const EXPECTED_PROVIDERS: Record<CredsType, string> = {
  API_KEY: '"openai" or "anthropic"',
  AWS: '"bedrock"',
  AZURE: '"azure_openai"',
  GCP: '"google"',
};

/** Why `provider` does not fit the credential for validation, or undefined when it fits. */
function validateProviderMismatch(c: StoredCredential, provider: ValidateProvider): string | undefined {
  const ok =
    (c.creds_type === 'API_KEY' && (provider === 'openai' || provider === 'anthropic')) ||
    (c.creds_type === 'AWS' && provider === 'bedrock') ||
    (c.creds_type === 'AZURE' && provider === 'azure_openai') ||
    (c.creds_type === 'GCP' && provider === 'google');
  if (!ok) return `Provider "${provider}" does not match credentials of type ${c.creds_type}: use ${EXPECTED_PROVIDERS[c.creds_type]}`;
  if (provider === 'anthropic' && c.base_url !== null)
    return 'Provider "anthropic" does not match credentials with a base_url (OpenAI-compatible): use "openai"';
  return undefined;
}

/** The secrets "the provider" checks, for the invalid/forbidden convention. */
function providerSecrets(c: StoredCredential): string[] {
  const s = c.secrets;
  const pk = s.gcp_service_account?.private_key;
  return [s.api_key, s.aws_secret_access_key, s.azure_client_secret, typeof pk === 'string' ? pk : undefined].filter(
    (v): v is string => typeof v === 'string',
  );
}

function validationAnswer(valid: boolean | null, models: string[], error: string | null): Reply {
  return json(200, { valid, models, error });
}

/**
 * The provider refused the key: how this tenant says so (`providerRefusal`). Only `validation-401`
 * has `valid`; none has a `reason` or a WWW-Authenticate header, which mark the tenant refusing our token.
 */
function providerRefusal(shape: ResolvedOptions['providerRefusal'], quoted: string | undefined): Reply {
  switch (shape) {
    case 'validation-401': {
      const message = quoted
        ? `Incorrect API key provided: ${quoted}. You can find your API key in your provider's dashboard.`
        : 'Validation failed with 401 from the provider: invalid API key or credentials';
      return json(401, { detail: message, valid: false, models: [], error: message });
    }
    case 'bare-401':
      return json(401, { detail: `Error code: 401 - Incorrect API key provided${quoted ? `: ${quoted}` : ''}` });
    case 'bare-403':
      return json(403, { detail: 'Error code: 403 - The API key is not allowed to use this resource' });
    case 'valid-false-200': {
      const inner = quoted ? `'message': 'Incorrect API key provided: ${quoted}', ` : '';
      return validationAnswer(false, [], `Error code: 401 - {'error': {${inner}'code': 'invalid_api_key'}}`);
    }
  }
}

const validateCredential: Handler = (ctx: RequestCtx, [rawId]) => {
  const body = parseJsonObject(ctx.rawBody);
  if (!body.ok) return body.reply;
  const parsed = validate(validateBodySchema, body.value, ['body']);
  if (!parsed.ok) return parsed.reply;
  const { provider: rawProvider, model_name: modelName, is_embedding: isEmbedding } = parsed.value;
  const found = findCredential(ctx, rawId);
  if (!found.ok) return found.reply;
  const c = found.credential;

  if (/^bedrock_/.test(rawProvider)) {
    return validationAnswer(false, [], 'Validate with provider "bedrock": the region is taken from the credentials');
  }
  if (!(VALIDATE_PROVIDERS as readonly string[]).includes(rawProvider)) {
    return json(422, {
      detail: [
        {
          loc: ['body', 'provider'],
          msg: `Input should be 'openai', 'anthropic', 'bedrock', 'azure_openai' or 'google'`,
          type: 'literal_error',
        },
      ],
    });
  }
  const provider = rawProvider as ValidateProvider;
  const mismatch = validateProviderMismatch(c, provider);
  if (mismatch) return validationAnswer(false, [], mismatch);

  // The tenant now calls the provider with the stored secret. A masked value ("****abcd") that a
  // client sent back in place of the secret is no key at all: the provider refuses it like an invalid one.
  const echoed = Object.values(c.secrets).some((v) => typeof v === 'string' && isMaskedSecret(v));
  const secrets = providerSecrets(c).map((s) => s.toLowerCase());
  const refusedHere = providerSecrets(c).some((s) => ctx.core.opts.rejectedSecrets.includes(s));
  if (echoed || refusedHere || secrets.some((s) => s.includes('invalid'))) {
    // Some providers quote the key back ("Incorrect API key provided: sk-..."): a key containing
    // `echo` is quoted in full, so a client's redaction of server text can be tested.
    const quoted = providerSecrets(c).find((s) => s.toLowerCase().includes('echo'));
    return providerRefusal(ctx.core.opts.providerRefusal, quoted);
  }
  if (secrets.some((s) => s.includes('forbidden'))) {
    const message = 'Validation failed with 403 from the provider: insufficient permissions (check the IAM policy or role assignments)';
    return json(403, { detail: message, valid: false, models: [], error: message });
  }

  const { listing, models } = modelsFor(c, provider, ctx.core.opts);
  if (modelName != null) {
    const model = models.find((m) => m.id === modelName);
    if (!model) return validationAnswer(false, [], 'Model not found');
    if (isEmbedding === true && !model.embedding) return validationAnswer(false, [], 'Model is not an embedding model');
    if (isEmbedding !== true && model.embedding)
      return validationAnswer(false, [], 'Model is an embedding model: validate it with is_embedding true');
    return validationAnswer(true, [model.id], null);
  }
  if (!listing) {
    return validationAnswer(null, [], 'The provider does not support model listing: validate a specific model with model_name');
  }
  const filtered =
    isEmbedding === true ? models.filter((m) => m.embedding) : isEmbedding === false ? models.filter((m) => !m.embedding) : models;
  return validationAnswer(
    true,
    filtered.map((m) => m.id),
    null,
  );
};

export const validateRoutes: Route[] = [
  { method: 'POST', pattern: /^\/ai\/api\/v1\/llm_credentials\/([^/]+)\/validate$/, auth: true, handler: validateCredential },
];
