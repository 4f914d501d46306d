// The open Follow Run panels: one per connection + run + sub-run (following the same one again reveals it), and
// the status bar item that shows the followed run (the current panel's, else one still going) and, first, how many
// runs wait for the person's approval (followed or not), which a click reveals.
import * as vscode from 'vscode';
import type { Connections } from '../core/connections';
import { needsApprovalText } from '../core/approval-text';
import type { FollowedRuns } from '../core/notifications';
import { shortId, statusIcon, statusLabel } from '../providers/presentation';
import type { ApprovalWatch } from '../state/approval-watch';
import type { LiveStore } from '../state/store';
import type { Logger } from '../util/logger';
import { FollowPanel, type PanelSummary } from './follow-panel';
import { VIEW_TYPE, webviewOptions } from './html';
import type { PanelView } from './protocol';
import { panelKey, type FollowTarget } from './run-ref';
import { EventSaver } from './save-events';

export interface FollowDeps {
  connections: Connections;
  store: LiveStore;
  /** Runs that wait for approval though no panel follows them (the status bar counts them). */
  approvals: ApprovalWatch;
  log: Logger;
  channel: vscode.LogOutputChannel;
  /** Test mode: panels answer probes. */
  probes: boolean;
}

export const COMMAND_SHOW = 'agentos.showFollowedRun';

/** Where the panels' last chosen view (Events or Trace) is kept, for the next panel opened. */
export const VIEW_KEY = 'agentos.panel.view';

/** Writes event lines to the channel and keeps the latest ones (tests read them; the channel has no read API). */
export class EventLines {
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

export class FollowManager implements vscode.Disposable, FollowedRuns {
  readonly output: EventLines;
  /** Save Events as JSONL, for every panel and the command. */
  readonly saver: EventSaver;
  private readonly panels = new Map<string, FollowPanel>();
  private current?: FollowPanel;
  private readonly item: vscode.StatusBarItem;
  private lingerMs = 10_000;
  private lingerTimer?: ReturnType<typeof setTimeout>;
  private statusVisible = false;
  private statusTimer?: ReturnType<typeof setTimeout>;
  private readonly approvalChanges: { dispose(): void };

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: FollowDeps,
  ) {
    this.output = new EventLines(deps.channel, 5_000);
    this.saver = new EventSaver({ connections: deps.connections, log: deps.log });
    this.item = vscode.window.createStatusBarItem('agentos.followedRun', vscode.StatusBarAlignment.Left, 20);
    this.item.name = 'AgentOS: Followed Run';
    this.item.command = COMMAND_SHOW;
    this.approvalChanges = deps.approvals.onDidChange(() => this.updateStatusBar());
  }

  get(key: string): FollowPanel | undefined {
    return this.panels.get(key);
  }

  all(): FollowPanel[] {
    return [...this.panels.values()];
  }

  /** Opens the panel of this sub-run, or reveals it when it is already open. */
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
      'Run',
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
        followSubRun: (t) => this.open(t),
        saveEvents: (t) => this.saver.save(t),
        view: {
          get: () => (this.context.globalState.get<unknown>(VIEW_KEY) === 'trace' ? 'trace' : 'events'),
          set: (view: PanelView) => void this.context.globalState.update(VIEW_KEY, view),
        },
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

  /** The panel in front, else the one last in front. */
  active(): FollowPanel | undefined {
    return this.all().find((p) => p.panel.active) ?? this.current;
  }

  // ---------------------------------------------------------------- for the notifier

  private panelsOf(connectionId: string, runId: string): FollowPanel[] {
    return this.all().filter((p) => p.target.connectionId === connectionId && p.target.runId === runId);
  }

  isFollowed(connectionId: string, runId: string): boolean {
    return this.panelsOf(connectionId, runId).length > 0;
  }

  isInFront(connectionId: string, runId: string): boolean {
    return this.panelsOf(connectionId, runId).some((p) => p.panel.visible && p.panel.active);
  }

  reveal(connectionId: string, runId: string): void {
    this.panelsOf(connectionId, runId)[0]?.reveal();
  }

  // ---------------------------------------------------------------- status bar

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

  /** Runs that wait for approval: followed ones whose cards wait, and those the approval watch knows of. */
  private waitingForApproval(): WaitingForApproval[] {
    const waiting = new Map<string, WaitingForApproval>();
    for (const p of this.all()) {
      const s = p.summary();
      const { connectionId, runId } = p.target;
      if (s.approvals > 0) waiting.set(runKey(connectionId, runId), { connectionId, runId, label: s.label });
    }
    for (const { connectionId, runId } of this.deps.approvals.waitingRuns()) {
      if (waiting.has(runKey(connectionId, runId))) continue;
      const run = this.deps.store.run(connectionId, runId);
      const label =
        run?.title ??
        run?.agentName ??
        this.deps.store.agentName(connectionId, run?.agentId) ??
        shortId(runId);
      waiting.set(runKey(connectionId, runId), { connectionId, runId, label });
    }
    return [...waiting.values()];
  }

  updateStatusBar(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    const panel = this.shown();
    const waiting = this.waitingForApproval();
    if (!panel && waiting.length === 0) {
      this.item.hide();
      this.statusVisible = false;
      return;
    }
    const s = panel?.summary();
    const parts: string[] = [];
    if (waiting.length > 0) parts.push(needsApprovalText(waiting.length));
    if (panel && s) {
      const others = this.all().filter((p) => p !== panel && !p.summary().ended).length;
      parts.push(`${statusBarIcon(s)} ${s.label}: ${describe(s)}${others > 0 ? ` +${others}` : ''}`);
    }
    this.item.text = parts.join(' · ');
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    if (waiting.length > 0) {
      tooltip.appendMarkdown('**Waiting for your approval**\n\n');
      for (const w of waiting) {
        tooltip.appendText(`${w.label}\n`);
        tooltip.appendMarkdown('\n');
      }
    }
    if (this.all().length > 0) {
      tooltip.appendMarkdown('**AgentOS — followed runs**\n\n');
      for (const p of this.all()) {
        const ps = p.summary();
        tooltip.appendText(`${ps.label}: ${describe(ps)} · ${ps.events} events\n`);
        tooltip.appendMarkdown('\n');
      }
    }
    tooltip.appendMarkdown(
      waiting.length > 0 ? '\nClick to show what waits for approval.' : '\nClick to show the panel.',
    );
    this.item.tooltip = tooltip;
    this.item.backgroundColor =
      waiting.length > 0 || s?.connection.kind === 'failed'
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
    this.item.show();
    this.statusVisible = true;
    if (s?.ended && s.endedAt !== undefined) {
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
    const waiting = this.waitingForApproval();
    if (waiting.length > 0) return this.showWaiting(waiting);
    const all = this.all();
    if (all.length === 0) {
      await vscode.commands.executeCommand('agentos.followRun');
      return;
    }
    if (all.length === 1) {
      (this.shown() ?? all[0])?.reveal();
      return;
    }
    const choice = await vscode.window.showQuickPick(
      all.map((p) => {
        const s = p.summary();
        return {
          label: `$(${statusIcon(s.state, s.status).id}) ${s.label}`,
          description: `${describe(s)} · ${s.events} events`,
          detail: p.target.runId,
          panel: p,
        };
      }),
      { title: 'AgentOS: followed runs' },
    );
    choice?.panel.reveal();
  }

  /** Reveals the run that waits for approval (its panel, or a new one), or lets the person pick one of several. */
  private async showWaiting(waiting: WaitingForApproval[]): Promise<void> {
    const choice =
      waiting.length === 1
        ? waiting[0]
        : await vscode.window
            .showQuickPick(
              waiting.map((w) => ({ label: `$(bell-dot) ${w.label}`, detail: w.runId, waiting: w })),
              { title: 'AgentOS: waiting for your approval' },
            )
            .then((item) => item?.waiting);
    if (!choice) return;
    if (this.isFollowed(choice.connectionId, choice.runId)) this.reveal(choice.connectionId, choice.runId);
    else
      await vscode.commands.executeCommand('agentos.followRun', {
        connectionId: choice.connectionId,
        runId: choice.runId,
      });
  }

  dispose(): void {
    this.approvalChanges.dispose();
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    if (this.statusTimer) clearTimeout(this.statusTimer);
    for (const p of this.all()) p.dispose();
    this.item.dispose();
  }
}

interface WaitingForApproval {
  connectionId: string;
  runId: string;
  label: string;
}

function runKey(connectionId: string, runId: string): string {
  return `${connectionId}\u0000${runId}`;
}

function describe(s: PanelSummary): string {
  const c = s.connection;
  const status = s.status ? statusLabel(s.status) : 'connecting';
  switch (c.kind) {
    case 'reconnecting':
      return `${status} · reconnecting`;
    case 'polling':
      return `${status} · polling`;
    case 'failed':
      return `${status} · stream failed`;
    case 'stopped':
      return `${status} · not following`;
    case 'signedOut':
      return `${status} · signed out`;
    default:
      return status;
  }
}

function statusBarIcon(s: PanelSummary): string {
  if (s.connection.kind === 'failed') return '$(warning)';
  if (s.connection.kind === 'reconnecting') return '$(debug-disconnect)';
  if (s.ended || s.connection.kind === 'stopped') return `$(${statusIcon(s.state, s.status).id})`;
  if (s.state === 'waiting') return '$(person)';
  return '$(pulse)';
}
