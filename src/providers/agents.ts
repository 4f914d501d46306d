// The Agents view: each agent with its last run's status; under it, its triggers and its most recent runs.
import { BaseProvider, type ProviderContext } from './base';
import { AgentNode, MessageNode, RunNode, type SidebarNode, TriggerNode } from './nodes';
import type { StoreChange } from '../state/store';

export class AgentsProvider extends BaseProvider {
  constructor(ctx: ProviderContext) {
    super('agentos.agents', ctx);
  }

  private readonly agentSource = {
    agent: (c: string, a: string) => this.ctx.store.agent(c, a),
    run: (c: string, r: string) => this.ctx.store.run(c, r),
    hasInbox: (c: string, a: string) => this.ctx.store.hasInbox(c, a),
    canStart: (c: string) => this.ctx.store.backend(c)?.caps.startRun !== 'none',
  };

  protected async connectionChildren(connectionId: string, single: boolean): Promise<SidebarNode[]> {
    const { store } = this.ctx;
    const [agents] = await Promise.all([
      store.ensureAgents(connectionId),
      store.ensureTriggers(connectionId),
    ]);
    if (agents.state !== 'loaded') return this.failure(connectionId, single, agents, 'agents');
    if (single) this.setMessage(undefined);
    if (agents.value.length === 0)
      return [
        new MessageNode(`${this.viewId}/${connectionId}/empty`, 'No agents on this server yet.', {
          severity: 'info',
        }),
      ];
    const parentId = `${this.viewId}/${connectionId}`;
    return agents.value.map((agent) =>
      this.remember(
        `${parentId}/agent/${agent.id}`,
        () => new AgentNode(this.agentSource, parentId, connectionId, agent.id),
      ),
    );
  }

  protected async childrenOf(element: SidebarNode): Promise<SidebarNode[]> {
    if (!(element instanceof AgentNode)) return [];
    const { store } = this.ctx;
    const { connectionId, agentId } = element;
    const [, runs] = await Promise.all([
      store.ensureTriggers(connectionId),
      store.ensureAgentRuns(connectionId, agentId),
    ]);
    const base = element.id ?? '';
    const children: SidebarNode[] = store
      .triggersOf(connectionId, agentId)
      .map(
        (trigger) =>
          new TriggerNode(base, connectionId, trigger, store.backend(connectionId)?.caps.triggerActions),
      );
    if (runs.state === 'loaded') {
      for (const runId of runs.value) {
        children.push(
          this.remember(`${base}/run/${runId}`, () => new RunNode(this.runSource, base, connectionId, runId)),
        );
      }
      if (runs.value.length === 0 && children.length === 0)
        children.push(new MessageNode(`${base}/empty`, 'No triggers and no runs yet.', { severity: 'info' }));
    } else if (runs.state === 'error') {
      children.push(
        new MessageNode(`${base}/error`, runs.message, { severity: 'error', retry: { connectionId } }),
      );
    }
    return children;
  }

  protected onStoreChange(change: StoreChange): void {
    switch (change.kind) {
      case 'all':
      case 'triggers':
        this.refreshAll();
        return;
      case 'agents':
        // An agent's last run changed: refresh the agent nodes of that connection, nothing else.
        this.refreshNodes(
          [...this.nodes.values()].filter(
            (n) =>
              n instanceof AgentNode &&
              n.connectionId === change.connectionId &&
              (!change.agentId || n.agentId === change.agentId),
          ),
        );
        return;
      case 'agentRuns': {
        const agent = [...this.nodes.values()].find(
          (n) =>
            n instanceof AgentNode && n.connectionId === change.connectionId && n.agentId === change.agentId,
        );
        if (agent) this.emitter.fire(agent);
        return;
      }
      case 'runs':
        this.refreshRuns(change.connectionId, change.runIds);
        return;
      case 'caps':
        this.refreshAll();
        return;
      default:
        return;
    }
  }
}
