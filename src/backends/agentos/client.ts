/**
 * The AgentOS endpoints (the contract in ../shared/docs/agentos-api.md) on top of the HTTP transport: agents, runs,
 * attempts, the event ledger and its stream, triggers, credentials, `me`, and an agent's Chatwoot inbox URL.
 */
import type { Dispatcher } from 'undici';
import { ApiError, abortedError, closedError, errorFromNetwork, isApiError } from '../../net/errors';
import { undici } from '../../net/undici';
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
import { errorFromStatus } from './errors';
import {
  AgentOsHttp,
  asPage,
  buildUrl,
  seg,
  type EventStreamOptions,
  type EventStreamResponse,
  type PollEventsParams,
} from './http';
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
} from './wire';

export {
  buildUrl,
  parseHeaderSetting,
  type ClientOptions,
  type EventStreamOptions,
  type EventStreamResponse,
  type PollEventsParams,
} from './http';

export class AgentOsClient extends AgentOsHttp {
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
      const all: RunAttempt[] = [];
      const pages = this.paginate<RunAttempt>(
        `/v1/api/runs/${seg(runId)}/attempts`,
        {},
        {
          pageSize: 100,
          signal,
          what: `Attempts of run ${runId}`,
        },
      );
      for await (const attempt of pages) all.push(attempt);
      return all;
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
      res = await undici().request(url, {
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

  /** Every trigger (all pages), of one agent or of all. */
  async listTriggers(params: { agent_id?: string } = {}, signal?: AbortSignal): Promise<Trigger[]> {
    const what = params.agent_id ? `Triggers of agent ${params.agent_id}` : 'Triggers';
    const all: Trigger[] = [];
    for await (const trigger of this.paginate<Trigger>(
      '/v1/api/triggers',
      { ...params },
      { pageSize: 100, signal, what },
    ))
      all.push(trigger);
    return all;
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
      const res = await undici().request(url, {
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
