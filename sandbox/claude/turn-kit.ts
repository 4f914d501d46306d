// The vocabulary of a turn. A turn is a generator of steps (an event after a delay, a preview, the start of a
// model request, a wait for the user); the runner plays them live or on the virtual clock. The kit builds the
// steps scenarios use, with realistic pacing (delays are at speed 1) and ids from the turn's own seeded Random,
// so what a turn says does not depend on timing or on other sessions.
import type { Random } from '../random';
import type { LogEvent, Preview } from './event-log';
import { claudeId } from './ids';
import type { McpCall, ToolCall } from './phrases';
import { modelUsage, type ModelUsage } from './usage';

export interface EventBody {
  id: string;
  type: string;
  [field: string]: unknown;
}

export interface NewThread {
  id: string;
  agentName: string;
  agent: Record<string, unknown>;
}

/** A tool use the turn waits on: a confirmation (ask) or a custom tool result. */
export interface Awaited {
  id: string;
  kind: 'confirm' | 'custom';
  thread?: string;
}

export type Verdict =
  | { result: 'allow' }
  | { result: 'deny'; deny_message: string | null }
  | { result: 'custom'; content: unknown[]; is_error: boolean };

export type Step =
  /** Records an event in a thread's log (the primary when `thread` is absent); `cross` copies it to the primary
   * log as is (`same`, status events) or tagged with session_thread_id (`tagged`, tool uses waiting on the user). */
  | { kind: 'emit'; delayMs: number; thread?: string; event: EventBody; cross?: 'same' | 'tagged' }
  | { kind: 'preview'; delayMs: number; thread?: string; preview: Preview }
  /** Records span.model_request_start; on the primary thread, queued user messages are processed first. */
  | { kind: 'model-start'; delayMs: number; thread?: string; id: string }
  | { kind: 'usage'; delayMs: number }
  | { kind: 'thread'; delayMs: number; thread: NewThread }
  /** The session idles with requires_action until each id is answered. */
  | { kind: 'await'; awaited: Awaited[] };

export type StepResult = { inbox?: LogEvent[]; verdicts?: Map<string, Verdict> } | undefined;

export type TurnEnd =
  | { stop: 'end_turn' }
  | { stop: 'retries_exhausted' }
  | { stop: 'refusal'; details: Record<string, unknown> }
  | { stop: 'terminated' };

export type Turn = Generator<Step, TurnEnd, StepResult>;
type Sub<T> = Generator<Step, T, StepResult>;

export interface Worker {
  name: string;
  agent: Record<string, unknown>;
}

/** What the session's agent can do: the scenarios use its MCP servers, tools and sub-agents. */
export interface Capabilities {
  mcpServers: readonly string[];
  hasToolset: boolean;
  customTools: readonly string[];
  workers: readonly Worker[];
}

export interface KitOptions extends Capabilities {
  random: Random;
  primaryThreadId: string;
  /** The n-th model request of a thread, across turns (the context grows with it). */
  requestNo: (thread: string | undefined) => number;
}

export class TurnKit {
  readonly random: Random;
  private readonly open = new Map<string | undefined, string>();

  constructor(readonly options: KitOptions) {
    this.random = options.random;
  }

  id(): string {
    return claudeId(this.random, 'sevt');
  }

  newThreadId(): string {
    return claudeId(this.random, 'sthr');
  }

  /** Starts a model request; returns the user messages processed at this boundary (primary thread only). */
  *modelStart(thread?: string, delayMs = this.random.int(200, 800)): Sub<LogEvent[]> {
    const id = this.id();
    this.open.set(thread, id);
    const result = yield { kind: 'model-start', delayMs, thread, id };
    return result?.inbox ?? [];
  }

  modelEnd(thread?: string, options: { isError?: boolean; usage?: ModelUsage } = {}): Step {
    const startId = this.open.get(thread);
    if (startId === undefined) throw new Error('modelEnd() without modelStart()');
    this.open.delete(thread);
    const usage = options.usage ?? modelUsage(this.random, this.options.requestNo(thread));
    return this.emit(
      {
        type: 'span.model_request_end',
        is_error: options.isError ?? false,
        model_request_start_id: startId,
        model_usage: usage,
      },
      { thread, delayMs: this.random.int(80, 250) },
    );
  }

  usage(): Step {
    return { kind: 'usage', delayMs: 10 };
  }

  emit(
    body: Omit<EventBody, 'id'> & { id?: string },
    options: { thread?: string; delayMs?: number; cross?: 'same' | 'tagged' } = {},
  ): Step {
    const event = { id: body.id ?? this.id(), ...body } as EventBody;
    return {
      kind: 'emit',
      delayMs: options.delayMs ?? this.random.int(20, 60),
      thread: options.thread,
      event,
      cross: options.cross,
    };
  }

  /** agent.thinking, announced by a start-only preview. */
  *thinking(thread?: string): Sub<void> {
    const id = this.id();
    yield this.preview(
      { type: 'event_start', event: { id, type: 'agent.thinking' } },
      'agent.thinking',
      thread,
      40,
    );
    yield this.emit({ id, type: 'agent.thinking' }, { thread, delayMs: this.random.int(800, 2_500) });
  }

  /** agent.message, streamed first as a preview: event_start, then content_delta fragments, then the event. */
  *say(text: string, thread?: string): Sub<void> {
    const id = this.id();
    yield this.preview(
      { type: 'event_start', event: { id, type: 'agent.message' } },
      'agent.message',
      thread,
      this.random.int(100, 400),
    );
    for (const fragment of fragments(this.random, text)) {
      const delta = { type: 'content_delta', content: { type: 'text', text: fragment }, index: 0 };
      yield this.preview(
        { type: 'event_delta', event_id: id, delta },
        'agent.message',
        thread,
        this.random.int(30, 70),
      );
    }
    yield this.emit(
      { id, type: 'agent.message', content: [{ type: 'text', text }] },
      { thread, delayMs: 30 },
    );
  }

  toolUse(call: ToolCall, permission: 'allow' | 'ask'): EventBody {
    return {
      id: this.id(),
      type: 'agent.tool_use',
      name: call.name,
      input: call.input,
      evaluated_permission: permission,
      evaluation: evaluation(this.random, permission),
    };
  }

  mcpUse(call: McpCall, permission: 'allow' | 'ask'): EventBody {
    return {
      id: this.id(),
      type: 'agent.mcp_tool_use',
      mcp_server_name: call.server,
      name: call.name,
      input: call.input,
      evaluated_permission: permission,
      evaluation: evaluation(this.random, permission),
    };
  }

  /** The result of a tool use, after the tool's run time. */
  result(use: EventBody, output: string, thread?: string): Step {
    const body =
      use.type === 'agent.mcp_tool_use'
        ? { type: 'agent.mcp_tool_result', mcp_tool_use_id: use.id }
        : { type: 'agent.tool_result', tool_use_id: use.id };
    return this.emit(
      { ...body, content: [{ type: 'text', text: output }], is_error: false },
      { thread, delayMs: this.random.int(300, 3_000) },
    );
  }

  *wait(awaited: Awaited[]): Sub<Map<string, Verdict>> {
    const result = yield { kind: 'await', awaited };
    return result?.verdicts ?? new Map();
  }

  private preview(
    frame: Record<string, unknown>,
    kind: Preview['kind'],
    thread: string | undefined,
    delayMs: number,
  ): Step {
    return { kind: 'preview', delayMs, thread, preview: { kind, frame } };
  }
}

function evaluation(random: Random, permission: 'allow' | 'ask'): Record<string, unknown> {
  if (permission === 'ask') return { type: 'always_ask' };
  return random.chance(0.7)
    ? { type: 'always_allow' }
    : { type: 'auto', evaluated_permission: { type: 'allow' } };
}

/** Splits text into streaming fragments of a few words; joined, they give the text back exactly. */
export function fragments(random: Random, text: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + random.int(12, 48));
    // Never cut a surrogate pair: a fragment is a valid string of its own.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end++;
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}
