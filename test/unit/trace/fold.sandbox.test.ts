// The fold on real runs: an AgentOS run and a Managed Agents session, made by the sandboxes, followed through the
// seam over HTTP and folded the way the panel folds its rows (each event's trace fact from its backend's presenter).
// The expected tree is read off the events themselves: steps, tool pairs and their durations, joined messages,
// turns, model requests and their tokens, and the totals.
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { createBackend } from '../../../src/backends/registry';
import type { Backend, TimelineEvent } from '../../../src/backends/types';
import { TraceFold } from '../../../src/trace/fold';
import { summarize } from '../../../src/trace/summary';
import type { Span } from '../../../src/trace/types';
import { silentLogger } from '../../../src/util/logger';
import { oneLine } from '../../../src/util/text';
import { ThreadNames } from '../../../src/backends/claude/thread-names';
import {
  agentNamed,
  allEvents,
  admin as claudeAdmin,
  claudeBackend,
  createToolSession,
  isIdle,
  newSession,
  sdk,
  waitFor,
} from '../claude-sandbox/helpers';

async function followAll(backend: Backend, runId: string, subRunId: string): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  for await (const batch of backend.follow(
    { runId, subRunId },
    undefined,
    { stallTimeoutMs: 5_000, maxReconnects: 3 },
    AbortSignal.timeout(30_000),
  ))
    if ('events' in batch) events.push(...batch.events);
  return events;
}

function foldAll(backend: Backend, events: readonly TimelineEvent[]): TraceFold {
  const fold = new TraceFold();
  events.forEach((event, index) => {
    const look = backend.presenter.look(event.type, event.payload, event);
    fold.add({
      ord: index + 1,
      ts: event.time,
      level: look.level,
      ...(look.trace ? { trace: look.trace } : {}),
    });
  });
  return fold;
}

function assertEachOnce(fold: TraceFold, n: number): void {
  const ords = fold.spans.flatMap((span) => span.events).sort((a, b) => a - b);
  assert.deepEqual(
    ords,
    Array.from({ length: n }, (_, i) => i + 1),
  );
}

type Payload = Record<string, unknown>;
const payloadOf = (event: TimelineEvent): Payload => event.payload as Payload;
const kids = (fold: TraceFold, span: Span): Span[] => span.children.map((id) => fold.spans[id] as Span);

describe('trace fold on sandbox runs', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({
      port: 0,
      speed: 1000,
      demo: true,
      heartbeatMs: 100,
      log: () => undefined,
    });
  });
  after(() => sandbox.close());

  const agentOs = (): Backend =>
    createBackend({
      kind: 'agentos',
      baseUrl: sandbox.url,
      apiKey: sandbox.key,
      version: 'test',
      timeoutMs: 5_000,
      proxy: {},
      logger: silentLogger,
    });

  for (const scenario of ['complete', 'fail'] as const) {
    it(`AgentOS (${scenario}): nodes are steps holding their joined tokens and tool calls, paired by call id`, async () => {
      const backend = agentOs();
      try {
        const agent = (await backend.listAgents())[0];
        assert.ok(agent);
        const run = await backend.startRun!(agent.id, { sandbox_scenario: scenario }, {});
        const events = await followAll(backend, run.id, run.currentSubRunId ?? '');
        const fold = foldAll(backend, events);
        assertEachOnce(fold, events.length);

        const starts = events.filter((e) => e.type === 'NODE_STARTED');
        const steps = fold.spans.filter((s) => s.kind === 'step');
        assert.equal(steps.length, starts.length);
        assert.ok(steps.length >= 1);
        steps.forEach((step, index) => {
          assert.equal(step.name, `${String(payloadOf(starts[index]!).node)} · step ${index + 1}`);
          const [message, tool] = kids(fold, step);
          // The step's tokens, joined, are its message.
          const tokens = events
            .filter(
              (e) =>
                e.type === 'LLM_TOKEN' &&
                step.events.concat(message?.events ?? []).includes(Number(e.label.slice(1))),
            )
            .map((e) => String(payloadOf(e).token))
            .join('');
          assert.equal(message?.kind, 'message');
          assert.equal(message?.text, tokens);
          assert.ok(tokens.length > 0);
          assert.equal(tool?.kind, 'tool');
          const call = events.find(
            (e) =>
              e.type === 'TOOL_CALL' &&
              payloadOf(e).node === payloadOf(starts[index]!).node &&
              tool!.events.includes(Number(e.label.slice(1))),
          );
          const result = events.find(
            (e) => e.type === 'TOOL_RESULT' && payloadOf(e).call_id === payloadOf(call!).call_id,
          );
          assert.ok(call && result, 'the call and its result');
          assert.equal(tool?.name, payloadOf(call).tool);
          assert.equal(tool!.end - tool!.start, Date.parse(result.time) - Date.parse(call.time));
          const last = index === steps.length - 1;
          if (scenario === 'fail' && last) {
            assert.equal(tool?.state, 'error');
            assert.equal(step.state, 'error', 'the failure closes the step it cut as failed');
          } else {
            assert.equal(tool?.state, 'ok');
            assert.equal(step.state, 'ok');
            const output = events.find(
              (e) => e.type === 'NODE_OUTPUT' && step.events.includes(Number(e.label.slice(1))),
            )!;
            const text = String((payloadOf(output).output as Payload).text);
            assert.equal(message?.text, text, 'the joined tokens are what the node said');
            assert.equal(step.result, oneLine(text, 160));
          }
        });
        assert.equal(fold.run.state, scenario === 'fail' ? 'error' : 'ok');
        const summary = summarize(fold, Date.now());
        const first = Date.parse(events[0]!.time);
        const final = Date.parse(events.at(-1)!.time);
        assert.equal(summary.durationMs, final - first);
        assert.equal(summary.toolCalls, steps.length);
        if (scenario === 'complete') {
          const usage = payloadOf(events.at(-1)!).usage as Payload;
          assert.deepEqual(summary.tokens, { input: usage.prompt_tokens, output: usage.completion_tokens });
          assert.deepEqual(summary.cost, { amount: usage.cost_usd, currency: 'USD' });
        } else {
          assert.equal(summary.failedTools, 1);
          assert.equal(summary.cost, undefined, 'no cost is made up when the run reports none');
        }
      } finally {
        backend.close();
      }
    });
  }

  it('Managed Agents: turns from message to idle, model requests with their tokens, tool pairs, usage and cost', async () => {
    const backend = claudeBackend(sandbox);
    try {
      const session = await claudeAdmin(sandbox, '/sessions', {
        events: 14 * 5,
        ratePerSec: 0,
        end: 'terminated',
      });
      const events = await followAll(backend, session.id, '');
      assert.equal(events.length, 70);
      const fold = foldAll(backend, events);
      assertEachOnce(fold, events.length);

      const turns = fold.spans.filter((s) => s.kind === 'turn');
      assert.equal(turns.length, events.filter((e) => e.type === 'user.message').length);
      for (const turn of turns.slice(0, -1)) assert.equal(turn.state, 'ok', 'an idle ends each turn');
      const models = fold.spans.filter((s) => s.kind === 'model');
      const ends = events.filter((e) => e.type === 'span.model_request_end');
      assert.equal(models.length, events.filter((e) => e.type === 'span.model_request_start').length);
      for (const end of ends) {
        const start = events.find((e) => e.id === payloadOf(end).model_request_start_id)!;
        const span = models.find((m) => m.events.includes(events.indexOf(start) + 1))!;
        assert.ok(span.events.includes(events.indexOf(end) + 1), 'the end is in its start span');
        const usage = payloadOf(end).model_usage as Payload;
        assert.equal(span.tokens?.input, usage.input_tokens);
        assert.equal(span.tokens?.output, usage.output_tokens);
        assert.equal(span.end - span.start, Date.parse(end.time) - Date.parse(start.time));
        assert.ok(
          turns.some((turn) => turn.children.includes(span.id)),
          'a model request belongs to its turn',
        );
      }
      const tools = fold.spans.filter((s) => s.kind === 'tool');
      assert.equal(tools.length, events.filter((e) => e.type === 'agent.tool_use').length);
      for (const tool of tools) {
        assert.equal(tool.events.length, 2, 'the use and its result are one row');
        const [use, result] = tool.events.map((ord) => events[ord - 1]!);
        assert.equal(use!.type, 'agent.tool_use');
        assert.equal(payloadOf(result!).tool_use_id, use!.id);
        assert.equal(tool.name, payloadOf(use!).name);
      }
      const messages = fold.spans.filter((s) => s.kind === 'message');
      assert.equal(messages.length, events.filter((e) => e.type === 'agent.message').length);
      assert.ok(messages.every((m) => m.text.length > 0 && m.state === 'ok'));
      const usage = [...events].reverse().find((e) => e.type === 'session.usage')!;
      const summary = summarize(fold, Date.now());
      assert.deepEqual(summary.tokens?.input, (payloadOf(usage).usage as Payload).input_tokens);
      // The session's own cost, as the Runs view shows it, is the trace's.
      assert.deepEqual(summary.cost, (await backend.getRun(session.id)).cost);
      assert.ok(summary.cost && summary.cost.amount > 0);
      assert.equal(fold.run.state, 'ok');
    } finally {
      backend.close();
    }
  });

  for (const verdict of ['allow', 'deny'] as const)
    it(`Managed Agents: a sub-agent's tool use that asks is in its lane; ${verdict === 'allow' ? 'allowed, it closes when the sub-agent stops' : 'denied, it closes as denied'}`, async () => {
      const backend = claudeBackend(sandbox);
      const client = sdk(sandbox);
      try {
        const agent = await agentNamed(client, 'Research Coordinator');
        const id = await newSession(client, { agent, scenario: 'subagent-ask', text: 'Split the work' });
        const asked = await waitFor(async () => {
          const idle = (await allEvents(client, id)).find((e) => isIdle(e, 'requires_action'));
          return idle?.type === 'session.status_idle' && idle.stop_reason.type === 'requires_action'
            ? idle.stop_reason.event_ids
            : undefined;
        });
        assert.equal(asked.length, 1);
        const ref = { runId: id, subRunId: '' };
        await backend.answerApproval!(ref, asked[0] as string, verdict === 'allow', 'not now');
        await waitFor(async () =>
          (await allEvents(client, id)).some((e) => isIdle(e, 'end_turn')) ? true : undefined,
        );
        const events: Payload[] = [];
        for await (const page of backend.events!(ref)) events.push(...(page as Payload[]));
        const names = new ThreadNames();
        const fold = new TraceFold();
        events.forEach((event, index) => {
          const threadName = names.nameFor(event as { type: string });
          const look = backend.presenter.look(event.type as string, event, threadName ? { threadName } : {});
          fold.add({
            ord: index + 1,
            ts: event.processed_at as string,
            level: look.level,
            trace: look.trace,
          });
        });
        assertEachOnce(fold, events.length);

        const use = events.find((e) => e.id === asked[0])!;
        const thread = use.session_thread_id;
        assert.equal(typeof thread, 'string', 'the tool use is cross-posted from its thread, tagged with it');
        const confirmation = events.find((e) => e.type === 'user.tool_confirmation')!;
        assert.equal(
          confirmation.session_thread_id,
          thread,
          'the server says which thread the answer went to',
        );
        const created = events.find(
          (e) => e.type === 'session.thread_created' && e.session_thread_id === thread,
        )!;
        const tools = fold.spans.filter((s) => s.kind === 'tool');
        assert.equal(tools.length, 1, 'the session shows the sub-agent’s tool use that asked, and no other');
        const tool = tools[0]!;
        const lane = fold.spans[tool.parent]!;
        assert.equal(lane.kind, 'lane');
        assert.equal(lane.name, created.agent_name);
        if (verdict === 'deny') {
          assert.equal(tool.state, 'error');
          assert.equal(tool.result, 'denied: not now');
        } else {
          assert.equal(tool.state, 'ok');
          assert.equal(tool.result, 'its result is in the sub-agent’s thread');
          const stopped = events.find(
            (e) => e.type === 'session.thread_status_idle' && e.session_thread_id === thread,
          )!;
          assert.equal(
            tool.end,
            Date.parse(stopped.processed_at as string),
            'it ends when the sub-agent stops',
          );
        }
        const open = fold.spans.filter((s) => s.state === 'open' && s.kind !== 'run' && s.kind !== 'lane');
        assert.deepEqual(
          open.map((s) => `${s.kind}:${s.name}`),
          [],
          'nothing is left running in an idle session',
        );
      } finally {
        backend.close();
      }
    });

  it('Managed Agents: a denied tool use closes as a failed call that says it was denied', async () => {
    const backend = claudeBackend(sandbox);
    const client = sdk(sandbox);
    try {
      const id = await createToolSession(sandbox, {
        title: 'Asked',
        scenarios: 'ask',
        text: 'Clean the cache',
      });
      const asked = await waitFor(async () => {
        const idle = (await allEvents(client, id)).find((e) => isIdle(e, 'requires_action'));
        return idle?.type === 'session.status_idle' && idle.stop_reason.type === 'requires_action'
          ? idle.stop_reason.event_ids
          : undefined;
      });
      assert.ok(asked.length > 0);
      for (const useId of asked)
        await backend.answerApproval!({ runId: id, subRunId: '' }, useId, false, 'not today');
      await waitFor(async () =>
        (await allEvents(client, id)).some((e) => isIdle(e, 'end_turn')) ? true : undefined,
      );
      const events: Payload[] = [];
      for await (const page of backend.events!({ runId: id, subRunId: '' }))
        events.push(...(page as Payload[]));
      const fold = new TraceFold();
      events.forEach((event, index) => {
        const look = backend.presenter.look(event.type as string, event);
        fold.add({ ord: index + 1, ts: event.processed_at as string, level: look.level, trace: look.trace });
      });
      assertEachOnce(fold, events.length);
      const tools = fold.spans.filter((s) => s.kind === 'tool');
      assert.equal(tools.length, asked.length, 'one call per tool use asked about');
      for (const tool of tools) {
        const [use, denial] = tool.events.map((ord) => events[ord - 1]!);
        assert.ok(asked.includes(use!.id as string));
        assert.equal(denial!.type, 'user.tool_confirmation');
        assert.equal(denial!.tool_use_id, use!.id);
        assert.equal(tool.state, 'error');
        assert.equal(tool.result, 'denied: not today');
      }
    } finally {
      backend.close();
    }
  });
});
