import assert from 'node:assert/strict';
import { buildUrl, parseHeaderSetting } from '../../../../src/backends/agentos/client';
import { matchesNoProxy, proxyForUrl, describeProxy } from '../../../../src/net/proxy';
import {
  ChatwootError,
  accountIdFromProfile,
  buildInboxUrl,
  credentialIdOf,
  findChatwootTrigger,
  resolveChatwootCredential,
} from '../../../../src/backends/agentos/chatwoot';
import { isTerminalEventType, type Trigger } from '../../../../src/backends/agentos/wire';

describe('URL building and settings (pure)', () => {
  it('joins base, path and query, keeping a base path prefix and dropping empty values', () => {
    assert.equal(buildUrl('https://h.example/', '/v1/api/runs'), 'https://h.example/v1/api/runs');
    assert.equal(
      buildUrl('https://h.example/agentos/', '/v1/api/runs/r%201/events', {
        attemptId: 'a',
        afterSeq: 0,
        limit: undefined,
        x: null,
      }),
      'https://h.example/agentos/v1/api/runs/r%201/events?attemptId=a&afterSeq=0',
    );
  });

  it('parses the workspace header setting', () => {
    assert.deepEqual(parseHeaderSetting('X-Workspace: acme'), { name: 'X-Workspace', value: 'acme' });
    assert.equal(parseHeaderSetting(''), undefined);
    assert.equal(parseHeaderSetting('no colon'), undefined);
    assert.equal(parseHeaderSetting('Bad Name: v'), undefined);
  });

  it('recognises terminal event types case-insensitively', () => {
    for (const t of ['RUN_FINISHED', 'run_failed', 'Run_Cancelled']) assert.ok(isTerminalEventType(t), t);
    for (const t of ['RUN_STARTED', 'NODE_OUTPUT', '', undefined, 'RUN_FINISHED_X'])
      assert.ok(!isTerminalEventType(t), String(t));
  });
});

describe('proxy selection (pure)', () => {
  const env = {
    HTTPS_PROXY: 'http://proxy:3128',
    HTTP_PROXY: 'http://plain:8080',
    NO_PROXY: 'localhost,.internal,10.0.0.1:8443',
  };
  it('uses an explicit proxy over the environment', () => {
    assert.equal(proxyForUrl('https://a.example', { proxy: 'http://explicit:1', env }), 'http://explicit:1');
  });
  it('reads HTTPS_PROXY / HTTP_PROXY by scheme, lower-case too', () => {
    assert.equal(proxyForUrl('https://a.example', { env }), 'http://proxy:3128');
    assert.equal(proxyForUrl('http://a.example', { env }), 'http://plain:8080');
    assert.equal(
      proxyForUrl('https://a.example', { env: { https_proxy: 'http://lower:1' } }),
      'http://lower:1',
    );
    assert.equal(proxyForUrl('https://a.example', { env: {} }), undefined);
  });
  it('honours NO_PROXY: exact, domain suffix, host:port, *', () => {
    assert.equal(proxyForUrl('http://localhost:4010', { env }), undefined);
    assert.equal(proxyForUrl('https://api.internal', { env }), undefined);
    assert.equal(proxyForUrl('https://10.0.0.1:8443', { env }), undefined);
    assert.equal(proxyForUrl('https://10.0.0.1', { env }), 'http://proxy:3128');
    assert.ok(matchesNoProxy(new URL('https://x.y'), '*'));
    assert.ok(matchesNoProxy(new URL('https://a.corp.example'), 'corp.example'));
    assert.ok(!matchesNoProxy(new URL('https://notcorp.example'), 'corp.example'));
    assert.ok(matchesNoProxy(new URL('https://a.corp.example'), '*.corp.example'));
  });
  it('never shows proxy credentials', () => {
    assert.equal(describeProxy('http://user:pa55@proxy:3128'), 'http://proxy:3128');
  });
});

describe('Chatwoot inbox URL (pure steps)', () => {
  const t = (over: Partial<Trigger>): Trigger => ({ id: 't1', agent_id: 'a1', type: 'webhook', ...over });

  it('finds a chatwoot trigger, or evolution_whatsapp with chat_platform chatwoot', () => {
    assert.equal(findChatwootTrigger([t({ type: 'webhook' })]), undefined);
    assert.equal(
      findChatwootTrigger([t({ type: 'evolution_whatsapp', config: { chat_platform: 'other' } })]),
      undefined,
    );
    assert.equal(
      findChatwootTrigger([t({ id: 'w', type: 'evolution_whatsapp', config: { chat_platform: 'chatwoot' } })])
        ?.id,
      'w',
    );
    assert.equal(
      findChatwootTrigger([
        t({ id: 'w', type: 'evolution_whatsapp', config: { chat_platform: 'chatwoot' } }),
        t({ id: 'c', type: 'chatwoot' }),
      ])?.id,
      'c',
    );
  });

  it('a trigger without a credential is its own error', () => {
    assert.throws(
      () => credentialIdOf(t({ type: 'chatwoot', config: {} })),
      (e: unknown) => e instanceof ChatwootError && e.kind === 'noCredential',
    );
    assert.equal(credentialIdOf(t({ type: 'chatwoot', config: { credential_id: 'c9' } })), 'c9');
  });

  it('resolves url / endpoint / base_url, account id and token from publicConfig, data, values', () => {
    const c = resolveChatwootCredential({
      id: 'c1',
      publicConfig: { endpoint: 'https://cw.example/' },
      data: { accountId: 7 },
      values: { api_key: 'tok-123456' },
    });
    assert.deepEqual(c, { baseUrl: 'https://cw.example', accountId: '7', apiAccessToken: 'tok-123456' });
    const d = resolveChatwootCredential({
      id: 'c2',
      values: { base_url: 'http://x//', api_token: 'tok-abcdef' },
    });
    assert.equal(d.baseUrl, 'http://x/');
    assert.equal(d.accountId, undefined);
    const url = resolveChatwootCredential({
      id: 'c3',
      publicConfig: { url: 'https://u' },
      data: { endpoint: 'https://e' },
      values: { api_access_token: 'tok-000000' },
    });
    assert.equal(url.baseUrl, 'https://u');
  });

  it('a credential without URL or token is its own error, and never shows the token', () => {
    assert.throws(
      () => resolveChatwootCredential({ id: 'c', values: { api_access_token: 'tok-secret-1' } }),
      (e: unknown) =>
        e instanceof ChatwootError &&
        e.kind === 'credentialIncomplete' &&
        /URL/.test(e.message) &&
        !e.message.includes('tok-secret-1'),
    );
    assert.throws(
      () => resolveChatwootCredential({ id: 'c', data: { url: 'https://x' } }),
      (e: unknown) =>
        e instanceof ChatwootError && e.kind === 'credentialIncomplete' && /token/.test(e.message),
    );
  });

  it('takes accounts[0].id from a profile', () => {
    assert.equal(accountIdFromProfile({ accounts: [{ id: 3 }, { id: 4 }] }), '3');
    assert.equal(accountIdFromProfile({ accounts: [] }), undefined);
    assert.equal(accountIdFromProfile(null), undefined);
  });

  it('builds the inbox URL and refuses non-http(s) URLs', () => {
    assert.equal(buildInboxUrl('https://cw.example', '12'), 'https://cw.example/app/accounts/12/inbox');
    assert.equal(buildInboxUrl('https://cw.example/', '12'), 'https://cw.example/app/accounts/12/inbox');
    for (const bad of ['javascript:alert(1)', 'file:///etc', 'ftp://x', 'not a url']) {
      assert.throws(
        () => buildInboxUrl(bad, '1'),
        (e: unknown) => e instanceof ChatwootError && e.kind === 'notHttp',
        bad,
      );
    }
  });
});
