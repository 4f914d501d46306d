/**
 * Follows a Managed Agents session (or one sub-agent thread) with every processed event exactly once, in order,
 * although the service has no sequence numbers and its stream no resume. Each connection:
 * 1. opens the stream first and buffers what it sends;
 * 2. lists the history from the watermark (`created_at[gte]`, so a long session's reconnect reads only its tail);
 * 3. hands out what the list has that was not delivered (delivered.ts);
 * 4. then takes the stream as word that something new was processed, and hands it out as the list shows it: the
 *    list from the watermark, read again when the stream has news (at most every `confirmEveryMs`). The list is the
 *    record; a stream can skip an event (a proxy, a lossy relay, a server hiccup) and still send the later ones, and
 *    handing those out directly would move the watermark past the skipped one for good. A stream event the list does
 *    not show after `maxListLag` reads is handed out as the stream sent it (a list that lags must not stall the view).
 * A drop, a stall (no byte, not even a ping), `event: error` and a clean end of the response are all disconnects:
 * back off (full jitter) and connect again. It ends after the final event, on a final error (a 4xx other than
 * 408/409/429, a closed connection), when reconnects make no progress, or when the signal aborts.
 */
import { errorMessage, isApiError } from '../../net/errors';
import { backoffDelay, sleep } from '../../util/backoff';
import type { FollowState } from '../types';
import { Delivered, type ProcessedEvent, type Watermark } from './delivered';

export interface WireEvent extends ProcessedEvent {
  type: string;
  [field: string]: unknown;
}

/** Where a follow reads: the SDK's stream and list of a session or a thread (tests may give their own). */
export interface EventSource {
  /** Opens the stream; `onBytes` is called for every chunk of bytes, heartbeats included. */
  open(signal: AbortSignal, onBytes: () => void): Promise<AsyncIterable<WireEvent>>;
  /** Pages of processed history in order, from `since` (inclusive) when the source can filter by time. */
  list(since: string | undefined, signal: AbortSignal): AsyncIterable<WireEvent[]>;
}

/** A delivered event and where to resume right after it. */
export interface Delivery {
  event: WireEvent;
  after: Watermark;
}

export type FollowOut =
  | { kind: 'events'; events: Delivery[] }
  | { kind: 'state'; state: FollowState }
  /** Stream-only previews (`event_start`, `event_delta`), handed out at once: they are never events. */
  | { kind: 'previews'; frames: WireEvent[] };

const PREVIEW_TYPES = new Set(['event_start', 'event_delta']);

export interface ClaudeFollowOptions {
  from?: Watermark;
  signal: AbortSignal;
  stallTimeoutMs: number;
  /** Failed connections in a row, without a new event, before the follow gives up. */
  maxReconnects: number;
  /** The event after which nothing more comes (session terminated or deleted). */
  isFinal(event: WireEvent): boolean;
  /** Backoff between reconnects (full jitter); defaults 500 ms growing to 30 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  /** Turns anything a request threw into the neutral error (the backend's toApiError). */
  toError?: (error: unknown) => unknown;
  /** Least time between two reads of the list while the stream has news; default 250 ms (4 reads a second). */
  confirmEveryMs?: number;
  /** Reads of the list that may miss a stream event before it is handed out as streamed; default 3. */
  maxListLag?: number;
}

/** Only these end a follow: the key, the permission, the session itself, a closed connection. */
export function isFinalError(error: unknown): boolean {
  if (!isApiError(error)) return false;
  if (error.kind === 'closed' || error.kind === 'aborted') return true;
  const status = error.status;
  return status !== undefined && status >= 400 && status < 500 && ![408, 409, 429].includes(status);
}

export async function* followSession(
  source: EventSource,
  options: ClaudeFollowOptions,
): AsyncGenerator<FollowOut, void, undefined> {
  const { signal } = options;
  const delivered = new Delivered(options.from);
  const toError = options.toError ?? ((error: unknown) => error);
  let failures = 0;
  yield { kind: 'state', state: { type: 'connecting' } };
  for (;;) {
    if (signal.aborted) return;
    const connection = new Connection(source, signal, options.stallTimeoutMs);
    let reason: string;
    let error: unknown;
    let progressed = false;
    /** Hands out what is new in `events`, up to the final event; true when that came (the follow is over). */
    const handOut = function* (events: readonly WireEvent[]): Generator<FollowOut, boolean, undefined> {
      const fresh = fresher(events, delivered);
      if (fresh.length === 0) return false;
      progressed = true;
      const end = fresh.findIndex((d) => options.isFinal(d.event));
      yield { kind: 'events', events: end < 0 ? fresh : fresh.slice(0, end + 1) };
      return end >= 0;
    };
    /** Reads the list from the watermark and hands out what is new; true when the final event came. */
    const readList = async function* (): AsyncGenerator<FollowOut, boolean, undefined> {
      for await (const page of source.list(delivered.since, connection.signal))
        if (yield* handOut(page)) return true;
      return false;
    };
    try {
      await connection.open();
      if (yield* readList()) return yield* ended(connection);
      yield { kind: 'state', state: { type: 'live' } };
      const confirmEveryMs = options.confirmEveryMs ?? 250;
      const maxListLag = options.maxListLag ?? 3;
      let news: WireEvent[] = [];
      let lastListAt = -Infinity;
      let lagging = 0;
      for (;;) {
        // With stream events the list has not shown yet, look again soon even if the stream stays quiet.
        const batch = await connection.next(news.length > 0 ? confirmEveryMs : undefined);
        if (batch === undefined) break;
        yield* previewsIn(batch);
        news = news.concat(batch.filter((event) => delivered.isNew(event)));
        if (news.length === 0) continue;
        const waitMs = lastListAt + confirmEveryMs - Date.now();
        if (waitMs > 0) {
          await sleep(waitMs, connection.signal);
          const more = connection.drain();
          yield* previewsIn(more);
          news = news.concat(more.filter((event) => delivered.isNew(event)));
        }
        lastListAt = Date.now();
        if (yield* readList()) return yield* ended(connection);
        news = news.filter((event) => delivered.isNew(event));
        lagging = news.length === 0 ? 0 : lagging + 1;
        if (lagging < maxListLag) continue;
        const streamed = news;
        news = [];
        lagging = 0;
        if (yield* handOut(streamed)) return yield* ended(connection);
      }
      if (signal.aborted) return connection.close();
      reason = connection.stalled
        ? `no data or heartbeat for ${Math.round(options.stallTimeoutMs / 1000)} s`
        : 'the stream ended before the session did';
    } catch (thrown) {
      if (signal.aborted) return connection.close();
      error = toError(thrown);
      reason = connection.stalled
        ? `no data or heartbeat for ${Math.round(options.stallTimeoutMs / 1000)} s`
        : errorMessage(error);
      if (!connection.stalled && isFinalError(error)) {
        connection.close();
        yield { kind: 'state', state: { type: 'failed', reason, error } };
        return;
      }
    }
    connection.close();
    failures = progressed ? 1 : failures + 1;
    if (failures > options.maxReconnects) {
      yield {
        kind: 'state',
        state: { type: 'failed', reason: `gave up after ${failures - 1} reconnects: ${reason}`, error },
      };
      return;
    }
    const retryAfterMs = isApiError(error) ? error.retryAfterMs : undefined;
    const delayMs =
      retryAfterMs ??
      backoffDelay(failures - 1, {
        baseDelayMs: options.baseDelayMs ?? 500,
        maxDelayMs: options.maxDelayMs ?? 30_000,
        random: options.random,
      });
    yield { kind: 'state', state: { type: 'reconnecting', attempt: failures, delayMs, reason } };
    try {
      await sleep(delayMs, signal);
    } catch {
      return;
    }
  }
}

function fresher(events: readonly WireEvent[], delivered: Delivered): Delivery[] {
  const fresh: Delivery[] = [];
  for (const event of events)
    if (delivered.take(event)) fresh.push({ event, after: delivered.watermark as Watermark });
  return fresh;
}

/** The previews among what the stream sent, handed out at once (the events among it wait for the list). */
function* previewsIn(batch: readonly WireEvent[]): Generator<FollowOut, void, undefined> {
  const frames = batch.filter((event) => PREVIEW_TYPES.has(event.type));
  if (frames.length > 0) yield { kind: 'previews', frames };
}

function* ended(connection: Connection): Generator<FollowOut, void, undefined> {
  connection.close();
  yield { kind: 'state', state: { type: 'ended' } };
}

/**
 * One stream connection: opened before the list is read, so nothing processed in between is missed. It reads the
 * stream into a buffer at once, and hands the buffer out in batches when asked; a watchdog aborts it when no byte
 * has come for `stallTimeoutMs`.
 */
class Connection {
  private readonly controller = new AbortController();
  private buffer: WireEvent[] = [];
  private done = false;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;
  private lastByteAt = Date.now();
  private wakeQueued = false;
  private watchdog: NodeJS.Timeout | undefined;
  stalled = false;

  constructor(
    private readonly source: EventSource,
    outer: AbortSignal,
    private readonly stallTimeoutMs: number,
  ) {
    const abort = (): void => this.controller.abort(outer.reason);
    if (outer.aborted) abort();
    else outer.addEventListener('abort', abort, { once: true });
    this.controller.signal.addEventListener('abort', () => outer.removeEventListener('abort', abort), {
      once: true,
    });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  async open(): Promise<void> {
    this.armWatchdog();
    const stream = await this.source.open(this.signal, () => (this.lastByteAt = Date.now()));
    void this.pump(stream);
  }

  /**
   * The events buffered since the last call, waiting for some when there are none: undefined when the stream has
   * ended (or stalled), an empty batch when `timeoutMs` passed without one. Throws what broke the stream.
   */
  async next(timeoutMs?: number): Promise<WireEvent[] | undefined> {
    if (this.buffer.length === 0 && !this.failure && !this.done) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        if (timeoutMs !== undefined) timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
      this.wake = undefined;
    }
    if (this.buffer.length > 0) return this.drain();
    if (this.failure) throw this.failure.error;
    return this.done ? undefined : [];
  }

  /** What the stream has buffered, now, without waiting. */
  drain(): WireEvent[] {
    const ready = this.buffer;
    this.buffer = [];
    return ready;
  }

  close(): void {
    clearTimeout(this.watchdog);
    if (!this.controller.signal.aborted) this.controller.abort();
  }

  private async pump(stream: AsyncIterable<WireEvent>): Promise<void> {
    try {
      for await (const event of stream) {
        this.buffer.push(event);
        this.wakeSoon();
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      this.done = true;
      clearTimeout(this.watchdog);
      this.wake?.();
    }
  }

  /**
   * Wakes the reader after the events of this network chunk are all buffered: the SDK hands them out one microtask
   * apart, and waking the reader per event would run every event through the whole chain of generators alone.
   */
  private wakeSoon(): void {
    if (this.wakeQueued) return;
    this.wakeQueued = true;
    setImmediate(() => {
      this.wakeQueued = false;
      this.wake?.();
    });
  }

  private armWatchdog(): void {
    const check = (): void => {
      const idle = Date.now() - this.lastByteAt;
      if (idle >= this.stallTimeoutMs) {
        this.stalled = true;
        this.controller.abort();
        // A stream still opening or a list in flight ends with the abort; a pump that was reading ends too.
        this.done = true;
        this.wake?.();
      } else this.watchdog = setTimeout(check, this.stallTimeoutMs - idle);
    };
    this.watchdog = setTimeout(check, this.stallTimeoutMs);
  }
}
