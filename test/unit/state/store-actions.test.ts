// What the store does for the actions on runs and triggers, with a fake backend over records in memory: an archived
// or deleted run leaves every list at once (and a deleted one is forgotten), and a trigger's firings page newest
// first with "Load more", without duplicates, keeping a failed page as the Load more node's error.
import assert from 'node:assert/strict';
import type { Backend, Page, RunInfo, RunQuery, TriggerRunInfo } from '../../../src/backends/types';
import { LiveStore, type StoreChange, type StoreSession } from '../../../src/state/store';
import { silentLogger } from '../../../src/util/logger';

function runInfo(i: number): RunInfo {
  return {
    id: `s${i}`,
    agentId: 'a1',
    state: 'waiting',
    status: 'idle',
    createdAt: new Date(Date.now() - i * 1000).toISOString(),
    raw: {},
  };
}

function fired(i: number): TriggerRunInfo {
  return { id: `f${i}`, triggerId: 't1', at: new Date(Date.now() - i * 60_000).toISOString(), raw: {} };
}

function setup(options: { triggerRuns?: boolean } = {}) {
  const runs = Array.from({ length: 6 }, (_, i) => runInfo(i));
  const firings = Array.from({ length: 25 }, (_, i) => fired(i));
  let failPages = 0;
  const backend = {
    caps: {},
    async listAgents() {
      return [];
    },
    async listRuns(query: RunQuery): Promise<Page<RunInfo>> {
      return { items: runs.slice(0, query.limit), total: runs.length };
    },
    ...(options.triggerRuns === false
      ? {}
      : {
          async listTriggerRuns(_id: string, query: { limit: number; page?: string }) {
            if (query.page && failPages-- > 0) throw new Error('page failed');
            const from = query.page ? Number(query.page) : 0;
            const page: Page<TriggerRunInfo> = { items: firings.slice(from, from + query.limit) };
            if (from + query.limit < firings.length) page.next = String(from + query.limit);
            return page;
          },
        }),
  } as unknown as Backend;
  const session: StoreSession = { connection: { id: 'c', name: 'C', baseUrl: 'http://x' }, backend };
  const store = new LiveStore(
    { all: () => [session], reportSuccess: () => undefined, reportError: () => undefined },
    { log: silentLogger, pageSize: () => 10 },
  );
  const changes: StoreChange[] = [];
  store.onDidChange((c) => changes.push(c));
  return { store, changes, firings, failNextPage: () => (failPages = 1) };
}

describe('state: the store after actions on runs and triggers (pure)', () => {
  it('an archived run leaves the Runs list and the agent’s recent runs at once, and stays known', async () => {
    const { store, changes } = setup();
    await store.ensureRunList('c');
    await store.ensureAgentRuns('c', 'a1');
    changes.length = 0;
    store.removeRun('c', 's2');
    const list = store.runList('c');
    assert.ok(list.state === 'loaded');
    assert.deepEqual(list.value.ids, ['s0', 's1', 's3', 's4', 's5']);
    assert.equal(list.value.total, 5);
    const recent = store.agentRuns('c', 'a1');
    assert.ok(recent.state === 'loaded' && !recent.value.includes('s2'));
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['runList', 'agentRuns'],
    );
    assert.equal(store.run('c', 's2')?.id, 's2', 'an archived run is still known by id');
  });

  it('a deleted run is forgotten too; removing a run no list shows changes nothing', async () => {
    const { store, changes } = setup();
    await store.ensureRunList('c');
    store.removeRun('c', 's1', { forget: true });
    assert.equal(store.run('c', 's1'), undefined);
    changes.length = 0;
    store.removeRun('c', 'nowhere', { forget: true });
    assert.deepEqual(changes, []);
  });

  it('a trigger’s firings: the first page, then Load more, each once and in order', async () => {
    const { store, changes, firings } = setup();
    const first = await store.ensureTriggerRuns('c', 't1');
    assert.ok(first.state === 'loaded');
    assert.deepEqual(
      first.value.items.map((f) => f.id),
      firings.slice(0, 10).map((f) => f.id),
    );
    assert.equal(first.value.next, '10');
    changes.length = 0;
    await store.loadMoreTriggerRuns('c', 't1');
    await store.loadMoreTriggerRuns('c', 't1');
    const all = store.triggerRuns('c', 't1');
    assert.ok(all.state === 'loaded');
    assert.deepEqual(
      all.value.items.map((f) => f.id),
      firings.map((f) => f.id),
    );
    assert.equal(all.value.next, undefined, 'the end');
    assert.ok(changes.every((c) => c.kind === 'triggerRuns' && c.triggerId === 't1'));
    await store.loadMoreTriggerRuns('c', 't1'); // at the end: nothing asked, nothing changes
    assert.equal(all.value.items.length, 25);
  });

  it('a failed Load more keeps what was shown and says why; a retry goes on from there', async () => {
    const { store, failNextPage } = setup();
    await store.ensureTriggerRuns('c', 't1');
    failNextPage();
    await store.loadMoreTriggerRuns('c', 't1');
    const failed = store.triggerRuns('c', 't1');
    assert.ok(failed.state === 'loaded');
    assert.equal(failed.value.items.length, 10);
    assert.equal(failed.value.moreError, 'page failed');
    await store.loadMoreTriggerRuns('c', 't1');
    assert.equal(failed.value.items.length, 20);
    assert.equal(failed.value.moreError, undefined);
  });

  it('a backend that keeps no trigger history is not asked; a refresh forgets the firings', async () => {
    const none = setup({ triggerRuns: false });
    assert.deepEqual(await none.store.ensureTriggerRuns('c', 't1'), { state: 'idle' });
    const { store } = setup();
    await store.ensureTriggerRuns('c', 't1');
    store.refresh('c');
    assert.equal(store.triggerRuns('c', 't1').state, 'idle');
  });
});
