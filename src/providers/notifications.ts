// Notifications for shown runs that reach waiting_for_human, failed or completed (setting
// `agentos.notifications`), with actions to follow the run or open its JSON.
import * as vscode from 'vscode';
import { config } from '../core/config';
import { shortId, shouldNotify, statusLabel } from './presentation';
import type { SidebarStore, StatusChange } from './store';

export interface RaisedNotification {
  connectionId: string;
  runId: string;
  status: string;
  text: string;
}

export class RunNotifications implements vscode.Disposable {
  /** The notifications raised so far (newest last; tests read it). */
  readonly raised: RaisedNotification[] = [];
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: SidebarStore) {
    this.subscription = store.onDidChangeStatus((change) => this.onStatus(change));
  }

  private onStatus({ connectionId, run, previous, source }: StatusChange): void {
    // A followed run's panel announces what its stream tells (with better actions); saying it twice is noise.
    if (source === 'stream') return;
    if (!shouldNotify(previous, run.status, config.notifications())) return;
    const agent = this.store.agentName(connectionId, run.agent_id);
    const what = `Run ${shortId(run.id)}${agent ? ` of "${agent}"` : ''}`;
    const text =
      run.status === 'waiting_for_human'
        ? `${what} is waiting for human input.`
        : `${what} ${statusLabel(run.status)}.`;
    this.raised.push({ connectionId, runId: run.id, status: run.status, text });
    if (this.raised.length > 100) this.raised.shift();
    const show =
      run.status === 'failed'
        ? vscode.window.showErrorMessage
        : run.status === 'waiting_for_human'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    void show(text, 'Follow', 'Show JSON').then((choice) => {
      const target = { connectionId, runId: run.id };
      if (choice === 'Follow') void vscode.commands.executeCommand('agentos.followRun', target);
      else if (choice === 'Show JSON') void vscode.commands.executeCommand('agentos.showJson', target);
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
