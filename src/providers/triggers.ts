// The Triggers view: triggers grouped by agent, each with its type icon, enabled state and a config summary
// that never shows a secret; Chatwoot-type triggers carry an inline Open Inbox.
import { BaseProvider, type ProviderContext } from './base';
import { AgentGroupNode, MessageNode, type SidebarNode, TriggerNode } from './nodes';
import type { StoreChange } from '../state/store';

export class TriggersProvider extends BaseProvider {
  constructor(ctx: ProviderContext) {
    super('agentos.triggers', ctx);
  }

  protected async connectionChildren(connectionId: string, single: boolean): Promise<SidebarNode[]> {
    const { store } = this.ctx;
    const [triggers, agents] = await Promise.all([
      store.ensureTriggers(connectionId),
      store.ensureAgents(connectionId),
    ]);
    if (triggers.state !== 'loaded') return this.failure(connectionId, single, triggers, 'triggers');
    if (single) this.setMessage(undefined);
    const parentId = `${this.viewId}/${connectionId}`;
    if (triggers.value.length === 0)
      return [new MessageNode(`${parentId}/empty`, 'No triggers on this server yet.', { severity: 'info' })];
    // Agents in the Agents view's order; triggers of agents we do not know come last under their id.
    const order = agents.state === 'loaded' ? agents.value.map((a) => a.id) : [];
    const agentIds = [...new Set(triggers.value.map((t) => t.agentId ?? ''))].sort(
      (a, b) => rank(order, a) - rank(order, b),
    );
    return agentIds.map(
      (agentId) =>
        new AgentGroupNode(
          parentId,
          connectionId,
          agentId,
          store.agentName(connectionId, agentId) ?? agentId,
          triggers.value.filter((t) => (t.agentId ?? '') === agentId).length,
        ),
    );
  }

  protected async childrenOf(element: SidebarNode): Promise<SidebarNode[]> {
    if (!(element instanceof AgentGroupNode)) return [];
    const { store } = this.ctx;
    const actions = store.backend(element.connectionId)?.caps.triggerActions;
    return store
      .triggersOf(element.connectionId, element.agentId)
      .map((trigger) => new TriggerNode(element.id ?? '', element.connectionId, trigger, actions));
  }

  protected onStoreChange(change: StoreChange): void {
    if (change.kind === 'all' || change.kind === 'triggers') this.refreshAll();
  }
}

function rank(order: string[], id: string): number {
  const i = order.indexOf(id);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}
