// Start Run: an agent (its node, or picked from the palette), an input checked where it is typed (nothing is sent
// until it parses), a new thread or an existing one; then the run goes on top of the lists, and Follow is offered.
import * as vscode from 'vscode';
import { errorMessage } from '../../net/errors';
import { shortId } from '../presentation';
import { checkRunInput, type InputCheck } from '../run-input';
import { CANCELLED, type RunInputEditor } from '../run-input-editor';
import { agentLabel, pickAgent, requireSession, type CommandContext, type Target } from './context';

export interface StartRunArgs extends Target {
  /** The input as JSON text (scripted form: no editor). */
  input?: string;
  /** Continue this thread (else a new one). */
  threadId?: string;
  /** Start a new thread without asking. */
  newThread?: boolean;
  /** Follow the run after starting it (scripted form; the UI asks). */
  follow?: boolean;
}

export type StartRunResult =
  | { sent: true; runId: string; status: string }
  | { sent: false; reason: 'cancelled' }
  | { sent: false; reason: 'invalidJson'; error: Extract<InputCheck, { ok: false }> }
  | { sent: false; reason: 'failed'; message: string };

export function registerStartRun(ctx: CommandContext, input: RunInputEditor): void {
  const { store, connections, log } = ctx;

  ctx.register('agentos.submitRunInput', (uri?: vscode.Uri) => input.submit(uri));
  ctx.register('agentos.cancelRunInput', (uri?: vscode.Uri) => input.cancel(uri));

  ctx.register('agentos.startRun', async (args?: StartRunArgs): Promise<StartRunResult> => {
    let t: StartRunArgs | undefined = args?.agentId ? args : undefined;
    if (!t) {
      const picked = await pickAgent(ctx, 'Start a run of…');
      if (!picked) return { sent: false, reason: 'cancelled' };
      t = { ...args, ...picked };
    }
    const s = requireSession(ctx, t);
    const connectionId = s.connection.id;
    const agentId = t.agentId as string;
    const name = agentLabel(ctx, connectionId, agentId);
    const startRun = s.backend.startRun?.bind(s.backend);
    if (!startRun) {
      const message = `${s.connection.name} cannot start runs from here.`;
      void vscode.window.showErrorMessage(message);
      return { sent: false, reason: 'failed', message };
    }
    let value: unknown;
    if (typeof t.input === 'string') {
      const check = checkRunInput(t.input);
      if (!check.ok) {
        void vscode.window.showErrorMessage(check.message);
        return { sent: false, reason: 'invalidJson', error: check };
      }
      value = check.value;
    } else {
      const prompted = await input.prompt(name);
      if (prompted === CANCELLED) return { sent: false, reason: 'cancelled' };
      value = prompted;
    }
    let threadId = t.threadId;
    if (!threadId && !t.newThread && typeof t.input !== 'string') {
      const choice = await vscode.window.showQuickPick(
        [
          { label: '$(add) New thread', value: 'new' },
          { label: '$(comment-discussion) Existing thread…', value: 'existing' },
        ],
        { title: `Start a run of "${name}" in…` },
      );
      if (!choice) return { sent: false, reason: 'cancelled' };
      if (choice.value === 'existing') {
        const answer = await vscode.window.showInputBox({
          title: 'Thread id',
          prompt: 'The id of the thread to continue',
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'Enter a thread id.'),
        });
        if (!answer) return { sent: false, reason: 'cancelled' };
        threadId = answer.trim();
      }
    }
    try {
      const run = await vscode.window.withProgress(
        { location: { viewId: 'agentos.runs' }, title: `Starting a run of ${name}` },
        () => startRun(agentId, value, { threadId }),
      );
      store.upsertRun(connectionId, run, { isNew: true });
      log.info(`Started run ${run.id} of agent ${agentId} on ${s.connection.name}.`);
      const follow = () =>
        vscode.commands.executeCommand('agentos.followRun', { connectionId, runId: run.id });
      if (t.follow === true) await follow();
      else if (t.follow === undefined && typeof t.input !== 'string') {
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
