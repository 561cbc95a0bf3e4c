// Options of the fake tenant (programmatic and CLI).
import { z } from 'zod';
import { DEFAULT_NON_LISTING_BASE_URLS, DEFAULT_SELF_HOSTED_EMBEDDING_MODELS, DEFAULT_SELF_HOSTED_MODELS } from './catalog';
import { faultRuleSchema } from './faults';
import { redirectUriProblem } from './user-oauth';

const nonNegInt = z.number().int().min(0);

/** An OAuth client application for browser sign-in: public without a secret, confidential with one. */
export const oauthAppSchema = z
  .object({
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    /** Matched exactly. http only for localhost / 127.0.0.1 (Alation's rule). */
    redirectUris: z
      .array(z.string().min(1))
      .min(1)
      .superRefine((uris, ctx) => {
        for (const uri of uris) {
          const problem = redirectUriProblem(uri);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }
      }),
    /** Refuse authorization requests without PKCE. Default true; public apps always require it. */
    pkceRequired: z.boolean().optional(),
  })
  .strict();
export type OAuthAppOption = z.infer<typeof oauthAppSchema>;

export const fakeTenantOptionsSchema = z
  .object({
    /** TCP port on 127.0.0.1; 0 picks a free one. */
    port: z.number().int().min(0).max(65535).default(0),
    /** Serve HTTPS with a certificate made at start (CA written to a temp file). */
    tls: z.boolean().default(false),

    /** OAuth client credentials and the ready-made tokens. Random per start when not given. */
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    apiAccessToken: z.string().min(1).optional(),
    refreshToken: z.string().min(1).optional(),
    userId: z.number().int().min(1).optional(),

    /** Lifetime (seconds) of OAuth access tokens from /oauth/v2/token/. */
    tokenTtlSeconds: z.number().positive().default(3600),
    /** Lifetime (seconds) of API access tokens (the start token and createAPIAccessToken ones). */
    apiTokenTtlSeconds: z.number().positive().default(86_400),
    /** Lifetime (seconds) of the refresh token, counted from start. */
    refreshTokenTtlSeconds: z
      .number()
      .positive()
      .default(60 * 86_400),

    /** Seed data: credentials made at start (cycling through the eight variants of the guide). */
    seedCredentials: nonNegInt.default(0),
    /** Seed data: LLM configs made at start, spread over the seeded credentials. */
    seedConfigs: nonNegInt.default(0),
    /**
     * Seed data: a default LLM and embedding config from the seeded configs and two feature
     * overrides, so an inventory has defaults and overrides to show. Needs seedConfigs >= 1.
     */
    seedPreference: z.boolean().default(false),

    /** The read-only, system-provided configs every tenant has (GPT-5, Claude Sonnet 4.5 per region, ...). */
    builtInConfigs: z.boolean().default(true),
    /**
     * Answers mark built-in configs with `is_builtin: true` (and others with `is_builtin: false`).
     * False leaves the field out, as a tenant that does not flag them: `llm_credentials_id: null` is
     * then the only tell.
     */
    markBuiltIns: z.boolean().default(true),
    /**
     * Credential answers show each secret field masked to its last 4 characters (`"****abcd"`, null
     * when not set), as Alation's client notes say. False leaves the secret fields out.
     */
    maskedSecretsInListings: z.boolean().default(true),
    /** Shape of every list answer: `{data, total}` (documented), `{results, count}`, or a bare array. */
    listShape: z.enum(['data', 'results', 'array']).default('data'),
    /**
     * `PATCH /llm_credentials/{id}` and `PATCH /config/llm/{id}`: `supported`, or missing as on an
     * older tenant, answering `405` `{"detail": "Method Not Allowed"}` or `404` `{"detail": "Not Found"}`.
     */
    patchRoutes: z.enum(['supported', '405', '404']).default('supported'),
    /** False: PATCH of a config refuses a new `name` (400), as on a tenant that cannot rename configs. */
    renameConfigs: z.boolean().default(true),

    /** Fixed latency added to every request (ms). */
    latencyMs: nonNegInt.default(0),
    /** Random extra latency, uniform in [0, jitterMs] (ms). */
    jitterMs: nonNegInt.default(0),
    /** Fault rules active from start (see faults.ts). */
    faults: z.array(faultRuleSchema).default([]),
    /** Seed of the pseudo-random generator (fault rates, jitter). Random when not given. */
    randomSeed: z.number().int().optional(),

    /** Page size of list endpoints when the client gives no `limit`. */
    pageSize: z.number().int().min(1).default(100),
    /** Largest `limit` honoured; bigger limits are silently clamped to it. */
    maxPageSize: z.number().int().min(1).default(1000),

    /** Synthetic model ids appended to every provider's model list (large-catalog benchmarks). */
    catalogSize: nonNegInt.default(0),
    /** OpenAI-compatible base URLs (prefixes) or hosts that do not support model listing. */
    nonListingBaseUrls: z.array(z.string()).default([...DEFAULT_NON_LISTING_BASE_URLS]),
    /** Model ids accepted by model-specific validation on non-listing base URLs. */
    selfHostedModels: z.array(z.string().min(1)).default([...DEFAULT_SELF_HOSTED_MODELS]),
    selfHostedEmbeddingModels: z.array(z.string().min(1)).default([...DEFAULT_SELF_HOSTED_EMBEDDING_MODELS]),

    /**
     * Secrets "the provider" refuses (401) when this tenant validates them, as a key restricted to
     * other networks would be: the same key can then be good on one tenant and refused on another.
     */
    rejectedSecrets: z.array(z.string().min(1)).default([]),

    /**
     * The AI API (`/ai/...`) takes `Authorization: Bearer <token>` only, as Alation's clients send it.
     * True also accepts the `TOKEN` header there (the fake's old behaviour, for legacy tests).
     */
    aiAcceptsTokenHeader: z.boolean().default(false),
    /** False: the AI API refuses API access tokens even as Bearer (401, reason `legacy_token`). A guess. */
    aiAcceptsLegacyTokens: z.boolean().default(true),
    /** A superseded token gets 403 instead of 401 on the AI API (Alation's CLI and SDK allow for it). */
    forbiddenForSupersededTokens: z.boolean().default(false),
    /** Error bodies of the AI API: FastAPI's `{detail}`, or `{error, message}` as Alation's SDK reads them. */
    errorBodyShape: z.enum(['detail', 'error-message']).default('detail'),
    /** createAPIAccessToken answers 200 `{status: "failed", message}` (Alation's SDK checks for it). */
    createTokenAnswersFailed: z.boolean().default(false),

    /** Browser sign-in: serve `/.well-known/oauth-authorization-server` (false: 404). */
    discovery: z.boolean().default(true),
    /** OAuth client applications registered at start (more with `registerOAuthApp()`). */
    oauthApps: z.array(oauthAppSchema).default([]),
    /** Lifetime (seconds) of access tokens from browser sign-in. */
    userTokenTtlSeconds: z.number().positive().default(3600),
    /** Lifetime (seconds) of refresh tokens from browser sign-in, each counted from its issue. */
    userRefreshTokenTtlSeconds: z
      .number()
      .positive()
      .default(30 * 86_400),
    /** The name of the signed-in user the consent page shows. */
    userName: z.string().min(1).default('Fake Admin'),

    /** Seed data: agents made at start, spread over the seeded completion configs. */
    seedAgents: nonNegInt.default(0),
    /** False: no `/ai/api/v1/config/agent` routes (404), as on a tenant without them. */
    agentRoutes: z.boolean().default(true),
    /**
     * How validate reports the provider refusing a key (rejectedSecrets, the `invalid` convention, an
     * echoed mask): `validation-401` (401 with `valid: false`), `bare-401` / `bare-403` (only a
     * `detail`), `valid-false-200` (200, `valid: false`, "Error code: 401" in `error`).
     */
    providerRefusal: z.enum(['validation-401', 'bare-401', 'bare-403', 'valid-false-200']).default('validation-401'),

    /** Print one line per request to stderr. */
    logRequests: z.boolean().default(false),
  })
  .strict()
  .refine((o) => o.seedConfigs === 0 || o.seedCredentials > 0, {
    message: 'seedConfigs needs at least one seed credential',
    path: ['seedConfigs'],
  })
  .refine((o) => !o.seedPreference || o.seedConfigs > 0, {
    message: 'seedPreference needs at least one seed config',
    path: ['seedPreference'],
  })
  .refine((o) => o.seedAgents === 0 || o.seedConfigs > 0, {
    message: 'seedAgents needs at least one seed config',
    path: ['seedAgents'],
  })
  .refine((o) => new Set(o.oauthApps.map((a) => a.clientId)).size === o.oauthApps.length, {
    message: 'oauthApps: client ids must be unique',
    path: ['oauthApps'],
  });

export type FakeTenantOptions = z.input<typeof fakeTenantOptionsSchema>;
export type ResolvedOptions = z.output<typeof fakeTenantOptionsSchema>;

export function resolveOptions(options: FakeTenantOptions = {}): ResolvedOptions {
  return fakeTenantOptionsSchema.parse(options);
}
