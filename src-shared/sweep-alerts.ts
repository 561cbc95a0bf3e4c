// What a scheduled health sweep found that the user should know of: a key the provider started
// refusing, or a model a config uses that its credential no longer lists. Kept in main until the
// user has seen them (dismissed), so a reloaded page, or the app after a restart, still shows them.
import { z } from 'zod';
import { profileIdSchema } from './tenant-profile';

export const sweepAlertKinds = ['key_failing', 'model_missing'] as const;
export type SweepAlertKind = (typeof sweepAlertKinds)[number];

/** At most this many unseen alerts are kept: the oldest go first. */
export const maxSweepAlerts = 200;

export const sweepAlertSchema = z.strictObject({
  tenantId: profileIdSchema,
  /** The tenant's name when the alert was found. */
  tenantName: z.string().max(200),
  credentialId: z.string().min(1).max(200),
  credentialName: z.string().max(500),
  kind: z.enum(sweepAlertKinds),
  /** model_missing: the model the config names. */
  model: z.string().max(500).optional(),
  /** When the sweep that found it ran. */
  at: z.iso.datetime(),
});
export type SweepAlert = z.infer<typeof sweepAlertSchema>;

/** The unseen alerts, as `listSweepAlerts` answers and the `sweep.alerts` event carries; `at`: when they last changed. */
export const sweepAlertListSchema = z.strictObject({
  at: z.iso.datetime().nullable(),
  alerts: z.array(sweepAlertSchema).max(maxSweepAlerts),
});
export type SweepAlertList = z.infer<typeof sweepAlertListSchema>;

/** One alert's identity: the same finding twice is one alert. */
export const sweepAlertKey = (a: Pick<SweepAlert, 'tenantId' | 'credentialId' | 'kind' | 'model'>) =>
  `${a.tenantId}:${a.credentialId}:${a.kind}:${a.model ?? ''}`;

/** A few words on what an alert means, for the page and the OS notification alike. */
export function sweepAlertPhrase(alert: Pick<SweepAlert, 'kind' | 'model'>): string {
  return alert.kind === 'key_failing' ? 'the provider now refuses its key' : `${alert.model ?? 'a model'} is no longer listed`;
}
