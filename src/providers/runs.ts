// The Runs view: newest first, paged with a "Load more" node, filtered by agent and/or status (the filter is
// the view's description); under each run, its attempts.
import { BaseProvider, type ProviderContext } from './base';
import type { StoreChange } from '../state/store';
import { LoadMoreNode, MessageNode, RunNode, type SidebarNode, SubRunNode } from './nodes';
import { filterDescription, isFilterEmpty } from './presentation';

export class RunsProvider extends BaseProvider {
  /** Milliseconds from VS Code asking for the first page to the nodes being returned (last cold load). */
  lastFirstPageMs?: number;

  constructor(ctx: ProviderContext) {
    super('agentos.runs', ctx);
  }

  protected override shownConnections(): string[] {
    const all = super.shownConnections();
    const filter = this.ctx.store.filter();
    if (filter.agentId && filter.connectionId && all.includes(filter.connectionId))
      return [filter.connectionId];
    return all;
  }

  protected async connectionChildren(connectionId: string, single: boolean): Promise<SidebarNode[]> {
    const { store } = this.ctx;
    const started = performance.now();
    const cold = store.runList(connectionId).state === 'idle';
    // Agent names for the descriptions; the list does not wait for them when they fail.
    const [list] = await Promise.all([store.ensureRunList(connectionId), store.ensureAgents(connectionId)]);
    if (list.state !== 'loaded') return this.failure(connectionId, single, list, 'runs');
    if (single) this.setMessage(undefined);
    const parentId = `${this.viewId}/${connectionId}`;
    const children: SidebarNode[] = list.value.ids.map((runId) =>
      this.remember(
        `${parentId}/run/${runId}`,
        () => new RunNode(this.runSource, parentId, connectionId, runId),
      ),
    );
    if (children.length === 0) {
      const filtered = !isFilterEmpty(store.filter());
      children.push(
        new MessageNode(
          `${parentId}/empty`,
          filtered ? 'No runs match the filter.' : 'No runs yet. Start one from an agent.',
          { severity: 'info' },
        ),
      );
    }
    if (list.value.next !== undefined || list.value.moreError) {
      children.push(
        new LoadMoreNode(
          this.viewId,
          connectionId,
          list.value.ids.length,
          list.value.total,
          list.value.loadingMore !== undefined,
          list.value.moreError,
        ),
      );
    }
    if (cold) this.lastFirstPageMs = performance.now() - started;
    return children;
  }

  protected async childrenOf(element: SidebarNode): Promise<SidebarNode[]> {
    if (!(element instanceof RunNode)) return [];
    const { connectionId, runId } = element;
    const subRuns = await this.ctx.store.ensureSubRuns(connectionId, runId);
    const base = element.id ?? '';
    if (subRuns.state === 'error')
      return [
        new MessageNode(`${base}/error`, subRuns.message, { severity: 'error', retry: { connectionId } }),
      ];
    if (subRuns.state !== 'loaded') return [];
    const run = element.run;
    const total = Math.max(subRuns.value.length, run?.subRunCount ?? 0);
    return subRuns.value.map((sub) => {
      const current = run?.currentSubRunId ? sub.id === run.currentSubRunId : sub.current;
      return new SubRunNode(base, connectionId, runId, { ...sub, current }, total);
    });
  }

  /** The view's description says what the list is filtered by. */
  updateDescription(): void {
    if (this.treeView) this.treeView.description = filterDescription(this.ctx.store.filter()) || undefined;
  }

  protected onStoreChange(change: StoreChange): void {
    switch (change.kind) {
      case 'all':
      case 'filter':
      case 'runList':
        this.updateDescription();
        this.refreshAll();
        return;
      case 'runs':
        this.refreshRuns(change.connectionId, change.runIds);
        return;
      case 'subRuns':
        this.refreshSubRuns(change.connectionId, change.runId);
        return;
      case 'caps':
        this.refreshAll();
        return;
      default:
        return;
    }
  }
}
