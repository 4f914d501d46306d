import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import {
  admin,
  allEvents,
  follow,
  newSession,
  useClaude,
  userMessage,
  waitFor,
  type StreamEvent,
} from './helpers';

async function collect(items: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const idsOf = (events: StreamEvent[]): string[] => events.map((event) => (event as { id: string }).id);
const timeOf = (event: StreamEvent | undefined): string => (event as { processed_at: string }).processed_at;

describe('claude sandbox: listing events', () => {
  const h = useClaude();
  let sessionId: string;
  let whole: StreamEvent[];

  before(async () => {
    sessionId = (await admin(h().sandbox, '/sessions', { events: 300 })).id;
    whole = (await h().client.beta.sessions.events.list(sessionId, { limit: 1000 })).data;
  });

  it('auto-pages (limit 7, asc by default) through exactly the stored events, in processed_at order', async () => {
    assert.equal(whole.length, 300);
    const paged = await collect(h().client.beta.sessions.events.list(sessionId, { limit: 7 }));
    assert.deepEqual(paged, whole);
    const times = whole.map((event) => Date.parse(timeOf(event)));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.equal(new Set(idsOf(whole)).size, 300);
  });

  it('order=desc pages from the newest; the default page size is 20', async () => {
    const client = h().client;
    assert.deepEqual(
      await collect(client.beta.sessions.events.list(sessionId, { order: 'desc', limit: 9 })),
      [...whole].reverse(),
    );
    const first = await client.beta.sessions.events.list(sessionId);
    assert.equal(first.data.length, 20);
    assert.ok(first.next_page);
  });

  it('types[] keeps only the given types, merged in order', async () => {
    const types = ['agent.message', 'session.status_idle'] as const;
    const expected = whole.filter((event) => (types as readonly string[]).includes(event.type));
    assert.ok(expected.length > 20);
    assert.deepEqual(
      await collect(h().client.beta.sessions.events.list(sessionId, { types: [...types], limit: 4 })),
      expected,
    );
    assert.deepEqual(
      await collect(
        h().client.beta.sessions.events.list(sessionId, { types: [...types], order: 'desc', limit: 5 }),
      ),
      [...expected].reverse(),
    );
  });

  it('created_at[gt|gte|lt|lte] compare processed_at', async () => {
    const client = h().client;
    const at = timeOf(whole[100]);
    const list = (query: object): Promise<StreamEvent[]> =>
      collect(client.beta.sessions.events.list(sessionId, { limit: 50, ...query }));
    assert.deepEqual(await list({ 'created_at[gte]': at }), whole.slice(100));
    assert.deepEqual(await list({ 'created_at[gt]': at }), whole.slice(101));
    assert.deepEqual(await list({ 'created_at[lt]': at }), whole.slice(0, 100));
    assert.deepEqual(
      await list({ 'created_at[lte]': at, 'created_at[gt]': timeOf(whole[90]) }),
      whole.slice(91, 101),
    );
    assert.deepEqual(await list({ 'created_at[gte]': at, order: 'desc' }), whole.slice(100).reverse());
  });

  it('a cursor belongs to its order', async () => {
    const page = await h().client.beta.sessions.events.list(sessionId, { limit: 5 });
    await assert.rejects(
      h().client.beta.sessions.events.list(sessionId, { order: 'desc', page: page.next_page as string }),
      (error: unknown) =>
        error instanceof Anthropic.BadRequestError && /^page: /.test(error.apiMessage ?? ''),
    );
  });
});

describe('claude sandbox: sending events', () => {
  const h = useClaude();

  it('answers sent events with ids and processed_at null; queued ones list after the processed, then get processed', async () => {
    const client = h().client;
    // A session fed by a slow script: a message waits, queued, until the feed ends (here: an interrupt ends it).
    const fed = (await admin(h().sandbox, '/sessions', { events: 100_000, ratePerSec: 20 })).id as string;
    await waitFor(async () =>
      (await client.beta.sessions.events.list(fed)).data.length > 0 ? true : undefined,
    );
    const sent = await client.beta.sessions.events.send(fed, { events: [userMessage('Are you there? 👀')] });
    const message = sent.data?.[0];
    assert.ok(message);
    assert.equal(message.type, 'user.message');
    assert.equal(message.processed_at, null);
    assert.match(message.id, /^sevt_011C[0-9A-Za-z]{20}$/);
    assert.deepEqual(message.content, [{ type: 'text', text: 'Are you there? 👀' }]);

    const asc = await collect(
      client.beta.sessions.events.list(fed, { limit: 1000, 'created_at[gte]': '2000-01-01T00:00:00Z' }),
    );
    assert.deepEqual(asc.at(-1), message);
    const desc = await client.beta.sessions.events.list(fed, { order: 'desc', limit: 1 });
    assert.deepEqual(desc.data[0], message);
    const before = await client.beta.sessions.events.list(fed, {
      order: 'desc',
      'created_at[lt]': '2999-01-01T00:00:00Z',
    });
    assert.ok(!idsOf(before.data).includes(message.id));
    const messages = await client.beta.sessions.events.list(fed, {
      order: 'desc',
      types: ['user.message'],
      limit: 1,
    });
    assert.deepEqual(messages.data[0], message);

    // Until the message itself comes processed: the script's own turns also say `session.status_running` (every
    // 14th event), so stopping at the first of those could stop before the interrupt ends the feed.
    const follower = await follow(client, fed, {}, (event) => (event as { id: string }).id === message.id);
    await client.beta.sessions.events.send(fed, { events: [{ type: 'user.interrupt' }] });
    await follower.done;
    const processed = follower.events.find((event) => (event as { id: string }).id === message.id);
    assert.ok(processed);
    assert.equal(typeof timeOf(processed), 'string');
    assert.deepEqual({ ...processed, processed_at: null }, message);
    const listed = (
      await client.beta.sessions.events.list(fed, { types: ['user.message'], order: 'desc', limit: 1 })
    ).data[0];
    assert.deepEqual(listed, processed);
  });

  it('refuses unknown fields (also those only the service sets) and bad values, naming the field', async () => {
    const client = h().client;
    const id = await newSession(client, { scenario: 'ask', text: 'Please run the migration.' });
    const pending = await waitFor(async () => {
      const last = (await client.beta.sessions.events.list(id, { order: 'desc', limit: 1 })).data[0];
      return last?.type === 'session.status_idle' && last.stop_reason.type === 'requires_action'
        ? last.stop_reason.event_ids
        : undefined;
    });
    const toolUseId = pending[0] as string;
    const cases: [unknown, RegExp][] = [
      [{ ...userMessage('hi'), colour: 'red' }, /^events\.0\.colour: Extra inputs are not permitted/],
      [{ ...userMessage('hi'), id: 'sevt_mine' }, /^events\.0\.id: Extra inputs/],
      [{ ...userMessage('hi'), processed_at: null }, /^events\.0\.processed_at: Extra inputs/],
      [
        { type: 'user.message', content: [{ type: 'text', text: 'x', cache_control: {} }] },
        /^events\.0\.content\.0\.cache_control: Extra/,
      ],
      [{ type: 'user.message', content: [] }, /^events\.0\.content: List should have at least 1/],
      [{ type: 'user.message' }, /^events\.0\.content: Field required/],
      [{ type: 'agent.message', content: [] }, /^events\.0\.type: Input should be/],
      [
        {
          type: 'user.tool_confirmation',
          tool_use_id: toolUseId,
          result: 'allow',
          session_thread_id: 'sthr_x',
        },
        /^events\.0\.session_thread_id: Extra/,
      ],
      [
        { type: 'user.tool_confirmation', tool_use_id: toolUseId, result: 'maybe' },
        /^events\.0\.result: Input should be 'allow' or 'deny'/,
      ],
      [
        { type: 'user.tool_confirmation', tool_use_id: toolUseId, result: 'allow', deny_message: 'no' },
        /^events\.0\.deny_message: /,
      ],
      [
        { type: 'user.tool_confirmation', tool_use_id: 'sevt_011Cnope', result: 'allow' },
        /^events\.0\.tool_use_id: no tool use awaiting confirmation/,
      ],
      [
        { type: 'user.custom_tool_result', custom_tool_use_id: toolUseId },
        /^events\.0\.custom_tool_use_id: no custom tool use/,
      ],
      [
        { type: 'user.tool_result', tool_use_id: toolUseId },
        /^events\.0\.type: user\.tool_result is only valid on self_hosted/,
      ],
      [{ type: 'user.interrupt', session_thread_id: 'sthr_011Cnope' }, /^events\.0\.session_thread_id: /],
      [
        {
          type: 'user.define_outcome',
          description: 'x',
          rubric: { type: 'text', content: 'y' },
          max_iterations: 21,
        },
        /^events\.0\.max_iterations: /,
      ],
    ];
    for (const [event, message] of cases) {
      await assert.rejects(
        client.beta.sessions.events.send(id, { events: [event as never] }),
        (error: unknown) =>
          error instanceof Anthropic.BadRequestError && message.test(error.apiMessage ?? ''),
        String(message),
      );
    }
    await assert.rejects(
      client.beta.sessions.events.send(id, { events: [] }),
      (error: unknown) =>
        error instanceof Anthropic.BadRequestError && /^events: /.test(error.apiMessage ?? ''),
    );
    await assert.rejects(
      client.beta.sessions.events.send(id, { events: [userMessage('a')], extra: 1 } as never),
      (error: unknown) =>
        error instanceof Anthropic.BadRequestError && /^extra: Extra inputs/.test(error.apiMessage ?? ''),
    );
    // Two answers to one tool use in one request: the second is refused, and nothing of the request is kept.
    const twice = {
      type: 'user.tool_confirmation' as const,
      tool_use_id: toolUseId,
      result: 'allow' as const,
    };
    await assert.rejects(
      client.beta.sessions.events.send(id, { events: [twice, twice] }),
      /events\.1\.tool_use_id/,
    );
    assert.equal(
      (await allEvents(client, id)).filter((event) => event.type === 'user.tool_confirmation').length,
      0,
    );
  });
});
