// Wiring only: create the shared pieces (log, connections, the store and its poller, notifications), register views
// and commands, and return. No network and no awaits on I/O here — connections load in the background and trees
// load lazily when VS Code asks for their children.
import * as vscode from 'vscode';
import { affectsConnections, config } from './core/config';
import { Connections } from './core/connections';
import { loggerFor } from './core/log';
import { RunNotifier } from './core/notifications';
import { HANDED_OVER_KEY, sandboxKeyToStore } from './core/sandbox-key';
import { registerConnectionCommands } from './core/sign-in';
import { registerFollowRun, type FollowRunApi } from './panel/register';
import { registerSidebar, type SidebarApi } from './providers/register';
import { ApprovalWatch } from './state/approval-watch';
import { Poller } from './state/poller';
import { LiveStore } from './state/store';

const moduleLoaded = performance.now();

export interface AgentOsExtensionApi {
  /** Milliseconds spent inside activate(), measured by the extension itself. */
  readonly activationMs: number;
  /** For tests and other extensions: the live connections (read-only use). */
  readonly connections: Connections;
  /** For tests: the sidebar's store, tree providers and views. */
  readonly sidebar: SidebarApi;
  /** For tests and benchmarks: the followed-run panels (not a stable API). */
  readonly followRun: FollowRunApi;
  /** For tests: the notifications raised so far. */
  readonly notifier: RunNotifier;
}

export function activate(context: vscode.ExtensionContext): AgentOsExtensionApi {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('AgentOS', { log: true });
  context.subscriptions.push(channel);
  const log = loggerFor(channel);

  const offer = sandboxKeyToStore(
    context.extensionMode === vscode.ExtensionMode.Development,
    process.env,
    context.globalState.get<string>(HANDED_OVER_KEY),
  );
  const connections = new Connections(
    context.secrets,
    log,
    context.extension.packageJSON.version,
    offer && { offer, handedOver: (start) => context.globalState.update(HANDED_OVER_KEY, start) },
  );
  context.subscriptions.push(
    connections,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsConnections(event)) void connections.reload();
    }),
  );

  // The one store of live state, and what keeps it fresh; a sign-out drops the connection's slice at once.
  const store = new LiveStore(connections, {
    log,
    pageSize: () => config.runsPageSize(),
    agentRunsLimit: () => config.agentRecentRuns(),
  });
  const poller = new Poller(store, { log, intervalMs: () => config.refreshIntervalMs() });
  // Which known runs wait for a person's approval (asked of backends that can tell), for notifications and the
  // status bar.
  const approvals = new ApprovalWatch(store, log);
  const notifier = new RunNotifier(store, approvals, log);
  // Runs loaded, changed or watched may give the poller something to do.
  const storeChanges = store.onDidChange(() => poller.schedule());
  const storeLoads = store.onDidLoad(() => poller.schedule());
  context.subscriptions.push(
    { dispose: () => storeChanges.dispose() },
    { dispose: () => storeLoads.dispose() },
    { dispose: () => poller.dispose() },
    { dispose: () => approvals.dispose() },
    { dispose: () => store.dispose() },
    notifier,
    connections.onDidChange(() => store.syncSessions()),
  );

  registerConnectionCommands(context, connections);
  const sidebar = registerSidebar(context, { connections, store, poller, log });
  const followRun = registerFollowRun(context, {
    connections,
    store,
    approvals,
    log,
    channel,
    probes: context.extensionMode === vscode.ExtensionMode.Test,
  });
  notifier.setFollowedRuns(followRun.manager);

  const activationMs = performance.now() - started;
  log.info(
    `AgentOS activated in ${activationMs.toFixed(1)} ms (module loaded ${(started - moduleLoaded).toFixed(1)} ms earlier; VS Code ${vscode.version})`,
  );
  return { activationMs, connections, sidebar, followRun: followRun.api, notifier };
}

export function deactivate(): void {}
