// The Triggers view: triggers grouped by agent, each with its type icon, enabled state and a config summary
// that never shows a secret; Chatwoot-type triggers carry an inline Open Inbox. Where the backend keeps a trigger's
// history (Managed Agents deployments), a trigger expands to its firings, newest first, paged.
import { BaseProvider, type ProviderContext } from './base';
import {
  AgentGroupNode,
  LoadMoreNode,
  MessageNode,
  type SidebarNode,
  TriggerNode,
  TriggerRunNode,
  type TriggerRunSource,
} from './nodes';
import type { StoreChange } from '../state/store';

export class TriggersProvider extends BaseProvider {
  constructor(ctx: ProviderContext) {
    super('agentos.triggers', ctx);
  }

  private readonly triggerRunSource: TriggerRunSource = {
    run: (c, r) => this.ctx.store.run(c, r),
  };

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
    if (element instanceof TriggerNode) return this.firingsOf(element);
    if (!(element instanceof AgentGroupNode)) return [];
    const { store } = this.ctx;
    const caps = store.backend(element.connectionId)?.caps;
    return store.triggersOf(element.connectionId, element.agentId).map((trigger) => {
      const node = new TriggerNode(
        element.id ?? '',
        element.connectionId,
        trigger,
        caps?.triggerActions,
        caps?.triggerRuns,
      );
      // Kept by id, so a change of its firings refreshes this very node.
      this.nodes.set(node.id ?? '', node);
      return node;
    });
  }

  /** A trigger's firings, newest first, and "Load more" while the server has older ones. */
  private async firingsOf(element: TriggerNode): Promise<SidebarNode[]> {
    const { store } = this.ctx;
    const { connectionId, trigger } = element;
    const base = element.id ?? '';
    const loaded = await store.ensureTriggerRuns(connectionId, trigger.id);
    if (loaded.state === 'error')
      return [
        new MessageNode(`${base}/error`, loaded.message, { severity: 'error', retry: { connectionId } }),
      ];
    if (loaded.state !== 'loaded') return [];
    const { items, next, loadingMore, moreError } = loaded.value;
    const children: SidebarNode[] = items.map((fired) =>
      this.remember(
        `${base}/fired/${fired.id}`,
        () => new TriggerRunNode(this.triggerRunSource, base, connectionId, fired, trigger.name),
      ),
    );
    if (children.length === 0)
      children.push(new MessageNode(`${base}/empty`, 'Not fired yet.', { severity: 'info' }));
    if (next !== undefined || moreError)
      children.push(
        new LoadMoreNode(
          this.viewId,
          connectionId,
          items.length,
          undefined,
          loadingMore !== undefined,
          moreError,
          {
            nodeId: base,
            triggerId: trigger.id,
          },
        ),
      );
    return children;
  }

  protected onStoreChange(change: StoreChange): void {
    switch (change.kind) {
      case 'all':
      case 'triggers':
        this.refreshAll();
        return;
      case 'triggerRuns':
        for (const node of this.nodes.values())
          if (
            node instanceof TriggerNode &&
            node.connectionId === change.connectionId &&
            node.trigger.id === change.triggerId
          )
            this.emitter.fire(node);
        return;
      case 'runs': {
        // A run a firing started changed (its status shows on the firing).
        const ids = new Set(change.runIds);
        this.refreshNodes(
          [...this.nodes.values()].filter(
            (n) =>
              n instanceof TriggerRunNode && n.connectionId === change.connectionId && ids.has(n.runId ?? ''),
          ),
        );
        return;
      }
      default:
        return;
    }
  }
}

function rank(order: string[], id: string): number {
  const i = order.indexOf(id);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}
