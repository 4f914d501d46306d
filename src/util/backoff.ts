/**
 * Capped exponential backoff with full jitter: delay = random() × min(maxDelayMs, baseDelayMs × factor^attempt).
 * `random` is injectable so tests are deterministic.
 */
export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Growth factor per attempt; default 2. */
  factor?: number;
  /** Returns a number in [0, 1); default Math.random. */
  random?: () => number;
}

/** The delay before retry number `attempt` (0-based). */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const { baseDelayMs, maxDelayMs, factor = 2, random = Math.random } = options;
  if (baseDelayMs <= 0 || maxDelayMs <= 0) return 0;
  const exp = Math.min(maxDelayMs, baseDelayMs * Math.pow(factor, Math.max(0, Math.min(attempt, 60))));
  return Math.floor(random() * exp);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0 && !signal) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
