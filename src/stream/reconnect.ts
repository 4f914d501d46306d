/**
 * What a follower does after a connection or a poll went wrong: reconnect after a backoff (capped exponential, full
 * jitter; a 429's Retry-After), fall back to polling, or give up. Backend-neutral: errors are classified by the
 * neutral ApiError kinds. The budget counts failures without progress; progress, or a connection that carried bytes
 * for a good while (a quiet run behind a proxy that cuts idle connections), resets it.
 */
import { isApiError, errorMessage } from '../net/errors';
import { backoffDelay } from '../util/backoff';
import type { SseOutcome } from './sse-connection';

export type Decision =
  | { action: 'fail'; reason: string; error?: unknown }
  | { action: 'poll'; reason: string; error?: unknown }
  | { action: 'retry'; reason: string; retryAfterMs?: number; error?: unknown };

export interface ReconnectOptions {
  maxReconnects: number;
  baseDelayMs: number;
  maxDelayMs: number;
  healthyAfterMs: number;
  random: () => number;
}

/** Statuses of a stream endpoint that mean "no SSE here": poll instead. */
const NO_SSE_STATUSES = new Set([404, 405, 406, 415, 501]);

/** How a failed request is handled: final (auth, gone, closed), poll instead (no SSE), or retried. */
export function classify(error: unknown, phase: 'stream' | 'poll'): Decision {
  if (!isApiError(error)) return { action: 'retry', reason: errorMessage(error), error };
  const e = error;
  if (e.kind === 'unauthorized' || e.kind === 'forbidden' || e.kind === 'closed')
    return { action: 'fail', reason: e.message, error };
  if (e.kind === 'rateLimited')
    return { action: 'retry', reason: e.message, retryAfterMs: e.retryAfterMs, error };
  if (
    phase === 'stream' &&
    (e.kind === 'badResponse' || (e.status !== undefined && NO_SSE_STATUSES.has(e.status)))
  )
    return { action: 'poll', reason: `the stream endpoint is not available (${e.message})`, error };
  if (e.kind === 'notFound' || e.kind === 'badRequest' || e.kind === 'conflict')
    return { action: 'fail', reason: e.message, error };
  return { action: 'retry', reason: e.message, retryAfterMs: e.retryAfterMs, error };
}

/** Why a stream connection that opened ended, as the follower tells it (undefined: it ended as it should). */
export function streamDecision(
  outcome: SseOutcome,
  stallTimeoutMs: number,
  firstByteTimeoutMs: number,
): Decision {
  switch (outcome.kind) {
    case 'refused':
      return classify(outcome.error, 'stream');
    case 'noFirstByte':
      return {
        action: 'poll',
        reason: `no data within ${Math.round(firstByteTimeoutMs / 1000)} s (a buffering proxy?)`,
      };
    case 'stalled':
      return { action: 'retry', reason: `no data or heartbeat for ${Math.round(stallTimeoutMs / 1000)} s` };
    case 'dropped':
      return {
        action: 'retry',
        reason: `the connection dropped (${errorMessage(outcome.error)})`,
        error: outcome.error,
      };
    case 'ended':
    case 'aborted':
      return { action: 'retry', reason: 'the stream ended before the run did' };
  }
}

export class ReconnectBudget {
  private failures = 0;
  /** The cursor after which the previous connection was cut inside a frame (undefined: it was not). */
  private cutAfter: string | undefined;
  private baseDelayMs: number;

  constructor(private readonly options: ReconnectOptions) {
    this.baseDelayMs = options.baseDelayMs;
  }

  /** The server's `retry:` hint, used when the caller did not set a base delay. */
  serverRetry(ms: number, callerSetBase: boolean): void {
    if (!callerSetBase) this.baseDelayMs = ms;
  }

  /** Events arrived: the budget starts over. */
  progressed(): void {
    this.failures = 0;
  }

  /** A connection that carried bytes for a good while was healthy, even without events. */
  connectionLasted(gotByte: boolean, connectedAt: number): void {
    if (gotByte && connectedAt > 0 && Date.now() - connectedAt >= this.options.healthyAfterMs)
      this.failures = 0;
  }

  /**
   * A connection cut inside a frame twice in a row after the same cursor: the stream alone would stop at that event
   * on every connection (a proxy with a size limit), so the next events should be fetched another way.
   */
  cutTwiceAt(cursor: string, midFrame: boolean): boolean {
    const again = midFrame && this.cutAfter === cursor;
    this.cutAfter = midFrame ? cursor : undefined;
    return again;
  }

  /** After a retry decision: the wait, or undefined when the budget is spent. */
  nextDelay(
    decision: Extract<Decision, { action: 'retry' }>,
  ): { attempt: number; delayMs: number } | undefined {
    this.failures++;
    if (this.failures > this.options.maxReconnects) return undefined;
    const delayMs =
      decision.retryAfterMs ??
      backoffDelay(this.failures - 1, {
        baseDelayMs: this.baseDelayMs,
        maxDelayMs: this.options.maxDelayMs,
        random: this.options.random,
      });
    return { attempt: this.failures, delayMs };
  }

  /** Why following stopped when the budget is spent. */
  gaveUp(reason: string): string {
    const n = this.options.maxReconnects;
    return `gave up after ${n} reconnect${n === 1 ? '' : 's'}: ${reason}`;
  }
}
