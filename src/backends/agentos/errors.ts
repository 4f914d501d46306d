/**
 * AgentOS error answers (`{ message, code }` JSON) as the neutral ApiError kinds, with messages that name what the
 * request was about. The key is scrubbed from every message.
 */
import { ApiError, clip, parseRetryAfter, type ApiErrorInit, type ApiErrorKind } from '../../net/errors';
import { redact } from '../../util/logger';

export const SIGN_IN_MESSAGE = 'The API key was rejected — run AgentOS: Sign In';

export interface HttpErrorContext {
  /** What the request was about, for 403/404 messages: e.g. "Run r_123", "Agent a_1". */
  what?: string;
  host: string;
  /** Secrets to scrub from every message (the API key, a Chatwoot token). */
  secrets: readonly (string | undefined)[];
}

/** Maps an HTTP error answer to an ApiError. `body` is the raw (already read) response text. */
export function errorFromStatus(
  status: number,
  body: string,
  headers: Record<string, string | string[] | undefined>,
  ctx: HttpErrorContext,
): ApiError {
  let serverMessage: string | undefined;
  let code: string | undefined;
  try {
    const parsed = JSON.parse(body) as { message?: unknown; code?: unknown; error?: unknown };
    if (typeof parsed.message === 'string') serverMessage = parsed.message;
    else if (typeof parsed.error === 'string') serverMessage = parsed.error;
    if (typeof parsed.code === 'string') code = parsed.code;
  } catch {
    // not JSON: keep a short plain-text excerpt when it looks like text
    if (body && !body.trimStart().startsWith('<')) serverMessage = clip(body.trim());
  }
  if (serverMessage) serverMessage = clip(redact(serverMessage, ctx.secrets));
  const detail = serverMessage ? ` (${serverMessage})` : '';
  const what = ctx.what ?? 'The requested resource';
  const init: ApiErrorInit = { status, code, host: ctx.host, serverMessage };
  let kind: ApiErrorKind;
  let message: string;
  if (status === 401) {
    kind = 'unauthorized';
    message = SIGN_IN_MESSAGE;
  } else if (status === 403) {
    kind = 'forbidden';
    message = `Access denied: this API key may not access ${ctx.what ?? 'this resource'}${detail}. Ask a workspace admin for access or sign in with another key.`;
  } else if (status === 404) {
    kind = 'notFound';
    message = `${what} was not found on ${ctx.host}${detail}.`;
  } else if (status === 409) {
    kind = 'conflict';
    message = `Conflict on ${ctx.host}${detail}: the request was already made (same idempotency key) or clashes with the current state.`;
  } else if (status === 429) {
    kind = 'rateLimited';
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    init.retryAfterMs = retryAfterMs;
    const wait = retryAfterMs === undefined ? 'later' : `in ${Math.ceil(retryAfterMs / 1000)} s`;
    message = `The AgentOS server at ${ctx.host} is rate limiting requests; try again ${wait}.`;
  } else if (status >= 500) {
    kind = 'server';
    init.retryAfterMs = parseRetryAfter(headers['retry-after']);
    message = `The AgentOS server at ${ctx.host} failed (HTTP ${status})${detail}. Try again in a moment.`;
  } else if (status >= 400) {
    kind = 'badRequest';
    message = `The AgentOS server at ${ctx.host} refused the request (HTTP ${status})${detail}.`;
  } else {
    kind = 'badResponse';
    message = `Unexpected answer from ${ctx.host} (HTTP ${status})${detail}.`;
  }
  return new ApiError(kind, redact(message, ctx.secrets), init);
}
