// The one place that decides run notifications (setting `agentos.notifications`): a run that fails or waits for a
// person, and (at "all") one that completes — whether the server's answers or a followed run's stream said so.
// A stream's replay of old events is not news; a run whose panel is in front says it there; each change once.
import * as vscode from 'vscode';
import type { LiveStore, StatusChange } from '../state/store';
import { shortId, shouldNotify, statusLabel } from '../providers/presentation';
import { config } from './config';

export interface RaisedNotification {
  connectionId: string;
  runId: string;
  status: string;
  text: string;
  actions: string[];
}

/** What the notifier needs to know about Follow Run panels. */
export interface FollowedRuns {
  /** A panel follows the run. */
  isFollowed(connectionId: string, runId: string): boolean;
  /** That panel is the active editor: the person sees the change already. */
  isInFront(connectionId: string, runId: string): boolean;
  reveal(connectionId: string, runId: string): void;
}

export class RunNotifier implements vscode.Disposable {
  /** The notifications raised so far (newest last; tests read it). */
  readonly raised: RaisedNotification[] = [];
  private readonly subscription: { dispose(): void };
  private followed?: FollowedRuns;

  constructor(private readonly store: LiveStore) {
    this.subscription = store.onDidChangeStatus((change) => this.onStatus(change));
  }

  setFollowedRuns(followed: FollowedRuns): void {
    this.followed = followed;
  }

  private onStatus({ connectionId, run, previous, source, fresh }: StatusChange): void {
    if (source === 'stream' && !fresh) return;
    if (!shouldNotify(previous, run, config.notifications())) return;
    if (this.followed?.isInFront(connectionId, run.id)) return;
    const agent = run.agentName ?? this.store.agentName(connectionId, run.agentId);
    const what = agent ? `${agent} (run ${shortId(run.id)})` : `Run ${shortId(run.id)}`;
    const waiting = run.state === 'waiting';
    const text = waiting ? `${what} is waiting for human input.` : `${what} ${statusLabel(run.status)}.`;
    const followed = this.followed?.isFollowed(connectionId, run.id) === true;
    const actions = followed ? ['Show Run'] : ['Follow', 'Show JSON'];
    if (waiting && this.store.hasInbox(connectionId, run.agentId)) actions.push('Open Inbox');
    this.raised.push({ connectionId, runId: run.id, status: run.status, text, actions });
    if (this.raised.length > 100) this.raised.shift();
    const show =
      run.state === 'failed'
        ? vscode.window.showErrorMessage
        : waiting
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    void show(text, ...actions).then((choice) => {
      const target = { connectionId, runId: run.id };
      if (choice === 'Show Run') this.followed?.reveal(connectionId, run.id);
      else if (choice === 'Follow') void vscode.commands.executeCommand('agentos.followRun', target);
      else if (choice === 'Show JSON') void vscode.commands.executeCommand('agentos.showJson', target);
      else if (choice === 'Open Inbox')
        void vscode.commands.executeCommand('agentos.openInbox', { connectionId, agentId: run.agentId });
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
