/**
 * The one AgentOS API client shared by every view, command and the stream core. Plain Node (undici); the
 * extension passes its settings in as options. The API key is only ever sent in the Authorization header: it never
 * appears in a URL, a log line or an error message.
 */
import { randomUUID } from 'node:crypto';
import { request, type Dispatcher } from 'undici';
import type { Readable } from 'node:stream';
import {
  ApiError,
  abortedError,
  closedError,
  errorFromNetwork,
  errorFromStatus,
  isApiError,
  timeoutError,
} from './errors';
import { redactingLogger, silentLogger, type Logger } from './logger';
import type {
  Agent,
  Checkpoint,
  CreateRunRequest,
  CreateRunResponse,
  Credential,
  ListRunsParams,
  Me,
  Page,
  PageParams,
  Run,
  RunAttempt,
  RunEventsPollResponse,
  Trigger,
} from './models';
import { createDispatcher, describeProxy, proxyForUrl, type ProxySettings } from './proxy';
import {
  ChatwootError,
  accountIdFromProfile,
  accountIdMissingError,
  assertHttpUrl,
  buildInboxUrl,
  credentialIdOf,
  findChatwootTrigger,
  noTriggerError,
  resolveChatwootCredential,
} from './chatwoot';
import { backoffDelay, sleep } from '../stream/backoff';

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

function asPage<T>(raw: unknown): Page<T> {
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

export class AgentOsClient {
  readonly baseUrl: string;
  /** `host[:port]` of the server, used in messages. */
  readonly host: string;
  readonly logger: Logger;
  private readonly apiKey: string;
  private readonly userAgent: string;
  private readonly workspaceHeader?: { name: string; value: string };
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly random: () => number;
  private readonly newIdempotencyKey: () => string;
  private readonly proxySettings: ProxySettings;
  private readonly ownDispatchers = new Map<string, Dispatcher>();
  private readonly givenDispatcher?: Dispatcher;
  private readonly secrets: string[];
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
  private signalFor(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal;
  }

  private dispatcherFor(url: string, agentOs: boolean): Dispatcher {
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

  private baseHeaders(): Record<string, string> {
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
      const res = await request(url, {
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
      if (page.items.length === 0 || page.has_more === false || page.next_offset === null) return;
      if (typeof page.total === 'number' && offset + page.items.length >= page.total) return;
      if (
        page.has_more === undefined &&
        page.total === undefined &&
        page.next_offset === undefined &&
        page.items.length < limit
      ) {
        return;
      }
      offset = typeof page.next_offset === 'number' ? page.next_offset : offset + page.items.length;
    }
  }

  // ---------------------------------------------------------------- me

  /** `GET /v1/api/me`; undefined when the server has no such endpoint (404/405). */
  async me(signal?: AbortSignal): Promise<Me | undefined> {
    try {
      return await this.request<Me>('GET', '/v1/api/me', { signal, what: 'The "me" endpoint' });
    } catch (e) {
      if (isApiError(e) && (e.status === 404 || e.status === 405)) return undefined;
      throw e;
    }
  }

  // ---------------------------------------------------------------- agents

  async listAgents(params: PageParams = {}, signal?: AbortSignal): Promise<Page<Agent>> {
    return asPage<Agent>(await this.request('GET', '/v1/api/agents', { query: { ...params }, signal }));
  }

  agents(options: { pageSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<Agent, void, undefined> {
    return this.paginate<Agent>('/v1/api/agents', {}, options);
  }

  getAgent(agentId: string, signal?: AbortSignal): Promise<Agent> {
    return this.request('GET', `/v1/api/agents/${seg(agentId)}`, { signal, what: `Agent ${agentId}` });
  }

  /** Creates an agent. With an idempotency key the request is retried safely (a repeat answers 409). */
  createAgent(
    body: { name: string; metadata?: unknown },
    options: { idempotencyKey?: string; signal?: AbortSignal } = {},
  ): Promise<Agent> {
    const key = options.idempotencyKey;
    return this.request('POST', '/v1/api/agents', {
      body,
      headers: key ? { 'idempotency-key': key } : undefined,
      idempotent: key !== undefined,
      signal: options.signal,
    });
  }

  updateAgent(
    agentId: string,
    body: { name?: string; live_bundle_id?: string; metadata?: unknown },
    signal?: AbortSignal,
  ): Promise<Agent> {
    return this.request('PATCH', `/v1/api/agents/${seg(agentId)}`, {
      body,
      signal,
      what: `Agent ${agentId}`,
    });
  }

  // ---------------------------------------------------------------- runs

  async listRuns(params: ListRunsParams = {}, signal?: AbortSignal): Promise<Page<Run>> {
    return asPage<Run>(await this.request('GET', '/v1/api/runs', { query: { ...params }, signal }));
  }

  runs(
    filter: { agent_id?: string; status?: string } = {},
    options: { pageSize?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<Run, void, undefined> {
    return this.paginate<Run>('/v1/api/runs', { ...filter }, options);
  }

  getRun(runId: string, signal?: AbortSignal): Promise<Run> {
    return this.request('GET', `/v1/api/runs/${seg(runId)}`, { signal, what: `Run ${runId}` });
  }

  /**
   * Starts a run. An idempotency key (generated unless given) goes in the body and the `Idempotency-Key` header,
   * so retrying after a lost answer cannot start a second run.
   */
  async createRun(body: CreateRunRequest, signal?: AbortSignal): Promise<CreateRunResponse> {
    const key = body.idempotency_key ?? this.newIdempotencyKey();
    let raw: CreateRunResponse & { id?: string };
    try {
      raw = await this.request<CreateRunResponse & { id?: string }>('POST', '/v1/api/runs', {
        body: { ...body, idempotency_key: key },
        headers: { 'idempotency-key': key },
        idempotent: true,
        signal,
        what: `Agent ${body.agent_id}`,
      });
    } catch (e) {
      if (isApiError(e, 'conflict')) {
        // The key was used already: an earlier try reached the server (its answer was lost), or the caller reused it.
        throw new ApiError(
          'conflict',
          'This run was already started (its idempotency key was used before): an earlier try reached the server but its answer was lost. Refresh the Runs view to see it.',
          { status: e.status, code: e.code, host: e.host, serverMessage: e.serverMessage, cause: e },
        );
      }
      throw e;
    }
    // Accept a Run-shaped answer too.
    if (raw && typeof raw.run_id !== 'string' && typeof raw.id === 'string')
      return { ...raw, run_id: raw.id };
    return raw;
  }

  /** `POST /v1/api/runs/{id}/cancel`. A 404/405 means the server cannot cancel: hide the action. */
  cancelRun(runId: string, signal?: AbortSignal): Promise<Run | undefined> {
    return this.request('POST', `/v1/api/runs/${seg(runId)}/cancel`, {
      signal,
      idempotent: true,
      what: `Run ${runId}`,
    });
  }

  async listCheckpoints(runId: string, signal?: AbortSignal): Promise<Checkpoint[]> {
    const raw = await this.request<unknown>('GET', `/v1/api/runs/${seg(runId)}/checkpoints`, {
      signal,
      what: `Checkpoints of run ${runId}`,
    });
    if (
      raw &&
      typeof raw === 'object' &&
      !Array.isArray(raw) &&
      Array.isArray((raw as { checkpoints?: unknown }).checkpoints)
    ) {
      return (raw as { checkpoints: Checkpoint[] }).checkpoints;
    }
    return asPage<Checkpoint>(raw).items;
  }

  /**
   * The attempts of a run: `GET /v1/api/runs/{id}/attempts` where the server has it; otherwise the current attempt
   * from the run itself (older attempts are then unknown).
   */
  async listAttempts(runId: string, signal?: AbortSignal): Promise<RunAttempt[]> {
    try {
      const raw = await this.request<unknown>('GET', `/v1/api/runs/${seg(runId)}/attempts`, {
        signal,
        what: `Attempts of run ${runId}`,
      });
      return asPage<RunAttempt>(raw).items;
    } catch (e) {
      if (!isApiError(e) || (e.status !== 404 && e.status !== 405)) throw e;
    }
    const run = await this.getRun(runId, signal);
    if (!run.current_attempt_id) return [];
    return [
      {
        id: run.current_attempt_id,
        run_id: run.id,
        attempt_no: run.current_attempt_no ?? 1,
        status: run.status,
        latest_seq: run.latest_seq,
        started_at: run.started_at,
        completed_at: run.completed_at,
      },
    ];
  }

  /** One page of the event ledger: events with seq > afterSeq, in order. */
  pollEvents(runId: string, params: PollEventsParams): Promise<RunEventsPollResponse> {
    return this.request('GET', `/v1/api/runs/${seg(runId)}/events`, {
      query: { attemptId: params.attemptId, afterSeq: params.afterSeq ?? 0, limit: params.limit ?? 100 },
      signal: params.signal,
      what: `Events of run ${runId} attempt ${params.attemptId}`,
    });
  }

  /**
   * Opens the SSE stream of an attempt. Resolves once headers arrive; throws an ApiError for an error status or a
   * non-SSE answer. No time-outs apply here: the follower does its own first-byte and stall detection.
   */
  async openEventStream(
    runId: string,
    attemptId: string,
    options: EventStreamOptions,
  ): Promise<EventStreamResponse> {
    const url = buildUrl(this.baseUrl, `/v1/api/runs/${seg(runId)}/events/stream`, {
      attemptId,
      afterSeq: options.afterSeq,
    });
    const headers = this.baseHeaders();
    headers['accept'] = 'text/event-stream';
    headers['cache-control'] = 'no-cache';
    if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
    let res: Dispatcher.ResponseData;
    const signal = this.signalFor(options.signal);
    try {
      res = await request(url, {
        method: 'GET',
        headers,
        signal,
        dispatcher: this.dispatcherFor(url, true),
        headersTimeout: 0,
        bodyTimeout: 0,
      });
    } catch (error) {
      if (isApiError(error)) throw error;
      if (this.isClosed) throw closedError(this.host);
      if (options.signal?.aborted) throw abortedError(this.host);
      throw errorFromNetwork(error, { host: this.host, secrets: this.secrets });
    }
    if (res.statusCode >= 400) {
      let text = '';
      try {
        text = await res.body.text();
      } catch {
        // the error body is optional
      }
      throw errorFromStatus(res.statusCode, text, res.headers, {
        host: this.host,
        what: `Event stream of run ${runId} attempt ${attemptId}`,
        secrets: this.secrets,
      });
    }
    const type = String(res.headers['content-type'] ?? '');
    if (res.statusCode !== 200 || !type.toLowerCase().startsWith('text/event-stream')) {
      res.body.destroy();
      throw new ApiError(
        'badResponse',
        `${this.host} answered the event stream with HTTP ${res.statusCode} "${type || 'no content type'}" instead of an event stream.`,
        { status: res.statusCode, host: this.host },
      );
    }
    return { status: res.statusCode, headers: res.headers, body: res.body };
  }

  // ---------------------------------------------------------------- triggers, credentials

  async listTriggers(params: { agent_id?: string } = {}, signal?: AbortSignal): Promise<Trigger[]> {
    return asPage<Trigger>(
      await this.request('GET', '/v1/api/triggers', {
        query: { ...params },
        signal,
        what: params.agent_id ? `Triggers of agent ${params.agent_id}` : 'Triggers',
      }),
    ).items;
  }

  async listCredentials(params: PageParams = {}, signal?: AbortSignal): Promise<Page<Credential>> {
    return asPage<Credential>(
      await this.request('GET', '/v1/api/credentials', { query: { ...params }, signal }),
    );
  }

  /** With `includeValues`, the secret `values` come back too: use them in memory only. */
  getCredential(
    credentialId: string,
    options: { includeValues?: boolean; signal?: AbortSignal } = {},
  ): Promise<Credential> {
    return this.request('GET', `/v1/api/credentials/${seg(credentialId)}`, {
      query: options.includeValues ? { includeValues: true } : undefined,
      signal: options.signal,
      what: `Credential ${credentialId}`,
    });
  }

  // ---------------------------------------------------------------- chatwoot

  /**
   * `GET {base}/api/v1/profile` with header `api_access_token`: the HTTP status and the parsed body (undefined when
   * not JSON). Network failures → ChatwootError('unreachable'), naming the host; the token never appears.
   */
  async chatwootProfile(
    baseUrl: string,
    token: string,
    signal?: AbortSignal,
  ): Promise<{ status: number; profile: unknown }> {
    const base = assertHttpUrl(baseUrl);
    const url = `${baseUrl.replace(/\/$/, '')}/api/v1/profile`;
    const secrets = [this.apiKey, token];
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const onAbort = (): void => controller.abort();
    const joined = this.signalFor(signal);
    if (joined.aborted) controller.abort();
    joined.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await request(url, {
        method: 'GET',
        headers: { api_access_token: token, accept: 'application/json', 'user-agent': this.userAgent },
        signal: controller.signal,
        dispatcher: this.dispatcherFor(url, false),
      });
      const text = await res.body.text();
      if (res.statusCode >= 400) {
        this.logger.warn(`Chatwoot ${base.host} answered the profile request with HTTP ${res.statusCode}.`);
      }
      let profile: unknown;
      try {
        profile = JSON.parse(text) as unknown;
      } catch {
        profile = undefined;
      }
      return { status: res.statusCode, profile };
    } catch (error) {
      if (isApiError(error)) throw error;
      if (this.isClosed) throw closedError(this.host);
      if (signal?.aborted) throw abortedError(base.host);
      const e = errorFromNetwork(error, { host: base.host, secrets });
      throw new ChatwootError('unreachable', `Chatwoot is unreachable: ${e.message}`, { cause: e });
    } finally {
      clearTimeout(timer);
      joined.removeEventListener('abort', onAbort);
    }
  }

  /**
   * The Chatwoot inbox URL of an agent (the contract's algorithm): trigger → credential (with values) → base URL,
   * account id (asked from Chatwoot's profile when absent) → `{base}/app/accounts/{id}/inbox`, http(s) only.
   * Throws ChatwootError (kind says which step failed) or ApiError (AgentOS calls).
   */
  async chatwootInboxUrl(agentId: string, signal?: AbortSignal): Promise<string> {
    const triggers = await this.listTriggers({ agent_id: agentId }, signal);
    const trigger = findChatwootTrigger(
      triggers.filter((t) => t.agent_id === undefined || t.agent_id === agentId),
    );
    if (!trigger) throw noTriggerError(agentId);
    const credentialId = credentialIdOf(trigger);
    const credential = await this.getCredential(credentialId, { includeValues: true, signal });
    const config = resolveChatwootCredential(credential);
    assertHttpUrl(config.baseUrl);
    let accountId = config.accountId;
    if (!accountId) {
      const { status, profile } = await this.chatwootProfile(config.baseUrl, config.apiAccessToken, signal);
      accountId = status < 300 ? accountIdFromProfile(profile) : undefined;
      if (!accountId) {
        throw accountIdMissingError(
          config.baseUrl,
          status === 401 || status === 403
            ? `Chatwoot rejected the credential's token (HTTP ${status})`
            : status >= 300
              ? `the profile request answered HTTP ${status}`
              : 'the profile lists no account',
        );
      }
    }
    return buildInboxUrl(config.baseUrl, accountId);
  }
}

function pathOnly(url: string): string {
  const i = url.indexOf('/', url.indexOf('//') + 2);
  return i < 0 ? '/' : url.slice(i);
}
