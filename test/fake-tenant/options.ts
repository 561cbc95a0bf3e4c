// Options of the fake tenant (programmatic and CLI).
import { z } from 'zod';
import {
  DEFAULT_NON_LISTING_BASE_URLS,
  DEFAULT_SELF_HOSTED_EMBEDDING_MODELS,
  DEFAULT_SELF_HOSTED_MODELS,
} from './catalog';
import { FAULT_KINDS, faultRuleSchema, parseFaultSpec, type FaultRule } from './faults';

const nonNegInt = z.number().int().min(0);

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
    refreshTokenTtlSeconds: z.number().positive().default(60 * 86_400),

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
  });

export type FakeTenantOptions = z.input<typeof fakeTenantOptionsSchema>;
export type ResolvedOptions = z.output<typeof fakeTenantOptionsSchema>;

export function resolveOptions(options: FakeTenantOptions = {}): ResolvedOptions {
  return fakeTenantOptionsSchema.parse(options);
}

export const CLI_HELP = `Usage: npm run fake-tenant -- [options]

Starts a fake Alation tenant on 127.0.0.1 and prints one JSON line when ready.

  --port N                      port (0 = free port; default 0)
  --tls                         HTTPS with a certificate made at start; prints caFile
  --client-id S, --client-secret S, --api-access-token S, --refresh-token S, --user-id N
                                fixed credentials instead of random ones
  --token-ttl SEC               OAuth access token lifetime (default 3600)
  --api-token-ttl SEC           API access token lifetime (default 86400)
  --refresh-token-ttl SEC       refresh token lifetime (default 60 days)
  --seed-credentials N          credentials created at start (default 0)
  --seed-configs N              LLM configs created at start (default 0)
  --seed-preference             defaults and two feature overrides from the seeded configs
  --no-built-in-configs         no system-provided configs (GPT-5, ...; default: present)
  --no-built-in-marker          answers leave out is_builtin (llm_credentials_id null is the only tell)
  --no-masked-secrets           credential answers leave secret fields out instead of "****abcd"
  --list-shape S                data ({data,total}; default), results ({results,count}) or array
  --patch-routes S              supported (default), 405 or 404: PATCH of credentials and configs
  --no-patch                    same as --patch-routes 405 (an older tenant)
  --no-rename-configs           PATCH of a config refuses a new name
  --latency MS                  fixed latency per request (default 0)
  --jitter MS                   random extra latency 0..MS (default 0)
  --fault SPEC                  fault rule, repeatable: kind=429,path=/ai/api/v1/config/llm,method=GET,
                                times=1,retryAfter=1,rate=0.5,phase=after (or a JSON object)
  --fault-rate R                shorthand: every request gets a fault with probability R ...
  --fault-kinds K1,K2           ... of one of these kinds (default 500,502,503,429)
  --random-seed N               seed for fault rates and jitter
  --page-size N                 default page size of lists (default 100)
  --max-page-size N             largest limit honoured (default 1000)
  --catalog-size N              synthetic model ids added to every provider list (default 0)
  --no-listing-base-url U       base URL prefix or host without model listing; repeatable;
                                replaces the default set
  --self-hosted-models A,B      model ids known on non-listing base URLs (chat)
  --self-hosted-embedding-models A,B
                                model ids known on non-listing base URLs (embedding)
  --log                         print each request to stderr
  --help                        this text

Fault kinds: ${FAULT_KINDS.join(', ')}.
`;

export interface CliParseResult {
  options: FakeTenantOptions;
  help: boolean;
}

const NUMBER_FLAGS: Record<string, keyof FakeTenantOptions> = {
  '--port': 'port',
  '--user-id': 'userId',
  '--token-ttl': 'tokenTtlSeconds',
  '--api-token-ttl': 'apiTokenTtlSeconds',
  '--refresh-token-ttl': 'refreshTokenTtlSeconds',
  '--seed-credentials': 'seedCredentials',
  '--seed-configs': 'seedConfigs',
  '--latency': 'latencyMs',
  '--jitter': 'jitterMs',
  '--random-seed': 'randomSeed',
  '--page-size': 'pageSize',
  '--max-page-size': 'maxPageSize',
  '--catalog-size': 'catalogSize',
};
const STRING_FLAGS: Record<string, keyof FakeTenantOptions> = {
  '--client-id': 'clientId',
  '--client-secret': 'clientSecret',
  '--api-access-token': 'apiAccessToken',
  '--refresh-token': 'refreshToken',
  '--list-shape': 'listShape',
  '--patch-routes': 'patchRoutes',
};
/** Flags without a value that set a boolean option. */
const SWITCH_FLAGS: Record<string, [keyof FakeTenantOptions, unknown]> = {
  '--tls': ['tls', true],
  '--log': ['logRequests', true],
  '--seed-preference': ['seedPreference', true],
  '--no-built-in-configs': ['builtInConfigs', false],
  '--no-built-in-marker': ['markBuiltIns', false],
  '--no-masked-secrets': ['maskedSecretsInListings', false],
  '--no-patch': ['patchRoutes', '405'],
  '--no-rename-configs': ['renameConfigs', false],
};
const LIST_FLAGS: Record<string, keyof FakeTenantOptions> = {
  '--self-hosted-models': 'selfHostedModels',
  '--self-hosted-embedding-models': 'selfHostedEmbeddingModels',
};

/** Parses CLI arguments (`--flag value` or `--flag=value`). Throws with a readable message on error. */
export function parseCliArgs(argv: readonly string[]): CliParseResult {
  const out: Record<string, unknown> = {};
  const faults: FaultRule[] = [];
  const nonListing: string[] = [];
  let faultRate: number | undefined;
  let faultKinds: string[] | undefined;
  let help = false;

  const args = [...argv];
  while (args.length > 0) {
    let arg = args.shift()!;
    let inlineValue: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inlineValue = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const value = (): string => {
      if (inlineValue !== undefined) return inlineValue;
      const v = args.shift();
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const num = (): number => {
      const raw = value();
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`${arg} needs a number, got "${raw}"`);
      return n;
    };

    if (arg === '--help' || arg === '-h') help = true;
    else if (arg in SWITCH_FLAGS) {
      const [key, v] = SWITCH_FLAGS[arg]!;
      out[key] = v;
    }
    else if (arg in NUMBER_FLAGS) out[NUMBER_FLAGS[arg]!] = num();
    else if (arg in STRING_FLAGS) out[STRING_FLAGS[arg]!] = value();
    else if (arg in LIST_FLAGS)
      out[LIST_FLAGS[arg]!] = value()
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    else if (arg === '--fault') {
      const spec = value();
      try {
        faults.push(parseFaultSpec(spec));
      } catch (e) {
        throw new Error(`--fault "${spec}": ${e instanceof z.ZodError ? z.prettifyError(e) : String(e)}`);
      }
    } else if (arg === '--fault-rate') faultRate = num();
    else if (arg === '--fault-kinds')
      faultKinds = value()
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    else if (arg === '--no-listing-base-url') nonListing.push(value());
    else throw new Error(`Unknown option: ${arg}`);
  }

  if (faultRate !== undefined) {
    faults.push(
      faultRuleSchema.parse({
        kind: faultKinds ?? ['500', '502', '503', '429'],
        rate: faultRate,
      }),
    );
  } else if (faultKinds !== undefined) {
    throw new Error('--fault-kinds needs --fault-rate');
  }
  if (faults.length > 0) out.faults = faults;
  if (nonListing.length > 0) out.nonListingBaseUrls = nonListing;

  const parsed = fakeTenantOptionsSchema.safeParse(out);
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  return { options: out as FakeTenantOptions, help };
}
