// An approval notification and what its buttons do: Allow (All) answers each waiting tool use, Deny (All) asks
// for an optional reason first (Escape keeps the tool uses waiting), Show reveals the session's panel or opens one.
// A failed answer is its own error notification, naming the tools, the session and the reason.
import * as vscode from 'vscode';
import type { ApprovalCheck, ApprovalWatch } from '../state/approval-watch';
import type { LiveStore } from '../state/store';
import type { Logger } from '../util/logger';
import { answerEach } from './approval-answer';
import {
  answerFailureText,
  approvalActions,
  approvalText,
  sessionLabel,
  toolLine,
  type ApprovalSubject,
} from './approval-text';
import type { FollowedRuns, RaisedNotification } from './notifications';

export interface ApprovalPromptDeps {
  store: LiveStore;
  approvals: ApprovalWatch;
  followed(): FollowedRuns | undefined;
  log: Logger;
  /** Shows a notification (and keeps it in `raised`). */
  raise(notification: RaisedNotification, severity: 'error' | 'warning'): void;
}

export function approvalNotification(check: ApprovalCheck, deps: ApprovalPromptDeps): RaisedNotification {
  const { connectionId, run, pending } = check;
  const subject: ApprovalSubject = {
    kind: deps.store.backend(connectionId)?.kind ?? 'claude',
    runId: run.id,
    title: run.title,
    agentName: run.agentName ?? deps.store.agentName(connectionId, run.agentId),
    pending,
  };
  const actions = approvalActions(pending.length);

  const answer = async (allow: boolean, reason?: string): Promise<void> => {
    const outcome = await answerEach(deps.store.backend(connectionId), run.id, pending, allow, reason);
    deps.approvals.answered(
      connectionId,
      run.id,
      outcome.answered.map((a) => a.id),
    );
    for (const a of outcome.answered)
      deps.log.info(`${allow ? 'Allowed' : 'Denied'} ${toolLine(a)} in ${sessionLabel(subject)}.`);
    if (outcome.failures.length === 0) return;
    const text = answerFailureText(allow, subject, outcome.failures);
    deps.log.error(text);
    deps.raise(
      {
        kind: 'answerFailed',
        connectionId,
        runId: run.id,
        status: run.status,
        text,
        actions: ['Show'],
        choose: async (action) => {
          if (action === 'Show') await show();
        },
      },
      'error',
    );
  };

  const show = async (): Promise<void> => {
    const followed = deps.followed();
    if (followed?.isFollowed(connectionId, run.id)) followed.reveal(connectionId, run.id);
    else await vscode.commands.executeCommand('agentos.followRun', { connectionId, runId: run.id });
  };

  return {
    kind: 'approval',
    connectionId,
    runId: run.id,
    status: run.status,
    text: approvalText(subject),
    actions: [actions.allow, actions.deny, actions.show],
    choose: async (action, input) => {
      if (action === actions.allow) await answer(true);
      else if (action === actions.deny) {
        const reason =
          input?.reason ??
          (await vscode.window.showInputBox({
            title: `Deny ${pending.length > 1 ? `${pending.length} tool uses` : toolLine(pending[0] ?? { tool: 'the tool use', input: '' })}`,
            prompt: 'Why not? The agent reads this (optional). Escape keeps it waiting.',
            ignoreFocusOut: true,
          }));
        if (reason === undefined) return;
        await answer(false, reason);
      } else if (action === actions.show) await show();
    },
  };
}
