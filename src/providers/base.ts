// What the three tree providers share: the root (one node per connection when there are several, else the
// connection's own children), error and empty states, node identity (so one run or agent node can be refreshed
// alone) and a data view of the tree for tests.
import * as vscode from 'vscode';
import type { Connections } from '../core/connections';
import type { Loaded } from '../state/loaded';
import type { LiveStore, StoreChange } from '../state/store';
import {
  ConnectionNode,
  MessageNode,
  RunNode,
  type HealthLike,
  type NodeData,
  type RunSource,
  SidebarNode,
} from './nodes';

export interface ProviderContext {
  store: LiveStore;
  connections: Connections;
}

export abstract class BaseProvider implements vscode.TreeDataProvider<SidebarNode>, vscode.Disposable {
  protected readonly emitter = new vscode.EventEmitter<SidebarNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** Nodes that can be refreshed alone, by id. Cleared on a full refresh. */
  protected readonly nodes = new Map<string, SidebarNode>();
  protected readonly disposables: vscode.Disposable[] = [];
  treeView?: vscode.TreeView<SidebarNode>;

  constructor(
    readonly viewId: string,
    protected readonly ctx: ProviderContext,
  ) {
    const sub = ctx.store.onDidChange((change) => this.onStoreChange(change));
    this.disposables.push({ dispose: () => sub.dispose() }, this.emitter);
  }

  getTreeItem(element: SidebarNode): vscode.TreeItem {
    return element;
  }

  async getChildren(element?: SidebarNode): Promise<SidebarNode[]> {
    if (!element) return this.rootChildren();
    if (element instanceof ConnectionNode) return this.connectionChildren(element.connectionId, false);
    return this.childrenOf(element);
  }

  /** The connections this view shows (the Runs view narrows to the filtered agent's connection). */
  protected shownConnections(): string[] {
    return this.ctx.store.connections().map((s) => s.connection.id);
  }

  private async rootChildren(): Promise<SidebarNode[]> {
    await this.ctx.connections.whenLoaded();
    const ids = this.shownConnections();
    if (ids.length === 0) {
      this.setMessage(undefined);
      return [];
    }
    if (ids.length > 1) {
      this.setMessage(undefined);
      return ids.map((id) => {
        const session = this.ctx.connections.get(id);
        return new ConnectionNode(
          this.viewId,
          id,
          session?.connection.name ?? id,
          session?.connection.baseUrl ?? 'http://unknown',
          (session?.health ?? 'unknown') as HealthLike,
        );
      });
    }
    return this.connectionChildren(ids[0] as string, true);
  }

  protected abstract connectionChildren(connectionId: string, single: boolean): Promise<SidebarNode[]>;
  protected abstract childrenOf(element: SidebarNode): Promise<SidebarNode[]>;
  protected abstract onStoreChange(change: StoreChange): void;

  /**
   * Turns a failed load into what the view shows: with one connection whose server is unreachable or rejected
   * the key, nothing (so the welcome content with the reason and Retry / Sign In Again shows); otherwise an error node with the message and a retry command.
   */
  protected failure(
    connectionId: string,
    single: boolean,
    loaded: Loaded<unknown>,
    what: string,
  ): SidebarNode[] {
    if (loaded.state !== 'error') {
      if (single) this.setMessage(undefined);
      return [];
    }
    const health = this.ctx.connections.get(connectionId)?.health;
    if (single && (health === 'unreachable' || health === 'keyRejected')) {
      // An empty tree lets the welcome content (reason + Retry / Sign In Again) show; a view message would hide it.
      this.setMessage(undefined);
      return [];
    }
    return [
      new MessageNode(`${this.viewId}/${connectionId}/error/${what}`, loaded.message, {
        severity: 'error',
        retry: { connectionId },
        detail: `Loading ${what} failed: ${loaded.message}`,
      }),
    ];
  }

  protected setMessage(message: string | undefined): void {
    if (this.treeView && this.treeView.message !== message) this.treeView.message = message;
  }

  protected remember<T extends SidebarNode>(id: string, create: () => T): T {
    const existing = this.nodes.get(id) as T | undefined;
    if (existing) {
      existing.update();
      return existing;
    }
    const node = create();
    this.nodes.set(id, node);
    return node;
  }

  /** Refreshes the whole view. */
  refreshAll(): void {
    this.nodes.clear();
    this.emitter.fire(undefined);
  }

  /** Refreshes the given nodes only (those VS Code has been handed). */
  protected refreshNodes(nodes: Iterable<SidebarNode>): void {
    for (const node of nodes) {
      node.update();
      this.emitter.fire(node);
    }
  }

  /**
   * The sidebar's clock: the nodes whose ages or running durations changed by `now` re-render, and VS Code is told
   * about those only. A node skips ticks until its text can change, so ten thousand day-old runs cost a comparison.
   */
  tick(now: number): void {
    for (const node of this.nodes.values()) if (node.refreshTime(now)) this.emitter.fire(node);
  }

  /** What run nodes read: the store. */
  protected readonly runSource: RunSource = {
    run: (c, r) => this.ctx.store.run(c, r),
    agentName: (c, a) => this.ctx.store.agentName(c, a),
    canCancel: (c) => this.ctx.store.canCancel(c),
    hasCheckpoints: (c) => this.ctx.store.backend(c)?.caps.checkpoints === true,
    canArchive: (c) => this.ctx.store.backend(c)?.caps.archive === true,
    canDelete: (c) => this.ctx.store.backend(c)?.caps.delete === true,
  };

  /** A run's sub-runs changed (a count, a status): its children are shown again. */
  protected refreshSubRuns(connectionId: string, runId: string): void {
    for (const node of this.nodes.values()) {
      if (node instanceof RunNode && node.connectionId === connectionId && node.runId === runId)
        this.emitter.fire(node);
    }
  }

  /** Refreshes the nodes of these runs that this view shows (both the Agents and the Runs view show runs). */
  protected refreshRuns(connectionId: string, runIds: readonly string[]): void {
    const ids = new Set(runIds);
    this.refreshNodes(
      [...this.nodes.values()].filter(
        (n) => n instanceof RunNode && n.connectionId === connectionId && ids.has(n.runId),
      ),
    );
  }

  /** The tree as data, expanded `depth` levels (tests and measurements). */
  async snapshot(depth = 1, element?: SidebarNode): Promise<(NodeData & { children?: NodeData[] })[]> {
    const children = await this.getChildren(element);
    const out: (NodeData & { children?: NodeData[] })[] = [];
    for (const child of children) {
      const data: NodeData & { children?: NodeData[] } = child.data();
      if (depth > 1 && data.collapsible) data.children = await this.snapshot(depth - 1, child);
      out.push(data);
    }
    return out;
  }

  /** The node objects themselves (tests pass them to commands as the context menu would). */
  async childNodes(element?: SidebarNode): Promise<SidebarNode[]> {
    return this.getChildren(element);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
