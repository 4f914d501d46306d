// The Trace view in the real extension host against the sandbox: the Events | Trace toggle (remembered for the next
// panel), a streaming message that grows as its tokens arrive, a tool call's duration from its events, Enter on a
// step showing exactly that step's events, Copy as Markdown, hostile text that stays text, and a Managed Agents
// session's trace (turns, model requests with tokens, tool pairs).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ProbeSnapshot, ProbeSteer, ProbeTrace, ProbeTraceRow } from '../../src/panel/probe-types';
import type { FollowRunApi } from '../../src/panel/register';
import type { Sandbox } from '../../sandbox/server';
import { createToolSession } from '../unit/claude-sandbox/helpers';
import { listedEvents, signInToClaude } from './support/claude';
import {
  admin,
  closeAllPanels,
  followApi,
  probe,
  range,
  scriptedRun,
  waitFor,
  waitForPanel,
  waitForTrace,
} from './support/follow';
import { recordMetric } from './support/metrics';
import { extraSandbox, signInToSandbox, signOutEverywhere } from './support/sandbox';

const followRun = async (args: { runId: string; connectionId?: string }): Promise<string> => {
  const key = (await vscode.commands.executeCommand('agentos.followRun', args)) as string | undefined;
  assert.ok(key, 'agentos.followRun returns the panel key');
  return key;
};

const trace = (api: FollowRunApi, key: string) => probe<ProbeTrace>(api, key, { op: 'trace' });

const row = (t: ProbeTrace, name: string): ProbeTraceRow => {
  const found = t.rows.find((r) => !r.isDetail && r.name === name);
  assert.ok(found, `no trace row ${name}: ${t.rows.map((r) => r.name).join(', ')}`);
  return found;
};

const ended = (n: number) => (s: ProbeSnapshot) => s.lastOrd === n && s.connectionText.includes('Ended');

describe('trace view: an AgentOS run as a tree of steps', function () {
  this.timeout(120_000);
  let api: FollowRunApi;
  let sandbox: Sandbox;

  before(async () => {
    api = await followApi();
    sandbox = await signInToSandbox();
  });
  afterEach(async () => {
    await closeAllPanels(api);
  });
  after(async () => {
    // The next suites start in Events, as a person who never chose.
    const run = await scriptedRun(sandbox, { events: 2 });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, (s) => s.lastOrd === 2, { what: 'the run' });
    await probe(api, key, { op: 'setView', view: 'events' });
    await closeAllPanels(api);
  });

  it('toggles Events | Trace, and a new panel opens with the view chosen last', async () => {
    const run = await scriptedRun(sandbox, { events: 20 });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, ended(20), { what: 'the run to end' });
    const shown = await probe<ProbeTrace>(api, key, { op: 'setView', view: 'trace' });
    assert.equal(shown.view, 'trace');
    assert.deepEqual(shown.pressed, [false, true]);
    assert.equal(shown.folded, 20, 'every row was folded once');
    assert.match(shown.summaryText, /3 tool calls/);
    assert.ok(shown.rows.some((r) => r.name === 'node_1' && r.kind === 'step'));
    await closeAllPanels(api);
    const other = await scriptedRun(sandbox, { events: 5 });
    const next = await followRun({ runId: other.id });
    const opened = await waitForPanel(api, next, ended(5), { what: 'the second run' });
    assert.equal(opened.view, 'trace', 'the new panel opens in the view chosen last');
    const back = await probe<ProbeTrace>(api, next, { op: 'setView', view: 'events' });
    assert.deepEqual(back.pressed, [true, false]);
  });

  it('grows a streaming message as its tokens arrive; at the end it is the tokens joined', async () => {
    // The tokens are appended while the trace is shown, a few at a time: each time the message holds exactly the
    // tokens so far, and grows.
    const run = await scriptedRun(sandbox, {
      events: 2,
      terminal: 'none',
      script: [
        { type: 'RUN_STARTED', payload: {} },
        { type: 'NODE_STARTED', payload: { node: 'writer' } },
      ],
    });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, (s) => s.lastOrd === 2, { what: 'the first events' });
    await probe(api, key, { op: 'setView', view: 'trace' });
    const append = (type: string, payload: unknown) =>
      admin(sandbox, 'POST', `/_sandbox/runs/${run.id}/events`, { type, payload });
    const tokens: string[] = [];
    const seen: string[] = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 5; i++) {
        const token = `tok${round}.${i} `;
        tokens.push(token);
        await append('LLM_TOKEN', { node: 'writer', token });
      }
      const t = await waitForTrace(
        api,
        key,
        (x) => x.folded === 2 + tokens.length,
        `${tokens.length} tokens`,
      );
      const message = row(t, 'message');
      assert.equal(message.state, 'open', 'the message is still being written');
      assert.equal(message.text, tokens.join(''));
      assert.equal(message.line, tokens.join('').trim(), 'its row shows it as it grows');
      seen.push(message.text);
    }
    assert.equal(new Set(seen.map((t) => t.length)).size, 4, 'the message grew with each round');
    await append('NODE_OUTPUT', { node: 'writer', output: { text: 'done' } });
    await append('RUN_FINISHED', {});
    const last = await waitForTrace(api, key, (x) => x.folded === 4 + tokens.length, 'the run to end');
    const message = row(last, 'message');
    assert.equal(message.text, tokens.join(''));
    assert.equal(message.state, 'ok');
    assert.equal(row(last, 'writer').state, 'ok');
    assert.equal(message.events.length, tokens.length, 'every token is one of the message’s events');
  });

  it("a tool call's duration is its result's time minus its call's", async () => {
    const script = [
      { type: 'RUN_STARTED', payload: {} },
      { type: 'NODE_STARTED', payload: { node: 'research' } },
      {
        type: 'TOOL_CALL',
        payload: { node: 'research', tool: 'search', call_id: 'c1', arguments: { q: 'rain' } },
      },
      { type: 'LLM_TOKEN', payload: { node: 'research', token: 'waiting' } },
      { type: 'NODE_STARTED', payload: { node: 'other' } },
      { type: 'TOOL_RESULT', payload: { node: 'research', call_id: 'c1', result: '3 hits' } },
      { type: 'RUN_FINISHED', payload: {} },
    ];
    const run = await scriptedRun(sandbox, { events: script.length, ratePerSec: 7, script });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, ended(script.length), { what: 'the run to end' });
    const listed = await admin<{ events: { seq: number; type: string; timestamp: string }[] }>(
      sandbox,
      'GET',
      `/v1/api/runs/${run.id}/events?attemptId=${run.current_attempt_id ?? ''}&limit=100`,
    );
    const time = (type: string): number =>
      Date.parse(listed.events.find((e) => e.type === type)?.timestamp ?? '');
    const expected = time('TOOL_RESULT') - time('TOOL_CALL');
    assert.ok(expected >= 300, `the result came well after the call (${expected} ms)`);
    const t = await probe<ProbeTrace>(api, key, { op: 'setView', view: 'trace' });
    const tool = row(t, 'search');
    assert.equal(tool.durationMs, expected);
    assert.equal(tool.state, 'ok');
    assert.equal(tool.line, '{"q":"rain"} → 3 hits');
    assert.deepEqual(tool.events, [3, 6], 'the call and its result are the tool span’s events');
  });

  it("Enter on a step shows exactly that step's events in Events; the chip clears it; arrows move", async () => {
    const n = 26;
    const run = await scriptedRun(sandbox, { events: n });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, ended(n), { what: 'the run to end' });
    await probe(api, key, { op: 'setView', view: 'trace' });
    let t = await probe<ProbeTrace>(api, key, { op: 'traceKey', key: 'Home' });
    assert.equal(t.active, 'node_1');
    t = await probe<ProbeTrace>(api, key, { op: 'traceKey', key: 'ArrowDown' });
    assert.equal(t.active, 'message', 'down: the step’s first child');
    t = await probe<ProbeTrace>(api, key, { op: 'traceKey', key: 'ArrowLeft' });
    assert.equal(t.active, 'node_1', 'left on a leaf: its parent');
    t = await probe<ProbeTrace>(api, key, { op: 'traceKey', key: 'ArrowLeft' });
    assert.equal(row(t, 'node_1').expanded, false, 'left on an open step: it closes');
    assert.ok(!t.rows.some((r) => r.level === 2 && r.events.some((o) => o < 8)), 'its children are hidden');
    t = await probe<ProbeTrace>(api, key, { op: 'traceKey', key: 'ArrowRight' });
    assert.equal(row(t, 'node_1').expanded, true, 'right: it opens again');
    assert.match(t.domLabels[0] ?? '', /^step node_1, ok, \d+ ms/);

    await probe(api, key, { op: 'traceClick', name: 'node_2' });
    const shown = await probe<ProbeTrace>(api, key, { op: 'traceKey', key: 'Enter' });
    assert.equal(shown.view, 'events');
    const events = await waitForPanel(api, key, (s) => s.view === 'events', {
      what: 'the Events view',
      includeOrds: true,
    });
    assert.equal(events.stepChip, 'Step: node_2');
    // node_k is seqs 2 + 6(k-1) … 7 + 6(k-1): its start, a token, a tool call and result, a token, its output.
    assert.deepEqual(events.viewOrds, range(8, 13));
    const cleared = await probe<ProbeSnapshot>(api, key, { op: 'clearStep' });
    assert.equal(cleared.stepChip, '');
    assert.deepEqual(cleared.viewOrds, range(1, n));

    // The row's "show these events" button does the same.
    await probe(api, key, { op: 'setView', view: 'trace' });
    await probe(api, key, { op: 'traceClick', name: 'node_3', action: 'events' });
    const third = await waitForPanel(api, key, (s) => s.stepChip === 'Step: node_3', {
      what: 'node_3’s events',
      includeOrds: true,
    });
    assert.deepEqual(third.viewOrds, range(14, 19));
  });

  it("a step still open shows in Events the events it gets after Enter, and none of the next step's", async () => {
    const run = await scriptedRun(sandbox, {
      events: 3,
      terminal: 'none',
      script: [
        { type: 'RUN_STARTED', payload: {} },
        { type: 'NODE_STARTED', payload: { node: 'open_step' } },
        { type: 'LLM_TOKEN', payload: { node: 'open_step', token: 'first ' } },
      ],
    });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, (s) => s.lastOrd === 3, { what: 'the first events' });
    await probe(api, key, { op: 'setView', view: 'trace' });
    await probe(api, key, { op: 'traceClick', name: 'open_step', action: 'events' });
    await waitForPanel(api, key, (s) => s.stepChip === 'Step: open_step', { what: 'the step chip' });
    const append = (type: string, payload: unknown) =>
      admin(sandbox, 'POST', `/_sandbox/runs/${run.id}/events`, { type, payload });
    await append('TOOL_CALL', { node: 'open_step', tool: 'search', call_id: 'c9', arguments: {} });
    await append('TOOL_RESULT', { node: 'open_step', call_id: 'c9', result: 'ok' });
    await append('NODE_OUTPUT', { node: 'open_step', output: { text: 'done' } });
    await append('NODE_STARTED', { node: 'next_step' });
    await append('RUN_FINISHED', {});
    const done = await waitForPanel(api, key, ended(8), { what: 'the run to end', includeOrds: true });
    assert.equal(done.stepChip, 'Step: open_step');
    // Its start and token (2, 3), and the call, result and output that came after the chip (4–6); not 7 or 8.
    assert.deepEqual(done.viewOrds, range(2, 6));
  });

  it('the search filters the trace to the matching spans and their ancestors, and Events as before', async () => {
    const script = [
      { type: 'RUN_STARTED', payload: {} },
      { type: 'NODE_STARTED', payload: { node: 'planner' } },
      {
        type: 'TOOL_CALL',
        payload: { node: 'planner', tool: 'search', call_id: 's1', arguments: { q: 'umbrella' } },
      },
      { type: 'TOOL_RESULT', payload: { node: 'planner', call_id: 's1', result: '3 hits' } },
      { type: 'NODE_OUTPUT', payload: { node: 'planner', output: 'planned' } },
      { type: 'NODE_STARTED', payload: { node: 'writer' } },
      { type: 'LLM_TOKEN', payload: { node: 'writer', token: 'Hello there' } },
      { type: 'RUN_FINISHED', payload: {} },
    ];
    const run = await scriptedRun(sandbox, { events: script.length, script });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, ended(script.length), { what: 'the run to end' });
    await probe(api, key, { op: 'setView', view: 'trace' });
    const events = await probe<ProbeSnapshot>(api, key, { op: 'search', text: 'UMBRELLA' });
    assert.deepEqual(events.viewOrds, [3], 'Events: the tool call whose payload says it');
    let t = await trace(api, key);
    assert.deepEqual(
      t.rows.map((r) => `${r.level}:${r.name}`),
      ['1:planner', '2:search'],
    );
    await probe(api, key, { op: 'search', text: 'hello' });
    t = await trace(api, key);
    assert.deepEqual(
      t.rows.map((r) => `${r.level}:${r.name}`),
      ['1:writer', '2:message'],
    );
    await probe(api, key, { op: 'search', text: '' });
    t = await trace(api, key);
    assert.deepEqual(
      t.rows.map((r) => `${r.level}:${r.name}`),
      ['1:planner', '2:search', '1:writer', '2:message'],
    );
  });

  it('a webview reload mid-run rebuilds the trace from the rows it kept: each event once, the view kept', async () => {
    const n = 900;
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 300 });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, (s) => s.lastOrd >= 150, { what: '150 events' });
    await probe(api, key, { op: 'setView', view: 'trace' });
    await new Promise((r) => setTimeout(r, 1_200)); // the webview saves its state at most once a second
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    await waitForPanel(api, key, ended(n), { what: 'the run to end after the reload', timeoutMs: 60_000 });
    const t = await trace(api, key);
    assert.equal(t.view, 'trace', 'the view survives the reload');
    assert.equal(t.folded, n);
    const ords = [...t.runEvents, ...t.rows.filter((r) => !r.isDetail).flatMap((r) => r.events)];
    assert.deepEqual(
      ords.sort((a, b) => a - b),
      range(1, n),
      'each event in exactly one span',
    );
  });

  it('opens a long finished attempt in Trace at its end: its latest events folded alone, marked partial, then the whole trace', async () => {
    const n = 12_000;
    // The replay stalls after 2,000 events for 4 s: the partial trace can be looked at before the history arrives.
    await admin(sandbox, 'POST', '/_sandbox/faults', { fault: 'stall:2000:4000', times: 1, match: 'stream' });
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 0 });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, (s) => s.loadingEarlier !== undefined, { what: 'the preview' });
    await probe(api, key, { op: 'setView', view: 'trace' });
    const partial = await trace(api, key);
    assert.ok(partial.partial, `the trace is the partial one (${partial.folded} folded)`);
    assert.equal(partial.partial.latest, 200);
    assert.equal(partial.partial.total, n);
    assert.ok(partial.partial.have < n, 'the history is still loading');
    assert.match(
      partial.summaryText,
      /^Partial: the latest 200 events only; loading the earlier ones \([\d,]+ of 12,000\)/,
    );
    assert.deepEqual(
      partial.rows.filter((r) => r.state === 'open').map((r) => r.name),
      [],
      'the run’s end is in it: nothing is left running',
    );
    // node_k holds seqs 2 + 6(k-1) … 7 + 6(k-1), so the last step is node_2000, cut by the run's end after 4 events.
    assert.equal(row(partial, 'node_2000').state, 'ok');
    const ords = [...partial.runEvents, ...partial.rows.filter((r) => !r.isDetail).flatMap((r) => r.events)];
    assert.deepEqual(
      ords.sort((a, b) => a - b),
      range(n - 199, n),
      'the latest 200 events, each in exactly one span',
    );
    assert.ok(!partial.rows.some((r) => r.name === 'node_1'), 'no step from before them');

    const whole = await waitForTrace(
      api,
      key,
      (t) => !t.partial && t.folded === n,
      'the whole trace',
      90_000,
    );
    assert.match(whole.summaryText, /^(?!Partial)/);
    assert.ok(row(whole, 'node_1').events.includes(2), 'the first step, from its start');
    const all = [...whole.runEvents, ...whole.rows.filter((r) => !r.isDetail).flatMap((r) => r.events)];
    assert.deepEqual(
      all.sort((a, b) => a - b),
      range(1, n),
      'each event in exactly one span',
    );
  });

  it('Copy as Markdown puts the heading, the summary, the steps and the tool calls on the clipboard', async () => {
    const script = [
      { type: 'RUN_STARTED', payload: {} },
      { type: 'NODE_STARTED', payload: { node: 'planner' } },
      {
        type: 'TOOL_CALL',
        payload: { node: 'planner', tool: 'search', call_id: 'k1', arguments: { q: 'rain' } },
      },
      { type: 'TOOL_RESULT', payload: { node: 'planner', call_id: 'k1', result: '3 hits' } },
      {
        type: 'TOOL_CALL',
        payload: { node: 'planner', tool: 'fetch', call_id: 'k2', arguments: 'https://x' },
      },
      { type: 'TOOL_RESULT', payload: { node: 'planner', call_id: 'k2', error: { message: 'timeout' } } },
      { type: 'NODE_OUTPUT', payload: { node: 'planner', output: 'planned' } },
      { type: 'RUN_FINISHED', payload: {} },
    ];
    const run = await scriptedRun(sandbox, { events: script.length, script });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, ended(script.length), { what: 'the run to end' });
    await vscode.env.clipboard.writeText('');
    await probe(api, key, { op: 'setView', view: 'trace' });
    await probe(api, key, { op: 'traceCopy' });
    const text = await waitFor(
      async () => await vscode.env.clipboard.readText(),
      (t) => t.startsWith('# '),
      10_000,
      'the Markdown on the clipboard',
    );
    // Markdown's own characters in the title are made literal.
    const id = run.id.replace(/[`*_[\]<>|\\]/g, '\\$&');
    assert.ok(text.split('\n')[0]?.endsWith(` — run ${id}`), text.split('\n')[0]);
    assert.match(text, /2 tool calls \(1 failed\) · 1 error/);
    assert.match(text, /^- \*\*planner\*\* · \d+ ms: planned$/m);
    assert.match(text, /^ {2}- search\(\{"q":"rain"\}\) → ok · \d+ ms: 3 hits$/m);
    assert.match(text, /^ {2}- fetch\(https:\/\/x\) → error · \d+ ms: timeout · 1 error$/m);
  });

  it('folds 20,000 live events with the trace shown: bounded DOM, at most a draw a frame, ≥ 5,000 events/s', async () => {
    const n = 20_000;
    const first = await scriptedRun(sandbox, { events: 2 });
    const warm = await followRun({ runId: first.id });
    await waitForPanel(api, warm, ended(2), { what: 'a first panel' });
    await probe(api, warm, { op: 'setView', view: 'trace' });
    await closeAllPanels(api);
    // The next panel opens in Trace (the view chosen last); the run's events are written as fast as the sandbox can.
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 40_000 });
    const started = Date.now();
    const key = await followRun({ runId: run.id });
    const done = await waitForTrace(api, key, (t) => t.folded === n, 'every event folded', 120_000);
    const seconds = (Date.now() - started) / 1000;
    const snap = await waitForPanel(api, key, ended(n), { what: 'the run to end' });
    assert.equal(snap.view, 'trace');
    assert.ok(done.domRows < 200, `trace DOM rows bounded (${done.domRows})`);
    // Draws are paced by what they cost (ten times the last one's time, one frame to 100 ms): never one per batch.
    assert.ok(done.draws <= seconds * 60 + 20, `at most one draw a frame (${done.draws} in ${seconds} s)`);
    // The sandbox shares the extension host's CPU, so the wall time says more about it than about the trace: what
    // the trace costs is the webview's own time folding and drawing.
    const rate = n / (done.busyMs / 1000);
    recordMetric('trace.events_per_s_folded_and_drawn', rate);
    recordMetric('trace.draws', done.draws);
    assert.ok(
      rate >= 5_000,
      `the trace keeps up with 5,000 events/s (${Math.round(rate)}/s, ${done.busyMs} ms)`,
    );
  });

  it('shows hostile text in a tool input, its result and a message as text; none of it runs', async () => {
    const script = [
      { type: 'RUN_STARTED', payload: {} },
      { type: 'NODE_STARTED', payload: { node: '<b>node</b>' } },
      {
        type: 'TOOL_CALL',
        payload: {
          node: '<b>node</b>',
          tool: '<img src=x onerror="window.__pwned=1">',
          call_id: 'h',
          arguments: '<script>window.__pwned=2</script>',
        },
      },
      {
        type: 'TOOL_RESULT',
        payload: { node: '<b>node</b>', call_id: 'h', result: '<svg onload="window.__pwned=3"></svg>' },
      },
      {
        type: 'LLM_TOKEN',
        payload: { node: '<b>node</b>', token: '<iframe src="javascript:window.__pwned=4">' },
      },
      { type: 'RUN_FINISHED', payload: {} },
    ];
    const run = await scriptedRun(sandbox, { events: script.length, script });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, ended(script.length), { what: 'the run to end' });
    await probe(api, key, { op: 'setView', view: 'trace' });
    await probe(api, key, {
      op: 'traceClick',
      name: '<img src=x onerror="window.__pwned=1">',
      action: 'toggle',
    });
    const t = await probe<ProbeTrace>(api, key, { op: 'traceClick', name: 'message', action: 'toggle' });
    assert.ok(t.domLabels.some((l) => l.startsWith('step <b>node</b>')));
    assert.deepEqual(t.domDetails, [
      'Input: <script>window.__pwned=2</script>\n\nResult: <svg onload="window.__pwned=3"></svg>',
      '<iframe src="javascript:window.__pwned=4">',
    ]);
    assert.equal(t.injected.elements, 0);
    assert.deepEqual(t.injected.globals, []);
  });
});

describe('trace view: a Managed Agents session', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let api: FollowRunApi;

  before(async () => {
    sandbox = await extraSandbox();
    api = await followApi();
    await signOutEverywhere();
    await signInToClaude(sandbox, 'Claude trace');
  });
  after(async () => {
    await closeAllPanels(api);
    await signOutEverywhere();
    await sandbox.close();
  });

  it('shows the turn, its model requests with their tokens and the tool calls paired with their results', async () => {
    const sessionId = await createToolSession(sandbox, {
      title: 'Traced',
      scenarios: 'tools',
      text: 'Check the build',
    });
    const listed = await waitFor(
      () => listedEvents(sandbox, sessionId),
      (all) => all.some((e) => e.type === 'agent.tool_result') && all.at(-1)?.type === 'session.status_idle',
      60_000,
      'the turn to end',
    );
    const key = await followRun({ connectionId: 'named:claude trace', runId: sessionId });
    await waitForPanel(api, key, (s) => s.lastOrd === listed.length, { what: 'every event' });
    const t = await probe<ProbeTrace>(api, key, { op: 'setView', view: 'trace' });
    const turn = t.rows.find((r) => r.kind === 'turn');
    assert.ok(turn, `a turn: ${t.rows.map((r) => `${r.kind}:${r.name}`).join(', ')}`);
    assert.equal(turn.name, 'Check the build');
    assert.equal(turn.state, 'ok');
    const models = t.rows.filter((r) => r.kind === 'model');
    const starts = listed.filter((e) => e.type === 'span.model_request_start').length;
    assert.equal(models.length, starts, 'one model request per start');
    assert.ok(
      models.every((m) => m.state === 'ok' && m.tokens && m.tokens.output > 0),
      JSON.stringify(models.map((m) => m.tokens)),
    );
    const tools = t.rows.filter((r) => r.kind === 'tool');
    const uses = listed.filter((e) => e.type === 'agent.tool_use').length;
    assert.equal(tools.length, uses, 'one tool span per tool use');
    assert.ok(
      tools.every((tool) => tool.state !== 'open' && tool.events.length === 2),
      'each tool use is paired with its result',
    );
    assert.match(t.summaryText, /\d+ in · \d+(\.\d)?k? out/);
    assert.match(t.summaryText, new RegExp(`${uses} tool calls?`));
  });
  it("shows a sub-agent's tool use that asks in the sub-agent's lane; denied from the panel, it closes saying so", async () => {
    const sessionId = await createToolSession(sandbox, {
      title: 'Lanes',
      scenarios: 'subagent-ask',
      text: 'Compare the launches. Split the work.',
      agentName: 'Research Coordinator',
    });
    const key = await followRun({ connectionId: 'named:claude trace', runId: sessionId });
    await probe(api, key, { op: 'setView', view: 'trace' });
    const asked = await waitFor(
      () => probe<ProbeSteer>(api, key, { op: 'steer' }),
      (s) => s.cards.some((c) => c.buttons.includes('Deny')),
      60_000,
      'the approval card',
    );
    const listed = (await listedEvents(sandbox, sessionId)) as unknown as Record<string, unknown>[];
    const use = listed.find((e) => e.type === 'agent.tool_use')!;
    const worker = listed.find(
      (e) => e.type === 'session.thread_created' && e.session_thread_id === use.session_thread_id,
    )!;
    let t = await waitForTrace(
      api,
      key,
      (x) => x.rows.some((r) => r.kind === 'tool'),
      'the tool use in the trace',
    );
    const lane = t.rows.find((r) => r.kind === 'lane');
    assert.equal(
      lane?.name,
      `sub-agent: ${worker.agent_name as string}`,
      'the sub-agent’s lane, by its name',
    );
    const at = t.rows.indexOf(lane!);
    const tool = t.rows.find((r) => r.kind === 'tool')!;
    assert.ok(t.rows.indexOf(tool) > at && tool.level > lane!.level, 'the tool use sits in that lane');
    assert.equal(tool.state, 'open', 'waiting for its answer');
    assert.equal(row(t, 'waiting for approval').state, 'open');

    for (const card of asked.cards)
      await probe(api, key, { op: 'steer', act: { do: 'deny', id: card.id, reason: 'not this quarter' } });
    t = await waitForTrace(
      api,
      key,
      (x) =>
        x.rows.some((r) => r.kind === 'tool' && r.state !== 'open') &&
        !x.rows.some((r) => r.kind === 'turn' && r.state === 'open'),
      'the denial and the end of the turn',
      60_000,
    );
    const denied = t.rows.find((r) => r.kind === 'tool')!;
    assert.equal(denied.state, 'error');
    assert.equal(denied.result, 'denied: not this quarter');
    assert.deepEqual(
      t.rows
        .filter((r) => !r.isDetail && r.state === 'open' && r.kind !== 'lane')
        .map((r) => `${r.kind}:${r.name}`),
      [],
      'nothing is left running in the idle session',
    );
  });

  it('shows what the agent is typing as a "typing…" line under the trace, gone when the message comes', async () => {
    // At real speed: a message is written over a second or two, so its typing can be watched.
    const slow = await extraSandbox({ speed: 1, heartbeatMs: 500 });
    try {
      await signInToClaude(slow, 'Claude typing');
      const sessionId = await createToolSession(slow, { title: 'Typed in the trace', scenarios: 'chat' });
      const key = await followRun({ connectionId: 'named:claude typing', runId: sessionId });
      await waitForPanel(api, key, (s) => /Live/.test(s.connectionText), { what: 'the stream to be live' });
      await probe(api, key, { op: 'setView', view: 'trace' });
      await probe(api, key, { op: 'steer', act: { do: 'send', text: 'Tell me about the migration' } });
      const typed = new Set<string>();
      const listed = await waitFor(
        async () => {
          const t = await trace(api, key);
          if (t.typingText) typed.add(t.typingText);
          return listedEvents(slow, sessionId);
        },
        (all) => all.some((e) => e.type === 'agent.message') && all.at(-1)?.type === 'session.status_idle',
        60_000,
        'the agent to answer and idle',
      );
      const done = await waitForTrace(
        api,
        key,
        (t) => t.folded === listed.length && t.typingText === '',
        'the answer in the trace, its typing gone',
      );
      assert.ok(
        [...typed].some((t) => /^typing… \S/.test(t)),
        `the trace showed the typing: ${JSON.stringify([...typed])}`,
      );
      const message = done.rows.find((r) => r.kind === 'message');
      assert.ok(message && message.text.length > 0, 'the message replaced the typing');
    } finally {
      await closeAllPanels(api);
      await slow.close();
    }
  });
});
