// The health sweep on a schedule, while the app runs: every N hours (the settings' `healthSweep`),
// the same sweep job as the Inventory's button, over every tenant or those carrying one of the
// settings' labels. The first one runs N hours after the schedule is turned on; after a restart, an
// overdue one runs a minute after start and a recent one is not repeated. What a sweep finds that
// is new (find-alerts.ts) is kept until the user has seen it, sent to the page and shown as an OS
// notification. Never two sweeps at once: a tick that finds a sweep running waits for the next.
import type { AppSettings } from '../../src-shared/app-settings';
import { errorShapeOf } from '../../src-shared/errors';
import { plural } from '../../src-shared/plural';
import { sweepAlertPhrase, type SweepAlert } from '../../src-shared/sweep-alerts';
import { hasAnyLabel } from '../../src-shared/tenant-labels';
import type { Notify } from '../expiries/expiry-reminders';
import type { EventSink } from '../ipc/events';
import type { Logger } from '../log/logger';
import { findSweepAlerts, type TenantSweepChange } from './find-alerts';
import type { SweepScheduleStore } from './sweep-schedule-store';

/** The clock and timers the schedule runs on: the system's in the app, a hand-moved one in tests. */
export interface SweepClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The system clock; its timers never keep the process alive. */
export const systemSweepClock: SweepClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => {
    const timer = setTimeout(run, ms);
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What runs the sweeps: the inventory's sweep job (inventory-sweeps.ts). */
export interface SweepRunner {
  /** A sweep job, scheduled or started by hand, is running now. */
  busy(): boolean;
  /** Sweeps these tenants as one job and answers, once it has ended, each tenant's sweep before and after it. */
  run(tenantIds: readonly string[]): Promise<TenantSweepChange[]>;
}

/** The wall clock is looked at this often, so a laptop that slept past the due time sweeps soon after it wakes. */
export const checkIntervalMs = 15 * 60_000;
/** After a start or a change of the settings, an overdue sweep waits this long: the app settles first. */
export const overdueDelayMs = 60_000;
/** OS notifications one sweep shows, one per alert; past that, one more says how many others there are. */
export const maxAlertNotifications = 5;
const hourMs = 3_600_000;

export interface ScheduledSweepDeps {
  settings: { get(): AppSettings; subscribe(listener: (now: AppSettings, before: AppSettings) => void): () => void };
  tenants(): readonly { id: string; name: string; labels: readonly string[] }[];
  runner: SweepRunner;
  store: Pick<SweepScheduleStore, 'since' | 'lastRunAt' | 'setSince' | 'setLastRunAt' | 'add'>;
  notify?: Notify;
  events: EventSink;
  log: Logger;
  clock?: SweepClock;
}

/** The tenants a scheduled sweep covers: every one, or those with any of the labels (compared without case). */
export function tenantsToSweep(tenants: ReturnType<ScheduledSweepDeps['tenants']>, labels: readonly string[]): string[] {
  return tenants.filter((t) => hasAnyLabel(t.labels, labels)).map((t) => t.id);
}

export function alertNotificationText(alert: SweepAlert): { title: string; body: string } {
  return alert.kind === 'key_failing'
    ? {
        title: `Key refused on ${alert.tenantName}`,
        body: `${alert.credentialName} on ${alert.tenantName}: ${sweepAlertPhrase(alert)}. Open the Inventory to see why.`,
      }
    : {
        title: `Model no longer listed on ${alert.tenantName}`,
        body: `${alert.credentialName} on ${alert.tenantName} no longer lists ${alert.model ?? 'a model'}, which a config uses.`,
      };
}

export class ScheduledSweep {
  private readonly clock: SweepClock;
  private timer: unknown;
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private disposed = false;
  /** When this run of the app last swept: counts even if saving it failed, so a full disk never sweeps in a loop. */
  private ranAt: number | null = null;

  constructor(private readonly deps: ScheduledSweepDeps) {
    this.clock = deps.clock ?? systemSweepClock;
  }

  /** Plans the next sweep, and plans again whenever the schedule's settings change. */
  start(): void {
    if (this.unsubscribe || this.disposed) return;
    this.unsubscribe = this.deps.settings.subscribe((now, before) => {
      if (JSON.stringify(now.healthSweep) !== JSON.stringify(before.healthSweep)) this.plan(overdueDelayMs);
    });
    this.plan(overdueDelayMs);
  }

  /** Plans the next look at the clock; a failure to save when (a full disk) is logged, and looked at again later. */
  private plan(minWait: number): void {
    try {
      this.planNext(minWait);
    } catch (error) {
      this.deps.log.warn('sweep.schedule_plan_failed', { code: errorShapeOf(error).code });
      if (!this.disposed && this.timer === undefined) this.arm(checkIntervalMs);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe?.();
    this.clear();
  }

  /** Resolves when no scheduled sweep is running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** When the next sweep is due (ms since the epoch), or null while the schedule is off. */
  dueAt(): number | null {
    const every = this.deps.settings.get().healthSweep.everyHours;
    const since = this.deps.store.since;
    if (every === null || since === null) return null;
    return Math.max(this.deps.store.lastRunAt ?? since, this.ranAt ?? since, since) + every * hourMs;
  }

  /** Sets the timer for the next look at the clock: never sooner than `minWait`, never later than the check interval. */
  private planNext(minWait: number): void {
    this.clear();
    if (this.disposed || this.running) return;
    if (this.deps.settings.get().healthSweep.everyHours === null) {
      this.deps.store.setSince(null);
      return;
    }
    const now = this.clock.now();
    if (this.deps.store.since === null) this.deps.store.setSince(now);
    this.arm(Math.min(Math.max(this.dueAt()! - now, minWait), checkIntervalMs));
  }

  private arm(ms: number): void {
    this.timer = this.clock.setTimeout(() => this.tick(), ms);
  }

  private clear(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.timer = undefined;
    const due = this.dueAt();
    if (this.disposed || due === null) return;
    if (this.clock.now() < due) return this.plan(0);
    if (this.deps.runner.busy()) {
      this.deps.log.info('sweep.schedule_skipped', { reason: 'a sweep is running' });
      return this.arm(checkIntervalMs);
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      this.plan(0);
    });
  }

  private async run(): Promise<void> {
    try {
      const ids = tenantsToSweep(this.deps.tenants(), this.deps.settings.get().healthSweep.labels);
      // Recorded first: a sweep that a crash cut short is not started again at once after a restart.
      this.ranAt = this.clock.now();
      this.deps.store.setLastRunAt(this.ranAt);
      if (ids.length === 0) {
        this.deps.log.info('sweep.schedule_no_tenants');
        return;
      }
      this.deps.log.info('sweep.schedule_started', { tenants: ids.length });
      const changes = await this.deps.runner.run(ids);
      const fresh = this.deps.store.add(changes.flatMap(findSweepAlerts));
      this.deps.log.info('sweep.schedule_finished', { tenants: ids.length, alerts: fresh.length });
      this.notifyOf(fresh);
    } catch (error) {
      this.deps.log.warn('sweep.schedule_failed', { code: errorShapeOf(error).code });
    }
  }

  /** One OS notification per new alert, up to a few; a click opens the Inventory, which lists them all. */
  private notifyOf(alerts: readonly SweepAlert[]): void {
    const notify = this.deps.notify;
    if (!notify || alerts.length === 0) return;
    const open = () => this.deps.events.emit('app.command', { command: 'go.inventory' });
    const shown = alerts.length > maxAlertNotifications ? alerts.slice(0, maxAlertNotifications - 1) : alerts;
    const texts = shown.map(alertNotificationText);
    if (shown.length < alerts.length) {
      const rest = alerts.length - shown.length;
      texts.push({ title: plural(rest, 'more health sweep alert'), body: 'Open the Inventory of BYOM Desk to see them all.' });
    }
    for (const { title, body } of texts) {
      try {
        notify(title, body, open);
      } catch {
        this.deps.log.warn('sweep.notify_failed');
      }
    }
  }
}
