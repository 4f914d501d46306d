import assert from 'node:assert/strict';
import type { Sandbox } from '../../../sandbox/server';
import { startSandbox } from '../../../sandbox/server';
import { admin, Follower, sdk, useClaude, type StreamEvent } from './helpers';

/** Median milliseconds of `runs` calls (the machine may be busy; the median ignores a hiccup). */
async function median(runs: number, call: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(runs / 2)] as number) * 10) / 10;
}

const figures: Record<string, number> = {};

describe('claude sandbox: scale', () => {
  const h = useClaude();

  it('lists a 100,000-event session at the start, middle and end as fast, and reconnects its stream at once', async () => {
    const { client, sandbox } = h();
    const created = performance.now();
    const id = (await admin(sandbox, '/sessions', { events: 100_000 })).id as string;
    figures.create100k = Math.round(performance.now() - created);
    const first = (await client.beta.sessions.events.list(id, { limit: 1 })).data[0] as {
      processed_at: string;
    };
    const at = (position: number): string =>
      new Date(Date.parse(first.processed_at) + position * 20).toISOString();

    figures.pageStart = await median(7, () => client.beta.sessions.events.list(id, { limit: 100 }));
    figures.pageMiddle = await median(7, () =>
      client.beta.sessions.events.list(id, { limit: 100, 'created_at[gte]': at(50_000) }),
    );
    figures.pageEnd = await median(7, () =>
      client.beta.sessions.events.list(id, { limit: 100, order: 'desc' }),
    );
    figures.pageTypesDeep = await median(7, () =>
      client.beta.sessions.events.list(id, {
        limit: 100,
        types: ['user.message', 'session.status_idle'],
        'created_at[gte]': at(90_000),
      }),
    );
    const middle = await client.beta.sessions.events.list(id, { limit: 100, 'created_at[gte]': at(50_000) });
    assert.equal((middle.data[0] as { processed_at: string }).processed_at, at(50_000));
    const next = await client.beta.sessions.events.list(id, {
      limit: 100,
      'created_at[gte]': at(50_000),
      page: middle.next_page as string,
    });
    assert.equal((next.data[0] as { processed_at: string }).processed_at, at(50_100));
    const end = await client.beta.sessions.events.list(id, { limit: 100, order: 'desc' });
    assert.equal((end.data[0] as { processed_at: string }).processed_at, at(99_999));
    assert.equal(end.data[0]?.type, 'session.status_idle');

    // A (re)connect starts at the live edge: the time to an open stream does not grow with the history.
    figures.streamConnect = await median(7, async () => {
      const stream = await client.beta.sessions.events.stream(id);
      stream.controller.abort();
    });
    // Generous bounds: this proves there is no scan of 100,000 events (a scan takes far longer), not a benchmark.
    for (const key of ['pageStart', 'pageMiddle', 'pageEnd', 'pageTypesDeep', 'streamConnect']) {
      assert.ok((figures[key] as number) < 250, `${key}: ${figures[key]} ms`);
    }
  });

  it('streams a live 100,000-event session from wherever it is, and the list catches up what a drop missed', async () => {
    const { client, sandbox } = h();
    const id = (await admin(sandbox, '/sessions', { events: 100_000, ratePerSec: 2000 })).id as string;
    const seen: StreamEvent[] = [];
    const follower = new Follower(
      await client.beta.sessions.events.stream(id, {}, { headers: { 'x-sandbox-fault': 'drop:50' } }),
    );
    await follower.done;
    seen.push(...follower.events);
    const last = seen.at(-1) as { processed_at: string; id: string };
    const reconnected: Follower = new Follower(
      await client.beta.sessions.events.stream(id),
      (): boolean => reconnected.events.length >= 20,
    );
    const caughtUp = await client.beta.sessions.events.list(id, {
      'created_at[gte]': last.processed_at,
      limit: 1000,
    });
    await reconnected.done;
    reconnected.stop();
    const ids = new Set(
      [...seen, ...caughtUp.data, ...reconnected.events].map((event) => (event as { id: string }).id),
    );
    // Nothing lost between the drop and the reconnect: every position from the first seen to the last is there.
    const all = (
      await client.beta.sessions.events.list(id, {
        'created_at[gte]': (seen[0] as { processed_at: string }).processed_at,
        limit: 1000,
      })
    ).data;
    const upTo = all.findIndex(
      (event) => (event as { id: string }).id === (reconnected.events.at(-1) as { id: string }).id,
    );
    assert.ok(upTo > 0);
    for (const event of all.slice(0, upTo + 1)) assert.ok(ids.has((event as { id: string }).id));
  });
});

describe('claude sandbox: 1,000 sessions', () => {
  let sandbox: Sandbox;
  before(async function () {
    this.timeout(30_000);
    const started = performance.now();
    sandbox = await startSandbox({ port: 0, demo: false, claudeSessions: 1000 });
    figures.start1000 = Math.round(performance.now() - started);
  });
  after(async () => {
    await sandbox.close();
    // The figures docs/sandbox.md quotes (run this file alone to reproduce them).
    console.log(`      scale figures (ms): ${JSON.stringify(figures)}`);
  });

  it('pages through all of them, and a deep page costs what the first does', async () => {
    const client = sdk(sandbox);
    const started = performance.now();
    let count = 0;
    for await (const session of client.beta.sessions.list({ limit: 100 })) count += session.id ? 1 : 0;
    figures.list1000All = Math.round(performance.now() - started);
    assert.equal(count, 1000);
    const first = await client.beta.sessions.list({ limit: 100 });
    let page = first;
    for (let index = 0; index < 8; index++)
      page = await client.beta.sessions.list({ limit: 100, page: page.next_page as string });
    const deep = page.next_page as string;
    figures.sessionsFirstPage = await median(7, () => client.beta.sessions.list({ limit: 100 }));
    figures.sessionsDeepPage = await median(7, () => client.beta.sessions.list({ limit: 100, page: deep }));
    figures.sessionsByStatus = await median(7, () =>
      client.beta.sessions.list({ limit: 100, statuses: ['terminated'] }),
    );
    const terminated = await client.beta.sessions.list({ limit: 1000, statuses: ['terminated'] });
    assert.ok(
      terminated.data.length > 50 && terminated.data.every((session) => session.status === 'terminated'),
    );
    for (const key of ['sessionsFirstPage', 'sessionsDeepPage', 'sessionsByStatus']) {
      assert.ok((figures[key] as number) < 250, `${key}: ${figures[key]} ms`);
    }
  });
});
