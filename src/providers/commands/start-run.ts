// Start Run: an agent (its node, or picked from the palette among the connections that can start runs), then what
// its backend starts a run with (a JSON input, or an environment and a first message: see start-inputs.ts); the run
// goes on top of the lists, and Follow is offered.
import * as vscode from 'vscode';
import { errorMessage } from '../../net/errors';
import { shortId } from '../presentation';
import type { RunInputEditor } from '../run-input-editor';
import { agentLabel, pickAgent, requireSession, type CommandContext } from './context';
import { askFirstMessage, askJsonInput, type StartRunArgs, type StartRunResult } from './start-inputs';

export type { StartRunArgs, StartRunResult } from './start-inputs';

export function registerStartRun(ctx: CommandContext, input: RunInputEditor): void {
  const { store, connections, log } = ctx;

  ctx.register('agentos.submitRunInput', (uri?: vscode.Uri) => input.submit(uri));
  ctx.register('agentos.cancelRunInput', (uri?: vscode.Uri) => input.cancel(uri));

  ctx.register('agentos.startRun', async (args?: StartRunArgs): Promise<StartRunResult> => {
    let t: StartRunArgs | undefined = args?.agentId ? args : undefined;
    if (!t) {
      const picked = await pickAgent(ctx, 'Start a run of…', undefined, {
        everyConnection: (s) => s.backend.caps.startRun !== 'none',
      });
      if (!picked) return { sent: false, reason: 'cancelled' };
      t = { ...args, ...picked };
    }
    const s = requireSession(ctx, t);
    const connectionId = s.connection.id;
    const agentId = t.agentId as string;
    const name = agentLabel(ctx, connectionId, agentId);
    const startRun = s.backend.startRun?.bind(s.backend);
    if (!startRun || s.backend.caps.startRun === 'none') {
      const message = `${s.connection.name} cannot start runs from here.`;
      void vscode.window.showErrorMessage(message);
      return { sent: false, reason: 'failed', message };
    }
    // What a run starts with is the backend's: a JSON input (AgentOS) or an environment and a first message.
    const asked =
      s.backend.caps.startRun === 'message'
        ? await askFirstMessage(s, name, t)
        : await askJsonInput(input, name, t);
    if (!asked.ok) return asked.result;
    try {
      const run = await vscode.window.withProgress(
        { location: { viewId: 'agentos.runs' }, title: `Starting a run of ${name}` },
        () => startRun(agentId, asked.value, asked.options),
      );
      store.upsertRun(connectionId, run, { isNew: true });
      log.info(`Started run ${run.id} of agent ${agentId} on ${s.connection.name}.`);
      const follow = () =>
        vscode.commands.executeCommand('agentos.followRun', { connectionId, runId: run.id });
      if (t.follow === true) await follow();
      else if (t.follow === undefined && !asked.scripted) {
        void vscode.window
          .showInformationMessage(`Run ${shortId(run.id)} of "${name}" started.`, 'Follow')
          .then((choice) => (choice === 'Follow' ? follow() : undefined));
      }
      return { sent: true, runId: run.id, status: run.status };
    } catch (error) {
      connections.reportError(connectionId, error);
      const message = errorMessage(error);
      void vscode.window.showErrorMessage(`Starting a run of "${name}" failed. ${message}`);
      return { sent: false, reason: 'failed', message };
    }
  });
}
