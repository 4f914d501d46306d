import assert from 'node:assert/strict';
import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { admin, BETA_HEADERS, raw, sdk, useClaude } from './helpers';

/** Runs `call` and returns what it threw (failing when it did not throw). */
async function thrown(call: () => Promise<unknown>): Promise<APIError> {
  try {
    await call();
  } catch (error) {
    return error as APIError;
  }
  assert.fail('expected an error');
}

describe('claude sandbox: auth and errors', () => {
  const h = useClaude();

  it('a wrong key is a 401 AuthenticationError with the service error body and a request-id', async () => {
    const error = await thrown(() => sdk(h().sandbox, 'not-the-key').beta.agents.list());
    assert.ok(error instanceof Anthropic.AuthenticationError);
    assert.equal(error.status, 401);
    assert.equal(error.type, 'authentication_error');
    assert.deepEqual(Object.keys(error.error as object).sort(), ['error', 'type']);
    assert.equal((error.error as { type: string }).type, 'error');
    assert.match(error.requestID ?? '', /^req_011C[0-9A-Za-z]{20}$/);
  });

  it('a missing key is a 401 too, and the key is never echoed', async () => {
    const res = await raw(h().sandbox, '/v1/agents', { headers: BETA_HEADERS });
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'error');
    assert.equal(res.body.error.type, 'authentication_error');
    const wrong = await raw(h().sandbox, '/v1/agents', {
      headers: { ...BETA_HEADERS, authorization: 'Bearer s3cret-wrong' },
    });
    assert.equal(wrong.status, 401);
    assert.ok(!wrong.text.includes('s3cret-wrong'));
  });

  it('counts requests by path and by key (admin calls aside), apart from the AgentOS counters', async () => {
    const { sandbox } = h();
    await admin(sandbox, '/stats/reset');
    await raw(sandbox, '/v1/environments');
    await raw(sandbox, '/v1/environments', { headers: { ...BETA_HEADERS, authorization: 'Bearer nope' } });
    const stats = await admin(sandbox, '/stats', undefined, 'GET');
    assert.deepEqual(stats.byPath, { '/v1/environments': 2 });
    assert.deepEqual(stats.byKey, { key1: 1, rejected: 1 });
    const agentOs = await fetch(`${sandbox.url}/_sandbox/stats`, {
      headers: { authorization: `Bearer ${sandbox.key}` },
    });
    assert.equal(
      ((await agentOs.json()) as { byPath: Record<string, number> }).byPath['/v1/environments'],
      undefined,
    );
  });

  it('accepts the key as x-api-key as well', async () => {
    const res = await raw(h().sandbox, '/v1/agents', {
      headers: { ...BETA_HEADERS, 'x-api-key': h().sandbox.claude.key },
    });
    assert.equal(res.status, 200);
  });

  it('a missing beta header, or a beta list without managed-agents-2026-04-01, is a 400 naming the header', async () => {
    const auth = { authorization: `Bearer ${h().sandbox.claude.key}`, 'anthropic-version': '2026-10-21' };
    for (const headers of [auth, { ...auth, 'anthropic-beta': 'files-api-2025-04-14' }]) {
      const res = await raw(h().sandbox, '/v1/sessions', { headers });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.type, 'invalid_request_error');
      assert.match(res.body.error.message, /^anthropic-beta: .*managed-agents-2026-04-01/);
    }
    const several = await raw(h().sandbox, '/v1/sessions', {
      headers: { ...auth, 'anthropic-beta': 'files-api-2025-04-14,managed-agents-2026-04-01' },
    });
    assert.equal(several.status, 200);
  });

  it('a missing anthropic-version is a 400 naming the header', async () => {
    const res = await raw(h().sandbox, '/v1/agents', {
      headers: {
        authorization: `Bearer ${h().sandbox.claude.key}`,
        'anthropic-beta': BETA_HEADERS['anthropic-beta'],
      },
    });
    assert.equal(res.status, 400);
    assert.match(res.body.error.message, /^anthropic-version: /);
  });

  it('an unknown route or record is a 404 NotFoundError', async () => {
    const client = h().client;
    const route = await thrown(() => client.get('/v1/no-such-thing'));
    assert.ok(route instanceof Anthropic.NotFoundError);
    assert.equal(route.type, 'not_found_error');
    for (const call of [
      () => client.beta.sessions.retrieve('sesn_011Cnope'),
      () => client.beta.agents.retrieve('agent_011Cnope'),
      () => client.beta.deployments.retrieve('depl_011Cnope'),
      () => client.beta.deploymentRuns.retrieve('drun_011Cnope'),
      () => client.beta.environments.retrieve('env_011Cnope'),
    ]) {
      const error = await thrown(call);
      assert.ok(error instanceof Anthropic.NotFoundError, String(error));
      assert.match(error.apiMessage ?? '', /not found/);
    }
  });

  it('a known path with the wrong method is a 405 with Allow', async () => {
    const res = await raw(h().sandbox, '/v1/agents', { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET');
    assert.equal(res.body.error.type, 'invalid_request_error');
  });

  it('a bad query is a 400 BadRequestError naming the parameter', async () => {
    const client = h().client;
    const cases: [() => Promise<unknown>, RegExp][] = [
      [() => client.beta.sessions.list({ limit: 0 }), /^limit: /],
      [() => client.beta.sessions.list({ limit: 1001 }), /^limit: /],
      // A value the SDK's types would not allow, as a careless caller might send it.
      [() => client.beta.sessions.list({ statuses: ['sleeping' as 'idle'] }), /^statuses\[\]: /],
      [() => client.beta.sessions.list({ order: 'sideways' as 'asc' }), /^order: /],
      [() => client.beta.sessions.list({ 'created_at[gte]': 'yesterday' }), /^created_at\[gte\]: /],
      [() => client.beta.sessions.list({ page: 'not-a-cursor' }), /^page: /],
      [() => client.beta.deploymentRuns.list({ trigger_type: 'cron' as 'manual' }), /^trigger_type: /],
    ];
    for (const [call, message] of cases) {
      const error = await thrown(call);
      assert.ok(error instanceof Anthropic.BadRequestError, String(error));
      assert.equal(error.type, 'invalid_request_error');
      assert.match(error.apiMessage ?? '', message);
    }
  });

  it('a bad body is a 400 naming the field, and unknown fields are refused', async () => {
    const client = h().client;
    const environment = (await client.beta.environments.list()).data[0]?.id as string;
    const agent = (await client.beta.agents.list()).data[0]?.id as string;
    const cases: [() => Promise<unknown>, RegExp][] = [
      [
        () => client.beta.sessions.create({ agent, environment_id: environment, colour: 'red' } as never),
        /^colour: Extra inputs/,
      ],
      [() => client.beta.sessions.create({ environment_id: environment } as never), /^agent: Field required/],
      [() => client.beta.sessions.create({ agent, environment_id: 'env_011Cnope' }), /^environment_id: /],
      [
        () =>
          client.beta.sessions.create({
            agent,
            environment_id: environment,
            initial_events: [{ type: 'user.message', content: [{ type: 'text' }] } as never],
          }),
        /^initial_events\.0\.content\.0\.text: Field required/,
      ],
    ];
    for (const [call, message] of cases) {
      const error = await thrown(call);
      assert.ok(error instanceof Anthropic.BadRequestError, String(error));
      assert.match(error.apiMessage ?? '', message);
    }
  });

  it('leaves the AgentOS API as it was: its own key, its own error shape', async () => {
    const { sandbox } = h();
    const me = await fetch(`${sandbox.url}/v1/api/me`, {
      headers: { authorization: `Bearer ${sandbox.key}` },
    });
    assert.equal(me.status, 200);
    const claudeKeyOnAgentOs = await fetch(`${sandbox.url}/v1/api/me`, {
      headers: { authorization: `Bearer ${sandbox.claude.key}` },
    });
    assert.equal(claudeKeyOnAgentOs.status, 401);
    assert.equal(((await claudeKeyOnAgentOs.json()) as { code: string }).code, 'UNAUTHORIZED');
    const unknown = await fetch(`${sandbox.url}/v1/api/nothing`, {
      headers: { authorization: `Bearer ${sandbox.key}` },
    });
    assert.equal(((await unknown.json()) as { code: string }).code, 'NOT_FOUND');
    const agentOsKeyOnClaude = await raw(sandbox, '/v1/agents', {
      headers: { ...BETA_HEADERS, authorization: `Bearer ${sandbox.key}` },
    });
    assert.equal(agentOsKeyOnClaude.status, 401);
    assert.equal(sandbox.claude.baseUrl, sandbox.url);
    assert.equal(sandbox.claude.key, 'sandbox-claude-key');
  });
});
