// What the scheduled health sweep keeps on disk (`scheduled-sweep.json`): since when the schedule
// has been on, when it last ran (a restart neither sweeps at once after a recent run nor forgets an
// overdue one), and the alerts the user has not seen yet. Every change of the alerts is sent to the
// page as `sweep.alerts`.
import { z } from 'zod';
import { maxSweepAlerts, sweepAlertKey, sweepAlertSchema, type SweepAlert, type SweepAlertList } from '../../src-shared/sweep-alerts';
import type { EventSink } from '../ipc/events';
import type { Logger } from '../log/logger';
import type { DocumentFiles } from '../storage/document-file';
import { openVersionedDocument, type Migrations, type StoreNotice } from '../storage/versioned-document';

const scheduleSchema = z.object({
  /** When the schedule was turned on (ms since the epoch); null while it is off. */
  since: z.number().nullable(),
  /** When the last scheduled sweep started (ms since the epoch). */
  lastRunAt: z.number().nullable(),
  /** Unseen alerts, oldest first. */
  alerts: z.array(sweepAlertSchema).max(maxSweepAlerts),
  /** When the alerts last changed (ISO). */
  alertsAt: z.iso.datetime().nullable(),
});
type Schedule = z.infer<typeof scheduleSchema>;

/** Format history of `scheduled-sweep.json`: none yet. */
const scheduleMigrations: Migrations = {};

export class SweepScheduleStore {
  private readonly doc;
  private value: Schedule;
  readonly notices: StoreNotice[];

  constructor(private readonly deps: { files: DocumentFiles; log: Logger; events: EventSink; now?: () => number }) {
    this.doc = openVersionedDocument<Schedule>({
      files: deps.files,
      name: 'scheduled-sweep',
      version: 1,
      migrations: scheduleMigrations,
      schema: scheduleSchema,
      empty: () => ({ since: null, lastRunAt: null, alerts: [], alertsAt: null }),
      log: deps.log,
    });
    const { value, notices } = this.doc.load();
    this.value = value;
    this.notices = notices;
  }

  get since(): number | null {
    return this.value.since;
  }

  get lastRunAt(): number | null {
    return this.value.lastRunAt;
  }

  setSince(since: number | null): void {
    if (this.value.since !== since) this.save({ ...this.value, since });
  }

  setLastRunAt(at: number): void {
    this.save({ ...this.value, lastRunAt: at });
  }

  alerts(): SweepAlertList {
    return structuredClone({ at: this.value.alertsAt, alerts: this.value.alerts });
  }

  /** Adds the alerts not already unseen; answers those that are new. */
  add(found: readonly SweepAlert[]): SweepAlert[] {
    const known = new Set(this.value.alerts.map(sweepAlertKey));
    const fresh: SweepAlert[] = [];
    for (const alert of found) {
      const key = sweepAlertKey(alert);
      if (known.has(key)) continue;
      known.add(key);
      fresh.push(alert);
    }
    if (fresh.length > 0) this.changeAlerts([...this.value.alerts, ...fresh].slice(-maxSweepAlerts));
    return fresh;
  }

  /** The user has seen them all. */
  dismiss(): SweepAlertList {
    if (this.value.alerts.length > 0) this.changeAlerts([]);
    return this.alerts();
  }

  /** A removed tenant's alerts go with it. */
  forgetTenant(tenantId: string): void {
    if (this.value.alerts.some((a) => a.tenantId === tenantId)) this.changeAlerts(this.value.alerts.filter((a) => a.tenantId !== tenantId));
  }

  private changeAlerts(alerts: SweepAlert[]): void {
    this.save({ ...this.value, alerts, alertsAt: new Date(this.deps.now?.() ?? Date.now()).toISOString() });
    this.deps.events.emit('sweep.alerts', this.alerts());
  }

  private save(next: Schedule): void {
    this.doc.save(next);
    this.value = next;
  }
}
