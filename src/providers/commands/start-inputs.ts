// What Start Run asks before it starts a run, by what the backend starts runs with: a JSON input checked where it is
// typed (nothing is sent until it parses) and a new or existing thread; or an environment to run in and a first
// message. Scripted calls give the answers as arguments and are asked nothing.
import * as vscode from 'vscode';
import type { StartOptions } from '../../backends/types';
import type { ConnectionSession } from '../../core/connections';
import { errorMessage } from '../../net/errors';
import { checkRunInput, type InputCheck } from '../run-input';
import { CANCELLED, type RunInputEditor } from '../run-input-editor';
import type { Target } from './context';

export interface StartRunArgs extends Target {
  /** The input as JSON text (scripted form for backends that start runs with JSON: no editor). */
  input?: string;
  /** Continue this thread (else a new one). */
  threadId?: string;
  /** Start a new thread without asking. */
  newThread?: boolean;
  /** The first message (scripted form for backends that start runs with a message: no input box). */
  message?: string;
  /** Where the run goes (scripted form for backends that have environments: no quick pick). */
  environmentId?: string;
  /** Follow the run after starting it (scripted form; the UI asks). */
  follow?: boolean;
}

export type StartRunResult =
  | { sent: true; runId: string; status: string }
  | { sent: false; reason: 'cancelled' }
  | { sent: false; reason: 'invalidJson'; error: Extract<InputCheck, { ok: false }> }
  | { sent: false; reason: 'failed'; message: string };

/** The answers, or the result to return at once (cancelled, refused). */
export type Asked =
  | { ok: true; value: unknown; options: StartOptions; scripted: boolean }
  | { ok: false; result: StartRunResult };

const cancelled: Asked = { ok: false, result: { sent: false, reason: 'cancelled' } };

function refused(message: string): Asked {
  void vscode.window.showErrorMessage(message);
  return { ok: false, result: { sent: false, reason: 'failed', message } };
}

export async function askJsonInput(input: RunInputEditor, name: string, args: StartRunArgs): Promise<Asked> {
  const scripted = typeof args.input === 'string';
  let value: unknown;
  if (typeof args.input === 'string') {
    const check = checkRunInput(args.input);
    if (!check.ok) {
      void vscode.window.showErrorMessage(check.message);
      return { ok: false, result: { sent: false, reason: 'invalidJson', error: check } };
    }
    value = check.value;
  } else {
    const prompted = await input.prompt(name);
    if (prompted === CANCELLED) return cancelled;
    value = prompted;
  }
  let threadId = args.threadId;
  if (!threadId && !args.newThread && !scripted) {
    const choice = await vscode.window.showQuickPick(
      [
        { label: '$(add) New thread', value: 'new' },
        { label: '$(comment-discussion) Existing thread…', value: 'existing' },
      ],
      { title: `Start a run of "${name}" in…` },
    );
    if (!choice) return cancelled;
    if (choice.value === 'existing') {
      const answer = await vscode.window.showInputBox({
        title: 'Thread id',
        prompt: 'The id of the thread to continue',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'Enter a thread id.'),
      });
      if (!answer) return cancelled;
      threadId = answer.trim();
    }
  }
  return { ok: true, value, options: { threadId }, scripted };
}

/**
 * An environment (asked only when the backend has several; the one there is, else) and the first message, which
 * must say something.
 */
export async function askFirstMessage(
  session: ConnectionSession,
  name: string,
  args: StartRunArgs,
): Promise<Asked> {
  const scripted = typeof args.message === 'string';
  let environmentId = args.environmentId;
  const listEnvironments = session.backend.listEnvironments?.bind(session.backend);
  if (!environmentId && listEnvironments) {
    let environments;
    try {
      environments = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Listing where ${name} can run` },
        () => listEnvironments(),
      );
    } catch (error) {
      return refused(`Could not list the environments of ${session.connection.name}. ${errorMessage(error)}`);
    }
    if (environments.length === 0)
      return refused(`${session.connection.name} has no environment to start a run in.`);
    if (environments.length === 1) environmentId = environments[0]?.id;
    else {
      const picked = await vscode.window.showQuickPick(
        environments.map((environment) => ({
          label: environment.name,
          description: environment.detail,
          detail: environment.description,
          environment,
        })),
        { title: `Start a run of "${name}" in…`, matchOnDescription: true },
      );
      if (!picked) return cancelled;
      environmentId = picked.environment.id;
    }
  }
  let message = args.message;
  if (message === undefined) {
    message = await vscode.window.showInputBox({
      title: `Start a run of "${name}"`,
      prompt: 'The first message to the agent',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Write what the agent should do.'),
    });
    if (message === undefined) return cancelled;
  }
  if (message.trim() === '') return refused('A run starts with a message; it was empty.');
  return { ok: true, value: message, options: { environmentId }, scripted };
}
