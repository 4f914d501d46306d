// The store and its poller with a fake backend and manual timers: paging without duplicates, polling only what is
// shown and going, one list request for many active runs, no polling of streamed runs, backoff on errors, and what a
// followed stream reports (status, event counts) shown at once.
import assert from 'node:assert/strict';
import { toAgentInfo, toRunInfo, toSubRunInfo } from '../../../src/backends/agentos/mapping';
import type { Run } from '../../../src/backends/agentos/wire';
import type { Backend, Page, RunInfo, RunQuery } from '../../../src/backends/types';
import { Poller } from '../../../src/state/poller';
import { LiveStore, type StatusChange, type StoreChange, type StoreSession } from '../../../src/state/store';
import { silentLogger } from '../../../src/util/logger';

/** A backend over AgentOS records in memory (mapped as the AgentOS backend maps them), counting its calls. */
function fakeServer(runs: Run[]) {
  const calls: string[] = [];
  let failNext = 0;
  const fail = (): void => {
    if (failNext > 0) {
      failNext--;
      throw new Error('boom');
    }
  };
  const backend = {
    async listAgents() {
      calls.push('agents');
      return [
        toAgentInfo({
          id: 'a1',
          name: 'Agent One',
          last_run_id: runs[0]?.id,
          last_run_status: runs[0]?.status,
        }),
      ];
    },
    async listRuns(query: RunQuery): Promise<Page<RunInfo>> {
      const offset = query.page ? Number(query.page) : 0;
      calls.push(`list ${offset}`);
      fail();
      const filtered = runs.filter((r) => !query.status || r.status === query.status);
      const items = filtered.slice(offset, offset + query.limit).map((r) => toRunInfo({ ...r }));
      const page: Page<RunInfo> = { items, total: filtered.length };
      if (offset + items.length < filtered.length) page.next = String(offset + items.length);
      return page;
    },
    async getRun(id: string) {
      calls.push(`get ${id}`);
      fail();
      return toRunInfo({ ...(runs.find((r) => r.id === id) as Run) });
    },
    async listTriggers() {
      calls.push('triggers');
      return [];
    },
    async listSubRuns(id: string) {
      calls.push(`attempts ${id}`);
      const r = runs.find((candidate) => candidate.id === id);
      return r?.current_attempt_id
        ? [
            toSubRunInfo(
              {
                id: r.current_attempt_id,
                run_id: id,
                attempt_no: 1,
                status: r.status,
                latest_seq: r.latest_seq,
              },
              r.current_attempt_id,
            ),
          ]
        : [];
    },
    caps: { cancel: true, inbox: false },
  } as unknown as Backend;
  return { backend, calls, fail: (n: number) => (failNext = n) };
}

function run(i: number, status = 'completed'): Run {
  return { id: `r${i}`, status, agent_id: 'a1', created_at: new Date(Date.now() - i * 1000).toISOString() };
}

function setup(runs: Run[], options: { pageSize?: number } = {}) {
  const server = fakeServer(runs);
  const session: StoreSession = {
    connection: { id: 'c', name: 'C', baseUrl: 'http://x' },
    backend: server.backend,
  };
  const timers: { fn: () => void; ms: number }[] = [];
  const errors: unknown[] = [];
  const store = new LiveStore(
    { all: () => [session], reportSuccess: () => undefined, reportError: (_id, e) => errors.push(e) },
    { log: silentLogger, pageSize: () => options.pageSize ?? 10 },
  );
  const poller = new Poller(store, {
    log: silentLogger,
    intervalMs: () => 5000,
    setTimer: (fn, ms) => {
      const t = { fn, ms };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => timers.splice(timers.indexOf(t as never), 1),
  });
  // As the extension wires them: runs loaded, changed or watched may give the poller something to do.
  store.onDidChange(() => poller.schedule());
  store.onDidLoad(() => poller.schedule());
  const changes: StoreChange[] = [];
  store.onDidChange((c) => changes.push(c));
  const tick = async () => {
    const t = timers.shift();
    assert.ok(t, 'a poll is scheduled');
    t.fn();
    await poller.whenPolled();
    return t.ms;
  };
  const streamed = (runId: string, subRunId = `${runId}-a1`) =>
    store.reportStream('c', runId, { subRunId, streaming: true });
  return { store, poller, server, timers, changes, tick, errors, streamed };
}

describe('state: the store and its poller (pure)', () => {
  it('pages to the end without duplicates, even when new runs push old ones down', async () => {
    const runs = Array.from({ length: 25 }, (_, i) => run(i + 1));
    const { store } = setup(runs);
    await store.ensureRunList('c');
    runs.unshift(run(0)); // a new run arrives on top: the next page starts one run later
    await store.loadMore('c');
    await store.loadMore('c');
    await store.loadMore('c');
    const list = store.runList('c');
    assert.equal(list.state, 'loaded');
    if (list.state !== 'loaded') return;
    assert.equal(new Set(list.value.ids).size, list.value.ids.length);
    assert.equal(list.value.next, undefined, 'the end');
    assert.equal(list.value.ids.length, 25);
  });

  it('does not poll when nothing shown is going, nor while hidden', async () => {
    const { store, poller, timers, server } = setup([run(1), run(2, 'failed')]);
    poller.setVisible(true);
    await store.ensureRunList('c');
    assert.equal(timers.length, 0);
    const running = setup([run(1, 'running')]);
    await running.store.ensureRunList('c');
    assert.equal(running.timers.length, 0, 'hidden: no poll');
    running.poller.setVisible(true);
    assert.equal(running.timers.length, 1);
    running.poller.setVisible(false);
    assert.equal(running.timers.length, 0, 'hiding stops the timer');
    assert.deepEqual(server.calls, ['list 0']);
  });

  it('polls a few active runs one by one, reports status changes, and stops when all are terminal', async () => {
    const runs = [run(1, 'running'), run(2)];
    const { store, poller, server, tick, timers } = setup(runs);
    const statuses: StatusChange[] = [];
    store.onDidChangeStatus((c) => statuses.push(c));
    poller.setVisible(true);
    await store.ensureRunList('c');
    await tick();
    assert.deepEqual(server.calls.slice(1), ['get r1']);
    (runs[0] as Run).status = 'failed';
    await tick();
    assert.equal(store.run('c', 'r1')?.status, 'failed');
    assert.deepEqual(
      statuses.map((s) => [s.previous.status, s.run.status, s.source]),
      [['running', 'failed', 'server']],
    );
    assert.equal(timers.length, 0, 'all terminal: polling stops');
  });

  it('many active runs: one list request per round, not one per run', async () => {
    const runs = Array.from({ length: 10 }, (_, i) => run(i + 1, 'running'));
    const { store, poller, server, tick } = setup(runs);
    poller.setVisible(true);
    await store.ensureRunList('c');
    server.calls.length = 0;
    await tick();
    assert.deepEqual(server.calls, ['list 0']);
  });

  it('runs followed through a stream are not polled; their reported status shows at once', async () => {
    const { store, poller, timers, changes, streamed } = setup([run(1, 'running')]);
    poller.setVisible(true);
    streamed('r1');
    await store.ensureRunList('c');
    assert.equal(timers.length, 0, 'the only active run is streamed');
    changes.length = 0;
    const statuses: StatusChange[] = [];
    store.onDidChangeStatus((c) => statuses.push(c));
    store.reportStream('c', 'r1', {
      subRunId: 'r1-a1',
      streaming: true,
      status: { state: 'completed', status: 'completed' },
      fresh: true,
    });
    assert.equal(store.run('c', 'r1')?.status, 'completed');
    // Marked as learnt from the stream (and news), so the one notifier can tell it from a replay.
    assert.deepEqual(
      statuses.map((s) => [s.run.status, s.source, s.fresh]),
      [['completed', 'stream', true]],
    );
    assert.deepEqual(
      changes.find((c) => c.kind === 'runs'),
      { kind: 'runs', connectionId: 'c', runIds: ['r1'] },
    );
  });

  it("the current attempt's event count and status follow the polled run", async () => {
    const runs = [{ ...run(1, 'running'), current_attempt_id: 'r1-a1', latest_seq: 409 }];
    const { store, poller, tick, changes } = setup(runs);
    poller.setVisible(true);
    await store.ensureRunList('c');
    const before = await store.ensureSubRuns('c', 'r1');
    assert.equal(before.state === 'loaded' && before.value[0]?.eventCount, 409);
    (runs[0] as Run).latest_seq = 1560;
    changes.length = 0;
    await tick();
    const after = store.subRuns('c', 'r1');
    assert.equal(after.state === 'loaded' && after.value[0]?.eventCount, 1560);
    // The run node is refreshed, and VS Code asks again for its children (the attempts).
    assert.deepEqual(
      changes.filter((c) => c.kind === 'runs'),
      [{ kind: 'runs', connectionId: 'c', runIds: ['r1'] }],
    );
    Object.assign(runs[0] as Run, { status: 'completed', latest_seq: 1570 });
    await tick();
    const done = store.subRuns('c', 'r1');
    assert.equal(done.state === 'loaded' && done.value[0]?.status, 'completed');
    assert.equal(done.state === 'loaded' && done.value[0]?.eventCount, 1570);
  });

  it("a followed run's attempt rows count with its stream, with no polling", async () => {
    const runs = [{ ...run(1, 'running'), current_attempt_id: 'r1-a1', latest_seq: 10 }];
    const { store, poller, timers, server, streamed } = setup(runs);
    poller.setVisible(true);
    streamed('r1');
    await store.ensureRunList('c');
    await store.ensureSubRuns('c', 'r1');
    assert.equal(timers.length, 0, 'the stream tells the status and the count: no poll');
    server.calls.length = 0;
    store.reportStream('c', 'r1', { subRunId: 'r1-a1', streaming: true, eventCount: 25 });
    const attempts = store.subRuns('c', 'r1');
    assert.equal(attempts.state === 'loaded' && attempts.value[0]?.eventCount, 25);
    assert.equal(store.run('c', 'r1')?.eventCount, 25);
    assert.deepEqual(server.calls, [], 'nothing was asked of the server');
    // Another attempt's stream (an older one, followed too) does not speak for the run.
    store.reportStream('c', 'r1', { subRunId: 'r1-a0', streaming: false, eventCount: 99 });
    assert.equal(store.run('c', 'r1')?.eventCount, 25);
  });

  it('a run a panel watches is polled even while no view is visible; shown runs are not', async () => {
    const runs = [run(1, 'running'), run(2, 'running')];
    const { store, poller, timers, tick, server } = setup(runs);
    await store.ensureRunList('c');
    poller.setVisible(false);
    assert.equal(timers.length, 0, 'hidden views: no poll');
    const watch = store.watch('c', 'r2');
    poller.schedule();
    server.calls.length = 0;
    await tick();
    assert.deepEqual(server.calls, ['get r2']);
    watch.dispose();
    server.calls.length = 0;
    await tick();
    assert.deepEqual(server.calls, [], 'nothing watched any more: nothing asked');
    assert.equal(timers.length, 0, 'nothing watched, nothing shown: the timer stops');
  });

  it('backs off on errors and recovers', async () => {
    const { store, poller, server, tick, errors } = setup([run(1, 'running')]);
    poller.setVisible(true);
    await store.ensureRunList('c');
    server.fail(2);
    assert.equal(await tick(), 5000);
    assert.equal(await tick(), 10000, 'doubled after one failure');
    assert.equal(await tick(), 20000, 'doubled again');
    assert.equal(await tick(), 5000, 'back to the interval after a success');
    assert.equal(errors.length, 2);
  });

  it('a failed load is kept as an error state (not thrown) and retryFailed clears it', async () => {
    const { store, server } = setup([run(1)]);
    server.fail(1);
    const list = await store.ensureRunList('c');
    assert.equal(list.state, 'error');
    assert.equal((await store.ensureRunList('c')).state, 'error', 'no request storm: the error is kept');
    store.retryFailed();
    assert.equal((await store.ensureRunList('c')).state, 'loaded');
  });

  it('a change of a run fires for that run only', async () => {
    const runs = [run(1, 'running'), run(2, 'running'), run(3)];
    const { store, changes } = setup(runs);
    await store.ensureRunList('c');
    changes.length = 0;
    store.upsertRun('c', toRunInfo({ ...(runs[1] as Run), status: 'completed' }));
    const runChanges = changes.filter((c) => c.kind === 'runs');
    assert.deepEqual(runChanges, [{ kind: 'runs', connectionId: 'c', runIds: ['r2'] }]);
  });
});
