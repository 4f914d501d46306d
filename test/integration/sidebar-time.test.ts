// The sidebar over time, as VS Code holds it (the node objects it was given, and the change events that make it
// re-read them) — nobody refreshes anything by hand: ages and running durations move on, the Agents and Runs
// views agree about the same run, and an attempt row keeps counting events, also while a panel follows the run.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Run } from '../../src/backends/agentos/wire';
import type { SidebarNode } from '../../src/providers/nodes';
import { admin, setSetting, showSidebar, sidebar, waitFor } from './sidebar-support';
import { sharedSandbox, signInToSandbox, signOutEverywhere } from './support/sandbox';

const DEFAULT = 'default';
const text = (node: SidebarNode | undefined) =>
  typeof node?.description === 'string' ? node.description : '';

/** Counts onDidChangeTreeData events per node. */
function countEvents(provider: { onDidChangeTreeData: vscode.Event<SidebarNode | undefined> }) {
  const fired = new Map<SidebarNode | undefined, number>();
  const subscription = provider.onDidChangeTreeData((node) => fired.set(node, (fired.get(node) ?? 0) + 1));
  return { fired, dispose: () => subscription.dispose() };
}

describe('sidebar: what it shows stays true over time', () => {
  before(async () => {
    await signOutEverywhere();
    await signInToSandbox();
    await setSetting('runs.refreshIntervalSeconds', 1);
    await showSidebar();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('runs.refreshIntervalSeconds', undefined);
    await signOutEverywhere();
  });

  it('ages move on without a refresh, and Agents and Runs give the same age for the same run', async function () {
    this.timeout(60_000);
    const sandbox = await sharedSandbox();
    const { agents, runs, store } = await sidebar();
    await store.ensureAgents(DEFAULT);
    const agentsList = store.agents(DEFAULT);
    const nightly =
      agentsList.state === 'loaded'
        ? agentsList.value.find((a) => a.name === 'Nightly Report Builder')
        : undefined;
    assert.ok(nightly);
    const created = await admin<{ run_id: string }>(sandbox, 'POST', '/v1/api/runs', {
      agent_id: nightly.id,
      input: { sandbox_scenario: 'complete' },
    });
    store.refresh();
    const runNode = await waitFor('the finished run in the Runs view', async () => {
      const node = (await runs.childNodes()).find((n) => n.id?.endsWith(`/run/${created.run_id}`));
      return node && typeof node.label === 'string' && node.label.startsWith('completed') ? node : undefined;
    });
    const agentNode = (await agents.childNodes()).find((n) => n.label === 'Nightly Report Builder');
    assert.ok(agentNode);
    const first = { agent: text(agentNode), run: text(runNode) };
    assert.match(first.agent, /^completed · (just now|\d+s ago)$/);
    assert.match(first.run, /^Nightly Report Builder · (just now|\d+s ago) · took \d+(ms|s)$/);

    const agentEvents = countEvents(agents);
    const runEvents = countEvents(runs);
    try {
      // Past "just now" (under 5 s) and a few seconds more; the tree is not asked for anything meanwhile.
      await new Promise((r) => setTimeout(r, 7_000));
      const later = { agent: text(agentNode), run: text(runNode) };
      const agentAge = later.agent.split(' · ')[1];
      const runAge = later.run.split(' · ')[1];
      assert.match(agentAge ?? '', /^\d+s ago$/, later.agent);
      assert.notEqual(later.agent, first.agent, 'the Agents view moved on');
      assert.notEqual(later.run, first.run, 'the Runs view moved on');
      assert.equal(agentAge, runAge, `Agents "${later.agent}" and Runs "${later.run}" disagree`);
      assert.ok((agentEvents.fired.get(agentNode) ?? 0) >= 2, 'VS Code was told about the agent node');
      assert.ok((runEvents.fired.get(runNode) ?? 0) >= 2, 'VS Code was told about the run node');
    } finally {
      agentEvents.dispose();
      runEvents.dispose();
    }
  });

  it("an attempt row keeps counting the run's events, also while a panel follows the run", async function () {
    this.timeout(60_000);
    const sandbox = await sharedSandbox();
    const { runs, store } = await sidebar();
    const run = await admin<Run>(sandbox, 'POST', '/_sandbox/runs', {
      events: 100_000,
      ratePerSec: 40,
      terminal: 'none',
    });
    try {
      store.refresh();
      const runNode = await waitFor('the run in the Runs view', async () =>
        (await runs.childNodes()).find((n) => n.id?.endsWith(`/run/${run.id}`)),
      );
      const count = async () => {
        // What VS Code gets when it asks again for the run's children (it does after a change event for the run).
        const [attempt] = await runs.childNodes(runNode);
        return Number(/([\d,]+) events?$/.exec(text(attempt))?.[1]?.replace(/,/g, '') ?? NaN);
      };
      const before = await count();
      assert.ok(Number.isFinite(before), text((await runs.childNodes(runNode))[0]));
      await vscode.commands.executeCommand('agentos.followRun', { connectionId: DEFAULT, runId: run.id });

      const events = countEvents(runs);
      try {
        const after = await waitFor(
          'the attempt row counting on',
          async () => {
            const n = await count();
            return n >= before + 100 ? n : undefined;
          },
          20_000,
        );
        assert.ok((events.fired.get(runNode) ?? 0) >= 1, 'VS Code was told to read the run node again');
        const server = await admin<Run>(sandbox, 'GET', `/v1/api/runs/${run.id}`);
        assert.ok(
          (server.latest_seq ?? 0) >= after,
          `${after} events shown, ${server.latest_seq} on the server`,
        );
      } finally {
        events.dispose();
      }
    } finally {
      await admin(sandbox, 'POST', `/v1/api/runs/${run.id}/cancel`).catch(() => undefined);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
