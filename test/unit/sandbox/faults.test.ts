import assert from 'node:assert/strict';
import { call, eventSeqs, range, readStream, scriptedRun, sleep, streamPath, useSandbox } from './helpers';

describe('sandbox: fault injection', () => {
  const sandbox = useSandbox({ demo: false, heartbeatMs: 50 });
  let run: { id: string; current_attempt_id: string };
  const path = (query = ''): string => streamPath(run.id, run.current_attempt_id, query);

  before(async () => {
    run = await scriptedRun(sandbox(), { events: 10 });
  });
  afterEach(async () => {
    await call(sandbox(), '/_sandbox/faults', { method: 'DELETE' });
  });

  it('drop:K via the X-Sandbox-Fault header ends the connection after K frames', async () => {
    const result = await readStream(sandbox(), path(), { headers: { 'x-sandbox-fault': 'drop:4' } });
    assert.ok(result.error);
    assert.deepEqual(eventSeqs(result.frames), [1, 2, 3, 4]);
  });

  it('cut:S cuts the frame of event S halfway on every connection that reaches it, and ends the connection', async () => {
    await call(sandbox(), '/_sandbox/faults', { method: 'POST', body: { fault: 'cut:6', times: 2 } });
    for (const after of [0, 3]) {
      const result = await readStream(sandbox(), path(`&afterSeq=${after}`));
      assert.ok(result.error, 'the connection ends without the chunked terminator');
      assert.deepEqual(eventSeqs(result.frames), range(after + 1, 5));
      assert.ok(result.text.includes('"seq":6'), 'half of event 6 was sent');
      assert.ok(!result.text.includes('"seq":7'));
    }
    // The queue is used up: the next connection gets every event, and polling always had them.
    const whole = await readStream(sandbox(), path('&afterSeq=5'));
    assert.deepEqual(eventSeqs(whole.frames), range(6, 10));
  });

  it('stall:K:T writes nothing at all (not even pings) for T ms after K frames, then goes on', async () => {
    const result = await readStream(sandbox(), path('&sandboxFault=stall:3:400'));
    assert.equal(result.error, undefined);
    assert.deepEqual(eventSeqs(result.frames), range(1, 10));
    assert.equal(result.frames.filter((frame) => frame.comments.includes('ping')).length, 0);
    const gaps = result.chunkTimes.slice(1).map((time, index) => time - (result.chunkTimes[index] as number));
    assert.ok(Math.max(...gaps) >= 350, `largest gap between chunks was ${Math.max(...gaps)} ms`);
  });

  for (const [spec, status, code] of [
    ['status:429:7', 429, 'RATE_LIMITED'],
    ['status:500', 500, 'INTERNAL_ERROR'],
    ['status:503', 503, 'SERVICE_UNAVAILABLE'],
  ] as const) {
    it(`${spec} answers ${status} JSON { message, code }`, async () => {
      const res = await call(sandbox(), `${path()}&sandboxFault=${spec}`);
      assert.equal(res.status, status);
      assert.equal(res.body.code, code);
      assert.equal(typeof res.body.message, 'string');
      if (status === 429) assert.equal(res.headers.get('retry-after'), '7');
    });
  }

  it('malformed:K writes one broken frame after K frames and then goes on', async () => {
    const result = await readStream(sandbox(), path('&sandboxFault=malformed:2'));
    assert.ok(result.text.includes('event: run_event\ndata: {"seq": oops\n\n'));
    const good = result.frames.filter((frame) => frame.id !== undefined);
    assert.deepEqual(eventSeqs(good), range(1, 10));
    const brokenAt = result.frames.findIndex((frame) => frame.data === '{"seq": oops');
    assert.equal(brokenAt, 2);
  });

  it('error-frame:K sends `event: error` with { message, code: STREAM_ERROR } after K frames and ends', async () => {
    const result = await readStream(sandbox(), path('&sandboxFault=error-frame:3'));
    assert.equal(result.error, undefined);
    assert.deepEqual(eventSeqs(result.frames), [1, 2, 3]);
    const last = result.frames.at(-1);
    assert.equal(last?.event, 'error');
    const data = JSON.parse(last?.data as string);
    assert.equal(data.code, 'STREAM_ERROR');
    assert.equal(typeof data.message, 'string');
  });

  it('drip writes the response one byte per write', async () => {
    const small = await scriptedRun(sandbox(), { events: 2 });
    const result = await readStream(
      sandbox(),
      streamPath(small.id, small.current_attempt_id, '&sandboxFault=drip'),
    );
    assert.deepEqual(eventSeqs(result.frames), [1, 2]);
    const bytes = Buffer.byteLength(result.text);
    assert.ok(result.chunks.length > bytes / 4, `${result.chunks.length} chunks for ${bytes} bytes`);
  });

  it('split-utf8 cuts multi-byte characters across chunks, and the text still decodes', async () => {
    const result = await readStream(sandbox(), path('&sandboxFault=split-utf8'));
    assert.deepEqual(eventSeqs(result.frames), range(1, 10));
    const strict = new TextDecoder('utf-8', { fatal: true });
    const cutChunks = result.chunks.filter((chunk) => {
      try {
        strict.decode(chunk);
        return false;
      } catch {
        return true;
      }
    });
    assert.ok(cutChunks.length > 0, 'some chunk ends or starts inside a character');
    assert.ok(result.text.includes('漢') && result.text.includes('🚀') && result.text.includes('é'));
  });

  it('drip and split-utf8 also apply to JSON answers, which still parse', async () => {
    for (const spec of ['drip', 'split-utf8']) {
      const res = await call(sandbox(), `/v1/api/me?sandboxFault=${spec}`);
      assert.equal(res.status, 200, spec);
      assert.equal(typeof res.body.email, 'string', spec);
    }
  });

  it('hang accepts the request and sends nothing', async () => {
    const result = await readStream(sandbox(), path('&sandboxFault=hang'), { maxMs: 300 });
    assert.ok(result.error, 'aborted by the client');
    assert.equal(result.status, 0, 'no headers ever came');
  });

  it('applies a comma-separated list of faults', async () => {
    const result = await readStream(sandbox(), path('&sandboxFault=malformed:1,drop:3'));
    assert.ok(result.error);
    assert.deepEqual(eventSeqs(result.frames.filter((frame) => frame.id !== undefined)), [1, 2, 3]);
    assert.ok(result.text.includes('oops'));
  });

  it('serves an event with a 1 MB payload', async () => {
    const big = await scriptedRun(sandbox(), { events: 3, payloadBytes: 1_000_000 });
    const result = await readStream(sandbox(), streamPath(big.id, big.current_attempt_id));
    assert.deepEqual(eventSeqs(result.frames), [1, 2, 3]);
    const payload = JSON.parse(result.frames[1]?.data as string).payload;
    assert.equal(payload.padding.length, 1_000_000);
  });

  it('rejects an unknown fault spec with a 400 naming the parameter', async () => {
    const res = await call(sandbox(), `${path()}&sandboxFault=explode:1`);
    assert.equal(res.status, 400);
    assert.equal(res.body.field, 'sandboxFault');
    const queued = await call(sandbox(), '/_sandbox/faults', { method: 'POST', body: { fault: 'nope' } });
    assert.equal(queued.status, 400);
    assert.equal(queued.body.field, 'fault');
  });

  it('queues global faults for the next `times` matching requests; admin calls are never hit', async () => {
    const queued = await call(sandbox(), '/_sandbox/faults', {
      method: 'POST',
      body: { fault: 'status:503', times: 2, match: 'api' },
    });
    assert.equal(queued.status, 201);
    assert.equal((await call(sandbox(), '/_sandbox/stats')).status, 200);
    assert.equal((await readStream(sandbox(), path())).status, 200, 'a stream is not an api request');
    assert.equal((await call(sandbox(), '/v1/api/me')).status, 503);
    assert.equal((await call(sandbox(), '/v1/api/agents')).status, 503);
    assert.equal((await call(sandbox(), '/v1/api/me')).status, 200);
  });

  it('global stream faults hit the next stream; DELETE /_sandbox/faults clears the queue', async () => {
    await call(sandbox(), '/_sandbox/faults', { method: 'POST', body: { fault: 'drop:2', times: 5 } });
    assert.equal((await call(sandbox(), '/v1/api/me')).status, 200, 'drop defaults to streams only');
    assert.deepEqual(eventSeqs((await readStream(sandbox(), path())).frames), [1, 2]);
    await call(sandbox(), '/_sandbox/faults', { method: 'DELETE' });
    assert.deepEqual(eventSeqs((await readStream(sandbox(), path())).frames), range(1, 10));
  });

  it('global 429 with match "events" hits polling and streams', async () => {
    await call(sandbox(), '/_sandbox/faults', {
      method: 'POST',
      body: { fault: 'status:429:3', times: 2, match: 'events' },
    });
    const polled = await call(sandbox(), `/v1/api/runs/${run.id}/events?attemptId=${run.current_attempt_id}`);
    assert.equal(polled.status, 429);
    assert.equal(polled.headers.get('retry-after'), '3');
    assert.equal((await readStream(sandbox(), path())).status, 429);
    assert.equal((await readStream(sandbox(), path())).status, 200);
  });

  it('counts requests per path and open streams (GET/POST /_sandbox/stats)', async () => {
    await call(sandbox(), '/_sandbox/stats/reset', { method: 'POST' });
    await call(sandbox(), '/v1/api/me');
    await call(sandbox(), '/v1/api/me');
    await call(sandbox(), '/v1/api/agents');
    const live = await scriptedRun(sandbox(), { events: 1, terminal: 'none' });
    const reading = readStream(sandbox(), streamPath(live.id, live.current_attempt_id), { maxMs: 300 });
    await sleep(100);
    const stats = await call(sandbox(), '/_sandbox/stats');
    assert.equal(stats.body.requests, 4);
    assert.equal(stats.body.byPath['/v1/api/me'], 2);
    assert.equal(stats.body.byPath['/v1/api/agents'], 1);
    assert.equal(stats.body.openStreams, 1);
    await reading;
    await sleep(50);
    assert.equal((await call(sandbox(), '/_sandbox/stats')).body.openStreams, 0);
  });
});
