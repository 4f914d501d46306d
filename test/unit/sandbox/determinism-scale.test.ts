import assert from 'node:assert/strict';
import { startSandbox } from '../../../sandbox/server';
import { call, range, scriptedRun, useSandbox } from './helpers';

describe('sandbox: determinism', () => {
  it('the same seed gives the same ids, demo data and executor output', async () => {
    const snapshot = async (seed: number): Promise<unknown> => {
      const sandbox = await startSandbox({ port: 0, seed, speed: 1000 });
      try {
        const agents = (await call(sandbox, '/v1/api/agents')).body.items.map(
          (a: { id: string; name: string }) => [a.id, a.name],
        );
        const runs = (await call(sandbox, '/v1/api/runs?status=completed&limit=500')).body.items;
        const run = runs.find((r: { current_attempt_no: number }) => r.current_attempt_no === 1);
        const events = (
          await call(sandbox, `/v1/api/runs/${run.id}/events?attemptId=${run.current_attempt_id}&limit=1000`)
        ).body.events;
        const withoutTime = events.map((e: { type: string; payload: unknown; seq: number }) => [
          e.seq,
          e.type,
          e.payload,
        ]);
        return { agents, runIds: runs.map((r: { id: string }) => r.id), events: withoutTime };
      } finally {
        await sandbox.close();
      }
    };
    const first = await snapshot(7);
    assert.deepEqual(await snapshot(7), first);
    assert.notDeepEqual(await snapshot(8), first);
  });
});

describe('sandbox: scale', () => {
  const sandbox = useSandbox({ runs: 10_000 });

  it('holds 10,000 extra runs and pages through all of them fast', async () => {
    const first = await call(sandbox(), '/v1/api/runs?limit=1');
    assert.ok(first.body.total >= 10_000);
    const started = Date.now();
    let seen = 0;
    for (let offset = 0; offset < first.body.total; offset += 500) {
      seen += (await call(sandbox(), `/v1/api/runs?limit=500&offset=${offset}`)).body.items.length;
    }
    assert.equal(seen, first.body.total);
    const deep = Date.now();
    await call(sandbox(), '/v1/api/runs?limit=50&offset=9900');
    await call(sandbox(), '/v1/api/runs?status=failed&limit=50&offset=1000');
    assert.ok(Date.now() - deep < 200, 'deep pages are as cheap as the first');
    assert.ok(Date.now() - started < 5000, `paging all took ${Date.now() - started} ms`);
  });

  it('polls an attempt of 100,000 events by seq without scanning', async () => {
    const run = await scriptedRun(sandbox(), { events: 100_000 });
    const base = `/v1/api/runs/${run.id}/events?attemptId=${run.current_attempt_id}`;
    const started = Date.now();
    const tail = await call(sandbox(), `${base}&afterSeq=99990&limit=1000`);
    assert.deepEqual(
      tail.body.events.map((e: { seq: number }) => e.seq),
      range(99_991, 100_000),
    );
    assert.equal(tail.body.has_more, false);
    const middle = await call(sandbox(), `${base}&afterSeq=50000&limit=3`);
    assert.deepEqual(
      middle.body.events.map((e: { seq: number }) => e.seq),
      [50_001, 50_002, 50_003],
    );
    assert.equal(middle.body.has_more, true);
    assert.ok(Date.now() - started < 500);
  });
});
