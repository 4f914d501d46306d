// Open Inbox in every case, with the opened URL intercepted: the sandbox's demo agents (account id in the
// credential, discovered through the profile, no Chatwoot trigger, trigger without credential) and a small fake
// AgentOS server for the cases the demo does not hold (credential without URL or token, account id not
// discoverable, Chatwoot unreachable, a non-http URL).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { InboxResult } from '../../src/providers/commands';
import { sidebar } from './sidebar-support';
import { sharedSandbox, signInToSandbox, signOutEverywhere } from './support/sandbox';

const openInbox = (target: unknown) =>
  Promise.resolve(vscode.commands.executeCommand('agentos.openInbox', target)) as Promise<InboxResult>;

describe('sidebar: Open Inbox', () => {
  const opened: string[] = [];
  before(async () => {
    (await sidebar()).setExternalOpener(async (uri) => {
      opened.push(uri.toString(true));
      return true;
    });
  });
  after(async () => {
    (await sidebar()).setExternalOpener(undefined);
    await signOutEverywhere();
  });
  beforeEach(() => (opened.length = 0));

  async function agentIdOf(connectionId: string, name: string): Promise<string> {
    const { store } = await sidebar();
    const agents = await store.ensureAgents(connectionId);
    const agent = agents.state === 'loaded' ? agents.value.find((a) => a.name === name) : undefined;
    assert.ok(agent, `agent ${name}`);
    return agent.id;
  }

  it('sandbox agents: account id from the credential, from the profile, and every failure its own message', async () => {
    await signOutEverywhere();
    const sandbox = await signInToSandbox();
    const id = (name: string) => agentIdOf('default', name);

    const concierge = await openInbox({ connectionId: 'default', agentId: await id('Support Concierge') });
    assert.deepEqual(concierge, { ok: true, url: `${sandbox.url}/app/accounts/3/inbox` });
    const sales = await openInbox({ connectionId: 'default', agentId: await id('WhatsApp Sales Bot') });
    assert.deepEqual(
      sales,
      { ok: true, url: `${sandbox.url}/app/accounts/7/inbox` },
      'account id from the profile',
    );
    const refunds = await openInbox({ connectionId: 'default', agentId: await id('Refund Approver') });
    assert.deepEqual(refunds, { ok: true, url: `${sandbox.url}/app/accounts/12/inbox` });
    assert.deepEqual(
      opened,
      [concierge, sales, refunds].map((r) => (r as { url: string }).url),
    );

    const orders = await openInbox({ connectionId: 'default', agentId: await id('Order Tracker') });
    assert.equal(orders.ok, false);
    assert.equal(!orders.ok && orders.kind, 'noTrigger');
    const leads = await openInbox({ connectionId: 'default', agentId: await id('Lead Qualifier') });
    assert.equal(!leads.ok && leads.kind, 'noTrigger', 'an Evolution trigger whose platform is not Chatwoot');
    const legacy = await openInbox({ connectionId: 'default', agentId: await id('Legacy Importer') });
    assert.equal(!legacy.ok && legacy.kind, 'noCredential');
    assert.match(!legacy.ok ? legacy.message : '', /has no credential/);
    assert.equal(opened.length, 3, 'nothing opened on failures');
  });

  it('from the tree: the inline action on a Chatwoot trigger node opens the same URL', async () => {
    await signOutEverywhere();
    const sandbox = await signInToSandbox();
    const { triggers } = await sidebar();
    const groups = await triggers.childNodes();
    const concierge = groups.find((g) => g.label === 'Support Concierge');
    assert.ok(concierge);
    const [trigger] = await triggers.childNodes(concierge);
    assert.match(trigger?.contextValue ?? '', /\binbox\b/);
    const result = await openInbox(trigger);
    assert.deepEqual(result, { ok: true, url: `${sandbox.url}/app/accounts/3/inbox` });
  });

  describe('cases the demo data does not hold (fake server)', () => {
    let fake: Server;
    let base: string;
    before(async () => {
      fake = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (url.pathname === '/api/v1/profile') return send(200, { id: 1, accounts: [] });
        if (req.headers.authorization !== 'Bearer fake-key')
          return send(401, { message: 'no', code: 'UNAUTHORIZED' });
        if (url.pathname === '/v1/api/agents')
          return send(200, {
            items: ['incomplete', 'noaccount', 'down', 'ftp'].map((id) => ({ id, name: id })),
            total: 4,
          });
        if (url.pathname === '/v1/api/runs') return send(200, { items: [], total: 0 });
        if (url.pathname === '/v1/api/triggers') {
          const agentId = url.searchParams.get('agent_id') ?? '';
          return send(200, {
            items: [
              {
                id: `t-${agentId}`,
                agent_id: agentId,
                type: 'chatwoot',
                config: { credential_id: `c-${agentId}` },
              },
            ],
          });
        }
        const credential = /^\/v1\/api\/credentials\/c-(\w+)$/.exec(url.pathname)?.[1];
        const credentials: Record<string, unknown> = {
          incomplete: { id: 'c-incomplete', publicConfig: { url: base }, values: {} },
          noaccount: {
            id: 'c-noaccount',
            publicConfig: { url: base },
            values: { api_access_token: 'tok-secret-1' },
          },
          down: {
            id: 'c-down',
            publicConfig: { url: 'http://127.0.0.1:9' },
            values: { api_access_token: 'tok-secret-2' },
          },
          ftp: {
            id: 'c-ftp',
            publicConfig: { url: 'ftp://chatwoot.example', account_id: 1 },
            values: { api_key: 'tok-3' },
          },
        };
        if (credential && credentials[credential]) return send(200, credentials[credential]);
        return send(404, { message: 'not found', code: 'NOT_FOUND' });
      });
      await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
      await signOutEverywhere();
      await signInToSandbox({ sandbox: await sharedSandbox() });
      await vscode.commands.executeCommand('agentos.signIn', {
        baseUrl: base,
        apiKey: 'fake-key',
        name: 'Fake',
      });
    });
    after(async () => {
      await signOutEverywhere();
      await new Promise((r) => fake.close(r));
    });

    const fakeInbox = (agentId: string) => openInbox({ connectionId: 'named:fake', agentId });

    it('a credential without a token', async () => {
      const r = await fakeInbox('incomplete');
      assert.equal(!r.ok && r.kind, 'credentialIncomplete');
      assert.match(!r.ok ? r.message : '', /no an API access token/);
    });

    it('an account id that cannot be discovered', async () => {
      const r = await fakeInbox('noaccount');
      assert.equal(!r.ok && r.kind, 'accountIdMissing');
      assert.match(!r.ok ? r.message : '', /account_id/);
      assert.ok(!JSON.stringify(r).includes('tok-secret-1'), 'the token is not in the message');
    });

    it('Chatwoot unreachable', async () => {
      const r = await fakeInbox('down');
      assert.equal(!r.ok && r.kind, 'unreachable');
      assert.match(!r.ok ? r.message : '', /Chatwoot is unreachable/);
      assert.ok(!JSON.stringify(r).includes('tok-secret-2'));
    });

    it('a non-http Chatwoot URL is never opened', async () => {
      const r = await fakeInbox('ftp');
      assert.equal(!r.ok && r.kind, 'notHttp');
      assert.equal(opened.length, 0);
    });
  });
});
