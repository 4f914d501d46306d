import assert from 'node:assert/strict';
import { call, range, scriptedRun, useSandbox } from './helpers';

describe('sandbox: event polling', () => {
  const sandbox = useSandbox({ demo: false });

  it('pages through seq > afterSeq with next_after_seq, has_more and latest_seq', async () => {
    const run = await scriptedRun(sandbox(), { events: 250 });
    const seqs: number[] = [];
    let afterSeq = 0;
    for (;;) {
      const res = await call(
        sandbox(),
        `/v1/api/runs/${run.id}/events?attemptId=${run.current_attempt_id}&afterSeq=${afterSeq}&limit=100`,
      );
      assert.equal(res.status, 200);
      assert.equal(res.body.latest_seq, 250);
      for (const event of res.body.events) {
        assert.deepEqual(Object.keys(event).sort(), [
          'attempt_id',
          'id',
          'payload',
          'seq',
          'timestamp',
          'type',
        ]);
        seqs.push(event.seq);
      }
      assert.equal(res.body.next_after_seq, res.body.events.at(-1).seq);
      if (!res.body.has_more) break;
      afterSeq = res.body.next_after_seq;
    }
    assert.deepEqual(seqs, range(1, 250));
  });

  it('answers an empty page past the end with next_after_seq null and has_more false', async () => {
    const run = await scriptedRun(sandbox(), { events: 5 });
    const res = await call(
      sandbox(),
      `/v1/api/runs/${run.id}/events?attemptId=${run.current_attempt_id}&afterSeq=5`,
    );
    assert.deepEqual(res.body, { events: [], latest_seq: 5, next_after_seq: null, has_more: false });
  });

  it('uses script events in order, then filler, and the terminal last', async () => {
    const run = await scriptedRun(sandbox(), {
      events: 4,
      terminal: 'RUN_FAILED',
      script: [
        { type: 'RUN_STARTED', payload: { hello: 'wörld' } },
        { type: 'TOOL_CALL', payload: { tool: 'x' } },
      ],
    });
    const res = await call(sandbox(), `/v1/api/runs/${run.id}/events?attemptId=${run.current_attempt_id}`);
    assert.deepEqual(
      res.body.events.map((event: { type: string }) => event.type),
      ['RUN_STARTED', 'TOOL_CALL', res.body.events[2].type, 'RUN_FAILED'],
    );
    assert.deepEqual(res.body.events[0].payload, { hello: 'wörld' });
    assert.equal((await call(sandbox(), `/v1/api/runs/${run.id}`)).body.status, 'failed');
  });

  it('requires attemptId (400), knows unknown attempts (404) and bounds limit (400)', async () => {
    const run = await scriptedRun(sandbox(), { events: 5 });
    const missing = await call(sandbox(), `/v1/api/runs/${run.id}/events`);
    assert.deepEqual([missing.status, missing.body.field], [400, 'attemptId']);
    assert.equal((await call(sandbox(), `/v1/api/runs/${run.id}/events?attemptId=nope`)).status, 404);
    const tooMany = await call(
      sandbox(),
      `/v1/api/runs/${run.id}/events?attemptId=${run.current_attempt_id}&limit=5000`,
    );
    assert.deepEqual([tooMany.status, tooMany.body.field], [400, 'limit']);
  });

  it('validates admin run specs', async () => {
    const noEvents = await call(sandbox(), '/_sandbox/runs', { method: 'POST', body: {} });
    assert.deepEqual([noEvents.status, noEvents.body.field], [400, 'events']);
    const badTerminal = await call(sandbox(), '/_sandbox/runs', {
      method: 'POST',
      body: { events: 3, terminal: 'DONE' },
    });
    assert.deepEqual([badTerminal.status, badTerminal.body.field], [400, 'terminal']);
    const badScript = await call(sandbox(), '/_sandbox/runs', {
      method: 'POST',
      body: { events: 3, script: [{}] },
    });
    assert.deepEqual([badScript.status, badScript.body.field], [400, 'script[0].type']);
  });
});
