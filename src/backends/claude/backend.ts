/**
 * Claude Managed Agents behind the seam, through the official SDK (loaded on first use): agents, sessions as runs,
 * sub-agent threads as sub-runs, deployments as triggers, and the follow of a session or thread by processed time
 * and id (follow.ts; the cursor is a watermark). Every error comes out as the neutral ApiError (errors.ts).
 */
import type { ProxySettings } from '../../net/proxy';
import type { Logger } from '../../util/logger';
import type {
  AgentInfo,
  Backend,
  Capabilities,
  EnvironmentInfo,
  FollowBatch,
  FollowOptions,
  FollowRef,
  Page,
  PendingApproval,
  RunInfo,
  RunQuery,
  StartOptions,
  SubRunInfo,
  TriggerInfo,
  TriggerRunInfo,
  TypingPreview,
} from '../types';
import { decodeWatermark } from './delivered';
import { toApiError } from './errors';
import { followSession, type WireEvent } from './follow';
import {
  isFinalSessionEvent,
  toAgentInfo,
  toEnvironmentInfo,
  toRunInfo,
  toSubRunInfo,
  toTimelineEvent,
  toTriggerInfo,
  toTriggerRunInfo,
} from './mapping';
import { PENDING_TYPES, pendingFromNewest } from './pending';
import { claudePresenter } from './present';
import { loadSdk } from './sdk';
import type { ManagedAgentsSdk } from './sdk-entry';
import { sdkEventSource } from './source';
import { Transport } from './transport';
import { TypingTracker } from './typing';
import { Pairs } from './pairs';
import { ThreadNames } from './thread-names';

/** Events per page when reading a session from its newest back: a wait and its tool uses are usually in the first. */
const PENDING_PAGE_SIZE = 100;
/** Events per page when reading a whole session or thread: the most the service allows. */
const EVENTS_PAGE_SIZE = 1000;

const CAPABILITIES: Capabilities = {
  subRuns: 'threads',
  startRun: 'message',
  cancel: false,
  inbox: false,
  reply: true,
  interrupt: true,
  approvals: true,
  archive: true,
  delete: true,
  checkpoints: false,
  triggerActions: true,
  triggerRuns: true,
};

/** The typing as it stands after `step` ran over every item: undefined when no step changed it. */
function lastChange<T>(
  items: readonly T[],
  step: (item: T) => TypingPreview | null | undefined,
): TypingPreview | null | undefined {
  let shown: TypingPreview | null | undefined;
  for (const item of items) {
    const change = step(item);
    if (change !== undefined) shown = change;
  }
  return shown;
}

export interface ClaudeOptions {
  baseUrl: string;
  apiKey: string;
  version: string;
  workspaceId?: string;
  timeoutMs: number;
  proxy: ProxySettings;
  logger: Logger;
}

export class ClaudeBackend implements Backend {
  readonly kind = 'claude';
  readonly caps = CAPABILITIES;
  readonly presenter = claudePresenter;
  readonly statuses = ['running', 'idle', 'rescheduling', 'terminated'];
  readonly host: string;
  private readonly transport: Transport;
  private client: ManagedAgentsSdk | undefined;

  constructor(private readonly options: ClaudeOptions) {
    this.host = new URL(options.baseUrl).host;
    this.transport = new Transport(options.proxy, this.host);
  }

  /** The SDK client, made (and the SDK loaded) by the first call that needs it. */
  private get sdk(): ManagedAgentsSdk {
    this.client ??= loadSdk().createSdk({
      apiKey: this.options.apiKey,
      baseURL: this.options.baseUrl.replace(/\/+$/, ''),
      timeoutMs: this.options.timeoutMs,
      workspaceId: this.options.workspaceId,
      userAgent: `agentos-vscode/${this.options.version}`,
      fetch: this.transport.fetch,
    });
    return this.client;
  }

  private readonly toError = (error: unknown): unknown =>
    toApiError(error, { host: this.host, secrets: [this.options.apiKey], timeoutMs: this.options.timeoutMs });

  private async call<T>(request: (sdk: ManagedAgentsSdk) => Promise<T>): Promise<T> {
    try {
      return await request(this.sdk);
    } catch (error) {
      throw this.toError(error);
    }
  }

  async check(signal?: AbortSignal): Promise<void> {
    await this.call((sdk) => sdk.agents.list({ limit: 1 }, { signal }));
  }

  listAgents(signal?: AbortSignal): Promise<AgentInfo[]> {
    return this.call(async (sdk) => {
      const agents: AgentInfo[] = [];
      for await (const agent of sdk.agents.list({ limit: 100 }, { signal })) agents.push(toAgentInfo(agent));
      return agents;
    });
  }

  getAgent(agentId: string, signal?: AbortSignal): Promise<AgentInfo> {
    return this.call(async (sdk) => toAgentInfo(await sdk.agents.retrieve(agentId, {}, { signal })));
  }

  listRuns(query: RunQuery, signal?: AbortSignal): Promise<Page<RunInfo>> {
    return this.call(async (sdk) => {
      const page = await sdk.sessions.list(
        {
          limit: query.limit,
          ...(query.page ? { page: query.page } : {}),
          ...(query.agentId ? { agent_id: query.agentId } : {}),
          ...(query.status ? { statuses: [query.status as 'running'] } : {}),
        },
        { signal },
      );
      const result: Page<RunInfo> = { items: page.data.map(toRunInfo) };
      if (page.next_page) result.next = page.next_page;
      return result;
    });
  }

  getRun(runId: string, signal?: AbortSignal): Promise<RunInfo> {
    return this.call(async (sdk) => toRunInfo(await sdk.sessions.retrieve(runId, {}, { signal })));
  }

  /** The sub-agent threads; the primary thread is the session's own stream, not a child. */
  listSubRuns(runId: string, signal?: AbortSignal): Promise<SubRunInfo[]> {
    return this.call(async (sdk) => {
      const threads: SubRunInfo[] = [];
      for await (const thread of sdk.sessions.threads.list(runId, { limit: 100 }, { signal }))
        if (thread.parent_thread_id !== null) threads.push(toSubRunInfo(thread));
      return threads;
    });
  }

  listTriggers(agentId?: string, signal?: AbortSignal): Promise<TriggerInfo[]> {
    return this.call(async (sdk) => {
      const deployments: TriggerInfo[] = [];
      const query = { limit: 100, ...(agentId ? { agent_id: agentId } : {}) };
      for await (const deployment of sdk.deployments.list(query, { signal }))
        deployments.push(toTriggerInfo(deployment));
      return deployments;
    });
  }

  async *follow(
    ref: FollowRef,
    cursor: string | undefined,
    options: FollowOptions,
    signal: AbortSignal,
  ): AsyncGenerator<FollowBatch, void, undefined> {
    const threadId = ref.subRunId === '' || ref.subRunId === ref.runId ? undefined : ref.subRunId;
    const source = sdkEventSource(this.sdk, this.transport, {
      sessionId: ref.runId,
      threadId,
      previews: options.typing === true,
    });
    const typing = new TypingTracker();
    const pairs = new Pairs();
    const threads = new ThreadNames();
    const isFinal = threadId
      ? (event: { type: string; session_thread_id?: unknown }) =>
          isFinalSessionEvent(event) ||
          (event.type === 'session.thread_status_terminated' && event.session_thread_id === threadId)
      : isFinalSessionEvent;
    for await (const out of followSession(source, {
      from: decodeWatermark(cursor),
      signal,
      stallTimeoutMs: options.stallTimeoutMs,
      maxReconnects: options.maxReconnects,
      isFinal,
      toError: this.toError,
    })) {
      if (out.kind === 'previews') {
        const shown = lastChange(out.frames, (frame) => typing.preview(frame));
        if (shown !== undefined) yield { typing: shown };
      } else if (out.kind === 'state') {
        if (out.state.type !== 'live') yield* this.stopTyping(typing);
        yield { state: out.state };
      } else {
        yield {
          events: out.events.map((d) => {
            const event = toTimelineEvent(d.event, d.after);
            const pair = pairs.take(d.event);
            if (pair) event.pair = pair;
            const threadName = threads.nameFor(d.event);
            if (threadName) event.threadName = threadName;
            return event;
          }),
        };
        if (!options.typing) continue;
        const shown = lastChange(out.events, (d) => typing.delivered(d.event));
        if (shown !== undefined) yield { typing: shown };
      }
    }
    yield* this.stopTyping(typing);
  }

  private *stopTyping(typing: TypingTracker): Generator<FollowBatch, void, undefined> {
    if (typing.isTyping) yield { typing: typing.reset() };
  }

  /**
   * A new session of the agent (its latest version) in the environment, its first message sent with the creation
   * (`initial_events`): one request, so there is never a session left without the message it was started for.
   */
  startRun(agentId: string, input: unknown, options: StartOptions, signal?: AbortSignal): Promise<RunInfo> {
    const text = typeof input === 'string' ? input : '';
    if (text.trim() === '')
      return Promise.reject(new Error('A session starts with a message; it was empty.'));
    const environmentId = options.environmentId;
    if (!environmentId) return Promise.reject(new Error('A session needs an environment to run in.'));
    return this.call(async (sdk) =>
      toRunInfo(
        await sdk.sessions.create(
          {
            agent: agentId,
            environment_id: environmentId,
            initial_events: [{ type: 'user.message', content: [{ type: 'text', text }] }],
          },
          { signal },
        ),
      ),
    );
  }

  /** The environments a session can be started in (archived ones are left out by the service). */
  listEnvironments(signal?: AbortSignal): Promise<EnvironmentInfo[]> {
    return this.call(async (sdk) => {
      const environments: EnvironmentInfo[] = [];
      for await (const environment of sdk.listEnvironments(signal))
        if (environment.archived_at === null) environments.push(toEnvironmentInfo(environment));
      return environments;
    });
  }

  archiveRun(runId: string, signal?: AbortSignal): Promise<RunInfo> {
    return this.call(async (sdk) => toRunInfo(await sdk.sessions.archive(runId, {}, { signal })));
  }

  async deleteRun(runId: string, signal?: AbortSignal): Promise<void> {
    await this.call((sdk) => sdk.sessions.delete(runId, {}, { signal }));
  }

  /** A message from a person wakes an idle session; it goes to the session (its main thread). */
  async sendMessage(ref: FollowRef, text: string, signal?: AbortSignal): Promise<void> {
    await this.call((sdk) =>
      sdk.sessions.events.send(
        ref.runId,
        { events: [{ type: 'user.message', content: [{ type: 'text', text }] }] },
        { signal },
      ),
    );
  }

  async interrupt(ref: FollowRef, signal?: AbortSignal): Promise<void> {
    await this.call((sdk) =>
      sdk.sessions.events.send(ref.runId, { events: [{ type: 'user.interrupt' }] }, { signal }),
    );
  }

  /** Confirmations are routed by the tool use's id alone, also for a sub-agent thread's tool uses. */
  async answerApproval(
    ref: FollowRef,
    id: string,
    allow: boolean,
    reason?: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const confirmation = allow
      ? ({ type: 'user.tool_confirmation', tool_use_id: id, result: 'allow' } as const)
      : ({
          type: 'user.tool_confirmation',
          tool_use_id: id,
          result: 'deny',
          ...(reason ? { deny_message: reason } : {}),
        } as const);
    await this.call((sdk) => sdk.sessions.events.send(ref.runId, { events: [confirmation] }, { signal }));
  }

  /** Reads the session's status changes, confirmations and tool uses from the newest back (pending.ts). */
  pendingApprovals(runId: string, signal?: AbortSignal): Promise<PendingApproval[]> {
    return this.call(async (sdk) => {
      const first = sdk.sessions.events.list(
        runId,
        { order: 'desc', limit: PENDING_PAGE_SIZE, types: PENDING_TYPES },
        { signal },
      );
      async function* pages(): AsyncGenerator<WireEvent[]> {
        for (let page = await first; ; page = await page.getNextPage()) {
          yield page.getPaginatedItems() as WireEvent[];
          if (!page.hasNextPage()) return;
        }
      }
      return pendingFromNewest(pages());
    });
  }

  runTrigger(triggerId: string, signal?: AbortSignal): Promise<TriggerRunInfo> {
    return this.call(async (sdk) => toTriggerRunInfo(await sdk.deployments.run(triggerId, {}, { signal })));
  }

  setTriggerActive(triggerId: string, active: boolean, signal?: AbortSignal): Promise<TriggerInfo> {
    return this.call(async (sdk) =>
      toTriggerInfo(
        active
          ? await sdk.deployments.unpause(triggerId, {}, { signal })
          : await sdk.deployments.pause(triggerId, {}, { signal }),
      ),
    );
  }

  /** A deployment's runs, newest first (the service's order). */
  listTriggerRuns(
    triggerId: string,
    query: { limit: number; page?: string },
    signal?: AbortSignal,
  ): Promise<Page<TriggerRunInfo>> {
    return this.call(async (sdk) => {
      const page = await sdk.deploymentRuns.list(
        { deployment_id: triggerId, limit: query.limit, ...(query.page ? { page: query.page } : {}) },
        { signal },
      );
      const result: Page<TriggerRunInfo> = { items: page.data.map(toTriggerRunInfo) };
      if (page.next_page) result.next = page.next_page;
      return result;
    });
  }

  /** The event a cursor names: the `count`-th event processed at the watermark time. */
  event(ref: FollowRef, cursor: string, signal?: AbortSignal): Promise<unknown> {
    const mark = decodeWatermark(cursor);
    if (!mark) return Promise.reject(new Error(`Not an event of this session: ${cursor}`));
    return this.call(async (sdk) => {
      const page = await sdk.sessions.events.list(
        ref.runId,
        { order: 'asc', limit: Math.min(1000, mark.count + 1), 'created_at[gte]': mark.time },
        { signal },
      );
      const atTime = page.data.filter((e) => Date.parse(String(e.processed_at)) === Date.parse(mark.time));
      const event = atTime[mark.count - 1];
      if (!event)
        throw new Error(`The event at ${mark.time} of session ${ref.runId} was not found on the server.`);
      return event;
    });
  }

  /**
   * The session's list oldest first, or a sub-agent thread's own list (the follow's rule: the session's id or none
   * names the primary thread), a page at a time as the SDK pages it.
   */
  async *events(ref: FollowRef, signal?: AbortSignal): AsyncGenerator<unknown[], void, undefined> {
    const threadId = ref.subRunId === '' || ref.subRunId === ref.runId ? undefined : ref.subRunId;
    try {
      const sdk = this.sdk;
      const first = threadId
        ? sdk.sessions.threads.events.list(
            threadId,
            { session_id: ref.runId, limit: EVENTS_PAGE_SIZE },
            { signal },
          )
        : sdk.sessions.events.list(ref.runId, { order: 'asc', limit: EVENTS_PAGE_SIZE }, { signal });
      for (let page = await first; ; page = await page.getNextPage()) {
        yield page.getPaginatedItems();
        if (!page.hasNextPage()) return;
      }
    } catch (error) {
      throw this.toError(error);
    }
  }

  close(): void {
    this.transport.close();
  }
}
