// Canary secrets and the search for them. Every secret a test hands the app is a canary: a value made
// for one field of one scenario, with a random core no other text can hold by chance. After the
// scenario, every place the app writes or answers is searched for every canary, whole, by its core,
// and in the encodings a careless write would use (JSON, URL, base64, hex). A listing's mask
// (`****` and the last 4 characters) is not a leak and never matches: a core is 24 characters.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DraftContent } from '../../src-shared/drafts';
import { providerCatalog, providerVariant, type ProviderId } from '../../src-shared/providers/catalog';
import { isSecretField } from '../../src-shared/providers/credential-schema';
import type { FakeTenant } from '../fake-tenant/server';

export interface Needle {
  /** Which secret: `openai.api_key/setup`, `tenant.oauth-client-secret`, `fake token (user)`. */
  label: string;
  text: string;
}

/** Somewhere the app wrote or answered: a file, a log, an IPC answer, an event, an export, a page. */
export interface Haystack {
  where: string;
  text: string;
}

export interface Leak {
  where: string;
  label: string;
}

/** The forms of one secret a search looks for: whole, escaped as JSON and for a URL, and as base64 and hex. */
function formsOf(value: string): string[] {
  const forms = [
    value,
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
    Buffer.from(value).toString('base64'),
    Buffer.from(value).toString('hex'),
  ];
  return [...new Set(forms.filter((f) => f.length >= 12))];
}

export class Canaries {
  private readonly needles: Needle[] = [];

  /**
   * A unique secret for one field. `shape` wraps the random core (a key prefix, a PEM block); the
   * core is searched for on its own too, so a secret cut short or re-wrapped is still found.
   */
  make(label: string, shape: (core: string) => string = (core) => `canary-${core}`): string {
    const core = randomBytes(12).toString('hex');
    const value = shape(core);
    this.watch(label, value, { pieces: false });
    this.needles.push({ label: `${label} (core)`, text: core });
    return value;
  }

  /**
   * A provider key the fake tenant refuses and quotes back in full in its error ("invalid", "echo"),
   * as some providers do: what reaches a page, a file or a log must say [redacted] instead.
   */
  refused(label: string): string {
    return this.make(label, (core) => `sk-invalid-echo-${core}`);
  }

  /**
   * A secret someone else made (a token the fake tenant issued): searched for in all its forms, and
   * by its first and last 24 characters, so a token cut short is found too. A JWT is searched for by
   * its signature instead: its header and claims are no secret (and every token of a tenant shares them).
   */
  watch(label: string, value: string, options: { pieces?: boolean } = {}): void {
    for (const text of formsOf(value)) this.needles.push({ label, text });
    if (options.pieces === false) return;
    const signature = /^[\w-]+\.[\w-]+\.([\w-]{24,})$/.exec(value)?.[1];
    const secretPart = signature ?? value;
    if (secretPart.length < 32 && !signature) return;
    const pieces = [signature, secretPart.slice(0, 24), secretPart.slice(-24)].filter((p): p is string => p !== undefined);
    for (const text of new Set(pieces)) this.needles.push({ label: `${label} (piece)`, text });
  }

  /** Every token the fake tenants issued (OAuth, API, sign-in access and refresh tokens), and their own secrets. */
  watchTenants(tenants: readonly FakeTenant[]): void {
    for (const t of tenants) {
      for (const token of t.tokens()) this.watch(`fake token (${token.kind})`, token.token);
      this.watch('fake client secret', t.clientSecret);
      this.watch('fake refresh token', t.refreshToken);
      this.watch('fake API access token', t.apiAccessToken);
      for (const app of t.oauthApps()) if (app.clientSecret) this.watch('fake OAuth app secret', app.clientSecret);
    }
  }

  all(): readonly Needle[] {
    return this.needles;
  }
}

/** Every leak: each place that holds any form of any secret. */
export function leaksIn(haystacks: readonly Haystack[], needles: readonly Needle[]): Leak[] {
  const leaks: Leak[] = [];
  for (const { where, text } of haystacks) {
    for (const { label, text: needle } of needles) if (text.includes(needle)) leaks.push({ where, label });
  }
  return leaks;
}

/** Every file under `dir`, recursively (backups, journals, logs, caches, temporary files): read as text. */
export function filesUnder(dir: string, as = dir): Haystack[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, join(as, entry.name));
    if (!entry.isFile()) return [];
    // latin1 keeps every byte: a secret in a file that is not UTF-8 is found all the same.
    return [{ where: join(as, entry.name), text: readFileSync(path, 'latin1') }];
  });
}

/** The eight provider variants' secret fields, from the catalog: what a scenario must give a canary each. */
export const secretFieldsByVariant: Record<ProviderId, string[]> = Object.fromEntries(
  providerCatalog.map((v) => [v.id, v.fields.filter(isSecretField).map((f) => f.key)]),
) as Record<ProviderId, string[]>;

/** A model the fake tenant lists for each variant (with the values below), to make a config of. */
export const modelOf: Record<ProviderId, string> = {
  openai: 'gpt-4o',
  anthropic: 'claude-sonnet-4-5-20250929',
  openai_compatible: 'llama-3.3-70b-versatile',
  bedrock: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  azure_api_key: 'gpt-4o',
  azure_service_principal: 'gpt-4o-mini',
  gemini: 'gemini-2.5-pro',
  vertex: 'gemini-2.5-flash',
};

/** The non-secret fields of each variant, as the guide fills them. */
const plainValues: Record<ProviderId, Record<string, string>> = {
  openai: {},
  anthropic: {},
  openai_compatible: { base_url: 'https://api.groq.com/openai/v1' },
  bedrock: { aws_region: 'us-west-2' },
  azure_api_key: { azure_endpoint: 'https://canary.openai.azure.com/', api_version: '2024-10-21' },
  azure_service_principal: {
    azure_endpoint: 'https://canary.openai.azure.com/',
    api_version: '2024-10-21',
    azure_client_id: '11111111-2222-4333-8444-555555555555',
    azure_token_url: 'https://login.microsoftonline.com/canary-tenant/oauth2/v2.0/token',
  },
  gemini: {},
  vertex: { gcp_project: 'canary-project', gcp_location: 'us-central1' },
};

/**
 * A service account key whose secret parts (the private key and its id) are canaries; the whole
 * JSON is watched too, as what the field holds.
 */
function serviceAccount(canaries: Canaries, label: string, refused: boolean): string {
  const privateKey = refused
    ? canaries.refused(`${label}.private_key`)
    : canaries.make(`${label}.private_key`, (core) => `-----BEGIN PRIVATE KEY-----\nMIIE${core}\n-----END PRIVATE KEY-----\n`);
  const json = JSON.stringify({
    type: 'service_account',
    project_id: 'canary-project',
    private_key_id: canaries.make(`${label}.private_key_id`, (core) => `kid${core}`),
    private_key: privateKey,
    client_email: 'byom@canary-project.iam.gserviceaccount.com',
    client_id: '100000000000000000001',
    token_uri: 'https://oauth2.googleapis.com/token',
  });
  canaries.watch(`${label} (whole JSON)`, json, { pieces: false });
  return json;
}

/**
 * Every secret field of a variant, a canary each. `refused`: the provider refuses the key and the
 * tenant quotes it (the first secret the fake checks gets the refused form).
 */
export function secretValues(
  canaries: Canaries,
  id: ProviderId,
  scenario: string,
  options: { refused?: boolean } = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  let refusedGiven = false;
  for (const field of providerVariant(id).fields.filter(isSecretField)) {
    const label = `${id}.${field.key}/${scenario}`;
    const refuse = options.refused === true && !refusedGiven && field.key !== 'aws_session_token';
    if (refuse) refusedGiven = true;
    if (field.kind === 'service-account-json') out[field.key] = serviceAccount(canaries, label, refuse);
    else out[field.key] = refuse ? canaries.refused(label) : canaries.make(label);
  }
  return out;
}

/** A variant's non-secret values (the credential's name among them), as a form or a draft holds them. */
export function plainValuesOf(id: ProviderId, name: string): Record<string, string> {
  const values: Record<string, string> = { name, ...plainValues[id] };
  // An AWS access key ID is not secret, but rotates with the key: a new one each time, AKIA and 16 more.
  if (id === 'bedrock') values.aws_access_key_id = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
  return values;
}

/** What a rotation sends for a variant: every secret field, and what rotates with it. */
export function rotationValues(
  canaries: Canaries,
  id: ProviderId,
  scenario: string,
  options: { refused?: boolean } = {},
): Record<string, string> {
  const values = secretValues(canaries, id, scenario, options);
  if (id === 'bedrock') values.aws_access_key_id = plainValuesOf(id, '').aws_access_key_id!;
  return values;
}

/** A draft of one credential of the variant and one config of its model, the tenant's default LLM, expiring in 30 days. */
export function draftContentOf(id: ProviderId, credentialName: string, title = `Canary ${id}`): DraftContent {
  return {
    title,
    providerId: id,
    values: plainValuesOf(id, credentialName),
    models: [{ modelId: modelOf[id], name: `${credentialName} config`, isEmbedding: false, dimensions: null, extraConfig: null }],
    defaults: { llmModelId: modelOf[id], embeddingModelId: null },
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    notes: 'canary run',
  };
}
