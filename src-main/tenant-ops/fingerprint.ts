// A create whose answer was lost (a reset, a timeout after sending, the app killed while it was on
// the wire) may have landed. It is found again ONE way, whoever looks (the write itself, a roll
// back, a resume after a crash): by its fingerprint, the name plus the non-secret fields it was
// sent with (safe-writes.ts), among what was not on the tenant before. The fingerprint is
// journaled with the create's intent, so it is known after a crash too. Never a secret: a
// credential's fingerprint keeps at most the last 4 characters of each secret, which the tenant's
// own listing shows (`****abcd`) and the inventory keeps already.
import { z } from 'zod';
import type { AlationClient, CallOptions } from '../alation/client';
import { configMatches, findLandedCredential, fingerprintOf } from '../alation/safe-writes';
import type { CreateCredentialBody, CreateLlmConfigBody } from '../alation/types';

const text = z.string().max(2000);

export const credentialFingerprintSchema = z.object({
  kind: z.literal('credential'),
  name: text,
  /** Non-secret fields as sent (creds_type, base URL, region...). */
  identity: z.record(z.string(), text),
  /** The last 4 characters of each secret, as a listing shows them masked. */
  tails: z.record(z.string(), z.string().max(4)),
  /** Credentials of this name on the tenant before the create: never taken for the one it made. */
  knownIds: z.array(z.string()),
});

export const configFingerprintSchema = z.object({
  kind: z.literal('config'),
  name: text,
  modelName: text,
  credentialId: z.string(),
  /** Absent in a journal from before it was kept: then either kind matches. */
  isEmbedding: z.boolean().optional(),
});

export const createFingerprintSchema = z.discriminatedUnion('kind', [credentialFingerprintSchema, configFingerprintSchema]);
export type CreateFingerprint = z.infer<typeof createFingerprintSchema>;
export type CredentialCreateFingerprint = z.infer<typeof credentialFingerprintSchema>;
export type ConfigCreateFingerprint = z.infer<typeof configFingerprintSchema>;

/** The fingerprint of a credential create: `knownIds` are the credentials of that name there before. */
export function credentialFingerprint(body: CreateCredentialBody, knownIds: readonly string[]): CredentialCreateFingerprint {
  const { name, identity, tails } = fingerprintOf(body);
  return { kind: 'credential', name, identity, tails, knownIds: [...knownIds] };
}

/** The fingerprint of a config create: its name, model, credential and kind. */
export function configFingerprint(body: CreateLlmConfigBody): ConfigCreateFingerprint {
  return {
    kind: 'config',
    name: body.name,
    modelName: body.model_name,
    credentialId: body.llm_credentials_id,
    isEmbedding: Boolean(body.is_embedding),
  };
}

/**
 * The object a lost create made, if it landed: its id, or null when the tenant has none. Throws
 * when the tenant cannot be listed: the caller must not take "could not look" for "not there".
 */
export async function findLanded(client: AlationClient, fp: CreateFingerprint, options: CallOptions = {}): Promise<string | null> {
  if (fp.kind === 'credential') {
    const unconfirmed = { fingerprint: { name: fp.name, identity: fp.identity, tails: fp.tails }, knownIds: fp.knownIds };
    return (await findLandedCredential(client, unconfirmed, options))?.id ?? null;
  }
  const listed = await client.listLlmConfigs({ llmCredentialsId: fp.credentialId }, options);
  const body = { name: fp.name, provider: '', llm_credentials_id: fp.credentialId, model_name: fp.modelName, is_embedding: fp.isEmbedding };
  const same = (c: (typeof listed)[number]) =>
    fp.isEmbedding === undefined ? configMatches(c, { ...body, is_embedding: Boolean(c.is_embedding) }) : configMatches(c, body);
  return listed.find(same)?.id ?? null;
}
