// What both sandboxes' event streams share: opening the SSE response, the heartbeat, and the frame-counting
// faults (drop, stall, malformed, error-frame) that fire between frames. Each API's stream subclasses it with
// its own framing, its own error frame and whatever extra fault kinds its dialect knows.
import type { ServerResponse } from 'node:http';
import type { BodyWriter } from './body-writer';
import type { Fault } from './faults';
import { SSE_HEADERS } from './sse';

export type FrameFault = Extract<Fault, { afterFrames: number }>;

export interface SseFrames {
  ping: string;
  malformed: string;
  /** What `error-frame:K` writes before it ends the response. */
  error: string;
}

/** Writes the SSE headers at once (a client sees the stream open before any event) and tracks the response. */
export function openSse(res: ServerResponse, ctx: { streams: Set<ServerResponse> }): void {
  res.writeHead(200, SSE_HEADERS);
  res.flushHeaders();
  ctx.streams.add(res);
  res.once('close', () => ctx.streams.delete(res));
}

/** The request's frame-counting faults, in the order they fire. */
export function frameFaults(faults: readonly Fault[]): FrameFault[] {
  return faults
    .filter((fault): fault is FrameFault => 'afterFrames' in fault)
    .sort((a, b) => a.afterFrames - b.afterFrames);
}

/** Runs `session` with a heartbeat every `heartbeatMs`, stopped however the session ends. */
export async function withHeartbeat(session: SseSession, heartbeatMs: number): Promise<void> {
  const heartbeat = setInterval(() => session.ping(), heartbeatMs);
  try {
    await session.run();
  } finally {
    clearInterval(heartbeat);
  }
}

export abstract class SseSession {
  /** Frames written so far; the faults' `afterFrames` count these. */
  protected frames = 0;
  /** While a stall fault wants silence, not even a ping goes out. */
  protected stalled = false;

  constructor(
    protected readonly res: ServerResponse,
    protected readonly writer: BodyWriter,
    protected readonly faults: FrameFault[],
    private readonly sse: SseFrames,
  ) {}

  abstract run(): Promise<void>;

  /** Heartbeat: skipped while frames are flowing anyway and while a stall fault wants silence. */
  ping(): void {
    if (!this.stalled && !this.writer.busy && !this.writer.isClosed) void this.writer.write(this.sse.ping);
  }

  /** How many frames may go out before the next fault is due. */
  protected framesBeforeFault(): number {
    const upcoming = this.faults[0];
    return upcoming ? upcoming.afterFrames - this.frames : Infinity;
  }

  /** Faults whose frame count has been reached, in order. Returns 'ended' when one ended the response. */
  protected async applyDueFaults(): Promise<'ended' | 'going'> {
    while (this.faults[0] && this.faults[0].afterFrames <= this.frames) {
      const fault = this.faults.shift() as FrameFault;
      switch (fault.kind) {
        case 'drop':
          await this.writer.write('');
          dropConnection(this.res);
          return 'ended';
        case 'error-frame':
          await this.writer.write(this.sse.error);
          await this.writer.end();
          return 'ended';
        case 'malformed':
          await this.writer.write(this.sse.malformed);
          break;
        case 'stall':
          this.stalled = true;
          await this.sleepUnlessClosed(fault.ms);
          this.stalled = false;
          break;
        default:
          if ((await this.applyOtherFault(fault)) === 'ended') return 'ended';
      }
    }
    return 'going';
  }

  /** A fault kind only one API's dialect has; AgentOS has none. */
  protected applyOtherFault(_fault: FrameFault): Promise<'ended' | 'going'> {
    return Promise.resolve('going');
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
