// The event stream: GET /v1/api/runs/{runId}/events/stream?attemptId=A&afterSeq=N (+ Last-Event-ID).
// Replays seq > max(afterSeq, Last-Event-ID) in batches (one write carries many frames, and the loop waits for
// 'drain', so a 200,000-event replay is fast and never buffered whole), then pushes live appends, and ends right
// after the terminal event. Frame-counting faults (drop, stall, malformed, error-frame) fire between frames; a
// `cut` fault cuts one event's frame in half, wherever in the response that event comes.
import type { ServerResponse } from 'node:http';
import { findAttempt } from './api-events';
import type { BodyWriter } from './body-writer';
import { badRequest } from './http';
import type { Ledger } from './ledger';
import { intParam } from './query';
import type { RequestInfo } from './router';
import type { RunEventDto } from './types';
import { errorFrame, eventFrame, MALFORMED_FRAME, PING_FRAME } from './sse';
import {
  dropConnection,
  type FrameFault,
  frameFaults,
  openSse,
  SseSession,
  withHeartbeat,
} from './sse-session';

/** A batch stops at whichever comes first; the byte cap keeps 1 MB events from piling up in one string. */
const BATCH_FRAMES = 512;
const BATCH_CHARS = 256 * 1024;

const AGENTOS_FRAMES = {
  ping: PING_FRAME,
  malformed: MALFORMED_FRAME,
  error: errorFrame('Injected stream error (sandbox fault)', 'STREAM_ERROR'),
};

export async function streamEvents(request: RequestInfo): Promise<void> {
  const { attempt } = findAttempt(request);
  const afterSeq = Math.max(
    intParam(request.url.searchParams, 'afterSeq', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 }),
    lastEventId(request),
  );
  const { res, ctx } = request;
  openSse(res, ctx);
  const cutSeqs = request.faults.flatMap((fault) => (fault.kind === 'cut' ? [fault.seq] : []));
  const faults = frameFaults(request.faults);
  await withHeartbeat(
    new ReplaySession(res, request.writer, attempt.ledger, afterSeq, faults, cutSeqs),
    ctx.options.heartbeatMs,
  );
}

function lastEventId(request: RequestInfo): number {
  const header = request.req.headers['last-event-id'];
  if (header === undefined || header === '') return 0;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d+$/.test(value.trim()))
    throw badRequest('Last-Event-ID', 'must be an integer seq');
  return Number(value.trim());
}

class ReplaySession extends SseSession {
  private next: number;

  constructor(
    res: ServerResponse,
    writer: BodyWriter,
    private readonly ledger: Ledger,
    afterSeq: number,
    faults: FrameFault[],
    /** Events whose frame is cut halfway, ending the connection (a proxy with a size limit, a flaky link). */
    private readonly cutSeqs: number[] = [],
  ) {
    super(res, writer, faults, AGENTOS_FRAMES);
    this.next = afterSeq + 1;
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
    const last = Math.min(
      this.ledger.length,
      this.next + Math.min(BATCH_FRAMES, this.framesBeforeFault()) - 1,
    );
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
}
