// Credential expiries: when a key the user told us about stops working (an STS session token, an
// Azure client secret, any key with a known end date). They are the app's own metadata, kept per
// tenant and credential id in main, never written to a tenant. One definition of "due" (within the
// lead time, or past) for main's reminders, the banner and the inventory's badge and filter.
import { z } from 'zod';
import { profileIdSchema } from './tenant-profile';

/** Remind this long before a key expires, unless the user chose otherwise. */
export const defaultLeadHours = 24;
/** From an hour to 30 days: a lead time outside that is a typo, not a choice. */
export const leadHoursSchema = z.number().int('whole hours').min(1, 'at least 1 hour').max(720, 'at most 720 hours (30 days)');

export const expirySources = ['user', 'draft', 'rotation'] as const;
export type ExpirySource = (typeof expirySources)[number];

const credentialIdSchema = z.string().trim().min(1, 'not a credential id').max(200);

export const credentialExpirySchema = z.strictObject({
  tenantId: profileIdSchema,
  credentialId: credentialIdSchema,
  /** The credential's name when the expiry was set: the reminder names it even before the inventory is read. */
  credentialName: z.string().max(200),
  expiresAt: z.iso.datetime(),
  setAt: z.iso.datetime(),
  /** Entered in the inventory, carried from a draft by an apply, or given with a rotation's new key. */
  source: z.enum(expirySources),
});
export type CredentialExpiry = z.infer<typeof credentialExpirySchema>;

export type ExpiryState = 'expired' | 'soon';

export interface DueExpiry {
  expiry: CredentialExpiry;
  state: ExpiryState;
}

export const dueExpirySchema = z.strictObject({ expiry: credentialExpirySchema, state: z.enum(['expired', 'soon']) });

export const expiryListSchema = z.strictObject({
  expiries: z.array(credentialExpirySchema),
  leadHours: leadHoursSchema,
  /** Due when main answered; a page that stays open works it out again with `dueExpiries`. */
  due: z.array(dueExpirySchema),
});
export type ExpiryList = z.infer<typeof expiryListSchema>;

export const setCredentialExpiryInputSchema = z.strictObject({
  tenantId: profileIdSchema,
  credentialId: credentialIdSchema,
  credentialName: z.string().trim().max(200),
  /** Null clears it. */
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
});

export const setReminderLeadHoursInputSchema = z.strictObject({ hours: leadHoursSchema });

/** An OS notification was clicked: open the rotation for that key. */
export const openRotationEventSchema = z.strictObject({ tenantId: profileIdSchema, credentialId: credentialIdSchema });

const hourMs = 3_600_000;

/** Expired, due within the lead time, or not due (null). */
export function expiryState(expiresAt: string, now: number, leadHours: number): ExpiryState | null {
  const at = Date.parse(expiresAt);
  if (at <= now) return 'expired';
  return at - now <= leadHours * hourMs ? 'soon' : null;
}

/** The expiries to remind of at `now`, soonest first. */
export function dueExpiries(expiries: readonly CredentialExpiry[], now: number, leadHours: number): DueExpiry[] {
  const due: DueExpiry[] = [];
  for (const expiry of expiries) {
    const state = expiryState(expiry.expiresAt, now, leadHours);
    if (state) due.push({ expiry, state });
  }
  return due.sort((a, b) => Date.parse(a.expiry.expiresAt) - Date.parse(b.expiry.expiresAt));
}

/** One key for a credential on a tenant: ids are only unique within their tenant. */
export function expiryKey(target: { tenantId: string; credentialId: string }): string {
  return `${target.tenantId}:${target.credentialId}`;
}

/** "55 min", "3 h", "2 days": a span as a reminder says it. */
export function formatSpan(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

/** "expires in 55 min" or "expired 2 h ago". */
export function expiryPhrase(expiresAt: string, now: number): string {
  const left = Date.parse(expiresAt) - now;
  return left > 0 ? `expires in ${formatSpan(left)}` : `expired ${formatSpan(-left)} ago`;
}
