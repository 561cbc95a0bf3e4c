// Writes that survive a lost answer. A POST is never retried blindly (it would make a duplicate);
// instead, when its answer is lost, the tenant is listed by name to find out whether it landed,
// and what landed is adopted. A create that finds its twin already there adopts that too, so a
// retried config or credential never makes a duplicate.
import { AppError } from '../../src-shared/errors';
import { isMaskedValue, maskedValueMatches } from '../../src-shared/inventory';
import { allSecretFieldKeys, isSecretField } from '../../src-shared/providers/credential-schema';
import { providerCatalog } from '../../src-shared/providers/catalog';
import type { AlationClient, CallOptions } from './client';
import { mayHaveReachedTenant } from './errors';
import type { CreateCredentialBody, CreateLlmConfigBody, LlmConfig, LlmCredential } from './types';

export interface Adopted<T> {
  value: T;
  /** It was already on the tenant (a lost answer, or an earlier attempt): nothing new was made. */
  adopted: boolean;
}

/**
 * What recognizes a credential this app sent: its name, the non-secret fields it set, and the
 * last characters of each secret (a listing shows secrets masked to their last 4). Never the
 * secrets themselves: this is kept in memory while a setup run lives.
 */
export interface CredentialFingerprint {
  name: string;
  identity: Record<string, string>;
  tails: Record<string, string>;
}

/**
 * What a caller must remember when even the lookup failed: a credential with this fingerprint may
 * have landed, and it is not one of `knownIds` (those were there before).
 */
export interface UnconfirmedCredential {
  fingerprint: CredentialFingerprint;
  knownIds: string[];
}

/** Non-secret fields of any variant, by which a landed credential is recognized (besides its name). */
const identityFields = [
  'creds_type',
  ...new Set(providerCatalog.flatMap((v) => v.fields.filter((f) => !isSecretField(f) && f.key !== 'name').map((f) => f.key))),
];

const norm = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

export function fingerprintOf(body: CreateCredentialBody): CredentialFingerprint {
  const identity: Record<string, string> = {};
  for (const key of identityFields) if (typeof body[key] === 'string') identity[key] = (body[key] as string).trim();
  const tails: Record<string, string> = {};
  for (const key of allSecretFieldKeys)
    if (typeof body[key] === 'string' && (body[key] as string).length >= 8) tails[key] = (body[key] as string).slice(-4);
  return { name: body.name, identity, tails };
}

/**
 * The listed credential is the one fingerprinted: same name and non-secret fields, and where the
 * listing shows a masked secret, its visible end is the end of the secret that was sent. Another
 * admin's credential of the same name made meanwhile, with another key, does not match.
 */
export function matchesFingerprint(listed: LlmCredential, fp: CredentialFingerprint): boolean {
  if (listed.name !== fp.name) return false;
  const fields = listed as Record<string, unknown>;
  for (const [key, value] of Object.entries(fp.identity)) {
    const shown = norm(fields[key]);
    // A listing may mask a non-secret field too (the fake masks the AWS access key ID).
    if (shown !== value && !(isMaskedValue(shown) && maskedValueMatches(shown, value))) return false;
  }
  for (const [key, tail] of Object.entries(fp.tails)) {
    const shown = fields[key];
    if (isMaskedValue(shown) && !maskedValueMatches(shown, tail)) return false;
  }
  return true;
}

/** The listed config is the one the body would make. */
export function configMatches(listed: LlmConfig, body: CreateLlmConfigBody): boolean {
  return (
    listed.name === body.name &&
    listed.model_name === body.model_name &&
    (listed.llm_credentials_id ?? null) === body.llm_credentials_id &&
    Boolean(listed.is_embedding) === Boolean(body.is_embedding)
  );
}

/**
 * POST /llm_credentials once. `knownIds`: ids of credentials by this name that were on the tenant
 * before (read now when not given). When the answer is lost, the one new credential by this name
 * with the same non-secret fields is adopted. When that lookup fails too, the error says so in
 * `details.unconfirmed`, for the caller to look again later.
 */
export async function createCredentialSafely(
  client: AlationClient,
  body: CreateCredentialBody,
  options: CallOptions & { knownIds?: readonly string[] } = {},
): Promise<Adopted<LlmCredential>> {
  const knownIds = options.knownIds ?? (await client.listCredentials(options)).filter((c) => c.name === body.name).map((c) => c.id);
  const unconfirmed: UnconfirmedCredential = { fingerprint: fingerprintOf(body), knownIds: [...knownIds] };
  try {
    return { value: await client.createCredential(body, options), adopted: false };
  } catch (error) {
    if (!mayHaveReachedTenant(error)) throw error;
    let landed: LlmCredential | undefined;
    try {
      landed = await findLandedCredential(client, unconfirmed, options);
    } catch {
      throw withUnconfirmed(error as AppError, unconfirmed);
    }
    if (landed) return { value: landed, adopted: true };
    throw error;
  }
}

/** The credential with this fingerprint that was not there before, if it landed. */
export async function findLandedCredential(
  client: AlationClient,
  unconfirmed: UnconfirmedCredential,
  options: CallOptions = {},
): Promise<LlmCredential | undefined> {
  const known = new Set(unconfirmed.knownIds);
  return (await client.listCredentials(options)).find((c) => !known.has(c.id) && matchesFingerprint(c, unconfirmed.fingerprint));
}

/** What a config is made of, in the app's words. */
export interface LlmConfigSpec {
  name: string;
  provider: string;
  credentialId: string;
  modelName: string;
  isEmbedding: boolean;
  dimensions?: number | null;
  extraConfig?: CreateLlmConfigBody['llm_extra_config'];
}

/** The POST body of a config: the embedding fields for an embedding model, the extra config when there is one. */
export function llmConfigBody(c: LlmConfigSpec): CreateLlmConfigBody {
  return {
    name: c.name,
    provider: c.provider,
    llm_credentials_id: c.credentialId,
    model_name: c.modelName,
    ...(c.isEmbedding ? { is_embedding: true, ...(c.dimensions ? { embedding_dimensions: c.dimensions } : {}) } : {}),
    ...(c.extraConfig ? { llm_extra_config: c.extraConfig } : {}),
  };
}

/**
 * Makes the config unless its twin (same name, model, credential and kind) is there already.
 * `existing`: the credential's configs as just read, to spare a list; read now when not given.
 */
export async function createLlmConfigSafely(
  client: AlationClient,
  body: CreateLlmConfigBody,
  options: CallOptions & { existing?: readonly LlmConfig[] } = {},
): Promise<Adopted<LlmConfig>> {
  const listMine = () => client.listLlmConfigs({ llmCredentialsId: body.llm_credentials_id }, options);
  const twin = (options.existing ?? (await listMine())).find((c) => configMatches(c, body));
  if (twin) return { value: twin, adopted: true };
  try {
    return { value: await client.createLlmConfig(body, options), adopted: false };
  } catch (error) {
    if (!mayHaveReachedTenant(error)) throw error;
    // A look that fails finds nothing: the write's own error stands.
    const landed = await listMine().then(
      (mine) => mine.find((c) => configMatches(c, body)),
      () => undefined,
    );
    if (landed) return { value: landed, adopted: true };
    throw error;
  }
}

function withUnconfirmed(error: AppError, unconfirmed: UnconfirmedCredential): AppError {
  return new AppError(
    error.code,
    `${error.message} The credential “${unconfirmed.fingerprint.name}” may ` +
      `have been created anyway; BYOM Desk will look for it before trying again.`,
    { ...error.details, unconfirmed },
  );
}
