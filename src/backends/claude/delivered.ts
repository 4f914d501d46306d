/**
 * What a Managed Agents follow has delivered, in O(1) memory. Events have no sequence number, but each carries the
 * time the service processed it (`processed_at`, which never goes back) and a unique id. Events are delivered in
 * processed order, so everything before the watermark time has been delivered; at the watermark time itself, the ids
 * delivered are kept. A cursor (where to resume after a reload) is the watermark time and how many events at that
 * time came before: the list answers ties in the same order every time.
 */
export interface ProcessedEvent {
  id: string;
  processed_at?: string | null;
}

export interface Watermark {
  /** `processed_at` of the last delivered event, as the service wrote it (sent back in `created_at[gte]`). */
  time: string;
  /** How many delivered events have exactly that time. */
  count: number;
}

export class Delivered {
  private time: string | undefined;
  private ms = -Infinity;
  private readonly atTime = new Set<string>();
  /** Events at the watermark time delivered before a reload: skipped by position, their ids being unknown. */
  private skipAtTime = 0;

  constructor(from?: Watermark) {
    if (from) {
      this.time = from.time;
      this.ms = Date.parse(from.time);
      this.skipAtTime = from.count;
    }
  }

  /** The time to list from (`created_at[gte]`), or undefined: from the start. */
  get since(): string | undefined {
    return this.time;
  }

  get watermark(): Watermark | undefined {
    return this.time === undefined
      ? undefined
      : { time: this.time, count: this.atTime.size + this.skipAtTime };
  }

  /**
   * True when `event` may be new, without counting it: not delivered as far as this follow knows. (An event at the
   * watermark time that a follow before a reload delivered is known only by position, in the list's order, so it
   * counts as may-be-new here until the list is read.)
   */
  isNew(event: ProcessedEvent): boolean {
    const time = event.processed_at;
    if (typeof time !== 'string') return false;
    const ms = time === this.time ? this.ms : Date.parse(time);
    if (Number.isNaN(ms) || ms < this.ms) return false;
    return ms > this.ms || !this.atTime.has(event.id);
  }

  /**
   * True when `event` is new: it is then counted as delivered. Queued events (`processed_at` null: sent, not yet
   * processed) are never new; they come again, processed, with the same id.
   */
  take(event: ProcessedEvent): boolean {
    const time = event.processed_at;
    if (typeof time !== 'string') return false;
    // Ties are common (a burst in one millisecond): only a new time string needs parsing.
    const ms = time === this.time ? this.ms : Date.parse(time);
    if (Number.isNaN(ms)) return false;
    if (ms < this.ms) return false;
    if (ms > this.ms) {
      this.time = time;
      this.ms = ms;
      this.atTime.clear();
      this.skipAtTime = 0;
      this.atTime.add(event.id);
      return true;
    }
    if (this.atTime.has(event.id)) return false;
    if (this.skipAtTime > 0) {
      // One of the events at this time that a previous follow delivered (the list repeats ties in order).
      this.skipAtTime--;
      this.atTime.add(event.id);
      return false;
    }
    this.atTime.add(event.id);
    return true;
  }
}

/** `count@time`: cheap to make for every event (the panel keeps one per row). */
export function encodeWatermark(mark: Watermark): string {
  return `${mark.count}@${mark.time}`;
}

export function decodeWatermark(cursor: string | undefined): Watermark | undefined {
  const match = /^(\d+)@(.+)$/.exec(cursor ?? '');
  if (!match || Number.isNaN(Date.parse(match[2] as string))) return undefined;
  return { time: match[2] as string, count: Number(match[1]) };
}
