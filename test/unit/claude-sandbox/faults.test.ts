import assert from 'node:assert/strict';
import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { admin, BETA_HEADERS, follow, frames, raw, readRaw, useClaude, type StreamEvent } from './helpers';

const idOf = (event: StreamEvent | undefined): string => (event as { id: string }).id;

describe('claude sandbox: faults', () => {
  const h = useClaude({ heartbeatMs: 100 });
  let live: string;
  const fault = (spec: string): Record<string, string> => ({ 'x-sandbox-fault': spec });

  before(async () => {
    // A session whose events keep coming at a steady rate: every stream fault has frames to count.
    live = (await admin(h().sandbox, '/sessions', { events: 1_000_000, ratePerSec: 400 })).id;
  });
  afterEach(async () => {
    await admin(h().sandbox, '/faults', undefined, 'DELETE');
  });

  /** The listed events from `first` on, as many as `count`. */
  async function listedFrom(first: StreamEvent | undefined, count: number): Promise<StreamEvent[]> {
    const after = (
      await h().client.beta.sessions.events.list(live, {
        'created_at[gte]': (first as { processed_at: string }).processed_at,
        limit: count + 50,
      })
    ).data;
    const start = after.findIndex((event) => idOf(event) === idOf(first));
    return after.slice(start, start + count);
  }

  for (const [spec, status, type, errorClass] of [
    ['status:429:7', 429, 'rate_limit_error', Anthropic.RateLimitError],
    ['status:500', 500, 'api_error', Anthropic.InternalServerError],
    ['status:503', 503, 'api_error', Anthropic.ServiceUnavailableError],
    ['status:529', 529, 'overloaded_error', Anthropic.OverloadedError],
  ] as const) {
    it(`${spec} answers ${status} ${type} (the SDK's ${errorClass.name})`, async () => {
      const error = await h()
        .client.beta.agents.list({}, { headers: fault(spec) })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      assert.ok(error instanceof errorClass, String(error));
      assert.equal(error.status, status);
      assert.equal(error.type, type);
      if (status === 429) assert.equal(error.headers?.get('retry-after'), '7');
    });
  }

  it('queued faults hit the next matching requests only (admin calls are never faulted)', async () => {
    const { client, sandbox } = h();
    await admin(sandbox, '/faults', { fault: 'status:503', times: 2, match: 'api' });
    await assert.rejects(client.beta.agents.list(), Anthropic.ServiceUnavailableError);
    assert.equal((await admin(sandbox, '/stats', undefined, 'GET')).byPath['/v1/agents'] >= 1, true);
    await assert.rejects(client.beta.environments.list(), Anthropic.ServiceUnavailableError);
    assert.equal((await client.beta.agents.list()).data.length, 6);
  });

  it('hang accepts the request and never answers', async () => {
    const started = Date.now();
    await assert.rejects(
      fetch(`${h().sandbox.claude.baseUrl}/v1/agents`, {
        headers: { authorization: `Bearer ${h().sandbox.claude.key}`, ...BETA_HEADERS, ...fault('hang') },
        signal: AbortSignal.timeout(300),
      }),
      /aborted|timeout/i,
    );
    assert.ok(Date.now() - started >= 280);
  });

  it('drop:K sends K event frames, then resets the connection: the SDK iteration throws', async () => {
    const follower = await follow(h().client, live, {}, undefined, fault('drop:5'));
    await follower.done;
    assert.equal(follower.events.length, 5);
    assert.ok(follower.error instanceof Error);
    assert.ok(!(follower.error instanceof APIError));
    assert.deepEqual(follower.events, await listedFrom(follower.events[0], 5));
  });

  it('end:K sends K event frames, then ends the response cleanly: the SDK iteration just ends', async () => {
    const follower = await follow(h().client, live, {}, undefined, fault('end:4'));
    await follower.done;
    assert.equal(follower.error, undefined);
    assert.equal(follower.events.length, 4);
  });

  it('error-frame:K sends K frames, then `event: error` (overloaded_error): the SDK throws an APIError', async () => {
    const follower = await follow(h().client, live, {}, undefined, fault('error-frame:2'));
    await follower.done;
    assert.equal(follower.events.length, 2);
    assert.ok(follower.error instanceof APIError);
    assert.equal((follower.error as APIError).type, 'overloaded_error');
  });

  it('malformed:K sends one frame whose data is not JSON after K frames: the SDK throws a SyntaxError', async () => {
    const follower = await follow(h().client, live, {}, undefined, fault('malformed:3'));
    await follower.done;
    assert.equal(follower.events.length, 3);
    assert.ok(follower.error instanceof SyntaxError);
    const rawStream = await readRaw(h().sandbox, `/v1/sessions/${live}/events/stream`, {
      headers: fault('malformed:1'),
      until: (text) => frames(text).length >= 3,
    });
    const [first, broken, next] = frames(rawStream.text);
    assert.doesNotThrow(() => JSON.parse(first?.data as string));
    assert.deepEqual(broken?.lines, ['event: agent.message', 'data: {"type": "agent.message", oops']);
    assert.doesNotThrow(() => JSON.parse(next?.data as string));
  });

  it('stall:K:T sends nothing at all (not even pings) for T ms after K frames, then goes on', async () => {
    const rawStream = await readRaw(h().sandbox, `/v1/sessions/${live}/events/stream`, {
      headers: fault('stall:2:400'),
      until: (text) => frames(text).filter((frame) => frame.event !== 'ping').length >= 6,
    });
    const gaps = rawStream.chunkTimes
      .slice(1)
      .map((time, index) => time - (rawStream.chunkTimes[index] as number));
    const longest = Math.max(...gaps);
    assert.ok(longest >= 380, `largest gap between chunks: ${longest} ms`);
    // The silence comes right after the second event frame (a ping may come before it, none within it).
    const before = Buffer.concat(rawStream.chunks.slice(0, gaps.indexOf(longest) + 1)).toString('utf8');
    assert.equal(frames(before).filter((frame) => frame.event !== 'ping').length, 2);
  });

  it('list-only:K never sends the event after the first K frames on this stream; the list has it', async () => {
    const follower = await follow(
      h().client,
      live,
      {},
      (event) => follower.events.length >= 8 && event !== undefined,
      fault('list-only:3'),
    );
    await follower.done;
    follower.stop();
    const listed = await listedFrom(follower.events[0], 9);
    assert.deepEqual(follower.events.slice(0, 3), listed.slice(0, 3));
    assert.deepEqual(follower.events.slice(3, 8), listed.slice(4, 9));
    assert.ok(!follower.events.some((event) => idOf(event) === idOf(listed[3])));
  });

  it('drip writes one byte per chunk; the SDK still gets the events the list has', async () => {
    const rawStream = await readRaw(h().sandbox, `/v1/sessions/${live}/events/stream`, {
      headers: fault('drip'),
      until: (text) => frames(text).filter((frame) => frame.event !== 'ping').length >= 2,
    });
    // One byte per write; a busy client may still read a few writes at once.
    const bytes = Buffer.byteLength(rawStream.text);
    assert.ok(rawStream.chunks.length > bytes / 4, `${rawStream.chunks.length} chunks for ${bytes} bytes`);
    const follower = await follow(
      h().client,
      live,
      {},
      (event) => follower.events.length >= 3 && event !== undefined,
      fault('drip'),
    );
    await follower.done;
    follower.stop();
    assert.deepEqual(follower.events, await listedFrom(follower.events[0], 3));
  });

  it('split-utf8 cuts every multi-byte character across two chunks; the SDK decodes é 漢 🚀 intact', async () => {
    const rawStream = await readRaw(h().sandbox, `/v1/sessions/${live}/events/stream`, {
      headers: fault('split-utf8'),
      until: (text) => text.includes('🚀'),
    });
    const strict = new TextDecoder('utf-8', { fatal: true });
    assert.ok(
      rawStream.chunks.some((chunk) => {
        try {
          strict.decode(chunk);
          return false;
        } catch {
          return true;
        }
      }),
    );
    const follower = await follow(
      h().client,
      live,
      {},
      (event) => JSON.stringify(event).includes('🚀'),
      fault('split-utf8'),
    );
    await follower.done;
    follower.stop();
    assert.deepEqual(follower.events, await listedFrom(follower.events[0], follower.events.length));
  });

  it('big: the session gains a ~1 MB agent.message when the stream opens; stream and list carry the same JSON', async () => {
    const { client } = h();
    const id = (await admin(h().sandbox, '/sessions', { events: 30 })).id as string;
    const follower = await follow(client, id, {}, () => true, fault('big'));
    await follower.done;
    const event = follower.events[0];
    assert.equal(event?.type, 'agent.message');
    assert.ok(Buffer.byteLength(JSON.stringify(event)) >= 1_000_000);
    const listed = (await client.beta.sessions.events.list(id, { order: 'desc', limit: 1 })).data[0];
    assert.deepEqual(listed, event);
  });

  it('queued stream faults (match stream) apply to the next streams only', async () => {
    const { client, sandbox } = h();
    await admin(sandbox, '/faults', { fault: 'end:1', times: 1 });
    const first = await follow(client, live);
    await first.done;
    assert.equal(first.events.length, 1);
    assert.equal((await client.beta.agents.list()).data.length, 6);
    const second = await follow(client, live, {}, () => second.events.length >= 3);
    await second.done;
    assert.equal(second.events.length, 3);
  });

  it('an unknown fault is a 400 naming where it came from', async () => {
    const res = await raw(h().sandbox, '/v1/agents?sandboxFault=explode');
    assert.equal(res.status, 400);
    assert.match(res.body.error.message, /^sandboxFault: unknown fault "explode"/);
    const header = await h()
      .client.beta.agents.list({}, { headers: fault('status:418') })
      .catch((error: unknown) => error);
    assert.ok(header instanceof Anthropic.BadRequestError);
    assert.match(
      header.apiMessage ?? '',
      /^X-Sandbox-Fault: "status:418": status must be 429, 500, 503 or 529/,
    );
  });
});
