// Follow Run: the commands (from a run, a sub-run, or the palette with a pasted run id or URL), Save Run Events as
// JSONL (the panel in front, or a run or sub-run of the trees), the serializer that brings panels back after a
// window reload (resuming right after the last row the webview still shows), and what the extension's API exposes of
// the panels for tests and benchmarks.
import * as vscode from 'vscode';
import type { FollowArgs } from './run-ref';
import { FollowManager, COMMAND_SHOW, type FollowDeps } from './follow-manager';
import type { FollowPanel, PanelSummary } from './follow-panel';
import { VIEW_TYPE } from './html';
import type { ProbeOp } from './probe-types';
import { pickRun, pickSubRun } from './quick-pick';
import { panelKey, parseFollowArgs, targetFromState, type FollowTarget } from './run-ref';
import { errorMessage } from '../net/errors';
import type { SaveOutcome } from './save-events';

export type { FollowDeps };

/** For tests and benchmarks (exported by the extension); not a stable API. */
export interface FollowRunApi {
  follow(args: FollowArgs): Promise<string | undefined>;
  panels(): { key: string; target: FollowTarget; summary: PanelSummary; following: boolean }[];
  probe(key: string, probe: ProbeOp): Promise<unknown>;
  cancel(key: string): Promise<void>;
  stop(key: string): void;
  resume(key: string): void;
  close(key: string): void;
  statusBar(): { text: string; tooltip: string; visible: boolean };
  /** How long the status bar keeps an ended run before it goes away. */
  setStatusLingerMs(ms: number): void;
  /** The latest lines written to the output channel for followed events (the last 5,000). */
  outputLines(): string[];
  /** Hands a panel a message as if its webview sent it (validated the same way). */
  message(key: string, message: unknown): void;
  /** Save Events saves here instead of asking (undefined: the dialog again). */
  setSaveTarget(uri: vscode.Uri | undefined): void;
  /** Cancels the saves under way, as their progress notification's Cancel does. */
  cancelSaves(): void;
}

/** The sub-run to follow: the one named, the person's pick (several, from the palette), or the current one. */
async function resolveTarget(
  deps: FollowDeps,
  args: FollowArgs,
  chooseSubRun: boolean,
): Promise<FollowTarget | undefined> {
  await deps.connections.whenLoaded();
  const session = deps.connections.get(args.connectionId);
  if (!session) {
    const what = args.connectionId ? `the connection "${args.connectionId}"` : 'AgentOS';
    const choice = await vscode.window.showErrorMessage(`Not signed in to ${what}.`, 'Sign In');
    if (choice) await vscode.commands.executeCommand('agentos.signIn');
    return undefined;
  }
  const connectionId = session.connection.id;
  if (args.attemptId) return { connectionId, runId: args.runId, attemptId: args.attemptId };
  const { store } = deps;
  let run = await store.fetchRun(connectionId, args.runId);
  if (chooseSubRun && (run.subRunCount ?? 1) > 1) {
    const subRuns = await store.ensureSubRuns(connectionId, run.id);
    if (subRuns.state === 'error') throw new Error(subRuns.message);
    const picked = await pickSubRun(subRuns.state === 'loaded' ? subRuns.value : [], run);
    if (picked === 'cancelled') return undefined;
    if (picked) return { connectionId, runId: run.id, attemptId: picked.id };
  }
  // A run that was just started may not have a sub-run yet: wait for it a little.
  const deadline = Date.now() + 30_000;
  while (!run.currentSubRunId && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    run = await store.fetchRun(connectionId, args.runId);
  }
  if (!run.currentSubRunId) throw new Error(`Run ${args.runId} has no attempt yet; try again in a moment.`);
  return { connectionId, runId: run.id, attemptId: run.currentSubRunId };
}

export function registerFollowRun(
  context: vscode.ExtensionContext,
  deps: FollowDeps,
): { api: FollowRunApi; manager: FollowManager } {
  const manager = new FollowManager(context, deps);
  context.subscriptions.push(manager);

  const follow = async (raw: unknown, fromSubRunCommand: boolean): Promise<string | undefined> => {
    try {
      let args = raw === undefined ? undefined : parseFollowArgs(raw);
      if (raw !== undefined && !args) deps.log.warn('Follow Run: ignored an argument that names no run.');
      const fromPalette = !args;
      args ??= await pickRun(deps.connections, deps.store);
      if (!args) return undefined;
      const target = await resolveTarget(deps, args, fromPalette || (fromSubRunCommand && !args.attemptId));
      if (!target) return undefined;
      return manager.open(target).key;
    } catch (error) {
      const message = errorMessage(error);
      deps.log.error(`Follow Run: ${message}`);
      void vscode.window.showErrorMessage(`Could not follow the run: ${message}`);
      return undefined;
    }
  };

  /** Save Events: of the run or sub-run given (a tree item), else of the panel in front, else of a picked run. */
  const saveEvents = async (raw: unknown): Promise<SaveOutcome | undefined> => {
    try {
      let args = raw === undefined ? undefined : parseFollowArgs(raw);
      if (raw !== undefined && !args) deps.log.warn('Save Events: ignored an argument that names no run.');
      let target = args ? undefined : manager.active()?.target;
      if (!target) {
        args ??= await pickRun(deps.connections, deps.store);
        if (!args) return undefined;
        target = await resolveTarget(deps, args, false);
      }
      return target ? await manager.saver.save(target) : undefined;
    } catch (error) {
      const message = `Could not save the run's events: ${errorMessage(error)}`;
      deps.log.error(`Save Events: ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(message);
      return { kind: 'failed', message };
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('agentos.followRun', (arg?: unknown) => follow(arg, false)),
    vscode.commands.registerCommand('agentos.saveEvents', (arg?: unknown) => saveEvents(arg)),
    vscode.commands.registerCommand('agentos.followAttempt', (arg?: unknown) => follow(arg, true)),
    vscode.commands.registerCommand(COMMAND_SHOW, () => manager.showFollowed()),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const target = targetFromState(state);
        if (!target) {
          deps.log.warn('Follow Run: a restored panel had no run to follow; closing it.');
          panel.dispose();
          return;
        }
        await deps.connections.whenLoaded();
        if (manager.get(panelKey(target.connectionId, target.runId, target.attemptId))) {
          panel.dispose();
          return;
        }
        manager.adopt(panel, target, true);
      },
    }),
  );

  const need = (key: string): FollowPanel => {
    const panel = manager.get(key);
    if (!panel) throw new Error(`no followed panel ${JSON.stringify(key)}`);
    return panel;
  };
  const api: FollowRunApi = {
    follow: (args) => follow(args, false),
    panels: () =>
      manager
        .all()
        .map((p) => ({ key: p.key, target: p.target, summary: p.summary(), following: p.isFollowing })),
    probe: (key, probe) => need(key).probe(probe),
    cancel: async (key) => {
      await need(key).cancelRun(false);
    },
    stop: (key) => need(key).stop(),
    resume: (key) => need(key).resume(),
    close: (key) => need(key).dispose(),
    statusBar: () => manager.statusBarState(),
    setStatusLingerMs: (ms) => manager.setLinger(ms),
    outputLines: () => manager.output.latest(),
    message: (key, message) => need(key).receive(message),
    setSaveTarget: (uri) => manager.saver.setTarget(uri),
    cancelSaves: () => manager.saver.cancelAll(),
  };
  return { api, manager };
}
