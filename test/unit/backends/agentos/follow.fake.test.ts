// The follow state machine against an in-memory fake client: no network, exact control over every connection.
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { ApiError } from '../../../../src/net/errors';
import type {
  EventStreamOptions,
  EventStreamResponse,
  PollEventsParams,
} from '../../../../src/backends/agentos/client';
import type { RunEventDto, RunEventsPollResponse } from '../../../../src/backends/agentos/wire';
import {
  follow,
  followBatches,
  type FollowClient,
  type FollowItem,
  type FollowOptions,
  type FollowState,
} from '../../../../src/backends/agentos/follow';

function ev(seq: number, n: number, terminal = 'RUN_FINISHED'): RunEventDto {
  return {
    id: `e${seq}`,
    seq,
    type: seq === n ? terminal : 'NODE_OUTPUT',
    timestamp: new Date(0).toISOString(),
    attempt_id: 'att',
    payload: { text: `event ${seq} é漢🚀` },
  };
}

function frame(e: RunEventDto): string {
  return `event: run_event\nid: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`;
}

type Conn =
  | {
      kind: 'frames';
      from?: number;
      to?: number;
      extra?: string[];
      hang?: boolean;
      delayMs?: number;
      order?: number[];
    }
  | { kind: 'raw'; chunks: string[]; hang?: boolean }
  | { kind: 'error'; error: unknown }
  | { kind: 'hangHeaders' };

class FakeClient implements FollowClient {
  opens: EventStreamOptions[] = [];
  polls: PollEventsParams[] = [];
  bodies: PassThrough[] = [];
  pollError?: unknown;
  constructor(
    readonly n: number,
    readonly script: Conn[],
    readonly terminal = 'RUN_FINISHED',
  ) {}

  async openEventStream(_run: string, _att: string, o: EventStreamOptions): Promise<EventStreamResponse> {
    this.opens.push(o);
    const c = this.script.shift() ?? { kind: 'frames' };
    if (c.kind === 'error') throw c.error;
    if (c.kind === 'hangHeaders') {
      return new Promise((_resolve, reject) => {
        o.signal?.addEventListener('abort', () => reject(new ApiError('aborted', 'aborted')), { once: true });
      });
    }
    const n = this.n;
    const term = this.terminal;
    // A PassThrough (not Readable.from) so destroy() is immediate even while the writer "hangs".
    const body = new PassThrough();
    void (async () => {
      const write = (text: string): void => {
        if (!body.destroyed) body.write(Buffer.from(text));
      };
      if (c.kind === 'raw') {
        for (const chunk of c.chunks) write(chunk);
      } else if (c.kind === 'frames') {
        const seqs = c.order ?? range((c.from ?? o.afterSeq + 1) as number, c.to ?? n);
        for (const s of seqs) {
          if (c.delayMs) await new Promise((r) => setTimeout(r, c.delayMs));
          write(frame(ev(s, n, term)));
        }
        for (const x of c.extra ?? []) write(x);
      }
      if (!(c as { hang?: boolean }).hang && !body.destroyed) body.end();
    })();
    this.bodies.push(body);
    return { status: 200, headers: { 'content-type': 'text/event-stream' }, body };
  }

  async pollEvents(_run: string, p: PollEventsParams): Promise<RunEventsPollResponse> {
    this.polls.push(p);
    if (this.pollError) throw this.pollError;
    const after = p.afterSeq ?? 0;
    const limit = p.limit ?? 100;
    const events: RunEventDto[] = [];
    for (let s = after + 1; s <= this.n && events.length < limit; s++)
      events.push(ev(s, this.n, this.terminal));
    const lastSeq = events.length ? (events[events.length - 1] as RunEventDto).seq : after;
    return {
      events,
      latest_seq: this.n,
      next_after_seq: lastSeq < this.n ? lastSeq : null,
      has_more: lastSeq < this.n,
    };
  }
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

const FAST: FollowOptions = {
  baseDelayMs: 0,
  stallTimeoutMs: 200,
  pollIntervalMs: 5,
  random: () => 0.5,
};

async function run(
  client: FollowClient,
  options: FollowOptions = {},
): Promise<{ seqs: number[]; states: FollowState[]; items: FollowItem[] }> {
  const seqs: number[] = [];
  const states: FollowState[] = [];
  const items: FollowItem[] = [];
  for await (const item of follow(client, 'run', 'att', { ...FAST, ...options })) {
    items.push(item);
    if (item.kind === 'event') seqs.push(item.event.seq);
    else states.push(item.state);
  }
  return { seqs, states, items };
}

const types = (states: FollowState[]): string[] => states.map((s) => s.type);

describe('follow (state machine, fake client)', () => {
  it('delivers 1..N and ends on the terminal event', async () => {
    const c = new FakeClient(20, [{ kind: 'frames' }]);
    const r = await run(c);
    assert.deepEqual(r.seqs, range(1, 20));
    assert.deepEqual(types(r.states), ['connecting', 'live', 'ended']);
    const end = r.states.at(-1);
    assert.equal(end?.type === 'ended' && end.terminalEvent.seq, 20);
    assert.equal(c.opens[0]?.afterSeq, 0);
    assert.equal(c.opens[0]?.lastEventId, undefined);
  });

  it('treats terminal types case-insensitively (run_failed)', async () => {
    const c = new FakeClient(3, [{ kind: 'frames' }], 'run_failed');
    const r = await run(c);
    assert.deepEqual(r.seqs, [1, 2, 3]);
    assert.equal(r.states.at(-1)?.type, 'ended');
  });

  it('starts after afterSeq and resumes with afterSeq = last and Last-Event-ID = last after a drop', async () => {
    const c = new FakeClient(10, [{ kind: 'frames', to: 6 }, { kind: 'frames' }]);
    const r = await run(c, { afterSeq: 2 });
    assert.deepEqual(r.seqs, range(3, 10));
    assert.equal(c.opens[0]?.afterSeq, 2);
    assert.equal(c.opens[0]?.lastEventId, '2');
    assert.equal(c.opens[1]?.afterSeq, 6);
    assert.equal(c.opens[1]?.lastEventId, '6');
    assert.deepEqual(types(r.states), ['connecting', 'live', 'reconnecting', 'live', 'ended']);
    const rec = r.states[2];
    assert.ok(rec?.type === 'reconnecting' && rec.attempt === 1 && /ended before the run/.test(rec.reason));
  });

  it('drops repeated seqs (a server that replays from afterSeq + 0 or earlier)', async () => {
    const c = new FakeClient(8, [
      { kind: 'frames', to: 5 },
      { kind: 'frames', from: 1 },
    ]);
    const r = await run(c);
    assert.deepEqual(r.seqs, range(1, 8));
  });

  it('backfills a jump in seq from the polling endpoint before going on', async () => {
    const c = new FakeClient(10, [{ kind: 'frames', order: [1, 2, 6, 7, 8, 9, 10] }]);
    const r = await run(c);
    assert.deepEqual(r.seqs, range(1, 10));
    assert.equal(c.polls.length, 1);
    assert.equal(c.polls[0]?.afterSeq, 2);
    assert.deepEqual(types(r.states), ['connecting', 'live', 'ended']);
  });

  it('skips a malformed frame and backfills the gap it leaves', async () => {
    const bad = 'event: run_event\ndata: {"seq": oops\n\n';
    const c = new FakeClient(5, [
      { kind: 'raw', chunks: [frame(ev(1, 5)), frame(ev(2, 5)), bad, frame(ev(4, 5)), frame(ev(5, 5))] },
    ]);
    // seq 3 was "malformed": the stream never carries it; polling has it.
    const logs: string[] = [];
    const logger = { info: () => {}, debug: () => {}, error: () => {}, warn: (m: string) => logs.push(m) };
    const r = await run(c, { logger });
    assert.deepEqual(r.seqs, [1, 2, 3, 4, 5]);
    assert.ok(logs.some((l) => /malformed/.test(l)));
  });

  it('reconnects after an `event: error` frame', async () => {
    const err = 'event: error\ndata: {"message":"boom","code":"STREAM_ERROR"}\n\n';
    const c = new FakeClient(6, [{ kind: 'frames', to: 3, extra: [err], hang: true }, { kind: 'frames' }]);
    const r = await run(c);
    assert.deepEqual(r.seqs, range(1, 6));
    const rec = r.states.find((s) => s.type === 'reconnecting');
    assert.ok(rec?.type === 'reconnecting' && /boom/.test(rec.reason) && /STREAM_ERROR/.test(rec.reason));
    assert.equal(c.opens[1]?.afterSeq, 3);
  });

  it('reconnects when no byte arrives for stallTimeoutMs', async () => {
    const c = new FakeClient(6, [{ kind: 'frames', to: 2, hang: true }, { kind: 'frames' }]);
    const started = Date.now();
    const r = await run(c, { stallTimeoutMs: 100 });
    assert.deepEqual(r.seqs, range(1, 6));
    const rec = r.states.find((s) => s.type === 'reconnecting');
    assert.ok(rec?.type === 'reconnecting' && /no data or heartbeat/.test(rec.reason));
    assert.ok(Date.now() - started < 2000);
    assert.ok(c.bodies[0]?.destroyed);
  });

  it('counts heartbeats as bytes: a quiet but pinging stream is not a stall', async () => {
    const pings = Array.from({ length: 8 }, () => ': ping\n\n');
    const c = new FakeClient(2, [{ kind: 'raw', chunks: [frame(ev(1, 2))] }]);
    // Replace the first connection: event 1, then pings every 40 ms for 320 ms, then event 2.
    c.script.length = 0;
    const body = Readable.from(
      (async function* () {
        yield Buffer.from(frame(ev(1, 2)));
        for (const p of pings) {
          await new Promise((r) => setTimeout(r, 40));
          yield Buffer.from(p);
        }
        yield Buffer.from(frame(ev(2, 2)));
      })(),
    );
    c.openEventStream = async (_r, _a, o) => {
      c.opens.push(o);
      return { status: 200, headers: {}, body };
    };
    const r = await run(c, { stallTimeoutMs: 150 });
    assert.deepEqual(r.seqs, [1, 2]);
    assert.equal(c.opens.length, 1);
  });

  it('a slow consumer is not mistaken for a stall', async () => {
    const c = new FakeClient(5, [{ kind: 'frames' }]);
    const seqs: number[] = [];
    for await (const item of follow(c, 'run', 'att', { ...FAST, stallTimeoutMs: 50 })) {
      if (item.kind === 'event') {
        seqs.push(item.event.seq);
        await new Promise((r) => setTimeout(r, 80));
      }
    }
    assert.deepEqual(seqs, range(1, 5));
    assert.equal(c.opens.length, 1);
  });

  it('fails at once on 401 and 403, without retrying', async () => {
    for (const [status, kind] of [
      [401, 'unauthorized'],
      [403, 'forbidden'],
    ] as const) {
      const c = new FakeClient(5, [
        { kind: 'error', error: new ApiError(kind, `HTTP ${status}`, { status }) },
      ]);
      const r = await run(c);
      assert.deepEqual(r.seqs, []);
      assert.deepEqual(types(r.states), ['connecting', 'failed']);
      assert.equal(c.opens.length, 1);
    }
  });

  it('waits Retry-After on 429', async () => {
    const c = new FakeClient(3, [
      { kind: 'error', error: new ApiError('rateLimited', '429', { status: 429, retryAfterMs: 120 }) },
      { kind: 'frames' },
    ]);
    const started = Date.now();
    const r = await run(c);
    assert.deepEqual(r.seqs, [1, 2, 3]);
    const rec = r.states.find((s) => s.type === 'reconnecting');
    assert.ok(rec?.type === 'reconnecting' && rec.delayMs === 120);
    assert.ok(Date.now() - started >= 115);
  });

  it('reconnects with capped exponential backoff on 5xx and network errors, then fails after maxReconnects', async () => {
    const e5 = new ApiError('server', 'HTTP 503', { status: 503 });
    const c = new FakeClient(3, [
      { kind: 'frames', to: 1 },
      ...Array.from({ length: 10 }, () => ({ kind: 'error' as const, error: e5 })),
    ]);
    const r = await run(c, { baseDelayMs: 8, maxDelayMs: 20, maxReconnects: 4, random: () => 0.999 });
    assert.deepEqual(r.seqs, [1]);
    const delays = r.states.flatMap((s) => (s.type === 'reconnecting' ? [s.delayMs] : []));
    assert.deepEqual(delays, [7, 15, 19, 19]);
    const last = r.states.at(-1);
    assert.ok(
      last?.type === 'failed' && last.lastSeq === 1 && /gave up after 4 reconnects/.test(last.reason),
    );
  });

  it('progress resets the reconnect budget', async () => {
    const script: Conn[] = [];
    for (let k = 1; k <= 12; k++) script.push({ kind: 'frames', from: k, to: k });
    const c = new FakeClient(12, script);
    const r = await run(c, { maxReconnects: 1 });
    assert.deepEqual(r.seqs, range(1, 12));
    assert.equal(r.states.at(-1)?.type, 'ended');
  });

  for (const status of [404, 405, 415, 501]) {
    it(`falls back to polling when the stream endpoint answers ${status}, and tries SSE again later`, async () => {
      const c = new FakeClient(1200, [
        {
          kind: 'error',
          error: new ApiError(status === 404 ? 'notFound' : 'badRequest', `${status}`, { status }),
        },
      ]);
      const r = await run(c, { pollLimit: 500 });
      assert.deepEqual(r.seqs, range(1, 1200));
      assert.deepEqual(types(r.states), ['connecting', 'polling', 'ended']);
      assert.deepEqual(
        c.polls.map((p) => p.afterSeq),
        [0, 500, 1000],
      );
    });
  }

  it('switches back to SSE after sseRetryAfterMs of polling', async () => {
    const c = new FakeClient(3, [
      { kind: 'error', error: new ApiError('notFound', '404', { status: 404 }) },
      { kind: 'frames' },
    ]);
    // The ledger has only seq 1 for a while: polling sees nothing new after that.
    let visible = 1;
    const orig = c.pollEvents.bind(c);
    c.pollEvents = async (run, p) => {
      const page = await orig(run, p);
      page.events = page.events.filter((e) => e.seq <= visible);
      page.has_more = false;
      return page;
    };
    setTimeout(() => (visible = 3), 500);
    const r = await run(c, { sseRetryAfterMs: 30 });
    assert.deepEqual(r.seqs, [1, 2, 3]);
    assert.deepEqual(types(r.states), ['connecting', 'polling', 'live', 'ended']);
  });

  it('falls back to polling when no byte arrives in time (buffering proxy / hang)', async () => {
    const c = new FakeClient(4, [{ kind: 'hangHeaders' }]);
    const r = await run(c, { firstByteTimeoutMs: 80 });
    assert.deepEqual(r.seqs, [1, 2, 3, 4]);
    const p = r.states[1];
    assert.ok(p?.type === 'polling' && /buffering proxy/.test(p.reason));
  });

  it('falls back to polling when headers come but the body is held back', async () => {
    const c = new FakeClient(4, [{ kind: 'raw', chunks: [], hang: true }]);
    const r = await run(c, { firstByteTimeoutMs: 80 });
    assert.deepEqual(r.seqs, [1, 2, 3, 4]);
    assert.deepEqual(types(r.states), ['connecting', 'live', 'polling', 'ended']);
  });

  it('a 404 from polling too means the attempt does not exist: failed', async () => {
    const nf = new ApiError('notFound', 'Run run was not found', { status: 404 });
    const c = new FakeClient(4, [{ kind: 'error', error: nf }]);
    c.pollError = nf;
    const r = await run(c);
    assert.deepEqual(types(r.states), ['connecting', 'polling', 'failed']);
  });

  it('aborting the signal ends the iteration at once and destroys the body', async () => {
    const c = new FakeClient(100, [{ kind: 'frames', to: 3, hang: true }]);
    const ac = new AbortController();
    const seqs: number[] = [];
    let endedAt = 0;
    const started = Date.now();
    const done = (async () => {
      for await (const item of follow(c, 'run', 'att', {
        ...FAST,
        stallTimeoutMs: 60_000,
        signal: ac.signal,
      })) {
        if (item.kind === 'event') {
          seqs.push(item.event.seq);
          if (item.event.seq === 3) setTimeout(() => ac.abort(), 20);
        }
      }
      endedAt = Date.now();
    })();
    await done;
    assert.deepEqual(seqs, [1, 2, 3]);
    assert.ok(endedAt - started < 1000);
    assert.ok(c.bodies[0]?.destroyed);
  });

  it('aborting during a backoff wait ends at once', async () => {
    const c = new FakeClient(5, [{ kind: 'error', error: new ApiError('server', '500', { status: 500 }) }]);
    const ac = new AbortController();
    const started = Date.now();
    const states: string[] = [];
    for await (const item of follow(c, 'run', 'att', {
      baseDelayMs: 60_000,
      random: () => 0.99,
      signal: ac.signal,
    })) {
      if (item.kind === 'state') {
        states.push(item.state.type);
        if (item.state.type === 'reconnecting') ac.abort();
      }
    }
    assert.deepEqual(states, ['connecting', 'reconnecting']);
    assert.ok(Date.now() - started < 1000);
  });

  it('breaking out of the loop closes the body', async () => {
    const c = new FakeClient(100, [{ kind: 'frames', hang: true }]);
    for await (const item of follow(c, 'run', 'att', FAST)) {
      if (item.kind === 'event' && item.event.seq === 5) break;
    }
    assert.ok(c.bodies[0]?.destroyed);
  });

  it('followBatches yields the events of one chunk together, states alone', async () => {
    const c = new FakeClient(0, []);
    const body = new PassThrough();
    c.openEventStream = async (_r, _a, o) => {
      c.opens.push(o);
      return { status: 200, headers: {}, body };
    };
    body.write(frame(ev(1, 3)) + frame(ev(2, 3)));
    setTimeout(() => body.end(frame(ev(3, 3))), 20);
    const shapes: string[] = [];
    for await (const batch of followBatches(c, 'run', 'att', FAST)) {
      shapes.push(batch.map((i) => (i.kind === 'event' ? String(i.event.seq) : i.state.type)).join(','));
    }
    assert.deepEqual(shapes, ['connecting', 'live', '1,2', '3,ended']);
  });

  it('a quiet run behind a proxy that cuts idle connections is not given up on', async () => {
    // Five connections that only carry heartbeats for a while and then end, then one with the events.
    const quiet: Conn = { kind: 'raw', chunks: [': ping\n\n'] };
    const c = new FakeClient(3, [quiet, quiet, quiet, quiet, quiet, { kind: 'frames' }]);
    const orig = c.openEventStream.bind(c);
    c.openEventStream = async (r, a, o) => {
      const res = await orig(r, a, o);
      // Keep each quiet connection open ~60 ms before it ends (the fake ends it at once otherwise).
      if (c.opens.length <= 5) {
        const body = new PassThrough();
        res.body.pipe(body, { end: false });
        setTimeout(() => body.end(), 60);
        return { ...res, body };
      }
      return res;
    };
    const r = await run(c, { maxReconnects: 2, healthyAfterMs: 40 });
    assert.deepEqual(r.seqs, [1, 2, 3]);
    assert.equal(r.states.at(-1)?.type, 'ended');
    const attempts = r.states.flatMap((s) => (s.type === 'reconnecting' ? [s.attempt] : []));
    assert.deepEqual(attempts, [1, 1, 1, 1, 1]);
  });
});
