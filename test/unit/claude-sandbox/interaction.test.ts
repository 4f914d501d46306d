import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { agentNamed, follow, isIdle, newSession, useClaude, userMessage, type StreamEvent } from './helpers';

const types = (events: StreamEvent[]): string[] => events.map((event) => event.type);
const text = (event: StreamEvent | undefined): string =>
  event?.type === 'agent.message'
    ? event.content.map((block) => (block.type === 'text' ? block.text : '')).join('')
    : '';
/** The events after the first one of `type` (inclusive). */
const from = (events: StreamEvent[], type: string): StreamEvent[] =>
  events.slice(events.findIndex((event) => event.type === type));

/** Starts a turn and returns the stream's events up to the idle that ends or pauses it. */
async function turn(
  client: Anthropic,
  id: string,
  send: Parameters<Anthropic['beta']['sessions']['events']['send']>[1],
): Promise<StreamEvent[]> {
  const follower = await follow(
    client,
    id,
    {},
    (event) => event.type === 'session.status_idle' || event.type === 'session.status_terminated',
  );
  await client.beta.sessions.events.send(id, send);
  await follower.done;
  assert.equal(follower.error, undefined);
  return follower.events;
}

describe('claude sandbox: interacting with a session', () => {
  const h = useClaude();

  it('a message wakes an idle session and the agent answers it, then idles with end_turn', async () => {
    const client = h().client;
    const id = await newSession(client, { scenario: 'chat' });
    const events = await turn(client, id, { events: [userMessage('Quelle heure est-il à 東京 ?')] });
    assert.deepEqual(
      types(events).filter((type) => type !== 'agent.thinking'),
      [
        'user.message',
        'session.status_running',
        'span.model_request_start',
        'agent.message',
        'span.model_request_end',
        'session.usage',
        'session.status_idle',
      ],
    );
    assert.ok(
      text(events.find((event) => event.type === 'agent.message')).includes('Quelle heure est-il à 東京 ?'),
    );
    const idle = events.at(-1);
    assert.ok(idle && isIdle(idle, 'end_turn'));
    const end = events.find((event) => event.type === 'span.model_request_end');
    const start = events.find((event) => event.type === 'span.model_request_start');
    assert.equal(
      end?.type === 'span.model_request_end' && end.model_request_start_id,
      start && (start as { id: string }).id,
    );
    const usage = events.find((event) => event.type === 'session.usage');
    assert.ok(usage?.type === 'session.usage' && Number(usage.usage.output_tokens) > 0);
    assert.equal((await client.beta.sessions.retrieve(id)).status, 'idle');
  });

  it('a tool use that asks idles with requires_action; allow runs the tool and the agent goes on', async () => {
    const client = h().client;
    const id = await newSession(client, { scenario: 'ask' });
    const asked = await turn(client, id, { events: [userMessage('Run the cleanup script.')] });
    const idle = asked.at(-1);
    assert.ok(idle?.type === 'session.status_idle' && idle.stop_reason.type === 'requires_action');
    const use = asked.find((event) => event.type === 'agent.tool_use');
    assert.ok(use?.type === 'agent.tool_use');
    assert.equal(use.evaluated_permission, 'ask');
    assert.deepEqual(idle.stop_reason.type === 'requires_action' && idle.stop_reason.event_ids, [use.id]);
    assert.deepEqual(types(asked).slice(-4), [
      'agent.tool_use',
      'span.model_request_end',
      'session.usage',
      'session.status_idle',
    ]);
    assert.equal((await client.beta.sessions.retrieve(id)).status, 'idle');

    const allowed = await turn(client, id, {
      events: [{ type: 'user.tool_confirmation', tool_use_id: use.id, result: 'allow' }],
    });
    assert.deepEqual(types(allowed), [
      'user.tool_confirmation',
      'session.status_running',
      'agent.tool_result',
      'span.model_request_start',
      'agent.message',
      'span.model_request_end',
      'session.usage',
      'session.status_idle',
    ]);
    assert.ok(allowed[2]?.type === 'agent.tool_result' && allowed[2].tool_use_id === use.id);
    assert.ok(isIdle(allowed.at(-1) as StreamEvent, 'end_turn'));
  });

  it('deny skips the tool and the agent acknowledges the deny_message', async () => {
    const client = h().client;
    const id = await newSession(client, { scenario: 'ask' });
    const asked = await turn(client, id, { events: [userMessage('Push it.')] });
    const use = asked.find((event) => event.type === 'agent.tool_use') as { id: string };
    const denied = await turn(client, id, {
      events: [
        {
          type: 'user.tool_confirmation',
          tool_use_id: use.id,
          result: 'deny',
          deny_message: 'Not on a Friday 🙅',
        },
      ],
    });
    assert.deepEqual(types(denied), [
      'user.tool_confirmation',
      'session.status_running',
      'span.model_request_start',
      'agent.message',
      'span.model_request_end',
      'session.usage',
      'session.status_idle',
    ]);
    assert.ok(text(denied[3]).includes('Not on a Friday 🙅'));
  });

  it('a custom tool use idles until the user.custom_tool_result, which the agent then uses', async () => {
    const client = h().client;
    const id = await newSession(client, {
      scenario: 'custom',
      agent: await agentNamed(client, 'Support Concierge'),
    });
    const asked = await turn(client, id, { events: [userMessage('Where is order A-10042?')] });
    const use = asked.find((event) => event.type === 'agent.custom_tool_use');
    assert.ok(use?.type === 'agent.custom_tool_use');
    assert.equal(use.name, 'lookup_order');
    const idle = asked.at(-1);
    assert.ok(idle?.type === 'session.status_idle' && idle.stop_reason.type === 'requires_action');
    const answered = await turn(client, id, {
      events: [
        {
          type: 'user.custom_tool_result',
          custom_tool_use_id: use.id,
          content: [{ type: 'text', text: 'shipped via ヤマト' }],
        },
      ],
    });
    assert.deepEqual(types(answered).slice(0, 3), [
      'user.custom_tool_result',
      'session.status_running',
      'span.model_request_start',
    ]);
    assert.ok(text(answered.find((event) => event.type === 'agent.message')).includes('shipped via ヤマト'));
    assert.ok(isIdle(answered.at(-1) as StreamEvent, 'end_turn'));
  });

  it('user.interrupt ends the current turn: the open model request ends, the session idles, nothing follows', async () => {
    const client = h().client;
    // Turn 1 would work for hours; turn 2 is a short chat.
    const id = await newSession(client, { scenario: 'autopilot,chat' });
    const follower = await follow(client, id, {}, (event) => isIdle(event, 'end_turn'));
    await client.beta.sessions.events.send(id, { events: [userMessage('Keep going until I stop you.')] });
    await follower.waitFor((event) => event.type === 'agent.tool_result');
    await client.beta.sessions.events.send(id, { events: [{ type: 'user.interrupt' }] });
    await follower.done;
    const tail = from(follower.events, 'user.interrupt');
    const closing = types(tail);
    assert.ok(
      JSON.stringify(closing) === JSON.stringify(['user.interrupt', 'session.status_idle']) ||
        JSON.stringify(closing) ===
          JSON.stringify(['user.interrupt', 'span.model_request_end', 'session.status_idle']),
      closing.join(', '),
    );
    if (tail[1]?.type === 'span.model_request_end') {
      const starts = follower.events.filter((event) => event.type === 'span.model_request_start');
      assert.equal(tail[1].model_request_start_id, (starts.at(-1) as { id: string }).id);
    }
    // Nothing more comes: the next event after the idle is the next message.
    const next = await turn(client, id, {
      events: [{ type: 'user.interrupt' }, userMessage('Start again.')],
    });
    assert.deepEqual(types(next).slice(0, 3), ['user.interrupt', 'user.message', 'session.status_running']);
  });

  it('a message sent while the agent works is taken at its next model request and answered', async () => {
    const client = h().client;
    const id = await newSession(client, { scenario: 'autopilot' });
    const follower = await follow(client, id);
    await client.beta.sessions.events.send(id, { events: [userMessage('Work on it.')] });
    await follower.waitFor((event) => event.type === 'agent.tool_use');
    const sent = await client.beta.sessions.events.send(id, {
      events: [userMessage('Also bump eslint, s’il te plaît.')],
    });
    const message = await follower.waitFor((event) => (event as { id: string }).id === sent.data?.[0]?.id);
    const at = follower.events.indexOf(message);
    assert.equal(follower.events[at + 1]?.type, 'span.model_request_start');
    const answer = await follower.waitFor((event, index) => index > at && event.type === 'agent.message');
    assert.ok(text(answer).includes('Also bump eslint, s’il te plaît.'));
    follower.stop();
    await client.beta.sessions.events.send(id, { events: [{ type: 'user.interrupt' }] });
  });

  it('a model error is retried: session.error (retrying), rescheduled, running again, then the answer', async () => {
    const client = h().client;
    const id = await newSession(client, { scenario: 'retry' });
    const events = await turn(client, id, { events: [userMessage('Summarise the incident.')] });
    const sequence = types(events);
    const failed = sequence.indexOf('session.error');
    assert.deepEqual(sequence.slice(failed - 2, failed + 3), [
      'span.model_request_start',
      'span.model_request_end',
      'session.error',
      'session.status_rescheduled',
      'session.status_running',
    ]);
    const error = events[failed];
    assert.ok(error?.type === 'session.error' && error.error.retry_status.type === 'retrying');
    const ended = events[failed - 1];
    assert.ok(ended?.type === 'span.model_request_end' && ended.is_error === true);
    assert.ok(sequence.includes('agent.message'));
    assert.ok(isIdle(events.at(-1) as StreamEvent, 'end_turn'));
  });
});
