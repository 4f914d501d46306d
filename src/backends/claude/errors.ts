/**
 * The SDK's errors as the extension's neutral ApiErrors, with messages a person can act on. Read by shape (status,
 * headers, apiMessage, the class name), not by `instanceof`: the SDK lives in its own lazily loaded file, and this
 * module must not load it.
 */
import {
  ApiError,
  type ApiErrorKind,
  abortedError,
  clip,
  errorFromNetwork,
  parseRetryAfter,
  timeoutError,
} from '../../net/errors';
import { redact } from '../../util/logger';

interface SdkErrorShape {
  name?: string;
  status?: unknown;
  headers?: { get(name: string): string | null };
  apiMessage?: string | null;
  message?: string;
  cause?: unknown;
  constructor?: { name?: string };
}

export interface ErrorContext {
  host: string;
  secrets: readonly (string | undefined)[];
  timeoutMs: number;
}

export function toApiError(error: unknown, ctx: ErrorContext): ApiError {
  if (error instanceof ApiError) return error;
  const e = (error ?? {}) as SdkErrorShape;
  const className = e.constructor?.name ?? e.name ?? '';
  if (className === 'APIUserAbortError' || (error as Error | undefined)?.name === 'AbortError')
    return abortedError(ctx.host);
  if (className === 'APIConnectionTimeoutError') return timeoutError(ctx.host, ctx.timeoutMs);
  if (typeof e.status !== 'number') {
    // No HTTP answer: the cause is the network error (ECONNREFUSED, ENOTFOUND, a reset socket…).
    return errorFromNetwork(className === 'APIConnectionError' && e.cause ? e.cause : error, ctx);
  }
  const status = e.status;
  const said = e.apiMessage ?? undefined;
  const retryAfterMs = parseRetryAfter(e.headers?.get('retry-after') ?? undefined);
  const [kind, message] = describe(status, ctx.host, said, retryAfterMs);
  return new ApiError(kind, redact(message, ctx.secrets), {
    status,
    host: ctx.host,
    retryAfterMs,
    serverMessage: said === undefined ? undefined : redact(said, ctx.secrets),
    cause: error,
  });
}

function describe(
  status: number,
  host: string,
  said: string | undefined,
  retryAfterMs: number | undefined,
): [ApiErrorKind, string] {
  const detail = said ? `: ${clip(said, 200)}` : '';
  switch (status) {
    case 401:
      return [
        'unauthorized',
        `${host} rejected the API key (401)${detail}. Sign in again with a valid Anthropic API key.`,
      ];
    case 403:
      return [
        'forbidden',
        `The API key may not do this on ${host} (403)${detail}. Check the key's workspace and permissions.`,
      ];
    case 404:
      return ['notFound', `Not found on ${host} (404)${detail}.`];
    case 408:
      return ['timeout', `${host} timed out the request (408)${detail}.`];
    case 409:
      return ['conflict', `${host} refused it in the current state (409)${detail}.`];
    case 429: {
      const wait = retryAfterMs === undefined ? '' : ` Retry in ${Math.ceil(retryAfterMs / 1000)} s.`;
      return ['rateLimited', `Rate limited by ${host} (429)${detail}.${wait}`];
    }
    case 529:
      return ['overloaded', `${host} is overloaded (529)${detail}. It will be retried.`];
    default:
      if (status >= 500) return ['server', `${host} had an error (${status})${detail}.`];
      return ['badRequest', `${host} refused the request (${status})${detail}.`];
  }
}
