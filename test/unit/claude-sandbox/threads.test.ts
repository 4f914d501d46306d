import assert from 'node:assert/strict';
import type { BetaManagedAgentsSessionThread } from '@anthropic-ai/sdk/resources/beta/sessions/threads/threads';
import {
  admin,
  agentNamed,
  Follower,
  follow,
  isIdle,
  newSession,
  useClaude,
  userMessage,
  type StreamEvent,
} from './helpers';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('claude sandbox: sub-agent threads', () => {
  // Slow enough that a thread's stream opened when the thread is announced sees its work.
  const h = useClaude({ speed: 10 });
  let done: { session: string; threads: BetaManagedAgentsSessionThread[] } | undefined;

  it('lists the primary and its sub-agent threads; each thread has its own events and stream', async () => {
    const client = h().client;
    const id = await newSession(client, {
      scenario: 'subagents',
      agent: await agentNamed(client, 'Research Coordinator'),
    });
    const threadStreams: Promise<Follower>[] = [];
    const primary = await follow(client, id, {}, (event) => isIdle(event, 'end_turn'));
    const announced = new Set<string>();
    const watching = (async () => {
      while (!primary.events.some((event) => isIdle(event, 'end_turn')) && primary.error === undefined) {
        for (const event of primary.events) {
          if (event.type !== 'session.thread_created' || announced.has(event.session_thread_id)) continue;
          announced.add(event.session_thread_id);
          threadStreams.push(
            (async () =>
              new Follower(
                await client.beta.sessions.threads.events.stream(event.session_thread_id, { session_id: id }),
              ))(),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    await client.beta.sessions.events.send(id, {
      events: [userMessage('Compare the three reports and the numbers.')],
    });
    await primary.done;
    await watching;
    assert.equal(primary.error, undefined);

    const threads: BetaManagedAgentsSessionThread[] = await collect(
      client.beta.sessions.threads.list(id, { limit: 1 }),
    );
    assert.equal(threads.length, 3);
    const [main, ...subs] = threads as [BetaManagedAgentsSessionThread, ...BetaManagedAgentsSessionThread[]];
    assert.equal(main.parent_thread_id, null);
    assert.equal(main.status, 'idle');
    for (const sub of subs) {
      assert.equal(sub.parent_thread_id, main.id);
      assert.equal(sub.session_id, id);
      assert.equal(sub.status, 'terminated');
      assert.ok(
        ['Literature Scout 📚', 'Data Analyst — 数据分析'].includes((sub.agent as { name: string }).name),
      );
      assert.deepEqual(await client.beta.sessions.threads.retrieve(sub.id, { session_id: id }), sub);
    }
    assert.deepEqual(
      (await collect(client.beta.sessions.threads.list(id, { statuses: ['terminated'] }))).map(
        (thread) => thread.id,
      ),
      subs.map((thread) => thread.id),
    );

    const primaryTypes = primary.events.map((event) => event.type);
    assert.equal(primaryTypes.filter((type) => type === 'session.thread_created').length, 2);
    assert.equal(primaryTypes.filter((type) => type === 'agent.thread_message_sent').length, 2);
    assert.equal(primaryTypes.filter((type) => type === 'agent.thread_message_received').length, 2);

    const streams = await Promise.all(threadStreams);
    assert.equal(streams.length, 2);
    for (const [index, sub] of subs.entries()) {
      const own: StreamEvent[] = await collect(
        client.beta.sessions.threads.events.list(sub.id, { session_id: id, limit: 3 }),
      );
      assert.equal(own[0]?.type, 'session.thread_status_running');
      assert.equal(own[1]?.type, 'agent.thread_message_received');
      assert.equal(own.at(-1)?.type, 'session.thread_status_terminated');
      assert.ok(own.some((event) => event.type === 'agent.tool_use' && !('session_thread_id' in event)));
      // Status events are cross-posted to the primary stream with the same JSON.
      for (const status of own.filter((event) => event.type.startsWith('session.thread_status_'))) {
        assert.deepEqual(
          primary.events.find((event) => (event as { id: string }).id === (status as { id: string }).id),
          status,
        );
      }
      // The thread's stream: from the live edge on, exactly its list, ending after its own termination.
      const stream = streams[index] as Follower;
      await stream.done;
      assert.equal(stream.error, undefined);
      assert.ok(stream.events.length >= 3);
      assert.deepEqual(stream.events, own.slice(own.length - stream.events.length));
    }
    done = { session: id, threads };
    // The primary thread's events are the session's.
    const mainEvents = await collect(
      client.beta.sessions.threads.events.list(main.id, { session_id: id, limit: 50 }),
    );
    assert.deepEqual(mainEvents, await collect(client.beta.sessions.events.list(id, { limit: 50 })));
  });

  it('ends the stream of a terminated thread at once; admin events can be appended to a thread; it can be archived', async () => {
    const { client, sandbox } = h();
    assert.ok(done);
    const sub = done.threads[1] as BetaManagedAgentsSessionThread;
    const ended = new Follower(
      await client.beta.sessions.threads.events.stream(sub.id, { session_id: done.session }),
    );
    await ended.done;
    assert.deepEqual(ended.events, []);
    assert.equal(ended.error, undefined);
    await admin(sandbox, `/sessions/${done.session}/events`, {
      session_thread_id: sub.id,
      events: [{ type: 'agent.thread_context_compacted' }],
    });
    const last = (
      await collect(client.beta.sessions.threads.events.list(sub.id, { session_id: done.session }))
    ).at(-1);
    assert.equal(last?.type, 'agent.thread_context_compacted');
    const archived = await client.beta.sessions.threads.archive(sub.id, { session_id: done.session });
    assert.notEqual(archived.archived_at, null);
    assert.equal(archived.id, sub.id);
  });

  it("surfaces a sub-agent's tool use that needs approval on the session's stream, tagged with its thread; the answer goes there", async () => {
    const client = h().client;
    const id = await newSession(client, {
      scenario: 'subagent-ask',
      agent: await agentNamed(client, 'Research Coordinator'),
      text: 'Split the work.',
    });
    const asking = await follow(client, id, {}, (event) => isIdle(event, 'requires_action'));
    await asking.done;
    const idle = asking.events.at(-1);
    assert.ok(idle?.type === 'session.status_idle' && idle.stop_reason.type === 'requires_action');
    const [useId] = idle.stop_reason.event_ids;
    const idOf = (event: StreamEvent): unknown => (event as { id?: unknown }).id;
    const use = asking.events.find((event) => idOf(event) === useId);
    assert.ok(use?.type === 'agent.tool_use', 'the tool use is on the session’s stream');
    assert.equal(use.evaluated_permission, 'ask');
    const thread = use.session_thread_id;
    assert.ok(typeof thread === 'string', 'tagged with the thread it came from');
    const ownEvents = async (): Promise<StreamEvent[]> =>
      (await collect(client.beta.sessions.threads.events.list(thread, { session_id: id }))) as StreamEvent[];
    const own = (await ownEvents()).find((event) => idOf(event) === useId);
    assert.ok(own, 'and in its thread’s own events');
    assert.equal((own as { session_thread_id?: unknown }).session_thread_id, undefined, 'untagged there');

    // Answered by the tool use's id alone, as a client does.
    const ended = await follow(client, id, {}, (event) => isIdle(event, 'end_turn'));
    await client.beta.sessions.events.send(id, {
      events: [{ type: 'user.tool_confirmation', tool_use_id: useId as string, result: 'allow' }],
    });
    await ended.done;
    const confirmation = ended.events.find((event) => event.type === 'user.tool_confirmation');
    assert.equal(
      (confirmation as { session_thread_id?: unknown } | undefined)?.session_thread_id,
      thread,
      'the server says which thread the answer was routed to',
    );
    const threadTypes = (await ownEvents()).map((event) => event.type);
    const answered = threadTypes.indexOf('user.tool_confirmation');
    assert.ok(answered > 0, 'the answer reached the thread');
    assert.ok(
      threadTypes.indexOf('agent.tool_result', answered) > answered,
      'and the allowed tool ran there',
    );
    assert.ok(
      !ended.events.some((event) => event.type === 'agent.tool_result'),
      'its result stays in the thread',
    );
  });
});
