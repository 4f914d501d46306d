// The live event stream: GET /v1/sessions/{id}/events/stream and …/threads/{tid}/stream. As the service does, it
// starts at the live edge (only events processed after the connection opens), has no sequence numbers and no
// resume: what a dropped connection missed is only in the list. It does not end when the session idles (a
// message can wake it); it ends right after `session.status_terminated` or `session.deleted` (for a sub-agent
// thread, its own `session.thread_status_terminated`), and at once for what has already ended. With
// `event_deltas[]=agent.message` (or agent.thinking) it also sends the previews of events being produced.
import type { ServerResponse } from 'node:http';
import type { BodyWriter } from '../body-writer';
import type { Fault } from '../faults';
import { SSE_HEADERS } from '../sse';
import { dropConnection } from '../stream';
import type { ClaudeRequest } from './context';
import type { EventLog, LogEvent, Preview } from './event-log';
import { arrayParam } from './list-params';
import { ERROR_FRAME, frame, MALFORMED_FRAME, PING_FRAME } from './sse';

/** A batch stops at whichever comes first; the byte cap keeps 1 MB events from piling up in one string. */
const BATCH_FRAMES = 512;
const BATCH_CHARS = 256 * 1024;

export interface StreamTarget {
  log: EventLog;
  /** The event after which nothing more can come: the response ends once it is sent. */
  isFinal(event: LogEvent): boolean;
  /** Nothing more will ever come: the response ends right after its headers. */
  over: boolean;
  /** The `big` fault: the thread gains a ~1 MB agent.message, a real event (the list has it too). */
  big(): void;
}

type FrameFault = Extract<Fault, { afterFrames: number }>;

export async function streamTarget(request: ClaudeRequest, target: StreamTarget): Promise<void> {
  const deltas =
    arrayParam(request.url.searchParams, 'event_deltas', ['agent.message', 'agent.thinking'] as const) ?? [];
  const { res, ctx, writer } = request;
  res.writeHead(200, SSE_HEADERS);
  res.flushHeaders();
  ctx.streams.add(res);
  res.once('close', () => ctx.streams.delete(res));
  if (target.over) return writer.end();

  const faults = request.faults
    .filter((fault): fault is FrameFault => 'afterFrames' in fault)
    .sort((a, b) => a.afterFrames - b.afterFrames);
  const live = new LiveStream(res, writer, target, faults, deltas);
  const heartbeat = setInterval(() => live.ping(), ctx.options.heartbeatMs);
  try {
    if (request.faults.some((fault) => fault.kind === 'big')) target.big();
    await live.run();
  } finally {
    clearInterval(heartbeat);
    live.dispose();
  }
}

class LiveStream {
  private next: number;
  private frames = 0;
  private stalled = false;
  private skipNext = false;
  private wake: (() => void) | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly res: ServerResponse,
    private readonly writer: BodyWriter,
    private readonly target: StreamTarget,
    private readonly faults: FrameFault[],
    private readonly deltas: readonly Preview['kind'][],
    log = target.log,
  ) {
    this.next = log.length;
    this.unsubscribe = log.onPreview((preview) => this.preview(preview));
  }

  dispose(): void {
    this.unsubscribe();
  }

  /** Heartbeat: skipped while frames are flowing anyway and while a stall fault wants silence. */
  ping(): void {
    if (!this.stalled && !this.writer.busy && !this.writer.isClosed) void this.writer.write(PING_FRAME);
  }

  async run(): Promise<void> {
    while (!this.writer.isClosed) {
      if ((await this.applyDueFaults()) === 'ended') return;
      if (this.next < this.target.log.length) {
        if ((await this.writeBatch()) === 'final') break;
      } else {
        await this.waitForChange();
      }
    }
    await this.writer.end();
  }

  /** A preview goes out only when the stream is at the live edge, so it always precedes its event. */
  private preview(preview: Preview): void {
    if (!this.deltas.includes(preview.kind) || this.stalled || this.writer.isClosed) return;
    if (this.next !== this.target.log.length) return; // best effort, like the service's
    void this.writer.write(frame(preview.frame.type as string, preview.frame));
    this.frames++;
    this.wake?.();
  }

  private async writeBatch(): Promise<'final' | 'going'> {
    const log = this.target.log;
    const upcoming = this.faults[0];
    const budget = Math.min(BATCH_FRAMES, upcoming ? upcoming.afterFrames - this.frames : Infinity);
    let text = '';
    let written = 0;
    let final = false;
    while (this.next < log.length && written < budget && text.length < BATCH_CHARS) {
      const event = log.at(this.next++);
      if (this.skipNext) {
        this.skipNext = false; // list-only: this event is never sent on this stream
        continue;
      }
      text += frame(event.type, event);
      written++;
      this.frames++;
      if (this.target.isFinal(event)) {
        final = true;
        break;
      }
    }
    await this.writer.write(text);
    return final ? 'final' : 'going';
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
          await this.writer.write(ERROR_FRAME);
          await this.writer.end();
          return 'ended';
        case 'end':
          await this.writer.end();
          return 'ended';
        case 'malformed':
          await this.writer.write(MALFORMED_FRAME);
          break;
        case 'list-only':
          this.skipNext = true;
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

  private waitForChange(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        unsubscribe();
        this.wake = undefined;
        this.res.off('close', done);
        resolve();
      };
      const unsubscribe = this.target.log.onAppend(done);
      this.wake = done;
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
