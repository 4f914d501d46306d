// Copy ID, Show JSON (the server's own record, secrets hidden) and Show Checkpoints.
import * as vscode from 'vscode';
import { errorMessage } from '../../net/errors';
import { redactSecrets } from '../../util/secrets';
import type { JsonDocuments } from '../json-documents';
import { shortId } from '../presentation';
import { requireSession, type CommandContext, type Target } from './context';

export function registerCopyJsonCommands(ctx: CommandContext, json: JsonDocuments): void {
  const { store } = ctx;

  ctx.register('agentos.copyId', async (target?: Target) => {
    // A firing names the run it started too; its own id is what its node is.
    const id =
      target?.triggerRun?.id ??
      target?.attemptId ??
      target?.runId ??
      target?.trigger?.id ??
      target?.agentId ??
      target?.connectionId;
    if (!id) return undefined;
    await vscode.env.clipboard.writeText(id);
    vscode.window.setStatusBarMessage(`Copied ${id}`, 3000);
    return id;
  });

  ctx.register('agentos.showJson', async (target?: Target) => {
    try {
      const s = requireSession(ctx, target);
      const id = s.connection.id;
      const where = s.connection.name;
      if (target?.triggerRun) {
        const fired = target.triggerRun;
        return (await json.show(`${where}/fired-${fired.id}`, redactSecrets(fired.raw))).toString();
      }
      if (target?.trigger) {
        return (
          await json.show(`${where}/trigger-${target.trigger.id}`, redactSecrets(target.trigger.raw))
        ).toString();
      }
      if (target?.runId && target.attemptId) {
        const subRuns = await store.ensureSubRuns(id, target.runId);
        const sub =
          subRuns.state === 'loaded' ? subRuns.value.find((a) => a.id === target.attemptId) : undefined;
        return (
          await json.show(`${where}/attempt-${target.attemptId}`, sub?.raw ?? { id: target.attemptId })
        ).toString();
      }
      if (target?.runId) {
        const run = await store.fetchRun(id, target.runId);
        return (await json.show(`${where}/run-${run.id}`, run.raw)).toString();
      }
      if (target?.agentId) {
        const agent = await s.backend.getAgent(target.agentId);
        return (await json.show(`${where}/agent-${agent.id}`, redactSecrets(agent.raw))).toString();
      }
      return undefined;
    } catch (error) {
      void vscode.window.showErrorMessage(`Cannot show the JSON. ${errorMessage(error)}`);
      return undefined;
    }
  });

  ctx.register('agentos.showCheckpoints', async (target?: Target) => {
    if (!target?.runId) return undefined;
    try {
      const s = requireSession(ctx, target);
      if (!s.backend.checkpoints) throw new Error(`${s.connection.name} has no checkpoints.`);
      const checkpoints = await s.backend.checkpoints(target.runId);
      if (checkpoints.length === 0)
        void vscode.window.showInformationMessage(`Run ${shortId(target.runId)} has no checkpoints yet.`);
      const uri = await json.show(`${s.connection.name}/checkpoints-${target.runId}`, {
        run_id: target.runId,
        count: checkpoints.length,
        checkpoints,
      });
      return uri.toString();
    } catch (error) {
      void vscode.window.showErrorMessage(`Cannot show the checkpoints. ${errorMessage(error)}`);
      return undefined;
    }
  });
}
