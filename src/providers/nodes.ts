// Tree nodes shared by the three views: TreeItem subclasses with a stable id (unique in their view), a
// `contextValue` made of capability words, and an `update()` that re-reads the store so a node can be refreshed
// in place (the provider then fires onDidChangeTreeData for that node only).
import * as vscode from 'vscode';
import type { AgentInfo, RunInfo, SubRunInfo, TriggerInfo, TriggerRunInfo } from '../backends/types';
import { connectionDetail } from '../core/connection-rules';
import {
  agentContextValue,
  agentDescription,
  agentDescriptionChangesAt,
  agentTooltip,
  runContextValue,
  runDescription,
  runDescriptionChangesAt,
  runLabel,
  runTooltip,
  statusIcon,
  subRunContextValue,
  subRunDescription,
  subRunLabel,
  subRunTooltip,
  triggerContextValue,
  triggerIcon,
  triggerTooltip,
  type IconSpec,
  relativeTimeChangesAt,
} from './presentation';
import {
  triggerRunContextValue,
  triggerRunDescription,
  triggerRunIcon,
  triggerRunLabel,
  triggerRunTooltip,
} from './trigger-run-look';

export function themeIcon(spec: IconSpec): vscode.ThemeIcon {
  return new vscode.ThemeIcon(spec.id, spec.color ? new vscode.ThemeColor(spec.color) : undefined);
}

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text);
  md.supportHtml = false;
  md.isTrusted = false;
  return md;
}

/** Plain data about a node, for tests and the measurements (what a person would read in the tree). */
export interface NodeData {
  kind: string;
  id: string;
  label: string;
  description: string;
  icon?: string;
  color?: string;
  contextValue?: string;
  collapsible: boolean;
  command?: string;
  tooltip?: string;
}

export abstract class SidebarNode extends vscode.TreeItem {
  abstract readonly kind: string;
  /** Re-reads what it shows (from the store or its own fields), with times relative to `now`. */
  update(_now?: number): void {}

  /** Until when (ms since the epoch) the text shown is right as time passes; ticks before it cost nothing. */
  protected timeValidUntil = Infinity;

  /**
   * The sidebar's clock: re-renders what depends on the time (ages, running durations) as of `now`, only once its
   * text can have changed. True when the text did change (VS Code must then be told).
   */
  refreshTime(now: number): boolean {
    if (now < this.timeValidUntil) return false;
    const label = this.label;
    const description = this.description;
    this.update(now);
    return this.label !== label || this.description !== description;
  }

  data(): NodeData {
    const icon = this.iconPath instanceof vscode.ThemeIcon ? this.iconPath : undefined;
    const label = typeof this.label === 'string' ? this.label : (this.label?.label ?? '');
    const tooltip = this.tooltip instanceof vscode.MarkdownString ? this.tooltip.value : this.tooltip;
    return {
      kind: this.kind,
      id: this.id ?? '',
      label,
      description: typeof this.description === 'string' ? this.description : '',
      icon: icon?.id,
      color: icon?.color?.id,
      contextValue: this.contextValue,
      collapsible: this.collapsibleState !== vscode.TreeItemCollapsibleState.None,
      command: this.command?.command,
      tooltip,
    };
  }
}

export type HealthLike = 'unknown' | 'ready' | 'unreachable' | 'keyRejected';

export class ConnectionNode extends SidebarNode {
  readonly kind = 'connection';
  constructor(
    view: string,
    readonly connectionId: string,
    name: string,
    baseUrl: string,
    health: HealthLike,
  ) {
    super(name, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `${view}/${connectionId}`;
    this.contextValue = 'connection copyable';
    this.description =
      health === 'ready' || health === 'unknown'
        ? connectionDetail(name, baseUrl)
        : health === 'keyRejected'
          ? 'key rejected'
          : 'unreachable';
    this.iconPath = themeIcon(
      health === 'ready' || health === 'unknown'
        ? { id: 'server-environment' }
        : { id: 'warning', color: 'list.warningForeground' },
    );
    this.tooltip = `${name} — ${baseUrl}`;
  }
}

/** A message in the tree: an error (with Retry), an empty list, a hint. */
export class MessageNode extends SidebarNode {
  readonly kind: string;
  constructor(
    id: string,
    text: string,
    options: { severity: 'error' | 'info'; retry?: { connectionId: string }; detail?: string },
  ) {
    super(text, vscode.TreeItemCollapsibleState.None);
    this.kind = options.severity === 'error' ? 'error' : 'message';
    this.id = id;
    this.iconPath = themeIcon(
      options.severity === 'error' ? { id: 'error', color: 'list.errorForeground' } : { id: 'info' },
    );
    this.tooltip = options.detail ?? text;
    this.contextValue = options.severity === 'error' ? 'message error retryable' : 'message';
    if (options.retry) {
      this.description = 'click to retry';
      this.command = {
        command: 'agentos.refresh',
        title: 'Retry',
        arguments: [{ connectionId: options.retry.connectionId }],
      };
    }
  }
}

/** "Load more" under a paged list: the Runs list of a connection, or (with `trigger`) a trigger's firings. */
export class LoadMoreNode extends SidebarNode {
  readonly kind = 'loadMore';
  constructor(
    view: string,
    readonly connectionId: string,
    shown: number,
    total: number | undefined,
    loading: boolean,
    error?: string,
    trigger?: { nodeId: string; triggerId: string },
  ) {
    super(loading ? 'Loading more…' : 'Load more', vscode.TreeItemCollapsibleState.None);
    this.id = trigger ? `${trigger.nodeId}/load-more` : `${view}/${connectionId}/load-more`;
    const counts =
      total === undefined
        ? `${shown} shown`
        : `${shown.toLocaleString('en')} of ${total.toLocaleString('en')}`;
    this.description = error ? `failed: ${error}` : counts;
    this.iconPath = themeIcon(
      loading
        ? { id: 'loading~spin' }
        : error
          ? { id: 'error', color: 'list.errorForeground' }
          : { id: 'fold-down' },
    );
    this.contextValue = 'loadMore';
    this.tooltip = error ?? `Load the next page of ${trigger ? 'firings' : 'runs'} (${counts})`;
    this.command = {
      command: 'agentos.loadMore',
      title: 'Load more',
      arguments: [trigger ? { connectionId, triggerId: trigger.triggerId } : { connectionId }],
    };
  }
}

export interface RunSource {
  run(connectionId: string, runId: string): RunInfo | undefined;
  agentName(connectionId: string, agentId: string | undefined): string | undefined;
  canCancel(connectionId: string): boolean;
  /** Whether the connection's backend has checkpoints to show. */
  hasCheckpoints(connectionId: string): boolean;
  /** Whether the connection's backend can archive and delete runs. */
  canArchive(connectionId: string): boolean;
  canDelete(connectionId: string): boolean;
}

export class RunNode extends SidebarNode {
  readonly kind = 'run';
  constructor(
    private readonly source: RunSource,
    readonly parentId: string,
    readonly connectionId: string,
    readonly runId: string,
  ) {
    super(runId, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `${parentId}/run/${runId}`;
    this.command = {
      command: 'agentos.followRun',
      title: 'Follow Run',
      arguments: [{ connectionId, runId }],
    };
    this.update();
  }

  get run(): RunInfo | undefined {
    return this.source.run(this.connectionId, this.runId);
  }

  /** For commands given the node: the agent the run belongs to. */
  get agentId(): string | undefined {
    return this.run?.agentId;
  }

  override update(now = Date.now()): void {
    const run = this.run;
    if (!run) return;
    this.timeValidUntil = runDescriptionChangesAt(run, now);
    const agentName = run.agentName ?? this.source.agentName(this.connectionId, run.agentId);
    this.label = runLabel(run);
    this.description = runDescription(run, agentName, now);
    this.iconPath = themeIcon(statusIcon(run.state, run.status));
    this.tooltip = markdown(runTooltip(run, agentName, now));
    this.contextValue = runContextValue(run, {
      cancelSupported: this.source.canCancel(this.connectionId),
      checkpoints: this.source.hasCheckpoints(this.connectionId),
      archive: this.source.canArchive(this.connectionId),
      delete: this.source.canDelete(this.connectionId),
    });
  }
}

/** A run's sub-run: an AgentOS attempt (a sub-agent thread, for backends that have them). */
export class SubRunNode extends SidebarNode {
  readonly kind = 'attempt';
  constructor(
    parentId: string,
    readonly connectionId: string,
    readonly runId: string,
    sub: SubRunInfo,
    total: number,
  ) {
    super(subRunLabel(sub, total), vscode.TreeItemCollapsibleState.None);
    this.attemptId = sub.id;
    this.attemptNo = sub.no;
    this.id = `${parentId}/attempt/${sub.id}`;
    this.description = subRunDescription(sub);
    this.iconPath = themeIcon(statusIcon(sub.state, sub.status));
    this.contextValue = subRunContextValue(sub.current);
    this.tooltip = subRunTooltip(sub);
    this.command = {
      command: 'agentos.followAttempt',
      title: 'Follow Attempt',
      arguments: [{ connectionId, runId, attemptId: sub.id }],
    };
  }
  /** Commands read these off the node (Copy ID, Follow Attempt). */
  readonly attemptId: string;
  readonly attemptNo: number | undefined;
}

export interface AgentSource {
  agent(connectionId: string, agentId: string): AgentInfo | undefined;
  /** A run as the sidebar knows it (the agent's last run, when loaded). */
  run(connectionId: string, runId: string): RunInfo | undefined;
  hasInbox(connectionId: string, agentId: string): boolean;
  /** Whether runs of this connection's agents can be started from here. */
  canStart(connectionId: string): boolean;
}

export class AgentNode extends SidebarNode {
  readonly kind = 'agent';
  constructor(
    private readonly source: AgentSource,
    parentId: string,
    readonly connectionId: string,
    readonly agentId: string,
  ) {
    super(agentId, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `${parentId}/agent/${agentId}`;
    this.update();
  }

  get agent(): AgentInfo | undefined {
    return this.source.agent(this.connectionId, this.agentId);
  }

  override update(now = Date.now()): void {
    const agent = this.agent;
    if (!agent) return;
    const lastRunId = agent.lastRun?.id;
    const lastRun = lastRunId ? this.source.run(this.connectionId, lastRunId) : undefined;
    this.timeValidUntil = agentDescriptionChangesAt(agent, now, lastRun);
    this.label = agent.name;
    this.description = agentDescription(agent, now, lastRun);
    const state = lastRun?.state ?? agent.lastRun?.state;
    const status = lastRun?.status ?? agent.lastRun?.status;
    this.iconPath = themeIcon(status ? statusIcon(state, status) : { id: 'circle-large-outline' });
    this.tooltip = markdown(agentTooltip(agent, now, lastRun));
    this.contextValue = agentContextValue({
      hasChatwoot: this.source.hasInbox(this.connectionId, this.agentId),
      startable: this.source.canStart(this.connectionId),
    });
  }
}

/** An agent heading in the Triggers view (triggers grouped by agent). */
export class AgentGroupNode extends SidebarNode {
  readonly kind = 'agentGroup';
  constructor(
    parentId: string,
    readonly connectionId: string,
    readonly agentId: string,
    name: string,
    count: number,
  ) {
    super(name, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `${parentId}/agent/${agentId}`;
    this.description = `${count} trigger${count === 1 ? '' : 's'}`;
    this.iconPath = themeIcon({ id: 'hubot' });
    this.contextValue = 'agentGroup copyable';
  }
}

export class TriggerNode extends SidebarNode {
  readonly kind = 'trigger';
  constructor(
    parentId: string,
    readonly connectionId: string,
    readonly trigger: TriggerInfo,
    /** The backend can run, pause and unpause its triggers. */
    actions = false,
    /** It expands to its firings (the Triggers view, for backends that keep them). */
    expandable = false,
  ) {
    super(
      trigger.name,
      expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    this.id = `${parentId}/trigger/${trigger.id}`;
    this.description = [
      trigger.active ? trigger.type : `${trigger.type} (${trigger.reason ?? 'disabled'})`,
      trigger.summary,
    ]
      .filter(Boolean)
      .join(' · ');
    const icon = triggerIcon(trigger.type);
    this.iconPath = themeIcon(trigger.active ? icon : { id: icon.id, color: 'disabledForeground' });
    this.tooltip = markdown(triggerTooltip(trigger));
    this.contextValue =
      triggerContextValue(trigger) +
      (trigger.active ? ' enabled' : ' disabled') +
      (actions ? ' actionable' : '');
  }

  get agentId(): string | undefined {
    return this.trigger.agentId;
  }
}

/** What a trigger's firing reads: the run it started, as the sidebar knows it. */
export interface TriggerRunSource {
  run(connectionId: string, runId: string): RunInfo | undefined;
}

/**
 * One firing of a trigger: when, what fired it, and the run it started (a click follows it) or why it started none
 * (in red). Its age is kept current by the sidebar's clock.
 */
export class TriggerRunNode extends SidebarNode {
  readonly kind = 'triggerRun';
  /** Follow Run, from the context menu, reads the run this node names. */
  readonly runId: string | undefined;

  constructor(
    private readonly source: TriggerRunSource,
    parentId: string,
    readonly connectionId: string,
    readonly triggerRun: TriggerRunInfo,
    private readonly triggerName: string,
  ) {
    super(triggerRun.id, vscode.TreeItemCollapsibleState.None);
    this.id = `${parentId}/fired/${triggerRun.id}`;
    this.runId = triggerRun.runId;
    this.contextValue = triggerRunContextValue(triggerRun);
    if (triggerRun.runId)
      this.command = {
        command: 'agentos.followRun',
        title: 'Follow Run',
        arguments: [{ connectionId, runId: triggerRun.runId }],
      };
    this.update();
  }

  override update(now = Date.now()): void {
    const fired = this.triggerRun;
    const run = fired.runId ? this.source.run(this.connectionId, fired.runId) : undefined;
    this.timeValidUntil = relativeTimeChangesAt(fired.at, now);
    this.label = triggerRunLabel(fired, now);
    this.description = triggerRunDescription(fired, run);
    this.iconPath = themeIcon(triggerRunIcon(fired, run));
    this.tooltip = markdown(triggerRunTooltip(fired, this.triggerName, run, now));
  }
}
