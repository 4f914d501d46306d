// Claude Managed Agents in the real extension host, beside AgentOS, against the sandbox (both APIs on one port):
// signed in through the extension's own Sign In, the three trees show both connections, and a session followed in
// the panel shows every event exactly once, hostile text as inert text, until the session ends.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Sandbox } from '../../sandbox/server';
import type { FollowRunApi } from '../../src/panel/register';
import type { BaseProvider } from '../../src/providers/base';
import { sidebar, waitFor } from './sidebar-support';
import { activatedExtension } from './support/extension';
import type { ProbeSnapshot, ProbeSteer } from '../../src/panel/probe-types';
import {
  closeAllPanels,
  followApi,
  probe,
  range,
  waitFor as waitUntil,
  waitForPanel,
} from './support/follow';
import type { StartRunResult } from '../../src/providers/commands';
import type { SidebarNode } from '../../src/providers/nodes';
import { createToolSession, raw } from '../unit/claude-sandbox/helpers';
import { pressEnterOnQuickPicks } from './support/quick-input';
import { claudeAdmin, listedIds, signInToClaude } from './support/claude';
import { sharedSandbox, signInToSandbox, signOutEverywhere } from './support/sandbox';

const CLAUDE = 'named:claude';

describe('Claude Managed Agents beside AgentOS', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let api: FollowRunApi;

  before(async () => {
    sandbox = await sharedSandbox();
    api = await followApi();
    await signOutEverywhere();
    await signInToSandbox();
    await signInToClaude(sandbox, 'Claude');
  });
  after(async () => {
    await closeAllPanels(api);
    await signOutEverywhere();
  });

  it('Sign In keeps the kind in settings and the key out of them', async () => {
    const named = vscode.workspace
      .getConfiguration('agentos')
      .get<Record<string, unknown>[]>('connections', []);
    assert.deepEqual(named, [{ name: 'Claude', baseUrl: sandbox.claude.baseUrl, kind: 'claude' }]);
    assert.doesNotMatch(JSON.stringify(named), new RegExp(sandbox.claude.key));
    const { connections } = (await activatedExtension()).exports;
    assert.equal(connections.get(CLAUDE)?.backend.kind, 'claude');
  });

  it('trees for both kinds side by side: agents, sessions with their agent and cost, deployments', async () => {
    const { agents, runs, triggers, store } = await sidebar();
    store.refresh();
    for (const provider of [agents, runs, triggers]) {
      const roots = await provider.snapshot(1);
      assert.deepEqual(
        roots.map((root) => root.label),
        [new URL(sandbox.url).host, 'Claude'],
        provider.viewId,
      );
    }
    const claudeRoot = (provider: BaseProvider) =>
      provider.childNodes().then((roots) => roots.find((root) => root.data().label === 'Claude'));
    const claudeAgents = await agents.childNodes(await claudeRoot(agents));
    assert.equal(claudeAgents.length, 6, 'the six demo agents');
    const sessions = await waitFor('Claude sessions in the Runs tree', async () => {
      const nodes = (await runs.childNodes(await claudeRoot(runs))).map((node) => node.data());
      return nodes.some((n) => n.kind === 'run') ? nodes : undefined;
    });
    const sessionNodes = sessions.filter((n) => n.kind === 'run');
    assert.ok(sessionNodes.every((n) => n.description.length > 0));
    const deployments = await triggers.childNodes(await claudeRoot(triggers));
    assert.ok(deployments.length > 0, 'deployments under the Claude root');
  });

  it('deployments: Pause (asked first from the tree), Unpause and Run Now, each shown in the tree at once', async () => {
    const { triggers, store } = await sidebar();
    await store.ensureTriggers(CLAUDE);
    const loaded = store.triggers(CLAUDE);
    assert.equal(loaded.state, 'loaded');
    const deployment = loaded.state === 'loaded' ? loaded.value.find((t) => t.active) : undefined;
    assert.ok(deployment, 'an active deployment');
    const nodeOf = async () => {
      const roots = await triggers.childNodes();
      const claude = roots.find((root) => root.data().label === 'Claude');
      for (const group of await triggers.childNodes(claude))
        for (const node of await triggers.childNodes(group))
          if (node.id?.endsWith(`/trigger/${deployment.id}`)) return node.data();
      return undefined;
    };
    const before = (await nodeOf())?.contextValue ?? '';
    assert.match(before, /\bactionable\b/, 'Run Now, Pause and Unpause are offered');
    assert.match(before, /\benabled\b/);
    const paused = (await vscode.commands.executeCommand('agentos.pauseTrigger', {
      connectionId: CLAUDE,
      trigger: deployment,
    })) as { active: boolean } | undefined;
    assert.equal(paused?.active, false);
    assert.match((await nodeOf())?.contextValue ?? '', /\bdisabled\b/);
    assert.match((await nodeOf())?.description ?? '', /paused/);
    const resumed = (await vscode.commands.executeCommand('agentos.unpauseTrigger', {
      connectionId: CLAUDE,
      trigger: deployment,
    })) as { active: boolean } | undefined;
    assert.equal(resumed?.active, true);
    assert.match((await nodeOf())?.contextValue ?? '', /\benabled\b/);
    const run = (await vscode.commands.executeCommand('agentos.runTriggerNow', {
      connectionId: CLAUDE,
      trigger: deployment,
    })) as { runId?: string; error?: string } | undefined;
    assert.ok(run && (run.runId || run.error), JSON.stringify(run));
  });

  it('follows a session in the panel: every event once, in order, until it ends', async () => {
    const session = await claudeAdmin<{ id: string }>(sandbox, '/sessions', {
      events: 400,
      ratePerSec: 200,
      end: 'terminated',
    });
    const key = (await vscode.commands.executeCommand('agentos.followRun', {
      connectionId: CLAUDE,
      runId: session.id,
    })) as string;
    assert.ok(key);
    const done = await waitForPanel(api, key, (s) => s.count === 400 && s.connectionText.includes('Ended'), {
      what: 'the session to end',
      includeOrds: true,
      timeoutMs: 60_000,
    });
    assert.deepEqual(done.ords, range(1, 400));
    assert.equal((await listedIds(sandbox, session.id)).length, 400);
    assert.deepEqual(done.injected, { elements: 0, globals: [] });
    assert.match(done.headerText, /terminated|completed/i);
    // The header says what the session used, from its latest session.usage event.
    assert.match(done.headerText, /\d+(\.\d)?k? in · \d+(\.\d)?k? out · \$\d+\.\d{2}/);
  });

  it('hostile text in a message and a tool input stays inert text', async () => {
    const session = await claudeAdmin<{ id: string }>(sandbox, '/sessions', {
      events: 14,
      ratePerSec: 0,
      end: 'idle',
    });
    await claudeAdmin(sandbox, `/sessions/${session.id}/events`, {
      events: [
        {
          type: 'agent.message',
          content: [{ type: 'text', text: '<img src=x onerror="window.__pwned=1">' }],
        },
        {
          type: 'agent.tool_use',
          name: '<script>window.__pwned=2</script>',
          input: { command: '<svg onload="window.__pwned=3">' },
        },
        { type: 'session.status_terminated' },
      ],
    });
    const key = (await vscode.commands.executeCommand('agentos.followRun', {
      connectionId: CLAUDE,
      runId: session.id,
    })) as string;
    const done = await waitForPanel(api, key, (s) => s.count === 17 && s.connectionText.includes('Ended'), {
      what: 'the session to end',
      timeoutMs: 30_000,
    });
    assert.deepEqual(done.injected, { elements: 0, globals: [] });
    for (const ord of [15, 16]) {
      const expanded = await probe(api, key, { op: 'expand', ord });
      assert.deepEqual(expanded.injected, { elements: 0, globals: [] }, `after expanding #${ord}`);
    }
    const search = await probe(api, key, { op: 'search', text: 'onerror' });
    assert.deepEqual(search.viewOrds, [15]);
  });

  describe('steering a session from the panel', () => {
    const steer = (key: string, act?: Extract<Parameters<typeof probe>[2], { op: 'steer' }>['act']) =>
      probe<ProbeSteer>(api, key, { op: 'steer', act });

    let key: string;
    before(async () => {
      const sessionId = await createToolSession(sandbox, {
        title: 'Steered from the panel',
        scenarios: 'chat,ask,ask,ask,ask,ask,ask,ask',
      });
      key = (await vscode.commands.executeCommand('agentos.followRun', {
        connectionId: CLAUDE,
        runId: sessionId,
      })) as string;
      await waitForPanel(api, key, (s) => s.connectionText.includes('Live'), {
        what: 'the stream to be live',
      });
    });

    it('a message sent from the panel shows back in the timeline, and the agent answers', async () => {
      const shown = await steer(key);
      assert.equal(shown.shown && shown.composerShown, true, 'the message box is there');
      const sent = await steer(key, { do: 'send', text: 'Hello from VS Code <b>not bold</b>' });
      assert.equal(sent.status, 'Sending…');
      await waitUntil(
        () => steer(key),
        (s) => s.status.startsWith('Sent.') && s.message === '',
        20_000,
        'the message to be sent',
      );
      await probe(api, key, { op: 'types', types: ['user.message'] });
      const search = await probe<ProbeSnapshot>(api, key, { op: 'search', text: 'Hello from VS Code' });
      assert.equal(search.viewCount, 1, 'the message is in the timeline once');
      assert.deepEqual(search.injected, { elements: 0, globals: [] }, 'its markup stayed text');
      await probe(api, key, { op: 'search', text: '' });
      await probe(api, key, { op: 'types', types: [] });
      // A new session: its first agent.message is the answer to this message.
      const replies = await waitUntil(
        () => probe<ProbeSnapshot>(api, key, { op: 'types', types: ['agent.message'] }),
        (r) => r.viewCount >= 1,
        60_000,
        'the agent to answer',
      );
      assert.ok(replies.viewCount >= 1);
      await probe(api, key, { op: 'types', types: [] });
    });

    it('a tool use that asks shows as a card; Allow sends the confirmation and the card says so', async () => {
      await steer(key, { do: 'send', text: 'Please run the checks' });
      const asked = await waitUntil(
        () => steer(key),
        (s) => s.cards.length > 0 && s.cards.every((c) => c.buttons.includes('Allow')),
        60_000,
        'an approval card',
      );
      const [first, ...rest] = asked.cards;
      assert.match(first!.text, /Approve .+\?/);
      await steer(key, { do: 'allow', id: first!.id });
      for (const card of rest) await steer(key, { do: 'deny', id: card.id, reason: 'not this one' });
      const confirmations = await waitUntil(
        () => probe<ProbeSnapshot>(api, key, { op: 'types', types: ['user.tool_confirmation'] }),
        (c) => c.viewCount >= asked.cards.length,
        30_000,
        'the confirmations in the timeline',
      );
      assert.equal(confirmations.viewCount, asked.cards.length, 'one confirmation per card, each once');
      await probe(api, key, { op: 'types', types: [] });
      const after = await steer(key);
      assert.ok(
        after.cards.every((c) => !c.buttons.includes('Allow')),
        'no card still asks once its answer came back',
      );
    });

    it('Deny with a reason sends it; the session goes on', async () => {
      await steer(key, { do: 'send', text: 'And the other checks' });
      const asked = await waitUntil(
        () => steer(key),
        (s) => s.cards.length > 0 && s.cards.every((c) => c.buttons.includes('Deny')),
        60_000,
        'an approval card',
      );
      for (const card of asked.cards)
        await steer(key, { do: 'deny', id: card.id, reason: 'Not on main, please' });
      await waitUntil(
        () => steer(key),
        (s) => s.cards.length === 0 || s.cards.every((c) => /Denied/.test(c.text)),
        30_000,
        'the denials to come back',
      );
      const denied = await probe<ProbeSnapshot>(api, key, { op: 'search', text: 'Not on main, please' });
      assert.ok(denied.viewCount >= asked.cards.length, 'the reason is in the confirmation events');
      await probe(api, key, { op: 'search', text: '' });
    });
  });

  describe('session actions', () => {
    /** The Claude connection's root in a view (two connections are signed in). */
    const claudeRoot = async (provider: BaseProvider) =>
      (await provider.childNodes()).find((root) => root.data().label === 'Claude');

    /** The run node of a session in the Runs view, as VS Code would hand it to a context-menu command. */
    const runNodeOf = async (sessionId: string): Promise<SidebarNode | undefined> => {
      const { runs } = await sidebar();
      return (await runs.childNodes(await claudeRoot(runs))).find((node) =>
        node.id?.endsWith(`/run/${sessionId}`),
      );
    };

    const listedRunIds = async (): Promise<string[]> => {
      const { store } = await sidebar();
      const list = await store.ensureRunList(CLAUDE);
      return list.state === 'loaded' ? [...list.value.ids] : [];
    };

    const firstAgent = async () => {
      const { store } = await sidebar();
      const agents = await store.ensureAgents(CLAUDE);
      const agent = agents.state === 'loaded' ? agents.value[0] : undefined;
      assert.ok(agent, 'a Claude agent');
      return agent;
    };

    it('Start Run on an agent: the environment picked with Enter, the first message sent, the session on top', async () => {
      const { store } = await sidebar();
      const { connections } = (await activatedExtension()).exports;
      store.refresh(CLAUDE);
      await listedRunIds();
      const agent = await firstAgent();
      const environments = await connections.get(CLAUDE)!.backend.listEnvironments!();
      assert.ok(environments.length > 1, 'several environments, so the quick pick shows');
      const text = 'Start from the host: list the open issues <b>please</b>';
      const result = (await pressEnterOnQuickPicks(
        vscode.commands.executeCommand('agentos.startRun', {
          connectionId: CLAUDE,
          agentId: agent.id,
          message: text,
          follow: false,
        }),
      )) as StartRunResult;
      assert.equal(result.sent, true, JSON.stringify(result));
      const runId = (result as { runId: string }).runId;
      const server = await raw(sandbox, `/v1/sessions/${runId}`);
      assert.equal(server.body.agent.id, agent.id);
      assert.equal(server.body.environment_id, environments[0]!.id, 'the focused (first) environment');
      const events = await raw(sandbox, `/v1/sessions/${runId}/events?order=asc&limit=1000`);
      const messages = (events.body.data as { type: string; content: { text: string }[] }[])
        .filter((e) => e.type === 'user.message')
        .map((e) => e.content[0]?.text);
      assert.deepEqual(messages, [text], 'the first message, once');
      assert.equal((await listedRunIds())[0], runId, 'on top of the Runs list');
      const node = await runNodeOf(runId);
      assert.match(node?.data().contextValue ?? '', /\barchivable\b/);
      assert.match(node?.data().contextValue ?? '', /\bdeletable\b/);
      assert.doesNotMatch(node?.data().contextValue ?? '', /\bcheckpoints\b|\bcancelable\b/);
    });

    it('Start Run with Follow: the panel shows the first message and the agent answering it', async () => {
      const { connections } = (await activatedExtension()).exports;
      const agent = await firstAgent();
      const [environment] = await connections.get(CLAUDE)!.backend.listEnvironments!();
      const text = 'Follow me from the start';
      const result = (await vscode.commands.executeCommand('agentos.startRun', {
        connectionId: CLAUDE,
        agentId: agent.id,
        environmentId: environment!.id,
        message: text,
        follow: true,
      })) as StartRunResult;
      assert.equal(result.sent, true, JSON.stringify(result));
      const runId = (result as { runId: string }).runId;
      const panel = api.panels().find((p) => p.target.runId === runId);
      assert.ok(panel, 'a panel follows the new session');
      // Only the person's messages: the agent's answer may quote the text.
      await probe(api, panel.key, { op: 'types', types: ['user.message'] });
      await waitUntil(
        () => probe<ProbeSnapshot>(api, panel.key, { op: 'search', text }),
        (s) => s.viewCount === 1 && s.count >= 1,
        30_000,
        'the first message in the panel, once',
      );
      await probe(api, panel.key, { op: 'search', text: '' });
      await waitUntil(
        () => probe<ProbeSnapshot>(api, panel.key, { op: 'types', types: ['agent.message'] }),
        (s) => s.viewCount >= 1,
        60_000,
        'the agent to answer',
      );
      await probe(api, panel.key, { op: 'types', types: [] });
    });

    it('Archive Run from the tree: the session leaves the Runs list at once and is archived on the server', async () => {
      const { store } = await sidebar();
      const session = await claudeAdmin<{ id: string }>(sandbox, '/sessions', {
        events: 6,
        ratePerSec: 0,
        end: 'idle',
      });
      store.refresh(CLAUDE);
      const node = await waitFor('the session in the Runs tree', () => runNodeOf(session.id));
      const archived = (await vscode.commands.executeCommand('agentos.archiveRun', node)) as
        { archivedAt?: string } | undefined;
      assert.ok(archived?.archivedAt, 'the archived session, with its time');
      assert.ok(!(await listedRunIds()).includes(session.id), 'out of the list at once');
      assert.equal(await runNodeOf(session.id), undefined, 'out of the tree');
      assert.equal(store.run(CLAUDE, session.id)?.archivedAt, archived.archivedAt, 'still known by id');
      const server = await raw(sandbox, `/v1/sessions/${session.id}`);
      assert.ok(server.body.archived_at);
      store.refresh(CLAUDE);
      assert.ok(!(await listedRunIds()).includes(session.id), 'not back after a refresh');
    });

    it('Archive Run of a session deleted elsewhere says why, and takes it out of the list', async () => {
      const { store } = await sidebar();
      const session = await claudeAdmin<{ id: string }>(sandbox, '/sessions', {
        events: 4,
        ratePerSec: 0,
        end: 'idle',
      });
      store.refresh(CLAUDE);
      const node = await waitFor('the session in the Runs tree', () => runNodeOf(session.id));
      assert.equal((await raw(sandbox, `/v1/sessions/${session.id}`, { method: 'DELETE' })).status, 200);
      const answer = await vscode.commands.executeCommand('agentos.archiveRun', node);
      assert.equal(answer, undefined);
      assert.ok(!(await listedRunIds()).includes(session.id));
    });

    it('Delete Run from the tree asks first, naming the session: No keeps it, Delete deletes it at once', async () => {
      const { store, setConfirm } = await sidebar();
      const title = 'Scratch session to delete';
      const sessionId = await createToolSession(sandbox, { title, scenarios: 'chat' });
      store.refresh(CLAUDE);
      const node = await waitFor('the session in the Runs tree', () => runNodeOf(sessionId));
      const asked: { message: string; detail: string; action: string }[] = [];
      let answer = false;
      setConfirm((message, detail, action) => {
        asked.push({ message, detail, action });
        return Promise.resolve(answer);
      });
      try {
        assert.equal(await vscode.commands.executeCommand('agentos.deleteRun', node), undefined);
        assert.equal(asked.length, 1);
        assert.match(asked[0]!.message, new RegExp(`^Delete "${title}" \\(\\w{1,8}\\)\\?$`));
        assert.match(asked[0]!.detail, /cannot be undone/);
        assert.equal(asked[0]!.action, 'Delete');
        assert.equal((await raw(sandbox, `/v1/sessions/${sessionId}`)).status, 200, 'No kept it');
        assert.ok((await listedRunIds()).includes(sessionId));
        answer = true;
        assert.equal(await vscode.commands.executeCommand('agentos.deleteRun', node), sessionId);
        assert.equal(asked.length, 2);
      } finally {
        setConfirm(undefined);
      }
      assert.ok(!(await listedRunIds()).includes(sessionId), 'out of the list at once');
      assert.equal(await runNodeOf(sessionId), undefined, 'out of the tree');
      assert.equal(store.run(CLAUDE, sessionId), undefined, 'forgotten');
      assert.equal((await raw(sandbox, `/v1/sessions/${sessionId}`)).status, 404);
    });

    it('Copy ID and Show JSON on a session and its sub-agent thread', async () => {
      const { runs, store } = await sidebar();
      store.refresh(CLAUDE);
      const nodes = await runs.childNodes(await claudeRoot(runs));
      let thread: SidebarNode | undefined;
      let session: SidebarNode | undefined;
      for (const node of nodes) {
        if (node.data().kind !== 'run') continue;
        const [child] = await runs.childNodes(node);
        if (child) {
          session = node;
          thread = child;
          break;
        }
      }
      assert.ok(session && thread, 'a session with a sub-agent thread (the demo has one)');
      const sessionId = (session as unknown as { runId: string }).runId;
      const threadId = (thread as unknown as { attemptId: string }).attemptId;
      assert.match(session.data().contextValue ?? '', /\bcopyable\b/);
      assert.match(session.data().contextValue ?? '', /\bjson\b/);
      assert.match(thread.data().contextValue ?? '', /\bcopyable\b/);
      assert.match(thread.data().contextValue ?? '', /\bjson\b/);
      assert.equal(await vscode.commands.executeCommand('agentos.copyId', session), sessionId);
      assert.equal(await vscode.env.clipboard.readText(), sessionId);
      assert.equal(await vscode.commands.executeCommand('agentos.copyId', thread), threadId);
      for (const [node, id, type] of [
        [session, sessionId, 'session'],
        [thread, threadId, 'session_thread'],
      ] as const) {
        const uri = (await vscode.commands.executeCommand('agentos.showJson', node)) as string;
        assert.ok(uri, `Show JSON of the ${type}`);
        const json = JSON.parse((await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText());
        assert.equal(json.id, id);
        assert.equal(json.type, type);
      }
    });
    /** The Claude deployments' nodes in the Triggers view, as VS Code would hand them out. */
    const deploymentNodes = async (): Promise<SidebarNode[]> => {
      const { triggers } = await sidebar();
      const nodes: SidebarNode[] = [];
      for (const group of await triggers.childNodes(await claudeRoot(triggers)))
        nodes.push(...(await triggers.childNodes(group)));
      return nodes;
    };

    it('deployment runs under each deployment, newest first; a run that failed is red with its error', async () => {
      const { triggers, store } = await sidebar();
      store.refresh(CLAUDE);
      const deployments = await deploymentNodes();
      assert.ok(deployments.length > 0 && deployments.every((d) => d.data().collapsible), 'they expand');
      let failed: ReturnType<SidebarNode['data']> | undefined;
      for (const deployment of deployments) {
        const trigger = (deployment as unknown as { trigger: { id: string } }).trigger;
        const children = await triggers.childNodes(deployment);
        const fired = children.filter((c) => c.data().kind === 'triggerRun');
        const times = fired.map((c) =>
          Date.parse((c as unknown as { triggerRun: { at: string } }).triggerRun.at),
        );
        assert.deepEqual(
          times,
          [...times].sort((a, b) => b - a),
          'newest first',
        );
        const server = await raw(sandbox, `/v1/deployment_runs?deployment_id=${trigger.id}&limit=10`);
        assert.deepEqual(
          fired.map((c) => (c as unknown as { triggerRun: { id: string } }).triggerRun.id),
          (server.body.data as { id: string }[]).map((r) => r.id),
          "the service's latest runs, in its order",
        );
        if (server.body.next_page) assert.equal(children.at(-1)?.data().kind, 'loadMore');
        failed ??= fired.map((c) => c.data()).find((d) => /\bfailed\b/.test(d.contextValue ?? ''));
      }
      assert.ok(failed, 'a deployment run that failed (the demo has some)');
      assert.equal(failed.icon, 'error');
      assert.equal(failed.color, 'testing.iconFailed');
      assert.match(failed.description, /failed: \S.{10,}/, 'the error in the description');
      assert.match(failed.tooltip ?? '', /\*\*Failed:\*\* \S/, 'and in the tooltip');
      assert.match(failed.label, /ago$|^just now$/, 'when it fired');
      assert.doesNotMatch(failed.contextValue ?? '', /\bfollowable\b/, 'no run to follow');
      assert.equal(failed.command, undefined);
    });

    it('Load more under a deployment pages its older runs, the first page kept on top', async () => {
      const { triggers, store } = await sidebar();
      store.refresh(CLAUDE);
      // More runs than a page: eleven manual runs of one deployment, straight through the API.
      const deployment = (await deploymentNodes()).find((d) =>
        /\benabled\b/.test(d.data().contextValue ?? ''),
      );
      assert.ok(deployment, 'an active deployment');
      const triggerId = (deployment as unknown as { trigger: { id: string } }).trigger.id;
      for (let i = 0; i < 11; i++)
        assert.equal(
          (await raw(sandbox, `/v1/deployments/${triggerId}/run`, { method: 'POST' })).status,
          200,
        );
      store.refresh(CLAUDE);
      const busiest = (await deploymentNodes()).find((d) => d.id === deployment.id);
      assert.ok(busiest);
      assert.equal((await triggers.childNodes(busiest)).at(-1)?.data().kind, 'loadMore');
      const firstPage = (await triggers.childNodes(busiest)).filter((c) => c.data().kind === 'triggerRun');
      const more = (await triggers.childNodes(busiest)).at(-1)!;
      await vscode.commands.executeCommand(more.data().command!, ...(more.command?.arguments ?? []));
      const after = (await triggers.childNodes(busiest)).filter((c) => c.data().kind === 'triggerRun');
      assert.ok(after.length > firstPage.length, 'older runs below');
      const ids = after.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, 'each once');
      assert.deepEqual(
        ids.slice(0, firstPage.length),
        firstPage.map((c) => c.id),
        'the first page stays on top',
      );
    });

    it('a deployment run that started a session follows it on a click; Copy ID and Show JSON name the run itself', async () => {
      const { triggers, store } = await sidebar();
      store.refresh(CLAUDE);
      let linked: SidebarNode | undefined;
      let deployment: SidebarNode | undefined;
      for (const candidate of await deploymentNodes()) {
        linked = (await triggers.childNodes(candidate)).find((c) =>
          /\bfollowable\b/.test(c.data().contextValue ?? ''),
        );
        if (linked) {
          deployment = candidate;
          break;
        }
      }
      assert.ok(linked && deployment, 'a deployment run with a session');
      const fired = (linked as unknown as { triggerRun: { id: string; runId: string } }).triggerRun;
      const data = linked.data();
      assert.equal(data.command, 'agentos.followRun');
      assert.match(data.description, /run /);
      assert.match(data.tooltip ?? '', new RegExp(`Run: \`${fired.runId}\``));
      const key = (await vscode.commands.executeCommand(
        data.command,
        ...(linked.command?.arguments ?? []),
      )) as string;
      assert.ok(key, 'a panel opened');
      assert.equal(
        api.panels().find((p) => p.key === key)?.target.runId,
        fired.runId,
        'following its session',
      );
      // From the context menu, Follow Run is handed the node itself.
      assert.equal(await vscode.commands.executeCommand('agentos.followRun', linked), key, 'the same panel');

      assert.equal(await vscode.commands.executeCommand('agentos.copyId', linked), fired.id);
      const uri = (await vscode.commands.executeCommand('agentos.showJson', linked)) as string;
      const json = JSON.parse((await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText());
      assert.equal(json.id, fired.id);
      assert.equal(json.type, 'deployment_run');
      assert.equal(json.session_id, fired.runId);

      const trigger = (deployment as unknown as { trigger: { id: string } }).trigger;
      assert.equal(await vscode.commands.executeCommand('agentos.copyId', deployment), trigger.id);
      const deploymentUri = (await vscode.commands.executeCommand('agentos.showJson', deployment)) as string;
      const deploymentJson = JSON.parse(
        (await vscode.workspace.openTextDocument(vscode.Uri.parse(deploymentUri))).getText(),
      );
      assert.equal(deploymentJson.id, trigger.id);
      assert.equal(deploymentJson.type, 'deployment');
    });
  });
});
