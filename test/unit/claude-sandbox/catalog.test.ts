import assert from 'node:assert/strict';
import { useClaude } from './helpers';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('claude sandbox: agents and environments', () => {
  const h = useClaude();

  it('auto-paging agents (limit 2) yields exactly the agents of one big page, newest first', async () => {
    const client = h().client;
    const paged = await collect(client.beta.agents.list({ limit: 2 }));
    const whole = (await client.beta.agents.list({ limit: 1000 })).data;
    assert.equal(paged.length, 6);
    assert.deepEqual(paged, whole);
    const created = paged.map((agent) => Date.parse(agent.created_at));
    assert.deepEqual(
      created,
      [...created].sort((a, b) => b - a),
    );
    for (const agent of paged) {
      assert.equal(agent.type, 'agent');
      assert.equal(agent.archived_at, null);
      assert.match(agent.id, /^agent_011C[0-9A-Za-z]{20}$/);
      assert.ok(agent.model.id.startsWith('claude-'));
      assert.ok(
        Array.isArray(agent.tools) && Array.isArray(agent.mcp_servers) && Array.isArray(agent.skills),
      );
    }
    const kinds = new Set(paged.flatMap((agent) => agent.tools.map((tool) => tool.type)));
    assert.deepEqual([...kinds].sort(), ['agent_toolset_20260401', 'custom', 'mcp_toolset']);
    assert.ok(paged.some((agent) => agent.multiagent?.type === 'coordinator'));
    assert.ok(new Set(paged.map((agent) => agent.model.id)).size >= 5);
  });

  it('include_archived adds the archived agent; created_at filters by creation time', async () => {
    const client = h().client;
    const all = await collect(client.beta.agents.list({ include_archived: true, limit: 3 }));
    assert.equal(all.length, 7);
    const archived = all.filter((agent) => agent.archived_at !== null);
    assert.equal(archived.length, 1);
    const middle = all[3]?.created_at as string;
    const newer = await collect(
      client.beta.agents.list({ 'created_at[gte]': middle, include_archived: true }),
    );
    assert.deepEqual(newer, all.slice(0, 4));
    const older = await collect(
      client.beta.agents.list({ 'created_at[lte]': middle, include_archived: true }),
    );
    assert.deepEqual(older, all.slice(3));
  });

  it('gets an agent at its latest or any earlier version, and lists its versions newest first', async () => {
    const client = h().client;
    const repo = (await collect(client.beta.agents.list())).find((agent) => agent.version === 3);
    assert.ok(repo);
    assert.deepEqual(await client.beta.agents.retrieve(repo.id), repo);
    const first = await client.beta.agents.retrieve(repo.id, { version: 1 });
    assert.equal(first.version, 1);
    assert.notEqual(first.system, repo.system);
    const versions = await collect(client.beta.agents.versions.list(repo.id, { limit: 1 }));
    assert.deepEqual(
      versions.map((version) => version.version),
      [3, 2, 1],
    );
    assert.deepEqual(versions[0], repo);
    assert.deepEqual(versions[2], first);
  });

  it('archives an agent: it leaves the default list and sessions can no longer start on it', async () => {
    const client = h().client;
    const agent = (await client.beta.agents.list({ limit: 1 })).data[0];
    assert.ok(agent);
    const archived = await client.beta.agents.archive(agent.id);
    assert.notEqual(archived.archived_at, null);
    assert.deepEqual(await client.beta.agents.archive(agent.id), archived); // idempotent
    const listed = await collect(client.beta.agents.list());
    assert.ok(!listed.some((candidate) => candidate.id === agent.id));
    const environment = (await client.beta.environments.list()).data[0]?.id as string;
    await assert.rejects(
      client.beta.sessions.create({ agent: agent.id, environment_id: environment }),
      /is archived/,
    );
  });

  it('lists environments (cloud and self-hosted; the archived one only on request) and gets one', async () => {
    const client = h().client;
    const environments = await collect(client.beta.environments.list({ limit: 1 }));
    assert.deepEqual(environments.map((environment) => environment.config.type).sort(), [
      'cloud',
      'cloud',
      'self_hosted',
    ]);
    const all = await collect(client.beta.environments.list({ include_archived: true }));
    assert.equal(all.length, 4);
    const first = environments[0];
    assert.ok(first);
    assert.deepEqual(await client.beta.environments.retrieve(first.id), first);
  });
});
