import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import { environmentId, follow, newSession, useClaude, userMessage, waitFor } from './helpers';

async function ids(items: AsyncIterable<BetaManagedAgentsSession>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of items) out.push(item.id);
  return out;
}

describe('claude sandbox: listing sessions (demo data, frozen in time)', () => {
  // At this speed no timer of the demo fires during the suite: every list sees the same sessions.
  const h = useClaude({ demo: true, speed: 0.0001 });
  let all: BetaManagedAgentsSession[];

  before(async () => {
    all = (await h().client.beta.sessions.list({ limit: 1000, include_archived: true })).data;
  });

  it('auto-pages (limit 3) through exactly the stored sessions, newest first by default', async () => {
    const client = h().client;
    const visible = all.filter((session) => session.archived_at === null);
    assert.ok(visible.length >= 20);
    assert.deepEqual(
      await ids(client.beta.sessions.list({ limit: 3 })),
      visible.map((session) => session.id),
    );
    const created = visible.map((session) => Date.parse(session.created_at));
    assert.deepEqual(
      created,
      [...created].sort((a, b) => b - a),
    );
    assert.deepEqual(
      await ids(client.beta.sessions.list({ limit: 4, order: 'asc' })),
      visible.map((session) => session.id).reverse(),
    );
  });

  it('pages both ways: prev_page leads back to the page before, and is null on the first page', async () => {
    const client = h().client;
    const first = await client.beta.sessions.list({ limit: 5 });
    assert.equal(first.prev_page, null);
    assert.ok(first.next_page);
    const second = await client.beta.sessions.list({ limit: 5, page: first.next_page });
    assert.ok(second.prev_page);
    const back = await client.beta.sessions.list({ limit: 5, page: second.prev_page });
    assert.deepEqual(
      back.data.map((session) => session.id),
      first.data.map((session) => session.id),
    );
    assert.equal(back.prev_page, null);
    assert.equal(back.next_page !== null, true);
  });

  it('filters by statuses[] (several at once), agent_id (+ agent_version) and deployment_id', async () => {
    const client = h().client;
    const visible = all.filter((session) => session.archived_at === null);
    const wanted = ['rescheduling', 'terminated'] as const;
    assert.deepEqual(
      await ids(client.beta.sessions.list({ statuses: [...wanted], limit: 1 })),
      visible
        .filter((session) => (wanted as readonly string[]).includes(session.status))
        .map((session) => session.id),
    );
    const agent = visible[0]?.agent.id as string;
    assert.deepEqual(
      await ids(client.beta.sessions.list({ agent_id: agent, limit: 2 })),
      visible.filter((session) => session.agent.id === agent).map((session) => session.id),
    );
    assert.deepEqual(await ids(client.beta.sessions.list({ agent_id: agent, agent_version: 99 })), []);
    const fromDeployment = visible.find((session) => session.deployment_id);
    assert.ok(fromDeployment);
    const deployment = fromDeployment.deployment_id as string;
    const expected = visible
      .filter((session) => session.deployment_id === deployment)
      .map((session) => session.id);
    assert.ok(expected.length >= 2);
    assert.deepEqual(await ids(client.beta.sessions.list({ deployment_id: deployment, limit: 1 })), expected);
    const runs: string[] = [];
    for await (const run of client.beta.deploymentRuns.list({ deployment_id: deployment })) {
      if (run.session_id) runs.push(run.session_id);
    }
    assert.deepEqual(runs, expected);
  });

  it('hides archived sessions unless include_archived; filters on created_at', async () => {
    const client = h().client;
    const archived = all.filter((session) => session.archived_at !== null);
    assert.equal(archived.length, 1);
    const visible = await ids(client.beta.sessions.list({ limit: 1000 }));
    assert.ok(!visible.includes(archived[0]?.id as string));
    const middle = all[10] as BetaManagedAgentsSession;
    assert.deepEqual(
      await ids(client.beta.sessions.list({ include_archived: true, 'created_at[gt]': middle.created_at })),
      all.slice(0, 10).map((session) => session.id),
    );
    assert.deepEqual(
      await ids(
        client.beta.sessions.list({ include_archived: true, 'created_at[lte]': middle.created_at, limit: 7 }),
      ),
      all.slice(10).map((session) => session.id),
    );
  });

  it('gets a session with the shape of BetaManagedAgentsSession', async () => {
    const session = all[0] as BetaManagedAgentsSession;
    const got = await h().client.beta.sessions.retrieve(session.id);
    assert.equal(got.id, session.id);
    assert.deepEqual(Object.keys(got).sort(), [
      'agent',
      'archived_at',
      'budget',
      'created_at',
      'deployment_id',
      'environment_id',
      'id',
      'metadata',
      'outcome_evaluations',
      'resources',
      'stats',
      'status',
      'title',
      'type',
      'updated_at',
      'usage',
      'vault_ids',
    ]);
    assert.equal(got.type, 'session');
    assert.equal(got.agent.type, 'agent');
    assert.equal(typeof got.agent.version, 'number');
    assert.match(got.usage.list_cost?.amount ?? '', /^(0|[1-9]\d*)$/);
    assert.equal(got.usage.list_cost?.currency, 'USD');
  });
});

describe('claude sandbox: creating, archiving and deleting sessions', () => {
  const h = useClaude();

  it('creates an idle session; initial events make it run a turn and idle again', async () => {
    const client = h().client;
    const idle = await client.beta.sessions.retrieve(await newSession(client));
    assert.equal(idle.status, 'idle');
    assert.equal(idle.title, 'test session');
    assert.equal(idle.environment_id, await environmentId(client));
    const busy = await newSession(client, { scenario: 'chat', text: 'Bonjour 👋' });
    const done = await waitFor(async () => {
      const session = await client.beta.sessions.retrieve(busy);
      return session.status === 'idle' && session.usage.output_tokens ? session : undefined;
    });
    assert.ok((done.usage.input_tokens ?? 0) > 0);
    assert.ok(done.stats.duration_seconds !== undefined);
  });

  it('pins an agent version and applies agent_with_overrides to the session only', async () => {
    const client = h().client;
    const agents = (await client.beta.agents.list()).data;
    const versioned = agents.find((agent) => agent.version > 1) as { id: string; system: string | null };
    const environment = (await client.beta.environments.list()).data[0]?.id as string;
    const pinned = await client.beta.sessions.create({
      agent: { type: 'agent', id: versioned.id, version: 1 },
      environment_id: environment,
    });
    assert.equal(pinned.agent.version, 1);
    const overridden = await client.beta.sessions.create({
      agent: {
        type: 'agent_with_overrides',
        id: versioned.id,
        system: 'Be brief.',
        model: 'claude-haiku-4-5',
      },
      environment_id: environment,
    });
    assert.equal(overridden.agent.system, 'Be brief.');
    assert.equal(overridden.agent.model.id, 'claude-haiku-4-5');
    assert.equal((await client.beta.agents.retrieve(versioned.id)).system, versioned.system);
  });

  it('archives a session: hidden from the list, and it accepts no more events', async () => {
    const client = h().client;
    const id = await newSession(client);
    const archived = await client.beta.sessions.archive(id);
    assert.notEqual(archived.archived_at, null);
    assert.ok(!(await ids(client.beta.sessions.list())).includes(id));
    assert.ok((await ids(client.beta.sessions.list({ include_archived: true }))).includes(id));
    await assert.rejects(
      client.beta.sessions.events.send(id, { events: [userMessage('still there?')] }),
      (error: unknown) => error instanceof Anthropic.BadRequestError && /archived/.test(error.message),
    );
  });

  it('deletes a session: its stream gets session.deleted and ends, then the session is a 404', async () => {
    const client = h().client;
    const id = await newSession(client);
    const follower = await follow(client, id);
    assert.deepEqual(await client.beta.sessions.delete(id), { id, type: 'session_deleted' });
    await follower.done;
    assert.equal(follower.error, undefined);
    assert.deepEqual(
      follower.events.map((event) => event.type),
      ['session.deleted'],
    );
    await assert.rejects(client.beta.sessions.retrieve(id), Anthropic.NotFoundError);
    await assert.rejects(client.beta.sessions.events.list(id), Anthropic.NotFoundError);
    assert.ok(!(await ids(client.beta.sessions.list({ include_archived: true }))).includes(id));
  });
});
