// The Managed Agents follow against the Managed Agents sandbox over real HTTP, through the SDK: whatever the stream
// does (drops, stalls, error frames, clean ends, malformed frames, one byte at a time, events it never sends), the
// follow hands out exactly the session's events, each once, in the list's order.
import assert from 'node:assert/strict';
import {
  followSession,
  type ClaudeFollowOptions,
  type Delivery,
  type EventSource,
  type WireEvent,
} from '../../../../src/backends/claude/follow';
import { toApiError } from '../../../../src/backends/claude/errors';
import { createSdk, type ManagedAgentsSdk } from '../../../../src/backends/claude/sdk-entry';
import { sdkEventSource } from '../../../../src/backends/claude/source';
import { Transport } from '../../../../src/backends/claude/transport';
import type { FollowState } from '../../../../src/backends/types';
import { startSandbox, type Sandbox } from '../../../../sandbox/server';
import { admin } from '../../claude-sandbox/helpers';

const FINAL = new Set(['session.status_terminated', 'session.deleted']);

interface Followed {
  ids: string[];
  types: string[];
  states: FollowState[];
  last?: Delivery;
}

describe('Managed Agents follow over the sandbox (exactly once, in order, without sequence numbers)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let transport: Transport;
  let sdk: ManagedAgentsSdk;

  before(async () => {
    sandbox = await startSandbox({
      port: 0,
      speed: 1000,
      demo: false,
      heartbeatMs: 100,
      log: () => undefined,
    });
  });
  after(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    transport = new Transport({}, new URL(sandbox.claude.baseUrl).host);
    sdk = createSdk({
      apiKey: sandbox.claude.key,
      baseURL: sandbox.claude.baseUrl,
      timeoutMs: 10_000,
      userAgent: 'agentos-vscode-test',
      fetch: transport.fetch,
    });
  });
  afterEach(async () => {
    transport.close();
    await admin(sandbox, '/faults', undefined, 'DELETE');
  });

  async function scripted(events: number, ratePerSec: number): Promise<string> {
    return (await admin(sandbox, '/sessions', { events, ratePerSec, end: 'terminated' })).id as string;
  }

  async function listedIds(sessionId: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const event of sdk.sessions.events.list(sessionId, { order: 'asc', limit: 1000 }))
      ids.push((event as { id: string }).id);
    return ids;
  }

  async function followAll(sessionId: string, extra: Partial<ClaudeFollowOptions> = {}): Promise<Followed> {
    const followed: Followed = { ids: [], types: [], states: [] };
    const host = new URL(sandbox.claude.baseUrl).host;
    const options: ClaudeFollowOptions = {
      signal: AbortSignal.timeout(50_000),
      stallTimeoutMs: 600,
      maxReconnects: 20,
      baseDelayMs: 5,
      maxDelayMs: 40,
      isFinal: (event) => FINAL.has(event.type),
      toError: (error) => toApiError(error, { host, secrets: [sandbox.claude.key], timeoutMs: 10_000 }),
      ...extra,
    };
    for await (const out of followSession(sdkEventSource(sdk, transport, { sessionId }), options)) {
      if (out.kind === 'state') followed.states.push(out.state);
      else if (out.kind === 'events')
        for (const delivery of out.events) {
          followed.ids.push(delivery.event.id);
          followed.types.push(delivery.event.type);
          followed.last = delivery;
        }
    }
    return followed;
  }

  function assertExactly(followed: Followed, listed: string[]): void {
    assert.equal(new Set(followed.ids).size, followed.ids.length, 'no event twice');
    assert.deepEqual(followed.ids, listed, 'every event of the session, in the list order');
    assert.equal(followed.types.at(-1), 'session.status_terminated');
    assert.equal(followed.states.at(-1)?.type, 'ended', JSON.stringify(followed.states.at(-1)));
  }

  it('follows a live session from its start to its end', async () => {
    const id = await scripted(400, 200);
    const followed = await followAll(id);
    assertExactly(followed, await listedIds(id));
    assert.ok(followed.states.some((s) => s.type === 'live'));
  });

  it('a finished session: the history alone, then the end', async () => {
    const id = await scripted(2_500, 0);
    const followed = await followAll(id);
    assertExactly(followed, await listedIds(id));
  });

  for (const [fault, match, times] of [
    ['drop:40', 'stream', 4],
    ['end:40', 'stream', 4],
    ['error-frame:40', 'stream', 4],
    ['malformed:40', 'stream', 3],
    ['stall:30:2000', 'stream', 2],
    ['drip', 'stream', 1],
    ['split-utf8', 'stream', 3],
    ['list-only:40', 'stream', 3],
    ['list-only:0', 'stream', 2],
    ['status:429:0', 'events', 3],
    ['status:500', 'events', 3],
    ['status:503', 'events', 3],
    ['status:529', 'events', 3],
  ] as const) {
    it(`${fault} on ${times} ${match} request(s): still exactly the session's events`, async () => {
      const id = await scripted(400, 1_000);
      await admin(sandbox, '/faults', { fault, times, match });
      const followed = await followAll(id);
      assertExactly(followed, await listedIds(id));
      // A skipped event breaks nothing on the wire: the list shows it, with no reconnect at all.
      if (!['drip', 'split-utf8'].includes(fault) && !fault.startsWith('list-only'))
        assert.ok(
          followed.states.some((s) => s.type === 'reconnecting'),
          `the fault was noticed: ${JSON.stringify(followed.states)}`,
        );
    });
  }

  it('an event the live stream never sends still comes, in its place, while the stream stays connected', async () => {
    const id = (await admin(sandbox, '/sessions', { events: 300, ratePerSec: 100, end: 'terminated' }))
      .id as string;
    await admin(sandbox, '/faults', { fault: 'list-only:5', times: 4, match: 'stream' });
    const followed = await followAll(id);
    assertExactly(followed, await listedIds(id));
    assert.ok(!followed.states.some((s) => s.type === 'reconnecting'), JSON.stringify(followed.states));
  });

  it('a list that lags behind the stream: what only the stream has comes after a few reads, once', async () => {
    const id = await scripted(200, 400);
    // The list leaves out the newest event of every read (a replica a moment behind the stream).
    const real = sdkEventSource(sdk, transport, { sessionId: id });
    let hidden = 0;
    const lagging: EventSource = {
      open: (signal, onBytes) => real.open(signal, onBytes),
      async *list(since, signal) {
        const pages: WireEvent[][] = [];
        for await (const page of real.list(since, signal)) pages.push(page);
        const last = pages.at(-1);
        if (last && last.length > 0 && last.at(-1)?.type !== 'session.status_terminated') {
          last.pop();
          hidden++;
        }
        yield* pages;
      },
    };
    const followed: Followed = { ids: [], types: [], states: [] };
    const host = new URL(sandbox.claude.baseUrl).host;
    for await (const out of followSession(lagging, {
      signal: AbortSignal.timeout(50_000),
      stallTimeoutMs: 2_000,
      maxReconnects: 5,
      confirmEveryMs: 20,
      isFinal: (event) => FINAL.has(event.type),
      toError: (error) => toApiError(error, { host, secrets: [], timeoutMs: 10_000 }),
    }))
      if (out.kind === 'state') followed.states.push(out.state);
      else if (out.kind === 'events')
        for (const delivery of out.events) {
          followed.ids.push(delivery.event.id);
          followed.types.push(delivery.event.type);
        }
    assert.ok(hidden > 0, 'the list did lag');
    assertExactly(followed, await listedIds(id));
  });

  it('a reconnect of a 100,000-event session reads only its tail from the list', async () => {
    const id = (await admin(sandbox, '/sessions', { events: 100_000, ratePerSec: 0, end: 'running' }))
      .id as string;
    const tail = (await sdk.sessions.events.list(id, { order: 'desc', limit: 60 })).data as WireEvent[];
    const from = { time: tail.at(-1)?.processed_at as string, count: 1 };
    const expected = tail
      .slice(0, -1)
      .reverse()
      .map((event) => event.id);
    let listed = 0;
    const counting = createSdk({
      apiKey: sandbox.claude.key,
      baseURL: sandbox.claude.baseUrl,
      timeoutMs: 10_000,
      userAgent: 'agentos-vscode-test',
      fetch: async (input: string | URL | Request, init?: RequestInit) => {
        const response = await transport.fetch(input, init);
        const { pathname } = new URL(input instanceof Request ? input.url : input);
        if (pathname.endsWith('/events'))
          listed += ((await response.clone().json()) as { data: unknown[] }).data.length;
        return response;
      },
    });
    await admin(sandbox, '/faults', { fault: 'end:0', times: 3, match: 'stream' });
    const ids: string[] = [];
    const states: FollowState[] = [];
    const stop = new AbortController();
    const host = new URL(sandbox.claude.baseUrl).host;
    for await (const out of followSession(sdkEventSource(counting, transport, { sessionId: id }), {
      from,
      signal: stop.signal,
      stallTimeoutMs: 2_000,
      maxReconnects: 10,
      baseDelayMs: 5,
      maxDelayMs: 20,
      isFinal: () => false,
      toError: (error) => toApiError(error, { host, secrets: [], timeoutMs: 10_000 }),
    })) {
      if (out.kind === 'events') ids.push(...out.events.map((d) => d.event.id));
      else if (out.kind === 'state') states.push(out.state);
      if (states.filter((s) => s.type === 'reconnecting').length === 3 && states.at(-1)?.type === 'live')
        stop.abort();
    }
    assert.deepEqual(ids, expected, 'exactly the events after the cursor');
    // Four connections (the first and three reconnects), each listing from the watermark: 60 events or fewer each.
    assert.ok(listed <= 4 * 60, `listed ${listed} events over 4 connections of a 100,000-event session`);
  });

  it('big: a live session gains a 1 MB message, which arrives whole, once (and the sandbox keeps serving)', async () => {
    const id = (await admin(sandbox, '/sessions', { events: 1_000_000, ratePerSec: 500, end: 'terminated' }))
      .id as string;
    await admin(sandbox, '/faults', { fault: 'big', times: 1, match: 'stream' });
    const isBig = (event: { type: string; [k: string]: unknown }): boolean =>
      event.type === 'agent.message' && JSON.stringify(event).length > 500_000;
    const followed = await followAll(id, { isFinal: isBig });
    const listed = (await listedIds(id)).slice(0, followed.ids.length);
    assert.deepEqual(followed.ids, listed);
    assert.equal(new Set(followed.ids).size, followed.ids.length);
    assert.equal(followed.types.at(-1), 'agent.message');
    assert.ok((await listedIds(id)).length >= followed.ids.length, 'the sandbox still answers');
  });

  it('a seeded storm of faults over a 5,000-event session', async () => {
    const id = await scripted(5_000, 4_000);
    const kinds = ['drop:17', 'end:23', 'error-frame:11', 'malformed:29', 'status:503', 'stall:13:900'];
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let i = 0; i < 24; i++) {
      const fault = kinds[Math.floor(random() * kinds.length)] as string;
      await admin(sandbox, '/faults', {
        fault,
        times: 1,
        match: fault.startsWith('status') ? 'events' : 'stream',
      });
    }
    const followed = await followAll(id, { maxReconnects: 40 });
    assertExactly(followed, await listedIds(id));
  });

  it('a 401 ends the follow at once and names the key, which no message contains', async () => {
    const id = await scripted(50, 0);
    const wrong = createSdk({
      apiKey: 'sk-wrong-key-0123456789',
      baseURL: sandbox.claude.baseUrl,
      timeoutMs: 10_000,
      userAgent: 'test',
      fetch: transport.fetch,
    });
    const states: FollowState[] = [];
    const host = new URL(sandbox.claude.baseUrl).host;
    for await (const out of followSession(sdkEventSource(wrong, transport, { sessionId: id }), {
      signal: AbortSignal.timeout(10_000),
      stallTimeoutMs: 600,
      maxReconnects: 5,
      isFinal: () => false,
      toError: (error) =>
        toApiError(error, { host, secrets: ['sk-wrong-key-0123456789'], timeoutMs: 10_000 }),
    }))
      if (out.kind === 'state') states.push(out.state);
    const last = states.at(-1);
    assert.equal(last?.type, 'failed');
    assert.match((last as { reason: string }).reason, /rejected the API key \(401\)/);
    assert.doesNotMatch(JSON.stringify(states.map((s) => ('reason' in s ? s.reason : ''))), /sk-wrong/);
    assert.ok(!states.some((s) => s.type === 'reconnecting'), 'a 401 is not retried');
  });

  it('resumes after a reload from the cursor of the last event shown, without a duplicate or a gap', async () => {
    const id = await scripted(3_000, 0);
    const listed = await listedIds(id);
    const first: string[] = [];
    let cursor: Delivery['after'] | undefined;
    const stop = new AbortController();
    const host = new URL(sandbox.claude.baseUrl).host;
    const base = {
      stallTimeoutMs: 600,
      maxReconnects: 5,
      isFinal: (event: { type: string }) => FINAL.has(event.type),
      toError: (error: unknown) => toApiError(error, { host, secrets: [], timeoutMs: 10_000 }),
    };
    for await (const out of followSession(sdkEventSource(sdk, transport, { sessionId: id }), {
      ...base,
      signal: stop.signal,
    })) {
      if (out.kind !== 'events') continue;
      for (const delivery of out.events) {
        if (first.length === 1_234) break;
        first.push(delivery.event.id);
        cursor = delivery.after;
      }
      if (first.length === 1_234) {
        stop.abort();
        break;
      }
    }
    const rest: string[] = [];
    for await (const out of followSession(sdkEventSource(sdk, transport, { sessionId: id }), {
      ...base,
      from: cursor,
      signal: AbortSignal.timeout(20_000),
    }))
      if (out.kind === 'events') rest.push(...out.events.map((d) => d.event.id));
    assert.deepEqual([...first, ...rest], listed);
  });
});
