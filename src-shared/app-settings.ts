// The app's own settings (Settings screen): one schema, read and written by main, shown by the page.
// None of them is a secret, and none is ever sent to a tenant.
import { z } from 'zod';
import { profileLabelsSchema, type TenantEnvironment } from './tenant-profile';

export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];

const environmentNameSchema = z.string().trim().min(1, 'an environment name cannot be blank').max(40, 'keep it under 40 characters');

export const appSettingsSchema = z.strictObject({
  /** system follows the OS; light or dark overrides it. */
  theme: z.enum(themeChoices),
  /** Requests in flight across all tenants at once. */
  globalRequestCap: z.number().int('a whole number').min(1, 'at least 1').max(1024, 'at most 1024'),
  /** Requests in flight to one tenant: what protects each tenant from us. Applied at once, queued requests included. */
  tenantRequestCap: z.number().int('a whole number').min(1, 'at least 1').max(16, 'at most 16'),
  /** Tenants in these environments need their name typed before any change (apply, rotation, deletion, resume). */
  typedNameEnvironments: z
    .array(environmentNameSchema)
    .min(1, 'name at least one environment, such as production')
    .max(10, 'at most 10 environments'),
  /** A health sweep while the app runs: every N hours (null: off), of every tenant or of those with these labels. */
  healthSweep: z.strictObject({
    everyHours: z.number().int('a whole number of hours').min(1, 'at least 1 hour').max(168, 'at most a week (168 hours)').nullable(),
    labels: profileLabelsSchema,
  }),
});
export type AppSettings = z.infer<typeof appSettingsSchema>;

export const defaultAppSettings: AppSettings = {
  theme: 'system',
  globalRequestCap: 100,
  tenantRequestCap: 4,
  typedNameEnvironments: ['production'],
  healthSweep: { everyHours: null, labels: [] },
};

/** A change to some settings; the others keep their value. */
export const appSettingsChangeSchema = appSettingsSchema.partial();
export type AppSettingsChange = z.infer<typeof appSettingsChangeSchema>;

/**
 * The one rule for which tenants need their name typed before a change: those whose environment
 * is one of the settings' (compared without case or surrounding spaces; "production" by default).
 */
export function needsTypedName(
  environment: Pick<TenantEnvironment, 'label'>,
  typedNameEnvironments: readonly string[] = defaultAppSettings.typedNameEnvironments,
): boolean {
  const label = environment.label.trim().toLowerCase();
  return typedNameEnvironments.some((name) => name.trim().toLowerCase() === label);
}
