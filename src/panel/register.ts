// Follow Run: the live timeline panel, its log lines and the status bar item. One panel per connection + run +
// attempt; following the same attempt again reveals it; several runs can be followed at once. A serializer brings
// panels back after a window reload, resuming right after the last seq the webview still shows.
import * as vscode from 'vscode';
import type { Logger } from '../util/logger';
import type { Connections } from '../core/connections';
import type { RunStatusBus } from '../core/run-status';
import { FollowPanel, type PanelSummary } from './follow-panel';
import { VIEW_TYPE, webviewOptions } from './html';
import type { ProbeOp } from './protocol';
import { pickAttempt, pickRun, statusIcon } from './quick-pick';
import {
  parseFollowArgs,
  panelKey,
  shortId,
  targetFromState,
  type FollowArgs,
  type FollowTarget,
} from './run-ref';

export interface FollowDeps {
  connections: Connections;
  log: Logger;
  runStatus: RunStatusBus;
  channel: vscode.LogOutputChannel;
}

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
}

const COMMAND_SHOW = 'agentos.showFollowedRun';

/** Writes event lines to the channel and keeps the latest ones (tests read them; the channel has no read API). */
class EventLines {
  private readonly lines: string[] = [];
  constructor(
    private readonly channel: vscode.LogOutputChannel,
    private readonly keep: number,
  ) {}

  info(line: string): void {
    this.channel.info(line);
    this.lines.push(line);
    if (this.lines.length > this.keep * 2) this.lines.splice(0, this.lines.length - this.keep);
  }

  latest(): string[] {
    return this.lines.slice(-this.keep);
  }
}

export class FollowManager implements vscode.Disposable {
  readonly output: EventLines;
  private readonly panels = new Map<string, FollowPanel>();
  private current?: FollowPanel;
  private readonly item: vscode.StatusBarItem;
  private lingerMs = 10_000;
  private lingerTimer?: ReturnType<typeof setTimeout>;
  private statusVisible = false;
  private statusTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: FollowDeps,
  ) {
    this.output = new EventLines(deps.channel, 5_000);
    this.item = vscode.window.createStatusBarItem('agentos.followedRun', vscode.StatusBarAlignment.Left, 20);
    this.item.name = 'AgentOS: Followed Run';
    this.item.command = COMMAND_SHOW;
  }

  get size(): number {
    return this.panels.size;
  }

  get(key: string): FollowPanel | undefined {
    return this.panels.get(key);
  }

  all(): FollowPanel[] {
    return [...this.panels.values()];
  }

  /** Opens the panel of this attempt, or reveals it when it is already open. */
  open(target: FollowTarget): FollowPanel {
    const key = panelKey(target.connectionId, target.runId, target.attemptId);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      this.current = existing;
      this.updateStatusBar();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      `Run ${shortId(target.runId)}`,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      webviewOptions(this.context.extensionUri),
    );
    return this.adopt(panel, target, false);
  }

  /** Wraps a webview panel (new, or restored by the serializer). */
  adopt(panel: vscode.WebviewPanel, target: FollowTarget, restored: boolean): FollowPanel {
    panel.webview.options = webviewOptions(this.context.extensionUri);
    const follow = new FollowPanel(
      panel,
      target,
      {
        ...this.deps,
        output: this.output,
        extensionUri: this.context.extensionUri,
        followAttempt: (t) => this.open(t),
        changed: (p) => this.onPanelChanged(p),
        disposed: (p) => this.onPanelDisposed(p),
      },
      { restored },
    );
    this.panels.set(follow.key, follow);
    this.current = follow;
    this.updateStatusBar();
    return follow;
  }

  private onPanelChanged(panel: FollowPanel): void {
    if (panel.panel.active) this.current = panel;
    // Coalesce: a busy stream changes the summary many times a second.
    this.statusTimer ??= setTimeout(() => {
      this.statusTimer = undefined;
      this.updateStatusBar();
    }, 250);
  }

  private onPanelDisposed(panel: FollowPanel): void {
    if (this.panels.get(panel.key) === panel) this.panels.delete(panel.key);
    if (this.current === panel) this.current = undefined;
    this.updateStatusBar();
  }

  setLinger(ms: number): void {
    this.lingerMs = ms;
    this.updateStatusBar();
  }

  /** The panel the status bar shows: the current one unless it ended a while ago; else one still going. */
  private shown(): FollowPanel | undefined {
    const now = Date.now();
    const fresh = (p: FollowPanel): boolean => {
      const s = p.summary();
      return !s.ended || (s.endedAt !== undefined && now - s.endedAt < this.lingerMs);
    };
    if (this.current && fresh(this.current)) return this.current;
    return this.all().find((p) => !p.summary().ended) ?? this.all().find(fresh);
  }

  updateStatusBar(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    const panel = this.shown();
    if (!panel) {
      this.item.hide();
      this.statusVisible = false;
      return;
    }
    const s = panel.summary();
    const others = this.all().filter((p) => p !== panel && !p.summary().ended).length;
    this.item.text = `${statusBarIcon(s)} ${s.label}: ${describe(s)}${others > 0 ? ` +${others}` : ''}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    tooltip.appendMarkdown('**AgentOS — followed runs**\n\n');
    for (const p of this.all()) {
      const ps = p.summary();
      tooltip.appendText(`${ps.label}: ${describe(ps)} · ${ps.events} events\n`);
      tooltip.appendMarkdown('\n');
    }
    tooltip.appendMarkdown('\nClick to show the panel.');
    this.item.tooltip = tooltip;
    this.item.backgroundColor =
      s.connection.kind === 'failed' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
    this.statusVisible = true;
    if (s.ended && s.endedAt !== undefined) {
      const left = Math.max(0, s.endedAt + this.lingerMs - Date.now());
      this.lingerTimer = setTimeout(() => this.updateStatusBar(), left + 20);
    }
  }

  statusBarState(): { text: string; tooltip: string; visible: boolean } {
    const tooltip = this.item.tooltip;
    return {
      text: this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
      visible: this.statusVisible,
    };
  }

  async showFollowed(): Promise<void> {
    const all = this.all();
    if (all.length === 0) {
      await vscode.commands.executeCommand('agentos.followRun');
      return;
    }
    const shown = this.shown();
    if (all.length === 1 || (shown && shown.panel.active === false && all.length === 1)) {
      (shown ?? all[0])?.reveal();
      return;
    }
    const choice = await vscode.window.showQuickPick(
      all.map((p) => {
        const s = p.summary();
        return {
          label: `$(${statusIcon(s.status)}) ${s.label}`,
          description: `${describe(s)} · ${s.events} events`,
          detail: p.target.runId,
          panel: p,
        };
      }),
      { title: 'AgentOS: followed runs' },
    );
    choice?.panel.reveal();
  }

  dispose(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    if (this.statusTimer) clearTimeout(this.statusTimer);
    for (const p of this.all()) p.dispose();
    this.item.dispose();
  }
}

function describe(s: PanelSummary): string {
  const c = s.connection;
  const status = s.status ? s.status.replace(/_/g, ' ') : 'connecting';
  switch (c.kind) {
    case 'reconnecting':
      return `${status} · reconnecting`;
    case 'polling':
      return `${status} · polling`;
    case 'failed':
      return `${status} · stream failed`;
    case 'stopped':
      return `${status} · not following`;
    default:
      return status;
  }
}

function statusBarIcon(s: PanelSummary): string {
  if (s.connection.kind === 'failed') return '$(warning)';
  if (s.connection.kind === 'reconnecting') return '$(debug-disconnect)';
  if (s.ended || s.connection.kind === 'stopped') return `$(${statusIcon(s.status)})`;
  if (s.status === 'waiting_for_human') return '$(person)';
  return '$(pulse)';
}

// ---------------------------------------------------------------- commands

async function resolveTarget(
  deps: FollowDeps,
  args: FollowArgs,
  chooseAttempt: boolean,
): Promise<FollowTarget | undefined> {
  await deps.connections.whenLoaded();
  const session = deps.connections.get(args.connectionId);
  if (!session) {
    const what = args.connectionId ? `the connection "${args.connectionId}"` : 'AgentOS';
    const choice = await vscode.window.showErrorMessage(`AgentOS: not signed in to ${what}.`, 'Sign In');
    if (choice) await vscode.commands.executeCommand('agentos.signIn');
    return undefined;
  }
  const connectionId = session.connection.id;
  if (args.attemptId) return { connectionId, runId: args.runId, attemptId: args.attemptId };
  const client = session.client;
  let run = await client.getRun(args.runId);
  if (chooseAttempt && (run.current_attempt_no ?? 1) > 1) {
    const attempts = await client.listAttempts(run.id);
    const picked = await pickAttempt(attempts, run);
    if (picked === 'cancelled') return undefined;
    if (picked) return { connectionId, runId: run.id, attemptId: picked.id };
  }
  // A run that was just started may not have an attempt yet: wait for it a little.
  const deadline = Date.now() + 30_000;
  while (!run.current_attempt_id && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    run = await client.getRun(args.runId);
  }
  if (!run.current_attempt_id)
    throw new Error(`Run ${args.runId} has no attempt yet; try again in a moment.`);
  return { connectionId, runId: run.id, attemptId: run.current_attempt_id };
}

export function registerFollowRun(context: vscode.ExtensionContext, deps: FollowDeps): FollowRunApi {
  const manager = new FollowManager(context, deps);
  context.subscriptions.push(manager);

  const follow = async (raw: unknown, fromAttemptCommand: boolean): Promise<string | undefined> => {
    try {
      let args = raw === undefined ? undefined : parseFollowArgs(raw);
      if (raw !== undefined && !args) {
        deps.log.warn('Follow Run: ignored an argument that names no run.');
      }
      const fromPalette = !args;
      args ??= await pickRun(deps.connections);
      if (!args) return undefined;
      const target = await resolveTarget(deps, args, fromPalette || (fromAttemptCommand && !args.attemptId));
      if (!target) return undefined;
      return manager.open(target).key;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log.error(`Follow Run: ${message}`);
      void vscode.window.showErrorMessage(`AgentOS: could not follow the run: ${message}`);
      return undefined;
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('agentos.followRun', (arg?: unknown) => follow(arg, false)),
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
        const key = panelKey(target.connectionId, target.runId, target.attemptId);
        if (manager.get(key)) {
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
  return {
    follow: (args) => follow(args, false),
    panels: () =>
      manager
        .all()
        .map((p) => ({ key: p.key, target: p.target, summary: p.summary(), following: p.isFollowing })),
    probe: (key, probe) => need(key).probe(probe),
    cancel: (key) => need(key).cancelRun(false),
    stop: (key) => need(key).stop(),
    resume: (key) => need(key).resume(),
    close: (key) => need(key).dispose(),
    statusBar: () => manager.statusBarState(),
    setStatusLingerMs: (ms) => manager.setLinger(ms),
    outputLines: () => manager.output.latest(),
  };
}
