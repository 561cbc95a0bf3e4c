// A clock moved by hand, for tests only: the scheduled health sweep's timers fire when a test moves
// the clock past them, never by themselves, so no test waits for real time. The web harness uses it
// when started with BYOM_DESK_HARNESS_TEST_CLOCK=1 (end-to-end tests); the app never does.
import type { SweepClock } from '../../src-main/sweep-schedule/scheduled-sweep';

interface PendingTimer {
  due: number;
  order: number;
  run: () => void;
}

export class TestClock implements SweepClock {
  private offset = 0;
  private order = 0;
  private readonly timers = new Map<number, PendingTimer>();

  /** `base`: the time it starts from and moves on with (real time by default, so dates look like today's). */
  constructor(private readonly base: () => number = () => Date.now()) {}

  now(): number {
    return this.base() + this.offset;
  }

  setTimeout(run: () => void, ms: number): unknown {
    const id = ++this.order;
    this.timers.set(id, { due: this.now() + Math.max(0, ms), order: id, run });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers waiting now. */
  pending(): number {
    return this.timers.size;
  }

  /** Moves the clock on by `ms`, firing each timer that falls due on the way, in order (and those they set). */
  advance(ms: number): number {
    const target = this.now() + ms;
    for (;;) {
      const next = [...this.timers.entries()]
        .filter(([, t]) => t.due <= target)
        .sort(([, a], [, b]) => a.due - b.due || a.order - b.order)[0];
      if (!next) break;
      const [id, timer] = next;
      this.timers.delete(id);
      this.offset += Math.max(0, timer.due - this.now());
      timer.run();
    }
    this.offset += Math.max(0, target - this.now());
    return this.now();
  }
}
