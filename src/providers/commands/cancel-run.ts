// Cancel Run: the one cancel flow, from a tree item, the palette or a Follow Run panel. It asks first (from the UI),
// keeps the answer in the store, and learns when the server cannot cancel (404/405 on a run that exists): the
// action is hidden for that connection from then on.
import * as vscode from 'vscode';
import type { RunInfo } from '../../backends/types';
import { isApiError } from '../../net/errors';
import { errorMessage } from '../../net/errors';
import { isCancelable, shortId, statusLabel } from '../presentation';
import { requireSession, type CommandContext, type Target } from './context';

export function registerCancelRun(ctx: CommandContext): void {
  const { store, connections } = ctx;

  ctx.register('agentos.cancelRun', async (target?: Target & { confirm?: boolean; what?: string }) => {
    let t = target;
    const fromUi = t !== undefined && typeof (t as { kind?: unknown }).kind === 'string';
    if (!t?.runId) {
      const s = requireSession(ctx);
      const active = store
        .activeRuns(s.connection.id)
        .map((id) => store.run(s.connection.id, id))
        .filter((r): r is RunInfo => r !== undefined && isCancelable(r.state));
      const picked = await vscode.window.showQuickPick(
        active.map((r) => ({ label: r.id, description: statusLabel(r.status), run: r })),
        { title: 'AgentOS: Cancel which run?' },
      );
      if (!picked) return undefined;
      t = { connectionId: s.connection.id, runId: picked.run.id, confirm: true };
    }
    const s = requireSession(ctx, t);
    const runId = t.runId as string;
    if (!s.backend.cancelRun || !store.canCancel(s.connection.id)) {
      void vscode.window.showWarningMessage(`${s.connection.name} cannot cancel runs.`);
      return undefined;
    }
    if (fromUi || t.confirm === true) {
      const answer = await vscode.window.showWarningMessage(
        `Cancel run ${shortId(runId)}${t.what ? ` of ${t.what}` : ''}?`,
        { modal: true, detail: 'The run stops on the server. This cannot be undone.' },
        'Cancel Run',
      );
      if (answer !== 'Cancel Run') return undefined;
    }
    try {
      const run = (await s.backend.cancelRun(runId)) ?? (await s.backend.getRun(runId));
      store.upsertRun(s.connection.id, run);
      ctx.log.info(`Asked ${s.connection.name} to cancel run ${runId}.`);
      void vscode.window.showInformationMessage(`Run ${shortId(runId)} is ${statusLabel(run.status)}.`);
      return run.status;
    } catch (error) {
      if (isApiError(error) && (error.status === 404 || error.status === 405)) {
        // 404 on cancel: either the run is gone or the server cannot cancel. Ask which.
        const exists = await s.backend.getRun(runId).then(
          () => true,
          () => false,
        );
        if (exists || error.status === 405) {
          store.learn(s.connection.id, { cancel: false });
          void vscode.commands.executeCommand('setContext', 'agentos.cancelUnsupported', true);
          void vscode.window.showWarningMessage(
            `${s.connection.name} cannot cancel runs (HTTP ${error.status}); the Cancel action is hidden.`,
          );
          return undefined;
        }
      }
      connections.reportError(s.connection.id, error);
      void vscode.window.showErrorMessage(`Cancelling run ${shortId(runId)} failed. ${errorMessage(error)}`);
      throw error;
    }
  });
}
