// The sidebar's commands, one file per group. Each takes the node it was invoked on (context menu, inline button)
// or a plain object with the same fields, so scripts and tests can drive it without prompts; from the palette it
// asks. Results are returned so tests can check what happened.
import * as vscode from 'vscode';
import { config } from '../../core/config';
import type { JsonDocuments } from '../json-documents';
import type { RunInputEditor } from '../run-input-editor';
import { registerArchiveDeleteRun, type ConfirmPrompt } from './archive-delete-run';
import { registerCancelRun } from './cancel-run';
import { commandContext, type CommandContext } from './context';
import { registerCopyJsonCommands } from './copy-json';
import { registerOpenInbox, type BrowserDeps } from './open-inbox';
import { registerRunsListCommands } from './runs-list';
import { registerStartRun } from './start-run';
import { registerTriggerActions } from './trigger-actions';

export type { ConfirmPrompt } from './archive-delete-run';
export { modalConfirm } from './archive-delete-run';
export type { Target } from './context';
export type { InboxResult } from './open-inbox';
export type { StartRunArgs, StartRunResult } from './start-run';

export interface SidebarCommandDeps extends Omit<CommandContext, 'register'>, BrowserDeps {
  json: JsonDocuments;
  input: RunInputEditor;
  /** Asks before what cannot be undone (Delete Run). */
  confirm: ConfirmPrompt;
}

export function registerSidebarCommands(context: vscode.ExtensionContext, deps: SidebarCommandDeps): void {
  const ctx = commandContext(context, deps);
  registerRunsListCommands(ctx);
  registerCopyJsonCommands(ctx, deps.json);
  registerCancelRun(ctx);
  registerArchiveDeleteRun(ctx, deps.confirm);
  registerStartRun(ctx, deps.input);
  registerOpenInbox(ctx, deps);
  registerTriggerActions(ctx);
  registerConfigureNotifications(ctx);
}

function registerConfigureNotifications(ctx: CommandContext): void {
  ctx.register('agentos.configureNotifications', async (level?: string) => {
    const levels = [
      {
        label: 'Failures and human input',
        detail: 'Also Claude tool uses that need your approval, with Allow, Deny and Show',
        value: 'failuresAndHumanInput',
      },
      { label: 'All (also completed runs)', value: 'all' },
      { label: 'Off', value: 'off' },
    ];
    let value = typeof level === 'string' ? level : undefined;
    if (!value) {
      const current = config.notifications();
      const picked = await vscode.window.showQuickPick(
        levels.map((l) => ({ ...l, description: l.value === current ? 'current' : undefined })),
        { title: 'AgentOS: notify me when a shown run…' },
      );
      value = picked?.value;
    }
    if (!value || !levels.some((l) => l.value === value)) return undefined;
    await config.setNotifications(value as never);
    return value;
  });
}
