/**
 * Typed errors of every backend, with messages a person can act on: the kinds are neutral (a 401 is `unauthorized`
 * whatever server said it), so views and followers decide by kind, never by message text. Network failures (no HTTP
 * answer) are mapped here; each backend maps its own error bodies. Every message passes through `redact` with the
 * secrets in use, so a key never appears in an error, even when a server echoes it back.
 */
import { redact } from '../util/logger';

export type ApiErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'badRequest'
  | 'rateLimited'
  | 'server'
  /** The service is overloaded (Anthropic's 529): transient, like a 503. */
  | 'overloaded'
  | 'unreachable'
  | 'timeout'
  | 'aborted'
  | 'closed'
  | 'badResponse';

export interface ApiErrorInit {
  status?: number;
  code?: string;
  host?: string;
  retryAfterMs?: number;
  serverMessage?: string;
  cause?: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** The server's error `code`, or the system error code (ECONNREFUSED, ENOTFOUND, …). */
  readonly code?: string;
  /** Host (and port) the request went to. Never contains credentials. */
  readonly host?: string;
  /** Parsed `Retry-After`, in milliseconds, for 429 and 503. */
  readonly retryAfterMs?: number;
  /** The server's own `message` (redacted). */
  readonly serverMessage?: string;

  constructor(kind: ApiErrorKind, message: string, init: ApiErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    this.status = init.status;
    this.code = init.code;
    this.host = init.host;
    this.retryAfterMs = init.retryAfterMs;
    this.serverMessage = init.serverMessage;
  }

  /** True when the same request may succeed later without the user doing anything. */
  get transient(): boolean {
    return (
      this.kind === 'rateLimited' ||
      this.kind === 'server' ||
      this.kind === 'overloaded' ||
      this.kind === 'timeout' ||
      (this.kind === 'unreachable' && this.code !== 'ENOTFOUND' && !isTlsCode(this.code))
    );
  }
}

/**
 * An action that failed at a step the caller can name (Open Inbox: no trigger, no credential, no account id…). A
 * backend's own steps extend it, so views can report the step without knowing the backend.
 */
export class StepError extends Error {
  constructor(
    readonly kind: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isApiError(error: unknown, kind?: ApiErrorKind): error is ApiError {
  return error instanceof ApiError && (kind === undefined || error.kind === kind);
}

/** Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds; undefined when absent or invalid. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.max(0, Math.round(parseFloat(v) * 1000));
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

export function isTlsCode(code: string | undefined): boolean {
  return (
    code !== undefined && (TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))
  );
}

function systemCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR')) return code;
    e = (e as { cause?: unknown }).cause;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Maps a network-level failure (no HTTP answer) to an ApiError naming the host. */
export function errorFromNetwork(
  error: unknown,
  ctx: { host: string; secrets: readonly (string | undefined)[]; timeoutMs?: number },
): ApiError {
  if (error instanceof ApiError) return error;
  const code = systemCode(error);
  const raw = errorMessage(error);
  let kind: ApiErrorKind = 'unreachable';
  let message: string;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      message = `Cannot reach ${ctx.host}: the name could not be resolved (DNS). Check the server URL and your network.`;
      break;
    case 'ECONNREFUSED':
      message = `Cannot reach ${ctx.host}: the connection was refused. Is the server running and the URL right?`;
      break;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      message = `The connection to ${ctx.host} was closed unexpectedly.`;
      break;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      kind = 'timeout';
      message = `Cannot reach ${ctx.host}: connecting timed out.`;
      break;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      kind = 'timeout';
      message = `${ctx.host} did not answer in time.`;
      break;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      message = `Cannot reach ${ctx.host}: the network or host is unreachable.`;
      break;
    default:
      if (isTlsCode(code) || /certificate|ssl|tls/i.test(raw)) {
        message = `TLS error talking to ${ctx.host}: ${clip(raw, 200)}. If you use a custom CA, set NODE_EXTRA_CA_CERTS or http.proxyStrictSSL.`;
      } else {
        message = `Cannot reach ${ctx.host}: ${clip(raw, 200)}`;
      }
  }
  return new ApiError(kind, redact(message, ctx.secrets), { code, host: ctx.host, cause: error });
}

export function timeoutError(host: string, timeoutMs: number): ApiError {
  return new ApiError('timeout', `${host} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`, {
    host,
    code: 'TIMEOUT',
  });
}

export function abortedError(host: string): ApiError {
  return new ApiError('aborted', `The request to ${host} was cancelled.`, { host, code: 'ABORTED' });
}

/** The client was closed (signed out, key or settings changed): nothing more is sent with it. */
export function closedError(host: string): ApiError {
  return new ApiError(
    'closed',
    `The connection to ${host} was closed (signed out, or its settings changed).`,
    {
      host,
      code: 'CLOSED',
    },
  );
}

/** The message of anything thrown: an Error's message, or the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
