// zod schemas and request payloads, both built from the catalog's fields: no provider is written twice.
import { z } from 'zod';
import { providerVariant, type ProviderField, type ProviderId, type ProviderVariant } from './catalog';

export const serviceAccountRequiredKeys = ['project_id', 'private_key', 'client_email', 'token_uri'] as const;

export type ServiceAccountResult = { ok: true; value: Record<string, unknown>; projectId: string } | { ok: false; message: string };

export function parseServiceAccount(text: string): ServiceAccountResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'is not valid JSON: paste the whole key file, from { to }' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'must be a JSON object' };
  const record = value as Record<string, unknown>;
  if (record.type !== 'service_account') return { ok: false, message: 'must have "type": "service_account" (is this a service account key?)' };
  const missing = serviceAccountRequiredKeys.filter((k) => typeof record[k] !== 'string' || (record[k] as string).trim() === '');
  if (missing.length > 0) return { ok: false, message: `is missing ${missing.join(', ')}` };
  return { ok: true, value: record, projectId: record.project_id as string };
}

const awsRegionFormat = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

function fieldSchema(field: ProviderField): z.ZodType<string | undefined> {
  const text = z.string().trim().max(field.kind === 'service-account-json' ? 64 * 1024 : 4096, `${field.label} is too long`);
  let checked: z.ZodType<string> = text;
  switch (field.kind) {
    case 'secret':
      checked = text.refine((v) => v === '' || !/\s/.test(v), `${field.label} cannot contain spaces or line breaks`);
      break;
    case 'url':
      checked = text.refine((v) => {
        if (v === '') return true;
        try {
          return ['http:', 'https:'].includes(new URL(v).protocol);
        } catch {
          return false;
        }
      }, `${field.label} must be a full address starting with https://`);
      break;
    case 'region':
      checked = text.refine((v) => v === '' || awsRegionFormat.test(v), `${field.label} must look like us-west-2`);
      break;
    case 'service-account-json':
      checked = text.superRefine((v, ctx) => {
        if (v === '') return;
        const parsed = parseServiceAccount(v);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `${field.label} ${parsed.message}` });
      });
      break;
    case 'text':
      break;
  }
  return checked.transform((v) => (v === '' ? undefined : v)).refine((v) => !field.required || v !== undefined, `${field.label} is required`);
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
    if (field.key === 'name' || value === undefined) continue;
    if (field.kind === 'service-account-json') {
      const parsed = parseServiceAccount(value);
      if (parsed.ok) body[field.key] = parsed.value;
    } else {
      body[field.key] = value;
    }
  }
  return body;
}

/** Field keys whose values are secrets: never stored in drafts, never logged. */
export function secretFieldKeys(variant: ProviderVariant): string[] {
  return variant.fields.filter((f) => f.kind === 'secret' || f.kind === 'service-account-json').map((f) => f.key);
}
