// The API client over real HTTP: the sandbox for what it can do, tiny local servers for the rest.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import type { Sandbox } from '../../../sandbox/server';
import { AgentOsClient } from '../../../src/api/client';
import { ApiError, SIGN_IN_MESSAGE } from '../../../src/api/errors';
import { ChatwootError } from '../../../src/api/chatwoot';
import type { Agent, Run } from '../../../src/api/models';
import {
  admin,
  captureLog,
  clientFor,
  localServer,
  proxyTo,
  sandbox,
  type Admin,
} from '../stream/sandbox-fixture';

const KEY = 'sk-live-7a1f93c2e4b5d6a8';

async function closedPort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

describe('API client over HTTP (sandbox)', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let ad: Admin;
  let client: AgentOsClient;
  const log = captureLog();
  const messages: string[] = [];

  before(async () => {
    sb = await sandbox({ key: KEY });
    ad = admin(sb);
    client = clientFor(sb, { logger: log, retries: 0 });
  });
  after(async () => {
    await client.close();
    await sb.close();
    // The key must be absent from every message and every captured log line of this whole suite.
    assert.ok(log.lines.length > 0, 'something was logged');
    for (const line of [...log.lines, ...messages]) assert.ok(!line.includes(KEY), `key leaked: ${line}`);
  });
  afterEach(() => ad.clearFaults());

  const expectError = async (p: Promise<unknown>): Promise<ApiError> => {
    const e = await rejection(p);
    messages.push(e.message, String(e.stack), JSON.stringify(e));
    assert.ok(!e.message.includes(KEY));
    return e;
  };

  it('sends Bearer auth, the User-Agent and the workspace header', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const srv = await localServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"u1"}');
    });
    const c = new AgentOsClient({
      baseUrl: srv.url,
      apiKey: KEY,
      version: '1.2.3',
      workspaceHeader: 'X-Workspace: acme',
    });
    await c.me();
    await c.close();
    await srv.close();
    assert.equal(seen[0]?.authorization, `Bearer ${KEY}`);
    assert.equal(seen[0]?.['user-agent'], 'agentos-vscode/1.2.3');
    assert.equal(seen[0]?.['x-workspace'], 'acme');
  });

  it('reads the contract: me, agents (paginated), runs, attempts, checkpoints, triggers, credentials', async () => {
    const me = await client.me();
    assert.equal(me?.email, 'dev@sandbox.agentos.local');
    const agents: Agent[] = [];
    for await (const a of client.agents({ pageSize: 3 })) agents.push(a);
    assert.equal(agents.length, 8);
    assert.equal(new Set(agents.map((a) => a.id)).size, 8);
    const first = await client.listAgents({ limit: 3 });
    assert.equal(first.items.length, 3);
    assert.equal((await client.getAgent(agents[0]?.id as string)).id, agents[0]?.id);

    const runs: Run[] = [];
    for await (const r of client.runs({}, { pageSize: 7 })) runs.push(r);
    const total = (await client.listRuns({ limit: 1 })).total;
    assert.equal(runs.length, total);
    const run = runs.find((r) => r.current_attempt_id) as Run;
    const attempts = await client.listAttempts(run.id);
    assert.ok(attempts.some((a) => a.id === run.current_attempt_id));
    assert.ok(Array.isArray(await client.listCheckpoints(run.id)));
    const page = await client.pollEvents(run.id, { attemptId: run.current_attempt_id as string, limit: 5 });
    assert.ok(page.events.length <= 5);

    const triggers = await client.listTriggers({ agent_id: agents[0]?.id });
    assert.ok(triggers.every((t) => t.agent_id === agents[0]?.id));
    const creds = await client.listCredentials();
    assert.ok(creds.items.length >= 3);
    const noValues = await client.getCredential(creds.items[0]?.id as string);
    assert.equal(noValues.values, undefined);
  });

  it('401 → "The API key was rejected — run AgentOS: Sign In", no retry', async () => {
    const bad = clientFor({ url: sb.url, key: 'sk-wrong-key-123456' }, { logger: log, retries: 3 });
    const before = (await ad.stats()).requests;
    const e = await expectError(bad.listAgents());
    assert.equal(e.kind, 'unauthorized');
    assert.equal(e.message, SIGN_IN_MESSAGE);
    assert.equal((await ad.stats()).requests - before, 1);
    await bad.close();
  });

  it('404 names what was not found', async () => {
    const e = await expectError(client.getRun('run-does-not-exist'));
    assert.equal(e.kind, 'notFound');
    assert.match(e.message, /^Run run-does-not-exist was not found/);
    const a = await expectError(client.getAgent('ag-404'));
    assert.match(a.message, /^Agent ag-404 was not found/);
  });

  it('429 → rateLimited with Retry-After; with retries it waits that long and succeeds', async () => {
    await ad.fault('status:429:2', { match: 'api' });
    const e = await expectError(client.listAgents());
    assert.equal(e.kind, 'rateLimited');
    assert.equal(e.retryAfterMs, 2000);
    assert.match(e.message, /rate limiting.*2 s/);

    const retrying = clientFor(sb, { logger: log, retries: 2 });
    await ad.fault('status:429:1', { match: 'api' });
    const started = Date.now();
    const page = await retrying.listAgents();
    assert.ok(page.items.length > 0);
    assert.ok(Date.now() - started >= 1000, 'waited Retry-After');
    await retrying.close();
  });

  it('5xx → server; idempotent GETs are retried with backoff', async () => {
    await ad.fault('status:503', { match: 'api' });
    const e = await expectError(client.listAgents());
    assert.equal(e.kind, 'server');
    assert.match(e.message, /HTTP 503/);

    const retrying = clientFor(sb, { logger: log, retries: 3 });
    await ad.fault('status:500', { times: 2, match: 'api' });
    const before = (await ad.stats()).requests;
    assert.ok((await retrying.listAgents()).items.length > 0);
    assert.equal((await ad.stats()).requests - before, 3);
    assert.ok(log.lines.some((l) => /Retry 1\/3/.test(l)));
    await retrying.close();
  });

  it('a non-idempotent POST is not retried', async () => {
    const retrying = clientFor(sb, { logger: log, retries: 3 });
    await ad.fault('status:503', { match: 'api' });
    const e = await expectError(retrying.updateAgent('x', { name: 'y' }));
    assert.equal(e.kind, 'server');
    await retrying.close();
  });

  it('creating a run: a retry after a failure starts exactly one run (same idempotency key)', async () => {
    const agent = (await client.listAgents()).items[0] as Agent;
    const count = async (): Promise<number> =>
      (await client.listRuns({ agent_id: agent.id, limit: 1 })).total ?? -1;
    const retrying = clientFor(sb, { logger: log, retries: 3 });
    const before = await count();
    await ad.fault('status:503', { times: 2, match: 'api' });
    const created = await retrying.createRun({ agent_id: agent.id, input: { text: 'hi' } });
    assert.ok(created.run_id);
    assert.equal(await count(), before + 1);
    await retrying.close();
  });

  it('creating a run: when the answer is lost after the server started it, the retry cannot start a second', async () => {
    const agent = (await client.listAgents()).items[0] as Agent;
    const count = async (): Promise<number> =>
      (await client.listRuns({ agent_id: agent.id, limit: 1 })).total ?? -1;
    let posts = 0;
    const keys: string[] = [];
    // Forward the first POST to the sandbox, then cut the connection instead of relaying the answer.
    const proxy = await proxyTo(
      sb.url,
      () => false,
      (req, up, res) => {
        if (req.method === 'POST' && req.url === '/v1/api/runs') {
          keys.push(String(req.headers['idempotency-key']));
          if (posts++ === 0) {
            up.resume();
            up.on('end', () => res.socket?.destroy());
            return;
          }
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    const c = clientFor({ url: proxy.url, key: KEY }, { logger: log, retries: 3 });
    const before = await count();
    const e = await expectError(c.createRun({ agent_id: agent.id }));
    assert.equal(posts, 2, 'retried once');
    assert.equal(keys[0], keys[1], 'with the same key');
    assert.equal(e.kind, 'conflict');
    assert.match(e.message, /already/);
    assert.equal(await count(), before + 1, 'exactly one run was started');
    await c.close();
    await proxy.close();
  });

  it('time-out → timeout naming the host', async () => {
    const c = clientFor(sb, { logger: log, timeoutMs: 200, retries: 2 });
    await ad.fault('hang', { match: 'api' });
    const started = Date.now();
    const e = await expectError(c.listAgents());
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /127\.0\.0\.1:\d+ did not answer within 0\.2 s/);
    assert.ok(Date.now() - started < 1500, 'the time-out is not multiplied by retries');
    await c.close();
  });

  it('AbortSignal cancels a request at once', async () => {
    await ad.fault('hang', { match: 'api' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const started = Date.now();
    const e = await expectError(client.listAgents({}, ac.signal));
    assert.equal(e.kind, 'aborted');
    assert.ok(Date.now() - started < 500);
  });

  it('close() stops every use of the key at once: open streams end, waits end, no request is sent after', async () => {
    // Full jitter could bring the retry back within the test's wait; this one waits 2 s.
    const c = clientFor(sb, {
      logger: log,
      retries: 3,
      retryBaseDelayMs: 2_000,
      retryMaxDelayMs: 2_000,
      random: () => 0.99,
    });
    const run = await ad.createRun({ events: 0, terminal: 'none' });
    const res = await c.openEventStream(run.id, run.current_attempt_id as string, { afterSeq: 0 });
    const streamEnded = new Promise<void>((resolve) => {
      res.body.once('close', () => resolve());
      res.body.on('error', () => undefined);
      res.body.resume();
    });
    // A request in its retry wait (after a 503) and one the server never answers. The faults go with each request,
    // so no other request can take them.
    const seen = (await ad.stats()).byPath;
    const count = async (path: string): Promise<number> =>
      ((await ad.stats()).byPath[path] ?? 0) - (seen[path] ?? 0);
    const waiting = expectError(
      c.request('GET', '/v1/api/me', { headers: { 'x-sandbox-fault': 'status:503' } }),
    );
    const hanging = expectError(
      c.request('GET', '/v1/api/agents', { headers: { 'x-sandbox-fault': 'hang' } }),
    );
    await waitUntil(async () => (await count('/v1/api/me')) === 1 && (await count('/v1/api/agents')) === 1);
    const before = (await ad.stats()).requests;
    const started = Date.now();
    await c.close();
    await streamEnded;
    const [waited, hung] = await Promise.all([waiting, hanging]);
    assert.ok(Date.now() - started < 500, `everything ended within ${Date.now() - started} ms`);
    assert.equal(waited.kind, 'closed');
    assert.equal(hung.kind, 'closed');
    const later = await expectError(c.listAgents());
    assert.equal(later.kind, 'closed');
    assert.match(later.message, /signed out/);
    const stream = await expectError(
      c.openEventStream(run.id, run.current_attempt_id as string, { afterSeq: 0 }),
    );
    assert.equal(stream.kind, 'closed');
    const stats = await ad.stats();
    assert.equal(stats.requests, before, 'no request reached the server after close()');
    assert.equal(stats.openStreams, 0);
  });

  it('connection refused → unreachable naming the host', async () => {
    const port = await closedPort();
    const c = clientFor({ url: `http://127.0.0.1:${port}`, key: KEY }, { logger: log, retries: 0 });
    const e = await expectError(c.listAgents());
    assert.equal(e.kind, 'unreachable');
    assert.equal(e.code, 'ECONNREFUSED');
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}.*refused`));
    await c.close();
  });

  it('DNS failure → unreachable naming the host', async () => {
    const c = clientFor(
      { url: 'http://agentos.does-not-exist.invalid', key: KEY },
      { logger: log, retries: 3 },
    );
    const e = await expectError(c.listAgents());
    assert.equal(e.kind, 'unreachable');
    assert.match(e.message, /agentos\.does-not-exist\.invalid/);
    assert.ok(e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN', String(e.code));
    await c.close();
  });

  it('TLS error → unreachable naming the host', async () => {
    // https:// to a plain-HTTP port: the TLS handshake fails.
    const srv = await localServer((_req, res) => res.end('plain'));
    const c = clientFor({ url: `https://127.0.0.1:${srv.port}`, key: KEY }, { logger: log, retries: 0 });
    const e = await expectError(c.listAgents());
    assert.equal(e.kind, 'unreachable');
    assert.match(e.message, new RegExp(`TLS error talking to 127\\.0\\.0\\.1:${srv.port}`));
    await c.close();
    await srv.close();
  });

  it('403 → forbidden; non-JSON → badResponse; server messages that echo the key are scrubbed', async () => {
    const srv = await localServer((req, res) => {
      if (req.url?.startsWith('/v1/api/agents/secret')) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `key ${KEY} may not read this`, code: 'FORBIDDEN' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>captive portal</html>');
    });
    const c = clientFor({ url: srv.url, key: KEY }, { logger: log, retries: 0 });
    const f = await expectError(c.getAgent('secret'));
    assert.equal(f.kind, 'forbidden');
    assert.match(f.message, /Access denied.*Agent secret/);
    assert.ok(!f.serverMessage?.includes(KEY));
    const b = await expectError(c.listAgents());
    assert.equal(b.kind, 'badResponse');
    await c.close();
    await srv.close();
  });

  it('goes through an explicit proxy (undici ProxyAgent, CONNECT), and NO_PROXY bypasses it', async () => {
    const tunnels: string[] = [];
    // A minimal forward proxy: CONNECT tunnels (what undici's ProxyAgent uses).
    const fwd = await localServer((_req, res) => {
      res.writeHead(405);
      res.end();
    });
    fwd.server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      tunnels.push(String(req.url));
      const [host, port] = String(req.url).split(':');
      const upstream = connect(Number(port), host as string, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    const c = new AgentOsClient({
      baseUrl: sb.url,
      apiKey: KEY,
      version: 't',
      logger: log,
      proxy: { proxy: fwd.url, env: {} },
    });
    assert.ok((await c.listAgents()).items.length > 0);
    assert.deepEqual(tunnels, [new URL(sb.url).host]);
    await c.close();
    const direct = new AgentOsClient({
      baseUrl: sb.url,
      apiKey: KEY,
      version: 't',
      proxy: { proxy: fwd.url, noProxy: '127.0.0.1' },
    });
    await direct.listAgents();
    assert.equal(tunnels.length, 1, 'NO_PROXY went direct');
    await direct.close();
    await fwd.close();
    assert.ok(log.lines.some((l) => /through proxy http:\/\/127\.0\.0\.1/.test(l)));
  });
});

describe('Chatwoot inbox URL over HTTP', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let client: AgentOsClient;
  let agents: Agent[];
  const byName = (prefix: string): string => (agents.find((a) => a.name.startsWith(prefix)) as Agent).id;

  before(async () => {
    sb = await sandbox({ key: KEY });
    client = clientFor(sb, { retries: 0 });
    agents = (await client.listAgents({ limit: 100 })).items;
  });
  after(async () => {
    await client.close();
    await sb.close();
  });

  it('account id in the credential (url + account_id)', async () => {
    assert.equal(
      await client.chatwootInboxUrl(byName('Support Concierge')),
      `${sb.url}/app/accounts/3/inbox`,
    );
  });
  it('account id discovered from the Chatwoot profile (endpoint with a trailing slash)', async () => {
    assert.equal(await client.chatwootInboxUrl(byName('WhatsApp Sales')), `${sb.url}/app/accounts/7/inbox`);
  });
  it('base_url and accountId spelled differently', async () => {
    assert.equal(await client.chatwootInboxUrl(byName('Refund Approver')), `${sb.url}/app/accounts/12/inbox`);
  });

  const expectCw = async (p: Promise<unknown>, kind: ChatwootError['kind']): Promise<ChatwootError> => {
    try {
      await p;
    } catch (e) {
      assert.ok(e instanceof ChatwootError, String(e));
      assert.equal(e.kind, kind, e.message);
      return e;
    }
    assert.fail('expected a ChatwootError');
  };

  it('no Chatwoot trigger (webhook only; evolution_whatsapp not on chatwoot)', async () => {
    await expectCw(client.chatwootInboxUrl(byName('Order Tracker')), 'noTrigger');
    await expectCw(client.chatwootInboxUrl(byName('Lead Qualifier')), 'noTrigger');
  });
  it('a Chatwoot trigger without a credential', async () => {
    await expectCw(client.chatwootInboxUrl(byName('Legacy Importer')), 'noCredential');
  });

  /** A fake AgentOS with one chatwoot trigger whose credential is `credential`. */
  async function fakeAgentOs(credential: Record<string, unknown>) {
    return localServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.startsWith('/v1/api/triggers')) {
        res.end(
          JSON.stringify({
            items: [{ id: 't', agent_id: 'a', type: 'chatwoot', config: { credential_id: 'c' } }],
          }),
        );
      } else {
        res.end(JSON.stringify({ id: 'c', ...credential }));
      }
    });
  }

  it('a credential without URL or token', async () => {
    const srv = await fakeAgentOs({ values: { api_access_token: 'cw-token-xyz' } });
    const c = clientFor({ url: srv.url, key: KEY });
    const e = await expectCw(c.chatwootInboxUrl('a'), 'credentialIncomplete');
    assert.ok(!e.message.includes('cw-token-xyz'));
    await c.close();
    await srv.close();
  });
  it('account id not discoverable (profile has no accounts)', async () => {
    const srv = await fakeAgentOs({ publicConfig: { url: sb.url }, values: { apiKey: 'evo-leads-key' } });
    const c = clientFor({ url: srv.url, key: KEY });
    const e = await expectCw(c.chatwootInboxUrl('a'), 'accountIdMissing');
    assert.match(e.message, /lists no account/);
    await c.close();
    await srv.close();
  });
  it('account id not discoverable because Chatwoot rejects the token', async () => {
    const srv = await fakeAgentOs({ publicConfig: { url: sb.url }, values: { api_key: 'cw-wrong-token' } });
    const c = clientFor({ url: srv.url, key: KEY });
    const e = await expectCw(c.chatwootInboxUrl('a'), 'accountIdMissing');
    assert.match(e.message, /rejected the credential's token \(HTTP 401\)/);
    assert.ok(!e.message.includes('cw-wrong-token'));
    await c.close();
    await srv.close();
  });
  it('Chatwoot unreachable', async () => {
    const port = await closedPort();
    const srv = await fakeAgentOs({
      publicConfig: { url: `http://127.0.0.1:${port}` },
      values: { api_key: 'cw-token-xyz' },
    });
    const c = clientFor({ url: srv.url, key: KEY });
    const e = await expectCw(c.chatwootInboxUrl('a'), 'unreachable');
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.ok(!e.message.includes('cw-token-xyz'));
    await c.close();
    await srv.close();
  });
  it('a non-http(s) URL is never opened', async () => {
    const srv = await fakeAgentOs({
      publicConfig: { url: 'javascript:alert(1)', account_id: 1 },
      values: { api_key: 'cw-token-xyz' },
    });
    const c = clientFor({ url: srv.url, key: KEY });
    await expectCw(c.chatwootInboxUrl('a'), 'notHttp');
    await c.close();
    await srv.close();
  });
});
