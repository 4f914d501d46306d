import assert from 'node:assert/strict';
import { call, useSandbox } from './helpers';

describe('sandbox: agents', () => {
  const sandbox = useSandbox();

  it('lists the demo agents with metadata and last-run fields, paged', async () => {
    const all = await call(sandbox(), '/v1/api/agents');
    assert.equal(all.status, 200);
    assert.equal(all.body.total, 8);
    assert.equal(all.body.items.length, 8);
    for (const agent of all.body.items) {
      assert.equal(typeof agent.id, 'string');
      assert.equal(typeof agent.name, 'string');
      assert.equal(typeof agent.metadata, 'object');
      assert.ok('last_run_status' in agent && 'created_at' in agent && 'updated_at' in agent);
    }
    const page = await call(sandbox(), '/v1/api/agents?limit=3&offset=6');
    assert.deepEqual(
      page.body.items.map((agent: { id: string }) => agent.id),
      all.body.items.slice(6).map((agent: { id: string }) => agent.id),
    );
    assert.equal(page.body.limit, 3);
    assert.equal(page.body.offset, 6);
  });

  it('gets one agent, 404 for an unknown id', async () => {
    const first = (await call(sandbox(), '/v1/api/agents?limit=1')).body.items[0];
    const one = await call(sandbox(), `/v1/api/agents/${first.id}`);
    assert.deepEqual(one.body, first);
    assert.equal((await call(sandbox(), '/v1/api/agents/unknown')).status, 404);
  });

  it('creates an agent (201) and answers 409 when an Idempotency-Key is reused', async () => {
    const headers = { 'idempotency-key': 'agent-key-1' };
    const body = { name: 'Créateur 🚀', metadata: { nested: { a: [1, 2] } } };
    const created = await call(sandbox(), '/v1/api/agents', { method: 'POST', body, headers });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, 'Créateur 🚀');
    assert.deepEqual(created.body.metadata, { nested: { a: [1, 2] } });
    const again = await call(sandbox(), '/v1/api/agents', { method: 'POST', body, headers });
    assert.equal(again.status, 409);
    assert.equal(typeof again.body.code, 'string');
    const fetched = await call(sandbox(), `/v1/api/agents/${created.body.id}`);
    assert.equal(fetched.body.name, 'Créateur 🚀');
  });

  it('rejects a create without a name (400 naming name)', async () => {
    const res = await call(sandbox(), '/v1/api/agents', { method: 'POST', body: { metadata: {} } });
    assert.equal(res.status, 400);
    assert.equal(res.body.field, 'name');
  });

  it('patches name, live_bundle_id and metadata; validates fields', async () => {
    const agent = (await call(sandbox(), '/v1/api/agents', { method: 'POST', body: { name: 'Patch me' } }))
      .body;
    const patched = await call(sandbox(), `/v1/api/agents/${agent.id}`, {
      method: 'PATCH',
      body: { name: 'Patched', live_bundle_id: 'bundle_x', metadata: { v: 2 } },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.name, 'Patched');
    assert.equal(patched.body.live_bundle_id, 'bundle_x');
    assert.deepEqual(patched.body.metadata, { v: 2 });
    const bad = await call(sandbox(), `/v1/api/agents/${agent.id}`, { method: 'PATCH', body: { name: 42 } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'name');
    const unknown = await call(sandbox(), '/v1/api/agents/nope', { method: 'PATCH', body: { name: 'x' } });
    assert.equal(unknown.status, 404);
  });
});
