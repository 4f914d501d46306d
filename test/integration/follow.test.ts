// Follow Run in the real extension host against the sandbox: the webview shows every seq exactly once, across
// drops and reloads of the webview; filters, search, keyboard, the new-attempt offer, the output channel, the
// status bar and hostile payloads.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Run } from '../../src/backends/agentos/wire';
import type { ProbeScan, ProbeSnapshot } from '../../src/panel/probe-types';
import type { FollowRunApi } from '../../src/panel/register';
import type { Sandbox } from '../../sandbox/server';
import { activatedExtension } from './support/extension';
import {
  admin,
  closeAllPanels,
  deepPayloadProxy,
  followApi,
  probe,
  range,
  scriptedRun,
  sleep,
  waitFor,
  waitForPanel,
} from './support/follow';
import { signInToSandbox } from './support/sandbox';

const followRun = async (args: {
  runId: string;
  attemptId?: string;
  connectionId?: string;
}): Promise<string> => {
  const key = (await vscode.commands.executeCommand('agentos.followRun', args)) as string | undefined;
  assert.ok(key, 'agentos.followRun returns the panel key');
  return key;
};

const ended = (n: number) => (s: ProbeSnapshot) =>
  s.lastOrd === n && s.connectionText.includes('Ended') && !s.loadingEarlier;

/**
 * Waits until the panel shows the run ended at seq n, then checks that the seqs are exactly 1..n both in the
 * panel's list and by scrolling through the DOM. Returns what was seen, for further assertions.
 */
async function untilEndedWithEverySeq(api: FollowRunApi, key: string, n: number, timeoutMs = 60_000) {
  const done = await waitForPanel(api, key, ended(n), {
    what: 'the run to end',
    includeOrds: true,
    timeoutMs,
  });
  assert.deepEqual(done.ords, range(1, n));
  const scan = await probe<ProbeScan>(api, key, { op: 'scan' });
  assert.deepEqual(scan.ords, range(1, n), 'scrolling through the DOM shows 1..N');
  return { done, scan };
}

describe('follow run: the live timeline panel', function () {
  this.timeout(120_000);
  let api: FollowRunApi;
  let sandbox: Sandbox;

  before(async () => {
    api = await followApi();
    sandbox = await signInToSandbox();
  });
  afterEach(async () => {
    await admin(sandbox, 'DELETE', '/_sandbox/faults');
    await closeAllPanels(api);
  });

  it('follows a live run to completion: the DOM shows seqs 1..N, each once, in order', async () => {
    const n = 400;
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 400 });
    const key = await followRun({ runId: run.id });
    const { done, scan } = await untilEndedWithEverySeq(api, key, n);
    assert.equal(done.contiguous, true);
    assert.ok(scan.maxDomRows < 200, `DOM rows bounded (${scan.maxDomRows})`);
    assert.match(done.statusText, /completed/i);
    assert.match(done.headerText, /Attempt 1 of 1/);
    assert.match(done.headerText, /400 events/);
    assert.equal(done.injected.elements, 0);
  });

  it('survives dropped connections mid-run (sandbox fault): still 1..N, each once', async () => {
    const n = 600;
    await admin(sandbox, 'POST', '/_sandbox/stats/reset');
    await admin(sandbox, 'POST', '/_sandbox/faults', { fault: 'drop:70', times: 3, match: 'stream' });
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 300 });
    const key = await followRun({ runId: run.id });
    await untilEndedWithEverySeq(api, key, n);
    const stats = await admin<{ byPath: Record<string, number> }>(sandbox, 'GET', '/_sandbox/stats');
    const streams = Object.entries(stats.byPath)
      .filter(([path]) => path.includes('/events/stream'))
      .reduce((sum, [, count]) => sum + count, 0);
    assert.ok(streams >= 4, `the stream was reopened after each drop (${streams} stream requests)`);
  });

  it('shows "reconnecting in N s" with Retry while the server is down, then catches up', async () => {
    const n = 200;
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 50 });
    const key = await followRun({ runId: run.id });
    // States from before the webview has loaded are coalesced into the latest, so the faults go to a stream
    // started once it shows events: stop, queue them, resume.
    await waitForPanel(api, key, (s) => s.lastOrd >= 1, { what: 'the first events' });
    await probe(api, key, { op: 'click', target: 'stop' });
    // The resumed stream drops after 20 events; the reconnects are refused for a while (503).
    await admin(sandbox, 'POST', '/_sandbox/faults', { fault: 'drop:20', times: 1, match: 'stream' });
    await admin(sandbox, 'POST', '/_sandbox/faults', { fault: 'status:503', times: 3, match: 'stream' });
    await probe(api, key, { op: 'click', target: 'resume' });
    const { done } = await untilEndedWithEverySeq(api, key, n);
    const shown = done.connectionHistory.join(' | ');
    // States within one 50 ms batch are coalesced: the panel shows the latest.
    assert.match(shown, /Reconnecting in \d+ s \(attempt [12]\)/, shown);
    // After the last reconnect the backlog and the end can arrive in one batch: "Live" may be coalesced away.
    assert.match(shown, /Reconnecting[^|]*\| (Live \| )?Ended$/, shown);
  });

  it('reloads the webview mid-run and resumes after the last seq it shows, without duplicates', async () => {
    const n = 900;
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 300 });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, (s) => s.lastOrd >= 150, { what: '150 events' });
    await sleep(1_200); // let the webview save its state (it saves at most once a second)
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    await sleep(300);
    await untilEndedWithEverySeq(api, key, n);
  });

  it('opens a long finished attempt at its end: the latest events at once, then every seq 1..N once', async () => {
    const n = 12_000;
    // The replay stalls after 2,000 events for 4 s, so the preview can be looked at before the history arrives.
    await admin(sandbox, 'POST', '/_sandbox/faults', { fault: 'stall:2000:4000', times: 1, match: 'stream' });
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 0 });
    const key = await followRun({ runId: run.id });
    const preview = await waitForPanel(
      api,
      key,
      (s) => s.loadingEarlier !== undefined && s.domOrds.includes(n),
      {
        what: 'the preview of the latest events',
        includeOrds: true,
      },
    );
    assert.deepEqual(preview.ords, range(n - 199, n), 'the latest 200 events, each once');
    assert.equal(preview.loadingEarlier?.total, n);
    assert.ok(preview.atBottom, 'the end of the run is on screen');
    assert.match(preview.headerText, /12,000 events/);
    assert.match(preview.statusText, /completed/i, 'how the run stands now, not how far the replay has got');
    // Scrolled to the top of the preview when the history arrives: the same row stays at the top.
    await probe(api, key, { op: 'scrollTo', position: 'top' });
    const whole = await waitForPanel(api, key, ended(n), { what: 'the whole history', timeoutMs: 90_000 });
    assert.equal(whole.atBottom, false);
    assert.ok(
      whole.domOrds.includes(n - 199),
      `row ${n - 199} still shown: ${whole.domOrds.slice(0, 3).join()}…`,
    );
    assert.ok(!whole.domOrds.includes(1) && !whole.domOrds.includes(n));
    await untilEndedWithEverySeq(api, key, n, 90_000);
  });

  it('reloads the webview while it shows the preview: the preview comes back, then every seq 1..N once', async () => {
    const n = 8_000;
    await admin(sandbox, 'POST', '/_sandbox/faults', { fault: 'stall:1000:4000', times: 1, match: 'stream' });
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 0 });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, (s) => s.loadingEarlier !== undefined, { what: 'the preview' });
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    const again = await waitForPanel(api, key, (s) => s.loadingEarlier !== undefined || s.count === n, {
      what: 'the preview after the reload',
      includeOrds: true,
    });
    if (again.loadingEarlier) assert.deepEqual(again.ords, range(n - 199, n));
    await untilEndedWithEverySeq(api, key, n, 90_000);
  });

  it('writes one output-channel line per meaningful event; a run of LLM tokens is one line', async () => {
    const n = 40;
    const tokens = ['The ', 'order ', 'ships ', 'to', 'day.'];
    const script = [
      { type: 'RUN_STARTED', payload: { text: 'go' } },
      { type: 'NODE_STARTED', payload: { node: 'writer' } },
      ...tokens.map((token) => ({ type: 'LLM_TOKEN', payload: { node: 'writer', token } })),
      { type: 'NODE_OUTPUT', payload: { node: 'writer', output: { text: 'The order ships today.' } } },
    ];
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 0, script });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, ended(n), { what: 'the run to end' });
    // Reload the webview too: the channel must still have each seq once.
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    await sleep(500);
    const label = `run ${run.id.slice(0, 8)}`;
    const lines = api.outputLines().filter((l) => l.startsWith(`[${label}]`));
    const seqs = lines.flatMap((l) => {
      const [, from, to] = / #(\d+)(?:–(\d+))? /.exec(l) ?? [];
      return range(Number(from), Number(to ?? from));
    });
    assert.deepEqual(seqs, range(1, n), 'every seq once, in order');
    assert.ok(lines.length < n, `${lines.length} lines for ${n} events`);
    assert.match(lines[0] as string, /^\[run \w+\] \d\d:\d\d:\d\d\.\d{3} #1 RUN_STARTED Run started/);
    assert.match(
      lines[2] as string,
      /^\[run \w+\] \d\d:\d\d:\d\d\.\d{3} #3–7 LLM_TOKEN ×5 writer: "The order ships today\."$/,
    );
    assert.match(lines[3] as string, / #8 NODE_OUTPUT /);
    assert.match(
      lines.at(-1) as string,
      new RegExp(`#${n} RUN_FINISHED Run finished: Scripted run finished`),
    );
  });

  it('shows the run in the status bar while following; it goes away after the run ended', async () => {
    api.setStatusLingerMs(1_500);
    try {
      const run = await scriptedRun(sandbox, { events: 300, ratePerSec: 100 });
      const key = await followRun({ runId: run.id });
      const live = await waitFor(
        () => api.statusBar(),
        (s) => s.visible && /running/.test(s.text),
        10_000,
        'the status bar item',
      );
      assert.match(live.text, /\$\(pulse\) .+: running/);
      assert.match(live.tooltip, /events/);
      await waitForPanel(api, key, ended(300), { what: 'the run to end' });
      const finished = await waitFor(
        () => api.statusBar(),
        (s) => /completed/.test(s.text),
        5_000,
        'completed',
      );
      assert.match(finished.text, /\$\(pass\)/);
      await waitFor(
        () => api.statusBar(),
        (s) => !s.visible,
        5_000,
        'the item to go away',
      );
    } finally {
      api.setStatusLingerMs(10_000);
    }
  });

  it('reveals the existing panel when the same attempt is followed again; follows several runs at once', async () => {
    const a = await scriptedRun(sandbox, { events: 50, ratePerSec: 0 });
    const b = await scriptedRun(sandbox, { events: 60, ratePerSec: 0 });
    const keyA = await followRun({ runId: a.id });
    const keyB = await followRun({ runId: b.id });
    const again = await followRun({ runId: a.id, attemptId: a.current_attempt_id });
    assert.equal(again, keyA);
    assert.notEqual(keyA, keyB);
    assert.equal(api.panels().length, 2);
    await waitForPanel(api, keyA, ended(50));
    // B was hidden before its webview ever loaded: it followed anyway and hands its rows over once shown.
    await waitFor(
      () => api.panels().find((p) => p.key === keyB)!.summary,
      (s) => s.ended && s.events === 60,
      10_000,
      'B to end while hidden',
    );
    await followRun({ runId: b.id });
    const shownB = await waitForPanel(api, keyB, ended(60), { includeOrds: true });
    assert.deepEqual(shownB.ords, range(1, 60));
  });

  it('filters by event type and searches payloads with a match count', async () => {
    const script = [
      { type: 'RUN_STARTED', payload: { text: 'go' } },
      { type: 'TOOL_CALL', payload: { tool: 'lookup', arguments: { q: 'needle-4711' } } },
      { type: 'TOOL_RESULT', payload: { tool: 'lookup', ok: true, result: { hits: 1 } } },
      { type: 'TOOL_CALL', payload: { tool: 'send', arguments: { to: 'x' } } },
      { type: 'NODE_OUTPUT', payload: { node: 'writer', output: { text: 'Needle-4711 found' } } },
    ];
    const run = await scriptedRun(sandbox, { events: 30, ratePerSec: 0, script });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, ended(30));
    const byType = await probe(api, key, { op: 'types', types: ['TOOL_CALL'] });
    assert.ok(byType.viewOrds!.includes(2) && byType.viewOrds!.includes(4));
    assert.ok(!byType.viewOrds!.includes(3) && !byType.viewOrds!.includes(5));
    assert.match(byType.matchText, new RegExp(`${byType.viewCount} of 30 match`));
    const both = await probe(api, key, { op: 'search', text: 'NEEDLE-4711' });
    assert.deepEqual(both.viewOrds, [2], 'type filter and search combine');
    const search = await probe(api, key, { op: 'types', types: [] });
    assert.deepEqual(search.viewOrds, [2, 5], 'search is case-insensitive over summary and payload');
    assert.match(search.matchText, /2 of 30 match/);
    assert.deepEqual(search.domOrds, [2, 5]);
    const cleared = await probe(api, key, { op: 'search', text: '' });
    assert.equal(cleared.viewCount, 30);
    assert.equal(cleared.matchText, '');
  });

  it('shows several types at once, hides others, and marks rows that match only in their payload', async () => {
    const script = [
      { type: 'RUN_STARTED', payload: { text: 'go' } },
      { type: 'LLM_TOKEN', payload: { token: 'a' } },
      { type: 'TOOL_CALL', payload: { tool: 'lookup', arguments: { q: 'x' } } },
      { type: 'LLM_TOKEN', payload: { token: 'b' } },
      { type: 'TOOL_RESULT', payload: { tool: 'lookup', ok: true, result: { hits: 1 } } },
      {
        type: 'NODE_OUTPUT',
        payload: {
          node: 'writer',
          output: { text: 'done' },
          trace: { deep: 'x'.repeat(40), id: 'zebra-31337' },
        },
      },
    ];
    const run = await scriptedRun(sandbox, { events: 20, ratePerSec: 0, script });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, ended(20));
    const two = await probe(api, key, { op: 'types', types: ['TOOL_CALL', 'TOOL_RESULT'] });
    assert.ok(two.viewOrds!.includes(3) && two.viewOrds!.includes(5), 'both types at once');
    assert.ok(two.viewOrds!.every((seq) => seq !== 2 && seq !== 4 && seq !== 6));
    const hidden = await probe(api, key, { op: 'types', types: [], hidden: ['LLM_TOKEN'] });
    assert.ok(!hidden.viewOrds!.includes(2) && !hidden.viewOrds!.includes(4), 'tokens hidden');
    assert.ok(hidden.viewOrds!.includes(1) && hidden.viewOrds!.includes(6));
    assert.match(hidden.matchText, new RegExp(`${hidden.viewCount} of 20 match`));
    await probe(api, key, { op: 'types', types: [], hidden: [] });
    // "zebra-31337" is only in #6's payload: the row says so, and expanding it shows the match.
    const found = await probe(api, key, { op: 'search', text: 'ZEBRA-31337' });
    assert.deepEqual(found.viewOrds, [6]);
    assert.deepEqual(found.payloadMatchOrds, [6]);
    const opened = await probe(api, key, { op: 'expand', ord: 6 });
    assert.deepEqual(opened.expandedMatches, { count: 1, firstVisible: true });
    const inSummary = await probe(api, key, { op: 'search', text: 'lookup' });
    assert.deepEqual(inSummary.payloadMatchOrds, [], 'a match on the line needs no payload mark');
    await probe(api, key, { op: 'search', text: '' });
  });

  it('keeps the selected row readable and the last row clear of "Jump to latest"', async () => {
    const n = 200;
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 0, payloadBytes: 600 });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, ended(n));
    await probe(api, key, { op: 'key', key: 'End' });
    const selected = await probe(api, key, { op: 'key', key: 'ArrowUp' });
    const colors = selected.activeRowColors!;
    assert.ok(colors, 'a row is selected');
    assert.deepEqual([colors.time, colors.label, colors.type], [colors.line, colors.line, colors.line]);
    // The last row expanded, then scrolled a little up: "Jump to latest" shows and covers no row.
    await probe(api, key, { op: 'expand', ord: n });
    const bottom = await probe(api, key, { op: 'scrollTo', position: 'bottom' });
    assert.equal(bottom.jumpCoversRow, false);
    const up = await probe(api, key, { op: 'userScroll', y: bottom.scroll.top - 30 });
    assert.equal(up.jumpVisible, true);
    assert.ok(up.domOrds.includes(n), 'the expanded last row is still on screen');
    assert.equal(up.jumpCoversRow, false);
  });

  it('keeps the header on one line, buttons included, in a narrow panel', async () => {
    const run = await scriptedRun(sandbox, { events: 100_000, ratePerSec: 20 });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, (s) => s.lastOrd >= 3 && s.buttons.includes('Cancel Run'));
    await probe(api, key, { op: 'click', target: 'stop' });
    const stopped = await waitForPanel(api, key, (s) => /Not following/.test(s.connectionText));
    assert.ok(
      stopped.buttons.includes('Resume') && stopped.buttons.includes('Cancel Run'),
      stopped.buttons.join(),
    );
    for (const width of [1_200, 700, 480])
      assert.equal(await probe<number>(api, key, { op: 'titleLines', width }), 1, `title row at ${width} px`);
  });

  it('navigates with the keyboard and expands a row to formatted JSON', async () => {
    const run = await scriptedRun(sandbox, { events: 100, ratePerSec: 0 });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, ended(100));
    await probe(api, key, { op: 'key', key: 'Home' });
    const down = await probe(api, key, { op: 'key', key: 'ArrowDown' });
    assert.equal(down.activeOrd, 2);
    const opened = await probe(api, key, { op: 'key', key: 'Enter' });
    assert.match(opened.expandedText ?? '', /\n {2}"n": 2,/);
    const end = await probe(api, key, { op: 'key', key: 'End' });
    assert.equal(end.activeOrd, 100);
    assert.equal(end.atBottom, true);
  });

  it('jump to latest: auto-scroll only while at the bottom', async () => {
    const n = 800;
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 200 });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, (s) => s.lastOrd >= 100);
    const top = await probe(api, key, { op: 'scrollTo', position: 'top' });
    assert.equal(top.atBottom, false);
    await sleep(500);
    const still = await probe(api, key, { op: 'snapshot' });
    assert.ok(still.domOrds.includes(1), 'the view stays where the user scrolled');
    assert.equal(still.jumpVisible, true);
    await probe(api, key, { op: 'click', target: 'jumpLatest' });
    const bottom = await waitForPanel(api, key, ended(n));
    assert.equal(bottom.atBottom, true);
    assert.ok(bottom.domOrds.includes(n));
  });

  it('a scroll up while rows stream in is never undone by the auto-scroll, whatever renders first', async () => {
    const n = 3_000;
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 200 });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, (s) => s.lastOrd >= 300 && s.atBottom);
    // The scroll position changes now; its scroll event comes with the next frame, after this render.
    const scrolled = await probe(api, key, { op: 'userScroll', y: 0 });
    assert.equal(scrolled.atBottom, false, 'the list let go of the bottom');
    assert.ok(scrolled.domOrds.includes(1), `rows shown: ${scrolled.domOrds.slice(0, 3).join()}…`);
    await sleep(600);
    const still = await probe(api, key, { op: 'snapshot' });
    assert.ok(still.lastOrd > scrolled.lastOrd, 'rows kept arriving');
    assert.ok(still.domOrds.includes(1), 'the view stays where the user scrolled');
    assert.equal(still.jumpVisible, true);
  });

  it('stops and resumes following without losing or repeating events', async () => {
    // Long enough (6 s) to be still running when Stop is clicked, however long the webview takes to load.
    const n = 1_500;
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 250 });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, (s) => s.lastOrd >= 50);
    const stopped = await probe(api, key, { op: 'click', target: 'stop' });
    await waitFor(
      () => api.panels()[0]!.following,
      (f) => !f,
      5_000,
      'the follow to stop',
    );
    const s1 = await waitForPanel(api, key, (s) => /Not following/.test(s.connectionText));
    await sleep(600);
    const s2 = await probe(api, key, { op: 'snapshot' });
    assert.equal(s2.lastOrd, s1.lastOrd, 'nothing arrives while stopped');
    assert.ok(stopped);
    await probe(api, key, { op: 'click', target: 'resume' });
    await untilEndedWithEverySeq(api, key, n, 30_000);
  });

  it('offers to follow a new attempt of the run, and follows it in its own panel', async () => {
    const run = await scriptedRun(sandbox, { events: 1_000_000, ratePerSec: 20, terminal: 'none' });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, (s) => s.lastOrd >= 3);
    const next = await admin<Run>(sandbox, 'POST', `/_sandbox/runs/${run.id}/retry`);
    const offered = await waitForPanel(api, key, (s) => s.bannerText !== '', {
      what: 'the new-attempt offer',
    });
    assert.match(offered.bannerText, /attempt 2/);
    assert.match(offered.statusText, /cancelled/i, 'the superseded attempt ended');
    await probe(api, key, { op: 'click', target: 'followNewSubRun' });
    const second = await waitFor(
      () => api.panels().find((p) => p.target.attemptId === next.current_attempt_id),
      (p) => p !== undefined,
      10_000,
      'the new attempt panel',
    );
    const snap = await waitForPanel(
      api,
      second!.key,
      (s) => s.lastOrd >= 1 && /Attempt 2 of 2/.test(s.headerText),
    );
    assert.equal(snap.firstOrd, 1);
  });

  it('cancels the run from the panel (Cancel Run) and shows how it ended', async () => {
    const run = await scriptedRun(sandbox, { events: 100_000, ratePerSec: 50 });
    const key = await followRun({ runId: run.id });
    await waitForPanel(api, key, (s) => s.lastOrd >= 5 && s.buttons.includes('Cancel Run'));
    await api.cancel(key);
    const done = await waitForPanel(api, key, (s) => s.connectionText.includes('Ended'), {
      includeOrds: true,
    });
    assert.match(done.statusText, /cancelled/i);
    assert.deepEqual(done.ords, range(1, done.lastOrd));
  });

  it('renders hostile payloads as inert text and stays responsive', async function () {
    this.timeout(180_000);
    const proxy = await deepPayloadProxy(sandbox);
    const { connections } = (await activatedExtension()).exports;
    try {
      await signInToSandbox({ sandbox: { ...sandbox, url: proxy.url }, name: 'hostile' });
      const connectionId = connections.all().find((c) => c.connection.baseUrl === proxy.url)?.connection.id;
      assert.ok(connectionId, 'signed in through the proxy');
      const script = [
        { type: 'RUN_STARTED', payload: { text: '<script>window.__pwned = 1</script>' } },
        {
          type: 'TOOL_CALL',
          payload: { tool: '<img src=x onerror="window.__pwned=2">', arguments: '<b>bold</b>' },
        },
        {
          type: 'NODE_OUTPUT',
          payload: { text: 'click', href: 'javascript:window.__pwned=3', ok: 'https://example.com/a?b=<c>' },
        },
        {
          type: '<svg onload="window.__pwned=4">',
          payload: {
            svg: '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=5"><script>window.__pwned=6</script></svg>',
          },
        },
        {
          type: 'NODE_OUTPUT',
          payload: { text: '</style><style>*{display:none!important}</style>', style: 'x" style="color:red' },
        },
        {
          type: 'NODE_OUTPUT',
          payload: { node: 'evil\u202Egnp.exe', text: 'safe\u202Etxt.exe \u2066isolate\u2069' },
        },
        { type: 'NODE_OUTPUT', payload: { text: 'one megabyte', big: 'x'.repeat(1_000_000) } },
        { type: 'NODE_OUTPUT', payload: { text: 'very deep', deep: '__DEEP__' } },
        {
          type: 'TOOL_CALL',
          payload: { tool: '{{constructor.constructor("window.__pwned=7")()}}', arguments: {} },
        },
      ];
      const n = script.length + 3;
      const run = await scriptedRun(sandbox, { events: n, ratePerSec: 0, script });
      const key = await followRun({ runId: run.id, connectionId });
      const { done } = await untilEndedWithEverySeq(api, key, n);
      assert.deepEqual(
        done.injected,
        { elements: 0, globals: [] },
        'no markup was created and no script ran',
      );
      // Every row, expanded, is still plain text.
      for (const seq of range(1, n)) {
        const started = Date.now();
        const s = await probe(api, key, { op: 'expand', ord: seq });
        assert.ok(Date.now() - started < 3_000, `expanding #${seq} took ${Date.now() - started} ms`);
        assert.deepEqual(s.injected, { elements: 0, globals: [] }, `after expanding #${seq}`);
      }
      const rtl = await probe(api, key, { op: 'search', text: 'gnp.exe' });
      assert.deepEqual(rtl.viewOrds, [6]);
      assert.ok(
        (rtl.expandedText ?? '').includes('\\u202e'),
        'the RTL override is shown as \\u202e, not applied',
      );
      const scriptRow = await probe(api, key, { op: 'search', text: '<script>' });
      assert.ok(scriptRow.viewOrds!.includes(1), 'the markup is searchable text');
      const deep = await probe(api, key, { op: 'search', text: 'very deep' });
      assert.deepEqual(deep.viewOrds, [8]);
      assert.match(deep.expandedText ?? '', /deeper levels not shown/);
      const big = await probe(api, key, { op: 'search', text: 'one megabyte' });
      assert.match(big.expandedText ?? '', /more characters/);
      // Still responsive: a snapshot round-trip is quick.
      const t0 = Date.now();
      await probe(api, key, { op: 'snapshot' });
      assert.ok(Date.now() - t0 < 1_000, `snapshot round-trip ${Date.now() - t0} ms`);
    } finally {
      await closeAllPanels(api);
      const id = connections.all().find((c) => c.connection.baseUrl === proxy.url)?.connection.id;
      if (id) await vscode.commands.executeCommand('agentos.signOut', { connectionId: id });
      await vscode.workspace
        .getConfiguration('agentos')
        .update('connections', undefined, vscode.ConfigurationTarget.Global);
      await proxy.close();
    }
  });
});
