import assert from 'node:assert/strict';
import { call, eventSeqs, range, readStream, scriptedRun, sleep, streamPath, useSandbox } from './helpers';

describe('sandbox: SSE event stream', () => {
  const sandbox = useSandbox({ demo: false, heartbeatMs: 50 });

  it('replays a finished attempt as run_event frames with the contract headers, then ends', async () => {
    const run = await scriptedRun(sandbox(), { events: 50 });
    const result = await readStream(sandbox(), streamPath(run.id, run.current_attempt_id));
    assert.equal(result.error, undefined);
    assert.equal(result.status, 200);
    assert.equal(result.headers.get('content-type'), 'text/event-stream');
    assert.equal(result.headers.get('cache-control'), 'no-cache');
    assert.deepEqual(eventSeqs(result.frames), range(1, 50));
    const first = JSON.parse(result.frames.find((frame) => frame.event === 'run_event')?.data as string);
    assert.deepEqual(Object.keys(first).sort(), ['attempt_id', 'id', 'payload', 'seq', 'timestamp', 'type']);
    assert.equal(first.attempt_id, run.current_attempt_id);
    const last = JSON.parse(
      result.frames.filter((frame) => frame.event === 'run_event').at(-1)?.data as string,
    );
    assert.equal(last.type, 'RUN_FINISHED');
    assert.ok(result.text.includes('é') && result.text.includes('漢') && result.text.includes('🚀'));
  });

  it('writes frames exactly as `event: run_event\\nid: <seq>\\ndata: <json>\\n\\n`', async () => {
    const run = await scriptedRun(sandbox(), { events: 2 });
    const result = await readStream(sandbox(), streamPath(run.id, run.current_attempt_id));
    assert.match(
      result.text,
      /^event: run_event\nid: 1\ndata: \{.*\}\n\nevent: run_event\nid: 2\ndata: \{.*\}\n\n$/,
    );
  });

  it('replays from afterSeq (exclusive) and ends; afterSeq at the end gives an empty, ended stream', async () => {
    const run = await scriptedRun(sandbox(), { events: 50 });
    const tail = await readStream(sandbox(), streamPath(run.id, run.current_attempt_id, '&afterSeq=45'));
    assert.deepEqual(eventSeqs(tail.frames), range(46, 50));
    const empty = await readStream(sandbox(), streamPath(run.id, run.current_attempt_id, '&afterSeq=50'));
    assert.equal(empty.error, undefined);
    assert.deepEqual(eventSeqs(empty.frames), []);
  });

  it('after a drop at every K in 1..49, resuming with afterSeq = last seen yields exactly the missing seqs', async () => {
    const run = await scriptedRun(sandbox(), { events: 50 });
    for (let k = 1; k <= 49; k++) {
      const dropped = await readStream(
        sandbox(),
        streamPath(run.id, run.current_attempt_id, `&sandboxFault=drop:${k}`),
      );
      assert.ok(dropped.error, `drop:${k} should end the body abnormally`);
      const seen = eventSeqs(dropped.frames);
      assert.deepEqual(seen, range(1, k), `drop:${k}`);
      const resumed = await readStream(
        sandbox(),
        streamPath(run.id, run.current_attempt_id, `&afterSeq=${seen.at(-1)}`),
      );
      assert.equal(resumed.error, undefined);
      assert.deepEqual([...seen, ...eventSeqs(resumed.frames)], range(1, 50), `resume after drop:${k}`);
    }
  });

  it('takes the larger of afterSeq and Last-Event-ID', async () => {
    const run = await scriptedRun(sandbox(), { events: 30 });
    const path = (query: string): string => streamPath(run.id, run.current_attempt_id, query);
    const headerWins = await readStream(sandbox(), path('&afterSeq=5'), {
      headers: { 'last-event-id': '20' },
    });
    assert.deepEqual(eventSeqs(headerWins.frames), range(21, 30));
    const queryWins = await readStream(sandbox(), path('&afterSeq=25'), {
      headers: { 'last-event-id': '10' },
    });
    assert.deepEqual(eventSeqs(queryWins.frames), range(26, 30));
    const headerOnly = await readStream(sandbox(), path(''), { headers: { 'last-event-id': '28' } });
    assert.deepEqual(eventSeqs(headerOnly.frames), [29, 30]);
  });

  it('sends `: ping` comments at the heartbeat interval while waiting', async () => {
    const run = await scriptedRun(sandbox(), { events: 3, terminal: 'none' });
    const result = await readStream(sandbox(), streamPath(run.id, run.current_attempt_id), { maxMs: 400 });
    assert.deepEqual(eventSeqs(result.frames), [1, 2, 3]);
    const pings = result.frames.filter(
      (frame) => frame.comments.includes('ping') && frame.event === undefined,
    );
    assert.ok(pings.length >= 3, `expected >= 3 pings, got ${pings.length}`);
    assert.ok(result.text.includes('\n: ping\n\n') || result.text.startsWith(': ping\n\n'));
  });

  it('pushes live appends as they happen and ends right after the terminal event', async () => {
    const run = await scriptedRun(sandbox(), { events: 40, ratePerSec: 200 });
    const result = await readStream(sandbox(), streamPath(run.id, run.current_attempt_id), { maxMs: 10_000 });
    assert.equal(result.error, undefined, 'the server ends the response itself');
    assert.deepEqual(eventSeqs(result.frames), range(1, 40));
    assert.ok(result.elapsedMs >= 100, 'events arrived over time, not all at once');
    const last = JSON.parse(
      result.frames.filter((frame) => frame.event === 'run_event').at(-1)?.data as string,
    );
    assert.equal(last.type, 'RUN_FINISHED');
  });

  it('streams events appended through the admin endpoint to an open stream', async () => {
    const run = await scriptedRun(sandbox(), { events: 1, terminal: 'none' });
    const reading = readStream(sandbox(), streamPath(run.id, run.current_attempt_id), { maxMs: 5000 });
    await sleep(100);
    const append = (type: string): Promise<unknown> =>
      call(sandbox(), `/_sandbox/runs/${run.id}/events`, {
        method: 'POST',
        body: { type, payload: { text: 'é 漢 🚀' } },
      });
    await append('NODE_OUTPUT');
    await append('RUN_FINISHED');
    const result = await reading;
    assert.equal(result.error, undefined);
    assert.deepEqual(eventSeqs(result.frames), [1, 2, 3]);
  });

  it('ends a followed stream when the run is cancelled (RUN_CANCELLED is terminal)', async () => {
    const run = await scriptedRun(sandbox(), { events: 2, terminal: 'none' });
    const reading = readStream(sandbox(), streamPath(run.id, run.current_attempt_id), { maxMs: 5000 });
    await sleep(100);
    assert.equal((await call(sandbox(), `/v1/api/runs/${run.id}/cancel`, { method: 'POST' })).status, 200);
    const result = await reading;
    assert.equal(result.error, undefined);
    const types = result.frames
      .filter((f) => f.event === 'run_event')
      .map((f) => JSON.parse(f.data as string).type);
    assert.equal(types.at(-1), 'RUN_CANCELLED');
  });

  it('replays 200,000 events quickly and in order without buffering them all', async () => {
    const run = await scriptedRun(sandbox(), { events: 200_000 });
    const started = Date.now();
    const res = await fetch(`${sandbox().url}${streamPath(run.id, run.current_attempt_id)}`, {
      headers: { authorization: `Bearer ${sandbox().key}` },
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let pending = '';
    let expected = 1;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      const blocks = pending.split('\n\n');
      pending = blocks.pop() as string;
      for (const block of blocks) {
        const id = /\nid: (\d+)\n/.exec(block)?.[1];
        assert.equal(Number(id), expected);
        expected++;
      }
    }
    assert.equal(expected - 1, 200_000);
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
  });

  it('rejects a missing attemptId (400), an unknown attempt or run (404) and a bad Last-Event-ID (400)', async () => {
    const run = await scriptedRun(sandbox(), { events: 1 });
    const noAttempt = await call(sandbox(), `/v1/api/runs/${run.id}/events/stream`);
    assert.equal(noAttempt.status, 400);
    assert.equal(noAttempt.body.field, 'attemptId');
    assert.equal((await call(sandbox(), streamPath(run.id, 'nope'))).status, 404);
    assert.equal((await call(sandbox(), streamPath('nope', run.current_attempt_id))).status, 404);
    const badHeader = await call(sandbox(), streamPath(run.id, run.current_attempt_id), {
      headers: { 'last-event-id': 'abc' },
    });
    assert.equal(badHeader.status, 400);
    const badAfter = await call(sandbox(), streamPath(run.id, run.current_attempt_id, '&afterSeq=-1'));
    assert.equal(badAfter.status, 400);
    assert.equal(badAfter.body.field, 'afterSeq');
  });
});
