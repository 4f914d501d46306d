/**
 * Following one attempt of an AgentOS run: every event exactly once, in seq order, across drops, stalls, proxies and
 * server hiccups — and the connection state along the way, for the UI.
 *
 * Rules (see the API contract):
 * - SSE; resume with afterSeq = last delivered seq and Last-Event-ID = the same.
 * - seq ≤ last is dropped; a jump in seq is backfilled from the polling endpoint before going on.
 * - No bytes (data or `: ping`) for stallTimeoutMs → reconnect. End of stream without a terminal event → reconnect.
 *   `event: error` → reconnect. A malformed frame is skipped (and logged); the seq gap it leaves is backfilled.
 * - A connection cut inside a frame twice in a row at the same seq (a proxy with a size limit, say) fetches the next
 *   events through polling, then goes back to SSE: the stream alone would stop at that event on every connection.
 * - Capped exponential backoff with full jitter; 429 waits Retry-After; after maxReconnects consecutive failures
 *   without progress → state `failed` (call follow again with afterSeq = state.lastSeq to retry).
 * - 401/403 (and a closed client) → `failed` at once. Stream endpoint refused (404/405/415/501, not an event
 *   stream) or no byte within firstByteTimeoutMs (a buffering proxy) → poll instead, and try SSE again after
 *   sseRetryAfterMs.
 * - A terminal event (RUN_FINISHED / RUN_FAILED / RUN_CANCELLED, any case) → state `ended`, done.
 * - Aborting the signal closes the socket at once and ends the iteration without a further item.
 */
import type { EventStreamOptions, EventStreamResponse, PollEventsParams } from './client';
import { silentLogger, type Logger } from '../../util/logger';
import { isTerminalEventType, type RunEventDto, type RunEventsPollResponse } from './wire';
import { sleep } from '../../util/backoff';
import { itemsOf, type ItemIterator } from '../../stream/items';
import { ReconnectBudget, classify, streamDecision, type Decision } from '../../stream/reconnect';
import type { SseFrame } from '../../stream/sse';
import { SseConnection } from '../../stream/sse-connection';

/** What `follow` needs from the API client (AgentOsClient satisfies it; tests may fake it). */
export interface FollowClient {
  openEventStream(
    runId: string,
    attemptId: string,
    options: EventStreamOptions,
  ): Promise<EventStreamResponse>;
  pollEvents(runId: string, params: PollEventsParams): Promise<RunEventsPollResponse>;
  readonly logger?: Logger;
}

export interface FollowOptions {
  /** Deliver events with seq > afterSeq. Default 0 (from the start). */
  afterSeq?: number;
  signal?: AbortSignal;
  /** Reconnect when no byte arrives for this long once the stream flows. Default 45 000. */
  stallTimeoutMs?: number;
  /** Fall back to polling when no byte (not even headers) arrives this long after connecting. Default stallTimeoutMs. */
  firstByteTimeoutMs?: number;
  /** Consecutive failed (re)connections without progress before `failed`. Default 10. */
  maxReconnects?: number;
  /** Backoff base and cap (full jitter). Defaults 1 000 / 30 000 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Pause between polls when the ledger has nothing new. Default 2 000 ms. */
  pollIntervalMs?: number;
  /** Page size for polling and backfill. Default 500. */
  pollLimit?: number;
  /** While polling, try SSE again after this long. Default 30 000 ms. */
  sseRetryAfterMs?: number;
  /**
   * A connection that received bytes for at least this long resets the reconnect budget, even without events.
   * Default min(stallTimeoutMs, 30 000).
   */
  healthyAfterMs?: number;
  /** Random source for jitter (tests). */
  random?: () => number;
  /** Defaults to the client's logger. */
  logger?: Logger;
}

export type FollowState =
  | { type: 'connecting'; afterSeq: number }
  | { type: 'live' }
  | { type: 'reconnecting'; attempt: number; delayMs: number; reason: string }
  | { type: 'polling'; reason: string }
  | { type: 'ended'; terminalEvent: RunEventDto }
  | { type: 'failed'; reason: string; error?: unknown; lastSeq: number };

export type FollowItem = { kind: 'event'; event: RunEventDto } | { kind: 'state'; state: FollowState };

export type FollowIterator = ItemIterator<FollowItem>;

export function isTerminalEvent(event: RunEventDto): boolean {
  return isTerminalEventType(event.type);
}

/**
 * Follows `(runId, attemptId)` from `options.afterSeq`. The iterable yields events in seq order, each once, and
 * state changes. It ends after `ended` or `failed`, or silently when the signal aborts.
 */
export function follow(
  client: FollowClient,
  runId: string,
  attemptId: string,
  options: FollowOptions = {},
): FollowIterator {
  return itemsOf(followBatches(client, runId, attemptId, options), options.signal);
}

/**
 * Exactly-once by seq: events with seq ≤ the last delivered are dropped; the next seq is taken; a jump waits in
 * `pending` for the backfill. A terminal event ends it: nothing after one is taken.
 */
class SeqLedger {
  pending: RunEventDto[] = [];
  terminal?: RunEventDto;

  constructor(public last: number) {}

  /** Takes the events of one chunk in order; those after a jump wait in `pending`. Returns the in-order ones. */
  take(events: RunEventDto[]): RunEventDto[] {
    const out: RunEventDto[] = [];
    for (const ev of events) {
      if (this.terminal) break;
      if (this.pending.length === 0) {
        if (ev.seq <= this.last) continue;
        if (ev.seq === this.last + 1) {
          this.accept(ev);
          out.push(ev);
          continue;
        }
      }
      this.pending.push(ev);
    }
    return out;
  }

  accept(ev: RunEventDto): void {
    this.last = ev.seq;
    if (isTerminalEventType(ev.type)) this.terminal = ev;
  }
}

/**
 * The batched form of `follow`: each yielded array holds the items of one step (the events of one network chunk,
 * or one state change). Handy for a UI that posts one message per batch.
 */
export async function* followBatches(
  client: FollowClient,
  runId: string,
  attemptId: string,
  options: FollowOptions = {},
): AsyncGenerator<FollowItem[], void, undefined> {
  if (!runId || !attemptId) throw new Error('follow needs a run id and an attempt id');
  const stallTimeoutMs = options.stallTimeoutMs ?? 45_000;
  const firstByteTimeoutMs = options.firstByteTimeoutMs ?? stallTimeoutMs;
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const pollLimit = options.pollLimit ?? 500;
  const sseRetryAfterMs = options.sseRetryAfterMs ?? 30_000;
  const log = options.logger ?? client.logger ?? silentLogger;
  const tag = `follow ${runId}/${attemptId}`;
  const budget = new ReconnectBudget({
    maxReconnects: options.maxReconnects ?? 10,
    baseDelayMs: options.baseDelayMs ?? 1_000,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    healthyAfterMs: options.healthyAfterMs ?? Math.min(stallTimeoutMs, 30_000),
    random: options.random ?? Math.random,
  });

  const life = new AbortController();
  const outer = options.signal;
  const onOuterAbort = (): void => life.abort(outer?.reason);
  if (outer) {
    if (outer.aborted) return;
    outer.addEventListener('abort', onOuterAbort, { once: true });
  }
  const lifeSignal = life.signal;

  const ledger = new SeqLedger(options.afterSeq ?? 0);
  let mode: 'sse' | 'poll' = 'sse';
  let pollingSince = 0;
  /** Polling only to get past an event the stream keeps cutting: back to SSE as soon as it has. */
  let detour = false;
  let malformed = 0;

  /** Items for delivered events; the `ended` state follows a terminal one. */
  const itemsFor = (events: RunEventDto[]): FollowItem[] => {
    const items: FollowItem[] = events.map((event) => ({ kind: 'event', event }));
    if (ledger.terminal)
      items.push({ kind: 'state', state: { type: 'ended', terminalEvent: ledger.terminal } });
    return items;
  };

  /** Events last+1..target from the polling endpoint, contiguous; may stop short when the ledger has fewer. */
  const fetchRange = async (target: number, signal: AbortSignal): Promise<RunEventDto[]> => {
    const out: RunEventDto[] = [];
    let after = ledger.last;
    while (after < target) {
      const page = await client.pollEvents(runId, {
        attemptId,
        afterSeq: after,
        limit: Math.min(pollLimit, target - after),
        signal,
      });
      let progressed = false;
      for (const e of page.events) {
        if (e.seq <= after) continue;
        if (e.seq !== after + 1 || e.seq > target) break;
        out.push(e);
        after = e.seq;
        progressed = true;
      }
      if (!progressed) break;
    }
    return out;
  };

  /** The run_event frames of one chunk as events; the text of an `event: error` frame, if any. */
  const parseFrames = (frames: SseFrame[]): { events: RunEventDto[]; errorFrame?: string } => {
    const events: RunEventDto[] = [];
    let errorFrame: string | undefined;
    for (const frame of frames) {
      const type = frame.event;
      if (type === 'run_event' || type === undefined || type === 'message') {
        const ev = parseEvent(frame);
        if (ev) events.push(ev);
        else {
          malformed++;
          log.warn(`${tag}: skipped a malformed frame (id ${frame.id ?? '-'}); the gap will be backfilled.`);
        }
      } else if (type === 'error') errorFrame = errorFrameText(frame.data);
      else log.debug(`${tag}: ignored a "${type}" frame.`);
    }
    return { events, errorFrame };
  };

  /** One page of polling: 'done' after the terminal event or an abort, 'again' to go on, or what went wrong. */
  async function* pollOnce(): AsyncGenerator<FollowItem[], 'done' | 'again' | Decision, undefined> {
    let page: RunEventsPollResponse;
    try {
      page = await client.pollEvents(runId, {
        attemptId,
        afterSeq: ledger.last,
        limit: pollLimit,
        signal: lifeSignal,
      });
    } catch (error) {
      return lifeSignal.aborted ? 'done' : classify(error, 'poll');
    }
    budget.progressed();
    const events: RunEventDto[] = [];
    for (const e of page.events) {
      if (ledger.terminal || e.seq <= ledger.last) continue;
      if (e.seq !== ledger.last + 1)
        log.warn(`${tag}: the ledger jumps from seq ${ledger.last} to ${e.seq}.`);
      ledger.accept(e);
      events.push(e);
    }
    if (events.length > 0) yield itemsFor(events);
    if (ledger.terminal) return 'done';
    if (detour && events.length > 0) {
      detour = false;
      mode = 'sse';
      log.info(`${tag}: past seq ${ledger.last} through polling; back to the event stream.`);
      return 'again';
    }
    if (page.has_more && page.events.length > 0) return 'again';
    if (Date.now() - pollingSince >= sseRetryAfterMs) {
      log.info(`${tag}: trying the event stream again after polling.`);
      mode = 'sse';
      return 'again';
    }
    try {
      await sleep(pollIntervalMs, lifeSignal);
    } catch {
      return 'done';
    }
    return 'again';
  }

  try {
    yield [{ kind: 'state', state: { type: 'connecting', afterSeq: ledger.last } }];

    while (!lifeSignal.aborted) {
      let decision: Decision;

      if (mode === 'poll') {
        const result = yield* pollOnce();
        if (result === 'done') return;
        if (result === 'again') continue;
        decision = result;
      } else {
        const connection = new SseConnection(
          (signal) =>
            client.openEventStream(runId, attemptId, {
              afterSeq: ledger.last,
              lastEventId: ledger.last > 0 ? String(ledger.last) : undefined,
              signal,
            }),
          {
            signal: lifeSignal,
            stallTimeoutMs,
            firstByteTimeoutMs,
            onRetry: (ms) => budget.serverRetry(ms, options.baseDelayMs !== undefined),
            onParseError: (message) => log.debug(`${tag}: ${message}`),
          },
        );
        let stopped: Decision | undefined;
        try {
          for await (const step of connection) {
            if (step.kind === 'open') {
              yield [{ kind: 'state', state: { type: 'live' } }];
              continue;
            }
            const { events, errorFrame } = parseFrames(step.frames);
            const inOrder = ledger.take(events);
            if (inOrder.length > 0) {
              budget.progressed();
              yield itemsFor(inOrder);
              if (ledger.terminal) return;
            }
            if (ledger.pending.length > 0) {
              // A jump in seq: fill the gap from the ledger, then go on with the rest of the chunk.
              const gap = yield* backfill(ledger, fetchRange, lifeSignal, itemsFor, () =>
                budget.progressed(),
              );
              if (ledger.terminal) return;
              if (gap) {
                stopped = { action: 'retry', reason: gap };
                break;
              }
            }
            if (errorFrame !== undefined) {
              stopped = { action: 'retry', reason: `the server sent an error: ${errorFrame}` };
              break;
            }
          }
        } catch (error) {
          // A backfill request failed: decided like any request.
          if (lifeSignal.aborted) return;
          stopped = classify(error, 'poll');
        }
        if (lifeSignal.aborted) return;
        decision = stopped ?? streamDecision(connection.outcome, stallTimeoutMs, firstByteTimeoutMs);
        budget.connectionLasted(connection.gotByte, connection.connectedAt);
        if (malformed > 0) log.debug(`${tag}: ${malformed} malformed frame(s) skipped so far.`);
        if (decision.action === 'retry' && budget.cutTwiceAt(String(ledger.last), connection.endedMidFrame)) {
          decision = {
            action: 'poll',
            reason: `the stream was cut inside the event after seq ${ledger.last} twice in a row; fetching it by polling`,
          };
          detour = true;
        }
      }

      if (decision.action === 'fail') {
        log.error(`${tag}: ${decision.reason}`);
        yield [failed(decision.reason, decision.error, ledger.last)];
        return;
      }
      if (decision.action === 'poll') {
        log.info(`${tag}: polling instead of streaming: ${decision.reason}`);
        mode = 'poll';
        pollingSince = Date.now();
        yield [{ kind: 'state', state: { type: 'polling', reason: decision.reason } }];
        continue;
      }
      const next = budget.nextDelay(decision);
      if (!next) {
        const reason = budget.gaveUp(decision.reason);
        log.error(`${tag}: ${reason}`);
        yield [failed(reason, decision.error, ledger.last)];
        return;
      }
      log.info(
        `${tag}: ${decision.reason}; reconnecting in ${next.delayMs} ms (attempt ${next.attempt}) after seq ${ledger.last}.`,
      );
      yield [
        {
          kind: 'state',
          state: {
            type: 'reconnecting',
            attempt: next.attempt,
            delayMs: next.delayMs,
            reason: decision.reason,
          },
        },
      ];
      try {
        await sleep(next.delayMs, lifeSignal);
      } catch {
        return;
      }
    }
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
    life.abort();
  }
}

/**
 * Delivers the events waiting after a jump in seq, filling each gap from the polling endpoint first. Returns why it
 * stopped short (a gap the ledger could not fill), or undefined.
 */
async function* backfill(
  ledger: SeqLedger,
  fetchRange: (target: number, signal: AbortSignal) => Promise<RunEventDto[]>,
  signal: AbortSignal,
  itemsFor: (events: RunEventDto[]) => FollowItem[],
  progressed: () => void,
): AsyncGenerator<FollowItem[], string | undefined, undefined> {
  const waiting = ledger.pending;
  ledger.pending = [];
  let batch: RunEventDto[] = [];
  for (const ev of waiting) {
    if (ev.seq <= ledger.last) continue;
    if (ev.seq !== ledger.last + 1) {
      for (const filled of await fetchRange(ev.seq - 1, signal)) {
        ledger.accept(filled);
        batch.push(filled);
        if (ledger.terminal) break;
      }
      if (ledger.terminal) break;
      if (ledger.last !== ev.seq - 1) {
        if (batch.length > 0) {
          progressed();
          yield itemsFor(batch);
        }
        return `events ${ledger.last + 1}–${ev.seq - 1} are missing from the stream and could not be backfilled`;
      }
    }
    ledger.accept(ev);
    batch.push(ev);
    if (ledger.terminal) break;
    if (batch.length >= 512) {
      progressed();
      yield itemsFor(batch);
      batch = [];
    }
  }
  if (batch.length > 0) {
    progressed();
    yield itemsFor(batch);
  }
  return undefined;
}

function failed(reason: string, error: unknown, lastSeq: number): FollowItem {
  return { kind: 'state', state: { type: 'failed', reason, error, lastSeq } };
}

/** A `run_event` frame's event; its seq from `id:` when the data has none. Undefined when it is not one. */
function parseEvent(frame: SseFrame): RunEventDto | undefined {
  let ev: RunEventDto;
  try {
    ev = JSON.parse(frame.data) as RunEventDto;
  } catch {
    return undefined;
  }
  if (ev === null || typeof ev !== 'object') return undefined;
  if (typeof ev.seq !== 'number') {
    const idSeq = frame.id !== undefined ? Number(frame.id) : NaN;
    if (!Number.isInteger(idSeq)) return undefined;
    ev.seq = idSeq;
  }
  return ev;
}

/** The message of an `event: error` frame: `{ message, code }` JSON or plain text. */
function errorFrameText(data: string): string {
  let message = data;
  try {
    const parsed = JSON.parse(data) as { message?: unknown; code?: unknown };
    if (typeof parsed.message === 'string') message = parsed.message;
    if (typeof parsed.code === 'string') message += ` (${parsed.code})`;
  } catch {
    // plain-text error data
  }
  return message || 'error';
}
