// The event stream: GET /v1/api/runs/{runId}/events/stream?attemptId=A&afterSeq=N (+ Last-Event-ID).
// Replays seq > max(afterSeq, Last-Event-ID) in batches (one write carries many frames, and the loop waits for
// 'drain', so a 200,000-event replay is fast and never buffered whole), then pushes live appends, and ends right
// after the terminal event. Frame-counting faults (drop, stall, malformed, error-frame) fire between frames; a
// `cut` fault cuts one event's frame in half, wherever in the response that event comes.
import type { ServerResponse } from 'node:http';
import { findAttempt } from './api-events';
import type { BodyWriter } from './body-writer';
import type { Fault } from './faults';
import { badRequest } from './http';
import type { Ledger } from './ledger';
import { intParam } from './query';
import type { RequestInfo } from './router';
import type { RunEventDto } from './types';
import { errorFrame, eventFrame, MALFORMED_FRAME, PING_FRAME, SSE_HEADERS } from './sse';

/** A batch stops at whichever comes first; the byte cap keeps 1 MB events from piling up in one string. */
const BATCH_FRAMES = 512;
const BATCH_CHARS = 256 * 1024;

type FrameFault = Extract<Fault, { afterFrames: number }>;

export async function streamEvents(request: RequestInfo): Promise<void> {
  const { attempt } = findAttempt(request);
  const afterSeq = Math.max(
    intParam(request.url.searchParams, 'afterSeq', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 }),
    lastEventId(request),
  );
  const { res, ctx } = request;
  res.writeHead(200, SSE_HEADERS);
  res.flushHeaders();
  ctx.streams.add(res);
  res.once('close', () => ctx.streams.delete(res));

  const frameFaults = request.faults
    .filter((fault): fault is FrameFault => 'afterFrames' in fault)
    .sort((a, b) => a.afterFrames - b.afterFrames);
  const cutSeqs = request.faults.flatMap((fault) => (fault.kind === 'cut' ? [fault.seq] : []));
  const session = new StreamSession(res, request.writer, attempt.ledger, afterSeq, frameFaults, cutSeqs);
  const heartbeat = setInterval(() => session.ping(), ctx.options.heartbeatMs);
  try {
    await session.run();
  } finally {
    clearInterval(heartbeat);
  }
}

function lastEventId(request: RequestInfo): number {
  const header = request.req.headers['last-event-id'];
  if (header === undefined || header === '') return 0;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d+$/.test(value.trim()))
    throw badRequest('Last-Event-ID', 'must be an integer seq');
  return Number(value.trim());
}

class StreamSession {
  private next: number;
  private frames = 0;
  private stalled = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly writer: BodyWriter,
    private readonly ledger: Ledger,
    afterSeq: number,
    private readonly faults: FrameFault[],
    /** Events whose frame is cut halfway, ending the connection (a proxy with a size limit, a flaky link). */
    private readonly cutSeqs: number[] = [],
  ) {
    this.next = afterSeq + 1;
  }

  /** Heartbeat: skipped while frames are flowing anyway and while a stall fault wants silence. */
  ping(): void {
    if (!this.stalled && !this.writer.busy && !this.writer.isClosed) void this.writer.write(PING_FRAME);
  }

  async run(): Promise<void> {
    while (!this.writer.isClosed) {
      if ((await this.applyDueFaults()) === 'ended') return;
      if (this.ledger.finished && this.next > this.ledger.length) break;
      if (this.next <= this.ledger.length) {
        if ((await this.writeBatch()) === 'ended') return;
      } else await this.waitForAppend();
    }
    await this.writer.end();
  }

  private async writeBatch(): Promise<'ended' | 'going'> {
    const upcoming = this.faults[0];
    const framesBeforeFault = upcoming ? upcoming.afterFrames - this.frames : Infinity;
    const last = Math.min(this.ledger.length, this.next + Math.min(BATCH_FRAMES, framesBeforeFault) - 1);
    let text = '';
    while (this.next <= last && text.length < BATCH_CHARS) {
      const frame = eventFrame(this.ledger.get(this.next) as RunEventDto);
      if (this.cutSeqs.includes(this.next)) {
        // Everything before the cut leaves intact; then half a frame, and the connection ends.
        await this.writer.write(text + frame.slice(0, Math.floor(frame.length / 2)));
        dropConnection(this.res);
        return 'ended';
      }
      text += frame;
      this.next++;
      this.frames++;
    }
    await this.writer.write(text);
    return 'going';
  }

  /** Faults whose frame count has been reached, in order. Returns 'ended' when one ended the response. */
  private async applyDueFaults(): Promise<'ended' | 'going'> {
    while (this.faults[0] && this.faults[0].afterFrames <= this.frames) {
      const fault = this.faults.shift() as FrameFault;
      switch (fault.kind) {
        case 'drop':
          await this.writer.write('');
          dropConnection(this.res);
          return 'ended';
        case 'error-frame':
          await this.writer.write(errorFrame('Injected stream error (sandbox fault)', 'STREAM_ERROR'));
          await this.writer.end();
          return 'ended';
        case 'malformed':
          await this.writer.write(MALFORMED_FRAME);
          break;
        case 'stall':
          this.stalled = true;
          await this.sleepUnlessClosed(fault.ms);
          this.stalled = false;
          break;
      }
    }
    return 'going';
  }

  private waitForAppend(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        unsubscribe();
        this.res.off('close', done);
        resolve();
      };
      const unsubscribe = this.ledger.onAppend(done);
      this.res.once('close', done);
    });
  }

  private sleepUnlessClosed(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.res.once('close', done);
    });
  }
}

/**
 * Ends the TCP connection without the HTTP chunked terminator, after everything already written has left: the
 * client gets exactly the frames counted, then an unexpected end of the response.
 */
export function dropConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  socket.end();
  setTimeout(() => socket.destroy(), 1000).unref();
}
