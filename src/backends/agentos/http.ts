/**
 * AgentOS over HTTP: one request with a time-out, cancellation and (for idempotent requests) retries; paging; the
 * dispatchers per origin (the proxy settings apply to Chatwoot too). Plain Node
 * (undici). The API key is only ever sent in the Authorization header: it never appears in a URL, a log line or an
 * error message. close() stops every use of the key at once.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import {
  ApiError,
  abortedError,
  closedError,
  errorFromNetwork,
  isApiError,
  timeoutError,
} from '../../net/errors';
import { createDispatcher, describeProxy, proxyForUrl, type ProxySettings } from '../../net/proxy';
import { undici } from '../../net/undici';
import { backoffDelay, sleep } from '../../util/backoff';
import { redactingLogger, silentLogger, type Logger } from '../../util/logger';
import { errorFromStatus } from './errors';
import type { Page } from './wire';

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface ClientOptions {
  /** Server base URL, e.g. `https://agentos.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`; never logged. */
  apiKey: string;
  /** Extension version for `User-Agent: agentos-vscode/<version>`. */
  version: string;
  /** Optional tenant header: `"Header-Name: value"` or `{ name, value }`. Empty = off. */
  workspaceHeader?: string | { name: string; value: string };
  /** Per-request time-out (whole request, body included). Default 30 000 ms. */
  timeoutMs?: number;
  /** Retries for idempotent requests on transient failures. Default 3. */
  retries?: number;
  /** Backoff for those retries (full jitter). Defaults 300 ms / 5 000 ms. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** A 429's Retry-After longer than this is not waited for; the error is thrown. Default 60 000 ms. */
  maxRetryAfterMs?: number;
  /** Proxy and TLS settings; ignored when `dispatcher` is given. */
  proxy?: ProxySettings;
  /** An undici dispatcher to use for AgentOS requests (tests, custom agents). */
  dispatcher?: Dispatcher;
  logger?: Logger;
  /** Random source for jitter (tests). */
  random?: () => number;
  /** Idempotency-key generator for create calls (tests). Default crypto.randomUUID. */
  newIdempotencyKey?: () => string;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Whether a retry is safe. Default: true for GET/HEAD/PUT/DELETE/OPTIONS, false otherwise. */
  idempotent?: boolean;
  /** Overrides the client's retry count for this request. */
  retries?: number;
  /** What the request is about, for 403/404 messages: "Run r_1", "Agent a_2". */
  what?: string;
}

export interface EventStreamOptions {
  afterSeq: number;
  /** Sent as `Last-Event-ID`. */
  lastEventId?: string;
  signal?: AbortSignal;
}

export interface EventStreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The raw SSE bytes. Destroy it to close the connection. */
  body: Readable;
}

export interface PollEventsParams {
  attemptId: string;
  afterSeq?: number;
  limit?: number;
  signal?: AbortSignal;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Parses `"Header-Name: value"`; undefined when empty or malformed. */
export function parseHeaderSetting(setting: string | undefined): { name: string; value: string } | undefined {
  if (!setting) return undefined;
  const i = setting.indexOf(':');
  if (i <= 0) return undefined;
  const name = setting.slice(0, i).trim();
  const value = setting.slice(i + 1).trim();
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name) || value === '') return undefined;
  return { name, value };
}

/** `base + path + ?query` with undefined/null query values left out. The base's own path prefix is kept. */
export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const base = baseUrl.replace(/\/+$/, '');
  let url = base + (path.startsWith('/') ? path : `/${path}`);
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null) params.append(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  return url;
}

/** Encodes one path segment (an id). */
export const seg = (id: string): string => encodeURIComponent(id);

/**
 * Whether a limit/offset page has more after it. Servers say so in several ways (has_more, next_offset, total); one
 * that says nothing has more while its pages come full.
 */
export function pageHasMore(page: Page<unknown>, offset: number, limit: number): boolean {
  if (page.items.length === 0) return false;
  if (typeof page.has_more === 'boolean') return page.has_more;
  if (page.next_offset === null) return false;
  if (typeof page.total === 'number') return offset + page.items.length < page.total;
  return page.items.length >= limit;
}

export function asPage<T>(raw: unknown): Page<T> {
  if (Array.isArray(raw)) return { items: raw as T[] };
  if (raw && typeof raw === 'object') {
    const obj = raw as Record<string, unknown>;
    if (Array.isArray(obj['items'])) return obj as Page<T>;
    for (const key of ['data', 'results', 'payload']) {
      if (Array.isArray(obj[key])) return { ...obj, items: obj[key] as T[] };
    }
  }
  throw new ApiError('badResponse', 'The server answered a list request without an "items" array.');
}

export class AgentOsHttp {
  readonly baseUrl: string;
  /** `host[:port]` of the server, used in messages. */
  readonly host: string;
  readonly logger: Logger;
  protected readonly apiKey: string;
  protected readonly userAgent: string;
  private readonly workspaceHeader?: { name: string; value: string };
  protected readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly random: () => number;
  protected readonly newIdempotencyKey: () => string;
  private readonly proxySettings: ProxySettings;
  private readonly ownDispatchers = new Map<string, Dispatcher>();
  private readonly givenDispatcher?: Dispatcher;
  protected readonly secrets: string[];
  /** Aborted by close(): every request and stream in flight ends at once, and no new one starts. */
  private readonly lifetime = new AbortController();

  constructor(options: ClientOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.baseUrl);
    } catch {
      throw new ApiError('badRequest', `The AgentOS server URL "${options.baseUrl}" is not a valid URL.`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ApiError('badRequest', `The AgentOS server URL must start with http:// or https://.`);
    }
    if (parsed.username || parsed.password) {
      throw new ApiError(
        'badRequest',
        'Put the API key in secret storage (AgentOS: Sign In), not in the server URL.',
      );
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.host = parsed.host;
    this.apiKey = options.apiKey;
    this.secrets = [options.apiKey];
    this.logger = redactingLogger(options.logger ?? silentLogger, () => this.secrets);
    this.userAgent = `agentos-vscode/${options.version}`;
    const ws = options.workspaceHeader;
    this.workspaceHeader = typeof ws === 'string' ? parseHeaderSetting(ws) : ws;
    if (typeof ws === 'string' && ws.trim() !== '' && !this.workspaceHeader) {
      this.logger.warn('The workspace header setting is not "Header-Name: value"; it is ignored.');
    }
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 3;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 300;
    this.retryMaxDelayMs = options.retryMaxDelayMs ?? 5_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.random = options.random ?? Math.random;
    this.newIdempotencyKey = options.newIdempotencyKey ?? randomUUID;
    this.proxySettings = options.proxy ?? {};
    this.givenDispatcher = options.dispatcher;
    if (!this.givenDispatcher) {
      const proxy = proxyForUrl(this.baseUrl, this.proxySettings);
      if (proxy) this.logger.info(`AgentOS requests go through proxy ${describeProxy(proxy)}`);
    }
  }

  /**
   * Stops every use of this client's key at once: aborts each request and stream in flight, destroys the connection
   * pools (a graceful close would wait for open streams), and refuses any later request with a `closed` error.
   */
  async close(): Promise<void> {
    this.lifetime.abort();
    const all = [...this.ownDispatchers.values()];
    this.ownDispatchers.clear();
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }

  get isClosed(): boolean {
    return this.lifetime.signal.aborted;
  }

  /** The caller's signal joined with the client's lifetime. */
  protected signalFor(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal;
  }

  protected dispatcherFor(url: string, agentOs: boolean): Dispatcher {
    if (this.isClosed) throw closedError(this.host);
    if (agentOs && this.givenDispatcher) return this.givenDispatcher;
    const origin = new URL(url).origin;
    let d = this.ownDispatchers.get(origin);
    if (!d) {
      d = createDispatcher(url, this.proxySettings);
      this.ownDispatchers.set(origin, d);
    }
    return d;
  }

  protected baseHeaders(): Record<string, string> {
    const h: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      'user-agent': this.userAgent,
      accept: 'application/json',
    };
    if (this.workspaceHeader) h[this.workspaceHeader.name.toLowerCase()] = this.workspaceHeader.value;
    return h;
  }

  // ---------------------------------------------------------------- core request

  /** One API request with time-out, cancellation and (for idempotent requests) retries. Returns parsed JSON. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = buildUrl(this.baseUrl, path, options.query);
    const idempotent = options.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const maxRetries = idempotent ? (options.retries ?? this.retries) : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once<T>(method, url, options);
      } catch (error) {
        const e = isApiError(error)
          ? error
          : errorFromNetwork(error, { host: this.host, secrets: this.secrets });
        if (this.isClosed) throw closedError(this.host);
        // Our own per-request time-out is final: retrying would multiply the wait the user configured.
        if (!e.transient || e.code === 'TIMEOUT' || attempt >= maxRetries || options.signal?.aborted) throw e;
        let delay = backoffDelay(attempt, {
          baseDelayMs: this.retryBaseDelayMs,
          maxDelayMs: this.retryMaxDelayMs,
          random: this.random,
        });
        if (e.retryAfterMs !== undefined) {
          if (e.retryAfterMs > this.maxRetryAfterMs) throw e;
          delay = Math.max(delay, e.retryAfterMs);
        }
        this.logger.warn(
          `${method} ${pathOnly(url)} failed: ${e.message} Retry ${attempt + 1}/${maxRetries} in ${delay} ms.`,
        );
        try {
          await sleep(delay, this.signalFor(options.signal));
        } catch {
          throw this.isClosed ? closedError(this.host) : abortedError(this.host);
        }
      }
    }
  }

  private async once<T>(method: string, url: string, options: RequestOptions): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const userSignal = this.signalFor(options.signal);
    const onAbort = (): void => controller.abort();
    if (userSignal.aborted) {
      clearTimeout(timer);
      throw this.isClosed ? closedError(this.host) : abortedError(this.host);
    }
    userSignal.addEventListener('abort', onAbort, { once: true });
    const headers = this.baseHeaders();
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    if (options.headers) for (const [k, v] of Object.entries(options.headers)) headers[k.toLowerCase()] = v;
    const started = Date.now();
    try {
      const res = await undici().request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        signal: controller.signal,
        dispatcher: this.dispatcherFor(url, true),
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      const text = await res.body.text();
      this.logger.debug(`${method} ${pathOnly(url)} → ${res.statusCode} in ${Date.now() - started} ms`);
      if (res.statusCode >= 400) {
        throw errorFromStatus(res.statusCode, text, res.headers, {
          host: this.host,
          what: options.what,
          secrets: this.secrets,
        });
      }
      if (res.statusCode === 204 || text.trim() === '') return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ApiError(
          'badResponse',
          `${this.host} answered ${method} ${pathOnly(url)} with something that is not JSON.`,
          { status: res.statusCode, host: this.host },
        );
      }
    } catch (error) {
      if (isApiError(error)) throw error;
      if (timedOut) throw timeoutError(this.host, timeoutMs);
      if (this.isClosed) throw closedError(this.host);
      if (userSignal.aborted) throw abortedError(this.host);
      const e = errorFromNetwork(error, { host: this.host, secrets: this.secrets });
      this.logger.debug(`${method} ${pathOnly(url)} failed: ${e.message}`);
      throw e;
    } finally {
      clearTimeout(timer);
      userSignal.removeEventListener('abort', onAbort);
    }
  }

  /** Async iteration over every item of a paginated list (limit/offset). */
  async *paginate<T>(
    path: string,
    query: Query = {},
    options: { pageSize?: number; signal?: AbortSignal; what?: string } = {},
  ): AsyncGenerator<T, void, undefined> {
    const limit = options.pageSize ?? 50;
    let offset = typeof query['offset'] === 'number' ? query['offset'] : 0;
    for (;;) {
      const page = asPage<T>(
        await this.request<unknown>('GET', path, {
          query: { ...query, limit, offset },
          signal: options.signal,
          what: options.what,
        }),
      );
      for (const item of page.items) yield item;
      if (!pageHasMore(page, offset, limit)) return;
      offset = typeof page.next_offset === 'number' ? page.next_offset : offset + page.items.length;
    }
  }
}

export function pathOnly(url: string): string {
  const i = url.indexOf('/', url.indexOf('//') + 2);
  return i < 0 ? '/' : url.slice(i);
}
