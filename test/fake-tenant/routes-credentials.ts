// /ai/api/v1/llm_credentials: create, list, get, patch, delete (validate: routes-validate.ts).
import { z } from 'zod';
import { notFound, pathUuid, type Handler, type RequestCtx, type Route } from './context';
import { detail, json, noContent, page, parseJsonObject, parsePaging, validate, type Reply } from './http-util';
import { configProviderMismatch } from './routes-configs';
import { laterIso, newId, nowIso, publicCredential, type PublicCredential, type StoredCredential } from './state';

const optStr = z.string().nullish();

export const credentialBodySchema = z.object({
  name: z.string().min(1),
  creds_type: z.enum(['API_KEY', 'AWS', 'AZURE', 'GCP']),
  api_key: optStr,
  base_url: optStr,
  aws_access_key_id: optStr,
  aws_secret_access_key: optStr,
  aws_session_token: optStr,
  aws_region: optStr,
  azure_endpoint: optStr,
  api_version: optStr,
  azure_client_id: optStr,
  azure_client_secret: optStr,
  azure_token_url: optStr,
  gcp_project: optStr,
  gcp_location: optStr,
  gcp_service_account: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
});

type CredentialBody = z.output<typeof credentialBodySchema>;

/** Present and not blank. */
const has = (v: string | null | undefined): v is string => typeof v === 'string' && v.trim() !== '';

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value.trim());
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

const bad = (message: string): { ok: false; reply: Reply } => ({ ok: false, reply: detail(400, message) });

/**
 * Builds a stored credential from a request body, with the guide's rules per creds_type.
 * Semantic errors answer 400 `{detail: "<message>"}`; malformed bodies 422 (FastAPI style).
 */
export function credentialFromBody(input: unknown): { ok: true; credential: StoredCredential } | { ok: false; reply: Reply } {
  const parsed = validate(credentialBodySchema, input, ['body']);
  if (!parsed.ok) return parsed;
  const b: CredentialBody = parsed.value;
  const now = nowIso();
  const c: StoredCredential = {
    id: newId(),
    name: b.name,
    creds_type: b.creds_type,
    base_url: null,
    aws_region: null,
    azure_endpoint: null,
    api_version: null,
    azure_client_id: null,
    azure_token_url: null,
    gcp_project: null,
    gcp_location: null,
    created_at: now,
    updated_at: now,
    secrets: {},
  };
  switch (b.creds_type) {
    case 'API_KEY': {
      if (!has(b.api_key)) return bad('api_key is required for API_KEY creds type');
      if (has(b.base_url)) {
        if (!isHttpUrl(b.base_url)) return bad('base_url must be a valid http(s) URL');
        c.base_url = b.base_url.trim();
      }
      c.secrets.api_key = b.api_key;
      break;
    }
    case 'AWS': {
      if (!has(b.aws_region)) return bad('aws_region is required');
      if (!has(b.aws_access_key_id) || !has(b.aws_secret_access_key))
        return bad('aws_access_key_id and aws_secret_access_key are required');
      c.aws_region = b.aws_region.trim();
      c.secrets.aws_access_key_id = b.aws_access_key_id;
      c.secrets.aws_secret_access_key = b.aws_secret_access_key;
      if (has(b.aws_session_token)) c.secrets.aws_session_token = b.aws_session_token;
      break;
    }
    case 'AZURE': {
      if (!has(b.azure_endpoint) || !has(b.api_version)) return bad('azure_endpoint and api_version are required');
      if (!isHttpUrl(b.azure_endpoint)) return bad('azure_endpoint must be a valid https URL');
      const spGiven = [b.azure_client_id, b.azure_client_secret, b.azure_token_url].filter(has).length;
      if (has(b.api_key)) {
        if (spGiven > 0) return bad('Give either api_key or azure_client_id, azure_client_secret and azure_token_url, not both');
        c.secrets.api_key = b.api_key;
      } else {
        if (spGiven < 3)
          return bad('api_key, or azure_client_id, azure_client_secret and azure_token_url, are required for AZURE creds type');
        if (!isHttpUrl(b.azure_token_url!)) return bad('azure_token_url must be a valid https URL');
        c.azure_client_id = b.azure_client_id!.trim();
        c.azure_token_url = b.azure_token_url!.trim();
        c.secrets.azure_client_secret = b.azure_client_secret!;
      }
      c.azure_endpoint = b.azure_endpoint.trim();
      c.api_version = b.api_version.trim();
      break;
    }
    case 'GCP': {
      const vertexGiven = [has(b.gcp_project), has(b.gcp_location), b.gcp_service_account != null].filter(Boolean).length;
      if (has(b.api_key)) {
        if (vertexGiven > 0) return bad('Give either api_key or gcp_project, gcp_location and gcp_service_account, not both');
        c.secrets.api_key = b.api_key;
        break;
      }
      if (vertexGiven < 3) return bad('api_key, or gcp_project, gcp_location and gcp_service_account, are required for GCP creds type');
      let sa: unknown = b.gcp_service_account;
      if (typeof sa === 'string') {
        try {
          sa = JSON.parse(sa);
        } catch {
          return bad('gcp_service_account must be the service account key JSON');
        }
      }
      if (typeof sa !== 'object' || sa === null || Array.isArray(sa))
        return bad('gcp_service_account must be the service account key JSON');
      if ((sa as Record<string, unknown>).type !== 'service_account') return bad('gcp_service_account.type must be "service_account"');
      c.gcp_project = b.gcp_project!.trim();
      c.gcp_location = b.gcp_location!.trim();
      c.secrets.gcp_service_account = sa as Record<string, unknown>;
      break;
    }
  }
  return { ok: true, credential: c };
}

/** The answer view of a credential under this tenant's options. */
const view =
  (ctx: RequestCtx) =>
  (c: StoredCredential): PublicCredential =>
    publicCredential(c, ctx.core.opts.maskedSecretsInListings);

const createCredential: Handler = (ctx) => {
  const body = parseJsonObject(ctx.rawBody);
  if (!body.ok) return body.reply;
  const r = credentialFromBody(body.value);
  if (!r.ok) return r.reply;
  ctx.core.data.credentials.push(r.credential);
  return json(201, view(ctx)(r.credential));
};

// Alation's client pages credentials with skip (offset is accepted too).
const listCredentials: Handler = (ctx) => {
  const paging = parsePaging(ctx.query, ctx.core.opts, 'skip');
  if (!paging.ok) return paging.reply;
  return json(200, page(ctx.core.data.credentials, paging.value, ctx.core.opts.listShape, view(ctx)));
};

/** The credential named by a path id: 422 when malformed, 404 when unknown. */
export function findCredential(
  ctx: RequestCtx,
  rawId: string | undefined,
): { ok: true; credential: StoredCredential } | { ok: false; reply: Reply } {
  const id = pathUuid(rawId ?? '', 'credentials_id');
  if (!id.ok) return id;
  const credential = ctx.core.data.credentials.find((x) => x.id === id.id);
  return credential ? { ok: true, credential } : { ok: false, reply: notFound('LLM credentials') };
}

const getCredential: Handler = (ctx, [rawId]) => {
  const found = findCredential(ctx, rawId);
  return found.ok ? json(200, view(ctx)(found.credential)) : found.reply;
};

// ---------------------------------------------------------------- PATCH

/** Every field of a credential as a request body would give it (secrets included), for merging a patch. */
function credentialAsBody(c: StoredCredential): Record<string, unknown> {
  const { id: _id, created_at: _c, updated_at: _u, secrets, ...fields } = c;
  return { ...fields, ...structuredClone(secrets) };
}

/** Which way a credential authenticates; a patch may not switch it (create a new credential instead). */
function credentialVariant(c: StoredCredential): string {
  if (c.creds_type === 'AZURE') return c.secrets.api_key !== undefined ? 'an API key' : 'a service principal';
  if (c.creds_type === 'GCP') return c.secrets.api_key !== undefined ? 'an API key' : 'a service account';
  return c.creds_type;
}

const patchCredentialSchema = credentialBodySchema.partial();

/**
 * PATCH with only the changed fields (Alation's client rotates a key with `{"api_key": "..."}`).
 * The stored credential and the patch are merged and checked with the same rules as a POST, so a
 * patch cannot blank a required secret or give a key credential service-principal fields. `null`
 * clears an optional field (e.g. `aws_session_token`). Fake's choices: creds_type and the variant
 * (API key vs service principal / service account) cannot change, and a patch that would make a
 * config of this credential no longer fit (e.g. a new aws_region under `bedrock_<old region>`
 * configs) is refused.
 */
const patchCredential: Handler = (ctx, [rawId]) => {
  const body = parseJsonObject(ctx.rawBody);
  if (!body.ok) return body.reply;
  const parsed = validate(patchCredentialSchema, body.value, ['body']);
  if (!parsed.ok) return parsed.reply;
  const found = findCredential(ctx, rawId);
  if (!found.ok) return found.reply;
  const old = found.credential;
  const patch = parsed.value;
  if (patch.creds_type !== undefined && patch.creds_type !== old.creds_type)
    return detail(400, `creds_type cannot be changed (it is ${old.creds_type}): create new credentials instead`);

  const merged: Record<string, unknown> = credentialAsBody(old);
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) merged[key] = value;
  const r = credentialFromBody(merged);
  if (!r.ok) return r.reply;
  const next: StoredCredential = { ...r.credential, id: old.id, created_at: old.created_at, updated_at: laterIso(old.updated_at) };
  if (credentialVariant(next) !== credentialVariant(old))
    return detail(400, `These credentials use ${credentialVariant(old)}; that cannot be changed: create new credentials instead`);

  const data = ctx.core.data;
  const misfits = data.configs.filter(
    (cfg) => cfg.llm_credentials_id === old.id && configProviderMismatch(next, cfg.provider) !== undefined,
  );
  if (misfits.length > 0) {
    return detail(
      400,
      `The change does not fit ${misfits.length} LLM config(s) of these credentials ` +
        `(provider ${misfits[0]!.provider}): delete or recreate them first`,
      { llm_config_ids: misfits.map((cfg) => cfg.id) },
    );
  }
  data.credentials[data.credentials.indexOf(old)] = next;
  return json(200, view(ctx)(next));
};

const deleteCredential: Handler = (ctx, [rawId]) => {
  const found = findCredential(ctx, rawId);
  if (!found.ok) return found.reply;
  const data = ctx.core.data;
  const index = data.credentials.indexOf(found.credential);
  const users = data.configs.filter((cfg) => cfg.llm_credentials_id === found.credential.id).map((cfg) => cfg.id);
  if (users.length > 0) {
    return detail(
      409,
      `Cannot delete credentials: ${users.length} LLM config(s) still reference them. Delete the associated LLM configs first.`,
      { llm_config_ids: users },
    );
  }
  data.credentials.splice(index, 1);
  return noContent();
};

const ID = '([^/]+)';
export const credentialRoutes: Route[] = [
  { method: 'POST', pattern: /^\/ai\/api\/v1\/llm_credentials$/, auth: true, handler: createCredential },
  { method: 'GET', pattern: /^\/ai\/api\/v1\/llm_credentials$/, auth: true, handler: listCredentials },
  { method: 'GET', pattern: new RegExp(`^/ai/api/v1/llm_credentials/${ID}$`), auth: true, handler: getCredential },
  {
    method: 'PATCH',
    pattern: new RegExp(`^/ai/api/v1/llm_credentials/${ID}$`),
    auth: true,
    optional: 'patchRoutes',
    handler: patchCredential,
  },
  { method: 'DELETE', pattern: new RegExp(`^/ai/api/v1/llm_credentials/${ID}$`), auth: true, handler: deleteCredential },
];
