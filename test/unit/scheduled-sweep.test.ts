// The health sweep on a schedule, on a clock the test moves: it runs every N hours, over the tenants
// the labels choose, never twice at once, remembers its last run across a restart, follows the
// settings, and tells the user (once) what a sweep found that is new.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TenantSweepChange } from '../../src-main/sweep-schedule/find-alerts';
import { checkIntervalMs, overdueDelayMs, ScheduledSweep, type SweepRunner } from '../../src-main/sweep-schedule/scheduled-sweep';
import { SweepScheduleStore } from '../../src-main/sweep-schedule/sweep-schedule-store';
import { AppSettingsStore } from '../../src-main/settings/app-settings-store';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import type { EventName } from '../../src-shared/contract-names';
import type { SweepStatus } from '../../src-shared/inventory';
import { TestClock } from '../../tools/harness/test-clock';
import { memoryLogger } from '../support/memory-logger';

const hour = 3_600_000;
const minute = 60_000;
const T0 = Date.parse('2030-01-01T08:00:00.000Z');
const tenants = [
  { id: randomUUID(), name: 'Acme EU', labels: ['EU', 'prod'] },
  { id: randomUUID(), name: 'Beta US', labels: ['us'] },
  { id: randomUUID(), name: 'Gamma', labels: [] as string[] },
];

/** A sweep runner that records each run; `hold` keeps the next run going until `release`. */
function fakeRunner(verdict: (tenantId: string, run: number) => SweepStatus = () => 'ok') {
  const runs: string[][] = [];
  let busy = false;
  let held: (() => void) | undefined;
  let hold = false;
  const runner: SweepRunner = {
    busy: () => busy || held !== undefined,
    async run(ids) {
      runs.push([...ids]);
      const n = runs.length;
      if (hold) await new Promise<void>((resolve) => (held = resolve));
      held = undefined;
      return ids.map((id): TenantSweepChange => {
        const sweptAt = (i: number) => new Date(T0 + i * minute).toISOString();
        const health = (i: number) => ({
          credentialId: 'cred-1',
          status: verdict(id, i),
          provider: 'openai',
          providerAssumed: false,
          modelCount: null,
          missingModels: [],
          listedModels: [],
          message: null,
          advice: null,
        });
        return {
          tenantId: id,
          tenantName: tenants.find((t) => t.id === id)!.name,
          ...(n > 1 ? { before: { tenantId: id, sweptAt: sweptAt(n - 1), credentials: [health(n - 1)] } } : {}),
          after: { tenantId: id, sweptAt: sweptAt(n), credentials: [health(n)] },
          credentials: [{ id: 'cred-1', name: 'Team OpenAI' }],
        };
      });
    },
  };
  return {
    runner,
    runs,
    setBusy: (b: boolean) => void (busy = b),
    holdNext: () => void (hold = true),
    release: () => {
      hold = false;
      held?.();
    },
  };
}

const stopped: ScheduledSweep[] = [];
afterEach(() => stopped.splice(0).forEach((s) => s.dispose()));

/** The app's schedule on a data folder (a second call on the same folder is the next start of the app). */
function app(options: { dataDir?: string; clock?: TestClock; runner?: ReturnType<typeof fakeRunner> } = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'byom-schedule-'));
  const clock = options.clock ?? new TestClock(() => T0);
  const log = memoryLogger();
  const events: { name: EventName; payload: unknown }[] = [];
  const sink = { emit: (name: EventName, payload: unknown) => void events.push({ name, payload }) };
  const files = confDocumentFiles(dataDir);
  const settings = new AppSettingsStore({ files, log });
  const store = new SweepScheduleStore({ files, log, events: sink, now: () => clock.now() });
  const fake = options.runner ?? fakeRunner();
  const notifications: { title: string; body: string; click?: () => void }[] = [];
  const schedule = new ScheduledSweep({
    settings,
    tenants: () => tenants,
    runner: fake.runner,
    store,
    notify: (title, body, click) => notifications.push({ title, body, ...(click ? { click } : {}) }) > 0,
    events: sink,
    log,
    clock,
  });
  stopped.push(schedule);
  const every = (everyHours: number | null, labels: string[] = []) => settings.update({ healthSweep: { everyHours, labels } });
  /** Moves the clock on and lets any sweep it started finish. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await schedule.idle();
  };
  return { dataDir, clock, log, events, store, fake, notifications, schedule, every, advance };
}

describe('the scheduled health sweep', () => {
  it('sweeps every tenant every N hours, the first N hours after it is turned on, and never while it is off', async () => {
    const a = app();
    a.schedule.start();
    await a.advance(30 * 24 * hour);
    expect(a.fake.runs).toEqual([]);
    expect(a.clock.pending()).toBe(0);

    a.every(2);
    await a.advance(2 * hour - minute);
    expect(a.fake.runs).toEqual([]);
    await a.advance(minute);
    expect(a.fake.runs).toEqual([tenants.map((t) => t.id)]);
    await a.advance(2 * hour - minute);
    expect(a.fake.runs).toHaveLength(1);
    await a.advance(minute);
    expect(a.fake.runs).toHaveLength(2);
    expect(a.store.lastRunAt).toBe(a.clock.now());
  });

  it('sweeps only the tenants that carry one of the labels, compared without case', async () => {
    const a = app();
    a.every(1, ['eu', 'US']);
    a.schedule.start();
    await a.advance(hour);
    expect(a.fake.runs).toEqual([[tenants[0]!.id, tenants[1]!.id]]);
    a.every(1, ['PROD']);
    await a.advance(hour);
    expect(a.fake.runs.at(-1)).toEqual([tenants[0]!.id]);
    // No tenant carries the label: nothing is swept, and the run still counts.
    a.every(1, ['nobody']);
    await a.advance(hour);
    expect(a.fake.runs).toHaveLength(2);
    expect(a.log.entries.map((e) => e.event)).toContain('sweep.schedule_no_tenants');
  });

  it('never runs two sweeps at once: a tick during a sweep (its own or one started by hand) waits for the next', async () => {
    const a = app();
    a.every(1);
    a.schedule.start();
    // A sweep started by hand is running when the scheduled one falls due.
    a.fake.setBusy(true);
    await a.advance(hour);
    expect(a.fake.runs).toEqual([]);
    expect(a.log.entries.map((e) => e.event)).toContain('sweep.schedule_skipped');
    a.fake.setBusy(false);
    await a.advance(checkIntervalMs);
    expect(a.fake.runs).toHaveLength(1);

    // Its own sweep runs long, past the next due time: no second one starts under it.
    a.fake.holdNext();
    a.clock.advance(hour);
    expect(a.fake.runs).toHaveLength(2);
    a.clock.advance(5 * hour);
    expect(a.fake.runs).toHaveLength(2);
    a.fake.release();
    await a.schedule.idle();
    // Overdue once it ended: the next one runs at the next look at the clock, not several in a row.
    await a.advance(0);
    expect(a.fake.runs).toHaveLength(3);
    await a.advance(hour - minute);
    expect(a.fake.runs).toHaveLength(3);
  });

  it('after a restart, a recent sweep is not repeated and an overdue one runs a minute after start', async () => {
    const first = app();
    first.every(4);
    first.schedule.start();
    await first.advance(4 * hour);
    expect(first.fake.runs).toHaveLength(1);
    const lastRun = first.clock.now();
    first.schedule.dispose();

    // Restarted 30 minutes later: the next sweep is 4 hours after the last one, not now.
    const soon = app({ dataDir: first.dataDir, clock: new TestClock(() => lastRun + 30 * minute) });
    soon.schedule.start();
    await soon.advance(3 * hour + 29 * minute);
    expect(soon.fake.runs).toEqual([]);
    await soon.advance(minute);
    expect(soon.fake.runs).toHaveLength(1);
    soon.schedule.dispose();

    // Restarted after a day off: overdue, so it sweeps soon after start, once.
    const late = app({ dataDir: first.dataDir, clock: new TestClock(() => lastRun + 24 * hour) });
    late.schedule.start();
    await late.advance(overdueDelayMs - 1);
    expect(late.fake.runs).toEqual([]);
    await late.advance(1);
    expect(late.fake.runs).toHaveLength(1);
    await late.advance(4 * hour - minute);
    expect(late.fake.runs).toHaveLength(1);
  });

  it('is planned again when the settings change: a shorter period that is overdue runs soon, off stops it', async () => {
    const a = app();
    a.every(24);
    a.schedule.start();
    await a.advance(3 * hour);
    a.every(2);
    await a.advance(overdueDelayMs);
    expect(a.fake.runs).toHaveLength(1);
    a.every(null);
    await a.advance(10 * 24 * hour);
    expect(a.fake.runs).toHaveLength(1);
    expect(a.clock.pending()).toBe(0);
    // On again: N hours after that, not at once for the time it was off.
    a.every(2);
    await a.advance(2 * hour - minute);
    expect(a.fake.runs).toHaveLength(1);
    await a.advance(minute);
    expect(a.fake.runs).toHaveLength(2);
  });

  it('says once what a sweep found that is new: kept until seen, sent to the page, an OS notification naming tenant and key', async () => {
    // Acme's key is refused from the second sweep on.
    const runner = fakeRunner((id, run) => (id === tenants[0]!.id && run >= 2 ? 'rejected' : 'ok'));
    const a = app({ runner });
    a.every(1);
    a.schedule.start();
    await a.advance(hour);
    expect(a.store.alerts().alerts).toEqual([]);
    expect(a.notifications).toEqual([]);

    await a.advance(hour);
    const alert = {
      tenantId: tenants[0]!.id,
      tenantName: 'Acme EU',
      credentialId: 'cred-1',
      credentialName: 'Team OpenAI',
      kind: 'key_failing',
    };
    expect(a.store.alerts().alerts).toEqual([expect.objectContaining(alert)]);
    expect(a.events.filter((e) => e.name === 'sweep.alerts').at(-1)?.payload).toEqual(a.store.alerts());
    expect(a.notifications.map(({ title, body }) => ({ title, body }))).toEqual([
      { title: 'Key refused on Acme EU', body: 'Team OpenAI on Acme EU: the provider now refuses its key. Open the Inventory to see why.' },
    ]);
    a.notifications[0]!.click?.();
    expect(a.events.at(-1)).toEqual({ name: 'app.command', payload: { command: 'go.inventory' } });

    // Still refused an hour later: not new, so no second alert and no second notification.
    await a.advance(hour);
    expect(a.store.alerts().alerts).toHaveLength(1);
    expect(a.notifications).toHaveLength(1);
    // Seen: gone, after a restart too.
    a.store.dismiss();
    expect(
      new SweepScheduleStore({ files: confDocumentFiles(a.dataDir), log: memoryLogger(), events: { emit: () => undefined } }).alerts()
        .alerts,
    ).toEqual([]);
  });

  it('shows a few notifications for a sweep with many alerts, and one that counts the rest', async () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ id: randomUUID(), name: `Tenant ${i}`, labels: [] }));
    tenants.push(...many);
    try {
      const a = app({ runner: fakeRunner(() => 'forbidden') });
      a.every(1);
      a.schedule.start();
      await a.advance(hour);
      expect(a.store.alerts().alerts).toHaveLength(11);
      expect(a.notifications).toHaveLength(5);
      expect(a.notifications.at(-1)).toMatchObject({ title: '7 more health sweep alerts' });
    } finally {
      tenants.splice(3);
    }
  });
});
