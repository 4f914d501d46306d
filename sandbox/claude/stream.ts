// The live event stream: GET /v1/sessions/{id}/events/stream and …/threads/{tid}/stream. As the service does, it
// starts at the live edge (only events processed after the connection opens), has no sequence numbers and no
// resume: what a dropped connection missed is only in the list. It does not end when the session idles (a
// message can wake it); it ends right after `session.status_terminated` or `session.deleted` (for a sub-agent
// thread, its own `session.thread_status_terminated`), and at once for what has already ended. With
// `event_deltas[]=agent.message` (or agent.thinking) it also sends the previews of events being produced.
import type { ServerResponse } from 'node:http';
import type { BodyWriter } from '../body-writer';
import { type FrameFault, frameFaults, openSse, SseSession, withHeartbeat } from '../sse-session';
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

const CLAUDE_FRAMES = { ping: PING_FRAME, malformed: MALFORMED_FRAME, error: ERROR_FRAME };

export async function streamTarget(request: ClaudeRequest, target: StreamTarget): Promise<void> {
  const deltas =
    arrayParam(request.url.searchParams, 'event_deltas', ['agent.message', 'agent.thinking'] as const) ?? [];
  const { res, ctx, writer } = request;
  openSse(res, ctx);
  if (target.over) return writer.end();

  const live = new LiveStream(res, writer, target, frameFaults(request.faults), deltas);
  try {
    if (request.faults.some((fault) => fault.kind === 'big')) target.big();
    await withHeartbeat(live, ctx.options.heartbeatMs);
  } finally {
    live.dispose();
  }
}

class LiveStream extends SseSession {
  private next: number;
  private skipNext = false;
  /** Previews published while this stream was still writing earlier events: each goes out right after them. */
  private queued: { at: number; text: string }[] = [];
  private wake: (() => void) | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    res: ServerResponse,
    writer: BodyWriter,
    private readonly target: StreamTarget,
    faults: FrameFault[],
    private readonly deltas: readonly Preview['kind'][],
    log = target.log,
  ) {
    super(res, writer, faults, CLAUDE_FRAMES);
    this.next = log.length;
    this.unsubscribe = log.onPreview((preview) => this.preview(preview));
  }

  dispose(): void {
    this.unsubscribe();
  }

  async run(): Promise<void> {
    while (!this.writer.isClosed) {
      if ((await this.applyDueFaults()) === 'ended') return;
      if (this.next < this.target.log.length || this.queued.length > 0) {
        if ((await this.writeBatch()) === 'final') break;
      } else {
        await this.waitForChange();
      }
    }
    await this.writer.end();
  }

  /** `end:K` ends the response cleanly mid-session; `list-only:K` keeps the next event off this stream. */
  protected override async applyOtherFault(fault: FrameFault): Promise<'ended' | 'going'> {
    if (fault.kind === 'end') {
      await this.writer.end();
      return 'ended';
    }
    if (fault.kind === 'list-only') this.skipNext = true;
    return 'going';
  }

  /**
   * A preview goes out in its place among the events: at once at the live edge, else right after the events that
   * were processed before it (a connection's frames are written in order, never dropped for being busy).
   */
  private preview(preview: Preview): void {
    if (!this.deltas.includes(preview.kind) || this.stalled || this.writer.isClosed) return;
    const text = frame(preview.frame.type as string, preview.frame);
    if (this.next === this.target.log.length && this.queued.length === 0) {
      void this.writer.write(text);
      this.frames++;
    } else this.queued.push({ at: this.target.log.length, text });
    this.wake?.();
  }

  /** The queued previews whose place is at or before `position`, as frames. */
  private previewsUpTo(position: number): string {
    let text = '';
    while (this.queued.length > 0 && (this.queued[0] as { at: number }).at <= position) {
      text += (this.queued.shift() as { text: string }).text;
      this.frames++;
    }
    return text;
  }

  private async writeBatch(): Promise<'final' | 'going'> {
    const log = this.target.log;
    const budget = Math.min(BATCH_FRAMES, this.framesBeforeFault());
    let text = '';
    let written = 0;
    let final = false;
    while (this.next < log.length && written < budget && text.length < BATCH_CHARS) {
      text += this.previewsUpTo(this.next);
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
    if (!final) text += this.previewsUpTo(this.next);
    await this.writer.write(text);
    return final ? 'final' : 'going';
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
}
