// The sidebar's clock. Ages ("42s ago") and running durations ("running for 1m 05s") change with time alone, so
// nothing in the store announces them: while a view is visible, this ticks every second and every view re-renders
// its time-bearing nodes from the same instant (so the Agents and Runs views never disagree about a run's age).
// Only nodes whose text changed are sent to VS Code; a hidden sidebar does not tick.

/** What the clock drives: each tree provider. */
export interface Ticking {
  tick(now: number): void;
}

export interface ClockOptions {
  intervalMs?: number;
  now?: () => number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export class SidebarClock {
  private handle: unknown;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly start: (fn: () => void, ms: number) => unknown;
  private readonly stop: (handle: unknown) => void;

  constructor(
    private readonly views: readonly Ticking[],
    options: ClockOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1_000;
    this.now = options.now ?? Date.now;
    this.start = options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
    this.stop = options.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  }

  /** Ticks while some view is visible; stops when none is. */
  setVisible(visible: boolean): void {
    if (visible && this.handle === undefined) this.handle = this.start(() => this.tick(), this.intervalMs);
    else if (!visible && this.handle !== undefined) {
      this.stop(this.handle);
      this.handle = undefined;
    }
  }

  get running(): boolean {
    return this.handle !== undefined;
  }

  /** One tick: every view, one instant. */
  tick(): void {
    const now = this.now();
    for (const view of this.views) view.tick(now);
  }

  dispose(): void {
    this.setVisible(false);
  }
}
