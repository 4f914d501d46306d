// One thread's events (a session's primary thread, or a sub-agent thread), indexed for the list and the stream.
// Processed events have positions 0..length-1 in processed_at order (processed_at never goes back), so a time
// bound is a binary search and a position is O(1). Each type keeps its own ascending list of positions, so a
// `types[]` filter merges those lists instead of scanning. Two kinds of storage share the numbering: an optional
// lazily generated prefix (scale sessions: event i is made from i when asked for, so 100,000 events cost almost
// no memory) followed by stored events. Queued user events (processed_at null) wait apart, after the processed.
export interface LogEvent {
  id: string;
  type: string;
  processed_at: string | null;
  [field: string]: unknown;
}

/** A lazily generated run of events; time(i) must not decrease with i. */
export interface EventSource {
  event(position: number): LogEvent;
  type(position: number): string;
  time(position: number): number;
}

/** A stream-only preview of an event being produced (`event_start` / `event_delta`); never stored. */
export interface Preview {
  kind: 'agent.message' | 'agent.thinking';
  frame: Record<string, unknown>;
}

/** Called after positions from..to-1 became visible. */
export type AppendListener = (from: number, to: number) => void;

export class EventLog {
  private sourced = 0;
  private readonly stored: LogEvent[] = [];
  private readonly storedTimes: number[] = [];
  private readonly byType = new Map<string, number[]>();
  private readonly queue: LogEvent[] = [];
  private readonly appendListeners = new Set<AppendListener>();
  private readonly previewListeners = new Set<(preview: Preview) => void>();

  constructor(private readonly source?: EventSource) {}

  /** How many processed events there are. */
  get length(): number {
    return this.sourced + this.stored.length;
  }

  /** Queued events (processed_at null), oldest first. */
  get queued(): readonly LogEvent[] {
    return this.queue;
  }

  at(position: number): LogEvent {
    if (position < this.sourced) return (this.source as EventSource).event(position);
    const event = this.stored[position - this.sourced];
    if (!event) throw new RangeError(`no event at position ${position}`);
    return event;
  }

  timeAt(position: number): number {
    if (position < this.sourced) return (this.source as EventSource).time(position);
    return this.storedTimes[position - this.sourced] as number;
  }

  typeAt(position: number): string {
    if (position < this.sourced) return (this.source as EventSource).type(position);
    return (this.stored[position - this.sourced] as LogEvent).type;
  }

  /** processed_at of the newest processed event in ms (-Infinity when there is none). */
  get lastTime(): number {
    return this.length === 0 ? -Infinity : this.timeAt(this.length - 1);
  }

  /** Ascending positions of the processed events of one type. */
  positionsOf(type: string): readonly number[] {
    return this.byType.get(type) ?? [];
  }

  /** First position whose processed_at is >= ms (after: > ms). */
  lowerBound(ms: number, after = false): number {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const time = this.timeAt(mid);
      if (time < ms || (after && time === ms)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  append(event: LogEvent): void {
    const ms = Date.parse(event.processed_at ?? '');
    if (!(ms >= this.lastTime)) throw new Error(`event ${event.id}: processed_at must not go back in time`);
    const position = this.length;
    this.stored.push(event);
    this.storedTimes.push(ms);
    this.index(event.type, position);
    this.notify(position, position + 1);
  }

  /** Generated events can still be made visible: nothing has been stored after them. */
  get canExtend(): boolean {
    return this.source !== undefined && this.stored.length === 0;
  }

  /** Makes the next `count` generated events visible. Only valid before anything was stored. */
  extend(count: number): void {
    if (!this.source || this.stored.length > 0)
      throw new Error('extend() needs a source and no stored events');
    const from = this.sourced;
    for (let position = from; position < from + count; position++)
      this.index(this.source.type(position), position);
    this.sourced += count;
    if (count > 0) this.notify(from, this.sourced);
  }

  enqueue(event: LogEvent): void {
    this.queue.push(event);
  }

  /** Removes a queued event (it is about to be appended as processed). */
  dequeue(id: string): LogEvent | undefined {
    const index = this.queue.findIndex((event) => event.id === id);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  onAppend(listener: AppendListener): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  publishPreview(preview: Preview): void {
    for (const listener of [...this.previewListeners]) listener(preview);
  }

  onPreview(listener: (preview: Preview) => void): () => void {
    this.previewListeners.add(listener);
    return () => this.previewListeners.delete(listener);
  }

  private index(type: string, position: number): void {
    let positions = this.byType.get(type);
    if (!positions) {
      positions = [];
      this.byType.set(type, positions);
    }
    positions.push(position);
  }

  private notify(from: number, to: number): void {
    for (const listener of [...this.appendListeners]) listener(from, to);
  }
}
