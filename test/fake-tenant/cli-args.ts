// The command line of the fake tenant: its help text and the parser of its flags.
import { z } from 'zod';
import { FAULT_KINDS, faultRuleSchema, parseFaultSpec, type FaultRule } from './faults';
import { fakeTenantOptionsSchema, oauthAppSchema, type FakeTenantOptions, type OAuthAppOption } from './options';

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
  --ai-accepts-token-header     the AI API also takes the TOKEN header (default: Bearer only)
  --no-ai-legacy-tokens         the AI API refuses API access tokens, even as Bearer
  --forbidden-for-superseded    a superseded token gets 403 instead of 401
  --error-body-shape S          detail ({detail}; default) or error-message ({error, message})
  --create-token-fails          createAPIAccessToken answers 200 {status: "failed"}
  --no-discovery                no /.well-known/oauth-authorization-server (404)
  --oauth-app SPEC              an OAuth client app for browser sign-in, repeatable:
                                clientId=ID,redirectUris=URI1|URI2[,clientSecret=S][,pkceRequired=false]
                                (or a JSON object)
  --user-token-ttl SEC          browser sign-in access token lifetime (default 3600)
  --user-refresh-token-ttl SEC  browser sign-in refresh token lifetime (default 30 days)
  --user-name S                 the signed-in user shown on the consent page (default Fake Admin)
  --seed-agents N               agents created at start over the seeded configs (default 0)
  --no-agent-routes             no /ai/api/v1/config/agent routes (404)
  --provider-refusal S          validation-401 (default), bare-401, bare-403 or valid-false-200
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
  '--user-token-ttl': 'userTokenTtlSeconds',
  '--user-refresh-token-ttl': 'userRefreshTokenTtlSeconds',
  '--seed-agents': 'seedAgents',
};
const STRING_FLAGS: Record<string, keyof FakeTenantOptions> = {
  '--client-id': 'clientId',
  '--client-secret': 'clientSecret',
  '--api-access-token': 'apiAccessToken',
  '--refresh-token': 'refreshToken',
  '--list-shape': 'listShape',
  '--patch-routes': 'patchRoutes',
  '--user-name': 'userName',
  '--error-body-shape': 'errorBodyShape',
  '--provider-refusal': 'providerRefusal',
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
  '--ai-accepts-token-header': ['aiAcceptsTokenHeader', true],
  '--no-ai-legacy-tokens': ['aiAcceptsLegacyTokens', false],
  '--forbidden-for-superseded': ['forbiddenForSupersededTokens', true],
  '--create-token-fails': ['createTokenAnswersFailed', true],
  '--no-discovery': ['discovery', false],
  '--no-agent-routes': ['agentRoutes', false],
};

/** Parses `--oauth-app`: `clientId=ID,redirectUris=URI1|URI2,clientSecret=S,pkceRequired=false`, or JSON. */
export function parseOAuthAppSpec(spec: string): OAuthAppOption {
  const trimmed = spec.trim();
  if (trimmed.startsWith('{')) return oauthAppSchema.parse(JSON.parse(trimmed));
  const raw: Record<string, unknown> = {};
  for (const part of trimmed.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new Error(`"${part}" is not key=value`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 'redirectUris')
      raw[key] = value
        .split('|')
        .map((u) => u.trim())
        .filter((u) => u !== '');
    else if (key === 'pkceRequired') raw[key] = value === 'true' ? true : value === 'false' ? false : value;
    else raw[key] = value;
  }
  return oauthAppSchema.parse(raw);
}
const LIST_FLAGS: Record<string, keyof FakeTenantOptions> = {
  '--self-hosted-models': 'selfHostedModels',
  '--self-hosted-embedding-models': 'selfHostedEmbeddingModels',
};

/** Parses CLI arguments (`--flag value` or `--flag=value`). Throws with a readable message on error. */
export function parseCliArgs(argv: readonly string[]): CliParseResult {
  const out: Record<string, unknown> = {};
  const faults: FaultRule[] = [];
  const oauthApps: OAuthAppOption[] = [];
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
    } else if (arg in NUMBER_FLAGS) out[NUMBER_FLAGS[arg]!] = num();
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
    } else if (arg === '--oauth-app') {
      const spec = value();
      try {
        oauthApps.push(parseOAuthAppSpec(spec));
      } catch (e) {
        throw new Error(`--oauth-app "${spec}": ${e instanceof z.ZodError ? z.prettifyError(e) : String(e)}`);
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
  if (oauthApps.length > 0) out.oauthApps = oauthApps;

  const parsed = fakeTenantOptionsSchema.safeParse(out);
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  return { options: out as FakeTenantOptions, help };
}
