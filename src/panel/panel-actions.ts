// What a Follow Run panel's buttons do besides following: open the inbox, copy the run id, copy or open one event
// whole (fetched again through the backend by its cursor), copy the trace as Markdown, follow another sub-run, open
// a link, sign in, save the events as JSONL (save-events.ts).
import * as vscode from 'vscode';
import { DEFAULT_CONNECTION_ID } from '../core/connection-rules';
import type { Connections } from '../core/connections';
import { fullJson } from '../util/payload';
import type { WebviewMessage } from './protocol';
import type { FollowTarget } from './run-ref';

export interface ActionDeps {
  target: FollowTarget;
  agentId?: string;
  connections: Connections;
  followSubRun(target: FollowTarget): void;
  saveEvents(target: FollowTarget): Promise<unknown>;
}

export async function handlePanelAction(message: WebviewMessage, deps: ActionDeps): Promise<void> {
  const { target } = deps;
  switch (message.type) {
    case 'openInbox':
      await vscode.commands.executeCommand('agentos.openInbox', {
        connectionId: target.connectionId,
        agentId: deps.agentId,
      });
      return;
    case 'copyRunId':
      await vscode.env.clipboard.writeText(target.runId);
      void vscode.window.setStatusBarMessage(`Copied run id ${target.runId}`, 3000);
      return;
    case 'copyEvent': {
      await vscode.env.clipboard.writeText(fullJson(await fetchEvent(deps, message.cursor)));
      void vscode.window.setStatusBarMessage('Copied the event', 3000);
      return;
    }
    case 'openPayload': {
      const content = fullJson(await fetchEvent(deps, message.cursor));
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content });
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return;
    }
    case 'copyTrace':
      await vscode.env.clipboard.writeText(message.markdown);
      void vscode.window.setStatusBarMessage('Copied the trace as Markdown', 3000);
      return;
    case 'followSubRun':
      deps.followSubRun({ ...target, attemptId: message.subRunId });
      return;
    case 'saveEvents':
      await deps.saveEvents(target);
      return;
    case 'openLink':
      await vscode.env.openExternal(vscode.Uri.parse(message.url, true));
      return;
    case 'signIn': {
      const known = deps.connections.configured().find((c) => c.id === target.connectionId);
      await vscode.commands.executeCommand('agentos.signIn', {
        baseUrl: known?.baseUrl,
        name: known && known.id !== DEFAULT_CONNECTION_ID ? known.name : undefined,
      });
      return;
    }
    default:
      return;
  }
}

/** The whole event again: the webview holds only a display copy. */
function fetchEvent(deps: ActionDeps, cursor: string): Promise<unknown> {
  const session = deps.connections.get(deps.target.connectionId);
  if (!session) throw new Error('Signed out: sign in to fetch the event.');
  return session.backend.event({ runId: deps.target.runId, subRunId: deps.target.attemptId }, cursor);
}
