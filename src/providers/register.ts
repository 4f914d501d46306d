// The sidebar: Agents, Runs and Triggers views over one store, fed by the one Connections instance; the
// sidebar's commands; live updates (polling of shown runs that are going, and statuses from followed streams).
import * as vscode from 'vscode';
import type { Logger } from '../util/logger';
import { config } from '../core/config';
import type { Connections } from '../core/connections';
import type { RunStatusBus } from '../core/run-status';
import { AgentsProvider } from './agents';
import type { BaseProvider } from './base';
import { SidebarClock } from './clock';
import { registerSidebarCommands } from './commands';
import { JSON_SCHEME, JsonDocuments } from './json-documents';
import type { SidebarNode } from './nodes';
import { RunNotifications, type RaisedNotification } from './notifications';
import { defaultOffer, type OfferPrompt } from './open-in-browser';
import { unreachableReason } from './presentation';
import { RunInputEditor } from './run-input-editor';
import { RunsProvider } from './runs';
import { SidebarStore } from './store';
import { TriggersProvider } from './triggers';

export interface SidebarDeps {
  connections: Connections;
  log: Logger;
  runStatus: RunStatusBus;
}

/** What the sidebar exposes on the extension's API (tests and measurements). */
export interface SidebarApi {
  readonly store: SidebarStore;
  readonly agents: AgentsProvider;
  readonly runs: RunsProvider;
  readonly triggers: TriggersProvider;
  readonly notifications: readonly RaisedNotification[];
  /** The tree views (their `message` and `description` are what the user reads above the tree). */
  readonly views: Readonly<Record<'agents' | 'runs' | 'triggers', vscode.TreeView<SidebarNode>>>;
  /** Replaces how external URLs are opened (tests intercept Open Inbox); undefined restores the default. */
  setExternalOpener(opener: ((uri: vscode.Uri) => Thenable<boolean>) | undefined): void;
  /** Replaces the copy-the-URL notification (tests answer it); undefined restores the notification. */
  setUrlOffer(offer: OfferPrompt | undefined): void;
}

export function registerSidebar(context: vscode.ExtensionContext, deps: SidebarDeps): SidebarApi {
  const { connections, log, runStatus } = deps;
  const store = new SidebarStore(connections, {
    log,
    pageSize: () => config.runsPageSize(),
    intervalMs: () => config.refreshIntervalMs(),
    isStreaming: (connectionId, runId) => runStatus.isStreaming(connectionId, runId),
    agentRunsLimit: () => vscode.workspace.getConfiguration('agentos').get<number>('agents.recentRuns', 5),
  });
  context.subscriptions.push({ dispose: () => store.dispose() });

  let cancelSupported = true;
  const providerContext = { store, connections, cancelSupported: () => cancelSupported };
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

  // Polling runs, and the clock that keeps ages and durations current, only while someone can see them.
  const clock = new SidebarClock([agents, runs]);
  context.subscriptions.push(clock);
  const updateVisibility = () => {
    const visible = Object.values(views).some((v) => v.visible);
    store.setVisible(visible);
    clock.setVisible(visible);
  };
  for (const treeView of Object.values(views)) {
    context.subscriptions.push(treeView.onDidChangeVisibility(updateVisibility));
  }
  updateVisibility();

  let lastHealth = new Map<string, string>();
  context.subscriptions.push(
    connections.onDidChange(() => {
      // Sign-in, sign-out, new key or URL: drop what belonged to the old sessions at once. A health change
      // (e.g. Retry after "unreachable") clears failed loads so they are tried again.
      store.syncSessions();
      // A health report that a connection went bad comes from a failed load: keep that failure shown. Any other
      // change (Retry, reload, a connection healthy again) clears failed loads so they are tried again.
      const health = new Map(connections.all().map((s) => [s.connection.id, s.health]));
      const wentBad = [...health].some(
        ([id, h]) => (h === 'unreachable' || h === 'keyRejected') && lastHealth.get(id) !== h,
      );
      lastHealth = health;
      if (!wentBad) store.retryFailed();
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
    runStatus.onDidReport((report) => store.applyStatus(report.connectionId, report.runId, report.status)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('agentos.runs.pageSize')) store.setFilter(store.filter());
      if (event.affectsConfiguration('agentos.runs.refreshIntervalSeconds')) store.schedulePoll();
    }),
  );

  const json = new JsonDocuments();
  const input = new RunInputEditor();
  const notifications = new RunNotifications(store);
  context.subscriptions.push(
    json,
    input,
    notifications,
    vscode.workspace.registerTextDocumentContentProvider(JSON_SCHEME, json),
  );

  const defaultOpener = (uri: vscode.Uri) => vscode.env.openExternal(uri);
  let opener = defaultOpener;
  let offerUrl = defaultOffer;
  registerSidebarCommands(context, {
    connections,
    store,
    log,
    json,
    input,
    openExternal: (uri) => opener(uri),
    offerUrl: (message, warning, action) => offerUrl(message, warning, action),
    setCancelSupported: (value) => {
      cancelSupported = value;
      void vscode.commands.executeCommand('setContext', 'agentos.cancelUnsupported', !value);
      runs.refreshAll();
      agents.refreshAll();
    },
  });

  return {
    store,
    agents,
    runs,
    triggers,
    views,
    notifications: notifications.raised,
    setExternalOpener: (fn) => {
      opener = fn ?? defaultOpener;
    },
    setUrlOffer: (fn) => {
      offerUrl = fn ?? defaultOffer;
    },
  };
}

function publishReason(connections: Connections): void {
  const failing = connections.all().find((s) => s.health === 'unreachable');
  void vscode.commands.executeCommand(
    'setContext',
    'agentos.unreachableReason',
    failing ? unreachableReason(failing.lastError) : '',
  );
}

/** Commands whose feature is still being built say so instead of failing silently. */
export function registerNotYet(context: vscode.ExtensionContext, commands: string[]): void {
  for (const command of commands) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command, () =>
        vscode.window.showInformationMessage(`${command.replace('agentos.', '')} is not available yet.`),
      ),
    );
  }
}
