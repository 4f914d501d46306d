// The Managed Agents sandbox's clock. While the demo loads it is virtual: hours of session history play out in an
// instant, every timer of every session in time order, so the history is the same for a seed. Then it goes live:
// pending timers continue on real timers, and every delay (given at speed 1) is divided by --speed.
export interface Timer {
  cancel(): void;
}

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface Entry {
  due: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
  live?: NodeJS.Timeout;
}

export class SandboxClock {
  private virtualNow: number | undefined;
  /** Virtual timers, sorted by (due, seq). */
  private queue: Entry[] = [];
  private readonly live = new Set<Entry>();
  private seq = 0;

  constructor(private readonly speed: number) {}

  now(): number {
    return this.virtualNow ?? Date.now();
  }

  startVirtual(at: number): void {
    this.virtualNow = at;
  }

  /** Runs every virtual timer due at or before `time`, in (due, creation) order; timers may add timers. */
  advanceTo(time: number): void {
    if (this.virtualNow === undefined) throw new Error('advanceTo() needs a virtual clock');
    for (let first = this.queue[0]; first && first.due <= time; first = this.queue[0]) {
      this.queue.shift();
      if (first.cancelled) continue;
      this.virtualNow = Math.max(this.virtualNow, first.due);
      first.run();
    }
    this.virtualNow = Math.max(this.virtualNow, time);
  }

  /** From now on real time: what is still pending waits only its remaining (speed-scaled) delay. */
  goLive(): void {
    const now = this.virtualNow;
    if (now === undefined) return;
    this.virtualNow = undefined;
    const pending = this.queue.filter((entry) => !entry.cancelled);
    this.queue = [];
    for (const entry of pending) this.arm(entry, entry.due - now);
  }

  /** Calls `fn` after `delayMs` (a speed-1 delay). */
  schedule(delayMs: number, fn: () => void): Timer {
    const entry: Entry = {
      due: this.now() + Math.max(0, delayMs),
      seq: this.seq++,
      run: fn,
      cancelled: false,
    };
    if (this.virtualNow === undefined) this.arm(entry, delayMs);
    else this.insert(entry);
    return { cancel: () => this.cancel(entry) };
  }

  /** Stops every timer, so the process (or mocha) can exit. */
  close(): void {
    for (const entry of this.live) this.cancel(entry);
    this.queue = [];
  }

  private arm(entry: Entry, delayMs: number): void {
    entry.live = setTimeout(
      () => {
        this.live.delete(entry);
        entry.run();
      },
      // setTimeout fires at once past 2^31-1 ms; a very slow speed must wait, not rush.
      Math.min(MAX_TIMEOUT_MS, Math.max(0, delayMs) / this.speed),
    );
    this.live.add(entry);
  }

  private cancel(entry: Entry): void {
    entry.cancelled = true;
    if (entry.live) clearTimeout(entry.live);
    this.live.delete(entry);
  }

  private insert(entry: Entry): void {
    let low = 0;
    let high = this.queue.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = this.queue[mid] as Entry;
      if (other.due < entry.due || (other.due === entry.due && other.seq < entry.seq)) low = mid + 1;
      else high = mid;
    }
    this.queue.splice(low, 0, entry);
  }
}
