// Wiring only: create the shared pieces (log, connections), register views and commands, and return.
// No network and no awaits on I/O here — connections load in the background and trees load lazily
// when VS Code asks for their children.
import * as vscode from 'vscode';
import { affectsConnections } from './core/config';
import { Connections } from './core/connections';
import { loggerFor } from './core/log';
import { RunStatusBus } from './core/run-status';
import { HANDED_OVER_KEY, sandboxKeyToStore } from './core/sandbox-key';
import { registerConnectionCommands } from './core/sign-in';
import { registerFollowRun, type FollowRunApi } from './panel/register';
import { registerSidebar, type SidebarApi } from './providers/register';

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

  const runStatus = new RunStatusBus();
  context.subscriptions.push(runStatus);

  registerConnectionCommands(context, connections);
  const sidebar = registerSidebar(context, { connections, log, runStatus });
  const followRun = registerFollowRun(context, { connections, log, channel, runStatus });

  const activationMs = performance.now() - started;
  log.info(
    `AgentOS activated in ${activationMs.toFixed(1)} ms (module loaded ${(started - moduleLoaded).toFixed(1)} ms earlier; VS Code ${vscode.version})`,
  );
  return { activationMs, connections, sidebar, followRun };
}

export function deactivate(): void {}
