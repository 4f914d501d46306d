// Archive Run and Delete Run, on runs whose backend can (Managed Agents sessions). Both take the run out of the lists
// at once, as the server's default list no longer has it. Archive keeps the run readable (an open panel goes on, Show
// JSON still works); Delete asks first from the UI, naming the run, since it takes the run and its events for good.
import * as vscode from 'vscode';
import { isApiError } from '../../net/errors';
import { errorMessage } from '../../net/errors';
import { shortId } from '../presentation';
import { requireSession, type CommandContext, type Target } from './context';

/** Asks a yes-or-no question as a modal dialog; true when the person chose `action` (tests answer it). */
export type ConfirmPrompt = (message: string, detail: string, action: string) => Thenable<boolean>;

export const modalConfirm: ConfirmPrompt = (message, detail, action) =>
  vscode.window
    .showWarningMessage(message, { modal: true, detail }, action)
    .then((answer) => answer === action);

type RunTarget = Target & { confirm?: boolean };

export function registerArchiveDeleteRun(ctx: CommandContext, confirm: ConfirmPrompt): void {
  const { store, connections, log } = ctx;

  /** The run a command is about, and how messages name it: its title when it has one, and its short id. */
  const resolve = (target: RunTarget | undefined) => {
    if (!target?.runId) throw new Error('Pick a run in the Runs view.');
    const session = requireSession(ctx, target);
    const runId = target.runId;
    const title = store.run(session.connection.id, runId)?.title;
    const name = title
      ? `"${title.replace(/\s+/g, ' ').trim()}" (${shortId(runId)})`
      : `run ${shortId(runId)}`;
    const fromUi = typeof target.kind === 'string';
    return { session, connectionId: session.connection.id, runId, name, fromUi };
  };

  /** A failed action: said plainly; a run the server no longer has leaves the lists too. */
  const failed = (what: string, name: string, connectionId: string, runId: string, error: unknown) => {
    if (isApiError(error, 'notFound')) store.removeRun(connectionId, runId, { forget: true });
    else connections.reportError(connectionId, error);
    void vscode.window.showErrorMessage(`Could not ${what} ${name}. ${errorMessage(error)}`);
    return undefined;
  };

  ctx.register('agentos.archiveRun', async (target?: RunTarget) => {
    const { session, connectionId, runId, name } = resolve(target);
    const archiveRun = session.backend.archiveRun?.bind(session.backend);
    if (!archiveRun || !session.backend.caps.archive) {
      void vscode.window.showWarningMessage(`${session.connection.name} cannot archive runs.`);
      return undefined;
    }
    try {
      const run = await archiveRun(runId);
      store.upsertRun(connectionId, run);
      store.removeRun(connectionId, runId);
      log.info(`Archived ${runId} on ${session.connection.name}.`);
      void vscode.window.showInformationMessage(`Archived ${name}.`);
      return run;
    } catch (error) {
      return failed('archive', name, connectionId, runId, error);
    }
  });

  ctx.register('agentos.deleteRun', async (target?: RunTarget) => {
    const { session, connectionId, runId, name, fromUi } = resolve(target);
    const deleteRun = session.backend.deleteRun?.bind(session.backend);
    if (!deleteRun || !session.backend.caps.delete) {
      void vscode.window.showWarningMessage(`${session.connection.name} cannot delete runs.`);
      return undefined;
    }
    if (fromUi || target?.confirm === true) {
      const sure = await confirm(
        `Delete ${name}?`,
        `It is deleted on ${session.connection.name} with all its events. This cannot be undone.`,
        'Delete',
      );
      if (!sure) return undefined;
    }
    try {
      await deleteRun(runId);
      store.removeRun(connectionId, runId, { forget: true });
      log.info(`Deleted ${runId} on ${session.connection.name}.`);
      void vscode.window.showInformationMessage(`Deleted ${name}.`);
      return runId;
    } catch (error) {
      return failed('delete', name, connectionId, runId, error);
    }
  });
}
