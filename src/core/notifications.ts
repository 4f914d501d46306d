// The one place that decides run notifications (setting `agentos.notifications`): a run that fails or waits for a
// person, and (at "all") one that completes — whether the server's answers or a followed run's stream said so.
// A run of a backend that tells which tool uses wait for approval is decided after asking (approval-watch.ts):
// the tool uses, with Allow, Deny and Show (approval-prompt.ts), or else the plain wait. A stream's replay of old
// events is not news; a run whose panel is in front says it there; each change once, each pending set once.
import * as vscode from 'vscode';
import type { ApprovalCheck, ApprovalWatch } from '../state/approval-watch';
import type { LiveStore, StatusChange } from '../state/store';
import type { Logger } from '../util/logger';
import { errorMessage } from '../net/errors';
import { shortId, shouldNotify, statusLabel } from '../providers/presentation';
import { approvalNotification } from './approval-prompt';
import { config } from './config';

export interface RaisedNotification {
  /** A status change, tool uses waiting for approval, or an answer to them that failed. */
  kind: 'status' | 'approval' | 'answerFailed';
  connectionId: string;
  runId: string;
  status: string;
  text: string;
  actions: string[];
  /** Does what the button does (a click calls it; tests press buttons this way). Deny may take its reason. */
  choose(action: string, input?: { reason?: string }): Promise<void>;
}

/** What the notifier needs to know about Follow Run panels. */
export interface FollowedRuns {
  /** A panel follows the run. */
  isFollowed(connectionId: string, runId: string): boolean;
  /** That panel is the active editor: the person sees the change already. */
  isInFront(connectionId: string, runId: string): boolean;
  reveal(connectionId: string, runId: string): void;
}

const SHOW = {
  error: vscode.window.showErrorMessage,
  warning: vscode.window.showWarningMessage,
  info: vscode.window.showInformationMessage,
} as const;

export class RunNotifier implements vscode.Disposable {
  /** The notifications raised so far (newest last; tests read it). */
  readonly raised: RaisedNotification[] = [];
  private readonly subscriptions: { dispose(): void }[];
  private followed?: FollowedRuns;

  constructor(
    private readonly store: LiveStore,
    private readonly approvals: ApprovalWatch,
    private readonly log: Logger,
  ) {
    this.subscriptions = [
      store.onDidChangeStatus((change) => this.onStatus(change)),
      approvals.onDidCheck((check) => this.onApprovalCheck(check)),
    ];
  }

  setFollowedRuns(followed: FollowedRuns): void {
    this.followed = followed;
  }

  private onStatus(change: StatusChange): void {
    // Waiting for what? The approval watch asks, then says (onApprovalCheck).
    if (change.run.state === 'waiting' && this.approvals.covers(change.connectionId)) return;
    this.notifyStatus(change);
  }

  private onApprovalCheck(check: ApprovalCheck): void {
    if (check.news.length === 0) {
      // Nothing to allow or deny: the plain wait, as for any run.
      if (check.change && check.pending.length === 0) this.notifyStatus(check.change);
      return;
    }
    if (config.notifications() === 'off') return;
    // The panel in front shows the cards.
    if (this.followed?.isInFront(check.connectionId, check.run.id)) return;
    const notification = approvalNotification(check, {
      store: this.store,
      approvals: this.approvals,
      followed: () => this.followed,
      log: this.log,
      raise: (n, severity) => this.raise(n, severity),
    });
    this.raise(notification, 'warning');
  }

  private notifyStatus({ connectionId, run, previous, source, fresh }: StatusChange): void {
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
    const target = { connectionId, runId: run.id };
    const choose = async (choice: string): Promise<void> => {
      if (choice === 'Show Run') this.followed?.reveal(connectionId, run.id);
      else if (choice === 'Follow') await vscode.commands.executeCommand('agentos.followRun', target);
      else if (choice === 'Show JSON') await vscode.commands.executeCommand('agentos.showJson', target);
      else if (choice === 'Open Inbox')
        await vscode.commands.executeCommand('agentos.openInbox', { connectionId, agentId: run.agentId });
    };
    const severity = run.state === 'failed' ? 'error' : waiting ? 'warning' : 'info';
    this.raise(
      { kind: 'status', connectionId, runId: run.id, status: run.status, text, actions, choose },
      severity,
    );
  }

  private raise(notification: RaisedNotification, severity: keyof typeof SHOW): void {
    this.raised.push(notification);
    if (this.raised.length > 100) this.raised.shift();
    void SHOW[severity](notification.text, ...notification.actions).then((choice) => {
      if (choice)
        notification
          .choose(choice)
          .catch((error: unknown) => this.log.error(`${choice}: ${errorMessage(error)}`));
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
