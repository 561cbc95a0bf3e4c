// zod schemas and request payloads, both built from the catalog's fields: no provider is written twice.
import { z } from 'zod';
import { tryParseJson } from '../json';
import { providerCatalog, providerVariant, type ProviderField, type ProviderId, type ProviderVariant } from './catalog';

export const serviceAccountRequiredKeys = ['project_id', 'private_key', 'client_email', 'token_uri'] as const;

export type ServiceAccountResult = { ok: true; value: Record<string, unknown>; projectId: string } | { ok: false; message: string };

export function parseServiceAccount(text: string): ServiceAccountResult {
  const json = tryParseJson(text);
  if (!json.ok) return { ok: false, message: 'is not valid JSON: paste the whole key file, from { to }' };
  const value = json.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'must be a JSON object' };
  const record = value as Record<string, unknown>;
  if (record.type !== 'service_account')
    return { ok: false, message: 'must have "type": "service_account" (is this a service account key?)' };
  const missing = serviceAccountRequiredKeys.filter((k) => typeof record[k] !== 'string' || (record[k] as string).trim() === '');
  if (missing.length > 0) return { ok: false, message: `is missing ${missing.join(', ')}` };
  return { ok: true, value: record, projectId: record.project_id as string };
}

const awsRegionFormat = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

function fieldSchema(field: ProviderField): z.ZodType<string | undefined> {
  const text = z
    .string()
    .trim()
    .max(field.kind === 'service-account-json' ? 64 * 1024 : 4096, `${field.label} is too long`);
  let checked: z.ZodType<string> = text;
  switch (field.kind) {
    case 'secret':
      checked = text.refine((v) => !/\s/.test(v), `${field.label} cannot contain spaces or line breaks`);
      break;
    case 'url':
      checked = text.refine(
        (v) => v === '' || (URL.canParse(v) && ['http:', 'https:'].includes(new URL(v).protocol)),
        `${field.label} must be a full address starting with https://`,
      );
      break;
    case 'region':
      checked = text.refine((v) => v === '' || awsRegionFormat.test(v), `${field.label} must look like us-west-2`);
      break;
    case 'service-account-json':
      checked = text.superRefine((v, ctx) => {
        if (v === '') return;
        const parsed = parseServiceAccount(v);
        if (!parsed.ok) ctx.addIssue(`${field.label} ${parsed.message}`);
      });
      break;
    // 'text': no check but its length.
  }
  return checked
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => !field.required || v !== undefined, `${field.label} is required`);
}

function valuesSchema(variant: ProviderVariant) {
  // A field the form never touched is absent: it reads as empty, so a required one is still refused.
  return z.strictObject(Object.fromEntries(variant.fields.map((f) => [f.key, z.preprocess((v) => v ?? '', fieldSchema(f))])));
}

/** The schema for one variant's form values; errors are keyed by request field name. */
export function credentialValuesSchema(id: ProviderId) {
  return valuesSchema(providerVariant(id));
}

/** The body of POST /llm_credentials for validated values. */
export function credentialPayload(variant: ProviderVariant, values: Record<string, string | undefined>): Record<string, unknown> {
  const body: Record<string, unknown> = { name: values.name, creds_type: variant.credsType };
  for (const field of variant.fields) {
    const value = values[field.key];
    // The Name field is set again, to the same value.
    if (value === undefined) continue;
    if (field.kind === 'service-account-json') {
      const parsed = parseServiceAccount(value);
      if (parsed.ok) body[field.key] = parsed.value;
    } else {
      body[field.key] = value;
    }
  }
  return body;
}

/** The one rule for which fields are secrets: the catalog's kind. Never stored in files, never logged. */
export function isSecretField(field: ProviderField): boolean {
  return field.kind === 'secret' || field.kind === 'service-account-json';
}

/** Field keys whose values are secrets, for one variant. */
export function secretFieldKeys(variant: ProviderVariant): string[] {
  return variant.fields.filter(isSecretField).map((f) => f.key);
}

/** Every secret field of any variant, by key, with its kind. */
const secretFieldKinds = new Map<string, ProviderField['kind']>();
for (const variant of providerCatalog) for (const f of variant.fields) if (isSecretField(f)) secretFieldKinds.set(f.key, f.kind);

/** The keys of every secret field of any variant. */
export const allSecretFieldKeys: readonly string[] = [...secretFieldKinds.keys()];

/** The parts of a service account key that are secret. */
const serviceAccountSecretKeys = ['private_key', 'private_key_id'] as const;

function serviceAccountSecrets(account: Record<string, unknown>): string[] {
  const pieces = serviceAccountSecretKeys.map((k) => account[k]).filter((v): v is string => typeof v === 'string');
  return [JSON.stringify(account), ...pieces];
}

/** A key file's secrets: as typed (text, whole and by its parts) or as sent (an object). */
function keyFileSecrets(value: unknown): string[] {
  if (typeof value === 'string') {
    if (value === '') return [];
    const parsed = parseServiceAccount(value);
    return [value, ...(parsed.ok ? serviceAccountSecrets(parsed.value) : [])];
  }
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  return isObject ? serviceAccountSecrets(value as Record<string, unknown>) : [];
}

/**
 * The secret values in a credential body or in form values, as strings a tenant might echo back:
 * what a client must blank out of anything it keeps. A service account counts whole and by its key.
 */
export function secretValuesIn(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const kind = secretFieldKinds.get(key);
    if (kind === undefined) continue;
    // Stryker disable next-line ConditionalExpression: no other secret field holds a key file (a real one has spaces, which they refuse)
    if (kind === 'service-account-json') out.push(...keyFileSecrets(value));
    else if (typeof value === 'string' && value !== '') out.push(value);
  }
  return out;
}
