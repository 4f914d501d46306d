import assert from 'node:assert/strict';
import { call, useSandbox } from './helpers';

describe('sandbox: triggers, credentials, me and the Chatwoot look-alike', () => {
  const sandbox = useSandbox();

  it('lists triggers of every demo type, filtered by agent_id', async () => {
    const all = (await call(sandbox(), '/v1/api/triggers')).body.items;
    const types = new Set(all.map((trigger: { type: string }) => trigger.type));
    for (const type of ['chatwoot', 'evolution_whatsapp', 'webhook', 'schedule'])
      assert.ok(types.has(type), type);
    const evolution = all.find(
      (t: { type: string; config: { chat_platform?: string } }) =>
        t.type === 'evolution_whatsapp' && t.config.chat_platform === 'chatwoot',
    );
    assert.ok(evolution, 'an evolution_whatsapp trigger on chatwoot');
    const mine = (await call(sandbox(), `/v1/api/triggers?agent_id=${evolution.agent_id}`)).body.items;
    assert.ok(mine.length >= 1 && mine.every((t: { agent_id: string }) => t.agent_id === evolution.agent_id));
    assert.deepEqual((await call(sandbox(), '/v1/api/triggers?agent_id=nobody')).body.items, []);
    assert.deepEqual((await call(sandbox(), `/v1/api/triggers/${evolution.id}`)).body, evolution);
  });

  it('sends credential values only with includeValues=true', async () => {
    const triggers = (await call(sandbox(), '/v1/api/triggers')).body.items;
    const credentialId = triggers.find((t: { config: { credential_id?: string } }) => t.config.credential_id)
      .config.credential_id;
    const plain = await call(sandbox(), `/v1/api/credentials/${credentialId}`);
    assert.equal(plain.status, 200);
    assert.ok(!('values' in plain.body));
    assert.ok('publicConfig' in plain.body && 'data' in plain.body);
    const off = await call(sandbox(), `/v1/api/credentials/${credentialId}?includeValues=false`);
    assert.ok(!('values' in off.body));
    const withValues = await call(sandbox(), `/v1/api/credentials/${credentialId}?includeValues=true`);
    assert.equal(typeof withValues.body.values, 'object');
    const list = await call(sandbox(), '/v1/api/credentials');
    assert.ok(list.body.items.every((credential: object) => !('values' in credential)));
    assert.equal((await call(sandbox(), '/v1/api/credentials/nope')).status, 404);
  });

  it('has credentials with and without account_id, all pointing back at the sandbox', async () => {
    const list = (await call(sandbox(), '/v1/api/credentials')).body.items.filter(
      (c: { type: string }) => c.type === 'chatwoot',
    );
    const hasAccount = (c: {
      publicConfig: Record<string, unknown>;
      data: Record<string, unknown>;
    }): boolean => ['account_id', 'accountId'].some((key) => key in c.publicConfig || key in c.data);
    assert.ok(list.some(hasAccount) && list.some((c: never) => !hasAccount(c)));
    for (const credential of list) {
      const base =
        credential.publicConfig.url ?? credential.data.endpoint ?? credential.publicConfig.base_url;
      assert.ok(String(base).startsWith(sandbox().url), `${credential.name} points at ${base}`);
    }
  });

  it('answers GET /api/v1/profile for a credential token with its accounts; 401 otherwise', async () => {
    const list = (await call(sandbox(), '/v1/api/credentials')).body.items;
    const noAccount = list.find(
      (c: { type: string; publicConfig: object; data: object }) =>
        c.type === 'chatwoot' && !('account_id' in c.publicConfig) && !('accountId' in c.data),
    );
    const values = (await call(sandbox(), `/v1/api/credentials/${noAccount.id}?includeValues=true`)).body
      .values;
    const token = String(Object.values(values)[0]);
    const profile = await call(sandbox(), '/api/v1/profile', {
      auth: false,
      headers: { api_access_token: token },
    });
    assert.equal(profile.status, 200);
    assert.ok(profile.body.accounts.length >= 1);
    assert.equal(typeof profile.body.accounts[0].id, 'number');
    assert.equal(typeof profile.body.accounts[0].name, 'string');
    const inboxes = await call(sandbox(), `/api/v1/accounts/${profile.body.accounts[0].id}/inboxes`, {
      auth: false,
      headers: { api_access_token: token },
    });
    assert.ok(Array.isArray(inboxes.body.payload));
    const wrong = await call(sandbox(), '/api/v1/profile', {
      auth: false,
      headers: { api_access_token: 'nope' },
    });
    assert.equal(wrong.status, 401);
    const page = await call(sandbox(), `/app/accounts/${profile.body.accounts[0].id}/inbox`, { auth: false });
    assert.equal(page.status, 200);
    assert.match(String(page.body), /Chatwoot sandbox/);
  });

  it('answers /v1/api/me', async () => {
    const me = await call(sandbox(), '/v1/api/me');
    assert.equal(me.status, 200);
    assert.equal(typeof me.body.email, 'string');
    assert.equal(typeof me.body.name, 'string');
  });
});
