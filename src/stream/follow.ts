/**
 * Following one attempt of a run: every event exactly once, in seq order, across drops, stalls, proxies and
 * server hiccups — and the connection state along the way, for the UI.
 *
 * Rules (see the issue and the API contract):
 * - SSE over undici + eventsource-parser; resume with afterSeq = last delivered seq and Last-Event-ID = the same.
 * - seq ≤ last is dropped; a jump in seq is backfilled from the polling endpoint before going on.
 * - No bytes (data or `: ping`) for stallTimeoutMs → reconnect. End of stream without a terminal event → reconnect.
 *   `event: error` → reconnect. A malformed frame is skipped (and logged); the seq gap it leaves is backfilled.
 * - A connection cut inside a frame twice in a row at the same seq (a proxy with a size limit, say) fetches the next
 *   events through polling, then goes back to SSE: the stream alone would stop at that event on every connection.
 * - Capped exponential backoff with full jitter; 429 waits Retry-After; after maxReconnects consecutive failures
 *   without progress → state `failed` (call follow again with afterSeq = state.lastSeq to retry).
 * - 401/403 → `failed` at once. Stream endpoint refused (404/405/415/501, not an event stream) or no byte within
 *   firstByteTimeoutMs (a buffering proxy) → poll instead, and try SSE again after sseRetryAfterMs.
 * - A terminal event (RUN_FINISHED / RUN_FAILED / RUN_CANCELLED, any case) → state `ended`, done.
 * - Aborting the signal closes the socket at once and ends the iteration without a further item.
 */
import type { EventStreamOptions, EventStreamResponse, PollEventsParams } from '../api/client';
import { isApiError, type ApiError } from '../api/errors';
import { silentLogger, type Logger } from '../api/logger';
import { isTerminalEventType, type RunEventDto, type RunEventsPollResponse } from '../api/models';
import { backoffDelay, sleep } from './backoff';
import { SseDecoder, type SseFrame } from './sse';

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

/** Statuses of the stream endpoint that mean "no SSE here": fall back to polling. */
const NO_SSE_STATUSES = new Set([404, 405, 406, 415, 501]);

export function isTerminalEvent(event: RunEventDto): boolean {
  return isTerminalEventType(event.type);
}

type Decision =
  | { action: 'fail'; reason: string }
  | { action: 'poll'; reason: string }
  | { action: 'retry'; reason: string; retryAfterMs?: number };

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function decide(error: unknown, phase: 'stream' | 'poll'): Decision {
  if (isApiError(error)) {
    const e: ApiError = error;
    if (e.kind === 'unauthorized' || e.kind === 'forbidden' || e.kind === 'closed')
      return { action: 'fail', reason: e.message };
    if (e.kind === 'rateLimited') return { action: 'retry', reason: e.message, retryAfterMs: e.retryAfterMs };
    if (phase === 'stream') {
      if (e.kind === 'badResponse' || (e.status !== undefined && NO_SSE_STATUSES.has(e.status))) {
        return { action: 'poll', reason: `the stream endpoint is not available (${e.message})` };
      }
    }
    if (e.kind === 'notFound' || e.kind === 'badRequest' || e.kind === 'conflict') {
      return { action: 'fail', reason: e.message };
    }
    return { action: 'retry', reason: e.message, retryAfterMs: e.retryAfterMs };
  }
  return { action: 'retry', reason: errorText(error) };
}

class StallError extends Error {}

/** The iterator `follow` returns: async iteration over items; `return()` (a `break`) closes the connection. */
export interface FollowIterator extends AsyncIterableIterator<FollowItem> {
  return(): Promise<IteratorResult<FollowItem, undefined>>;
}

/**
 * Follows `(runId, attemptId)` from `options.afterSeq`. The iterable yields events in seq order, each once, and
 * state changes. It ends after `ended` or `failed`, or silently when the signal aborts.
 *
 * Items are produced in batches (all events of one network chunk) and handed out one by one: per event this costs
 * one resolved promise rather than a trip through an async generator.
 */
export function follow(
  client: FollowClient,
  runId: string,
  attemptId: string,
  options: FollowOptions = {},
): FollowIterator {
  const source = followBatches(client, runId, attemptId, options);
  const signal = options.signal;
  let buffer: FollowItem[] = [];
  let index = 0;
  let finished = false;
  const done = (): IteratorResult<FollowItem, undefined> => ({ value: undefined, done: true });
  const finish = async (): Promise<IteratorResult<FollowItem, undefined>> => {
    finished = true;
    buffer = [];
    await source.return(undefined);
    return done();
  };
  const iterator: FollowIterator = {
    next(): Promise<IteratorResult<FollowItem, undefined>> {
      if (finished) return Promise.resolve(done());
      if (signal?.aborted) return finish();
      if (index < buffer.length)
        return Promise.resolve({ value: buffer[index++] as FollowItem, done: false });
      return source.next().then((step) => {
        if (step.done || signal?.aborted) {
          finished = true;
          buffer = [];
          return done();
        }
        buffer = step.value;
        index = 1;
        return { value: buffer[0] as FollowItem, done: false };
      });
    },
    return: finish,
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
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
  const maxReconnects = options.maxReconnects ?? 10;
  let baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const pollLimit = options.pollLimit ?? 500;
  const sseRetryAfterMs = options.sseRetryAfterMs ?? 30_000;
  const healthyAfterMs = options.healthyAfterMs ?? Math.min(stallTimeoutMs, 30_000);
  const random = options.random ?? Math.random;
  const log = options.logger ?? client.logger ?? silentLogger;
  const tag = `follow ${runId}/${attemptId}`;

  const life = new AbortController();
  const outer = options.signal;
  const onOuterAbort = (): void => life.abort(outer?.reason);
  if (outer) {
    if (outer.aborted) return;
    outer.addEventListener('abort', onOuterAbort, { once: true });
  }
  const lifeSignal = life.signal;

  let last = options.afterSeq ?? 0;
  let failures = 0;
  let mode: 'sse' | 'poll' = 'sse';
  let pollingSince = 0;
  /** The seq after which the previous connection was cut inside a frame (-1: it was not). */
  let cutAfter = -1;
  /** Polling only to get past an event the stream keeps cutting: back to SSE as soon as it has. */
  let detour = false;

  // Per network chunk, the decoder callback sorts parsed events: the next expected seq goes straight to `out` (the
  // fast path, no awaiting); after a jump in seq, the rest of the chunk waits in `pending` for the backfill.
  let out: FollowItem[] = [];
  const pending: RunEventDto[] = [];
  let terminal: RunEventDto | undefined;
  let errorFrame: string | undefined;
  let malformed = 0;
  const onFrame = (frame: SseFrame): void => {
    const type = frame.event;
    if (type === 'run_event' || type === undefined || type === 'message') {
      let ev: RunEventDto;
      try {
        ev = JSON.parse(frame.data) as RunEventDto;
      } catch {
        malformed++;
        log.warn(`${tag}: skipped a malformed frame (id ${frame.id ?? '-'}); the gap will be backfilled.`);
        return;
      }
      if (ev === null || typeof ev !== 'object') {
        malformed++;
        log.warn(`${tag}: skipped a frame whose data is not an event object.`);
        return;
      }
      if (typeof ev.seq !== 'number') {
        const idSeq = frame.id !== undefined ? Number(frame.id) : NaN;
        if (!Number.isInteger(idSeq)) {
          malformed++;
          log.warn(`${tag}: skipped a frame without a seq.`);
          return;
        }
        ev.seq = idSeq;
      }
      if (terminal !== undefined) return; // nothing follows a terminal event
      if (pending.length === 0) {
        const seq = ev.seq;
        if (seq <= last) return; // already delivered
        if (seq === last + 1) {
          last = seq;
          out.push({ kind: 'event', event: ev });
          if (isTerminalEventType(ev.type)) terminal = ev;
          return;
        }
      }
      pending.push(ev);
    } else if (type === 'error') {
      let message = frame.data;
      try {
        const parsed = JSON.parse(frame.data) as { message?: unknown; code?: unknown };
        if (typeof parsed.message === 'string') message = parsed.message;
        if (typeof parsed.code === 'string') message += ` (${parsed.code})`;
      } catch {
        // plain-text error data
      }
      errorFrame = message || 'error';
    } else {
      log.debug(`${tag}: ignored a "${type}" frame.`);
    }
  };
  const decoder = new SseDecoder({
    onFrame,
    onRetry: (ms) => {
      if (options.baseDelayMs === undefined) baseDelayMs = ms;
    },
    onParseError: (message) => log.debug(`${tag}: ${message}`),
  });

  /** Events last+1..target from the polling endpoint, contiguous; may stop short when the ledger has fewer. */
  const fetchRange = async (target: number, signal: AbortSignal): Promise<RunEventDto[]> => {
    const out: RunEventDto[] = [];
    let after = last;
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

  const delayFor = (retryAfterMs: number | undefined): number =>
    retryAfterMs !== undefined
      ? retryAfterMs
      : backoffDelay(failures - 1, { baseDelayMs, maxDelayMs, random });

  try {
    yield [{ kind: 'state', state: { type: 'connecting', afterSeq: last } }];

    while (!lifeSignal.aborted) {
      // A failure of this round, to be handled after the round's resources are released.
      let decision: Decision | undefined;
      let failError: unknown;

      if (mode === 'poll') {
        // ------------------------------------------------------------ polling
        try {
          const page = await client.pollEvents(runId, {
            attemptId,
            afterSeq: last,
            limit: pollLimit,
            signal: lifeSignal,
          });
          failures = 0;
          const out: FollowItem[] = [];
          for (const e of page.events) {
            if (e.seq <= last) continue;
            if (e.seq !== last + 1) log.warn(`${tag}: the ledger jumps from seq ${last} to ${e.seq}.`);
            last = e.seq;
            out.push({ kind: 'event', event: e });
            if (isTerminalEventType(e.type)) {
              out.push({ kind: 'state', state: { type: 'ended', terminalEvent: e } });
              yield out;
              return;
            }
          }
          if (out.length > 0) yield out;
          if (detour && out.length > 0) {
            detour = false;
            mode = 'sse';
            log.info(`${tag}: past seq ${cutAfter + 1} through polling; back to the event stream.`);
            continue;
          }
          if (page.has_more && page.events.length > 0) continue;
          if (Date.now() - pollingSince >= sseRetryAfterMs) {
            log.info(`${tag}: trying the event stream again after polling.`);
            mode = 'sse';
            continue;
          }
          await sleep(pollIntervalMs, lifeSignal);
          continue;
        } catch (error) {
          if (lifeSignal.aborted) return;
          decision = decide(error, 'poll');
          failError = error;
        }
      } else {
        // ------------------------------------------------------------ SSE
        const conn = new AbortController();
        let body: EventStreamResponse['body'] | undefined;
        // Close the socket at once: abort the request and destroy the body ourselves.
        const onLifeAbort = (): void => {
          conn.abort();
          body?.destroy();
        };
        lifeSignal.addEventListener('abort', onLifeAbort, { once: true });
        let firstByteTimedOut = false;
        let stalled = false;
        let gotByte = false;
        let busy = false;
        let lastByteAt = 0;
        let connectedAt = 0;
        let timer: NodeJS.Timeout | undefined = setTimeout(() => {
          firstByteTimedOut = true;
          conn.abort();
          body?.destroy(new StallError('no first byte'));
        }, firstByteTimeoutMs);
        const stallCheck = (): void => {
          if (busy) {
            timer = setTimeout(stallCheck, stallTimeoutMs);
            return;
          }
          const idle = Date.now() - lastByteAt;
          if (idle >= stallTimeoutMs) {
            stalled = true;
            body?.destroy(new StallError('stalled'));
          } else {
            timer = setTimeout(stallCheck, stallTimeoutMs - idle);
          }
        };
        decoder.reset();
        out = [];
        pending.length = 0;
        errorFrame = undefined;
        let endReason: string | undefined;
        let reachedEnd = false;
        let cutMidFrame = false;
        try {
          const res = await client.openEventStream(runId, attemptId, {
            afterSeq: last,
            lastEventId: last > 0 ? String(last) : undefined,
            signal: conn.signal,
          });
          body = res.body;
          connectedAt = Date.now();
          if (firstByteTimedOut || lifeSignal.aborted) body.destroy();
          yield [{ kind: 'state', state: { type: 'live' } }];
          lastByteAt = Date.now();
          const chunks = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
          for (;;) {
            const step = await chunks.next();
            busy = true;
            if (step.done) {
              cutMidFrame = decoder.midFrame;
              decoder.end();
            } else {
              if (!gotByte) {
                gotByte = true;
                clearTimeout(timer);
                timer = setTimeout(stallCheck, stallTimeoutMs);
              }
              decoder.push(step.value);
            }
            if (out.length > 0) {
              failures = 0;
              if (terminal !== undefined) {
                out.push({ kind: 'state', state: { type: 'ended', terminalEvent: terminal } });
                yield out;
                return;
              }
              const ready = out;
              out = [];
              yield ready;
            }
            if (pending.length > 0) {
              // A jump in seq: fill the gap from the ledger, then go on with the rest of the chunk.
              let items: FollowItem[] = [];
              for (let i = 0; i < pending.length; i++) {
                const ev = pending[i] as RunEventDto;
                const seq = ev.seq;
                if (seq <= last) continue;
                if (seq !== last + 1) {
                  const filled = await fetchRange(seq - 1, conn.signal);
                  for (const f of filled) {
                    last = f.seq;
                    failures = 0;
                    items.push({ kind: 'event', event: f });
                    if (isTerminalEventType(f.type)) {
                      items.push({ kind: 'state', state: { type: 'ended', terminalEvent: f } });
                      yield items;
                      return;
                    }
                  }
                  if (last !== seq - 1) {
                    endReason = `events ${last + 1}–${seq - 1} are missing from the stream and could not be backfilled`;
                    break;
                  }
                }
                last = seq;
                failures = 0;
                items.push({ kind: 'event', event: ev });
                if (isTerminalEventType(ev.type)) {
                  items.push({ kind: 'state', state: { type: 'ended', terminalEvent: ev } });
                  yield items;
                  return;
                }
                if (items.length >= 512) {
                  yield items;
                  items = [];
                }
              }
              pending.length = 0;
              if (items.length > 0) yield items;
              if (endReason) break;
            }
            if (errorFrame !== undefined) {
              endReason = `the server sent an error: ${errorFrame}`;
              break;
            }
            if (step.done) break;
            lastByteAt = Date.now();
            busy = false;
          }
          reachedEnd = endReason === undefined;
        } catch (error) {
          if (lifeSignal.aborted) return;
          if (firstByteTimedOut) {
            decision = {
              action: 'poll',
              reason: `no data within ${Math.round(firstByteTimeoutMs / 1000)} s (a buffering proxy?)`,
            };
          } else if (stalled) {
            endReason = `no data or heartbeat for ${Math.round(stallTimeoutMs / 1000)} s`;
          } else if (body === undefined || isApiError(error)) {
            decision = decide(error, 'stream');
            failError = error;
          } else {
            endReason = `the connection dropped (${errorText(error)})`;
            failError = error;
            cutMidFrame = decoder.midFrame;
          }
        } finally {
          clearTimeout(timer);
          timer = undefined;
          lifeSignal.removeEventListener('abort', onLifeAbort);
          if (body && !body.destroyed) body.destroy();
          out = [];
          pending.length = 0;
        }
        if (lifeSignal.aborted) return;
        if (reachedEnd) endReason = 'the stream ended before the run did';
        // A connection that carried bytes for a good while was healthy even without events (a quiet run behind a
        // proxy that cuts idle connections): it does not count towards maxReconnects.
        if (gotByte && Date.now() - connectedAt >= healthyAfterMs) failures = 0;
        if (malformed > 0) {
          log.debug(`${tag}: ${malformed} malformed frame(s) skipped so far.`);
        }
        if (!decision && endReason) decision = { action: 'retry', reason: endReason };
        if (decision?.action === 'retry') {
          const cutAgain = cutMidFrame && cutAfter === last;
          cutAfter = cutMidFrame ? last : -1;
          if (cutAgain) {
            decision = {
              action: 'poll',
              reason: `the stream was cut inside the event after seq ${last} twice in a row; fetching it by polling`,
            };
            detour = true;
          }
        }
      }

      if (!decision) continue;
      if (decision.action === 'fail') {
        log.error(`${tag}: ${decision.reason}`);
        yield [
          {
            kind: 'state',
            state: { type: 'failed', reason: decision.reason, error: failError, lastSeq: last },
          },
        ];
        return;
      }
      if (decision.action === 'poll') {
        log.info(`${tag}: polling instead of streaming: ${decision.reason}`);
        mode = 'poll';
        pollingSince = Date.now();
        yield [{ kind: 'state', state: { type: 'polling', reason: decision.reason } }];
        continue;
      }
      failures++;
      if (failures > maxReconnects) {
        const reason = `gave up after ${maxReconnects} reconnect${maxReconnects === 1 ? '' : 's'}: ${decision.reason}`;
        log.error(`${tag}: ${reason}`);
        yield [{ kind: 'state', state: { type: 'failed', reason, error: failError, lastSeq: last } }];
        return;
      }
      const delayMs = delayFor(decision.retryAfterMs);
      log.info(
        `${tag}: ${decision.reason}; reconnecting in ${delayMs} ms (attempt ${failures}) after seq ${last}.`,
      );
      yield [
        {
          kind: 'state',
          state: { type: 'reconnecting', attempt: failures, delayMs, reason: decision.reason },
        },
      ];
      try {
        await sleep(delayMs, lifeSignal);
      } catch {
        return;
      }
    }
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
    life.abort();
  }
}

/** Collects the events of a follow until it ends; throws when it fails. Handy for scripts and tests. */
export async function collectEvents(iterable: AsyncIterable<FollowItem>): Promise<RunEventDto[]> {
  const out: RunEventDto[] = [];
  for await (const item of iterable) {
    if (item.kind === 'event') out.push(item.event);
    else if (item.state.type === 'failed') throw new Error(item.state.reason);
  }
  return out;
}

export { StallError };
