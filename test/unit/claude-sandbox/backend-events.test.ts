// Backend.events() of Managed Agents against the sandbox: a session's (or a sub-agent thread's) whole list, page by
// page and oldest first, exactly as the SDK's own list has it, and a rejected key as a typed error.
import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import type { Backend, FollowRef } from '../../../src/backends/types';
import { isApiError } from '../../../src/net/errors';
import {
  admin,
  agentNamed,
  claudeBackend,
  follow,
  isIdle,
  newSession,
  useClaude,
  userMessage,
} from './helpers';

async function pages(backend: Backend, ref: FollowRef, signal?: AbortSignal): Promise<unknown[][]> {
  const events = backend.events;
  assert.ok(events, 'Managed Agents has events()');
  const out: unknown[][] = [];
  for await (const page of events.call(backend, ref, signal)) out.push(page);
  return out;
}

/** The SDK's list of a session, oldest first, auto-paged. */
async function sdkList(client: Anthropic, sessionId: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const event of client.beta.sessions.events.list(sessionId, { limit: 500 })) out.push(event);
  return out;
}

describe('claude backend: events() over the sandbox', () => {
  const h = useClaude();
  let backend: Backend;
  before(() => {
    backend = claudeBackend(h().sandbox);
  });
  after(() => backend.close());

  it('yields 5,000 events of a session over several pages, oldest first, equal to the SDK list', async () => {
    const { client, sandbox } = h();
    const id = (await admin(sandbox, '/sessions', { events: 5_000 })).id as string;
    const got = await pages(backend, { runId: id, subRunId: id });
    assert.ok(got.length >= 5, `${got.length} pages`);
    const all = got.flat();
    assert.equal(all.length, 5_000);
    assert.deepEqual(all, await sdkList(client, id));
    const times = all.map((e) => Date.parse((e as { processed_at: string }).processed_at));
    assert.ok(times.every((t, i) => i === 0 || t >= (times[i - 1] as number)));
    // The primary thread named by an empty sub-run is the session too.
    assert.deepEqual((await pages(backend, { runId: id, subRunId: '' })).flat(), all);
  });

  it("yields a sub-agent thread's own list, as the SDK's thread list has it", async () => {
    const { client } = h();
    const id = await newSession(client, {
      scenario: 'subagents',
      agent: await agentNamed(client, 'Research Coordinator'),
    });
    const primary = await follow(client, id, {}, (event) => isIdle(event, 'end_turn'));
    await client.beta.sessions.events.send(id, { events: [userMessage('Compare the reports.')] });
    await primary.done;
    assert.equal(primary.error, undefined);
    let threadId: string | undefined;
    for await (const thread of client.beta.sessions.threads.list(id, { limit: 100 }))
      if (thread.parent_thread_id !== null) threadId ??= thread.id;
    assert.ok(threadId, 'the session has a sub-agent thread');
    const expected: unknown[] = [];
    for await (const event of client.beta.sessions.threads.events.list(threadId, { session_id: id }))
      expected.push(event);
    assert.ok(expected.length > 0);
    const got = (await pages(backend, { runId: id, subRunId: threadId })).flat();
    assert.deepEqual(got, expected);
    // The session's own list is another one.
    assert.notDeepEqual((await pages(backend, { runId: id, subRunId: id })).flat(), got);
  });

  it('a rejected key is a typed 401 error, with no page yielded', async () => {
    const { sandbox } = h();
    const id = (await admin(sandbox, '/sessions', { events: 3 })).id as string;
    const wrong = claudeBackend(sandbox, 'sk-ant-wrong-key');
    const got: unknown[][] = [];
    await assert.rejects(
      (async () => {
        for await (const page of wrong.events?.({ runId: id, subRunId: id }) ?? []) got.push(page);
      })(),
      (error: unknown) => isApiError(error, 'unauthorized') && error.status === 401,
    );
    assert.deepEqual(got, []);
    wrong.close();
  });

  it('a session the service does not know is a typed 404 error', async () => {
    await assert.rejects(pages(backend, { runId: 'sesn_nope', subRunId: 'sesn_nope' }), (error: unknown) =>
      isApiError(error, 'notFound'),
    );
  });

  it('stops at the signal with an aborted error after the page it was in', async () => {
    const { sandbox } = h();
    const id = (await admin(sandbox, '/sessions', { events: 2_500 })).id as string;
    const controller = new AbortController();
    let seen = 0;
    await assert.rejects(
      (async () => {
        for await (const page of backend.events?.({ runId: id, subRunId: id }, controller.signal) ?? []) {
          seen += page.length;
          controller.abort();
        }
      })(),
      (error: unknown) => isApiError(error, 'aborted'),
    );
    assert.equal(seen, 1_000);
  });
});
