// The sidebar: Agents, Runs and Triggers views over the one store, the sidebar's commands, and what keeps it
// current while someone looks (the poller, the clock). The store and poller are the extension's; this wires views.
import * as vscode from 'vscode';
import type { Connections } from '../core/connections';
import type { Poller } from '../state/poller';
import type { LiveStore } from '../state/store';
import type { Logger } from '../util/logger';
import { AgentsProvider } from './agents';
import type { BaseProvider } from './base';
import { SidebarClock } from './clock';
import { modalConfirm, registerSidebarCommands, type ConfirmPrompt } from './commands';
import { JSON_SCHEME, JsonDocuments } from './json-documents';
import type { SidebarNode } from './nodes';
import { defaultOffer, type OfferPrompt } from './open-in-browser';
import { unreachableReason } from './presentation';
import { RunInputEditor } from './run-input-editor';
import { RunsProvider } from './runs';
import { TriggersProvider } from './triggers';

export interface SidebarDeps {
  connections: Connections;
  store: LiveStore;
  poller: Poller;
  log: Logger;
}

/** What the sidebar exposes on the extension's API (tests and measurements). */
export interface SidebarApi {
  readonly store: LiveStore;
  readonly poller: Poller;
  readonly agents: AgentsProvider;
  readonly runs: RunsProvider;
  readonly triggers: TriggersProvider;
  /** The tree views (their `message` and `description` are what the user reads above the tree). */
  readonly views: Readonly<Record<'agents' | 'runs' | 'triggers', vscode.TreeView<SidebarNode>>>;
  /** Replaces how external URLs are opened (tests intercept Open Inbox); undefined restores the default. */
  setExternalOpener(opener: ((uri: vscode.Uri) => Thenable<boolean>) | undefined): void;
  /** Replaces the copy-the-URL notification (tests answer it); undefined restores the notification. */
  setUrlOffer(offer: OfferPrompt | undefined): void;
  /** Replaces the modal confirmation of Delete Run (tests answer it); undefined restores the dialog. */
  setConfirm(confirm: ConfirmPrompt | undefined): void;
}

export function registerSidebar(context: vscode.ExtensionContext, deps: SidebarDeps): SidebarApi {
  const { connections, store, poller, log } = deps;
  const providerContext = { store, connections };
  const agents = new AgentsProvider(providerContext);
  const runs = new RunsProvider(providerContext);
  const triggers = new TriggersProvider(providerContext);
  const providers: BaseProvider[] = [agents, runs, triggers];
  context.subscriptions.push(...providers);

  const view = (provider: BaseProvider) => {
    const treeView = vscode.window.createTreeView(provider.viewId, {
      treeDataProvider: provider,
      showCollapseAll: provider !== triggers,
    });
    provider.treeView = treeView;
    context.subscriptions.push(treeView);
    return treeView;
  };
  const views = { agents: view(agents), runs: view(runs), triggers: view(triggers) };
  runs.updateDescription();

  // Polling shown runs, and the clock that keeps ages and durations current, only while someone can see them.
  const clock = new SidebarClock([agents, runs, triggers]);
  context.subscriptions.push(clock);
  const updateVisibility = () => {
    const visible = Object.values(views).some((v) => v.visible);
    poller.setVisible(visible);
    clock.setVisible(visible);
  };
  for (const treeView of Object.values(views)) {
    context.subscriptions.push(treeView.onDidChangeVisibility(updateVisibility));
  }
  updateVisibility();

  let lastHealth = new Map<string, string>();
  context.subscriptions.push(
    connections.onDidChange(() => {
      // A health report that a connection went bad comes from a failed load: keep that failure shown. Any other
      // change (Retry, reload, a connection healthy again) clears failed loads so they are tried again.
      const health = new Map(connections.all().map((s) => [s.connection.id, s.health]));
      const wentBad = [...health].some(
        ([id, h]) => (h === 'unreachable' || h === 'keyRejected') && lastHealth.get(id) !== h,
      );
      lastHealth = health;
      if (!wentBad) {
        store.retryFailed();
        poller.resetBackoff();
      }
      publishReason(connections);
    }),
    store.onDidChange((change) => {
      if (change.kind === 'filter' || change.kind === 'all') {
        const f = store.filter();
        void vscode.commands.executeCommand(
          'setContext',
          'agentos.runFilterActive',
          Boolean(f.agentId || f.status),
        );
      }
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('agentos.runs.pageSize')) store.setFilter(store.filter());
      if (event.affectsConfiguration('agentos.runs.refreshIntervalSeconds')) poller.schedule();
    }),
  );

  const json = new JsonDocuments();
  const input = new RunInputEditor();
  context.subscriptions.push(
    json,
    input,
    vscode.workspace.registerTextDocumentContentProvider(JSON_SCHEME, json),
  );

  const defaultOpener = (uri: vscode.Uri) => vscode.env.openExternal(uri);
  let opener = defaultOpener;
  let offerUrl = defaultOffer;
  let confirm = modalConfirm;
  registerSidebarCommands(context, {
    connections,
    store,
    log,
    json,
    input,
    openExternal: (uri) => opener(uri),
    offerUrl: (message, warning, action) => offerUrl(message, warning, action),
    confirm: (message, detail, action) => confirm(message, detail, action),
  });

  return {
    store,
    poller,
    agents,
    runs,
    triggers,
    views,
    setExternalOpener: (fn) => {
      opener = fn ?? defaultOpener;
    },
    setUrlOffer: (fn) => {
      offerUrl = fn ?? defaultOffer;
    },
    setConfirm: (fn) => {
      confirm = fn ?? modalConfirm;
    },
  };
}

function publishReason(connections: Connections): void {
  const failing = connections.all().find((s) => s.health === 'unreachable');
  void vscode.commands.executeCommand(
    'setContext',
    'agentos.unreachableReason',
    failing ? unreachableReason(failing.lastFailure) : '',
  );
}
