// The sidebar store with a fake client and manual timers: paging without duplicates, polling only what is
// shown and going, one list request for many active runs, no polling of streamed runs, backoff on errors.
import assert from 'node:assert/strict';
import type { Agent, Page, Run } from '../../../src/backends/agentos/wire';
import { silentLogger } from '../../../src/util/logger';
import {
  SidebarStore,
  type StoreChange,
  type StoreClient,
  type StoreSession,
} from '../../../src/providers/store';
import type { StatusChange } from '../../../src/providers/store';

function fakeServer(runs: Run[]) {
  const calls: string[] = [];
  let failNext = 0;
  const client = {
    async listAgents() {
      return { items: [] };
    },
    async *agents() {
      calls.push('agents');
      yield {
        id: 'a1',
        name: 'Agent One',
        last_run_id: runs[0]?.id,
        last_run_status: runs[0]?.status,
      } as Agent;
    },
    async listRuns(params: { limit?: number; offset?: number; status?: string; agent_id?: string } = {}) {
      calls.push(`list ${params.offset ?? 0}`);
      if (failNext > 0) {
        failNext--;
        throw new Error('boom');
      }
      const filtered = runs.filter((r) => !params.status || r.status === params.status);
      const offset = params.offset ?? 0;
      const limit = params.limit ?? 50;
      return {
        items: filtered.slice(offset, offset + limit).map((r) => ({ ...r })),
        total: filtered.length,
      } as Page<Run>;
    },
    async getRun(id: string) {
      calls.push(`get ${id}`);
      if (failNext > 0) {
        failNext--;
        throw new Error('boom');
      }
      return { ...(runs.find((r) => r.id === id) as Run) };
    },
    async listTriggers() {
      calls.push('triggers');
      return [];
    },
    async listAttempts(id: string) {
      calls.push(`attempts ${id}`);
      const r = runs.find((candidate) => candidate.id === id);
      return r?.current_attempt_id
        ? [
            {
              id: r.current_attempt_id,
              run_id: id,
              attempt_no: 1,
              status: r.status,
              latest_seq: r.latest_seq,
            },
          ]
        : [];
    },
  } as unknown as StoreClient;
  return { client, calls, fail: (n: number) => (failNext = n) };
}

function run(i: number, status = 'completed'): Run {
  return { id: `r${i}`, status, agent_id: 'a1', created_at: new Date(Date.now() - i * 1000).toISOString() };
}

function setup(runs: Run[], options: { streaming?: Set<string>; pageSize?: number } = {}) {
  const server = fakeServer(runs);
  const session: StoreSession = {
    connection: { id: 'c', name: 'C', baseUrl: 'http://x' },
    client: server.client,
  };
  const timers: { fn: () => void; ms: number }[] = [];
  const errors: unknown[] = [];
  const store = new SidebarStore(
    { all: () => [session], reportSuccess: () => undefined, reportError: (_id, e) => errors.push(e) },
    {
      log: silentLogger,
      pageSize: () => options.pageSize ?? 10,
      intervalMs: () => 5000,
      isStreaming: (_c, id) => options.streaming?.has(id) ?? false,
      setTimer: (fn, ms) => {
        const t = { fn, ms };
        timers.push(t);
        return t;
      },
      clearTimer: (t) => timers.splice(timers.indexOf(t as never), 1),
    },
  );
  const changes: StoreChange[] = [];
  store.onDidChange((c) => changes.push(c));
  const tick = async () => {
    const t = timers.shift();
    assert.ok(t, 'a poll is scheduled');
    t.fn();
    await store.whenPolled();
    return t.ms;
  };
  return { store, server, timers, changes, tick, errors };
}

describe('sidebar store (pure)', () => {
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
    assert.equal(list.value.hasMore, false);
    assert.equal(list.value.ids.length, 25);
  });

  it('does not poll when nothing shown is going, nor while hidden', async () => {
    const { store, timers, server } = setup([run(1), run(2, 'failed')]);
    store.setVisible(true);
    await store.ensureRunList('c');
    assert.equal(timers.length, 0);
    const running = setup([run(1, 'running')]);
    await running.store.ensureRunList('c');
    assert.equal(running.timers.length, 0, 'hidden: no poll');
    running.store.setVisible(true);
    assert.equal(running.timers.length, 1);
    running.store.setVisible(false);
    assert.equal(running.timers.length, 0, 'hiding stops the timer');
    assert.deepEqual(server.calls, ['list 0']);
  });

  it('polls a few active runs one by one, reports status changes, and stops when all are terminal', async () => {
    const runs = [run(1, 'running'), run(2)];
    const { store, server, tick, timers } = setup(runs);
    const statuses: StatusChange[] = [];
    store.onDidChangeStatus((c) => statuses.push(c));
    store.setVisible(true);
    await store.ensureRunList('c');
    await tick();
    assert.deepEqual(server.calls.slice(1), ['get r1']);
    (runs[0] as Run).status = 'failed';
    await tick();
    assert.equal(store.run('c', 'r1')?.status, 'failed');
    assert.deepEqual(
      statuses.map((s) => [s.previous, s.run.status, s.source]),
      [['running', 'failed', 'server']],
    );
    assert.equal(timers.length, 0, 'all terminal: polling stops');
  });

  it('many active runs: one list request per round, not one per run', async () => {
    const runs = Array.from({ length: 10 }, (_, i) => run(i + 1, 'running'));
    const { store, server, tick } = setup(runs);
    store.setVisible(true);
    await store.ensureRunList('c');
    server.calls.length = 0;
    await tick();
    assert.deepEqual(server.calls, ['list 0']);
  });

  it('runs followed through a stream are not polled; their reported status shows at once', async () => {
    const streaming = new Set(['r1']);
    const { store, timers, changes } = setup([run(1, 'running')], { streaming });
    store.setVisible(true);
    await store.ensureRunList('c');
    assert.equal(timers.length, 0, 'the only active run is streamed');
    changes.length = 0;
    const statuses: StatusChange[] = [];
    store.onDidChangeStatus((c) => statuses.push(c));
    store.applyStatus('c', 'r1', 'completed');
    assert.equal(store.run('c', 'r1')?.status, 'completed');
    // Marked as learnt from the stream, so the sidebar leaves announcing it to the Follow Run panel.
    assert.deepEqual(
      statuses.map((s) => [s.run.status, s.source]),
      [['completed', 'stream']],
    );
    assert.deepEqual(
      changes.find((c) => c.kind === 'runs'),
      { kind: 'runs', connectionId: 'c', runIds: ['r1'] },
    );
  });

  it("the current attempt's event count and status follow the polled run", async () => {
    const runs = [{ ...run(1, 'running'), current_attempt_id: 'r1-a1', latest_seq: 409 }];
    const { store, tick, changes } = setup(runs);
    store.setVisible(true);
    await store.ensureRunList('c');
    const before = await store.ensureAttempts('c', 'r1');
    assert.equal(before.state === 'loaded' && before.value[0]?.latest_seq, 409);
    (runs[0] as Run).latest_seq = 1560;
    changes.length = 0;
    await tick();
    const after = store.attempts('c', 'r1');
    assert.equal(after.state === 'loaded' && after.value[0]?.latest_seq, 1560);
    // The run node is refreshed, and VS Code asks again for its children (the attempts).
    assert.deepEqual(
      changes.filter((c) => c.kind === 'runs'),
      [{ kind: 'runs', connectionId: 'c', runIds: ['r1'] }],
    );
    Object.assign(runs[0] as Run, { status: 'completed', latest_seq: 1570 });
    await tick();
    const done = store.attempts('c', 'r1');
    assert.equal(done.state === 'loaded' && done.value[0]?.status, 'completed');
    assert.equal(done.state === 'loaded' && done.value[0]?.latest_seq, 1570);
  });

  it('a followed run whose attempts are shown is polled, so their event counts keep up', async () => {
    const streaming = new Set(['r1']);
    const runs = [{ ...run(1, 'running'), current_attempt_id: 'r1-a1', latest_seq: 10 }];
    const { store, timers, tick, server } = setup(runs, { streaming });
    store.setVisible(true);
    await store.ensureRunList('c');
    assert.equal(timers.length, 0, 'the stream reports its status: no poll');
    await store.ensureAttempts('c', 'r1');
    assert.equal(timers.length, 1, 'its attempt rows show a count the stream does not report');
    (runs[0] as Run).latest_seq = 25;
    server.calls.length = 0;
    await tick();
    assert.deepEqual(server.calls, ['get r1']);
    const attempts = store.attempts('c', 'r1');
    assert.equal(attempts.state === 'loaded' && attempts.value[0]?.latest_seq, 25);
  });

  it('backs off on errors and recovers', async () => {
    const { store, server, tick, errors } = setup([run(1, 'running')]);
    store.setVisible(true);
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
    store.upsertRun('c', { ...(runs[1] as Run), status: 'completed' });
    const runChanges = changes.filter((c) => c.kind === 'runs');
    assert.deepEqual(runChanges, [{ kind: 'runs', connectionId: 'c', runIds: ['r2'] }]);
  });
});
