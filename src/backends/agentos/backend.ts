/**
 * AgentOS behind the seam: the client's answers as neutral shapes, a run's attempts as its sub-runs, and the follow
 * of one attempt by seq (each event once, in order; the cursor is the seq).
 */
import type {
  AgentInfo,
  Backend,
  Capabilities,
  FollowBatch,
  FollowOptions,
  FollowRef,
  FollowState,
  Page,
  RunInfo,
  RunQuery,
  SubRunInfo,
  TimelineEvent,
  TriggerInfo,
} from '../types';
import { AgentOsClient, type ClientOptions } from './client';
import { pageHasMore } from './http';
import { followBatches, type FollowState as SeqFollowState } from './follow';
import { toAgentInfo, toRunInfo, toSubRunInfo, toTimelineEvent, toTriggerInfo } from './mapping';
import { agentOsPresenter } from './present';
import type { Run, RunEventDto } from './wire';

/** Events per page when reading a whole attempt (the most the contract's servers answer at once). */
const EVENTS_PAGE_SIZE = 1000;

const CAPABILITIES: Capabilities = {
  subRuns: 'attempts',
  startRun: 'json',
  cancel: true,
  inbox: true,
  reply: false,
  interrupt: false,
  approvals: false,
  archive: false,
  delete: false,
  checkpoints: true,
  triggerActions: false,
  triggerRuns: false,
};

export class AgentOsBackend implements Backend {
  readonly kind = 'agentos';
  readonly caps = CAPABILITIES;
  readonly presenter = agentOsPresenter;
  readonly statuses = [
    'queued',
    'running',
    'waiting_for_human',
    'resumed',
    'completed',
    'failed',
    'cancelled',
  ];
  private readonly client: AgentOsClient;

  constructor(options: ClientOptions) {
    this.client = new AgentOsClient(options);
  }

  get host(): string {
    return this.client.host;
  }

  async check(signal?: AbortSignal): Promise<void> {
    await this.client.listAgents({ limit: 1 }, signal);
  }

  async listAgents(signal?: AbortSignal): Promise<AgentInfo[]> {
    const agents: AgentInfo[] = [];
    for await (const agent of this.client.agents({ pageSize: 100, signal })) agents.push(toAgentInfo(agent));
    return agents;
  }

  async getAgent(agentId: string, signal?: AbortSignal): Promise<AgentInfo> {
    return toAgentInfo(await this.client.getAgent(agentId, signal));
  }

  async listRuns(query: RunQuery, signal?: AbortSignal): Promise<Page<RunInfo>> {
    const offset = query.page ? Number(query.page) : 0;
    const page = await this.client.listRuns(
      { agent_id: query.agentId, status: query.status, limit: query.limit, offset },
      signal,
    );
    const result: Page<RunInfo> = { items: page.items.map(toRunInfo) };
    if (typeof page.total === 'number') result.total = page.total;
    if (pageHasMore(page, offset, query.limit)) result.next = String(offset + page.items.length);
    return result;
  }

  async getRun(runId: string, signal?: AbortSignal): Promise<RunInfo> {
    return toRunInfo(await this.client.getRun(runId, signal));
  }

  async listSubRuns(runId: string, signal?: AbortSignal): Promise<SubRunInfo[]> {
    const attempts = [...(await this.client.listAttempts(runId, signal))].sort(
      (a, b) => a.attempt_no - b.attempt_no,
    );
    // The newest attempt is the current one (the attempts list does not say it).
    const current = attempts.at(-1)?.id;
    return attempts.map((attempt) => toSubRunInfo(attempt, current));
  }

  async listTriggers(agentId?: string, signal?: AbortSignal): Promise<TriggerInfo[]> {
    return (await this.client.listTriggers(agentId ? { agent_id: agentId } : {}, signal)).map(toTriggerInfo);
  }

  async *follow(
    ref: FollowRef,
    cursor: string | undefined,
    options: FollowOptions,
    signal: AbortSignal,
  ): AsyncGenerator<FollowBatch, void, undefined> {
    const batches = followBatches(this.client, ref.runId, ref.subRunId, {
      afterSeq: cursor === undefined ? 0 : Number(cursor),
      signal,
      stallTimeoutMs: options.stallTimeoutMs,
      maxReconnects: options.maxReconnects,
    });
    for await (const items of batches) {
      let events: TimelineEvent[] = [];
      for (const item of items) {
        if (item.kind === 'event') events.push(toTimelineEvent(item.event));
        else {
          if (events.length > 0) yield { events };
          events = [];
          yield { state: neutralState(item.state) };
        }
      }
      if (events.length > 0) yield { events };
    }
  }

  async tail(
    ref: FollowRef,
    count: number,
    signal?: AbortSignal,
  ): Promise<{ events: TimelineEvent[]; total: number }> {
    const peek = await this.client.pollEvents(ref.runId, {
      attemptId: ref.subRunId,
      afterSeq: 0,
      limit: 1,
      signal,
    });
    const total = typeof peek.latest_seq === 'number' ? peek.latest_seq : 0;
    const from = Math.max(0, total - count);
    const page = await this.client.pollEvents(ref.runId, {
      attemptId: ref.subRunId,
      afterSeq: from,
      limit: count,
      signal,
    });
    const events: TimelineEvent[] = [];
    // Only a gap-free run of seqs up to the total is a tail: each event once, numbered by its seq.
    for (const event of page.events) {
      if (event.seq !== from + events.length + 1) break;
      events.push(toTimelineEvent(event));
    }
    return { events, total: from + events.length };
  }

  async event(ref: FollowRef, cursor: string, signal?: AbortSignal): Promise<unknown> {
    const seq = Number(cursor);
    const page = await this.client.pollEvents(ref.runId, {
      attemptId: ref.subRunId,
      afterSeq: seq - 1,
      limit: 1,
      signal,
    });
    const event = page.events.find((e) => e.seq === seq);
    if (!event) throw new Error(`Event #${seq} of run ${ref.runId} was not found on the server.`);
    return event;
  }

  /** The attempt's ledger by polling, `afterSeq` the last seq taken, until the server has no more. */
  async *events(ref: FollowRef, signal?: AbortSignal): AsyncGenerator<RunEventDto[], void, undefined> {
    let after = 0;
    for (;;) {
      const page = await this.client.pollEvents(ref.runId, {
        attemptId: ref.subRunId,
        afterSeq: after,
        limit: EVENTS_PAGE_SIZE,
        signal,
      });
      // Each seq once: a server that repeats what it sent before is not believed twice.
      const fresh: RunEventDto[] = [];
      for (const event of page.events) {
        if (event.seq <= after) continue;
        fresh.push(event);
        after = event.seq;
      }
      if (fresh.length > 0) yield fresh;
      if (!page.has_more || fresh.length === 0) return;
    }
  }

  async cancelRun(runId: string, signal?: AbortSignal): Promise<RunInfo | undefined> {
    const answer = await this.client.cancelRun(runId, signal);
    const run =
      answer && typeof answer === 'object' && 'status' in answer
        ? answer
        : await this.client.getRun(runId, signal);
    return toRunInfo(run);
  }

  async startRun(
    agentId: string,
    input: unknown,
    options: { threadId?: string },
    signal?: AbortSignal,
  ): Promise<RunInfo> {
    const thread = options.threadId ? { thread_id: options.threadId } : ({ new_thread: true } as const);
    const created = await this.client.createRun({ agent_id: agentId, thread, input }, signal);
    const run = {
      ...created,
      id: created.run_id,
      status: created.status,
      agent_id: agentId,
      created_at: typeof created.created_at === 'string' ? created.created_at : new Date().toISOString(),
    } as Run;
    delete (run as { run_id?: unknown }).run_id;
    return toRunInfo(run);
  }

  inboxUrl(agentId: string, signal?: AbortSignal): Promise<string> {
    return this.client.chatwootInboxUrl(agentId, signal);
  }

  checkpoints(runId: string, signal?: AbortSignal): Promise<unknown[]> {
    return this.client.listCheckpoints(runId, signal);
  }

  close(): void {
    void this.client.close();
  }
}

function neutralState(state: SeqFollowState): FollowState {
  switch (state.type) {
    case 'connecting':
      return { type: 'connecting' };
    case 'ended':
      return { type: 'ended' };
    case 'failed':
      return { type: 'failed', reason: state.reason, error: state.error };
    default:
      return state;
  }
}
