// The session executor. It plays one turn at a time (turns.ts) on the sandbox clock and does what the service
// does around it: a sent event is queued (processed_at null) and processed shortly after; a user.message wakes an
// idle session (status_running, the turn, status_idle end_turn) and, sent while the agent works, is taken at its
// next model request; user.interrupt ends the turn (closing an open model request); a turn that waits on tool
// approvals or custom tool results idles with requires_action until every one is answered. Everything it says
// comes from Randoms seeded by (seed, session, turn), so a seed and a request sequence replay the same events.
import { createRandom, hashSeed, type Random } from '../random';
import type { Timer } from './clock';
import type { ClaudeContext } from './context';
import { agentDto, agentSnapshot } from './dto';
import { EventLog, type LogEvent } from './event-log';
import { claudeId } from './ids';
import { emptyUsage, iso, type SessionRecord, type ThreadRecord } from './records';
import {
  TurnKit,
  type Awaited,
  type Capabilities,
  type EventBody,
  type Step,
  type StepResult,
  type Turn,
  type TurnEnd,
  type Verdict,
  type Worker,
} from './turn-kit';
import { planTurn, SCENARIOS, type Scenario } from './turns';
import { addUsage, partialUsage, usageWire, type ModelUsage } from './usage';

/** How long a sent event stays queued before it is processed (speed 1). */
export const PROCESS_DELAY_MS = 250;
const WAKING = new Set(['user.message', 'user.define_outcome']);
const END_TURN: TurnEnd = { stop: 'end_turn' };

type Phase = 'idle' | 'active' | 'awaiting' | 'fed' | 'ended';

export class SessionRunner {
  /** Scenarios for the next turns (demo, admin); after them the session's metadata or the seed decides. */
  readonly scenarios: Scenario[] = [];
  private phase: Phase = 'idle';
  private turn: Turn | undefined;
  private turnNo = 0;
  private timer: Timer | undefined;
  private pumpTimer: Timer | undefined;
  private openRequest: { id: string; thread: ThreadRecord } | undefined;
  private readonly pending = new Map<string, Awaited>();
  /** Tool uses whose answer was sent but is not processed yet: a second answer is refused. */
  private readonly answered = new Set<string>();
  private readonly verdicts = new Map<string, Verdict>();
  private readonly systemIds: Random;
  private readonly userIds: Random;
  private readonly requestNos = new Map<string, number>();
  private readonly totals = emptyUsage();
  private feedStop: (() => void) | undefined;

  constructor(
    private readonly ctx: ClaudeContext,
    private readonly session: SessionRecord,
  ) {
    this.systemIds = createRandom(hashSeed(ctx.options.seed, session.id, 'system'));
    this.userIds = createRandom(hashSeed(ctx.options.seed, session.id, 'user'));
  }

  get ended(): boolean {
    return this.phase === 'ended';
  }

  /** Ids for what a client sends (events, outcomes): drawn in send order, apart from what the agent says. */
  userId(prefix: 'sevt' | 'outc' = 'sevt'): string {
    return claudeId(this.userIds, prefix);
  }

  /** The tool use `id` if it waits for an answer nobody sent yet. */
  awaiting(id: string): Awaited | undefined {
    return this.answered.has(id) ? undefined : this.pending.get(id);
  }

  /** Validated events a client sent: queued now (processed_at null), processed after PROCESS_DELAY_MS. */
  accept(events: LogEvent[]): void {
    for (const event of events) {
      const answers = event.tool_use_id ?? event.custom_tool_use_id;
      if (event.type !== 'user.tool_result' && typeof answers === 'string') this.answered.add(answers);
      this.session.log.enqueue(event);
    }
    this.schedulePump();
  }

  /** Records an event now, outside any turn (admin appends, the `big` fault). */
  inject(body: Omit<EventBody, 'id'> & { id?: string }, threadId?: string): LogEvent {
    return this.record({ ...body, id: body.id ?? this.systemId() } as EventBody, threadId);
  }

  /** A scripted feed (scale sessions) owns the session until feedEnded(); an interrupt stops it. */
  attachFeed(stop: () => void): void {
    this.phase = 'fed';
    this.feedStop = stop;
  }

  feedEnded(): void {
    this.feedStop = undefined;
    if (this.phase !== 'fed') return;
    this.phase = this.session.status === 'terminated' ? 'ended' : 'idle';
    this.schedulePump();
  }

  /** DELETE: session.deleted goes to every thread's stream, then nothing more. */
  delete(): void {
    this.halt();
    this.phase = 'ended';
    const event: LogEvent = { id: this.systemId(), type: 'session.deleted', processed_at: iso(this.stamp()) };
    for (const thread of this.session.threads) thread.log.append(event);
  }

  /** Stops every timer (sandbox close). */
  halt(): void {
    this.timer?.cancel();
    this.pumpTimer?.cancel();
    this.timer = undefined;
    this.pumpTimer = undefined;
    this.turn?.return(END_TURN);
    this.turn = undefined;
    this.feedStop?.();
    this.feedStop = undefined;
  }

  private schedulePump(): void {
    if (this.pumpTimer || this.phase === 'ended') return;
    this.pumpTimer = this.ctx.clock.schedule(PROCESS_DELAY_MS, () => {
      this.pumpTimer = undefined;
      this.pump();
    });
  }

  /** Processes what can be processed now, in the order it was sent. */
  private pump(): void {
    if (this.phase === 'ended') return;
    for (const event of [...this.session.log.queued]) {
      if (event.type === 'user.interrupt') {
        this.process(event);
        this.interrupt();
      } else if (event.type === 'user.tool_confirmation' || event.type === 'user.custom_tool_result') {
        this.process(event);
        this.resolve(event);
      } else if (event.type === 'system.message') {
        this.process(event);
      }
    }
    if (this.phase === 'awaiting' && this.pending.size === 0) this.resume();
    else if (this.phase === 'idle' && this.hasWaking()) this.startTurn();
  }

  private hasWaking(): boolean {
    return this.session.log.queued.some((event) => WAKING.has(event.type));
  }

  /** Moves a queued event to the processed ones, now; an answer routed to a sub-agent goes to its thread too. */
  private process(event: LogEvent): void {
    this.session.log.dequeue(event.id);
    event.processed_at = iso(this.stamp());
    // An answer to a sub-agent's tool use is routed by the tool use's id; the server says which thread it went to.
    const answers = event.tool_use_id ?? event.custom_tool_use_id;
    const routed = typeof answers === 'string' ? this.pending.get(answers)?.thread : undefined;
    if (routed) event.session_thread_id = routed;
    this.session.log.append(event);
    if (typeof event.session_thread_id === 'string' && event.type !== 'user.interrupt') {
      const { session_thread_id: _routed, ...copy } = event;
      this.thread(event.session_thread_id)?.log.append(copy as LogEvent);
    }
  }

  private resolve(event: LogEvent): void {
    const id = (event.tool_use_id ?? event.custom_tool_use_id) as string;
    this.answered.delete(id);
    if (!this.pending.delete(id)) return;
    const verdict: Verdict =
      event.type === 'user.custom_tool_result'
        ? { result: 'custom', content: (event.content as unknown[]) ?? [], is_error: event.is_error === true }
        : event.result === 'allow'
          ? { result: 'allow' }
          : { result: 'deny', deny_message: (event.deny_message as string | null | undefined) ?? null };
    this.verdicts.set(id, verdict);
  }

  private takeWaking(): LogEvent[] {
    const waking = this.session.log.queued.filter((event) => WAKING.has(event.type));
    for (const event of waking) this.process(event);
    return waking;
  }

  private startTurn(): void {
    const inbox = this.takeWaking();
    this.turnNo++;
    const scenario = this.nextScenario();
    this.phase = 'active';
    this.record({ id: this.systemId(), type: 'session.status_running' });
    this.turn = planTurn(scenario, this.kit(), inbox);
    this.run(undefined);
  }

  /** Plays steps until the turn waits, ends, or needs time (then a timer carries on). */
  private run(input: StepResult): void {
    let result = input;
    for (;;) {
      const turn = this.turn;
      if (!turn) return;
      const next = turn.next(result);
      if (next.done) return this.finishTurn(next.value);
      const step = next.value;
      if (step.kind === 'await') return this.beginAwait(step.awaited);
      if (step.delayMs > 0) {
        this.timer = this.ctx.clock.schedule(step.delayMs, () => {
          this.timer = undefined;
          this.run(this.perform(step));
        });
        return;
      }
      result = this.perform(step);
    }
  }

  private perform(step: Exclude<Step, { kind: 'await' }>): StepResult {
    switch (step.kind) {
      case 'emit':
        this.record(step.event, step.thread, step.cross);
        return undefined;
      case 'preview':
        this.threadOrPrimary(step.thread).log.publishPreview(step.preview);
        return undefined;
      case 'model-start': {
        const inbox = step.thread === undefined ? this.takeWaking() : [];
        this.record({ id: step.id, type: 'span.model_request_start' }, step.thread);
        return { inbox };
      }
      case 'usage':
        this.record({ id: this.systemId(), type: 'session.usage', usage: usageWire(this.totals) });
        return undefined;
      case 'thread': {
        const now = this.stamp();
        this.session.threads.push({
          id: step.thread.id,
          session_id: this.session.id,
          parent_thread_id: this.primary.id,
          agent: step.thread.agent,
          status: 'running',
          createdMs: now,
          updatedMs: now,
          archived_at: null,
          log: new EventLog(),
          usage: emptyUsage(),
          activeMs: 0,
          runningSince: now,
        });
        return undefined;
      }
    }
  }

  private finishTurn(end: TurnEnd): void {
    this.turn = undefined;
    this.timer = undefined;
    if (end.stop === 'terminated') {
      this.record({ id: this.systemId(), type: 'session.status_terminated' });
      this.halt();
      this.phase = 'ended';
      return;
    }
    this.record({
      id: this.systemId(),
      type: 'session.status_idle',
      stop_reason: { type: end.stop },
      stop_details: end.stop === 'refusal' ? end.details : null,
    });
    this.phase = 'idle';
    if (this.hasWaking()) this.schedulePump();
  }

  private beginAwait(awaited: Awaited[]): void {
    for (const item of awaited) this.pending.set(item.id, item);
    this.phase = 'awaiting';
    this.record({
      id: this.systemId(),
      type: 'session.status_idle',
      stop_reason: { type: 'requires_action', event_ids: awaited.map((item) => item.id) },
      stop_details: null,
    });
  }

  private resume(): void {
    this.phase = 'active';
    this.record({ id: this.systemId(), type: 'session.status_running' });
    const verdicts = new Map(this.verdicts);
    this.verdicts.clear();
    this.run({ verdicts });
  }

  /** Ends the current turn: its open model request ends early, running sub-agents idle, the session idles. */
  private interrupt(): void {
    if (this.feedStop) {
      this.feedStop();
      this.feedStop = undefined;
      this.phase = 'active';
    }
    if (this.phase !== 'active' && this.phase !== 'awaiting') return;
    this.timer?.cancel();
    this.timer = undefined;
    this.turn?.return(END_TURN);
    this.turn = undefined;
    const open = this.openRequest;
    if (open) {
      const thread = open.thread === this.primary ? undefined : open.thread.id;
      this.record(
        {
          id: this.systemId(),
          type: 'span.model_request_end',
          is_error: false,
          model_request_start_id: open.id,
          model_usage: partialUsage(this.systemIds),
        },
        thread,
      );
    }
    for (const thread of this.session.threads.slice(1)) {
      if (thread.status !== 'running' && thread.status !== 'rescheduling') continue;
      const idle = {
        id: this.systemId(),
        type: 'session.thread_status_idle',
        agent_name: (thread.agent.name as string) ?? '',
        session_thread_id: thread.id,
        stop_reason: { type: 'end_turn' },
        stop_details: null,
      };
      this.record(idle, thread.id, 'same');
    }
    this.pending.clear();
    this.verdicts.clear();
    this.finishTurn(END_TURN);
  }

  /** Appends an event now; keeps usage totals and the open model request up to date. */
  private record(body: EventBody, threadId?: string, cross?: 'same' | 'tagged'): LogEvent {
    const thread = this.threadOrPrimary(threadId);
    const at = this.stamp();
    const event: LogEvent = { ...body, processed_at: iso(at) };
    thread.log.append(event);
    thread.updatedMs = at;
    if (cross && thread !== this.primary) {
      this.session.log.append(cross === 'same' ? event : { ...event, session_thread_id: thread.id });
    }
    if (event.type === 'span.model_request_start') this.openRequest = { id: event.id, thread };
    if (event.type === 'span.model_request_end') {
      const usage = event.model_usage as ModelUsage;
      const model = (this.session.agent.model as { id: string }).id;
      addUsage(this.totals, usage, model);
      if (thread !== this.primary) addUsage(thread.usage, usage, model);
      if (this.openRequest?.id === event.model_request_start_id) this.openRequest = undefined;
    }
    return event;
  }

  /** Now, never earlier than anything this session already recorded (processed_at never goes back). */
  private stamp(): number {
    const at = Math.max(this.ctx.clock.now(), this.session.lastMs, this.session.log.lastTime);
    this.session.lastMs = at;
    return at;
  }

  private get primary(): ThreadRecord {
    return this.session.threads[0] as ThreadRecord;
  }

  private thread(id: string): ThreadRecord | undefined {
    return this.session.threads.find((thread) => thread.id === id);
  }

  private threadOrPrimary(id: string | undefined): ThreadRecord {
    const thread = id === undefined ? this.primary : this.thread(id);
    if (!thread) throw new Error(`session ${this.session.id} has no thread ${id}`);
    return thread;
  }

  private systemId(): string {
    return claudeId(this.systemIds, 'sevt');
  }

  private nextScenario(): Scenario {
    const queued = this.scenarios.shift();
    if (queued) return queued;
    const requested = (this.session.metadata.sandbox_scenario ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name): name is Scenario => (SCENARIOS as readonly string[]).includes(name));
    if (requested.length > 0) return requested[(this.turnNo - 1) % requested.length] as Scenario;
    const random = createRandom(hashSeed(this.ctx.options.seed, this.session.id, 'scenario', this.turnNo));
    const can = this.capabilities();
    const choices: Scenario[] = ['chat', 'chat', 'chat', 'retry'];
    if (can.hasToolset) choices.push('tools', 'tools', 'tools', 'ask', 'ask');
    if (can.customTools.length > 0) choices.push('custom');
    if (this.session.agent.multiagent) choices.push('subagents');
    return random.pick(choices);
  }

  private capabilities(): Capabilities {
    const tools = (this.session.agent.tools ?? []) as {
      type?: string;
      name?: string;
      mcp_server_name?: string;
    }[];
    return {
      mcpServers: tools
        .filter((tool) => tool.type === 'mcp_toolset')
        .map((tool) => tool.mcp_server_name as string),
      hasToolset: tools.some((tool) => tool.type === 'agent_toolset_20260401'),
      customTools: tools.filter((tool) => tool.type === 'custom').map((tool) => tool.name as string),
      workers: this.workers(),
    };
  }

  /** Sub-agents: the coordinator's roster, or two helpers running the session's own agent. */
  private workers(): Worker[] {
    const roster = (
      this.session.agent.multiagent as { agents?: { type: string; id?: string; version?: number }[] } | null
    )?.agents;
    const workers: Worker[] = [];
    for (const entry of roster ?? []) {
      const agent = entry.id ? this.ctx.store.agents.get(entry.id) : undefined;
      const version = agent && agentDto(agent, entry.version);
      if (version) workers.push({ name: version.name, agent: agentSnapshot(version, false) });
    }
    if (workers.length > 0) return workers;
    const { multiagent: _multiagent, ...own } = this.session.agent;
    const name = own.name as string;
    return [
      { name: `${name} · helper A`, agent: { ...own, name: `${name} · helper A` } },
      { name: `${name} · helper B`, agent: { ...own, name: `${name} · helper B` } },
    ];
  }

  private kit(): TurnKit {
    return new TurnKit({
      random: createRandom(hashSeed(this.ctx.options.seed, this.session.id, 'turn', this.turnNo)),
      primaryThreadId: this.primary.id,
      ...this.capabilities(),
      requestNo: (thread) => {
        const key = thread ?? this.primary.id;
        const next = (this.requestNos.get(key) ?? 0) + 1;
        this.requestNos.set(key, next);
        return next;
      },
    });
  }
}
