// When each credential the user told us about expires, kept in `credential-expiries.json` with the
// reminder lead time. The app's metadata, per tenant and credential id: a tenant has nowhere to keep
// it, and a refresh of the inventory must not lose it. A rotation moves it to the credential that
// replaced the old one, or sets the new key's; an apply records a draft's; a removed tenant's go.
import { z } from 'zod';
import { AppError } from '../../src-shared/errors';
import {
  credentialExpirySchema,
  defaultLeadHours,
  dueExpiries,
  expiryKey,
  leadHoursSchema,
  type CredentialExpiry,
  type DueExpiry,
  type ExpiryList,
  type ExpirySource,
} from '../../src-shared/expiry';
import type { EventSink } from '../ipc/events';
import type { Logger } from '../log/logger';
import type { DocumentFiles } from '../storage/document-file';
import { openVersionedDocument, type Migrations, type StoreNotice } from '../storage/versioned-document';

export type { CredentialExpiry } from '../../src-shared/expiry';

const documentSchema = z.object({
  expiries: z.array(credentialExpirySchema),
  settings: z.object({ leadHours: leadHoursSchema }),
});
type ExpiriesDocument = z.infer<typeof documentSchema>;

/** Format history of `credential-expiries.json`: none yet. */
const expiriesMigrations: Migrations = {};

const emptyDocument = (): ExpiriesDocument => ({ expiries: [], settings: { leadHours: defaultLeadHours } });

/** One bad entry costs only itself; a bad lead time falls back to the default. */
function salvage(raw: unknown): { value: ExpiriesDocument; dropped: number } | null {
  const data = raw as { expiries?: unknown; settings?: { leadHours?: unknown } } | undefined;
  if (!data || !Array.isArray(data.expiries)) return null;
  const kept = data.expiries.flatMap((e) => {
    const parsed = credentialExpirySchema.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });
  const lead = leadHoursSchema.safeParse(data.settings?.leadHours);
  return {
    value: { expiries: kept, settings: { leadHours: lead.success ? lead.data : defaultLeadHours } },
    dropped: data.expiries.length - kept.length,
  };
}

export interface CredentialTarget {
  tenantId: string;
  credentialId: string;
}

export interface CredentialExpiriesDeps {
  files: DocumentFiles;
  log: Logger;
  /** `expiry.changed` after every change, so open screens update. */
  events?: EventSink;
  now?: () => Date;
}

export class CredentialExpiries {
  private readonly doc;
  private state: ExpiriesDocument;
  private readonly now: () => Date;
  readonly notices: StoreNotice[];

  constructor(private readonly deps: CredentialExpiriesDeps) {
    this.now = deps.now ?? (() => new Date());
    this.doc = openVersionedDocument<ExpiriesDocument>({
      files: deps.files,
      name: 'credential-expiries',
      version: 1,
      migrations: expiriesMigrations,
      schema: documentSchema,
      empty: emptyDocument,
      salvage,
      log: deps.log,
      now: this.now,
    });
    const { value, notices } = this.doc.load();
    this.state = value;
    this.notices = notices;
  }

  /** Every expiry, soonest first. */
  list(): CredentialExpiry[] {
    return structuredClone(this.state.expiries).sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
  }

  get(target: CredentialTarget): CredentialExpiry | undefined {
    const found = this.state.expiries.find((e) => expiryKey(e) === expiryKey(target));
    return found ? structuredClone(found) : undefined;
  }

  /** Sets when the credential expires; null clears it. */
  set(target: CredentialTarget, expiresAt: string | null, meta: { credentialName: string; source: ExpirySource }): void {
    const others = this.state.expiries.filter((e) => expiryKey(e) !== expiryKey(target));
    if (expiresAt === null) {
      if (others.length !== this.state.expiries.length) this.save({ ...this.state, expiries: others });
      return;
    }
    const at = Date.parse(expiresAt);
    if (Number.isNaN(at))
      throw new AppError('validation', `“${expiresAt}” is not a date and time. Enter when the key stops working.`, {
        fields: [{ path: 'expiresAt', message: 'enter a date and time' }],
      });
    const entry: CredentialExpiry = {
      tenantId: target.tenantId,
      credentialId: target.credentialId,
      credentialName: meta.credentialName,
      expiresAt: new Date(at).toISOString(),
      setAt: this.now().toISOString(),
      source: meta.source,
    };
    this.save({ ...this.state, expiries: [...others, entry] });
  }

  /**
   * The credential was replaced by another (a rotation's fallback made a successor and deleted the
   * old one): its expiry goes with it, under the new id and name. Nothing when it had none.
   */
  move(from: CredentialTarget, to: CredentialTarget & { credentialName: string }): void {
    const found = this.state.expiries.find((e) => expiryKey(e) === expiryKey(from));
    if (!found) return;
    const rest = this.state.expiries.filter((e) => expiryKey(e) !== expiryKey(from) && expiryKey(e) !== expiryKey(to));
    const moved: CredentialExpiry = {
      ...found,
      tenantId: to.tenantId,
      credentialId: to.credentialId,
      credentialName: to.credentialName,
      source: 'rotation',
      setAt: this.now().toISOString(),
    };
    this.save({ ...this.state, expiries: [...rest, moved] });
  }

  /**
   * A fresh read of the tenant lists these credentials: the expiry of any other is of a credential
   * deleted (here or elsewhere), and would remind for ever. One set since the read began stays (an
   * apply may have made its credential meanwhile).
   */
  keepOnly(tenantId: string, credentialIds: readonly string[], readStartedAt: Date): void {
    const present = new Set(credentialIds);
    const rest = this.state.expiries.filter(
      (e) => e.tenantId !== tenantId || present.has(e.credentialId) || Date.parse(e.setAt) >= readStartedAt.getTime(),
    );
    if (rest.length !== this.state.expiries.length) this.save({ ...this.state, expiries: rest });
  }

  /** The credential was deleted: its expiry goes. */
  forget(target: CredentialTarget): void {
    this.set(target, null, { credentialName: '', source: 'user' });
  }

  /** A removed tenant's expiries go with it. */
  forgetTenant(tenantId: string): void {
    const rest = this.state.expiries.filter((e) => e.tenantId !== tenantId);
    if (rest.length !== this.state.expiries.length) this.save({ ...this.state, expiries: rest });
  }

  leadHours(): number {
    return this.state.settings.leadHours;
  }

  setLeadHours(hours: number): void {
    const parsed = leadHoursSchema.safeParse(hours);
    if (!parsed.success)
      throw new AppError('validation', `Remind between 1 and 720 hours before a key expires (${hours} was given).`, {
        fields: [{ path: 'hours', message: parsed.error.issues[0]?.message ?? 'between 1 and 720' }],
      });
    if (parsed.data === this.state.settings.leadHours) return;
    this.save({ ...this.state, settings: { leadHours: parsed.data } });
  }

  /** Expired, or expiring within the lead time, at `now`: soonest first. */
  due(now: Date | number = this.now()): DueExpiry[] {
    return dueExpiries(this.list(), typeof now === 'number' ? now : now.getTime(), this.leadHours());
  }

  /** What the page is given: every expiry, the lead time, and which are due now. */
  view(): ExpiryList {
    return { expiries: this.list(), leadHours: this.leadHours(), due: this.due() };
  }

  private save(next: ExpiriesDocument): void {
    this.doc.save(next);
    this.state = next;
    this.deps.events?.emit('expiry.changed', this.view());
  }
}
