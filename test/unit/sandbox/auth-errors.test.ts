import assert from 'node:assert/strict';
import { call, useSandbox } from './helpers';

describe('sandbox: auth and errors', () => {
  const sandbox = useSandbox({ key: 'k-123' });

  for (const path of [
    '/v1/api/me',
    '/v1/api/agents',
    '/v1/api/runs',
    '/_sandbox/stats',
    '/v1/api/no-such-thing',
  ]) {
    it(`401 JSON { message, code } without a key or with a wrong key: ${path}`, async () => {
      const missing = await call(sandbox(), path, { auth: false });
      assert.equal(missing.status, 401);
      assert.equal(missing.body.code, 'UNAUTHORIZED');
      assert.equal(typeof missing.body.message, 'string');
      const wrong = await call(sandbox(), path, { auth: 'k-124' });
      assert.equal(wrong.status, 401);
      assert.ok(!JSON.stringify(wrong.body).includes('k-12'), 'never echoes a key');
    });
  }

  it('accepts the right key', async () => {
    assert.equal((await call(sandbox(), '/v1/api/me')).status, 200);
  });

  it('404 JSON for an unknown route, 405 with Allow for a known path and wrong method', async () => {
    const unknown = await call(sandbox(), '/v1/api/nothing/here');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'NOT_FOUND');
    const wrongMethod = await call(sandbox(), '/v1/api/me', { method: 'DELETE' });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'GET');
  });

  it('400 naming `body` for a non-JSON or non-object body', async () => {
    const notJson = await call(sandbox(), '/v1/api/agents', { method: 'POST', rawBody: '{name: oops' });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.field, 'body');
    const array = await call(sandbox(), '/v1/api/agents', { method: 'POST', body: [1, 2] });
    assert.equal(array.status, 400);
    assert.equal(array.body.field, 'body');
  });

  it('400 naming the query parameter for bad paging', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=501', 'limit'],
      ['offset=-1', 'offset'],
      ['agent_id=', 'agent_id'],
    ]) {
      const res = await call(sandbox(), `/v1/api/runs?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.field, field, query);
      assert.equal(res.body.code, 'VALIDATION_ERROR');
      assert.ok(res.body.message.includes(field));
    }
  });
});
