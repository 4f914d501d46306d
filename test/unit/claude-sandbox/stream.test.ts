import assert from 'node:assert/strict';
import { APIError } from '@anthropic-ai/sdk';
import {
  admin,
  allEvents,
  follow,
  frames,
  isIdle,
  newSession,
  readRaw,
  useClaude,
  userMessage,
  waitFor,
  type StreamEvent,
} from './helpers';

const idOf = (event: StreamEvent): string => (event as { id: string }).id;

describe('claude sandbox: the event stream through the SDK', () => {
  const h = useClaude();

  it('sends each event with the same JSON as the list, previews first, from the live edge on', async () => {
    const client = h().client;
    const id = await newSession(client, {
      scenario: 'tools',
      agent: undefined,
      text: 'First turn, before anyone listens.',
    });
    await waitFor(async () =>
      (await client.beta.sessions.retrieve(id)).status === 'idle' &&
      (await allEvents(client, id)).some((event) => isIdle(event, 'end_turn'))
        ? true
        : undefined,
    );
    const before = await allEvents(client, id);

    const follower = await follow(
      client,
      id,
      { event_deltas: ['agent.message', 'agent.thinking'] },
      (event) => isIdle(event, 'end_turn'),
    );
    await client.beta.sessions.events.send(id, {
      events: [userMessage('Second turn: what changed? 漢字 🚀')],
    });
    await follower.done;
    assert.equal(follower.error, undefined);

    const listed = await allEvents(client, id);
    // Live edge: nothing from before the connection, then exactly what the list has after it, in the same order.
    assert.deepEqual(follower.logged, listed.slice(before.length));
    assert.equal(follower.logged[0]?.type, 'user.message');

    // Previews: an event_start before each agent.message and agent.thinking, deltas that add up to the final text.
    for (const message of follower.logged.filter((event) => event.type === 'agent.message')) {
      const at = follower.events.indexOf(message);
      const start = follower.events.findIndex(
        (event) => event.type === 'event_start' && event.event.id === idOf(message),
      );
      assert.ok(start >= 0 && start < at, 'event_start comes before its event');
      const text = follower.events
        .filter((event) => event.type === 'event_delta' && event.event_id === idOf(message))
        .map((event) => (event.type === 'event_delta' ? event.delta.content.text : ''))
        .join('');
      assert.equal(
        text,
        message.type === 'agent.message' ? (message.content[0] as { text: string }).text : '',
      );
    }
    const thinking = follower.logged.filter((event) => event.type === 'agent.thinking');
    for (const event of thinking) {
      assert.ok(
        follower.events.some(
          (other) =>
            other.type === 'event_start' &&
            other.event.type === 'agent.thinking' &&
            other.event.id === idOf(event),
        ),
      );
    }
  });

  it('sends previews only when asked for them', async () => {
    const client = h().client;
    const id = await newSession(client, { scenario: 'chat' });
    const follower = await follow(client, id, {}, (event) => isIdle(event, 'end_turn'));
    await client.beta.sessions.events.send(id, { events: [userMessage('hello')] });
    await follower.done;
    assert.ok(follower.events.every((event) => event.type !== 'event_start' && event.type !== 'event_delta'));
    assert.ok(follower.events.some((event) => event.type === 'agent.message'));
  });

  it('frames raw: `event: <type>` and `data: <json>` only (no id, no retry), pings while idle', async () => {
    const { sandbox, client } = h();
    const id = await newSession(client, { scenario: 'chat' });
    const pings = await readRaw(sandbox, `/v1/sessions/${id}/events/stream`, {
      until: (text) => frames(text).filter((frame) => frame.event === 'ping').length >= 2,
    });
    assert.equal(pings.status, 200);
    assert.equal(pings.headers.get('content-type'), 'text/event-stream');
    assert.match(pings.headers.get('request-id') ?? '', /^req_/);
    for (const frame of frames(pings.text))
      assert.deepEqual(frame.lines, ['event: ping', 'data: {"type":"ping"}']);

    // The first ping proves the stream is live; only then does the turn start.
    let sent: Promise<unknown> | undefined;
    const turn = await readRaw(sandbox, `/v1/sessions/${id}/events/stream`, {
      onText: (text) => {
        if (!sent && text.includes('event: ping')) {
          sent = client.beta.sessions.events.send(id, { events: [userMessage('raw, please')] });
        }
      },
      until: (text) => text.includes('"stop_reason":{"type":"end_turn"}'),
    });
    await sent;
    const events = frames(turn.text).filter((frame) => frame.event !== 'ping');
    assert.ok(events.length >= 6);
    for (const frame of events) {
      assert.equal(frame.lines.length, 2);
      assert.equal(JSON.parse(frame.data as string).type, frame.event);
    }
  });

  it('an `event: error` frame makes the SDK throw an APIError with the error type', async () => {
    const client = h().client;
    const id = (await admin(h().sandbox, '/sessions', { events: 100_000, ratePerSec: 200 })).id;
    const follower = await follow(client, id, {}, undefined, { 'x-sandbox-fault': 'error-frame:3' });
    await follower.done;
    assert.equal(follower.events.length, 3);
    assert.ok(follower.error instanceof APIError);
    assert.equal((follower.error as APIError).type, 'overloaded_error');
    assert.equal((follower.error as APIError).status, undefined);
  });

  it('ends right after session.status_terminated, and at once for a terminated session', async () => {
    const client = h().client;
    const id = await newSession(client, { scenario: 'terminal' });
    const follower = await follow(client, id);
    await client.beta.sessions.events.send(id, { events: [userMessage('go')] });
    await follower.done;
    assert.equal(follower.error, undefined);
    assert.equal(follower.events.at(-1)?.type, 'session.status_terminated');
    assert.ok(
      follower.events.some(
        (event) => event.type === 'session.error' && event.error.retry_status.type === 'terminal',
      ),
    );
    const again = await follow(client, id);
    await again.done;
    assert.deepEqual(again.events, []);
    assert.equal(again.error, undefined);
  });
});
