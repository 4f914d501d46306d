/**
 * One SSE connection, read to its end: first `open` (the headers arrived), then the frames of each network chunk
 * together; how the connection ended is kept in `outcome` (it never throws). A watchdog tells a stall (no byte, not even a heartbeat, for
 * `stallTimeoutMs`) and a connection that never sends a first byte (a buffering proxy) from a drop; it waits while
 * the consumer works on a chunk, so a slow consumer is not taken for a stall. Backend-neutral: what the frames
 * mean is the follower's business.
 */
import type { Readable } from 'node:stream';
import { SseDecoder, type SseFrame } from './sse';

export interface SseConnectionOptions {
  /** No byte for this long once the stream flows: stalled. */
  stallTimeoutMs: number;
  /** No byte (not even headers) this long after connecting: a buffering proxy, say. */
  firstByteTimeoutMs: number;
  /** The follow's lifetime: aborting it closes the socket at once. */
  signal: AbortSignal;
  /** `retry:` from the server. */
  onRetry?(ms: number): void;
  onParseError?(message: string): void;
}

export type SseOutcome =
  /** The response ended cleanly (or the consumer stopped reading). */
  | { kind: 'ended' }
  /** Opening failed: an HTTP error status or a network error before any header. */
  | { kind: 'refused'; error: unknown }
  | { kind: 'noFirstByte' }
  | { kind: 'stalled' }
  /** The connection broke mid-response. `midFrame`: it broke inside a frame (a cut). */
  | { kind: 'dropped'; error: unknown; midFrame: boolean }
  | { kind: 'aborted' };

class Watchdog extends Error {}

export type SseStep = { kind: 'open' } | { kind: 'frames'; frames: SseFrame[] };

export class SseConnection implements AsyncIterable<SseStep> {
  outcome: SseOutcome = { kind: 'ended' };
  /** When the headers arrived (0: never). */
  connectedAt = 0;
  /** Whether any byte of the body arrived. */
  gotByte = false;
  /** Whether the last bytes received stopped inside a frame when the connection ended. */
  endedMidFrame = false;

  constructor(
    private readonly open: (signal: AbortSignal) => Promise<{ body: Readable }>,
    private readonly options: SseConnectionOptions,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<SseStep, void, undefined> {
    const { signal, stallTimeoutMs, firstByteTimeoutMs } = this.options;
    if (signal.aborted) {
      this.outcome = { kind: 'aborted' };
      return;
    }
    const conn = new AbortController();
    let body: Readable | undefined;
    let frames: SseFrame[] = [];
    const decoder = new SseDecoder({
      onFrame: (frame) => frames.push(frame),
      onRetry: this.options.onRetry,
      onParseError: this.options.onParseError,
    });
    // Close the socket at once: abort the request and destroy the body ourselves.
    const onAbort = (): void => {
      conn.abort();
      body?.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    let watchdog: 'noFirstByte' | 'stalled' | undefined;
    let busy = false;
    let lastByteAt = 0;
    let timer: NodeJS.Timeout | undefined = setTimeout(() => {
      watchdog = 'noFirstByte';
      conn.abort();
      body?.destroy(new Watchdog('no first byte'));
    }, firstByteTimeoutMs);
    const stallCheck = (): void => {
      if (busy) {
        timer = setTimeout(stallCheck, stallTimeoutMs);
        return;
      }
      const idle = Date.now() - lastByteAt;
      if (idle >= stallTimeoutMs) {
        watchdog = 'stalled';
        body?.destroy(new Watchdog('stalled'));
      } else timer = setTimeout(stallCheck, stallTimeoutMs - idle);
    };
    try {
      try {
        body = (await this.open(conn.signal)).body;
      } catch (error) {
        this.outcome = signal.aborted
          ? { kind: 'aborted' }
          : watchdog === 'noFirstByte'
            ? { kind: 'noFirstByte' }
            : { kind: 'refused', error };
        return;
      }
      this.connectedAt = Date.now();
      if (watchdog || signal.aborted) body.destroy();
      yield { kind: 'open' };
      lastByteAt = Date.now();
      try {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          busy = true;
          if (!this.gotByte) {
            this.gotByte = true;
            clearTimeout(timer);
            timer = setTimeout(stallCheck, stallTimeoutMs);
          }
          decoder.push(chunk);
          if (frames.length > 0) {
            const ready = frames;
            frames = [];
            yield { kind: 'frames', frames: ready };
          }
          lastByteAt = Date.now();
          busy = false;
        }
        this.endedMidFrame = decoder.midFrame;
        decoder.end();
        if (frames.length > 0) yield { kind: 'frames', frames };
        this.outcome = { kind: 'ended' };
      } catch (error) {
        this.endedMidFrame = decoder.midFrame;
        if (signal.aborted) this.outcome = { kind: 'aborted' };
        else if (watchdog) this.outcome = { kind: watchdog };
        else this.outcome = { kind: 'dropped', error, midFrame: this.endedMidFrame };
      }
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (body && !body.destroyed) body.destroy();
    }
  }
}
