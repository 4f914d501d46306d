// Follow Run: the live timeline panel, its log lines and the status bar item.
import type * as vscode from 'vscode';
import type { Logger } from '../api/logger';
import type { Connections } from '../core/connections';
import type { RunStatusBus } from '../core/run-status';
import { registerNotYet } from '../providers/register';

export interface FollowDeps {
  connections: Connections;
  log: Logger;
  runStatus: RunStatusBus;
  channel: vscode.LogOutputChannel;
}

export function registerFollowRun(context: vscode.ExtensionContext, _deps: FollowDeps): void {
  registerNotYet(context, ['agentos.followRun', 'agentos.followAttempt']);
}
