// Open Inbox in every case, with the opened URL intercepted: the sandbox's demo agents (account id in the
// credential, discovered through the profile, no Chatwoot trigger, trigger without credential) and a small fake
// AgentOS server for the cases the demo does not hold (credential without URL or token, account id not
// discoverable, Chatwoot unreachable, a non-http URL). The URL handed to the browser is the one this host makes
// reachable from the browser (code-server: its port proxy), with the inbox path kept; the copy-the-URL offer is
// answered here instead of by a person.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { InboxResult } from '../../src/providers/commands';
import { sidebar, waitFor } from './sidebar-support';
import { sharedSandbox, signInToSandbox, signOutEverywhere } from './support/sandbox';

const openInbox = (target: unknown) =>
  Promise.resolve(vscode.commands.executeCommand('agentos.openInbox', target)) as Promise<InboxResult>;

type Opened = Extract<InboxResult, { ok: true }>;

function opened(result: InboxResult): Opened {
  assert.equal(result.ok, true, JSON.stringify(result));
  return result as Opened;
}

/** The page behind a URL handed to the browser, fetched from here (the same machine as the browser in tests). */
async function pageAt(url: string): Promise<string> {
  const res = await fetch(url);
  assert.equal(res.status, 200, `${url} answered ${res.status}`);
  return res.text();
}

describe('sidebar: Open Inbox', () => {
  const handed: string[] = [];
  const offers: { message: string; warning: boolean }[] = [];
  let openerAnswer = true;
  let offerAnswer: string | undefined;
  before(async () => {
    const api = await sidebar();
    api.setExternalOpener(async (uri) => {
      handed.push(uri.toString(true));
      return openerAnswer;
    });
    api.setUrlOffer(async (message, warning) => {
      offers.push({ message, warning });
      return offerAnswer;
    });
  });
  after(async () => {
    const api = await sidebar();
    api.setExternalOpener(undefined);
    api.setUrlOffer(undefined);
    await signOutEverywhere();
  });
  beforeEach(() => {
    handed.length = 0;
    offers.length = 0;
    openerAnswer = true;
    offerAnswer = undefined;
  });

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

    const concierge = opened(
      await openInbox({ connectionId: 'default', agentId: await id('Support Concierge') }),
    );
    assert.equal(concierge.url, `${sandbox.url}/app/accounts/3/inbox`);
    const sales = opened(
      await openInbox({ connectionId: 'default', agentId: await id('WhatsApp Sales Bot') }),
    );
    assert.equal(sales.url, `${sandbox.url}/app/accounts/7/inbox`, 'account id from the profile');
    const refunds = opened(
      await openInbox({ connectionId: 'default', agentId: await id('Refund Approver') }),
    );
    assert.equal(refunds.url, `${sandbox.url}/app/accounts/12/inbox`);
    assert.deepEqual(
      handed,
      [concierge, sales, refunds].map((r) => r.openedUrl),
    );
    for (const [result, account] of [
      [concierge, 3],
      [sales, 7],
      [refunds, 12],
    ] as const) {
      // Whatever this host turned the URL into for the browser, it still leads to that account's inbox page.
      assert.match(result.openedUrl, new RegExp(`/app/accounts/${account}/inbox$`));
      assert.match(await pageAt(result.openedUrl), new RegExp(`Inbox of account ${account}`));
    }

    const orders = await openInbox({ connectionId: 'default', agentId: await id('Order Tracker') });
    assert.equal(orders.ok, false);
    assert.equal(!orders.ok && orders.kind, 'noTrigger');
    const leads = await openInbox({ connectionId: 'default', agentId: await id('Lead Qualifier') });
    assert.equal(!leads.ok && leads.kind, 'noTrigger', 'an Evolution trigger whose platform is not Chatwoot');
    const legacy = await openInbox({ connectionId: 'default', agentId: await id('Legacy Importer') });
    assert.equal(!legacy.ok && legacy.kind, 'noCredential');
    assert.match(!legacy.ok ? legacy.message : '', /has no credential/);
    assert.equal(handed.length, 3, 'nothing opened on failures');
  });

  it('offers the URL to copy whenever the browser may not have shown it, and copies it', async () => {
    await signOutEverywhere();
    await signInToSandbox();
    const agentId = await agentIdOf('default', 'Support Concierge');
    const web = vscode.env.uiKind === vscode.UIKind.Web;

    // Opened: a workbench in a browser tab cannot know whether its new tab got past a pop-up blocker.
    await vscode.env.clipboard.writeText('');
    offerAnswer = 'Copy URL';
    const shown = opened(await openInbox({ connectionId: 'default', agentId }));
    assert.equal(shown.copyOffered, web, `offered in a browser-hosted workbench only (uiKind web: ${web})`);
    if (web) {
      assert.deepEqual(offers, [
        {
          message: `Opened the inbox of "Support Concierge" in a new browser tab. If no tab appeared (a pop-up blocker can stop it), copy the URL: ${shown.openedUrl}`,
          warning: false,
        },
      ]);
      await waitFor('the URL on the clipboard', async () =>
        (await vscode.env.clipboard.readText()) === shown.openedUrl ? true : undefined,
      );
    }

    // Not opened (VS Code said so): always offered, as a warning.
    offers.length = 0;
    await vscode.env.clipboard.writeText('');
    openerAnswer = false;
    const refused = opened(await openInbox({ connectionId: 'default', agentId }));
    assert.equal(refused.copyOffered, true);
    assert.equal(offers.length, 1);
    assert.equal(offers[0]?.warning, true);
    assert.match(
      offers[0]?.message ?? '',
      /^The browser did not open the inbox of "Support Concierge"\. Copy the URL/,
    );
    assert.ok(offers[0]?.message.endsWith(refused.openedUrl), offers[0]?.message);
    await waitFor('the URL on the clipboard', async () =>
      (await vscode.env.clipboard.readText()) === refused.openedUrl ? true : undefined,
    );

    // Dismissed: nothing is copied.
    offerAnswer = undefined;
    await vscode.env.clipboard.writeText('untouched');
    opened(await openInbox({ connectionId: 'default', agentId }));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await vscode.env.clipboard.readText(), 'untouched');
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
    const result = opened(await openInbox(trigger));
    assert.equal(result.url, `${sandbox.url}/app/accounts/3/inbox`);
    assert.deepEqual(handed, [result.openedUrl]);
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
      assert.equal(handed.length, 0);
    });
  });
});
