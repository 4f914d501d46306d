// The sidebar: Agents, Runs and Triggers views, all fed by the one Connections instance.
import * as vscode from 'vscode';
import type { Logger } from '../api/logger';
import type { Connections } from '../core/connections';
import type { RunStatusBus } from '../core/run-status';

export interface SidebarDeps {
  connections: Connections;
  log: Logger;
  runStatus: RunStatusBus;
}

export function registerSidebar(context: vscode.ExtensionContext, _deps: SidebarDeps): void {
  const emptyTree: vscode.TreeDataProvider<never> = { getTreeItem: (item) => item, getChildren: () => [] };
  for (const viewId of ['agentos.agents', 'agentos.runs', 'agentos.triggers']) {
    context.subscriptions.push(vscode.window.createTreeView(viewId, { treeDataProvider: emptyTree }));
  }
  registerNotYet(context, [
    'agentos.refresh',
    'agentos.startRun',
    'agentos.cancelRun',
    'agentos.openInbox',
    'agentos.showRunsForAgent',
    'agentos.filterRuns',
    'agentos.clearRunFilter',
    'agentos.copyId',
    'agentos.showJson',
    'agentos.showCheckpoints',
  ]);
}

/** Commands whose feature is still being built say so instead of failing silently. */
export function registerNotYet(context: vscode.ExtensionContext, commands: string[]): void {
  for (const command of commands) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command, () =>
        vscode.window.showInformationMessage(
          `AgentOS: ${command.replace('agentos.', '')} is not available yet.`,
        ),
      ),
    );
  }
}
