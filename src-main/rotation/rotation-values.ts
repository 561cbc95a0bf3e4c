// The new key of a rotation, checked before anything is sent: only the rotation fields of the
// variant (every secret of its type, and what rotates with it), every required one given, each in
// the format the catalog's own schema asks for.
import { AppError } from '../../src-shared/errors';
import { providerVariant, type ProviderId } from '../../src-shared/providers/catalog';
import { credentialValuesSchema } from '../../src-shared/providers/credential-schema';
import { rotationFields } from '../../src-shared/rotation';
import { validationError } from '../../src-shared/validation';

/** The new values of the rotation fields, checked with the catalog's own schema; every required one given. */
export function checkedValues(providerId: ProviderId, given: Record<string, string>): Record<string, string> {
  const fields = rotationFields(providerId);
  const keys = new Set(fields.map((f) => f.key));
  const unknown = Object.keys(given).filter((k) => !keys.has(k) && given[k]!.trim() !== '');
  if (unknown.length)
    throw new AppError('validation', `${providerVariant(providerId).label} keys have no field ${unknown.join(', ')} to rotate.`);
  const values: Record<string, string> = {};
  for (const f of fields) if ((given[f.key] ?? '').trim() !== '') values[f.key] = given[f.key]!.trim();
  const missing = fields.filter((f) => f.required && !values[f.key]);
  if (missing.length) {
    const issues = missing.map((f) => ({ path: `values.${f.key}`, message: `${f.label} is required` }));
    throw new AppError('validation', `Enter the new ${missing.map((f) => f.label).join(' and ')}.`, { fields: issues });
  }
  // The catalog's schema checks formats; the other fields stand in with placeholders it accepts.
  const others = providerVariant(providerId).fields.filter((f) => !keys.has(f.key));
  const placeholders = Object.fromEntries(others.map((f) => [f.key, placeholderFor(f.kind)]));
  const parsed = credentialValuesSchema(providerId).safeParse({ ...placeholders, ...values });
  if (!parsed.success) {
    const issues = parsed.error.issues.filter((i) => keys.has(String(i.path[0])));
    if (issues.length) throw validationError(parsed.error, 'The new key');
  }
  return values;
}

function placeholderFor(kind: string): string {
  if (kind === 'url') return 'https://placeholder.example.com';
  if (kind === 'region') return 'us-east-1';
  return 'placeholder';
}
