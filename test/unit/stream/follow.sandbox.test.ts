// follow() against the sandbox over real HTTP: every fault, a seeded random storm, polling fallback, abort.
import assert from 'node:assert/strict';
import type { Sandbox } from '../../../sandbox/server';
import type { AgentOsClient } from '../../../src/api/client';
import type { RunEventDto } from '../../../src/api/models';
import { follow, type FollowOptions, type FollowState } from '../../../src/stream/follow';
import { admin, captureLog, clientFor, proxyTo, range, sandbox, seeded, type Admin } from './sandbox-fixture';

const FAST: FollowOptions = {
  baseDelayMs: 0,
  maxDelayMs: 0,
  stallTimeoutMs: 400,
  firstByteTimeoutMs: 600,
  pollIntervalMs: 20,
  maxReconnects: 10,
};

interface Outcome {
  events: RunEventDto[];
  seqs: number[];
  states: FollowState[];
}

async function followAll(
  client: AgentOsClient,
  runId: string,
  attemptId: string,
  options: FollowOptions = {},
  onState?: (s: FollowState) => Promise<void> | void,
): Promise<Outcome> {
  const events: RunEventDto[] = [];
  const states: FollowState[] = [];
  for await (const item of follow(client, runId, attemptId, { ...FAST, ...options })) {
    if (item.kind === 'event') events.push(item.event);
    else {
      states.push(item.state);
      if (onState) await onState(item.state);
    }
  }
  return { events, seqs: events.map((e) => e.seq), states };
}

describe('follow over HTTP (sandbox)', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  let ad: Admin;
  let client: AgentOsClient;

  before(async () => {
    sb = await sandbox();
    ad = admin(sb);
    client = clientFor(sb);
  });
  after(async () => {
    await client.close();
    await sb.close();
  });
  afterEach(() => ad.clearFaults());

  async function scripted(
    events: number,
    extra: { payloadBytes?: number; ratePerSec?: number; terminal?: string } = {},
  ) {
    const run = await ad.createRun({ events, ...extra });
    assert.ok(run.current_attempt_id);
    return { runId: run.id, attemptId: run.current_attempt_id as string };
  }

  async function expectExact(
    n: number,
    fault: string,
    times = 1,
    options: FollowOptions = {},
    payloadBytes?: number,
  ) {
    const { runId, attemptId } = await scripted(n, { payloadBytes });
    await ad.fault(fault, { times, match: 'stream' });
    const r = await followAll(client, runId, attemptId, options);
    assert.deepEqual(r.seqs, range(1, n), `${fault}: delivered seqs`);
    assert.equal(r.states.at(-1)?.type, 'ended', `${fault}: ends cleanly`);
    // Content too: what was followed is exactly what the ledger holds.
    const ledger = await ad.pollAll(runId, attemptId);
    assert.deepEqual(r.events, ledger, `${fault}: same events as the ledger`);
    return r;
  }

  it('no fault: 1..N, connecting → live → ended', async () => {
    const { runId, attemptId } = await scripted(500);
    const r = await followAll(client, runId, attemptId);
    assert.deepEqual(r.seqs, range(1, 500));
    assert.deepEqual(
      r.states.map((s) => s.type),
      ['connecting', 'live', 'ended'],
    );
  });

  it('drop after K frames (three times in a row) → exactly 1..N', async () => {
    const r = await expectExact(400, 'drop:50', 3);
    assert.equal(r.states.filter((s) => s.type === 'reconnecting').length, 3);
  });

  it('stall (no bytes, no pings) → reconnect → exactly 1..N', async () => {
    const r = await expectExact(300, 'stall:100:5000', 1, { stallTimeoutMs: 300 });
    const rec = r.states.find((s) => s.type === 'reconnecting');
    assert.ok(rec?.type === 'reconnecting' && /no data or heartbeat/.test(rec.reason));
  });

  it('429 with Retry-After → waits, then exactly 1..N', async () => {
    const started = Date.now();
    const r = await expectExact(200, 'status:429:1');
    const rec = r.states.find((s) => s.type === 'reconnecting');
    assert.ok(rec?.type === 'reconnecting' && rec.delayMs === 1000, JSON.stringify(rec));
    assert.ok(Date.now() - started >= 1000);
  });

  it('500 and 503 → backoff reconnects → exactly 1..N', async () => {
    await expectExact(200, 'status:500', 2);
    await expectExact(200, 'status:503', 2);
  });

  it('malformed frame → skipped and logged → exactly 1..N', async () => {
    const log = captureLog();
    const { runId, attemptId } = await scripted(300);
    await ad.fault('malformed:120', { match: 'stream' });
    const r = await followAll(client, runId, attemptId, { logger: log });
    assert.deepEqual(r.seqs, range(1, 300));
    assert.ok(log.lines.some((l) => /malformed/.test(l)));
  });

  it('byte-at-a-time drip → exactly 1..N', async () => {
    await expectExact(40, 'drip');
  });

  it('split UTF-8 → exactly 1..N with the characters intact', async () => {
    const r = await expectExact(300, 'split-utf8');
    assert.ok(JSON.stringify(r.events).match(/[é漢🚀]/u), 'the payloads carry multi-byte characters');
  });

  it('1 MB events → exactly 1..N', async () => {
    const r = await expectExact(5, 'drop:2', 1, {}, 1_000_000);
    assert.ok(JSON.stringify(r.events[0]?.payload).length >= 1_000_000);
  });

  it('an event cut on every connection (a proxy size limit) → fetched by polling, then SSE again → exactly 1..N', async () => {
    // Without the detour through polling, every reconnect stops at seq 99 until the budget is gone.
    const r = await expectExact(300, 'cut:100', 1_000, { maxReconnects: 5, pollLimit: 50 });
    const polling = r.states.filter((s) => s.type === 'polling');
    assert.equal(polling.length, 1, JSON.stringify(r.states));
    assert.match((polling[0] as { reason: string }).reason, /after seq 99/);
    // Back on the stream after the detour: the events after the cut one arrive live, not by polling.
    const afterPolling = r.states.slice(r.states.indexOf(polling[0] as FollowState));
    assert.ok(
      afterPolling.some((s) => s.type === 'live'),
      JSON.stringify(afterPolling),
    );
    assert.ok(!r.states.some((s) => s.type === 'failed'));
  });

  it('event: error frame → reconnect → exactly 1..N', async () => {
    const r = await expectExact(300, 'error-frame:77', 2);
    const rec = r.states.find((s) => s.type === 'reconnecting');
    assert.ok(rec?.type === 'reconnecting' && /STREAM_ERROR/.test(rec.reason));
  });

  it('hang (no headers, no bytes) → polling fallback → exactly 1..N', async () => {
    const r = await expectExact(300, 'hang', 1, { firstByteTimeoutMs: 300 });
    assert.ok(r.states.some((s) => s.type === 'polling'));
  });

  it('seeded random storm: 5,000 events with random drops and stalls → exactly 1..N', async () => {
    const rnd = seeded(20261121);
    const nextFault = (): string =>
      rnd() < 0.7
        ? `drop:${1 + Math.floor(rnd() * 300)}`
        : `stall:${1 + Math.floor(rnd() * 300)}:${400 + Math.floor(rnd() * 400)}`;
    const { runId, attemptId } = await scripted(5000);
    let faults = 0;
    await ad.fault(nextFault(), { match: 'stream' });
    faults++;
    const r = await followAll(
      client,
      runId,
      attemptId,
      { stallTimeoutMs: 250, firstByteTimeoutMs: 2000, maxReconnects: 50 },
      async (s) => {
        // Before each reconnect, queue the next random fault (until 25 have been injected).
        if (s.type === 'reconnecting' && faults < 25) {
          await ad.fault(nextFault(), { match: 'stream' });
          faults++;
        }
      },
    );
    assert.deepEqual(r.seqs, range(1, 5000));
    assert.equal(new Set(r.events.map((e) => e.id)).size, 5000);
    assert.ok(r.states.filter((s) => s.type === 'reconnecting').length >= 20, 'the storm really happened');
    assert.equal(r.states.at(-1)?.type, 'ended');
  });

  it('follows a live attempt to its terminal event, resuming across drops', async () => {
    const { runId, attemptId } = await scripted(60, { ratePerSec: 200 });
    await ad.fault('drop:10', { times: 2, match: 'stream' });
    const r = await followAll(client, runId, attemptId);
    assert.deepEqual(r.seqs, range(1, 60));
  });

  it('resumes from afterSeq', async () => {
    const { runId, attemptId } = await scripted(100);
    const r = await followAll(client, runId, attemptId, { afterSeq: 40 });
    assert.deepEqual(r.seqs, range(41, 100));
  });

  for (const status of [404, 405, 415, 501]) {
    it(`stream endpoint answering ${status} → polling fallback → exactly 1..N`, async () => {
      const proxy = await proxyTo(sb.url, (req, res) => {
        if (!req.url?.includes('/events/stream')) return false;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'no streaming here', code: 'NO_SSE' }));
        return true;
      });
      const c = clientFor({ url: proxy.url, key: sb.key });
      try {
        const { runId, attemptId } = await scripted(1234);
        const r = await followAll(c, runId, attemptId);
        assert.deepEqual(r.seqs, range(1, 1234));
        assert.deepEqual(
          r.states.map((s) => s.type),
          ['connecting', 'polling', 'ended'],
        );
      } finally {
        await c.close();
        await proxy.close();
      }
    });
  }

  it('a frame lost on the way (a jump in seq) is backfilled from the polling endpoint', async () => {
    const polls: string[] = [];
    const proxy = await proxyTo(
      sb.url,
      (req) => {
        if (req.url?.includes('/events?')) polls.push(req.url);
        return false;
      },
      (req, up, res) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        if (!req.url?.includes('/events/stream')) {
          up.pipe(res);
          return;
        }
        // Relay frame by frame, leaving out seq 50 and seq 51.
        let text = '';
        up.setEncoding('utf8');
        up.on('data', (piece: string) => {
          text += piece;
          let end: number;
          while ((end = text.indexOf('\n\n')) >= 0) {
            const frame = text.slice(0, end + 2);
            text = text.slice(end + 2);
            if (!/^id: 5[01]$/m.test(frame)) res.write(frame);
          }
        });
        up.on('end', () => res.end(text));
      },
    );
    const c = clientFor({ url: proxy.url, key: sb.key });
    try {
      const { runId, attemptId } = await scripted(200);
      const r = await followAll(c, runId, attemptId);
      assert.deepEqual(r.seqs, range(1, 200));
      assert.equal(polls.length, 1, polls.join());
      assert.match(polls[0] as string, /afterSeq=49&limit=2/);
      assert.deepEqual(
        r.states.map((s) => s.type),
        ['connecting', 'live', 'ended'],
      );
    } finally {
      await c.close();
      await proxy.close();
    }
  });

  it('a buffering proxy (headers, then nothing until the end) → polling → SSE again later', async () => {
    let streams = 0;
    const proxy = await proxyTo(
      sb.url,
      () => false,
      (req, up, res) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        if (!req.url?.includes('/events/stream') || streams++ > 0) {
          up.pipe(res);
          return;
        }
        // Buffer the whole first stream: the client sees headers and then no byte at all.
        const parts: Buffer[] = [];
        up.on('data', (b: Buffer) => parts.push(b));
        up.on('end', () => res.end(Buffer.concat(parts)));
      },
    );
    const c = clientFor({ url: proxy.url, key: sb.key });
    try {
      const { runId, attemptId } = await scripted(400, { ratePerSec: 100 });
      const r = await followAll(c, runId, attemptId, { firstByteTimeoutMs: 300, sseRetryAfterMs: 500 });
      assert.deepEqual(r.seqs, range(1, 400));
      const types = r.states.map((s) => s.type);
      assert.ok(types.includes('polling'), types.join());
      assert.ok(
        types.lastIndexOf('live') > types.indexOf('polling'),
        `switched back to SSE: ${types.join()}`,
      );
    } finally {
      await c.close();
      await proxy.close();
    }
  });

  it('401 → failed at once, no retries; the key is in no state or log line', async () => {
    const log = captureLog();
    const bad = clientFor({ url: sb.url, key: 'sk-wrong-0123456789' }, { logger: log });
    const { runId, attemptId } = await scripted(10);
    const r = await followAll(bad, runId, attemptId, { logger: log });
    assert.deepEqual(
      r.states.map((s) => s.type),
      ['connecting', 'failed'],
    );
    const failed = r.states[1];
    assert.ok(failed?.type === 'failed' && /Sign In/.test(failed.reason));
    assert.ok(!JSON.stringify(r.states).includes('sk-wrong-0123456789'));
    assert.ok(!log.lines.join('\n').includes('sk-wrong-0123456789'));
    await bad.close();
  });

  it('an unknown attempt → failed with a message naming it', async () => {
    const { runId } = await scripted(5);
    const r = await followAll(client, runId, 'no-such-attempt');
    const last = r.states.at(-1);
    assert.ok(last?.type === 'failed' && /no-such-attempt/.test(last.reason), JSON.stringify(last));
  });

  it('aborting the signal closes the socket at once', async () => {
    const { runId, attemptId } = await scripted(100_000, { ratePerSec: 50, terminal: 'none' });
    const ac = new AbortController();
    let seen = 0;
    let abortedAt = 0;
    for await (const item of follow(client, runId, attemptId, {
      ...FAST,
      stallTimeoutMs: 30_000,
      signal: ac.signal,
    })) {
      if (item.kind === 'event' && ++seen === 5) {
        assert.equal((await ad.stats()).openStreams, 1);
        abortedAt = Date.now();
        ac.abort();
      }
    }
    const endedIn = Date.now() - abortedAt;
    assert.ok(endedIn < 200, `iteration ended ${endedIn} ms after abort`);
    let open = 1;
    const deadline = Date.now() + 1000;
    while (Date.now() < deadline && (open = (await ad.stats()).openStreams) > 0) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(open, 0, 'the server saw the connection close');
    assert.ok(Date.now() - abortedAt < 500, `socket closed ${Date.now() - abortedAt} ms after abort`);
  });
});
