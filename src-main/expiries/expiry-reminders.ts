// OS notifications for keys about to expire: on start and every 15 minutes, once per credential
// and expiry date (a new date, from a rotation or an edit, reminds again). The shell decides how a
// notification is shown and whether it can be; a click opens the rotation for that key in the page.
import { expiryKey, expiryPhrase, expiryState, type DueExpiry } from '../../src-shared/expiry';
import type { EventSink } from '../ipc/events';
import type { Logger } from '../log/logger';
import type { CredentialExpiries } from './credential-expiries';

/** Shows an OS notification; answers false where the shell has none. `onClick` runs when the user clicks it. */
export type Notify = (title: string, body: string, onClick?: () => void) => boolean;

/** Often enough that a key with an hour left is named well before it goes; rare enough never to nag. */
export const reminderIntervalMs = 15 * 60_000;

/** A pasted Bearer token's expiry (its JWT `exp`), reminded of like a key's. */
export interface BearerTokenExpiry {
  tenantId: string;
  tenantName: string;
  expiresAt: string;
}

export interface ExpiryRemindersDeps {
  expiries: Pick<CredentialExpiries, 'due' | 'leadHours'>;
  /** The tenant profiles whose pasted Bearer token has a known expiry. */
  bearerTokens?: () => BearerTokenExpiry[];
  /** The tenant's name now, or undefined when it was removed. */
  tenantName(tenantId: string): string | undefined;
  notify?: Notify;
  events: EventSink;
  log: Logger;
  now?: () => number;
}

export class ExpiryReminders {
  private readonly notified = new Set<string>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: ExpiryRemindersDeps) {}

  /** Checks now, then every 15 minutes; the timer never keeps the process alive. */
  start(): void {
    if (!this.deps.notify || this.timer) return;
    this.check();
    this.timer = setInterval(() => this.check(), reminderIntervalMs);
    this.timer.unref?.();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Notifies of each due key not notified of yet for its present expiry date. Answers how many were shown. */
  check(): number {
    const notify = this.deps.notify;
    if (!notify) return 0;
    const now = this.deps.now?.() ?? Date.now();
    let shown = 0;
    for (const due of this.deps.expiries.due(now)) {
      const once = `${expiryKey(due.expiry)}@${due.expiry.expiresAt}`;
      if (this.notified.has(once)) continue;
      const tenant = this.deps.tenantName(due.expiry.tenantId);
      if (tenant === undefined) continue;
      const { title, body } = reminderText(due, tenant, now);
      const target = { tenantId: due.expiry.tenantId, credentialId: due.expiry.credentialId };
      let ok = false;
      try {
        ok = notify(title, body, () => this.deps.events.emit('expiry.open-rotation', target));
      } catch {
        this.deps.log.warn('expiry.notify_failed');
      }
      // Where the shell cannot show it, it is not tried again for this date: the banner says it.
      this.notified.add(once);
      if (ok) shown++;
    }
    shown += this.checkBearerTokens(notify, now);
    if (shown) this.deps.log.info('expiry.notified', { count: shown });
    return shown;
  }

  /** A Bearer token cannot be renewed: the reminder asks for a new one to paste into the tenant. */
  private checkBearerTokens(notify: Notify, now: number): number {
    let shown = 0;
    const leadHours = this.deps.expiries.leadHours();
    for (const token of this.deps.bearerTokens?.() ?? []) {
      const state = expiryState(token.expiresAt, now, leadHours);
      const once = `bearer:${token.tenantId}@${token.expiresAt}`;
      if (!state || this.notified.has(once)) continue;
      const { title, body } = bearerReminderText(token, state, now);
      let ok = false;
      try {
        ok = notify(title, body);
      } catch {
        this.deps.log.warn('expiry.notify_failed');
      }
      this.notified.add(once);
      if (ok) shown++;
    }
    return shown;
  }
}

export function bearerReminderText(token: BearerTokenExpiry, state: 'expired' | 'soon', now: number): { title: string; body: string } {
  const phrase = expiryPhrase(token.expiresAt, now);
  const body =
    state === 'expired'
      ? `The Bearer token of ${token.tenantName} no longer works: paste a new one into the tenant.`
      : `The Bearer token of ${token.tenantName}: paste a new one into the tenant before it stops working.`;
  return { title: `Bearer token ${phrase}`, body };
}

export function reminderText(due: DueExpiry, tenantName: string, now: number): { title: string; body: string } {
  const what = `${due.expiry.credentialName || 'A credential'} on ${tenantName}`;
  const phrase = expiryPhrase(due.expiry.expiresAt, now);
  return due.state === 'expired'
    ? { title: `Key ${phrase}`, body: `${what}. It no longer works: rotate it.` }
    : { title: `Key ${phrase}`, body: `${what}. Rotate it before it stops working.` };
}
