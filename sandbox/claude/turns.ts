// What the agent does in one turn, per scenario. A turn starts when a user message wakes the session and ends
// with the session idle (or terminated); the runner adds the status events around it. Each scenario is a plain
// generator of steps (see turn-kit.ts), so a very long turn (autopilot) is produced step by step.
import type { LogEvent } from './event-log';
import {
  BUILTIN_CALLS,
  CUSTOM_CALLS,
  intent,
  MCP_CALLS,
  progress,
  reply,
  RISKY_CALLS,
  RISKY_MCP_CALL,
  SUBAGENT_BRIEFS,
} from './phrases';
import type { Awaited, EventBody, Step, StepResult, Turn, TurnEnd, TurnKit } from './turn-kit';
import { partialUsage } from './usage';

export const SCENARIOS = [
  'chat',
  'tools',
  'ask',
  'custom',
  'retry',
  'reschedule',
  'subagents',
  'subagent-ask',
  'exhausted',
  'refusal',
  'terminal',
  'autopilot',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

const END_TURN: TurnEnd = { stop: 'end_turn' };

export function planTurn(scenario: Scenario, kit: TurnKit, inbox: readonly LogEvent[]): Turn {
  switch (scenario) {
    case 'chat':
      return chat(kit, inbox);
    case 'tools':
      return tools(kit, inbox);
    case 'ask':
      return ask(kit, inbox);
    case 'custom':
      return custom(kit, inbox);
    case 'retry':
      return retry(kit, inbox, 1);
    case 'reschedule':
      return retry(kit, inbox, kit.random.int(4, 6), 45_000);
    case 'subagents':
      return subagents(kit, inbox);
    case 'subagent-ask':
      return subagents(kit, inbox, true);
    case 'exhausted':
      return exhausted(kit);
    case 'refusal':
      return refusal(kit);
    case 'terminal':
      return terminal(kit);
    case 'autopilot':
      return autopilot(kit, inbox);
  }
}

/** The text of the user messages (or outcome descriptions) a turn answers. */
export function promptOf(inbox: readonly LogEvent[]): string | undefined {
  for (const event of [...inbox].reverse()) {
    if (typeof event.description === 'string') return event.description;
    const blocks = (event.content ?? []) as { type?: string; text?: unknown }[];
    const text = blocks.find((block) => block.type === 'text' && typeof block.text === 'string')?.text;
    if (typeof text === 'string') return text;
  }
  return undefined;
}

function* answer(kit: TurnKit, inbox: readonly LogEvent[], thinking: boolean): Turn {
  const more = yield* kit.modelStart();
  if (thinking) yield* kit.thinking();
  yield* kit.say(reply(kit.random, promptOf([...inbox, ...more])));
  yield kit.modelEnd();
  yield kit.usage();
  return END_TURN;
}

function* chat(kit: TurnKit, inbox: readonly LogEvent[]): Turn {
  return yield* answer(kit, inbox, kit.random.chance(0.6));
}

function* tools(kit: TurnKit, inbox: readonly LogEvent[]): Turn {
  const more = yield* kit.modelStart();
  if (kit.random.chance(0.5)) yield* kit.thinking();
  const call = kit.random.pick(BUILTIN_CALLS);
  yield* kit.say(intent(kit.random, call.name));
  const use = kit.toolUse(call, 'allow');
  yield kit.emit(use);
  yield kit.modelEnd();
  yield kit.usage();
  yield kit.result(use, call.output);
  const server = kit.options.mcpServers[0];
  const mcp = MCP_CALLS.find((candidate) => candidate.server === server) ?? MCP_CALLS[0];
  if (server !== undefined && mcp) {
    yield* kit.modelStart();
    const mcpUse = kit.mcpUse({ ...mcp, server }, 'allow');
    yield kit.emit(mcpUse);
    yield kit.modelEnd();
    yield kit.usage();
    yield kit.result(mcpUse, mcp.output);
  }
  return yield* answer(kit, [...inbox, ...more], kit.random.chance(0.5));
}

/**
 * Tool uses that need approval. After the answers: each allowed tool runs, then one model request whose message
 * reports the results or acknowledges each denial (quoting its deny_message), then the turn ends.
 */
function* ask(kit: TurnKit, inbox: readonly LogEvent[]): Turn {
  const more = yield* kit.modelStart();
  yield* kit.thinking();
  const call = kit.random.pick(RISKY_CALLS);
  yield* kit.say(`Before I go on I need to run \`${call.name}\` — it needs your approval.`);
  const uses: { use: EventBody; output: string }[] = [{ use: kit.toolUse(call, 'ask'), output: call.output }];
  if (kit.options.mcpServers.includes(RISKY_MCP_CALL.server) && kit.random.chance(0.4)) {
    uses.push({ use: kit.mcpUse(RISKY_MCP_CALL, 'ask'), output: RISKY_MCP_CALL.output });
  }
  for (const { use } of uses) yield kit.emit(use);
  yield kit.modelEnd();
  yield kit.usage();
  const verdicts = yield* kit.wait(uses.map(({ use }): Awaited => ({ id: use.id, kind: 'confirm' })));
  const denied: string[] = [];
  for (const { use, output } of uses) {
    const verdict = verdicts.get(use.id);
    if (verdict?.result === 'allow') yield kit.result(use, output);
    else denied.push(verdict?.result === 'deny' && verdict.deny_message ? verdict.deny_message : '');
  }
  yield* kit.modelStart();
  const prompt = promptOf([...inbox, ...more]);
  const text = denied.length
    ? denied
        .map((message) =>
          message
            ? `Understood — I did not run it. You said: “${message}”. I'll take another approach.`
            : "Understood — I did not run it. I'll take another approach.",
        )
        .join('\n\n')
    : `Done ✅ — the approved ${uses.length === 1 ? 'tool ran' : 'tools ran'}.${prompt ? `\n\n> ${prompt}` : ''}`;
  yield* kit.say(text);
  yield kit.modelEnd();
  yield kit.usage();
  return END_TURN;
}

/** A custom tool: the client runs it and answers with user.custom_tool_result. */
function* custom(kit: TurnKit, inbox: readonly LogEvent[]): Turn {
  const more = yield* kit.modelStart();
  const name = kit.options.customTools[0] ?? 'lookup_order';
  const call = CUSTOM_CALLS.find((candidate) => candidate.name === name) ?? { name, input: {}, output: '' };
  yield* kit.say(intent(kit.random, call.name));
  const id = kit.id();
  yield kit.emit({ id, type: 'agent.custom_tool_use', name: call.name, input: call.input });
  yield kit.modelEnd();
  yield kit.usage();
  const verdicts = yield* kit.wait([{ id, kind: 'custom' }]);
  const verdict = verdicts.get(id);
  const answerText =
    verdict?.result === 'custom'
      ? (verdict.content as { type?: string; text?: string }[]).find((block) => block.type === 'text')?.text
      : undefined;
  yield* kit.modelStart();
  yield* kit.say(
    `${verdict?.result === 'custom' && verdict.is_error ? '⚠️ The tool reported an error' : 'Got the result'}: ${answerText ?? '(no text)'}\n\n${reply(kit.random, promptOf([...inbox, ...more]))}`,
  );
  yield kit.modelEnd();
  yield kit.usage();
  return END_TURN;
}

const RETRYABLE = [
  { type: 'model_overloaded_error', message: 'The model is overloaded. Retrying automatically.' },
  {
    type: 'model_rate_limited_error',
    message: 'Model requests are being rate limited. Retrying in a moment.',
  },
  {
    type: 'model_request_failed_error',
    message: 'The model request failed (upstream connection reset). Retrying.',
  },
] as const;

/** A model request fails `attempts` times (session.error retrying, then rescheduled), then the turn recovers. */
function* retry(kit: TurnKit, inbox: readonly LogEvent[], attempts: number, waitMs = 3_000): Turn {
  for (let attempt = 0; attempt < attempts; attempt++) {
    yield* failedRequest(kit, 'retrying');
    yield kit.emit({ type: 'session.status_rescheduled' });
    yield kit.emit(
      { type: 'session.status_running' },
      { delayMs: kit.random.int(waitMs, Math.round(waitMs * 1.6)) },
    );
  }
  return yield* answer(kit, inbox, true);
}

function* failedRequest(kit: TurnKit, retry: 'retrying' | 'exhausted'): Generator<Step, void, StepResult> {
  yield* kit.modelStart();
  yield kit.modelEnd(undefined, { isError: true, usage: partialUsage(kit.random) });
  const error = kit.random.pick(RETRYABLE);
  yield kit.emit({ type: 'session.error', error: { ...error, retry_status: { type: retry } } });
}

function* exhausted(kit: TurnKit): Turn {
  yield* failedRequest(kit, 'retrying');
  yield* failedRequest(kit, 'exhausted');
  return { stop: 'retries_exhausted' };
}

function* refusal(kit: TurnKit): Turn {
  yield* kit.modelStart();
  yield kit.modelEnd();
  yield kit.usage();
  return {
    stop: 'refusal',
    details: {
      type: 'refusal',
      category: 'cyber',
      explanation: 'The request asked for a working exploit against a third-party system.',
    },
  };
}

/** A billing error nothing can retry: the session terminates. */
function* terminal(kit: TurnKit): Turn {
  yield* kit.modelStart();
  yield* kit.thinking();
  yield kit.modelEnd(undefined, { isError: true, usage: partialUsage(kit.random) });
  yield kit.emit({
    type: 'session.error',
    error: {
      type: 'billing_error',
      message: 'Your credit balance is too low to continue. Add credits, then start a new session.',
      retry_status: { type: 'terminal' },
    },
  });
  return { stop: 'terminated' };
}

/**
 * The primary agent delegates to sub-agent threads: each is created (session.thread_created), gets a message,
 * works on its own stream (status events cross-posted to the primary), reports back and goes idle; the primary
 * sums up, and the threads terminate. With `ask`, the first sub-agent's tool use needs approval: it is cross-posted
 * to the session's stream (tagged with its thread), the session idles with requires_action until it is answered,
 * and only an allowed tool runs (its result stays in the thread, as the service keeps it).
 */
function* subagents(kit: TurnKit, inbox: readonly LogEvent[], ask = false): Turn {
  const more = yield* kit.modelStart();
  yield* kit.thinking();
  const workers = kit.options.workers.slice(0, 2);
  yield* kit.say(`I'll split this between ${workers.map((worker) => `**${worker.name}**`).join(' and ')}.`);
  const threads: { id: string; name: string }[] = [];
  for (const [index, worker] of workers.entries()) {
    const id = kit.newThreadId();
    threads.push({ id, name: worker.name });
    yield { kind: 'thread', delayMs: 150, thread: { id, agentName: worker.name, agent: worker.agent } };
    yield kit.emit({
      type: 'session.thread_created',
      agent_name: worker.name,
      session_thread_id: id,
      workflow_run_id: null,
    });
    yield kit.emit(
      { type: 'session.thread_status_running', agent_name: worker.name, session_thread_id: id },
      { thread: id, cross: 'same' },
    );
    const brief = [{ type: 'text', text: SUBAGENT_BRIEFS[index % SUBAGENT_BRIEFS.length] as string }];
    yield kit.emit({
      type: 'agent.thread_message_sent',
      content: brief,
      to_session_thread_id: id,
      to_agent_name: worker.name,
    });
    yield kit.emit(
      {
        type: 'agent.thread_message_received',
        content: brief,
        from_session_thread_id: kit.options.primaryThreadId,
      },
      { thread: id },
    );
  }
  yield kit.modelEnd();
  yield kit.usage();
  for (const [index, thread] of threads.entries()) {
    yield* kit.modelStart(thread.id);
    if (kit.random.chance(0.5)) yield* kit.thinking(thread.id);
    if (ask && index === 0) {
      const call = kit.random.pick(RISKY_CALLS);
      const use = kit.toolUse(call, 'ask');
      yield kit.emit(use, { thread: thread.id, cross: 'tagged' });
      const verdicts = yield* kit.wait([{ id: use.id, kind: 'confirm', thread: thread.id }]);
      if (verdicts.get(use.id)?.result === 'allow') yield kit.result(use, call.output, thread.id);
    } else {
      const call = kit.random.pick(BUILTIN_CALLS);
      const use = kit.toolUse(call, 'allow');
      yield kit.emit(use, { thread: thread.id });
      yield kit.result(use, call.output, thread.id);
    }
    const findings = reply(kit.random, undefined);
    yield* kit.say(findings, thread.id);
    yield kit.modelEnd(thread.id);
    const report = [{ type: 'text', text: findings }];
    yield kit.emit(
      {
        type: 'agent.thread_message_sent',
        content: report,
        to_session_thread_id: kit.options.primaryThreadId,
      },
      { thread: thread.id },
    );
    yield kit.emit({
      type: 'agent.thread_message_received',
      content: report,
      from_session_thread_id: thread.id,
      from_agent_name: thread.name,
    });
    yield kit.emit(
      {
        type: 'session.thread_status_idle',
        agent_name: thread.name,
        session_thread_id: thread.id,
        stop_reason: { type: 'end_turn' },
        stop_details: null,
      },
      { thread: thread.id, cross: 'same' },
    );
    yield kit.usage();
  }
  yield* answer(kit, [...inbox, ...more], false);
  for (const thread of threads) {
    yield kit.emit(
      { type: 'session.thread_status_terminated', agent_name: thread.name, session_thread_id: thread.id },
      { thread: thread.id, cross: 'same' },
    );
  }
  return END_TURN;
}

/**
 * A session that keeps working: one cycle every 10–20 s at speed 1 (model request, a tool, its result, now and
 * then a progress message or an MCP call). Messages sent meanwhile are answered at the next model request.
 */
function* autopilot(kit: TurnKit, inbox: readonly LogEvent[]): Turn {
  let pending = [...inbox];
  for (let cycle = 1; cycle <= 100_000; cycle++) {
    pending.push(...(yield* kit.modelStart(undefined, cycle === 1 ? 300 : kit.random.int(3_000, 7_000))));
    if (pending.length > 0) {
      yield* kit.say(reply(kit.random, promptOf(pending)));
      pending = [];
    }
    if (kit.random.chance(0.5)) yield* kit.thinking();
    if (cycle % 3 === 0) yield* kit.say(progress(kit.random, cycle));
    const call = kit.random.pick(BUILTIN_CALLS);
    const use = kit.toolUse(call, 'allow');
    yield kit.emit(use);
    yield kit.modelEnd();
    yield kit.usage();
    yield kit.emit(
      {
        type: 'agent.tool_result',
        tool_use_id: use.id,
        content: [{ type: 'text', text: call.output }],
        is_error: false,
      },
      { delayMs: kit.random.int(2_000, 6_000) },
    );
    const server = cycle % 7 === 0 ? kit.options.mcpServers[0] : undefined;
    const mcp = MCP_CALLS.find((candidate) => candidate.server === server);
    if (server !== undefined && mcp) {
      yield* kit.modelStart();
      const mcpUse = kit.mcpUse(mcp, 'allow');
      yield kit.emit(mcpUse);
      yield kit.modelEnd();
      yield kit.usage();
      yield kit.result(mcpUse, mcp.output);
    }
  }
  return END_TURN;
}
