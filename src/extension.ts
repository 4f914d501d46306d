// Wiring only: create the shared pieces, register views and commands, and return. No network and no awaits
// on I/O here — trees load lazily when VS Code asks for their children.
import * as vscode from 'vscode';

const activationStart = performance.now();

export interface AgentOsExtensionApi {
  /** Milliseconds spent inside activate(), measured by the extension itself. */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): AgentOsExtensionApi {
  const log = vscode.window.createOutputChannel('AgentOS', { log: true });
  context.subscriptions.push(log);

  const emptyTree: vscode.TreeDataProvider<never> = { getTreeItem: (item) => item, getChildren: () => [] };
  for (const viewId of ['agentos.agents', 'agentos.runs', 'agentos.triggers']) {
    context.subscriptions.push(vscode.window.createTreeView(viewId, { treeDataProvider: emptyTree }));
  }
  void vscode.commands.executeCommand('setContext', 'agentos.state', 'signedOut');

  const notYet = (name: string) => () =>
    vscode.window.showInformationMessage(`AgentOS: ${name} is not available yet.`);
  for (const command of (context.extension.packageJSON.contributes?.commands ?? []) as {
    command: string;
    title: string;
  }[]) {
    context.subscriptions.push(vscode.commands.registerCommand(command.command, notYet(command.title)));
  }

  const activationMs = performance.now() - activationStart;
  log.info(`AgentOS activated in ${activationMs.toFixed(1)} ms (VS Code ${vscode.version})`);
  return { activationMs };
}

export function deactivate(): void {}
