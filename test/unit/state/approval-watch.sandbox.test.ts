// Which sessions wait for approval when no panel follows them: the real store, poller and Managed Agents backend
// over the sandbox. A session that runs and comes back waiting between two polls is asked about once; its tool uses
// are news once, not once per poll; answering them (answerEach) lets it go on, with exactly the events that follow
// an allowed tool use; answering twice fails, saying why; a stream's fresh wait is asked about, a replay's is not.
import assert from 'node:assert/strict';
import type { Backend } from '../../../src/backends/types';
import { answerEach } from '../../../src/core/approval-answer';
import { ApprovalWatch, type ApprovalCheck } from '../../../src/state/approval-watch';
import { Poller } from '../../../src/state/poller';
import { LiveStore } from '../../../src/state/store';
import { silentLogger } from '../../../src/util/logger';
import {
  allEvents,
  createToolSession,
  raw,
  useClaude,
  userMessage,
  waitFor,
  type StreamEvent,
  claudeBackend,
} from '../claude-sandbox/helpers';

const C = 'claude';

describe('ApprovalWatch: sessions that wait for approval, with no panel following them', function () {
  this.timeout(30_000);
  const harness = useClaude();
  let backend: Backend;
  let store: LiveStore;
  let poller: Poller;
  let watch: ApprovalWatch;
  const checks: ApprovalCheck[] = [];
  /** Calls of pendingApprovals: counted, passed on unchanged. */
  let asked = 0;

  before(() => {
    const { sandbox } = harness();
    const real = claudeBackend(sandbox);
    backend = new Proxy(real, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'pendingApprovals')
          return (...args: [string]) => {
            asked++;
            return real.pendingApprovals?.(...args);
          };
        return (value as (...args: unknown[]) => unknown).bind(target);
      },
    });
    const session = { connection: { id: C, name: 'Claude', baseUrl: sandbox.claude.baseUrl }, backend };
    store = new LiveStore(
      { all: () => [session], reportSuccess: () => undefined, reportError: () => undefined },
      { log: silentLogger, pageSize: () => 50 },
    );
    // Polled by hand: the test says when the extension looks.
    poller = new Poller(store, {
      log: silentLogger,
      intervalMs: () => 60_000,
      setTimer: () => 0,
      clearTimer: () => undefined,
    });
    poller.setVisible(true);
    watch = new ApprovalWatch(store, silentLogger);
    watch.onDidCheck((check) => checks.push(check));
  });
  after(() => {
    watch.dispose();
    poller.dispose();
    store.dispose();
    backend.close();
  });

  const send = async (sessionId: string, text: string): Promise<void> => {
    const res = await raw(harness().sandbox, `/v1/sessions/${sessionId}/events`, {
      method: 'POST',
      body: { events: [userMessage(text)] },
    });
    assert.equal(res.status, 200, res.text);
  };
  /** The session's events once its newest is an idle for `reason`. */
  const idleFor = (sessionId: string, reason: string): Promise<StreamEvent[]> =>
    waitFor(async () => {
      const events = await allEvents(harness().client, sessionId);
      const last = events.at(-1);
      return last?.type === 'session.status_idle' && last.stop_reason.type === reason ? events : undefined;
    });
  const idOf = (event: StreamEvent): string => ('id' in event ? event.id : '');
  const toolUses = (events: StreamEvent[], ids: string[]) =>
    events.filter((e) => ids.includes(idOf(e))).map((e) => ({ id: idOf(e), type: e.type }));

  let sessionId: string;
  let waitIds: string[];

  it('a session that ran and came back waiting between two polls is asked about once; its tool uses are news once', async () => {
    sessionId = await createToolSession(harness().sandbox, { title: 'Approve me', scenarios: 'ask' });
    await store.ensureRunList(C);
    assert.equal(store.run(C, sessionId)?.status, 'idle', 'a new session is idle');
    assert.equal(asked, 0, 'sessions first seen waiting are not asked about');

    await send(sessionId, 'Please push the branch');
    const events = await idleFor(sessionId, 'requires_action');
    const idle = events.at(-1) as Extract<StreamEvent, { type: 'session.status_idle' }>;
    waitIds = idle.stop_reason.type === 'requires_action' ? idle.stop_reason.event_ids : [];
    assert.ok(waitIds.length > 0);

    await poller.pollNow();
    assert.equal(asked, 1, 'the idle session whose update time moved is asked about');
    const check = await waitFor(async () => checks.find((c) => c.run.id === sessionId));
    assert.equal(check.change, undefined, 'idle before, idle now: no status change, the update time said it');
    assert.deepEqual(
      check.pending.map((p) => p.id),
      waitIds,
    );
    assert.deepEqual(check.news, check.pending);
    const uses = toolUses(events, waitIds);
    assert.ok(uses.every((u) => u.type === 'agent.tool_use' || u.type === 'agent.mcp_tool_use'));
    assert.ok(check.pending.every((p) => p.tool.length > 0 && p.input.startsWith('{')));
    assert.deepEqual(
      watch.waitingRuns().map((w) => [w.runId, w.pending.length]),
      [[sessionId, waitIds.length]],
    );

    await poller.pollNow();
    await poller.pollNow();
    assert.equal(asked, 1, 'polls that find nothing new ask nothing');
    assert.equal(checks.filter((c) => c.run.id === sessionId).length, 1);
  });

  it('Allow for each: the session goes on with exactly the events of an allowed tool use; the wait settles', async () => {
    const pending = watch.waitingRuns()[0]?.pending ?? [];
    const outcome = await answerEach(backend, sessionId, pending, true);
    assert.deepEqual(outcome.failures, []);
    watch.answered(
      C,
      sessionId,
      outcome.answered.map((a) => a.id),
    );
    assert.deepEqual(watch.waitingRuns(), [], 'answered: nothing waits at once');

    const events = await idleFor(sessionId, 'end_turn');
    const from = events.findIndex((e) => e.type === 'user.tool_confirmation');
    const after = events
      .slice(from)
      .map((e) => (e.type === 'user.tool_confirmation' ? `${e.type} ${e.result} ${e.tool_use_id}` : e.type));
    const results = toolUses(events, waitIds).map((u) =>
      u.type === 'agent.mcp_tool_use' ? 'agent.mcp_tool_result' : 'agent.tool_result',
    );
    assert.deepEqual(after, [
      ...waitIds.map((id) => `user.tool_confirmation allow ${id}`),
      'session.status_running',
      ...results,
      'span.model_request_start',
      'agent.message',
      'span.model_request_end',
      'session.usage',
      'session.status_idle',
    ]);

    const before = checks.length;
    await poller.pollNow();
    const settled = await waitFor(async () => checks.slice(before).find((c) => c.run.id === sessionId));
    assert.deepEqual(settled.pending, [], 'an end of turn waits for nothing');
    assert.deepEqual(settled.news, []);
  });

  it('answering what no longer waits fails, saying why, for each tool use', async () => {
    const pending = waitIds.map((id) => ({ id, tool: 'bash', input: '{}' }));
    const outcome = await answerEach(backend, sessionId, pending, false, 'too late');
    assert.deepEqual(outcome.answered, []);
    assert.equal(outcome.failures.length, waitIds.length);
    for (const failure of outcome.failures)
      assert.match(failure.error, /no tool use awaiting confirmation has id/);
    const signedOut = await answerEach(undefined, sessionId, pending.slice(0, 1), true);
    assert.match(signedOut.failures[0]?.error ?? '', /Signed out/);
  });

  it("a stream's fresh wait is asked about at once, with the status change; a replay's is not", async () => {
    const id = await createToolSession(harness().sandbox, { title: 'Followed', scenarios: 'ask' });
    await store.ensureRunList(C);
    store.refresh(C);
    await store.ensureRunList(C);
    await send(id, 'Go');
    await idleFor(id, 'requires_action');
    const report = (status: string, state: 'running' | 'waiting', fresh: boolean) =>
      store.reportStream(C, id, { subRunId: id, streaming: true, status: { state, status }, fresh });
    const before = asked;
    report('running', 'running', false);
    report('idle', 'waiting', false);
    assert.equal(asked, before, 'a replayed wait is the panel’s to show');
    report('running', 'running', true);
    report('idle', 'waiting', true);
    assert.equal(asked, before + 1);
    const check = await waitFor(async () => checks.find((c) => c.run.id === id));
    assert.equal(check.change?.source, 'stream');
    assert.equal(check.pending.length > 0 && check.news.length === check.pending.length, true);
  });
});
