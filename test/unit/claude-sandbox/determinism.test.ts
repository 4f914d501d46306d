import assert from 'node:assert/strict';
import { startSandbox } from '../../../sandbox/server';
import { allEvents, agentNamed, environmentId, sdk, waitFor, type StreamEvent } from './helpers';

/** Events without their clock times (processed_at is wall-clock time, the one thing a seed does not fix). */
const timeless = (events: StreamEvent[]): unknown[] =>
  events.map((event) => ({ ...event, processed_at: undefined }));

/** What a seed should replay: catalog ids, the demo's sessions and their events, and a new session's turn. */
async function snapshot(
  seed: number,
): Promise<{ agents: string[]; sessions: Map<string, unknown>; created: unknown }> {
  const sandbox = await startSandbox({ port: 0, seed, speed: 1000 });
  try {
    const client = sdk(sandbox);
    const agents: string[] = [];
    for await (const agent of client.beta.agents.list()) agents.push(`${agent.id} ${agent.name}`);
    const sessions = new Map<string, unknown>();
    for await (const session of client.beta.sessions.list({ include_archived: true, limit: 100 })) {
      // The two live ones are still changing; everything else is history.
      if (session.status === 'running' || session.status === 'rescheduling') continue;
      sessions.set(session.title ?? '', {
        id: session.id,
        events: timeless(await allEvents(client, session.id, 1000)),
      });
    }
    const created = await client.beta.sessions.create({
      agent: await agentNamed(client, 'Repo Maintainer'),
      environment_id: await environmentId(client),
      initial_events: [
        { type: 'user.message', content: [{ type: 'text', text: 'Same seed, same answer?' }] },
      ],
    });
    const turn = await waitFor(async () => {
      const events = await allEvents(client, created.id);
      return events.some((event) => event.type === 'session.status_idle') ? events : undefined;
    });
    return { agents, sessions, created: { id: created.id, events: timeless(turn) } };
  } finally {
    await sandbox.close();
  }
}

describe('claude sandbox: determinism', () => {
  it('the same seed gives the same ids and events (processed_at aside); another seed does not', async () => {
    const first = await snapshot(7);
    const second = await snapshot(7);
    assert.deepEqual(second.agents, first.agents);
    assert.deepEqual(second.created, first.created);
    // The cron history depends on the time of day; compare the sessions both runs have (nearly all of them).
    const shared = [...first.sessions.keys()].filter((title) => second.sessions.has(title));
    assert.ok(shared.length >= 20, `${shared.length} sessions in common`);
    for (const title of shared)
      assert.deepEqual(second.sessions.get(title), first.sessions.get(title), title);

    const other = await snapshot(8);
    assert.notDeepEqual(other.agents, first.agents);
    assert.notDeepEqual(other.created, first.created);
  });
});
