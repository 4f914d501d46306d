// Follow Run panel benchmarks, in the real extension host with the real webview (run them on purpose:
// AGENTOS_TEST_GREP='follow bench' node scripts/test-integration.mjs). Figures are recorded as metrics.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ProbeHeap } from '../../src/panel/probe-types';
import type { FollowRunApi } from '../../src/panel/register';
import {
  closeAllPanels,
  followApi,
  percentile,
  probe,
  scriptedRun,
  sleep,
  waitForPanel,
  waitForTrace,
} from './support/follow';
import { recordMetric } from './support/metrics';
import { signInToSandbox } from './support/sandbox';
import { startSandboxProcess, type SandboxProcess } from './support/sandbox-process';

/**
 * The webview's heap after a full collection (MB), or undefined when the browser does not expose `gc`: one probe
 * asks for the collection, the next, after Chromium's 50 ms refresh, reads what is left.
 */
async function liveHeapMb(api: FollowRunApi, key: string): Promise<number | undefined> {
  const first = await probe<ProbeHeap>(api, key, { op: 'heap' });
  if (!first.collected) return undefined;
  await sleep(200);
  const after = await probe<ProbeHeap>(api, key, { op: 'heap' });
  return after.bytes === undefined ? undefined : after.bytes / 1e6;
}

describe('follow bench: panel throughput, latency, memory, open time', function () {
  this.timeout(600_000);
  let api: FollowRunApi;
  let sandbox: SandboxProcess | undefined;

  before(async function () {
    if (!/bench/.test(process.env.AGENTOS_TEST_GREP ?? '')) this.skip();
    api = await followApi();
    // A server of its own, in another process, as a real AgentOS server would be.
    sandbox = await startSandboxProcess();
    await signInToSandbox({ sandbox });
  });
  after(async () => {
    await sandbox?.close();
  });
  afterEach(async () => {
    if (api) await closeAllPanels(api);
    // Let the closed panel's leftover work (webview teardown, GC) settle before the next measurement.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  });

  const open = async (runId: string): Promise<string> =>
    (await vscode.commands.executeCommand('agentos.followRun', { runId })) as string;

  it('sustained events/s rendered, the sandbox emitting live as fast as it can (50,000 events)', async () => {
    const n = 50_000;
    // Live at 40,000 events/s (the sandbox falls behind that on 2 cores, so it emits as fast as it can): rows
    // arrive as they are written. A finished attempt would instead open with the preview of its latest events,
    // and its rows would reach the DOM in one swap, which says nothing about sustained rendering.
    const run = await scriptedRun(sandbox!, { events: n, ratePerSec: 40_000 });
    const started = Date.now();
    const key = await open(run.id);
    const done = await waitForPanel(
      api,
      key,
      (s) => s.count === n && !s.loadingEarlier && s.domOrds.includes(n),
      { timeoutMs: 120_000 },
    );
    const wall = Date.now() - started;
    const renderSpan = Math.max(1, done.perf.lastRenderAt - done.perf.firstRenderAt);
    recordMetric('follow.sustained_events_per_s_rendered', (done.perf.rendered / renderSpan) * 1000);
    recordMetric('follow.sustained_events_per_s_wall', (n / wall) * 1000);
    recordMetric('follow.sustained_dom_rows', done.domRows);
    recordMetric('follow.sustained_first_rows_ms', done.perf.firstRowsAt - started);
    assert.ok(done.domRows < 1_000);
  });

  it('latency from the sandbox writing an event to its row in the DOM, at 100 events/s', async () => {
    const n = 2_000;
    const run = await scriptedRun(sandbox!, { events: n, ratePerSec: 100 });
    const key = await open(run.id);
    const done = await waitForPanel(api, key, (s) => s.lastOrd === n && s.connectionText.includes('Ended'), {
      timeoutMs: 60_000,
    });
    // Skip the first second (the panel opening), then every event rendered at the bottom.
    const lat = done.perf.latencies.slice(100);
    recordMetric('follow.latency_100eps_p50_ms', percentile(lat, 50));
    recordMetric('follow.latency_100eps_p99_ms', percentile(lat, 99));
    recordMetric('follow.latency_100eps_max_ms', Math.max(...lat));
    recordMetric('follow.latency_100eps_samples', lat.length);
  });

  it('opens a finished 100,000-event attempt; memory and DOM rows after 100,000 events', async () => {
    const n = 100_000;
    const run = await scriptedRun(sandbox!, { events: n, ratePerSec: 0 });
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    const key = await open(run.id);
    // Usable: the end of the run is on screen (the preview of the latest events), as the test sees it through a
    // probe, which queues behind the rows in flight; the webview's own clock says when rows first showed.
    const latest = await waitForPanel(api, key, (s) => s.domOrds.includes(n), { timeoutMs: 60_000 });
    const latestShownMs = Date.now() - started;
    const done = await waitForPanel(
      api,
      key,
      (s) => s.count === n && !s.loadingEarlier && s.domOrds.includes(n),
      { timeoutMs: 120_000 },
    );
    const allMs = Date.now() - started;
    assert.ok(latest.perf.firstRowsAt >= started);
    recordMetric('follow.open_100k_first_rows_ms', latest.perf.firstRowsAt - started);
    recordMetric('follow.open_100k_latest_shown_probe_ms', latestShownMs);
    recordMetric('follow.open_100k_previewed', latest.loadingEarlier ? 1 : 0);
    recordMetric('follow.open_100k_all_rendered_ms', allMs);
    recordMetric('follow.after_100k_dom_rows', done.domRows);
    recordMetric('follow.after_100k_dom_nodes', done.domNodes);
    if (done.perf.heapBytes) recordMetric('follow.after_100k_webview_heap_mb', done.perf.heapBytes / 1e6);
    const live = await liveHeapMb(api, key);
    if (live !== undefined) recordMetric('follow.after_100k_webview_heap_live_mb', live);
    recordMetric(
      'follow.after_100k_exthost_heap_delta_mb',
      (process.memoryUsage().heapUsed - heapBefore) / 1e6,
    );
    // Still responsive with 100,000 rows: a search over all of them, and a round-trip.
    const t0 = Date.now();
    const searched = await api.probe(key, { op: 'search', text: 'event 99999:' });
    recordMetric('follow.after_100k_search_ms', Date.now() - t0);
    assert.ok(searched);
    assert.ok(done.domRows < 1_000, `DOM rows ${done.domRows}`);
  });
});

describe('follow bench: the same with the Trace view shown', function () {
  this.timeout(600_000);
  let api: FollowRunApi;
  let sandbox: SandboxProcess | undefined;

  before(async function () {
    if (!/bench/.test(process.env.AGENTOS_TEST_GREP ?? '')) this.skip();
    api = await followApi();
    sandbox = await startSandboxProcess();
    await signInToSandbox({ sandbox });
    // A panel switched to Trace: the next panels open in it (the view chosen last).
    const first = await scriptedRun(sandbox, { events: 2, ratePerSec: 0 });
    const key = await open(first.id);
    await waitForPanel(api, key, (s) => s.lastOrd === 2);
    await probe(api, key, { op: 'setView', view: 'trace' });
    await closeAllPanels(api);
  });
  after(async () => {
    await sandbox?.close();
  });
  afterEach(async () => {
    if (api) await closeAllPanels(api);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  });

  const open = async (runId: string): Promise<string> =>
    (await vscode.commands.executeCommand('agentos.followRun', { runId })) as string;

  it('sustained: 50,000 events written as fast as the sandbox can, to the last one folded and drawn', async () => {
    const n = 50_000;
    const run = await scriptedRun(sandbox!, { events: n, ratePerSec: 40_000 });
    const started = Date.now();
    const key = await open(run.id);
    const done = await waitForTrace(
      api,
      key,
      (t) => t.folded === n && t.view === 'trace',
      'all folded',
      180_000,
      true,
    );
    recordMetric('trace_shown.sustained_events_per_s_wall', (n / (Date.now() - started)) * 1000);
    recordMetric('trace_shown.sustained_events_per_s_folded_and_drawn', n / (done.busyMs / 1000));
    recordMetric('trace_shown.sustained_trace_dom_rows', done.domRows);
    assert.ok(done.domRows < 200, `trace DOM rows ${done.domRows}`);
  });

  it('latency from the sandbox writing an event to the trace drawn with it, at 100 events/s', async () => {
    const n = 2_000;
    const run = await scriptedRun(sandbox!, { events: n, ratePerSec: 100 });
    const key = await open(run.id);
    const done = await waitForTrace(
      api,
      key,
      (t) => t.folded === n && t.draws > 0,
      'all folded',
      60_000,
      true,
    );
    // Events written after the trace first showed rows (the backlog of its opening is the open figures' business).
    const lat = done.latencies;
    recordMetric('trace_shown.latency_100eps_p50_ms', percentile(lat, 50));
    recordMetric('trace_shown.latency_100eps_p99_ms', percentile(lat, 99));
    recordMetric('trace_shown.latency_100eps_max_ms', Math.max(...lat));
    recordMetric('trace_shown.latency_100eps_samples', lat.length);
    // The part of it before the trace: the event's way from the sandbox's write to the webview.
    const arrivals = done.arrivals;
    recordMetric('trace_shown.arrival_100eps_p50_ms', percentile(arrivals, 50));
    recordMetric('trace_shown.arrival_100eps_p99_ms', percentile(arrivals, 99));
  });

  it('opens a finished 100,000-event attempt in Trace; memory and DOM after both views were used', async () => {
    const n = 100_000;
    // The heap with a panel of two events, for what the webview's heap figure holds besides the panel's rows.
    const small = await scriptedRun(sandbox!, { events: 2 });
    const smallKey = await open(small.id);
    await waitForPanel(api, smallKey, (s) => s.count === 2, { timeoutMs: 30_000 });
    const base = await liveHeapMb(api, smallKey);
    if (base !== undefined) recordMetric('trace_shown.two_events_webview_heap_live_mb', base);
    const shared = await probe<ProbeHeap>(api, smallKey, { op: 'heap' });
    recordMetric('trace_shown.webview_heap_shared_with_workbench', shared.sharedWithWorkbench ? 1 : 0);
    await closeAllPanels(api);
    const run = await scriptedRun(sandbox!, { events: n, ratePerSec: 0 });
    const started = Date.now();
    const key = await open(run.id);
    // The first rows on screen are the trace's (the hidden Events list draws nothing).
    const first = await waitForTrace(
      api,
      key,
      (t) => t.drawnThrough.length > 0,
      'the first rows',
      60_000,
      true,
    );
    recordMetric(
      'trace_shown.open_100k_first_rows_ms',
      (first.drawnThrough[0] as [number, number])[1] - started,
    );
    // The end of the run in the trace (the partial trace of the latest events), by the webview's clock at the draw
    // that showed it: a probe's answer queues behind the rows still in flight, seconds later.
    const end = await waitForTrace(
      api,
      key,
      (t) => t.drawnThrough.some(([ord]) => ord === n),
      'the end',
      60_000,
      true,
    );
    const endDrawn = end.drawnThrough.find(([ord]) => ord === n) as [number, number];
    recordMetric('trace_shown.open_100k_trace_end_ms', endDrawn[1] - started);
    // The part after VS Code made the webview: its document loading, the rows arriving, the fold and the draw.
    recordMetric('trace_shown.open_100k_trace_end_from_webview_start_ms', endDrawn[1] - end.timeOrigin);
    recordMetric('trace_shown.open_100k_trace_end_probe_ms', Date.now() - started);
    recordMetric('trace_shown.open_100k_trace_end_was_partial', end.drawnThrough[0]?.[0] === n ? 1 : 0);
    const folded = await waitForTrace(
      api,
      key,
      (t) => t.folded === n && !t.partial,
      'all folded',
      180_000,
      true,
    );
    recordMetric('trace_shown.open_100k_trace_whole_ms', Date.now() - started);
    recordMetric('trace_shown.after_100k_trace_dom_rows', folded.domRows);
    await probe(api, key, { op: 'setView', view: 'events' });
    const events = await waitForPanel(api, key, (s) => s.domOrds.includes(n), { timeoutMs: 60_000 });
    await probe(api, key, { op: 'setView', view: 'trace' });
    const after = await waitForPanel(api, key, (s) => s.count === n, { timeoutMs: 60_000 });
    recordMetric('trace_shown.after_100k_events_dom_rows', events.domRows);
    recordMetric('trace_shown.after_100k_dom_nodes', after.domNodes);
    if (after.perf.heapBytes)
      recordMetric('trace_shown.after_100k_webview_heap_mb', after.perf.heapBytes / 1e6);
    const live = await liveHeapMb(api, key);
    if (live !== undefined) {
      recordMetric('trace_shown.after_100k_webview_heap_live_mb', live);
      if (base !== undefined) recordMetric('trace_shown.after_100k_panel_heap_live_mb', live - base);
    }
    assert.ok(folded.domRows < 200 && events.domRows < 1_000);
  });
});

describe('follow bench: a Managed Agents session in the panel, beside an AgentOS run', function () {
  this.timeout(600_000);
  let api: FollowRunApi;
  let sandbox: SandboxProcess | undefined;
  const CLAUDE_KEY = 'sandbox-claude-key';

  before(async function () {
    if (!/bench/.test(process.env.AGENTOS_TEST_GREP ?? '')) this.skip();
    api = await followApi();
    sandbox = await startSandboxProcess();
    await signInToSandbox({ sandbox });
    await vscode.commands.executeCommand('agentos.signIn', {
      kind: 'claude',
      name: 'Claude bench',
      baseUrl: sandbox.url,
      apiKey: CLAUDE_KEY,
    });
  });
  after(async () => {
    await sandbox?.close();
  });
  afterEach(async () => {
    if (api) await closeAllPanels(api);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  });

  const claudeSession = async (events: number, ratePerSec: number): Promise<string> => {
    const res = await fetch(`${sandbox!.url}/_sandbox/claude/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLAUDE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events, ratePerSec, end: 'terminated' }),
    });
    return ((await res.json()) as { id: string }).id;
  };
  const followClaude = async (runId: string): Promise<string> =>
    (await vscode.commands.executeCommand('agentos.followRun', {
      connectionId: 'named:claude bench',
      runId,
    })) as string;
  const followAgentOs = async (runId: string): Promise<string> =>
    (await vscode.commands.executeCommand('agentos.followRun', { runId })) as string;

  /** Events/s rendered while a live source emits as fast as it can, and the wall time to the last row. */
  async function sustained(key: string, n: number, started: number): Promise<number> {
    const done = await waitForPanel(
      api,
      key,
      (s) => s.count === n && !s.loadingEarlier && s.domOrds.includes(n),
      { timeoutMs: 180_000 },
    );
    assert.ok(done.domRows < 1_000);
    return (n / (Date.now() - started)) * 1000;
  }

  it('ingest: events/s to the last row, a live session vs a live AgentOS run (20,000 events each)', async () => {
    const n = 20_000;
    const session = await claudeSession(n, 40_000);
    let started = Date.now();
    const claude = await sustained(await followClaude(session), n, started);
    await closeAllPanels(api);
    const run = await scriptedRun(sandbox!, { events: n, ratePerSec: 40_000 });
    started = Date.now();
    const agentos = await sustained(await followAgentOs(run.id), n, started);
    recordMetric('claude.panel_ingest_events_per_s', claude);
    recordMetric('claude.panel_ingest_agentos_events_per_s', agentos);
    recordMetric('claude.panel_ingest_vs_agentos', claude / agentos);
  });

  it('latency from the service processing an event to its row in the DOM, at 100 events/s', async () => {
    const n = 2_000;
    const key = await followClaude(await claudeSession(n, 100));
    const done = await waitForPanel(api, key, (s) => s.lastOrd === n && s.connectionText.includes('Ended'), {
      timeoutMs: 60_000,
    });
    const lat = done.perf.latencies.slice(100);
    recordMetric('claude.latency_100eps_p50_ms', percentile(lat, 50));
    recordMetric('claude.latency_100eps_p99_ms', percentile(lat, 99));
    recordMetric('claude.latency_100eps_samples', lat.length);
  });
});
