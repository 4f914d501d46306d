/**
 * The follow behind a Follow Run panel: it asks the connection's backend for the sub-run's events from a cursor,
 * numbers them (ordinals.ts), turns them into rows, and says how the connection stands. It lives inside its
 * connection's lifetime: a sign-out or a new key ends the follow at once (nothing more is sent with the old key);
 * it says so, and the same session goes on after sign-in, right after the last row it handed out. No `vscode`
 * import: the panel feeds it what it needs.
 */
import type {
  Backend,
  EventLook,
  FollowOptions,
  FollowRef,
  TimelineEvent,
  TypingPreview,
} from '../backends/types';
import { Ordinals, tailOrdinals } from './ordinals';
import type { ConnectionView, RowDto } from './protocol';
import { toRow } from './rows';
import { errorMessage } from '../net/errors';

/** A connection's backend and lifetime, as Connections hands them out. */
export interface LiveConnection {
  readonly backend: Backend;
  readonly lifetime: { readonly signal: AbortSignal };
}

export interface SessionEvents {
  /** Rows in order, each once (after a resume, from the resume point on). */
  rows(rows: RowDto[], events: TimelineEvent[], looks: EventLook[]): void;
  /** The latest events of a long history, ahead of it (see `loadPreview`). */
  preview(rows: RowDto[], total: number, events: TimelineEvent[]): void;
  connection(state: ConnectionView): void;
  /** What the agent is writing right now (live typing), or null when it stops; never a row. */
  typing(typing: TypingPreview | null): void;
  /** A follow ended (done, failed, stopped or cut off by a sign-out). */
  settled(): void;
}

export interface FollowSessionOptions {
  ref: FollowRef;
  connectionName: string;
  /** The connection of the panel now, or undefined when signed out. */
  connection(): LiveConnection | undefined;
  followOptions(): FollowOptions;
  events: SessionEvents;
}

/** A history at least this long is previewed: its latest events are shown while the rest is replayed. */
export const PREVIEW_MIN_BACKLOG = 5_000;
/** How many of the latest events the preview shows (one request; a few screens). */
export const PREVIEW_ROWS = 200;

export class FollowSession {
  private readonly ordinals = new Ordinals();
  private abort?: AbortController;
  /** The connection the current follow uses: a sign-out or key change replaces it (or takes it away). */
  private followedWith?: LiveConnection;
  private terminalOrdinal?: number;
  private stoppedByUser = false;
  private state: ConnectionView = { kind: 'connecting' };
  private disposed = false;

  constructor(private readonly options: FollowSessionOptions) {}

  get connectionView(): ConnectionView {
    return this.state;
  }

  get isFollowing(): boolean {
    return this.abort !== undefined && !this.abort.signal.aborted;
  }

  get isStoppedByUser(): boolean {
    return this.stoppedByUser;
  }

  /** Rows handed out so far (the last one's number). */
  get lastOrdinal(): number {
    return this.ordinals.last.ordinal;
  }

  /** Every event of the sub-run has been handed out up to its terminal one. */
  get isComplete(): boolean {
    return this.isCompleteThrough(this.lastOrdinal);
  }

  /** Rows 1..ordinal hold the whole sub-run, its terminal event included. */
  isCompleteThrough(ordinal: number): boolean {
    return this.terminalOrdinal !== undefined && ordinal >= this.terminalOrdinal;
  }

  /** Follows from after row `ordinal` (whose cursor is `cursor`); 0 and undefined: from the start. */
  start(ordinal = 0, cursor?: string): void {
    this.abort?.abort();
    this.ordinals.resetTo(ordinal, cursor);
    if (this.isComplete) return;
    const controller = new AbortController();
    this.abort = controller;
    void this.run(controller).finally(() => {
      if (this.abort === controller) this.abort = undefined;
      this.options.events.settled();
    });
  }

  stop(): void {
    this.stoppedByUser = true;
    this.abort?.abort();
    this.abort = undefined;
    if (this.state.kind !== 'ended') this.setState({ kind: 'stopped' });
  }

  /** Goes on after the last row handed out (Resume, Retry). */
  resume(): void {
    this.stoppedByUser = false;
    if (this.isComplete) return;
    const { ordinal, cursor } = this.ordinals.last;
    this.start(ordinal, cursor);
  }

  /**
   * The panel's connection changed: signed out (stop at once, say so), or signed in again, or a new key (go on
   * after the last row, with the new backend). A health change alone changes nothing.
   */
  connectionChanged(ready: boolean): void {
    if (this.disposed) return;
    const connection = this.options.connection();
    if (!connection) {
      if (this.followedWith === undefined && this.state.kind === 'signedOut') return;
      this.abort?.abort();
      this.abort = undefined;
      this.followedWith = undefined;
      if (!this.isComplete) this.setState({ kind: 'signedOut', connectionName: this.options.connectionName });
      return;
    }
    // Signed out, or failed (a rejected key, say): a new connection is the cue to go on.
    const waiting = this.state.kind === 'signedOut' || this.state.kind === 'failed';
    if (connection === this.followedWith && !waiting) return;
    if (!this.isFollowing && !waiting) return;
    this.abort?.abort();
    this.abort = undefined;
    this.followedWith = undefined;
    if (this.isComplete) return;
    if (this.stoppedByUser) this.setState({ kind: 'stopped' });
    else if (ready) this.resume();
  }

  private async run(controller: AbortController): Promise<void> {
    const connection = this.options.connection();
    this.followedWith = connection;
    if (!connection) {
      this.setState({ kind: 'signedOut', connectionName: this.options.connectionName });
      return;
    }
    const signal = AbortSignal.any([controller.signal, connection.lifetime.signal]);
    const { backend } = connection;
    this.setState({ kind: 'connecting' });
    const { cursor } = this.ordinals.last;
    try {
      let sliceStart = performance.now();
      for await (const batch of backend.follow(
        this.options.ref,
        cursor,
        this.options.followOptions(),
        signal,
      )) {
        if (signal.aborted) break;
        if ('events' in batch) this.deliver(batch.events, backend);
        else if ('typing' in batch) this.options.events.typing(batch.typing);
        else {
          const s = batch.state;
          if (s.type === 'ended') this.setState({ kind: 'ended' });
          else if (s.type === 'failed') {
            // A backend closed under the follow (sign-out, new key): the connection change decides what comes next.
            if (!connection.lifetime.signal.aborted) this.setState({ kind: 'failed', reason: s.reason });
          } else if (s.type === 'reconnecting')
            this.setState({ kind: 'reconnecting', attempt: s.attempt, delayMs: s.delayMs, reason: s.reason });
          else if (s.type === 'polling') this.setState({ kind: 'polling', reason: s.reason });
          else this.setState({ kind: s.type });
        }
        // A replay whose bytes are all there never waits on I/O, so timers (the batch flush) would not run until
        // it ends: give the event loop a turn every ~16 ms of work.
        if (performance.now() - sliceStart > 16) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      this.setState({ kind: 'failed', reason: errorMessage(error) });
    }
  }

  private deliver(events: TimelineEvent[], backend: Backend): void {
    const rows: RowDto[] = [];
    const looks: EventLook[] = [];
    for (const event of events) {
      const numbered = this.ordinals.number(event);
      const look = backend.presenter.look(event.type, event.payload, event);
      rows.push(toRow(numbered, look));
      looks.push(look);
      if (event.terminal) this.terminalOrdinal = numbered.ordinal;
    }
    this.options.events.rows(rows, events, looks);
  }

  /**
   * A long history takes seconds to replay, so its latest events are fetched first (beside the stream) and shown
   * at once; the webview swaps in the whole history when the replay reaches them. Only where the backend can tell
   * a sub-run's length cheaply.
   */
  async loadPreview(): Promise<void> {
    const connection = this.options.connection();
    const tail = connection?.backend.tail?.bind(connection.backend);
    if (!connection || !tail) return;
    const { events, total } = await tail(this.options.ref, PREVIEW_ROWS, connection.lifetime.signal);
    if (this.disposed || events.length === 0 || total - this.lastOrdinal < PREVIEW_MIN_BACKLOG) return;
    const { from } = tailOrdinals(total, events.length);
    const rows = events.map((event, i) =>
      toRow(
        { ordinal: from + i, cursor: event.cursor, event },
        connection.backend.presenter.look(event.type, event.payload, event),
      ),
    );
    this.options.events.preview(rows, total, events);
  }

  private setState(state: ConnectionView): void {
    this.state = state;
    this.options.events.connection(state);
  }

  dispose(): void {
    this.disposed = true;
    this.abort?.abort();
    this.abort = undefined;
  }
}
