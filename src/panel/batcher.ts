/**
 * Coalesces items into batches: the first item arms a timer (~50 ms), and the batch is flushed when it fires or
 * when it grows past `maxItems`. A flush that is still being delivered holds the next one back (at most one
 * delivery in flight), so a slow receiver gets fewer, bigger batches instead of a growing queue. Pure.
 */
export interface BatcherOptions {
  intervalMs?: number;
  maxItems?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class Batcher<T> {
  private items: T[] = [];
  private timer: unknown;
  private inFlight = false;
  private disposed = false;
  private paused = false;
  private readonly intervalMs: number;
  private readonly maxItems: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly deliver: (items: T[]) => void | PromiseLike<unknown>,
    options: BatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 50;
    this.maxItems = options.maxItems ?? 5_000;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  get pending(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.disposed) return;
    this.items.push(item);
    if (this.paused) return;
    if (this.items.length >= this.maxItems && !this.inFlight) this.flush();
    else if (this.timer === undefined) this.timer = this.setTimer(() => this.onTimer(), this.intervalMs);
  }

  /** Delivers what is queued now (unless a delivery is in flight; then it follows right after). */
  flush(): void {
    if (this.timer !== undefined) {
      this.clearTimer(this.timer);
      this.timer = undefined;
    }
    if (this.disposed || this.paused || this.items.length === 0 || this.inFlight) return;
    const batch = this.items;
    this.items = [];
    let result: void | PromiseLike<unknown>;
    try {
      result = this.deliver(batch);
    } catch {
      result = undefined;
    }
    if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
      this.inFlight = true;
      const done = (): void => {
        this.inFlight = false;
        // What queued up meanwhile has waited long enough.
        if (this.items.length > 0) this.flush();
      };
      (result as PromiseLike<unknown>).then(done, done);
    }
  }

  /** Holds items back (nothing is delivered) until `resume`. */
  pause(): void {
    this.paused = true;
    if (this.timer !== undefined) {
      this.clearTimer(this.timer);
      this.timer = undefined;
    }
  }

  /** Delivers what was held, then goes on as usual. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.flush();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Forgets what is queued (e.g. before a re-send from another seq). */
  clear(): void {
    this.items = [];
    if (this.timer !== undefined) {
      this.clearTimer(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    this.clear();
    this.disposed = true;
  }

  private onTimer(): void {
    this.timer = undefined;
    this.flush();
  }
}
